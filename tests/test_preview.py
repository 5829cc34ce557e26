"""Share previews (#18): Open Graph and Twitter card tags on every page, the PNG previews
they name (1200x630, the same bytes on every build), a PNG beside each SVG badge, and the
"Add to LinkedIn profile" link."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from credcat import raster
from credcat.build import build
from credcat.diagnostics import Report
from credcat.fontmetrics import load_metrics
from credcat.preview import HEIGHT, WIDTH, Card, compose, ellipsize, fonts_in, wrap
from credcat.raster import rasterise
from credcat.share import linkedin_add_url
from credcat.theme import builtin_theme
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


def test_preview_is_1200_by_630_and_deterministic() -> None:
    badge = (builtin_theme() / "static/badge.svg").read_bytes()
    card = Card(
        lang="id",
        eyebrow="Mikro-kredensial · Politeknik Nusantara",
        title="Instalasi Panel Surya Atap untuk Rumah Tangga & Usaha Kecil <Dasar>",
        subtitle="Memasang dan merawat sistem panel surya atap secara aman.",
        facts=("Gratis", "40 jam", "KKNI 3", "Campuran"),
        footer="Katalog Mikro-kredensial Kemahiran ASEAN",
        host="credcat.github.io/example",
        image=badge,
    )
    svg = compose(card, FONTS)
    assert "&amp; Usaha" in svg
    assert "<Dasar>" not in svg
    first = rasterise(svg, FONTS)
    raster._RECENT.clear()
    assert rasterise(svg, FONTS) == first
    script = (
        "import sys; from credcat.preview import fonts_in; from credcat.raster import rasterise;"
        "from credcat.theme import builtin_theme;"
        "sys.stdout.buffer.write(rasterise(sys.stdin.read(), fonts_in(builtin_theme() / 'fonts')))"
    )
    other = subprocess.run(
        [sys.executable, "-c", script], input=svg.encode(), capture_output=True, check=True
    )
    assert other.stdout == first
    assert _png_size(first) == (WIDTH, HEIGHT)


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
