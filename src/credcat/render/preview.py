"""Share previews: the 1200x630 picture a link shows on LinkedIn, X, WhatsApp and the like.

Each preview is composed here as a ``Layout``: a frozen tuple of drawing operations (filled
rectangles, the badge or logo placed in its box, text runs with their font, size, colour and
anchor), the text laid out with the theme's own font metrics, wrapped and shortened with an
ellipsis. ``paint.py`` draws it with Pillow. The layout is the whole input of the picture:
its digest, with the painter's (Pillow, resvg and the font files, see
``raster.renderer_digest``), is the cache key (see ``build._png_outputs``), so nothing the
picture shows can change unnoticed. ``Layout.svg()`` writes the same card as SVG, for
looking at it and for the test that compares the painter's picture with resvg's.
"""

from __future__ import annotations

import base64
import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

from credcat.render.fontmetrics import FontMetrics, load_metrics

WIDTH, HEIGHT = 1200, 630
"""Open Graph's recommended size (1.91:1), also used by X's summary_large_image."""
FAMILY = "DejaVu Sans"
"""The one font family the previews use (shipped with the theme, see raster.py)."""

_ACCENT, _ACCENT_DARK, _FG, _MUTED, _PANEL = "#0b5cad", "#083f78", "#1b1f24", "#555d66", "#f4f6f8"
_ELLIPSIS = "…"
_RIGHT_TO_LEFT = frozenset({"R", "AL", "AN"})
"""Bidirectional classes of right-to-left text (Hebrew, Arabic, Thaana, Syriac...)."""
_SEPARATOR = " · "
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
    return head.rstrip(" ,;:.·-") + _ELLIPSIS


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


@dataclass(frozen=True, slots=True)
class Rect:
    """A filled rectangle, its corners rounded by ``radius`` pixels (0: square)."""

    x: int
    y: int
    width: int
    height: int
    fill: str
    """Colour, ``#rrggbb``."""
    radius: int = 0


@dataclass(frozen=True, slots=True)
class Picture:
    """An image (PNG or SVG bytes) scaled to fit inside its box, centred, keeping its shape."""

    x: int
    y: int
    width: int
    height: int
    data: bytes = field(repr=False)
    media_type: str
    """``image/png`` or ``image/svg+xml``."""

    @property
    def digest(self) -> str:
        """sha256 of the image's bytes (what a key or a cache names it by)."""
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True, slots=True)
class Text:
    """One line of text, drawn on its baseline ``y``: from ``x`` ("start") or ending there."""

    x: float
    y: float
    text: str
    size: int
    """Font size in pixels (the em square)."""
    fill: str
    bold: bool = False
    anchor: Literal["start", "end"] = "start"


Operation = Rect | Picture | Text


@dataclass(frozen=True, slots=True)
class Layout:
    """A whole preview: what ``paint.paint`` draws, in order, on a white canvas."""

    lang: str
    """Language of its text (BCP 47)."""
    ops: tuple[Operation, ...]
    width: int = WIDTH
    height: int = HEIGHT
    background: str = "#ffffff"

    def key(self) -> str:
        """Everything the picture is drawn from, as text (an image by its bytes' digest)."""
        parts = [f"layout 1\0{self.width}x{self.height}\0{self.background}\0{self.lang}"]
        for op in self.ops:
            if isinstance(op, Picture):
                parts.append(
                    f"picture {op.x} {op.y} {op.width} {op.height} {op.media_type} {op.digest}"
                )
            elif isinstance(op, Rect):
                parts.append(f"rect {op.x} {op.y} {op.width} {op.height} {op.radius} {op.fill}")
            else:
                parts.append(
                    f"text {op.x!r} {op.y!r} {op.size} {op.fill} {op.bold:d} {op.anchor} {op.text}"
                )
        return "\n".join(parts)

    def svg(self) -> str:
        """The same card as an SVG document (for people and for the painter's test; the
        published PNG is ``paint.paint``'s)."""
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width}" '
            f'height="{self.height}" viewBox="0 0 {self.width} {self.height}" '
            f'xml:lang={quoteattr(self.lang)} font-family="{FAMILY}">'
            f'<rect width="{self.width}" height="{self.height}" fill="{self.background}"/>'
        ]
        for op in self.ops:
            if isinstance(op, Rect):
                radius = f' rx="{op.radius}"' if op.radius else ""
                parts.append(
                    f'<rect x="{op.x}" y="{op.y}" width="{op.width}" height="{op.height}"'
                    f'{radius} fill="{op.fill}"/>'
                )
            elif isinstance(op, Picture):
                data = base64.b64encode(op.data).decode("ascii")
                parts.append(
                    f'<image x="{op.x}" y="{op.y}" width="{op.width}" height="{op.height}" '
                    f'preserveAspectRatio="xMidYMid meet" href="data:{op.media_type};base64,'
                    f'{data}"/>'
                )
            else:
                weight = ' font-weight="700"' if op.bold else ""
                end = ' text-anchor="end"' if op.anchor == "end" else ""
                parts.append(
                    f'<text x="{op.x:g}" y="{op.y:g}" font-size="{op.size}" fill="{op.fill}"'
                    f"{weight}{end}>{escape(op.text)}</text>"
                )
        return "".join(parts) + "</svg>\n"


def compose(card: Card, fonts: Fonts) -> Layout:
    """The preview's layout, 1200x630."""
    regular, bold = fonts.metrics(False), fonts.metrics(True)
    ops: list[Operation] = []
    left = _LEFT
    if card.image is not None:
        top = (HEIGHT - _FOOTER - _IMAGE_SIZE) // 2
        box = _IMAGE_SIZE + 32
        ops.append(Rect(_LEFT - 16, top - 16, box, box, _PANEL, radius=24))
        ops.append(Picture(_LEFT, top, _IMAGE_SIZE, _IMAGE_SIZE, card.image, card.image_type))
        left = _LEFT + _IMAGE_SIZE + 64
    width = _RIGHT - left
    y = 92.0
    eyebrow = ellipsize(_one_line(card.eyebrow), regular, 28, width)
    ops.append(Text(left, y, eyebrow, 28, _MUTED))
    y += 24
    title_size = 60
    title = wrap(card.title, bold, title_size, width, 3)
    if len(title) == 3:  # a long title: a smaller size, still three lines at most
        title_size = 50
        title = wrap(card.title, bold, title_size, width, 3)
    for line in title:
        y += title_size * 1.18
        ops.append(Text(left, y, line, title_size, _FG, bold=True))
    y += 18
    subtitle_lines = 2 if len(title) < 3 else 1
    for line in wrap(card.subtitle, regular, 30, width, subtitle_lines):
        y += 40
        ops.append(Text(left, y, line, 30, _FG))
    if card.facts:
        y += 26
        for line in _fact_lines(card.facts, regular, 30, width, 2 if len(title) < 3 else 1):
            y += 42
            ops.append(Text(left, y, line, 30, _ACCENT_DARK))
    band = HEIGHT - _FOOTER
    host = _one_line(card.host)
    host_width = regular.width(host, 26)
    footer = ellipsize(_one_line(card.footer), bold, 28, _RIGHT - _LEFT - host_width - 48)
    ops.append(Rect(0, band, WIDTH, _FOOTER, _ACCENT_DARK))
    ops.append(Rect(0, 0, WIDTH, 12, _ACCENT))
    if footer:
        ops.append(Text(_LEFT, band + 58, footer, 28, "#ffffff", bold=True))
    ops.append(Text(_RIGHT, band + 58, host, 26, "#ffffff", anchor="end"))
    return Layout(card.lang, tuple(ops))


def undrawable(layout: Layout, fonts: Fonts) -> str:
    """The characters ``layout`` would draw wrongly, each once, in the order they come.

    These are the characters the theme's font has no glyph for in the face a line uses (drawn
    as empty boxes: Thai, Khmer, Lao, Burmese, Devanagari, CJK, emoji...) and right-to-left
    ones (the painter sets each line left to right, glyph by glyph, without shaping). Only the
    text the layout keeps is looked at: what an ellipsis cut off is not drawn.
    """
    found: dict[str, None] = {}
    for op in layout.ops:
        if isinstance(op, Text) and not op.text.isascii():  # the font has all of ASCII
            advances = fonts.metrics(op.bold).advances
            for ch in dict.fromkeys(op.text):
                if ch.isspace() or ch in found:
                    continue
                if ord(ch) not in advances or unicodedata.bidirectional(ch) in _RIGHT_TO_LEFT:
                    found[ch] = None
    return "".join(found)


def _one_line(text: str) -> str:
    """``text`` with each run of white space made one space (as wrapped text is)."""
    return " ".join(text.split())
