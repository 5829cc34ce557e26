"""The test tools themselves catch what they are meant to catch."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.support.axe import run_axe
from tests.support.http import serve_directory
from tests.support.links import find_broken_links
from tests.support.vnu import check_html

CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'"
HEAD = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    '<link rel="icon" href="data:,"><title>t</title></head>'
)


def _site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "a").mkdir(parents=True)
    (root / "index.html").write_text(
        HEAD + '<body><main><h1 id="top">Home</h1><a href="a/">A</a> '
        '<a href="/catalog/a/#top">anchor</a></main></body></html>',
        encoding="utf-8",
    )
    (root / "a/index.html").write_text(
        HEAD + '<body><main><h1 id="top">A</h1><img src="x.png"><a href="../missing/">x</a>'
        '<a href="/catalog/#nowhere">y</a></main></body></html>',
        encoding="utf-8",
    )
    (root / "404.html").write_text(HEAD + "<body><h1>Not here</h1></body></html>", "utf-8")
    (root / "b.json").write_text("{}", encoding="utf-8")
    return root


def test_server_serves_a_sub_path_with_content_types_and_404(tmp_path: Path) -> None:
    root = _site(tmp_path)
    with serve_directory(root, "/catalog/") as base:
        assert base.endswith("/catalog/")
        with urllib.request.urlopen(base + "b.json") as response:
            assert response.headers["Content-Type"] == "application/json"
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(base + "nope")
        assert info.value.code == 404
        assert b"Not here" in info.value.read()
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(base.replace("/catalog/", "/other/"))


def test_link_checker_finds_broken_links_and_anchors(tmp_path: Path) -> None:
    broken = find_broken_links(_site(tmp_path), "/catalog/")
    assert len(broken) == 3, broken
    assert any("missing/" in b for b in broken)
    assert any("no id 'nowhere'" in b for b in broken)
    assert any("x.png" in b for b in broken)


def test_vnu_reports_invalid_html_only(tmp_path: Path) -> None:
    good = tmp_path / "good.html"
    good.write_text(HEAD + "<body><p>fine</p></body></html>", encoding="utf-8")
    bad = tmp_path / "bad.html"
    bad.write_text(HEAD + "<body><p>bad</span></body></html>", encoding="utf-8")
    assert check_html([good]) == []
    errors = check_html([good, bad])
    assert errors
    assert all(e.startswith(str(bad)) for e in errors)


@pytest.mark.browser
def test_axe_finds_violations_under_a_strict_csp(tmp_path: Path, browser: Browser) -> None:
    root = _site(tmp_path)
    context = browser.new_context(bypass_csp=True)
    try:
        with serve_directory(root, "/catalog/") as base:
            page = context.new_page()
            page.goto(base)
            assert run_axe(page) == []
            page.goto(base + "a/")
            assert "image-alt" in {v["id"] for v in run_axe(page)}
    finally:
        context.close()
