"""SVG to PNG, with resvg and only the theme's own fonts, so the bytes are the same everywhere.

resvg draws the PNG published beside each SVG badge or logo, and the badge or logo that a
share preview shows (``paint.py`` draws the rest of the preview with Pillow). It is given the
font files explicitly and told to skip the system's fonts, so a picture built on a laptop,
in CI or on another operating system draws the same glyphs and writes the same PNG bytes (see
README "Dependencies, and why").
"""

from __future__ import annotations

import base64
import hashlib
import zlib
from functools import cache
from importlib.metadata import version

import resvg_py
from PIL import features

from credcat.render.preview import FAMILY, Fonts

BADGE_PNG_WIDTH = 512
"""Width of the PNG published beside each SVG badge (height follows its aspect ratio)."""


def rasterise(svg: str, fonts: Fonts, *, width: int | None = None) -> bytes:
    """The PNG of ``svg``; with ``width``, scaled to that many pixels wide."""
    key = hashlib.sha256(f"{fonts.regular}\0{fonts.bold}\0{width}\0{svg}".encode()).digest()
    found = _RECENT.get(key)
    if found is None:
        found = bytes(
            resvg_py.svg_to_bytes(
                svg_string=svg,
                skip_system_fonts=True,
                font_files=[str(fonts.regular), str(fonts.bold)],
                font_family=FAMILY,
                sans_serif_family=FAMILY,
                width=width,
            )
        )
        if len(_RECENT) >= _RECENT_MAX:
            del _RECENT[next(iter(_RECENT))]
        _RECENT[key] = found
    return found


def rasterise_image(data: bytes, media_type: str, width: int, height: int) -> bytes:
    """The PNG of an image (PNG or SVG bytes) fitted into a transparent ``width`` x ``height``
    box and centred, as an SVG ``<image preserveAspectRatio="xMidYMid meet">`` draws it."""
    href = f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">'
        f'<image width="{width}" height="{height}" preserveAspectRatio="xMidYMid meet" '
        f'href="{href}"/></svg>'
    )
    return bytes(resvg_py.svg_to_bytes(svg_string=svg, skip_system_fonts=True))


PNG_COMPRESS_LEVEL = 6
"""zlib level of the previews' PNGs: as small as resvg's were (about 50 KB) in about 12 ms;
level 1 takes about 5 ms but writes 25% more bytes, level 9 saves 8% for five times the
time (measured on the benchmark's cards, docs/performance.md)."""

_RECENT: dict[bytes, bytes] = {}
"""PNGs drawn lately in this process, by the hash of what they were drawn from: `credcat serve`
and the tests rebuild the same small catalogs into fresh folders, where the build cache
cannot help. Oldest first; at most ``_RECENT_MAX`` (about 14 MiB)."""
_RECENT_MAX = 256


@cache
def renderer_digest(fonts: Fonts) -> str:
    """What draws the PNGs besides their layout or SVG: the versions of resvg, of Pillow and
    the FreeType inside it, of the zlib that compresses the previews, their PNG level and
    the font files' bytes. Part of every PNG's cache key."""
    digest = hashlib.sha256(
        f"resvg-py {version('resvg-py')}\0Pillow {version('pillow')}\0"
        f"FreeType {features.version('freetype2')}\0zlib {zlib.ZLIB_RUNTIME_VERSION}\0"
        f"png level {PNG_COMPRESS_LEVEL}\0".encode()
    )
    for path in (fonts.regular, fonts.bold):
        digest.update(path.read_bytes())
    return digest.hexdigest()
