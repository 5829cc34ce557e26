"""Image checks: PNG signatures, safe SVG, paths inside the catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from credcat.diagnostics import Location
from credcat.images import load_image, svg_problem

WHERE = Location(path="x.md", line=3, col=8)
SAFE = (
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    b'<defs><linearGradient id="g"/></defs><title>ok</title>'
    b'<rect fill="url(#g)" width="4" height="4"/><use xlink:href="#g"/></svg>'
)


def test_safe_svg_passes() -> None:
    assert svg_problem(SAFE) is None


@pytest.mark.parametrize(
    ("svg", "reason"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>', "<script>"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="x"/>', "event handler"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:x"><text>a</text>'
            b"</a></svg>",
            "external",
        ),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>', "foreignObject"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(x.css);</style></svg>',
            "style",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://t.example/a)"/>'
            b"</svg>",
            "style",
        ),
        (b"<!DOCTYPE svg><svg/>", "DOCTYPE"),
        (b"<html><body/></html>", "not an SVG"),
        (b"<svg", "well-formed"),
    ],
)
def test_unsafe_svg_is_refused(svg: bytes, reason: str) -> None:
    problem = svg_problem(svg)
    assert problem is not None
    assert reason in problem


def test_image_must_stay_inside_the_catalog(tmp_path: Path) -> None:
    root = tmp_path / "content"
    (root / "images").mkdir(parents=True)
    (tmp_path / "secret.svg").write_bytes(SAFE)
    (root / "images" / "link.svg").symlink_to(tmp_path / "secret.svg")
    for rel in ("../secret.svg", "/etc/passwd.svg", "images/link.svg", ".hidden.svg"):
        image, problems = load_image(root, rel, 10_000, WHERE)
        assert image is None
        assert problems[0].code == "path.outside", rel


def test_png_is_checked_by_signature(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images/real.png").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 17
    )
    (tmp_path / "images/fake.png").write_bytes(b"<svg/>")
    image, problems = load_image(tmp_path, "images/real.png", 10_000, WHERE)
    assert image is not None
    assert image.media_type == "image/png"
    assert problems == []
    image, problems = load_image(tmp_path, "images/fake.png", 10_000, WHERE)
    assert image is None
    assert problems[0].code == "image.invalid"
