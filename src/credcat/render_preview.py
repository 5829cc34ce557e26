"""What each share preview shows: a credential's, an issuer's and the catalog's, per language.

A language gets its own preview only where its text differs from the default language's
(an untranslated issuer keeps one picture); ``SharePreviews.path`` tells a page which file
its ``og:image`` is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from credcat import urls
from credcat.catalog import Catalog
from credcat.i18n import N_
from credcat.labels import cost_label, credits_label, duration_label, hours_label, type_label
from credcat.model import Credential, Issuer, Status
from credcat.preview import Card, Fonts, compose


@dataclass(frozen=True, slots=True)
class Drawn:
    """One preview file to publish: its path, the SVG it is drawn from, and its alt text."""

    path: str
    svg: str
    alt: str


@dataclass(frozen=True, slots=True)
class SharePreviews:
    """Every preview of the catalog, and which one each page of each language shows."""

    drawn: tuple[Drawn, ...]
    """The distinct previews, each once."""
    shown: Mapping[tuple[str, str, str], Drawn]
    """(language, "credential" | "issuer" | "catalog", id) -> the preview that page shows."""

    def path(self, lang: str, kind: str, ident: str = "catalog") -> Drawn:
        """The preview of ``ident`` (a credential's or issuer's id) for pages in ``lang``."""
        return self.shown[lang, kind, ident]


def share_previews(
    views: list[Catalog], fonts: Fonts, default_badge: bytes | None
) -> SharePreviews:
    """Compose every preview of the catalog, in each of ``views`` (the default language first)."""
    default = views[0].lang or views[0].config.language
    drawn: dict[str, Drawn] = {}
    shown: dict[tuple[str, str, str], Drawn] = {}
    firsts: dict[tuple[str, str], Drawn] = {}
    for view in views:
        lang = view.lang or view.config.language
        suffix = None if lang == default else lang
        for kind, ident, card in _cards(view, default_badge):
            svg = compose(card, fonts)
            first = firsts.get((kind, ident))
            if first is not None and first.svg == svg:
                shown[lang, kind, ident] = first
                continue
            found = Drawn(urls.preview(kind, ident, suffix), svg, card_alt(card))
            drawn[found.path] = found
            shown[lang, kind, ident] = found
            firsts.setdefault((kind, ident), found)
    return SharePreviews(tuple(drawn.values()), shown)


def card_alt(card: Card) -> str:
    """The preview's alt text: what it says, in reading order."""
    parts = [card.eyebrow, card.title, card.subtitle, ", ".join(card.facts), card.footer]
    return ". ".join(p.rstrip(" .") for p in parts if p.strip(" ."))


def _cards(view: Catalog, default_badge: bytes | None) -> Iterator[tuple[str, str, Card]]:
    yield "catalog", "catalog", catalog_card(view)
    for issuer in view.issuers.values():
        yield "issuer", issuer.id, issuer_card(view, issuer)
    for cred in view.published:
        yield "credential", cred.id, credential_card(view, cred, default_badge)


def credential_card(view: Catalog, cred: Credential, default_badge: bytes | None) -> Card:
    """The preview of a credential: its badge, title, awarding body and key facts."""
    t = view.t
    issuer = view.issuers[cred.issuer]
    image, media = _image(view, cred.image)
    if image is None:  # the theme's badge, as on the page
        image, media = default_badge, "image/svg+xml"
    facts = list(_facts(view, cred))
    if cred.status is Status.RETIRED:
        facts.insert(0, t(N_("No longer offered")))
    return Card(
        lang=view.lang or view.config.language,
        eyebrow=f"{t(type_label(cred.achievement_type))} · {issuer.name}",
        title=cred.title,
        subtitle=cred.summary,
        facts=tuple(facts),
        footer=view.config.title,
        host=_host(view),
        image=image,
        image_type=media,
    )


def _facts(view: Catalog, cred: Credential) -> Iterator[str]:
    t = view.t
    if cred.cost is not None:
        yield cost_label(cred, t) or ""
    if cred.workload_hours:
        yield hours_label(cred.workload_hours, t)
    elif cred.duration is not None:
        yield duration_label(cred.duration, t)
    if cred.credits is not None:
        yield credits_label(cred.credits, t)
    if cred.level is not None:
        yield str(cred.level)
    if cred.participation is not None:
        yield t(cred.participation.label)


def issuer_card(view: Catalog, issuer: Issuer) -> Card:
    """The preview of an awarding body: its logo, name and what it offers."""
    t = view.t
    offered = [
        c for c in _published(view, view.graph.by_issuer.get(issuer.id, ()))
        if c.status is Status.ACTIVE
    ]  # fmt: skip
    image, media = _image(view, issuer.image)
    count = len(offered)
    facts = [t.n("{n} credential", "{n} credentials", count)]
    return Card(
        lang=view.lang or view.config.language,
        eyebrow=t(N_("Awarding body")),
        title=issuer.name,
        subtitle=urlsplit(issuer.url).netloc if issuer.url else "",
        facts=tuple(facts),
        footer=view.config.title,
        host=_host(view),
        image=image,
        image_type=media,
    )


def catalog_card(view: Catalog) -> Card:
    """The preview of the catalog: its name, description and size."""
    t = view.t
    count = len(view.active)
    issuers = {c.issuer for c in view.active}
    facts = [t.n("{n} credential", "{n} credentials", count)]
    if issuers:
        facts.append(t.n("{n} awarding body", "{n} awarding bodies", len(issuers)))
    return Card(
        lang=view.lang or view.config.language,
        eyebrow=t(N_("Micro-credential catalog")),
        title=view.config.title,
        subtitle=view.config.description or "",
        facts=tuple(facts),
        footer="",  # the title already names the catalog
        host=_host(view),
    )


def _published(view: Catalog, ids: Iterable[str]) -> list[Credential]:
    return [view.credentials[i] for i in ids if view.credentials[i].status is not Status.DRAFT]


def _image(view: Catalog, path: str | None) -> tuple[bytes | None, str]:
    image = view.images.get(path) if path else None
    if image is None:
        return None, "image/svg+xml"
    return image.data, image.media_type


def _host(view: Catalog) -> str:
    parts = urlsplit(view.config.base_url)
    return (parts.netloc + parts.path).rstrip("/")
