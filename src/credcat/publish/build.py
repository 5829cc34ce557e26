"""The build pipeline, readable as a table of contents.

config -> sources -> schema -> model -> graph  (load.pipeline.load_catalog, writes nothing)
       -> renderers (return Output values)      (render_site)
       -> writer (one atomic replacement of the output folder)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from credcat.check.extra_files import check_collisions
from credcat.check.images import png_size
from credcat.check.theme import Theme, builtin_theme, resolve_theme
from credcat.core import urls
from credcat.core.diagnostics import CatalogError, Diagnostic, Location, Report
from credcat.core.i18n import Translator
from credcat.core.output import Output
from credcat.core.parallel import imap_in_order, map_in_order
from credcat.core.progress import Progress
from credcat.ledger.permanence import archive_bytes, check_outputs, issuer_renamed, renamed
from credcat.load.cache import BuildCache, Rendered
from credcat.load.catalog import Catalog, catalog_digest
from credcat.load.localize import Localized, localize
from credcat.load.pipeline import load_catalog, load_for_build
from credcat.load.search_entry import Entry
from credcat.publish.writer import SiteWriter, WriteStats, check_path, wait_for_sweeps
from credcat.render.did import render_did_document
from credcat.render.documents import (
    DocumentScope,
    document_scope,
    renamed_documents,
    render_documents,
)
from credcat.render.paint import paint
from credcat.render.preview import Fonts, Layout, fonts_in
from credcat.render.raster import BADGE_PNG_WIDTH, rasterise, renderer_digest
from credcat.render.render_badges import (
    render_issuer_profile,
    render_ob3_profile,
)
from credcat.render.render_html import PageRenderer
from credcat.render.render_preview import DEFAULT_BADGE, share_previews
from credcat.render.search import render_search
from credcat.render.site_files import render_site_wide


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a successful build produced."""

    catalog: Catalog
    cache: BuildCache
    """The build cache it read and wrote (``serve`` starts the next build from it)."""
    output: Path
    files: int
    stats: WriteStats | None
    seconds: float


def validate(
    root: Path, report: Report, *, base_url: str | None = None, strict: bool = False
) -> Catalog | None:
    """Check the whole catalog; writes nothing. None when the build must not go on."""
    catalog = load_catalog(root, report, base_url=base_url)
    if catalog is None or report.has_errors(strict=strict):
        return None
    return catalog


def render_site(
    catalog: Catalog, report: Report | None = None, cache: BuildCache | None = None
) -> Generator[Output, None, None]:
    """Every output file, each as soon as it is rendered (a writer takes them one by one, so
    the site is never held in memory whole); warnings found on the way go to ``report``.

    ``cache`` holds what the previous build rendered, reused where its key and files are
    unchanged, and records what this build rendered (None: render everything, keep nothing).
    """
    if cache is None:
        cache = BuildCache.for_output(None)
    theme, problems = resolve_theme(catalog.config.root, catalog.config.theme)
    if theme is None:
        raise CatalogError(problems)
    static: dict[str, bytes] = {}
    files, refused = theme.static_files()
    if refused:
        raise CatalogError(refused)
    for name, path in files.items():
        try:
            static[name] = path.read_bytes()
        except OSError as exc:
            raise CatalogError([_read_error(path, exc)]) from None
    views = _language_views(catalog)
    fonts = fonts_in(builtin_theme() / "fonts")
    # The badge PNGs first: without previews, pages name them with their size.
    badge_pngs = list(_png_outputs(catalog, cache, _badge_pictures(catalog, static), fonts))
    sizes = {o.path: size for o in badge_pngs if (size := _output_png_size(catalog, o)) is not None}
    sizes.update(
        (urls.image(i.path), size)
        for i in catalog.images.values()
        if i.media_type == "image/png" and (size := png_size(i.data)) is not None
    )
    previews = share_previews([v.catalog for v in views], fonts, static.get(DEFAULT_BADGE), sizes)
    if report is not None:
        report.extend(previews.problems)
    shared = (
        f"{cache.salt}/{_theme_digest(theme, static)}/{_locales_digest(catalog)}"
        f"/{catalog.config!r}/{_catalog_text_digest(catalog)}/{_extra_files_digest(catalog)}"
    )
    paths: set[str] = set()
    renderers: list[tuple[Catalog, PageRenderer]] = []
    searches: list[tuple[Catalog, dict[str, Entry]]] = []
    for view in views:
        pages = PageRenderer(view.catalog, theme, static, view.fallback, previews)
        renderers.append((view.catalog, pages))
        yield from _seen(paths, _shared_outputs(view.catalog, cache, pages, shared))
        entries: dict[str, Entry] = {}
        found = _credential_outputs(catalog, cache, view.catalog, pages, shared, entries)
        yield from _seen(paths, found)
        searches.append((view.catalog, entries))
    drawn: list[Picture] = [(d.path, d.layout) for d in previews.drawn if d.layout is not None]
    yield from _seen(paths, _png_outputs(catalog, cache, drawn, fonts))
    yield from _seen(paths, badge_pngs)
    for profile in (render_issuer_profile, render_ob3_profile):
        yield from _seen(paths, (profile(catalog, i) for i in catalog.issuers.values()))
        for view in views[1:]:
            lang = view.catalog.lang
            for iid, issuer in view.catalog.issuers.items():
                if catalog.translation(lang, "issuer", iid):
                    yield from _seen(paths, [profile(view.catalog, issuer, lang=lang)])
    dids = (render_did_document(catalog, i) for i in catalog.issuers.values() if i.keys)
    yield from _seen(paths, dids)
    yield from _seen(paths, _permanent_outputs(catalog, cache, renderers))
    yield from _seen(paths, (Output(urls.asset(n), d) for n, d in sorted(static.items())))
    images = sorted(catalog.images.items())
    yield from _seen(paths, (Output(urls.image(i.path), i.data) for _, i in images))
    yield from _seen(paths, _site_wide_outputs(catalog, cache, searches, shared))
    # A badge image a stylesheet also uses is the same file: published once, as an image.
    extras = [f for p, f in sorted(catalog.extra_files.items()) if p not in catalog.images]
    collisions = list(check_collisions(extras, paths))
    if collisions:
        raise CatalogError(collisions)
    yield from (Output(urls.extra_file(f.path), f.data) for f in extras)


def _seen(paths: set[str], outputs: Iterable[Output]) -> Iterator[Output]:
    """``outputs``, each path added to ``paths`` on the way."""
    for output in outputs:
        paths.add(output.path)
        yield output


Picture = tuple[str, Layout | tuple[str, int]]
"""A PNG the build draws: its path, and a preview's layout or (SVG, width) of a badge PNG."""


def _badge_pictures(catalog: Catalog, static: dict[str, bytes]) -> list[Picture]:
    """A PNG beside each SVG image (badges and logos) and beside the theme's badge."""
    found: list[Picture] = []
    svgs = [(urls.image(i.path), i.data) for _, i in sorted(catalog.images.items())]
    svgs += [(urls.asset(n), d) for n, d in sorted(static.items()) if n == DEFAULT_BADGE]
    for path, data in svgs:
        if path.endswith(".svg"):
            found.append((urls.badge_png(path), (data.decode("utf-8"), BADGE_PNG_WIDTH)))
    return found


def _png_outputs(
    catalog: Catalog, cache: BuildCache, pictures: list[Picture], fonts: Fonts
) -> Iterator[Output]:
    """Draw ``pictures``, reusing the previous build's PNG of an unchanged one.

    A preview is keyed by its layout (every text, colour, position and the bytes of the
    image it shows), a badge PNG by its SVG and width; both by the renderer (the versions of
    resvg, Pillow, FreeType and zlib, the PNG level and the font files).
    """
    todo: list[tuple[str, str, Layout | tuple[str, int]]] = []
    renderer = renderer_digest(fonts)
    for path, source in pictures:
        name = f"png:{path}"
        if isinstance(source, Layout):
            what = f"preview\0{source.key()}"
        else:
            what = f"{source[1]}\0{source[0]}"
        key = hashlib.sha256(f"{cache.salt}\0{renderer}\0{what}".encode()).hexdigest()
        reused = _reusable(catalog, cache, name, key)
        if reused is None:
            todo.append((name, key, source))
        else:
            yield from reused
    _RENDER_STATE[:] = [todo, fonts]
    try:
        drawn = imap_in_order(_render_png, list(range(len(todo))))
        for (name, key, _), data in zip(todo, drawn, strict=True):
            output = Output(name.removeprefix("png:"), data)
            _remember(cache, name, key, [output])
            yield output
    finally:
        _RENDER_STATE.clear()


def _render_png(index: int) -> bytes:
    todo, fonts = _RENDER_STATE
    source = todo[index][2]
    if isinstance(source, Layout):
        return paint(source, fonts)
    svg, width = source
    return rasterise(svg, fonts, width=width)


def _output_png_size(catalog: Catalog, output: Output) -> tuple[int, int] | None:
    """The size of a PNG the build writes: from its bytes, or for one reused from the
    previous build (just checked against its recorded hash) from the file's header."""
    if output.data is not None:
        return png_size(output.data)
    try:
        with open(f"{catalog.config.output}/{output.path}", "rb") as handle:  # noqa: PTH123
            return png_size(handle.read(24))
    except OSError:
        return None


def _language_views(catalog: Catalog) -> list[Localized]:
    """The catalog in each of its languages, the default first, with interface text."""
    return [
        localize(catalog, lang, catalog.translators.get(lang, Translator(lang)))
        for lang in catalog.config.languages
    ]


_RENDER_STATE: list[Any] = []
"""(catalog, page renderer) while rendering; forked workers inherit it instead of pickling."""


def _catalog_text_digest(catalog: Catalog) -> str:
    """The catalog's own title and description in its other languages (on every page)."""
    found = catalog.translations.get(("catalog", "catalog"), {})
    return ",".join(f"{lang}={tr.digest}" for lang, tr in sorted(found.items()))


def _extra_files_digest(catalog: Catalog) -> str:
    """The catalog's own stylesheets and scripts: every page links them by content hash."""
    return ",".join(f"{path}={f.digest}" for path, f in sorted(catalog.extra_files.items()))


def _locales_digest(catalog: Catalog) -> str:
    """The interface text of every language, as the message catalogs gave it."""
    digest = hashlib.sha256()
    for lang, translator in sorted(catalog.translators.items()):
        for item in translator.fingerprint():
            digest.update(f"{lang}\0{item}\0".encode())
    return digest.hexdigest()


def _theme_digest(theme: Theme, static: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for path in theme.files():
        digest.update(path.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in sorted(static):
        digest.update(name.encode() + b"\0" + static[name] + b"\0")
    return digest.hexdigest()


def _reusable(catalog: Catalog, cache: BuildCache, name: str, key: str) -> list[Output] | None:
    """The previous build's outputs of ``name`` if its key is unchanged and its files are.

    The output folder is never trusted: each file must still hold the bytes that build wrote
    (a hand edit, a checkout or a build killed before it saved the cache all show here as a
    different hash), or ``name`` is rendered again.
    """
    previous = cache.renders.get(name)
    if not previous or previous.key != key:
        return None
    out = str(catalog.config.output)
    for path, digest in previous.written:
        # os.path on strings: this runs for every output of a large catalog.
        if _file_digest(f"{out}/{path}") != digest:
            return None
    cache.new_renders[name] = previous
    return [Output(p, None) for p, _ in previous.written]


def _previous_entry(cache: BuildCache, name: str, key: str) -> Entry | None:
    """The search entry the previous build made with ``name``, if made from the same inputs
    (``key``): a page rendered again because a related credential changed keeps it."""
    previous = cache.renders.get(name)
    kept = previous.kept if previous else None
    return kept if isinstance(kept, Entry) and kept.key == key else None


def _file_digest(path: str) -> str | None:
    """sha256 of a regular file (not followed through a symlink), None if there is none."""
    try:
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _remember(
    cache: BuildCache, name: str, key: str, outputs: list[Output], kept: Entry | None = None
) -> None:
    """Record what rendering ``name`` wrote (and made, ``kept``), for the next build's
    ``_reusable`` (and ``_previous_entry``)."""
    written = tuple(
        (o.path, hashlib.sha256(o.data).hexdigest()) for o in outputs if o.data is not None
    )
    cache.new_renders[name] = Rendered(key, written, kept)


def _shared_outputs(
    catalog: Catalog, cache: BuildCache, pages: PageRenderer, shared: str
) -> list[Output]:
    """Listing, browse, issuer, archive and 404 pages, rendered only when what they show changed."""
    outputs: list[Output] = []
    todo: list[tuple[str, str, Callable[[], Output]]] = []
    for page_name, deps, render in pages.shared_pages():
        name = pages.prefix + page_name
        key = hashlib.sha256("\n".join([shared, *deps]).encode()).hexdigest()
        reused = _reusable(catalog, cache, name, key)
        if reused is None:
            todo.append((name, key, render))
        else:
            outputs += reused
    _RENDER_STATE[:] = [todo]
    try:
        rendered = map_in_order(_render_shared, list(range(len(todo))))
    finally:
        _RENDER_STATE.clear()
    for (name, key, _), output in zip(todo, rendered, strict=True):
        outputs.append(output)
        _remember(cache, name, key, [output])
    return outputs


def _render_shared(index: int) -> Output:
    render: Callable[[], Output] = _RENDER_STATE[0][index][2]
    return render()


def _site_wide_outputs(
    catalog: Catalog,
    cache: BuildCache,
    searches: list[tuple[Catalog, dict[str, Entry]]],
    shared: str,
) -> list[Output]:
    """The registered files about the whole catalog (``site_files.SITE_FILES``) and the
    search data of each language (merged from the credentials' entries in that language):
    they show every credential."""
    key = hashlib.sha256(f"{shared}/{catalog_digest(catalog)}".encode()).hexdigest()
    reused = _reusable(catalog, cache, "site-wide", key)
    if reused is not None:
        return reused
    outputs = render_site_wide(catalog)
    for view, entries in searches:
        prefix = urls.language_prefix(view.lang, catalog.config.language)
        found = render_search(view, entries, prefix)
        outputs += found + [_file_twin(o, prefix + urls.SEARCH) for o in found]
    _remember(cache, "site-wide", key, outputs)
    return outputs


def _file_twin(output: Output, folder: str) -> Output:
    """``<file>.js`` beside a search file: the same data for pages opened from file://,
    which browsers let load scripts but not fetch() (see search.js)."""
    assert output.data is not None
    key = json.dumps(output.path.removeprefix(folder)).encode()
    return Output(f"{output.path}.js", b"credcatSearchData(%s, %s);\n" % (key, output.data))


def _credential_outputs(
    catalog: Catalog,
    cache: BuildCache,
    view: Catalog,
    pages: PageRenderer,
    shared: str,
    entries: dict[str, Entry],
) -> Iterator[Output]:
    """Render credentials whose inputs changed; reuse the previous build's files for the rest.

    ``view`` is the catalog in the language being rendered: its pages, and the documents of
    translations into it; the default language's pass also renders the canonical documents
    from ``catalog`` itself. Also fills ``entries`` with each credential's search entry in
    that language, made beside its page (or the previous build's, when made from the same
    inputs).
    """
    todo: list[str] = []
    keys: dict[str, str] = {}
    pages_of: dict[str, Callable[[], Output]] = {}
    entries_of: dict[str, Callable[[], Entry]] = {}
    scopes_of: dict[str, list[DocumentScope]] = {}
    for cred in catalog.published:
        name = f"{pages.prefix}credential:{cred.id}"
        shown = view.credentials[cred.id]
        # Every key is derived from the context it is rendered from: the page's, the search
        # entry's, and the documents' scopes (see credcat.render.documents).
        page_key, pages_of[cred.id] = pages.credential_page(shown)
        entry_key, make_entry = pages.search_entry(shown, shared)
        scopes = scopes_of[cred.id] = _document_scopes(catalog, view, cred.id, pages.prefix)
        key = keys[cred.id] = pages.fingerprint(shared, page_key, entry_key, scopes)
        entry = _previous_entry(cache, name, entry_key)
        if entry is None:
            entries_of[cred.id] = make_entry
        else:
            entries[cred.id] = entry
        reused = _reusable(catalog, cache, name, key) if entry is not None else None
        if reused is None:
            todo.append(cred.id)
        else:
            yield from reused
    _RENDER_STATE[:] = [pages_of, entries_of, scopes_of]
    try:
        for cid, (group, made) in zip(todo, imap_in_order(_render_credential, todo), strict=True):
            if made is not None:
                entries[cid] = made
            _remember(cache, f"{pages.prefix}credential:{cid}", keys[cid], group, entries[cid])
            yield from group
    finally:
        _RENDER_STATE.clear()


def _document_scopes(catalog: Catalog, view: Catalog, cid: str, prefix: str) -> list[DocumentScope]:
    """The documents a credential's render group holds in ``view``'s language pass: the
    canonical ones in the default language's, and a translation's in its own language's."""
    scopes = [] if prefix else [document_scope(catalog, catalog.credentials[cid])]
    if catalog.translation(view.lang, "credential", cid):
        scopes.append(document_scope(view, view.credentials[cid], lang=view.lang))
    return scopes


def _permanent_outputs(
    catalog: Catalog, cache: BuildCache, renderers: list[tuple[Catalog, PageRenderer]]
) -> list[Output]:
    """Version documents, and the redirect pages and JSON kept alive under earlier ids.

    ``renderers`` holds the catalog and page renderer of every language, the default first:
    an earlier id keeps a redirect page in every language and a copy of every document,
    translations included.
    """
    permanence = catalog.permanence
    base = catalog.config.base_url
    key = f"{cache.salt}/{permanence.digest}/{base}/{permanence.cname!r}"
    outputs = _reusable(catalog, cache, "versions", key)
    if outputs is None:
        outputs = [
            Output(a.path, archive_bytes(permanence, a, base))
            for _, a in sorted(permanence.archives.items())
        ]
        if permanence.cname is not None:
            outputs.append(Output("CNAME", permanence.cname))
        _remember(cache, "versions", key, outputs)
    for cred in catalog.published:
        for old in cred.renamed_from:
            outputs += renamed_documents(catalog, renamed(cred, old))
    for issuer in catalog.issuers.values():
        for old in issuer.renamed_from:
            earlier = issuer_renamed(issuer, old)
            outputs += [
                render_issuer_profile(catalog, earlier),
                render_ob3_profile(catalog, earlier),
            ]
            if issuer.keys:  # credentials signed under the old did:web name stay checkable
                outputs.append(render_did_document(catalog, earlier))
    for view, pages in renderers:
        lang = view.lang if pages.prefix else None
        for cred in view.published:
            for old in cred.renamed_from:
                outputs.append(
                    pages.render_redirect(
                        pages.paths.credential_page(old),
                        pages.paths.credential_page(cred.id),
                        cred.title,
                        ("credential", cred.id),
                    )
                )
                if lang and catalog.translation(lang, "credential", cred.id):
                    outputs += renamed_documents(view, renamed(cred, old), lang)
        for issuer in view.issuers.values():
            for old in issuer.renamed_from:
                page, target = pages.paths.issuer_page(old), pages.paths.issuer_page(issuer.id)
                shows = ("issuer", issuer.id)
                outputs.append(pages.render_redirect(page, target, issuer.name, shows))
                if lang and catalog.translation(lang, "issuer", issuer.id):
                    earlier = issuer_renamed(issuer, old)
                    outputs.append(render_issuer_profile(view, earlier, lang=lang))
                    outputs.append(render_ob3_profile(view, earlier, lang=lang))
    return outputs


def _render_credential(cid: str) -> tuple[list[Output], Entry | None]:
    """A credential's page and documents, and its search entry unless the previous one is
    still good (None)."""
    pages_of, entries_of, scopes_of = _RENDER_STATE
    entry = entries_of[cid]() if cid in entries_of else None
    outputs = [pages_of[cid]()]
    for scope in scopes_of[cid]:
        outputs += render_documents(scope)
    return outputs, entry


def build(
    root: Path,
    report: Report,
    *,
    output: Path | None = None,
    base_url: str | None = None,
    strict: bool = False,
    write: bool = True,
    atomic: bool = True,
    previous: BuildResult | None = None,
    replace_output: bool = False,
    progress: bool | None = None,
) -> BuildResult | None:
    """Validate, render and write the catalog at ``root``; None (nothing written) on error.

    ``previous`` (the last successful build in this process) lets ``serve`` reuse its cache
    from memory. ``replace_output`` lets the write delete files in the output folder that
    credcat did not write (otherwise they stop the build).
    ``progress`` shows the stage on a terminal once the build takes a while
    (None: when stderr is an interactive terminal; see ``credcat.core.progress``).
    """
    started = time.perf_counter()
    with Progress(enabled=False if progress is False else None) as shown:
        shown.stage("checking")
        loaded = load_for_build(
            root,
            report,
            base_url=base_url,
            output=output,
            use_cache=write,
            previous=previous.cache if previous else None,
        )
        if loaded is None or report.has_errors(strict=strict):
            return None
        catalog, cache = loaded
        writer = None
        try:
            if write:
                writer = SiteWriter(
                    catalog.config.output, atomic=atomic, replace_foreign=replace_output
                )
            shown.stage(f"rendering {_count(len(catalog.published), 'credential')}")
            paths: set[str] = set()
            with contextlib.closing(render_site(catalog, report, cache)) as rendered:
                for out in rendered:
                    if writer is not None:
                        writer.add(out)  # written now, and its bytes let go
                    else:
                        check_path(out.path, paths)
                    paths.add(out.path)
            report.extend(check_outputs(catalog.permanence, paths))
            if report.has_errors(strict=strict):
                return None
            shown.stage(f"writing {_count(len(paths), 'file')}")
            stats = writer.finish() if writer is not None else None
        except CatalogError as exc:
            report.extend(exc.diagnostics)
            return None
        finally:
            if writer is not None:
                writer.abort()  # after finish, nothing is left to remove
        cache.save()  # while the replaced site is removed
        wait_for_sweeps()
    return BuildResult(
        catalog=catalog,
        cache=cache,
        output=catalog.config.output,
        files=len(paths),
        stats=stats,
        seconds=time.perf_counter() - started,
    )


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'s' * (n != 1)}"


def _read_error(path: Path, exc: OSError) -> Diagnostic:
    return Diagnostic(
        location=Location(path=str(path)), code="theme.unreadable", message=f"cannot read: {exc}"
    )
