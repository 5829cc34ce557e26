"""The public URL scheme. Nothing else in credcat builds a URL or an output path.

Every function returns a path relative to the site root; ``Urls.absolute`` turns it into the
absolute URL used as a JSON-LD id (and in sitemaps, feeds, canonical and hreflang links), and
``relative`` into the link a page uses, relative to that page, so the site works from any
static server at any path, and from ``file://``. These paths are a public contract: badge
holders rely on them for years.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit


def credential_page(cid: str) -> str:
    """HTML page of a credential."""
    return f"credentials/{cid}/"


def badge_class(cid: str, lang: str | None = None) -> str:
    """Open Badges 2.0 BadgeClass; with ``lang``, its translation into that language."""
    return f"badges/{cid}.{lang}.json" if lang else f"badges/{cid}.json"


def achievement(cid: str, lang: str | None = None) -> str:
    """Open Badges 3.0 Achievement; with ``lang``, its translation into that language."""
    return f"achievements/{cid}.{lang}.json" if lang else f"achievements/{cid}.json"


def badge_class_version(cid: str, version: str) -> str:
    """Open Badges 2.0 BadgeClass of one version: immutable once locked."""
    return f"badges/{cid}/v{version}.json"


def achievement_version(cid: str, version: str) -> str:
    """Open Badges 3.0 Achievement of one version: immutable once locked."""
    return f"achievements/{cid}/v{version}.json"


def ctdl(cid: str) -> str:
    """CTDL JSON-LD graph."""
    return f"ctdl/{cid}.json"


def issuer_page(iid: str) -> str:
    """HTML page of an issuer."""
    return f"issuers/{iid}/"


def issuer_profile(iid: str, lang: str | None = None) -> str:
    """Open Badges 2.0 issuer Profile; with ``lang``, its translation into that language."""
    return f"issuers/{iid}.{lang}.json" if lang else f"issuers/{iid}.json"


def ob3_profile(iid: str, lang: str | None = None) -> str:
    """Open Badges 3.0 issuer Profile (every Achievement's ``creator``); with ``lang``, its
    translation into that language."""
    return f"profiles/{iid}.{lang}.json" if lang else f"profiles/{iid}.json"


def extension_context(name: str) -> str:
    """JSON-LD context of one of credcat's Open Badges 2.0 extensions."""
    return f"extensions/{name}/context.json"


def extension_schema(name: str) -> str:
    """JSON Schema of one of credcat's Open Badges 2.0 extensions."""
    return f"extensions/{name}/schema.json"


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


def archive_page() -> str:
    """Listing of retired credentials."""
    return "archive/"


def pathways_page() -> str:
    """Every stack of the catalog."""
    return "pathways/"


def catalog_json() -> str:
    """Machine-readable index of the catalog."""
    return "catalog.json"


def search_index() -> str:
    """Compact search and facet data for the catalog page."""
    return "search/index.json"


def sitemap() -> str:
    """XML sitemap."""
    return "sitemap.xml"


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


PAGE_PATHS = frozenset(
    {
        "credential_page",
        "issuer_page",
        "listing_page",
        "browse_index",
        "browse_page",
        "archive_page",
        "pathways_page",
        "verify_page",
    }
)
"""The functions above that give HTML pages (which exist once per language)."""


def language_prefix(lang: str, default: str) -> str:
    """Where a language's pages live: the default at the root, others under ``<lang>/``."""
    return "" if lang == default else f"{lang}/"


class LocalPaths:
    """This module's functions for one language: page paths under its prefix.

    Documents (JSON, images, assets, feeds) have one path whatever the language; pages in a
    language other than the default live under ``<lang>/``.
    """

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __getattr__(self, name: str) -> Any:
        function = globals()[name]
        if name in PAGE_PATHS and self.prefix:
            prefix = self.prefix
            return lambda *args: prefix + function(*args)
        return function
