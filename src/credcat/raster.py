"""SVG to PNG, with resvg and only the theme's own fonts, so the bytes are the same everywhere.

resvg is given the font files explicitly and told to skip the system's fonts: a preview built
on a laptop, in CI or on another operating system draws the same glyphs and writes the same
PNG bytes (see README "Dependencies, and why" for the comparison with CairoSVG).
"""

from __future__ import annotations

import hashlib
from functools import cache, lru_cache
from importlib.metadata import version

import resvg_py

from credcat.preview import FAMILY, Fonts

BADGE_PNG_WIDTH = 512
"""Width of the PNG published beside each SVG badge (height follows its aspect ratio)."""


def rasterise(svg: str, fonts: Fonts, *, width: int | None = None) -> bytes:
    """The PNG of ``svg``; with ``width``, scaled to that many pixels wide."""
    return _rasterise(svg, str(fonts.regular), str(fonts.bold), width)


@lru_cache(maxsize=64)
def _rasterise(svg: str, regular: str, bold: str, width: int | None) -> bytes:
    # Remembered within one process (a few recent pictures): `credcat serve` and the tests
    # rebuild the same small catalogs into fresh folders, where the build cache cannot help.
    data = resvg_py.svg_to_bytes(
        svg_string=svg,
        skip_system_fonts=True,
        font_files=[regular, bold],
        font_family=FAMILY,
        sans_serif_family=FAMILY,
        width=width,
    )
    return bytes(data)


@cache
def renderer_digest(fonts: Fonts) -> str:
    """The renderer's version and the font files' hash: part of every PNG's cache key."""
    digest = hashlib.sha256(f"resvg-py {version('resvg-py')}\0".encode())
    for path in (fonts.regular, fonts.bold):
        digest.update(path.read_bytes())
    return digest.hexdigest()
