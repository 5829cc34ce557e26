"""What each share preview shows: a credential's, an issuer's and the catalog's, per language.

A language gets its own preview only where its text differs from the default language's
(an untranslated issuer keeps one picture); ``SharePreviews.get`` tells a page which file
its ``og:image`` is. With ``previews: false`` in catalog.yaml no preview is drawn: a
credential's page names its badge's PNG instead, an issuer's page its logo's, and other
pages no picture.

A preview whose text the theme's font cannot draw (``preview.undrawable``: Thai, Khmer, Lao,
Burmese, CJK, emoji, right-to-left scripts) is not drawn at all, rather than published with
empty boxes: that page names the picture it would name with previews off, and the build
warns (``preview.missing-glyph``) at the file the text comes from.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from credcat.core import urls
from credcat.core.diagnostics import Diagnostic, Location, Severity
from credcat.core.i18n import N_
from credcat.core.sources import display_path
from credcat.load.catalog import Catalog
from credcat.model.labels import cost_label, credits_label, duration_label, hours_label, type_label
from credcat.model.records import Credential, Issuer, Status
from credcat.render.preview import FAMILY, HEIGHT, WIDTH, Card, Fonts, Layout, compose, undrawable

DEFAULT_BADGE = "badge.svg"
"""The theme's badge (a static file), shown for a credential without an image of its own."""


@dataclass(frozen=True, slots=True)
class Drawn:
    """The picture a page's share tags name: a preview to draw from its layout or, with
    previews off, the PNG of a badge or logo that the build publishes anyway (no layout)."""

    path: str
    layout: Layout | None
    alt: str
    width: int | None = WIDTH
    height: int | None = HEIGHT
    """Its size in pixels; None where it is not known (then the tags leave it out)."""

    @property
    def large(self) -> bool:
        """A 1200x630 preview (Twitter's ``summary_large_image``), not a square badge."""
        return self.layout is not None


@dataclass(frozen=True, slots=True)
class SharePreviews:
    """Every preview of the catalog, and which one each page of each language shows."""

    drawn: tuple[Drawn, ...]
    """The distinct previews, each once."""
    shown: Mapping[tuple[str, str, str], Drawn]
    """(language, "credential" | "issuer" | "catalog", id) -> the preview that page shows."""
    problems: tuple[Diagnostic, ...] = ()
    """Warnings: previews not drawn because the font cannot draw their text."""

    def get(self, lang: str, kind: str, ident: str = "catalog") -> Drawn | None:
        """The picture of ``ident`` (a credential's or issuer's id) for pages in ``lang``;
        None: the page names no picture."""
        return self.shown.get((lang, kind, ident))


def share_previews(
    views: list[Catalog],
    fonts: Fonts,
    default_badge: bytes | None,
    png_sizes: Mapping[str, tuple[int, int]] | None = None,
) -> SharePreviews:
    """Compose every preview of the catalog, in each of ``views`` (the default language
    first); with ``previews: false``, name each page's badge or logo PNG instead, whose
    size ``png_sizes`` gives (by published path) where it is known."""
    if not views[0].config.previews:
        return _without_previews(views, default_badge is not None, png_sizes or {})
    default = views[0].lang or views[0].config.language
    drawn: dict[str, Drawn] = {}
    shown: dict[tuple[str, str, str], Drawn] = {}
    firsts: dict[tuple[str, str], Drawn] = {}
    problems: list[Diagnostic] = []
    instead: SharePreviews | None = None
    for view in views:
        lang = view.lang or view.config.language
        suffix = None if lang == default else lang
        for kind, ident, card in _cards(view, default_badge):
            layout = compose(card, fonts)
            missing = undrawable(layout, fonts)
            if missing:
                if instead is None:
                    instead = _without_previews(views, default_badge is not None, png_sizes or {})
                fallback = instead.get(lang, kind, ident)
                if fallback is not None:
                    shown[lang, kind, ident] = fallback
                problems.append(_missing_glyphs(view, kind, ident, lang, missing, fallback))
                continue
            first = firsts.get((kind, ident))
            # The same picture (the language of its text is not drawn): one file.
            if first is not None and first.layout is not None and first.layout.ops == layout.ops:
                shown[lang, kind, ident] = first
                continue
            found = Drawn(urls.preview(kind, ident, suffix), layout, card_alt(card))
            drawn[found.path] = found
            shown[lang, kind, ident] = found
            firsts.setdefault((kind, ident), found)
    return SharePreviews(tuple(drawn.values()), shown, tuple(problems))


def _missing_glyphs(
    view: Catalog, kind: str, ident: str, lang: str, missing: str, fallback: Drawn | None
) -> Diagnostic:
    """The warning for a preview not drawn, at the file its text comes from in ``lang``."""
    translated = view.translation(lang, kind, ident)
    if translated is not None:
        where = translated.location
    elif kind == "credential":
        where = view.credentials[ident].location
    elif kind == "issuer":
        where = view.issuers[ident].location
    else:
        where = Location(path=display_path(view.config.root / "catalog.yaml"))
    shown = ", ".join(f"{ch!r} (U+{ord(ch):04X} {unicodedata.name(ch, '?')})" for ch in missing[:3])
    more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
    what = "the catalog" if kind == "catalog" else f"{kind} {ident}"
    pages = (
        f"its pages in {lang} name {fallback.path} instead"
        if fallback is not None
        else f"its pages in {lang} name no picture"
    )
    return Diagnostic(
        location=where,
        code="preview.missing-glyph",
        message=(
            f"the share preview of {what} in {lang} is not drawn: the preview font "
            f"({FAMILY}) cannot draw {shown}{more}; {pages}"
        ),
        severity=Severity.WARNING,
        hint=(
            "previews draw Latin, Greek and Cyrillic text, left to right; "
            "set previews: false in catalog.yaml to name badge PNGs without this warning"
        ),
    )


def _without_previews(
    views: list[Catalog], default_badge: bool, sizes: Mapping[str, tuple[int, int]]
) -> SharePreviews:
    """Each credential's badge PNG (the theme's badge's without one of its own) and each
    issuer's logo PNG, where there is one; the image's title is its alt text."""
    shown: dict[tuple[str, str, str], Drawn] = {}

    def picture(path: str, alt: str) -> Drawn:
        width, height = sizes.get(path, (None, None))
        return Drawn(path, None, alt, width, height)

    for view in views:
        lang = view.lang or view.config.language
        for issuer in view.issuers.values():
            if issuer.image and issuer.image in view.images:
                shown[lang, "issuer", issuer.id] = picture(_png_of(view, issuer.image), issuer.name)
        for cred in view.published:
            if cred.image and cred.image in view.images:
                path = _png_of(view, cred.image)
            elif default_badge:
                path = urls.badge_png(urls.asset(DEFAULT_BADGE))
            else:
                continue
            shown[lang, "credential", cred.id] = picture(path, cred.title)
    return SharePreviews((), shown)


def _png_of(view: Catalog, path: str) -> str:
    """The published PNG of a catalog image: the image itself, or the PNG beside an SVG."""
    image = view.images[path]
    published = urls.image(image.path)
    return published if image.media_type == "image/png" else urls.badge_png(published)


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
