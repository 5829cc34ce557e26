"""A preview ``Layout`` drawn with Pillow: the published share-preview PNGs.

Glyphs are drawn by FreeType (inside Pillow's wheel) from the theme's DejaVu Sans files, one
at a time at the positions the layout measured with ``fontmetrics`` (unhinted advances): a
line is drawn exactly as wide as it was measured, and no library of the machine takes part
(Pillow's other text layout, Raqm, loads the system's FriBiDi when there is one, and Pillow's
own basic layout rounds every advance to whole pixels, which made lines up to 9 px wider
than measured). The badge or logo is drawn by resvg, once per distinct image and box, and
kept in this process; a rounded panel is drawn at four times its size and reduced, so its
corners are smooth. The PNG is written here (filter type 0 on every row, then zlib), which
is both smaller and faster than Pillow's encoder for these pictures (docs/performance.md).
Every step is deterministic: a layout gives the same bytes in every build and process.
"""

from __future__ import annotations

import io
import struct
import zlib
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from credcat.render.fontmetrics import load_metrics
from credcat.render.preview import Fonts, Layout, Rect, Text
from credcat.render.raster import PNG_COMPRESS_LEVEL, rasterise_image

_SUPERSAMPLE = 4
"""A rounded rectangle's mask is drawn at this many times its size, then reduced."""


def paint(layout: Layout, fonts: Fonts) -> bytes:
    """The PNG of ``layout``."""
    canvas = Image.new("RGB", (layout.width, layout.height), layout.background)
    draw = ImageDraw.Draw(canvas)
    for op in layout.ops:
        if isinstance(op, Text):
            _text(draw, op, fonts.bold if op.bold else fonts.regular)
        elif isinstance(op, Rect):
            box = (op.x, op.y, op.x + op.width, op.y + op.height)
            if op.radius:
                canvas.paste(op.fill, box, _rounded_mask(op.width, op.height, op.radius))
            else:
                draw.rectangle((box[0], box[1], box[2] - 1, box[3] - 1), fill=op.fill)
        else:
            image = picture(op.data, op.media_type, op.width, op.height)
            canvas.paste(image, (op.x, op.y), image)
    return encode_png(canvas)


def _text(draw: ImageDraw.ImageDraw, op: Text, path: Path) -> None:
    """One line, glyph by glyph from the measured advances (no kerning, as measured)."""
    metrics = load_metrics(path)
    font = _font(path, op.size)
    scale = op.size / metrics.units_per_em
    x = op.x - metrics.width(op.text, op.size) if op.anchor == "end" else op.x
    advance, fallback = metrics.advances.get, metrics.fallback
    for ch in op.text:
        if not ch.isspace():
            draw.text((x, op.y), ch, fill=op.fill, font=font, anchor="ls")
        x += advance(ord(ch), fallback) * scale


def encode_png(image: Image.Image) -> bytes:
    """An RGB ``image`` as PNG bytes: no filter (type 0 on each row), zlib at
    ``PNG_COMPRESS_LEVEL``, no ancillary chunks."""
    if image.mode != "RGB":
        raise ValueError(f"encode_png takes an RGB image, not {image.mode}")
    width, height = image.size
    raw = image.tobytes()
    stride = width * 3
    rows = b"".join(b"\0" + raw[i : i + stride] for i in range(0, stride * height, stride))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", zlib.compress(rows, PNG_COMPRESS_LEVEL)),
            _chunk(b"IEND", b""),
        )
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@lru_cache(maxsize=32)
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=16)
def _rounded_mask(width: int, height: int, radius: int) -> Image.Image:
    """An anti-aliased mask of a ``width`` x ``height`` rectangle with rounded corners."""
    k = _SUPERSAMPLE
    big = Image.new("L", (width * k, height * k), 0)
    ImageDraw.Draw(big).rounded_rectangle(
        (0, 0, width * k - 1, height * k - 1), radius=radius * k, fill=255
    )
    return big.reduce(k)


@lru_cache(maxsize=64)
def picture(data: bytes, media_type: str, width: int, height: int) -> Image.Image:
    """``data`` (PNG or SVG bytes) drawn by resvg into a transparent ``width`` x ``height``
    box, scaled to fit and centred, as the SVG form's ``<image preserveAspectRatio="xMidYMid
    meet">`` shows it. Kept for the next preview of the same image (many show one badge)."""
    drawn = Image.open(io.BytesIO(rasterise_image(data, media_type, width, height)))
    drawn.load()
    return drawn.convert("RGBA")
