"""Share previews: the 1200x630 picture a link shows on LinkedIn, X, WhatsApp and the like.

Each preview is composed here as an SVG string (text laid out with the theme's own font
metrics, wrapped and shortened with an ellipsis), then rasterised by ``raster.py``. The SVG
is the whole input of the picture: its hash, with the font's and the renderer's, is the cache
key (see ``build._preview_outputs``), so nothing the picture shows can change unnoticed.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from credcat.fontmetrics import FontMetrics, load_metrics

WIDTH, HEIGHT = 1200, 630
"""Open Graph's recommended size (1.91:1), also used by X's summary_large_image."""
FAMILY = "DejaVu Sans"
"""The one font family the previews use (shipped with the theme, see raster.py)."""

_ACCENT, _ACCENT_DARK, _FG, _MUTED, _PANEL = "#0b5cad", "#083f78", "#1b1f24", "#555d66", "#f4f6f8"
_ELLIPSIS = "…"
_SEPARATOR = "  ·  "
_LEFT, _RIGHT = 64, WIDTH - 64
_IMAGE_SIZE = 300
_FOOTER = 96


@dataclass(frozen=True, slots=True, kw_only=True)
class Card:
    """What one preview shows."""

    lang: str
    """Language of its text (BCP 47)."""
    eyebrow: str
    """Short line above the title: the kind of credential and the awarding body."""
    title: str
    subtitle: str
    """Under the title: the awarding body, or the catalog's description."""
    facts: tuple[str, ...]
    """Key facts, each short ("Free", "40 hours", "Level 4")."""
    footer: str
    """The catalog's name, in the band at the bottom."""
    host: str
    """Where the catalog lives (shown at the bottom right)."""
    image: bytes | None = None
    """The badge or logo drawn at the left (PNG or SVG bytes); None: no picture."""
    image_type: str = "image/svg+xml"


@dataclass(frozen=True, slots=True)
class Fonts:
    """The preview's fonts: file paths for the renderer, metrics for the layout."""

    regular: Path
    bold: Path

    def metrics(self, bold: bool) -> FontMetrics:
        """Metrics of the regular or bold face."""
        return load_metrics(self.bold if bold else self.regular)


def fonts_in(folder: Path) -> Fonts:
    """The preview fonts shipped in a theme's ``fonts/`` folder."""
    return Fonts(folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf")


def wrap(text: str, metrics: FontMetrics, size: float, width: float, lines: int) -> list[str]:
    """``text`` broken into at most ``lines`` lines no wider than ``width`` pixels.

    Lines break between words; a word too long for a line is cut between characters. Text
    that does not fit ends with an ellipsis on the last line.
    """
    words = text.split()
    found: list[str] = []
    line = ""
    for word in words:
        trial = f"{line} {word}" if line else word
        if metrics.width(trial, size) <= width:
            line = trial
            continue
        if line:
            found.append(line)
        line = word
        while metrics.width(line, size) > width:  # one word wider than the line
            cut = _fit(line, metrics, size, width)
            found.append(line[:cut])
            line = line[cut:]
    if line:
        found.append(line)
    if len(found) <= lines:
        return found
    kept = found[:lines]
    last = " ".join([kept[-1], *found[lines:]])
    kept[-1] = ellipsize(last, metrics, size, width)
    return kept


def ellipsize(text: str, metrics: FontMetrics, size: float, width: float) -> str:
    """``text`` shortened with an ellipsis (at a word break where one is near) to fit."""
    if metrics.width(text, size) <= width:
        return text
    cut = _fit(text, metrics, size, width - metrics.width(_ELLIPSIS, size))
    head = text[:cut]
    space = head.rfind(" ")
    if space > cut * 2 // 3:
        head = head[:space]
    return head.rstrip(" ,;:·-") + _ELLIPSIS


def _fact_lines(
    facts: tuple[str, ...], metrics: FontMetrics, size: float, width: float, lines: int
) -> list[str]:
    """Key facts joined by middle dots, as many whole facts per line as fit."""
    found: list[str] = []
    line = ""
    for fact in facts:
        trial = f"{line}{_SEPARATOR}{fact}" if line else fact
        if metrics.width(trial, size) <= width:
            line = trial
            continue
        if line:
            found.append(line)
        line = ellipsize(fact, metrics, size, width)
    if line:
        found.append(line)
    return found[:lines]


def _fit(text: str, metrics: FontMetrics, size: float, width: float) -> int:
    """How many leading characters of ``text`` fit in ``width`` (at least one)."""
    total = 0.0
    for i, ch in enumerate(text):
        total += metrics.width(ch, size)
        if total > width:
            return max(1, i)
    return len(text)


def compose(card: Card, fonts: Fonts) -> str:
    """The preview as an SVG document, 1200x630."""
    regular, bold = fonts.metrics(False), fonts.metrics(True)
    parts: list[str] = []
    left = _LEFT
    if card.image is not None:
        data = base64.b64encode(card.image).decode("ascii")
        top = (HEIGHT - _FOOTER - _IMAGE_SIZE) // 2
        parts.append(
            f'<rect x="{_LEFT - 16}" y="{top - 16}" width="{_IMAGE_SIZE + 32}" '
            f'height="{_IMAGE_SIZE + 32}" rx="24" fill="{_PANEL}"/>'
            f'<image x="{_LEFT}" y="{top}" width="{_IMAGE_SIZE}" height="{_IMAGE_SIZE}" '
            f'preserveAspectRatio="xMidYMid meet" href="data:{card.image_type};base64,{data}"/>'
        )
        left = _LEFT + _IMAGE_SIZE + 64
    width = _RIGHT - left
    y = 92.0
    eyebrow = ellipsize(card.eyebrow, regular, 28, width)
    parts.append(_text(left, y, 28, eyebrow, _MUTED))
    y += 24
    title_size = 60
    title = wrap(card.title, bold, title_size, width, 3)
    if len(title) == 3:  # a long title: a smaller size, still three lines at most
        title_size = 50
        title = wrap(card.title, bold, title_size, width, 3)
    for line in title:
        y += title_size * 1.18
        parts.append(_text(left, y, title_size, line, _FG, bold=True))
    y += 18
    subtitle_lines = 2 if len(title) < 3 else 1
    for line in wrap(card.subtitle, regular, 30, width, subtitle_lines):
        y += 40
        parts.append(_text(left, y, 30, line, _FG))
    if card.facts:
        y += 26
        for line in _fact_lines(card.facts, regular, 30, width, 2 if len(title) < 3 else 1):
            y += 42
            parts.append(_text(left, y, 30, line, _ACCENT_DARK))
    band = HEIGHT - _FOOTER
    host_width = regular.width(card.host, 26)
    footer = ellipsize(card.footer, bold, 28, _RIGHT - _LEFT - host_width - 48)
    parts.append(
        f'<rect x="0" y="{band}" width="{WIDTH}" height="{_FOOTER}" fill="{_ACCENT_DARK}"/>'
        f'<rect x="0" y="0" width="{WIDTH}" height="12" fill="{_ACCENT}"/>'
    )
    if footer:
        parts.append(_text(_LEFT, band + 58, 28, footer, "#ffffff", bold=True))
    parts.append(_text(_RIGHT, band + 58, 26, card.host, "#ffffff", anchor="end"))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" xml:lang={quoteattr(card.lang)} '
        f'font-family="{FAMILY}"><rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>'
        + "".join(parts)
        + "</svg>\n"
    )


def _text(
    x: float,
    y: float,
    size: int,
    text: str,
    fill: str,
    *,
    bold: bool = False,
    anchor: str = "start",
) -> str:
    weight = ' font-weight="700"' if bold else ""
    end = f' text-anchor="{anchor}"' if anchor != "start" else ""
    return (
        f'<text x="{x:g}" y="{y:g}" font-size="{size}" fill="{fill}"{weight}{end}>'
        f"{escape(text)}</text>"
    )
