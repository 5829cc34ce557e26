"""The registry of files about the whole catalog (catalog.json, the feed, the sitemap,
robots.txt, the schemas, the extensions' contexts and schemas).

Each kind renders from the whole catalog, so the build keys them together by
``catalog_digest``: any change to the catalog renders them again. A new file of this kind is
a render function and one entry in ``SITE_FILES`` (docs/extending.md). Each language's
search data is made beside them, from the credentials' search entries (``search.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from credcat.core.output import Output
from credcat.load.catalog import Catalog
from credcat.render.render_extensions import render_extension_files
from credcat.render.render_index import (
    render_catalog_json,
    render_feed,
    render_site_files,
    render_sitemap,
)


@dataclass(frozen=True, slots=True)
class SiteFileKind:
    """One kind of file about the whole catalog."""

    name: str
    render: Callable[[Catalog], Output | Iterable[Output]]
    """The catalog -> its file (or files) of this kind, at paths from ``urls``."""


SITE_FILES: tuple[SiteFileKind, ...] = (
    SiteFileKind("catalog", render_catalog_json),
    SiteFileKind("feed", render_feed),
    SiteFileKind("sitemap", render_sitemap),
    SiteFileKind("site", render_site_files),
    SiteFileKind("extensions", render_extension_files),
)
"""Every kind of file about the whole catalog, in the order the build writes them."""


def render_site_wide(catalog: Catalog) -> list[Output]:
    """Every registered file about the whole catalog."""
    outputs: list[Output] = []
    for kind in SITE_FILES:
        made = kind.render(catalog)
        outputs += [made] if isinstance(made, Output) else made
    return outputs
