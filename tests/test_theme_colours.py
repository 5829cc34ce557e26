"""The default theme's colours: every pairing the theme draws meets WCAG 2.1 AA, in the light
and dark schemes and in print (#18). The same ratios are measured in Chromium by
tests/test_site_browser.py; this test explains a failure by name."""

from __future__ import annotations

import re

import pytest

from tests.support.contrast import STYLE, contrast, palettes

TEXT = [
    ("--fg", "--bg"),
    ("--fg", "--panel"),
    ("--fg", "--notice"),
    ("--fg", "--field-bg"),
    ("--muted", "--bg"),
    ("--muted", "--panel"),
    ("--accent", "--bg"),
    ("--accent", "--panel"),
    ("--accent", "--notice"),
    ("--accent-dark", "--bg"),
    ("--on-accent", "--accent"),
    ("--on-accent", "--accent-dark"),
    ("--on-header", "--header-bg"),
    ("--ok", "--bg"),
    ("--bad", "--bg"),
    ("--warn", "--bg"),
]
"""(text, background) pairs the theme draws: 4.5:1 (WCAG 1.4.3)."""

NON_TEXT = [
    ("--focus", "--bg"),
    ("--focus", "--panel"),
    ("--focus", "--notice"),
    ("--focus-on-header", "--header-bg"),
    ("--field-line", "--bg"),
    ("--field-line", "--field-bg"),
    ("--accent", "--bg"),  # pathway boxes and buttons
    ("--accent-dark", "--panel"),  # the pathway arrow
]
"""Focus indicators, field borders and diagram strokes: 3:1 (WCAG 1.4.11)."""

SCHEMES = ["light", "dark"]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(("fg", "bg"), TEXT)
def test_text_colours_meet_4_5_to_1(scheme: str, fg: str, bg: str) -> None:
    palette = palettes()[scheme]
    ratio = contrast(palette[fg], palette[bg])
    assert ratio >= 4.5, f"{scheme}: {fg} on {bg} is {ratio:.2f}:1"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(("fg", "bg"), NON_TEXT)
def test_focus_ring_and_borders_meet_3_to_1(scheme: str, fg: str, bg: str) -> None:
    palette = palettes()[scheme]
    ratio = contrast(palette[fg], palette[bg])
    assert ratio >= 3, f"{scheme}: {fg} against {bg} is {ratio:.2f}:1"


def test_the_old_focus_ring_would_fail() -> None:
    """The amber ring of earlier versions is 2.0:1 against white: why --focus changed."""
    assert contrast("#f2a900", "#ffffff") < 3


def test_dark_and_print_palettes_redefine_every_colour() -> None:
    """A colour left out of the dark palette would be the light one on a dark page."""
    found = palettes()
    colours = {k for k, v in found["light"].items() if v.startswith("#") or v == "transparent"}
    assert colours <= set(found["dark"]), colours - set(found["dark"])
    assert colours - {"--focus-on-header"} <= set(found["print"])
    assert found["print"]["--fg"] == "#000"
    assert found["print"]["--bg"] == "#fff"


def test_rules_take_their_colours_from_the_palette() -> None:
    """Outside the palettes (and the print rules, which are black on white), a colour is a
    custom property, so the dark scheme and a catalog's extra_css re-colour everything."""
    css = STYLE.read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = css[: css.index("@media print")] + css[_end_of_block(css, css.index("@media print")) :]
    css = re.sub(r"^:root\s*\{.*?\}", "", css, flags=re.S | re.M)
    dark = r"@media \(prefers-color-scheme: dark\)\s*\{\s*:root\s*\{.*?\}"
    css = re.sub(dark, "", css, flags=re.S)
    literal = re.findall(r"[^{};]*(?:#[0-9a-fA-F]{3,8}\b|rgba?\()[^;}]*", css)
    assert literal == []


def _end_of_block(css: str, start: int) -> int:
    depth = 0
    for n in range(css.index("{", start), len(css)):
        depth += {"{": 1, "}": -1}.get(css[n], 0)
        if depth == 0:
            return n + 1
    raise AssertionError("unbalanced braces in style.css")
