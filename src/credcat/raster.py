"""SVG to PNG, with resvg and only the theme's own fonts, so the bytes are the same everywhere.

resvg is given the font files explicitly and told to skip the system's fonts: a preview built
on a laptop, in CI or on another operating system draws the same glyphs and writes the same
PNG bytes (see README "Dependencies, and why" for the comparison with CairoSVG).
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.metadata import version

import resvg_py

from credcat.preview import FAMILY, Fonts

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


_RECENT: dict[bytes, bytes] = {}
"""PNGs drawn lately in this process, by the hash of what they were drawn from: `credcat serve`
and the tests rebuild the same small catalogs into fresh folders, where the build cache
cannot help. Oldest first; at most ``_RECENT_MAX`` (about 14 MiB)."""
_RECENT_MAX = 256


@cache
def renderer_digest(fonts: Fonts) -> str:
    """The renderer's version and the font files' hash: part of every PNG's cache key."""
    digest = hashlib.sha256(f"resvg-py {version('resvg-py')}\0".encode())
    for path in (fonts.regular, fonts.bold):
        digest.update(path.read_bytes())
    return digest.hexdigest()
