"""Image checks: SVGs by an allow list and rewritten, PNGs by structure and limits, paths inside
the catalog."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from credcat.check.images import MAX_PIXELS, load_image, png_problem
from credcat.check.svg import check_svg
from credcat.core.diagnostics import Location

WHERE = Location(path="x.md", line=3, col=8)
SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
SAFE = (
    f'{SVG}<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/>'
    "</linearGradient><style>.a { fill: url(#g); stroke: #000 }</style></defs>"
    '<title>ok</title><rect class="a" fill="url(#g)" width="4" height="4" '
    'style="stroke-width: 2"/><use xlink:href="#g"/><text xml:space="preserve">A &amp; B'
    "</text></svg>"
).encode()

HOSTILE = {
    "script": f"{SVG}<script>alert(1)</script></svg>",
    "event handler": f'{SVG}<rect onload="alert(1)"/></svg>',
    "smil set href": f'{SVG}<a><set attributeName="href" to="javascript:alert(1)"/>'
    "<text>x</text></a></svg>",
    "smil animate": f'{SVG}<animate attributeName="href" values="javascript:alert(1)"/></svg>',
    "xhtml iframe": f'{SVG}<iframe xmlns="http://www.w3.org/1999/xhtml" '
    'src="javascript:alert(1)"/></svg>',
    "foreignObject": f'{SVG}<foreignObject><body xmlns="http://www.w3.org/1999/xhtml">'
    "<script>alert(1)</script></body></foreignObject></svg>",
    "meta refresh": f'{SVG}<meta xmlns="http://www.w3.org/1999/xhtml" http-equiv="refresh" '
    'content="0;url=https://evil.example/"/></svg>',
    "xml-stylesheet": '<?xml-stylesheet type="text/xsl" href="data:,x"?>' + f"{SVG}</svg>",
    "doctype": f'<!DOCTYPE svg [<!ENTITY x "y">]>{SVG}&x;</svg>',
    "external entity": f'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>{SVG}&x;</svg>',
    "css escaped url": f"{SVG}<style>rect {{ fill: u\\72l(https://evil.example/) }}</style></svg>",
    "css import": f"{SVG}<style>@import 'https://evil.example/a.css';</style></svg>",
    "css external url": f'{SVG}<rect style="fill:url(https://evil.example/a)"/></svg>',
    "css unknown property": f'{SVG}<rect style="behavior: url(#x)"/></svg>',
    "link preload": f'{SVG}<link xmlns="http://www.w3.org/1999/xhtml" rel="preload" '
    'href="https://evil.example/x"/></svg>',
    "image http": f'{SVG}<image href="https://evil.example/x.png"/></svg>',
    "use external file": f'{SVG}<use href="other.svg#a"/></svg>',
    "xlink javascript": f'{SVG}<use xlink:href="javascript:alert(1)"/></svg>',
    "a href": f'{SVG}<a href="https://evil.example/"><text>go</text></a></svg>',
    "filter url": f'{SVG}<rect filter="url(https://evil.example/f.svg#f)"/></svg>',
    "feImage": f'{SVG}<filter id="f"><feImage href="https://evil.example/x"/></filter></svg>',
    "foreign attribute": '<svg xmlns="http://www.w3.org/2000/svg" xmlns:i="urn:x" i:a="1"/>',
    "style holding elements": f"{SVG}<style><rect/>rect {{ fill: red }}</style></svg>",
    "css comment unclosed": f"{SVG}<style>rect {{ fill: red }} /* </style></svg>",
    "no namespace": "<svg><rect/></svg>",
    "html root": "<html><body/></html>",
    "not well-formed": "<svg",
}


def test_safe_svg_passes_and_is_written_out_again() -> None:
    result = check_svg(SAFE)
    assert result.problems == ()
    assert result.data is not None
    again = check_svg(result.data)
    assert again.problems == ()
    assert again.data == result.data  # the rewrite is stable
    assert b"A &amp; B" in result.data
    assert result.data.startswith(SVG.encode())


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_svg_is_refused_with_a_position(name: str) -> None:
    result = check_svg(HOSTILE[name].encode())
    assert result.problems, name
    assert all(p.line >= 1 and p.col >= 1 for p in result.problems)
    if result.data is not None:  # what import would keep: nothing hostile is left
        cleaned = result.data.decode()
        for word in ("script", "javascript", "evil", "iframe", "animate", "<set", "<a", "@"):
            assert word not in cleaned, (name, cleaned)
        assert check_svg(result.data).problems == ()


def test_css_comments_are_not_published() -> None:
    svg = f'{SVG}<style>/* a */ rect {{ fill: red }}</style><rect style="fill:/*b*/blue"/></svg>'
    result = check_svg(svg.encode())
    assert result.problems == ()
    assert result.data is not None
    assert b"/*" not in result.data
    assert b"fill: red" in result.data


def test_problems_name_their_line_and_column(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    svg = f'{SVG}\n  <rect width="1"/>\n  <animate attributeName="x"/>\n</svg>'
    (tmp_path / "images/a.svg").write_text(svg, encoding="utf-8")
    image, problems = load_image(tmp_path, "images/a.svg", 10_000, WHERE)
    assert image is None
    assert [(p.location.line, p.location.col, p.code) for p in problems] == [
        (3, 3, "image.unsafe-svg")
    ]
    assert problems[0].message == "element <animate> is not allowed in a badge"
    assert problems[0].location.path.endswith("images/a.svg")


def test_a_published_svg_is_the_checked_rewrite(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    source = b"<?xml version='1.0'?>\n<!-- made by hand -->\n" + SAFE
    (tmp_path / "images/a.svg").write_bytes(source)
    image, problems = load_image(tmp_path, "images/a.svg", 10_000, WHERE)
    assert problems == []
    assert image is not None
    assert image.data == check_svg(SAFE).data
    assert b"made by hand" not in image.data


def test_image_must_stay_inside_the_catalog(tmp_path: Path) -> None:
    root = tmp_path / "content"
    (root / "images").mkdir(parents=True)
    (tmp_path / "secret.svg").write_bytes(SAFE)
    (root / "images" / "link.svg").symlink_to(tmp_path / "secret.svg")
    (root / "images" / "dangling.svg").symlink_to(tmp_path / "gone.svg")
    for rel in (
        "../secret.svg",
        "/etc/passwd.svg",
        "images/link.svg",
        "images/dangling.svg",
        ".hidden.svg",
    ):
        image, problems = load_image(root, rel, 10_000, WHERE)
        assert image is None
        assert problems[0].code == "path.outside", rel
        assert "secret" not in problems[0].message.replace(rel, "")


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(
    width: int = 2,
    height: int = 2,
    *,
    pixels: bytes | None = None,
    extra: bytes = b"",
    after: bytes = b"",
    colour: int = 2,
    interlace: int = 0,
) -> bytes:
    """A real RGB PNG (or a crafted one, from the keyword arguments)."""
    header = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, interlace)
    raw = (
        pixels
        if pixels is not None
        else b"".join(b"\0" + b"\x80" * 3 * width for _ in range(height))
    )
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + extra
        + _chunk(b"IDAT", zlib.compress(raw))
        + _chunk(b"IEND", b"")
        + after
    )


def _adam7_raw(width: int, height: int) -> bytes:
    raw = b""
    for x0, y0, dx, dy in (
        (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
        (0, 1, 1, 2),
    ):  # fmt: skip
        w = max(0, (width - x0 + dx - 1) // dx)
        h = max(0, (height - y0 + dy - 1) // dy)
        if w and h:
            raw += (b"\0" + b"\1" * 3 * w) * h
    return raw


def test_real_pngs_pass() -> None:
    assert png_problem(png()) is None
    assert png_problem(png(300, 300)) is None
    assert png_problem(png(13, 7, interlace=1, pixels=_adam7_raw(13, 7))) is None
    text = b"openbadges\0\0\0\0\0" + b'{"id": "x"}'
    assert png_problem(png(extra=_chunk(b"iTXt", text))) is None
    for path in ("content/images/badge-python.png", "tests/cases/basic/content/images/chart.png"):
        assert png_problem(Path(path).read_bytes()) is None, path


BAD_PNGS = {
    "jpeg": (b"\xff\xd8\xff\xe0" + b"\0" * 40, "is a JPEG image"),
    "gif": (b"GIF89a" + b"\0" * 40, "is a GIF image"),
    "webp": (b"RIFF\0\0\0\0WEBPVP8 " + b"\0" * 40, "is a WebP image"),
    "html": (b"<html><script>alert(1)</script></html>", "is an XML or HTML file"),
    "signature only": (b"\x89PNG\r\n\x1a\n", "cut short"),
    "bad checksum": (png()[:45] + b"\xff" + png()[46:], "wrong checksum"),
    "huge dimensions": (png(100_000, 100_000, pixels=b""), "the limit is"),
    "too many pixels": (png(8000, 8000, pixels=b""), f"{MAX_PIXELS} pixels"),
    "zero width": (png(0, 5, pixels=b""), "0x5 pixels"),
    "decompression bomb": (png(2, 2, pixels=b"\0" * 50_000_000), "decompresses to more"),
    "cut short pixels": (png(64, 64, pixels=b"\0" * 10), "cut short"),
    "data after the end": (png(after=b"<script>alert(1)</script>"), "bytes after its end"),
    "unknown chunk": (png(extra=_chunk(b"evIL", b"x")), "'evIL'"),
    "animated": (png(extra=_chunk(b"acTL", b"\0" * 8)), "'acTL'"),
    "bad colour type": (png(colour=5), "colour type"),
    "text bomb": (
        png(extra=_chunk(b"zTXt", b"k\0\0" + zlib.compress(b"a" * 5_000_000))),
        "text chunk",
    ),
    "no header": (b"\x89PNG\r\n\x1a\n" + _chunk(b"IEND", b""), "IHDR"),
}


@pytest.mark.parametrize("name", sorted(BAD_PNGS))
def test_bad_pngs_are_refused(name: str) -> None:
    data, reason = BAD_PNGS[name]
    problem = png_problem(data)
    assert problem is not None, name
    assert reason in problem, problem


def test_a_bad_png_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images/fake.png").write_bytes(b"<svg/>")
    image, problems = load_image(tmp_path, "images/fake.png", 10_000, WHERE)
    assert image is None
    assert problems[0].code == "image.invalid"
    assert problems[0].location == WHERE
    assert problems[0].message == (
        "'images/fake.png': named .png but is an XML or HTML file; badges are PNG or SVG"
    )
