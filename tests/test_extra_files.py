"""extra_css and extra_js: the catalog's own stylesheets and scripts reach every page (#18)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from credcat.core.diagnostics import Report
from credcat.publish.build import build
from tests.catalogs import CATALOG, credential, write_catalog

REPO = Path(__file__).resolve().parent.parent
BASIC = REPO / "tests" / "cases" / "basic" / "content"
CSS = b"body { border-top: 4px solid #c00; }\n"
JS = b"document.documentElement.dataset.brand = 'yes';\n"


def _with_extras(root: Path) -> Path:
    """The basic test catalog (two languages, every page type, redirects) with extra files."""
    content = root / "content"
    shutil.copytree(BASIC, content)
    (content / "assets").mkdir()
    (content / "assets" / "brand.css").write_bytes(CSS)
    (content / "assets" / "print.css").write_bytes(b"@media print { h1 { color: #000; } }\n")
    (content / "scripts").mkdir()
    (content / "scripts" / "brand.js").write_bytes(JS)
    with (content / "catalog.yaml").open("a", encoding="utf-8") as out:
        out.write("extra_css: [assets/brand.css, assets/print.css]\nextra_js: [scripts/brand.js]\n")
    return content


def _errors(content: Path, out: Path) -> list[str]:
    report = Report()
    assert build(content, report, output=out) is None
    return [d.format() for d in report.sorted() if d.severity.value == "error"]


def test_every_page_in_every_language_links_the_extra_files(tmp_path: Path) -> None:
    content = _with_extras(tmp_path)
    out = tmp_path / "site"
    report = Report()
    assert build(content, report, output=out) is not None, [d.format() for d in report.sorted()]
    assert (out / "assets/brand.css").read_bytes() == CSS
    assert (out / "scripts/brand.js").read_bytes() == JS
    pages = sorted(out.rglob("*.html"))
    kinds = {p.relative_to(out).parts[0] for p in pages}
    # Home, listing pages, browse, credential, issuer, pathways, archive, verify, 404, the
    # other language's pages, and redirect pages kept at earlier ids.
    assert {"index.html", "page", "browse", "credentials", "issuers", "pathways"} <= kinds
    assert {"archive", "verify", "404.html", "ms"} <= kinds
    assert any('http-equiv="refresh"' in p.read_text(encoding="utf-8") for p in pages)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        rel = page.relative_to(out).as_posix()
        up = "/catalog/" if rel == "404.html" else "../" * rel.count("/")
        theme = html.index("assets/style.css?v=")
        brand = html.index(f'<link rel="stylesheet" href="{up}assets/brand.css?v=')
        printed = html.index(f'<link rel="stylesheet" href="{up}assets/print.css?v=')
        assert theme < brand < printed < html.index("</head>"), rel
        scripts = re.findall(r'<script src="([^"]+)" defer></script>', html)
        assert scripts[-1].startswith(f"{up}scripts/brand.js?v="), rel
        assert html.count("brand.js") == 1, rel


def test_a_changed_extra_file_changes_every_page_on_the_next_build(tmp_path: Path) -> None:
    """The links carry the file's hash, so the render cache must not keep the old pages."""
    content = _with_extras(tmp_path)
    out = tmp_path / "site"
    assert build(content, Report(), output=out) is not None
    before = (out / "credentials/data-cleaning/index.html").read_text(encoding="utf-8")
    brand = content / "assets" / "brand.css"
    brand.write_bytes(b"body { border-top: 4px solid #00c; }\n")
    os.utime(brand, ns=(brand.stat().st_atime_ns, brand.stat().st_mtime_ns + 1_000_000))
    assert build(content, Report(), output=out) is not None
    after = (out / "credentials/data-cleaning/index.html").read_text(encoding="utf-8")
    version = re.compile(r"brand\.css\?v=([0-9a-f]+)")
    old, new = version.search(before), version.search(after)
    assert old
    assert new
    assert old.group(1) != new.group(1)
    for page in out.rglob("*.html"):
        assert f"brand.css?v={new.group(1)}" in page.read_text(encoding="utf-8"), page
    assert (out / "assets/brand.css").read_bytes() == brand.read_bytes()


@pytest.mark.parametrize(
    ("listed", "code", "message"),
    [
        ("extra_css: [assets/missing.css]", "config.extra-missing", "'assets/missing.css'"),
        ("extra_css: [../outside.css]", "path.outside", "leaves the catalog folder"),
        ("extra_js: [/etc/brand.js]", "path.outside", "leaves the catalog folder"),
        ("extra_css: [assets/.hidden.css]", "path.outside", "hidden file"),
        ("extra_css: [assets//brand.css]", "path.outside", "not written plainly"),
        ("extra_css: [assets/brand.js]", "config.extra-type", "not a stylesheet"),
        ("extra_js: [assets/brand.css]", "config.extra-type", "not a script"),
        ("extra_css: [assets/brand.scss]", "config.extra-type", "only .css files"),
        ("extra_css: [assets/style.css]", "config.extra-collision", "also a file the site"),
    ],
)
def test_a_bad_extra_file_is_a_located_error(
    tmp_path: Path, listed: str, code: str, message: str
) -> None:
    files: dict[str, str | bytes] = {
        "catalog.yaml": CATALOG + listed + "\n",
        "assets/brand.css": CSS,
        "assets/brand.js": JS,
        "assets/brand.scss": CSS,
        "assets/style.css": CSS,
        "assets/.hidden.css": CSS,
    }
    content = write_catalog(tmp_path, files)
    errors = _errors(content, tmp_path / "site")
    line = CATALOG.count("\n") + 1
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{content / 'catalog.yaml'}:{line}:"), errors
    assert f"error[{code}]" in errors[0]
    assert message in errors[0]
    assert not (tmp_path / "site").exists()


def test_a_symbolic_link_out_of_the_catalog_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.css"
    secret.write_bytes(b"body { color: red; }\n")
    content = write_catalog(tmp_path, {"catalog.yaml": CATALOG + "extra_css: [brand.css]\n"})
    (content / "brand.css").symlink_to(secret)
    errors = _errors(content, tmp_path / "site")
    assert len(errors) == 1
    assert "error[path.outside]" in errors[0]
    assert "outside the catalog folder" in errors[0]
    assert "secret" not in errors[0]


def test_a_folder_is_not_a_stylesheet(tmp_path: Path) -> None:
    content = write_catalog(tmp_path, {"catalog.yaml": CATALOG + "extra_css: [assets/x.css]\n"})
    (content / "assets" / "x.css").mkdir(parents=True)
    errors = _errors(content, tmp_path / "site")
    assert len(errors) == 1
    assert "error[config.extra-unreadable]" in errors[0]
    assert "is not a regular file" in errors[0]


def test_extra_paths_that_differ_only_in_case_are_refused(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "catalog.yaml": CATALOG + "extra_css: [assets/Brand.css, assets/brand.css]\n",
        "assets/brand.css": CSS,
        "assets/Brand.css": CSS,
    }
    content = write_catalog(tmp_path, files)
    errors = _errors(content, tmp_path / "site")
    assert any("error[id.collision]" in e and "stylesheet or script path" in e for e in errors)


FONT_CSS = b"""/* url(ignored/in-a-comment.woff2) */
@font-face { font-family: Brand; src: url("fonts/brand.woff2?v=2#iefix") format("woff2"); }
body { background: url(../images/paper.png) repeat; }
h1 { background-image: url('data:image/png;base64,AAAA'); }
"""


def test_a_stylesheet_brings_along_its_fonts_and_images(tmp_path: Path) -> None:
    """A web font of the catalog's own, with no font service: it is published beside it."""
    files: dict[str, str | bytes] = {
        "catalog.yaml": CATALOG + "extra_css: [assets/brand.css]\n",
        "assets/brand.css": FONT_CSS,
        "assets/fonts/brand.woff2": b"wOF2 font bytes",
        "images/paper.png": b"png bytes",
    }
    content = write_catalog(tmp_path, files)
    out = tmp_path / "site"
    report = Report()
    assert build(content, report, output=out) is not None, [d.format() for d in report.sorted()]
    assert report.sorted() == []
    assert (out / "assets/fonts/brand.woff2").read_bytes() == b"wOF2 font bytes"
    assert (out / "images/paper.png").read_bytes() == b"png bytes"
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "brand.woff2" not in page  # brought along, not linked
    assert page.count("assets/brand.css?v=") == 1


@pytest.mark.parametrize(
    ("css", "code", "message"),
    [
        (b"a {}\nb { src: url(fonts/missing.woff2); }\n", "config.extra-missing", "missing"),
        (b"b { src: url(../../outside.woff2); }\n", "path.outside", "leaves the catalog"),
        (b"b { background: url(icon.svg); }\n", "config.extra-type", "not a font or raster"),
    ],
)
def test_a_bad_url_in_a_stylesheet_is_located_in_it(
    tmp_path: Path, css: bytes, code: str, message: str
) -> None:
    files: dict[str, str | bytes] = {
        "catalog.yaml": CATALOG + "extra_css: [assets/brand.css]\n",
        "assets/brand.css": css,
        "assets/icon.svg": b"<svg/>",
    }
    content = write_catalog(tmp_path, files)
    errors = _errors(content, tmp_path / "site")
    line = css.count(b"\n")
    col = css.splitlines()[-1].index(b"url(") + 5
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{content / 'assets/brand.css'}:{line}:{col}: "), errors
    assert f"error[{code}]" in errors[0]
    assert message in errors[0]


def test_a_font_from_another_site_is_a_warning(tmp_path: Path) -> None:
    """The pages' Content Security Policy would block it: say so at its line."""
    css = b'@import url("https://fonts.example/css?family=Brand");\n'
    css += b"b { src: url(//cdn.example/x.woff2); }\n"
    files: dict[str, str | bytes] = {
        "catalog.yaml": CATALOG + "extra_css: [brand.css]\n",
        "brand.css": css,
    }
    content = write_catalog(tmp_path, files)
    report = Report()
    assert build(content, report, output=tmp_path / "site") is not None
    shown = [d.format() for d in report.sorted()]
    assert len(shown) == 2, shown
    assert shown[0].startswith(f"{content / 'brand.css'}:1:14: warning[config.extra-remote]: ")
    assert "'https://fonts.example/css?family=Brand' is on another site" in shown[0]
    assert shown[1].startswith(f"{content / 'brand.css'}:2:14: warning[config.extra-remote]: ")


def test_a_badge_image_the_stylesheet_also_uses_is_published_once(tmp_path: Path) -> None:
    from tests.test_images import png

    badge = png()
    files: dict[str, str | bytes] = {
        "catalog.yaml": CATALOG + "extra_css: [assets/brand.css]\n",
        "assets/brand.css": b"header { background: url(../images/badge.png); }\n",
        "images/badge.png": badge,
        "credentials/data-basics.md": credential().replace("images/badge.svg", "images/badge.png"),
    }
    content = write_catalog(tmp_path, files)
    out = tmp_path / "site"
    report = Report()
    assert build(content, report, output=out) is not None, [d.format() for d in report.sorted()]
    assert (out / "images/badge.png").read_bytes() == badge
