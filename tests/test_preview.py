"""Share previews (#18): Open Graph and Twitter card tags on every page, the PNG previews
they name (1200x630, the same bytes on every build, drawn by Pillow from a typed layout), a
PNG beside each SVG badge, the ``previews: false`` switch, and the "Add to LinkedIn profile"
link."""

from __future__ import annotations

import io
import json
import os
import shutil
import struct
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import resvg_py
from PIL import Image, ImageChops, ImageStat

from credcat.check.theme import builtin_theme
from credcat.core.diagnostics import Report
from credcat.publish.build import build
from credcat.render import paint, raster
from credcat.render.fontmetrics import load_metrics
from credcat.render.preview import (
    FAMILY,
    HEIGHT,
    WIDTH,
    Card,
    Picture,
    Rect,
    Text,
    compose,
    ellipsize,
    fonts_in,
    undrawable,
    wrap,
)
from credcat.render.share import linkedin_add_url
from tests.catalogs import credential, write_catalog

BASIC = Path(__file__).parent / "cases" / "basic" / "content"
BASE = "https://example.org/catalog/"
FONTS = fonts_in(builtin_theme() / "fonts")

REQUIRED = (
    "og:type",
    "og:site_name",
    "og:title",
    "og:description",
    "og:url",
    "og:locale",
    "og:image",
    "og:image:type",
    "og:image:width",
    "og:image:height",
    "og:image:alt",
    "twitter:card",
    "twitter:title",
    "twitter:description",
    "twitter:image",
    "twitter:image:alt",
)


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.canonical: str | None = None
        self.refresh = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "meta":
            key = found.get("property") or found.get("name")
            if key and (key.startswith(("og:", "twitter:"))):
                self.meta.setdefault(key, []).append(found.get("content") or "")
            if found.get("http-equiv") == "refresh":
                self.refresh = True
        if tag == "link" and found.get("rel") == "canonical":
            self.canonical = found.get("href")


def _head(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("preview")
    content = root / "content"
    shutil.copytree(BASIC, content)
    assert build(content, Report(), output=root / "site", progress=False) is not None
    return root / "site"


def test_every_page_has_share_tags_naming_a_published_preview(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    kinds = {p.relative_to(site).parts[0] if len(p.parts) else "" for p in pages}
    for kind in ("credentials", "issuers", "browse", "archive", "pathways", "verify", "ms"):
        assert kind in kinds
    assert (site / "404.html") in pages
    redirects = 0
    for page in pages:
        head = _head(page)
        where = page.relative_to(site).as_posix()
        missing = [k for k in REQUIRED if k not in head.meta]
        assert not missing, f"{where}: no {missing}"
        meta = {k: v[0] for k, v in head.meta.items()}
        assert meta["twitter:card"] == "summary_large_image", where
        assert meta["og:image"] == meta["twitter:image"], where
        assert all(meta[k] for k in ("og:image:alt", "og:title", "og:description")), where
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630"), where
        assert meta["og:image:type"] == "image/png", where
        image = meta["og:image"].removeprefix(BASE)
        assert image != meta["og:image"], where
        assert _png_size((site / image).read_bytes()) == (WIDTH, HEIGHT), where
        assert meta["og:url"].startswith(BASE), where
        if head.canonical:
            assert meta["og:url"] == head.canonical, where
        redirects += head.refresh
        lang = "ms" if where.startswith("ms/") else "en"
        assert meta["og:locale"] == {"en": "en_US", "ms": "ms_MY"}[lang], where
        if where != "404.html" and not head.refresh:
            other = {"en": "ms_MY", "ms": "en_US"}[lang]
            assert head.meta.get("og:locale:alternate") == [other], where
    assert redirects > 0


def test_pages_name_their_own_preview(site: Path) -> None:
    meta = _head(site / "credentials/data-cleaning/index.html").meta
    assert meta["og:type"] == ["article"]
    assert meta["og:title"] == ["Data Cleaning"]
    assert meta["og:image"] == [f"{BASE}previews/credentials/data-cleaning.png"]
    assert "North University" in meta["og:image:alt"][0]
    assert "Free" in meta["og:image:alt"][0]
    ms = _head(site / "ms/credentials/data-cleaning/index.html").meta
    assert ms["og:image"] == [f"{BASE}previews/credentials/data-cleaning.ms.png"]
    issuer = _head(site / "issuers/north-uni/index.html").meta
    assert issuer["og:image"] == [f"{BASE}previews/issuers/north-uni.png"]
    home = _head(site / "index.html").meta
    assert home["og:image"] == [f"{BASE}previews/catalog.png"]
    assert home["og:url"] == [BASE]
    assert _head(site / "404.html").meta["og:url"] == [BASE]
    moved = _head(site / "issuers/northern-university/index.html")
    assert moved.refresh
    assert moved.meta["og:url"] == [f"{BASE}issuers/north-uni/"]
    assert moved.meta["og:image"] == issuer["og:image"]


def test_each_svg_badge_has_a_png_beside_it(site: Path) -> None:
    svgs = [*sorted((site / "images").glob("*.svg")), site / "assets/badge.svg"]
    for svg in svgs:
        png = svg.with_name(svg.name + ".png")
        width, height = _png_size(png.read_bytes())
        assert width == 512
        assert height > 0
    assert not (site / "images/chart.png.png").exists()


def test_previews_are_the_same_bytes_on_every_build(site: Path, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(BASIC, content)
    raster._RECENT.clear()  # draw every picture again, not from this process's memory
    paint.picture.cache_clear()
    assert build(content, Report(), output=tmp_path / "again", progress=False) is not None
    pngs = sorted(p.relative_to(site) for p in site.rglob("*.png") if "previews" in p.parts)
    pngs += sorted(p.relative_to(site) for p in site.rglob("*.svg.png"))
    assert len(pngs) > 10
    for rel in pngs:
        assert (tmp_path / "again" / rel).read_bytes() == (site / rel).read_bytes(), rel


def test_previews_are_cached_and_redrawn_when_what_they_show_changes(tmp_path: Path) -> None:
    content = write_catalog(tmp_path, {"credentials/second.md": credential(title="Second")})
    out = tmp_path / "site"
    assert build(content, Report(), output=out, progress=False) is not None
    preview = out / "previews/credentials/second.png"
    other = out / "previews/credentials/data-basics.png"
    before, other_before = preview.read_bytes(), other.read_bytes()
    again = build(content, Report(), output=out, progress=False)
    assert again is not None
    assert again.stats is not None
    assert again.stats.written == 0
    path = content / "credentials/second.md"
    path.write_text(credential(title="Second, edited"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert build(content, Report(), output=out, progress=False) is not None
    assert preview.read_bytes() != before
    assert other.read_bytes() == other_before


TEXT_TAGS = (
    *("og:type", "og:title", "og:description", "og:url", "og:locale"),
    *("twitter:card", "twitter:title", "twitter:description"),
)


@pytest.fixture(scope="module")
def without(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The basic catalog built with ``previews: false``."""
    root = tmp_path_factory.mktemp("no-previews")
    content = root / "content"
    shutil.copytree(BASIC, content)
    with (content / "catalog.yaml").open("a", encoding="utf-8") as handle:
        handle.write("previews: false\n")
    assert build(content, Report(), output=root / "site", progress=False) is not None
    return root / "site"


def test_without_previews_no_preview_is_drawn_and_pages_keep_their_text_tags(
    without: Path,
) -> None:
    assert not (without / "previews").exists()
    assert (without / "images/data.svg.png").exists()  # badge PNGs are still published
    pages = sorted(without.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        head = _head(page)
        where = page.relative_to(without).as_posix()
        meta = {k: v[0] for k, v in head.meta.items()}
        assert all(meta.get(k) for k in TEXT_TAGS), where
        assert meta["twitter:card"] == "summary", where
        assert "previews/" not in page.read_text(encoding="utf-8"), where
        if "og:image" not in meta:
            assert not any(k.startswith(("og:image", "twitter:image")) for k in meta), where
            continue
        assert meta["og:image"] == meta["twitter:image"], where
        assert meta["og:image:alt"] == meta["twitter:image:alt"] != "", where
        assert meta["og:image:type"] == "image/png", where
        image = without / meta["og:image"].removeprefix(BASE)
        size = (meta["og:image:width"], meta["og:image:height"])
        assert size == tuple(map(str, _png_size(image.read_bytes()))), where


def test_without_previews_pages_name_the_badge_or_the_logo(without: Path) -> None:
    def image(page: str) -> tuple[str, str] | None:
        meta = _head(without / page).meta
        if "og:image" not in meta:
            return None
        return meta["og:image"][0].removeprefix(BASE), meta["og:image:alt"][0]

    assert image("credentials/data-cleaning/index.html") == ("images/data.svg.png", "Data Cleaning")
    assert image("ms/credentials/data-cleaning/index.html") == (
        "images/data.svg.png",
        "Pembersihan Data",
    )
    assert image("credentials/data-visualisation/index.html") == (
        "images/chart.png",
        "Data Visualisation",
    )
    # No image of its own: the theme's badge, as on the page.
    assert image("credentials/data-certificate/index.html") == (
        "assets/badge.svg.png",
        "Certificate in Data Practice",
    )
    assert image("issuers/north-uni/index.html") == ("images/north.svg.png", "North University")
    assert image("issuers/northern-university/index.html") == image("issuers/north-uni/index.html")
    assert image("issuers/skills-board/index.html") is None  # no logo
    assert image("index.html") is None
    assert image("browse/index.html") is None
    meta = _head(without / "credentials/data-cleaning/index.html").meta
    assert meta["og:image:width"] == ["512"]


def test_flipping_the_previews_switch_rebuilds_as_a_clean_build_does(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(BASIC, content)
    catalog = content / "catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    out, served = tmp_path / "site", tmp_path / "served"
    assert build(content, Report(), output=out, progress=False) is not None
    kept = build(content, Report(), output=served, progress=False)
    assert kept is not None
    for step, value in enumerate(("false", "true", "false")):
        catalog.write_text(f"{text}previews: {value}\n", encoding="utf-8")
        clean = tmp_path / f"clean-{step}"
        assert build(content, Report(), output=clean, progress=False) is not None
        assert build(content, Report(), output=out, progress=False) is not None
        kept = build(content, Report(), output=served, previous=kept, progress=False)
        assert kept is not None
        expected = _files(clean)
        assert (clean / "previews").exists() == (value == "true")
        for other in (out, served):
            got = _files(other)
            assert sorted(got) == sorted(expected), (step, other.name)
            assert [p for p in expected if got[p] != expected[p]] == [], (step, other.name)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_long_titles_wrap_and_end_with_an_ellipsis() -> None:
    metrics = load_metrics(FONTS.bold)
    title = (
        "Pengurusan Keselamatan dan Kesihatan Pekerjaan di Tapak Pembinaan untuk Penyelia "
        "Projek Infrastruktur Awam Berskala Besar dan Kontraktor Kecil"
    )
    lines = wrap(title, metrics, 50, 700, 3)
    assert len(lines) == 3
    assert lines[-1].endswith("…")
    assert all(metrics.width(line, 50) <= 700 for line in lines)
    assert " ".join(lines).startswith("Pengurusan Keselamatan dan")
    word = "Kewarganegaraan" * 6
    cut = wrap(word, metrics, 50, 400, 3)
    assert all(metrics.width(line, 50) <= 400 for line in cut)
    assert ellipsize("Short", metrics, 30, 400) == "Short"
    assert wrap("Short title", metrics, 50, 700, 3) == ["Short title"]


CARD: dict[str, Any] = {
    "lang": "id",
    "eyebrow": "Mikro-kredensial · Politeknik Nusantara",
    "title": "Instalasi Panel Surya Atap untuk Rumah Tangga & Usaha Kecil <Dasar>",
    "subtitle": "Memasang dan merawat sistem panel surya atap secara aman.",
    "facts": ["Gratis", "40 jam", "KKNI 3", "Campuran"],
    "footer": "Katalog Mikro-kredensial Kemahiran ASEAN",
    "host": "credcat.github.io/example",
}
"""A card with a long title, text to escape and the theme's badge (added where it is used)."""


def _card() -> Card:
    badge = (builtin_theme() / "static/badge.svg").read_bytes()
    return Card(**{**CARD, "facts": tuple(CARD["facts"])}, image=badge)


def test_preview_layout_is_typed_and_its_svg_form_escapes_text() -> None:
    layout = compose(_card(), FONTS)
    assert layout == compose(_card(), FONTS)
    texts = [op for op in layout.ops if isinstance(op, Text)]
    assert any("& Usaha" in op.text for op in texts)
    [picture] = [op for op in layout.ops if isinstance(op, Picture)]
    assert (picture.width, picture.height, picture.media_type) == (300, 300, "image/svg+xml")
    assert [op.radius for op in layout.ops if isinstance(op, Rect)] == [24, 0, 0]
    for op in texts:  # every line fits the card, as measured
        metrics = load_metrics(FONTS.bold if op.bold else FONTS.regular)
        start = op.x - metrics.width(op.text, op.size) if op.anchor == "end" else op.x
        assert start >= 0, op
        assert start + metrics.width(op.text, op.size) <= WIDTH - 64, op
    svg = layout.svg()
    assert "&amp; Usaha" in svg
    assert "<Dasar>" not in svg
    # The key names the image by its bytes' digest, so another badge is another key.
    other = compose(Card(**{**CARD, "facts": ()}, image=b"<svg/>"), FONTS)
    assert picture.digest in layout.key()
    assert other.key() != layout.key()


def test_preview_is_1200_by_630_and_the_same_bytes_in_another_process() -> None:
    layout = compose(_card(), FONTS)
    first = paint.paint(layout, FONTS)
    paint.picture.cache_clear()
    assert paint.paint(layout, FONTS) == first
    script = (
        "import json, sys; from credcat.render.paint import paint;"
        "from credcat.render.preview import Card, compose, fonts_in;"
        "from credcat.check.theme import builtin_theme;"
        "fields = json.loads(sys.stdin.read()); fields['facts'] = tuple(fields['facts']);"
        "badge = (builtin_theme() / 'static/badge.svg').read_bytes();"
        "fonts = fonts_in(builtin_theme() / 'fonts');"
        "sys.stdout.buffer.write(paint(compose(Card(**fields, image=badge), fonts), fonts))"
    )
    other = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(CARD).encode(),
        capture_output=True,
        check=True,
    )
    assert other.stdout == first
    assert _png_size(first) == (WIDTH, HEIGHT)
    with Image.open(io.BytesIO(first)) as image:
        assert image.mode == "RGB"
        assert image.getpixel((WIDTH // 2, HEIGHT - 10)) == (8, 63, 120)  # the footer band


def test_painted_preview_looks_like_the_svg_drawn_by_resvg() -> None:
    """The painter draws what the layout's SVG form shows: same places, colours and sizes
    (what differs is how the edges of glyphs are smoothed, and kerning)."""
    layout = compose(_card(), FONTS)
    painted = Image.open(io.BytesIO(paint.paint(layout, FONTS))).convert("RGB")
    reference = resvg_py.svg_to_bytes(
        svg_string=layout.svg(),
        skip_system_fonts=True,
        font_files=[str(FONTS.regular), str(FONTS.bold)],
        font_family=FAMILY,
        sans_serif_family=FAMILY,
    )
    drawn = Image.open(io.BytesIO(bytes(reference))).convert("RGB")
    difference = ImageChops.difference(painted, drawn)
    assert max(ImageStat.Stat(difference).mean) < 7
    # Seen from afar (10x10 pixel blocks), the text is in the same places, as heavy.
    far = ImageChops.difference(painted.reduce(10), drawn.reduce(10))
    assert max(ImageStat.Stat(far).mean) < 4
    # The badge, its panel and the bands are the same picture, pixel for pixel or nearly.
    for box in ((48, 101, 380, 433), (0, 0, WIDTH, 12), (0, 534, 40, HEIGHT)):
        assert max(ImageStat.Stat(difference.crop(box)).mean) < 0.5, box


def test_linkedin_link_carries_the_documented_parameters() -> None:
    link = linkedin_add_url(
        "Data & AI: Level 1/2", "Universiti Maju + Partners", "https://example.org/c/x/?a=1"
    )
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "www.linkedin.com", "/profile/add")
    assert " " not in link
    assert "&name=Data%20%26%20AI%3A%20Level%201%2F2&" in link
    assert parse_qs(parts.query) == {
        "startTask": ["CERTIFICATION_NAME"],
        "name": ["Data & AI: Level 1/2"],
        "organizationName": ["Universiti Maju + Partners"],
        "certUrl": ["https://example.org/c/x/?a=1"],
    }


def test_only_active_credentials_offer_linkedin(site: Path) -> None:
    active = (site / "credentials/data-cleaning/index.html").read_text(encoding="utf-8")
    assert "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME" in active
    retired = [
        p
        for p in (site / "credentials").glob("*/index.html")
        if "This credential is retired" in p.read_text(encoding="utf-8")
    ]
    assert retired
    for page in retired:
        assert "linkedin.com" not in page.read_text(encoding="utf-8")


def test_a_preview_the_font_cannot_draw_is_not_drawn_and_the_build_says_where(
    tmp_path: Path,
) -> None:
    thai = "การวิเคราะห์ข้อมูล"
    translated = f'---\ntranslates: "1.0"\ntitle: {thai}\n---\n'
    content = write_catalog(
        tmp_path,
        {
            "catalog.yaml": (
                "title: Test catalog\nbase_url: https://example.org/catalog/\n"
                "language: en\nlanguages: [en, th]\n"
            ),
            "credentials/rocket.md": credential(title="Rocket basics 🚀"),
            "translations/th/credentials/data-basics.md": translated,
        },
    )
    out = tmp_path / "site"
    report = Report()
    assert build(content, report, output=out, progress=False) is not None
    found = {(Path(d.location.path).name, d.code) for d in report.warnings}
    assert ("data-basics.md", "preview.missing-glyph") in found
    assert ("rocket.md", "preview.missing-glyph") in found
    by_file = {
        Path(d.location.path).as_posix(): d
        for d in report.warnings
        if d.code == "preview.missing-glyph"
    }
    thai_warning = next(
        d for p, d in by_file.items() if p.endswith("th/credentials/data-basics.md")
    )
    assert "U+0E01 THAI CHARACTER KO KAI" in thai_warning.message
    assert "images/badge.svg.png" in thai_warning.message
    rocket = next(d for p, d in by_file.items() if p.endswith("credentials/rocket.md"))
    assert "U+1F680 ROCKET" in rocket.message
    # Drawable text keeps its preview; the rest name the badge's PNG, never an empty box.
    assert (out / "previews/credentials/data-basics.png").is_file()
    assert not list((out / "previews").rglob("data-basics.th.png"))
    assert not list((out / "previews").rglob("rocket*.png"))

    def image(page: str) -> str:
        return _head(out / page).meta["og:image"][0].removeprefix(BASE)

    assert image("credentials/data-basics/index.html") == "previews/credentials/data-basics.png"
    assert image("th/credentials/data-basics/index.html") == "images/badge.svg.png"
    assert image("credentials/rocket/index.html") == "images/badge.svg.png"
    assert _head(out / "th/credentials/data-basics/index.html").meta["twitter:card"] == ["summary"]
    # Thai has no interface translation here: the catalog's preview draws the same picture
    # in both languages, so it is one file.
    assert image("th/index.html") == image("index.html") == "previews/catalog.png"
    assert not (out / "previews/catalog.th.png").exists()
    # The same warnings on a build with nothing changed (not cached away), and none without
    # previews.
    again = Report()
    assert build(content, again, output=out, progress=False) is not None
    assert [d.format() for d in again.warnings] == [d.format() for d in report.warnings]
    with (content / "catalog.yaml").open("a", encoding="utf-8") as handle:
        handle.write("previews: false\n")
    quiet = Report()
    assert build(content, quiet, output=out, progress=False) is not None
    assert not [d for d in quiet.warnings if d.code == "preview.missing-glyph"]


def test_right_to_left_text_and_missing_glyphs_are_undrawable() -> None:
    def missing(title: str) -> str:
        card = Card(
            lang="en", eyebrow="Course", title=title, subtitle="", facts=(), footer="", host="x"
        )
        return undrawable(compose(card, FONTS), FONTS)

    assert missing("Data analysis, Ứng dụng, Анализ, Ανάλυση") == ""
    hebrew = "ניתוח נתונים"  # DejaVu has its letters, but it is written right to left
    assert missing(hebrew) == "".join(dict.fromkeys(hebrew.replace(" ", "")))
    assert missing("データ分析") != ""
    assert missing("ការវិភាគ") != ""  # Khmer
