"""Load and check a whole catalog: sources -> schema -> values -> model -> graph.

``load_catalog`` is ``credcat validate``: it reads, checks and renders text in memory,
and returns every problem at once. It never writes a file. What it returns is a
``credcat.load.catalog.Catalog``.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from credcat.check.checks import check_allowed_origins, check_doc_values
from credcat.check.extra_files import ExtraFile, load_extra_files
from credcat.check.images import Image, load_image
from credcat.check.markdown import render_markdown
from credcat.check.pathways import check_pathways
from credcat.check.portability import check_names
from credcat.check.private_keys import find_in_doc, scan_folder
from credcat.check.theme import resolve_theme
from credcat.core.cachecodec import Codec
from credcat.core.diagnostics import Diagnostic, Location, Report, Severity
from credcat.core.i18n import load_translators
from credcat.core.parallel import map_in_order
from credcat.core.schema import validate_doc
from credcat.core.sources import Kind, SourceDoc, display_path, list_sources, load_source
from credcat.core.weburl import UrlProblem, parse_url
from credcat.ledger.permanence import load_permanence
from credcat.load.cache import BuildCache, file_key
from credcat.load.catalog import Catalog, Html
from credcat.load.localize import check_translations
from credcat.load.search_entry import Entry
from credcat.model.config import (
    DEFAULTS,
    PLACEHOLDER_HINT,
    SiteConfig,
    check_output_folder,
    is_placeholder,
    make_config,
)
from credcat.model.graph import resolve_graph
from credcat.model.records import (
    Credential,
    Issuer,
    Translation,
    make_credential,
    make_issuer,
    make_translation,
)


def digest(text: str) -> str:
    """Short content hash of a source text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, kw_only=True)
class FileResult:
    """Everything learnt from one issuer or credential file on its own."""

    kind: Kind
    id: str
    doc: SourceDoc | None
    """The parsed document, slimmed to what later stages need (locations)."""
    diagnostics: tuple[Diagnostic, ...]
    issuer: Issuer | None = None
    credential: Credential | None = None
    translation: Translation | None = None
    html: Html | None = None


def check_file(item: tuple[Kind, Path, str]) -> FileResult:
    """Read, parse, validate and render one source file (runs in worker processes)."""
    kind, path, ident = item
    report = Report()
    doc = load_source(path, kind, ident, report)
    if doc is None:
        return FileResult(kind=kind, id=ident, doc=None, diagnostics=tuple(report.diagnostics))
    issuer = credential = translation = html = None
    secrets = find_in_doc(doc)
    report.extend(secrets)  # a file holding a private key is not used, whatever else it says
    ok = not secrets and _check(doc, report)
    if kind is Kind.ISSUER and ok:
        issuer = make_issuer(doc, digest(doc.digest_source))
        html = Html(description=_markdown(issuer.description, doc, "/description", report))
    elif kind is Kind.CREDENTIAL and ok:
        credential = make_credential(doc, digest(doc.digest_source))
        html = Html(
            description=_markdown(credential.body, doc, None, report),
            criteria=_markdown(credential.criteria, doc, "/criteria", report, top_level=3),
        )
    elif kind is Kind.CREDENTIAL_TRANSLATION and ok:
        translation = make_translation(doc, digest(doc.digest_source))
        criteria = translation.fields.get("criteria", "")
        html = Html(
            description=_markdown(translation.body, doc, None, report),
            criteria=_markdown(criteria, doc, "/criteria", report, top_level=3),
        )
    elif kind is Kind.CATALOG_TRANSLATION and ok:
        translation = make_translation(doc, digest(doc.digest_source))
        html = Html(description="")
    elif kind is Kind.ISSUER_TRANSLATION and ok:
        translation = make_translation(doc, digest(doc.digest_source))
        description = translation.fields.get("description", "")
        html = Html(description=_markdown(description, doc, "/description", report))
    elif kind in (Kind.CREDENTIAL, Kind.CREDENTIAL_TRANSLATION):
        _markdown(doc.body, doc, None, report)
        criteria = doc.data.get("criteria")
        if isinstance(criteria, str):
            _markdown(criteria, doc, "/criteria", report)
    slim = replace(
        doc,
        data=None,
        body="",
        digest_source="",
        parsed=replace(doc.parsed, data=None, raw={}, keys={}, blocks=set()),
    )
    return FileResult(
        kind=kind,
        id=ident,
        doc=slim,
        diagnostics=tuple(report.diagnostics),
        issuer=issuer,
        credential=credential,
        translation=translation,
        html=html,
    )


@functools.cache
def _cache_codec() -> Codec:
    """How checked file results and credentials' search entries are stored in the build
    cache."""
    return Codec(FileResult, Entry)


def _check_files(items: list[tuple[Kind, Path, str]], cache: BuildCache) -> list[FileResult]:
    keys = [file_key(path, kind.value, ident) for kind, path, ident in items]
    todo = [item for item, key in zip(items, keys, strict=True) if key not in cache.files]
    fresh = iter(map_in_order(check_file, todo))
    results: list[FileResult] = []
    for _item, key in zip(items, keys, strict=True):
        result = cache.files[key] if key in cache.files else next(fresh)
        if key is not None:
            cache.new_files[key] = result
        results.append(result)
    return results


def load_catalog(
    root: Path,
    report: Report,
    *,
    base_url: str | None = None,
    output: Path | None = None,
    check_ledger: bool = True,
) -> Catalog | None:
    """Read and check the catalog at ``root``; return None when there are errors.

    ``check_ledger`` False skips the published.lock checks (``credcat lock --accept-breaking``).
    Nothing is read from or kept for a build cache (see ``load_for_build``).
    """
    loaded = load_for_build(
        root, report, base_url=base_url, output=output, check_ledger=check_ledger
    )
    return loaded[0] if loaded else None


def load_for_build(
    root: Path,
    report: Report,
    *,
    base_url: str | None = None,
    output: Path | None = None,
    use_cache: bool = False,
    previous: BuildCache | None = None,
    check_ledger: bool = True,
) -> tuple[Catalog, BuildCache] | None:
    """``load_catalog``, and the build cache the build goes on with: with ``use_cache``,
    results of files unchanged since the last build are reused from the cache beside the
    output folder (only ``build`` asks for this; ``validate`` writes nothing), or from
    ``previous``, the cache of the last build in this process (``serve``). The cache is
    build state: it travels beside the catalog, never in it."""
    found = list_sources(root, report)
    catalog_doc = None
    if found.catalog is not None:
        catalog_doc = load_source(found.catalog, Kind.CATALOG, "catalog", report)
    if catalog_doc is not None and (secrets := find_in_doc(catalog_doc)):
        report.extend(secrets)
        catalog_doc = None
    config = _load_config(catalog_doc, root, report, base_url=base_url, output=output)
    if previous is not None and use_cache:
        cache = previous.successor()
    else:
        cache = BuildCache.for_output(
            config.output if config and use_cache else None, _cache_codec(), FileResult
        )
    items = [(Kind.ISSUER, p, i) for p, i in found.issuers]
    items += [(Kind.CREDENTIAL, p, i) for p, i in found.credentials]
    items += list(found.translations)
    sources = {path for _, path, _ in items} | ({found.catalog} if found.catalog else set())
    report.extend(scan_folder(root, sources))
    issuers: dict[str, Issuer] = {}
    credentials: dict[str, Credential] = {}
    docs: dict[str, SourceDoc] = {}
    issuer_docs: dict[str, SourceDoc] = {}
    html: dict[str, Html] = {}
    broken: set[str] = set()
    translations: dict[tuple[str, str], dict[str, Translation]] = {}
    for result in _check_files(items, cache):
        report.extend(result.diagnostics)
        if result.translation is not None and result.html is not None:
            tr = result.translation
            translations.setdefault((tr.kind, tr.id), {})[tr.lang] = tr
            prefix = f"{tr.lang}:" if tr.kind == "credential" else f"{tr.lang}:issuer:"
            html[prefix + tr.id] = result.html
        elif result.issuer is not None and result.doc is not None and result.html is not None:
            issuers[result.id] = result.issuer
            issuer_docs[result.id] = result.doc
            html[f"issuer:{result.id}"] = result.html
        elif result.credential is not None and result.doc is not None and result.html is not None:
            credentials[result.id] = result.credential
            docs[result.id] = result.doc
            html[result.id] = result.html
        else:
            broken.add(f"{result.kind.value}:{result.id}")
    graph, problems = resolve_graph(credentials, issuers, docs, frozenset(broken))
    report.extend(problems)
    report.extend(check_pathways(credentials, graph.rules, lambda c, p: docs[c].locate(p)))
    images = _load_images(root, config, issuers, credentials, docs, issuer_docs, report)
    extra_files: dict[str, ExtraFile] = {}
    if config is not None and catalog_doc is not None:
        extra_files, problems = load_extra_files(root, config, catalog_doc)
        report.extend(problems)
    report.extend(
        _check_names(catalog_doc, found.translations, credentials, issuers, docs, issuer_docs)
    )
    permanence = load_permanence(
        root,
        config,
        catalog_doc,
        credentials,
        issuers,
        docs,
        issuer_docs,
        report,
        preview=base_url is not None,
        check=check_ledger,
    )
    if config is not None and base_url is None:  # a preview's ids are not the published ones
        for iid, issuer in sorted(issuers.items()):
            origins = issuer.verification.allowed_origins if issuer.verification else ()
            report.extend(check_allowed_origins(origins, issuer_docs[iid], config.base_url))
    if config is None or report.errors:
        return None
    theme, problems = resolve_theme(config.root, config.theme)
    report.extend(problems)
    report.extend(theme.problems() if theme else [])
    translators, problems = (
        load_translators(theme.folders, config.root, config.languages) if theme else ({}, [])
    )
    report.extend(problems)
    catalog = Catalog(
        config=config,
        issuers=MappingProxyType(issuers),
        credentials=MappingProxyType(credentials),
        graph=graph,
        html=MappingProxyType(html),
        images=MappingProxyType(images),
        translations=MappingProxyType({k: MappingProxyType(v) for k, v in translations.items()}),
        translators=MappingProxyType(translators),
        permanence=permanence,
        extra_files=MappingProxyType(extra_files),
    )
    report.extend(check_translations(catalog))
    return None if report.errors else (catalog, cache)


def _load_config(
    doc: SourceDoc | None,
    root: Path,
    report: Report,
    *,
    base_url: str | None,
    output: Path | None,
) -> SiteConfig | None:
    if doc is None or not _check(doc, report):
        return None
    if base_url is not None:
        try:
            parse_url(base_url, base=True)
        except UrlProblem as problem:
            report.error(
                doc.locate("/base_url"),
                problem.code,
                f"--base-url {problem.message} (got {base_url!r})",
                problem.hint,
            )
            return None
    config = make_config(doc.data, root, base_url=base_url, output=output)
    where = doc.locate("/output") if "/output" in doc.parsed.values and output is None else None
    report.extend(check_output_folder(config.output, root, where or doc.locate()))
    if base_url is None and is_placeholder(config.base_url):
        report.warning(
            doc.locate("/base_url"),
            "config.placeholder",
            f"base_url {config.base_url} is a placeholder: badges built on it cannot be "
            "verified, and `credcat lock` refuses to record it",
            PLACEHOLDER_HINT,
        )
    return config


def _check(doc: SourceDoc, report: Report) -> bool:
    problems = validate_doc(doc) + list(check_doc_values(doc))
    report.extend(problems)
    return not any(p.severity is Severity.ERROR for p in problems)


def _markdown(
    text: str, doc: SourceDoc, pointer: str | None, report: Report, *, top_level: int = 2
) -> str:
    html, problems = render_markdown(text, top_level=top_level)
    for problem in problems:
        if pointer is None:
            loc = Location(path=doc.display, line=doc.body_line + problem.line, col=1)
        else:
            base = doc.locate(pointer)
            first = 1 if pointer in doc.parsed.blocks else 0
            col = 1 if first else base.col
            loc = Location(path=base.path, line=base.line + first + problem.line, col=col)
        severity = Severity.WARNING if problem.code == "markdown.image" else Severity.ERROR
        report.add(
            Diagnostic(
                location=loc,
                code=problem.code,
                message=problem.message,
                severity=severity,
                hint="remove it; Markdown covers headings, lists, links, tables and emphasis"
                if severity is Severity.ERROR
                else None,
            )
        )
    return html


def _check_names(
    catalog_doc: SourceDoc | None,
    translations: Iterable[tuple[Kind, Path, str]],
    credentials: Mapping[str, Credential],
    issuers: Mapping[str, Issuer],
    docs: Mapping[str, SourceDoc],
    issuer_docs: Mapping[str, SourceDoc],
) -> Iterator[Diagnostic]:
    """Names that become paths: portable, and no id taking a folder's name (portability.py)."""
    languages: list[tuple[str, Location]] = []
    data = catalog_doc.data if catalog_doc is not None else None
    if isinstance(data, dict) and catalog_doc is not None:
        if isinstance(data.get("language"), str):
            languages.append((data["language"], catalog_doc.locate("/language")))
        for n, tag in enumerate(data.get("languages") or []):
            if isinstance(tag, str):
                languages.append((tag, catalog_doc.locate(f"/languages/{n}")))
    folders = {ident.split("/", 1)[0]: path.parent.parent for _, path, ident in translations}
    languages += [(lang, Location(path=display_path(path))) for lang, path in folders.items()]
    images = [(i.image, issuer_docs[i.id].locate("/image")) for i in issuers.values() if i.image]
    images += [(c.image, docs[c.id].locate("/image")) for c in credentials.values() if c.image]
    extras: list[tuple[str, Location]] = []
    if isinstance(data, dict) and catalog_doc is not None:
        for key in ("extra_css", "extra_js"):
            listed = data.get(key)
            for n, rel in enumerate(listed if isinstance(listed, list) else []):
                if isinstance(rel, str):
                    extras.append((rel, catalog_doc.locate(f"/{key}/{n}")))
    yield from check_names(
        credential_ids=[(cid, docs[cid].locate()) for cid in sorted(credentials)],
        issuer_ids=[(iid, issuer_docs[iid].locate()) for iid in sorted(issuers)],
        languages=_first_of_each(languages),
        image_paths=sorted(images, key=lambda item: (item[1].path, item[1].line, item[1].col)),
        extra_paths=extras,
    )


def _first_of_each(names: list[tuple[str, Location]]) -> list[tuple[str, Location]]:
    seen: set[str] = set()
    out = []
    for name, where in names:
        if name not in seen:
            seen.add(name)
            out.append((name, where))
    return out


def _load_images(
    root: Path,
    config: SiteConfig | None,
    issuers: Mapping[str, Issuer],
    credentials: Mapping[str, Credential],
    docs: Mapping[str, SourceDoc],
    issuer_docs: Mapping[str, SourceDoc],
    report: Report,
) -> dict[str, Image]:
    max_bytes = (config.max_image_kb if config else int(DEFAULTS["max_image_kb"])) * 1024
    images: dict[str, Image] = {}
    failed: set[str] = set()
    wanted: list[tuple[str, Location]] = [
        (i.image, issuer_docs[i.id].locate("/image")) for i in issuers.values() if i.image
    ]
    wanted += [(c.image, docs[c.id].locate("/image")) for c in credentials.values() if c.image]
    for rel, where in wanted:
        if rel in images:
            continue
        if rel in failed:
            report.error(where, "image.invalid", f"image '{rel}' cannot be used (see above)")
            continue
        image, problems = load_image(root, rel, max_bytes, where)
        report.extend(problems)
        if image is None:
            failed.add(rel)
        else:
            images[rel] = image
    return images
