"""The public URL scheme. Nothing else in credcat builds a URL or an output path.

Every function returns a path relative to the site root; ``Urls.absolute`` turns it into the
absolute URL used as a JSON-LD id (and in sitemaps, feeds, canonical and hreflang links), and
``relative`` into the link a page uses, relative to that page, so the site works from any
static server at any path, and from ``file://``. These paths are a public contract: badge
holders rely on them for years.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TypeVar
from urllib.parse import quote, urlsplit

_F = TypeVar("_F", bound=Callable[..., str])
_PERMANENT: list[Callable[..., str]] = []


def permanent(function: _F) -> _F:
    """Mark a URL function whose URLs ``published.lock`` keeps alive once published.

    The ledger's rules (:func:`recorded`) are derived from the functions marked here,
    so a new kind of output is permanent by writing one decorator, next to its URL."""
    _PERMANENT.append(function)
    return function


@permanent
def credential_page(cid: str) -> str:
    """HTML page of a credential."""
    return f"credentials/{cid}/"


@permanent
def badge_class(cid: str, lang: str | None = None) -> str:
    """Open Badges 2.0 BadgeClass; with ``lang``, its translation into that language."""
    return f"badges/{cid}.{lang}.json" if lang else f"badges/{cid}.json"


@permanent
def achievement(cid: str, lang: str | None = None) -> str:
    """Open Badges 3.0 Achievement; with ``lang``, its translation into that language."""
    return f"achievements/{cid}.{lang}.json" if lang else f"achievements/{cid}.json"


@permanent
def badge_class_version(cid: str, version: str) -> str:
    """Open Badges 2.0 BadgeClass of one version: immutable once locked."""
    return f"badges/{cid}/v{version}.json"


@permanent
def achievement_version(cid: str, version: str) -> str:
    """Open Badges 3.0 Achievement of one version: immutable once locked."""
    return f"achievements/{cid}/v{version}.json"


@permanent
def ctdl(cid: str) -> str:
    """CTDL JSON-LD graph."""
    return f"ctdl/{cid}.json"


@permanent
def issuer_page(iid: str) -> str:
    """HTML page of an issuer."""
    return f"issuers/{iid}/"


@permanent
def issuer_profile(iid: str, lang: str | None = None) -> str:
    """Open Badges 2.0 issuer Profile; with ``lang``, its translation into that language."""
    return f"issuers/{iid}.{lang}.json" if lang else f"issuers/{iid}.json"


@permanent
def ob3_profile(iid: str, lang: str | None = None) -> str:
    """Open Badges 3.0 issuer Profile (every Achievement's ``creator``); with ``lang``, its
    translation into that language."""
    return f"profiles/{iid}.{lang}.json" if lang else f"profiles/{iid}.json"


@permanent
def extension_context(name: str) -> str:
    """JSON-LD context of one of credcat's Open Badges 2.0 extensions."""
    return f"extensions/{name}/context.json"


@permanent
def extension_schema(name: str) -> str:
    """JSON Schema of one of credcat's Open Badges 2.0 extensions."""
    return f"extensions/{name}/schema.json"


@permanent
def did_document(iid: str) -> str:
    """The issuer's did:web document (its public keys), resolved from ``did_web``."""
    return f"issuers/{iid}/did.json"


def did_web(base_url: str, iid: str) -> str:
    """The issuer's ``did:web`` identifier: ``did:web:HOST:PATH:issuers:<id>``.

    did:web resolves ``did:web:host:a:b`` to ``https://host/a/b/did.json``, so this names the
    file at ``did_document(iid)``; a port is written ``%3A`` as the did:web method requires.
    """
    parts = urlsplit(base_url)
    segments = [s for s in parts.path.split("/") if s]
    host = quote(parts.netloc, safe="").replace("%3a", "%3A")
    names = [host, *(quote(s, safe="") for s in segments), "issuers", iid]
    return "did:web:" + ":".join(names)


def verify_page() -> str:
    """The "Check a badge" page, which verifies a badge in the reader's browser."""
    return "verify/"


def image(path: str) -> str:
    """A catalog image, published at its catalog-relative path."""
    return path


def extra_file(path: str) -> str:
    """A stylesheet or script of the catalog's own (extra_css, extra_js), published at its
    catalog-relative path."""
    return path


def badge_png(path: str) -> str:
    """The PNG published beside an SVG badge or logo (``images/x.svg`` -> ``images/x.svg.png``),
    for consumers that take only PNG; the suffix is added, so it cannot meet another image."""
    return f"{path}.png"


def preview(kind: str, ident: str, lang: str | None = None) -> str:
    """The 1200x630 share preview (PNG) of a credential, an issuer or (``kind`` "catalog")
    the catalog; with ``lang``, the one whose text is in that language."""
    name = f"{ident}.{lang}" if lang else ident
    if kind == "catalog":
        return f"previews/{name}.png"
    return f"previews/{kind}s/{name}.png"


@permanent
def listing_page(number: int) -> str:
    """Page ``number`` (from 1) of the listing that works without JavaScript."""
    return "" if number == 1 else f"page/{number}/"


def browse_index() -> str:
    """Index of the browse pages."""
    return "browse/"


def browse_page(facet: str, value: str, number: int = 1) -> str:
    """Static page (``number`` from 1) listing the active credentials with one facet value."""
    base = f"browse/{facet}/{value}/"
    return base if number == 1 else f"{base}page/{number}/"


@permanent
def archive_page() -> str:
    """Listing of retired credentials."""
    return "archive/"


def pathways_page() -> str:
    """Every stack of the catalog."""
    return "pathways/"


@permanent
def catalog_json() -> str:
    """Machine-readable index of the catalog."""
    return "catalog.json"


SEARCH = "search/"
"""The folder of the catalog page's search data (search.js loads its files from here)."""


def search_meta() -> str:
    """The search data's entry point: facets, term files' ranges, weights, counts."""
    return f"{SEARCH}meta.json"


def search_facet(key: str, n: int) -> str:
    """Part ``n`` of the column of facet ``key``."""
    return f"{SEARCH}facets/{key}-{n}.json"


def search_sort(key: str, n: int) -> str:
    """Part ``n`` of the ranks credentials sort by on ``key``."""
    return f"{SEARCH}sort/{key}-{n}.json"


def search_starts(n: int) -> str:
    """Part ``n`` of the credentials' intake start dates."""
    return f"{SEARCH}starts-{n}.json"


def search_terms(n: int) -> str:
    """Term file ``n`` of the inverted index."""
    return f"{SEARCH}terms/{n}.json"


def search_records(n: int) -> str:
    """Record file ``n``: result cards."""
    return f"{SEARCH}records/{n}.json"


@permanent
def sitemap() -> str:
    """XML sitemap."""
    return "sitemap.xml"


@permanent
def feed() -> str:
    """Atom feed of credentials."""
    return "feed.xml"


def schema(name: str) -> str:
    """Published JSON Schema for editors."""
    return f"schema/{name}.schema.json"


def asset(name: str) -> str:
    """A theme's static file."""
    return f"assets/{name}"


def output_file(rel: str) -> str:
    """Map a URL path to the file that serves it (directories get index.html)."""
    return f"{rel}index.html" if rel == "" or rel.endswith("/") else rel


@dataclass(frozen=True, slots=True)
class Urls:
    """Turns site-relative paths into absolute URLs and root-relative links."""

    base_url: str
    """Ends with '/'."""
    base_path: str
    """The path part of base_url, e.g. '/catalog/'."""

    def absolute(self, rel: str) -> str:
        """Absolute URL, as used for ids in JSON."""
        return self.base_url + quote(rel, safe="/:@-._~")

    def href(self, rel: str) -> str:
        """Root-relative link (``/catalog/credentials/x/``): only for pages served at any
        depth, such as the 404 page, where a relative link would not resolve."""
        return self.base_path + quote(rel, safe="/:@-._~")

    def link(self, rel: str, page: str) -> str:
        """The link to ``rel`` from the page at ``page``: relative, except from the 404 page."""
        return self.href(rel) if page == NOT_FOUND_PAGE else relative(rel, page)


NOT_FOUND_PAGE = "404.html"
"""The page a static host serves for any missing URL, at whatever depth."""


def relative(rel: str, page: str) -> str:
    """The relative link from the page at site path ``page`` to site path ``rel``.

    ``page`` is a folder (``credentials/x/``, ``""`` for the root) or a file (``404.html``);
    the link climbs to the site root and down again (``../../badges/x.json``), so it depends
    only on the page's depth. The root itself is ``./`` (an empty link would mean the page).
    """
    depth = page.count("/")
    link = "../" * depth + quote(rel, safe="/:@-._~")
    return link or "./"


def language_prefix(lang: str, default: str) -> str:
    """Where a language's pages live: the default at the root, others under ``<lang>/``."""
    return "" if lang == default else f"{lang}/"


@dataclass(frozen=True, slots=True)
class LocalPaths:
    """The URL scheme as seen from one language's pages: what templates receive as ``paths``.

    Pages in a language other than the default live under ``<lang>/`` (``prefix``); documents
    (JSON, images, assets, feeds) have one path whatever the language. Each method is written
    out, so templates reach exactly these and nothing else of this module, and mypy checks
    every call; a test checks that every path function of the module is here.
    """

    prefix: str

    # Pages: once per language.
    def credential_page(self, cid: str) -> str:
        return self.prefix + credential_page(cid)

    def issuer_page(self, iid: str) -> str:
        return self.prefix + issuer_page(iid)

    def listing_page(self, number: int) -> str:
        return self.prefix + listing_page(number)

    def browse_index(self) -> str:
        return self.prefix + browse_index()

    def browse_page(self, facet: str, value: str, number: int = 1) -> str:
        return self.prefix + browse_page(facet, value, number)

    def archive_page(self) -> str:
        return self.prefix + archive_page()

    def pathways_page(self) -> str:
        return self.prefix + pathways_page()

    def verify_page(self) -> str:
        return self.prefix + verify_page()

    # Documents: one path in every language.
    def badge_class(self, cid: str, lang: str | None = None) -> str:
        return badge_class(cid, lang)

    def achievement(self, cid: str, lang: str | None = None) -> str:
        return achievement(cid, lang)

    def badge_class_version(self, cid: str, version: str) -> str:
        return badge_class_version(cid, version)

    def achievement_version(self, cid: str, version: str) -> str:
        return achievement_version(cid, version)

    def ctdl(self, cid: str) -> str:
        return ctdl(cid)

    def issuer_profile(self, iid: str, lang: str | None = None) -> str:
        return issuer_profile(iid, lang)

    def ob3_profile(self, iid: str, lang: str | None = None) -> str:
        return ob3_profile(iid, lang)

    def did_document(self, iid: str) -> str:
        return did_document(iid)

    def extension_context(self, name: str) -> str:
        return extension_context(name)

    def extension_schema(self, name: str) -> str:
        return extension_schema(name)

    def image(self, path: str) -> str:
        return image(path)

    def extra_file(self, path: str) -> str:
        return extra_file(path)

    def catalog_json(self) -> str:
        return catalog_json()

    # The search data: once per language, like the pages it searches.
    def search_meta(self) -> str:
        return self.prefix + search_meta()

    def search_facet(self, key: str, n: int) -> str:
        return self.prefix + search_facet(key, n)

    def search_sort(self, key: str, n: int) -> str:
        return self.prefix + search_sort(key, n)

    def search_starts(self, n: int) -> str:
        return self.prefix + search_starts(n)

    def search_terms(self, n: int) -> str:
        return self.prefix + search_terms(n)

    def search_records(self, n: int) -> str:
        return self.prefix + search_records(n)

    def sitemap(self) -> str:
        return sitemap()

    def feed(self) -> str:
        return feed()

    def schema(self, name: str) -> str:
        return schema(name)

    def asset(self, name: str) -> str:
        return asset(name)

    def badge_png(self, path: str) -> str:
        return badge_png(path)

    def preview(self, kind: str, ident: str, lang: str | None = None) -> str:
        return preview(kind, ident, lang)


@dataclass(frozen=True, slots=True)
class Recorded:
    """What the ledger keeps alive, derived from the :func:`permanent` URL functions."""

    prefixes: tuple[str, ...]
    """Folders whose every file is recorded (``badges/``), in the default language's site."""
    files: frozenset[str]
    """Single recorded files (``catalog.json``, ``index.html``)."""
    page_prefixes: tuple[str, ...]
    """The same for pages, which a multilingual catalog also has under ``<lang>/``."""
    page_files: frozenset[str]


@cache
def recorded() -> Recorded:
    """The folders and files of every :func:`permanent` URL function.

    Each is called with a sample for every parameter (1 for numbers: the first page of a
    listing is permanent, later ones come and go); a path holding the sample is a folder of
    such files (its first segment), one without it is a file of its own."""
    sample = "0sample0"
    prefixes: set[str] = set()
    files: set[str] = set()
    page_prefixes: set[str] = set()
    page_files: set[str] = set()
    for function in _PERMANENT:
        params = inspect.signature(function).parameters.values()
        args = [1 if p.annotation in (int, "int") else sample for p in params]
        path = function(*args)
        is_page = output_file(path).endswith("index.html")
        if sample in path:
            prefix = path.split("/", 1)[0] + "/"
            prefixes.add(prefix)
            if is_page:
                page_prefixes.add(prefix)
        else:
            files.add(output_file(path))
            if is_page:
                page_files.add(output_file(path))
    return Recorded(
        prefixes=tuple(sorted(prefixes)),
        files=frozenset(files),
        page_prefixes=tuple(sorted(page_prefixes)),
        page_files=frozenset(page_files),
    )


_NOT_PATHS = frozenset(
    {"permanent", "recorded", "path_functions", "language_prefix", "did_web", "relative"}
    | {"output_file"}
)
"""This module's functions that name no output of their own."""


def path_functions() -> dict[str, Callable[..., str]]:
    """Every function of this module that gives an output's path, by name: what templates'
    ``paths`` (:class:`LocalPaths`) mirrors and what ids may not be (``portability``)."""
    return {
        name: function
        for name, function in inspect.getmembers(sys.modules[__name__], inspect.isfunction)
        if function.__module__ == __name__ and not name.startswith("_") and name not in _NOT_PATHS
    }
