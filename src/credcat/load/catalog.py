"""The checked catalog as one value: ``Catalog``, and ``catalog_digest`` of all it holds.

``credcat.load.pipeline`` builds it (``load_catalog``: sources -> schema -> values -> model ->
graph); renderers only read it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from credcat.check.extra_files import ExtraFile
from credcat.check.images import Image
from credcat.core.i18n import Translator
from credcat.ledger.permanence import Permanence
from credcat.model.config import SiteConfig
from credcat.model.graph import Graph
from credcat.model.records import Credential, Issuer, Status, Translation


@dataclass(frozen=True, kw_only=True)
class Html:
    """Sanitised HTML rendered from a credential's or issuer's Markdown."""

    description: str
    criteria: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Catalog:
    """A fully checked catalog, ready to render."""

    config: SiteConfig
    issuers: Mapping[str, Issuer]
    credentials: Mapping[str, Credential]
    """Every credential, drafts included (see ``published``)."""
    graph: Graph
    html: Mapping[str, Html]
    """Credential id or 'issuer:<id>' -> rendered Markdown."""
    images: Mapping[str, Image]
    """Catalog-relative path -> image."""
    translations: Mapping[tuple[str, str], Mapping[str, Translation]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    """('credential' or 'issuer', id) -> language -> its text in that language."""
    lang: str = ""
    """The language of this view of the catalog ("" before ``localized``: the default)."""
    t: Translator = field(default_factory=lambda: Translator("en"))
    """Interface text in ``lang``."""
    translators: Mapping[str, Translator] = field(default_factory=lambda: MappingProxyType({}))
    """Interface text in each of the catalog's languages (from the message catalogs)."""
    permanence: Permanence = field(default_factory=Permanence)
    """published.lock and the preserved versions (see permanence.py)."""
    extra_files: Mapping[str, ExtraFile] = field(default_factory=lambda: MappingProxyType({}))
    """The catalog's own stylesheets and scripts (extra_css, extra_js), by path."""

    def translation(self, lang: str, kind: str, ident: str) -> Translation | None:
        """The text of credential or issuer ``ident`` in ``lang``, if translated."""
        return self.translations.get((kind, ident), {}).get(lang)

    def written_in(self, cred: Credential) -> str:
        """The language a credential's own file is written in."""
        return cred.text_language or self.config.language

    def translated_into(self, kind: str, ident: str) -> list[str]:
        """The languages a credential or issuer is translated into, sorted."""
        return sorted(self.translations.get((kind, ident), ()))

    @property
    def published(self) -> list[Credential]:
        """Credentials that get pages and JSON (all but drafts), sorted by id."""
        return [c for _, c in sorted(self.credentials.items()) if c.status is not Status.DRAFT]

    @property
    def active(self) -> list[Credential]:
        """Credentials currently offered, sorted by title then id."""
        return sorted(
            (c for c in self.credentials.values() if c.status is Status.ACTIVE),
            key=lambda c: (c.title.casefold(), c.id),
        )


def catalog_digest(catalog: Catalog) -> str:
    """One hash of everything a catalog holds: every credential, issuer, translation and
    image, the published URLs and versions, and the settings. Outputs that show the whole
    catalog (catalog.json, search, a theme that reads ``catalog``) are keyed by it."""
    everything = hashlib.sha256(f"{catalog.config!r}/{catalog.permanence.digest}".encode())
    for cid, cred in sorted(catalog.credentials.items()):
        everything.update(f"c:{cid}={cred.digest}\n".encode())
    for iid, issuer in sorted(catalog.issuers.items()):
        everything.update(f"i:{iid}={issuer.digest}\n".encode())
    for (kind, ident), by_lang in sorted(catalog.translations.items()):
        for lang, tr in sorted(by_lang.items()):
            everything.update(f"t:{kind}:{ident}:{lang}={tr.digest}\n".encode())
    for path, image in sorted(catalog.images.items()):
        everything.update(f"m:{path}={image.digest}\n".encode())
    return everything.hexdigest()
