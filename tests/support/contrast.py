"""WCAG 2.1 contrast ratios, and the default theme's colour palettes read from style.css."""

from __future__ import annotations

import re
from pathlib import Path

STYLE = Path(__file__).resolve().parents[2] / "themes" / "default" / "static" / "style.css"


def parse_colour(text: str) -> tuple[float, float, float, float]:
    """``#rgb``, ``#rrggbb``, ``rgb(r, g, b)`` or ``rgba(r, g, b, a)`` as 0-255 channels and
    an alpha from 0 to 1."""
    text = text.strip()
    if text.startswith("#"):
        digits = text[1:]
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        r, g, b = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
        return r, g, b, 1.0
    found = re.fullmatch(r"rgba?\(([^)]*)\)", text)
    if found is None:
        raise ValueError(f"not a colour: {text!r}")
    parts = [float(p) for p in re.split(r"[,\s/]+", found.group(1).strip()) if p]
    return parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else 1.0


def luminance(colour: str) -> float:
    """Relative luminance (WCAG 2.1)."""
    r, g, b, _ = parse_colour(colour)

    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """Contrast ratio of two opaque colours, from 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _declarations(block: str) -> dict[str, str]:
    return dict(re.findall(r"(--[a-z-]+)\s*:\s*([^;]+);", block))


def palettes(css: str | None = None) -> dict[str, dict[str, str]]:
    """The custom properties of the light (``:root``), dark and print palettes."""
    text = STYLE.read_text(encoding="utf-8") if css is None else css
    light = re.search(r"^:root\s*\{(.*?)\}", text, re.S | re.M)
    dark = re.search(r"@media \(prefers-color-scheme: dark\)\s*\{\s*:root\s*\{(.*?)\}", text, re.S)
    printed = re.search(r"@media print\s*\{\s*:root\s*\{(.*?)\}", text, re.S)
    assert light, "style.css lost its :root palette"
    assert dark, "style.css lost its dark palette"
    assert printed, "style.css lost its print palette"
    return {
        "light": _declarations(light.group(1)),
        "dark": _declarations(dark.group(1)),
        "print": _declarations(printed.group(1)),
    }
