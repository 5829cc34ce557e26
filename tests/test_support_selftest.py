"""The test tools themselves catch what they are meant to catch."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.support.axe import describe, run_axe
from tests.support.http import serve_directory
from tests.support.links import find_broken_links
from tests.support.vnu import check_html

REPO = Path(__file__).resolve().parents[1]
CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'"
HEAD = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    '<link rel="icon" href="/catalog/icon.svg"><title>t</title></head>'
)
ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>'
)


def _site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "a").mkdir(parents=True)
    (root / "index.html").write_text(
        HEAD + '<body><main><h1 id="top">Home</h1><a href="a/">A</a> '
        '<a href="/catalog/a/#top">anchor</a> <a href="https://example.org/x">external</a> '
        '<a href="mailto:x@example.org">mail</a> <a href="https://cat.example/catalog/a/">abs</a>'
        '<form action="./"><label for="q">Search</label><input id="q" name="q"></form>'
        "</main></body></html>",
        encoding="utf-8",
    )
    (root / "a/index.html").write_text(
        HEAD + '<body><main><h1 id="top">A</h1><img src="x.png"><a href="../missing/">x</a>'
        '<a href="/catalog/#nowhere">y</a><a href="../../outside.html">z</a>'
        '<form><input name="q"></form></main></body></html>',
        encoding="utf-8",
    )
    (root / "404.html").write_text(HEAD + "<body><h1>Not here</h1></body></html>", "utf-8")
    (root / "b.json").write_text("{}", encoding="utf-8")
    (root / "icon.svg").write_text(ICON, encoding="utf-8")
    return root


def _get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers["Content-Type"], error.read()


def test_server_serves_a_sub_path_with_content_types_and_404(tmp_path: Path) -> None:
    root = _site(tmp_path)
    with serve_directory(root, "/catalog/") as base:
        assert base.startswith("http://127.0.0.1:")
        assert base.endswith("/catalog/")
        assert _get(base + "b.json")[:2] == (200, "application/json")
        assert _get(base + "icon.svg")[:2] == (200, "image/svg+xml")
        status, ctype, body = _get(base)
        assert (status, ctype) == (200, "text/html; charset=utf-8")
        assert b"Home" in body
        # /catalog/a -> 301 -> /catalog/a/ (urllib follows it) -> a/index.html
        assert b'<h1 id="top">A</h1>' in _get(base + "a?x=1")[2]
        status, ctype, body = _get(base + "nope")
        assert (status, ctype) == (404, "text/html; charset=utf-8")
        assert b"Not here" in body
        assert _get(base.replace("/catalog/", "/other/"))[0] == 404
        assert _get(base + "../../etc/passwd")[0] == 404


def test_server_redirects_directories_without_a_slash(tmp_path: Path) -> None:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    with serve_directory(_site(tmp_path), "/catalog") as base:
        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as info:
            opener.open(base + "a")
        with info.value as response:
            assert response.code == 301
            assert response.headers["Location"] == "/catalog/a/"
    with pytest.raises(urllib.error.URLError, match="refused"):
        urllib.request.urlopen(base, timeout=2)  # shut down


def test_link_checker_finds_broken_links_and_anchors(tmp_path: Path) -> None:
    broken = find_broken_links(_site(tmp_path), "/catalog/", "https://cat.example/catalog/")
    assert len(broken) == 4, broken
    assert any("missing/" in b for b in broken)
    assert any("no id 'nowhere'" in b for b in broken)
    assert any("x.png" in b for b in broken)
    assert any("outside.html is outside /catalog/" in b for b in broken)


def test_link_checker_accepts_a_sound_site(tmp_path: Path) -> None:
    root = _site(tmp_path)
    (root / "a/index.html").write_text(
        HEAD + '<body><h1 id="top">A</h1><a href="..#top">home</a><a href="/catalog/a">me</a>'
        '<a href="#top">top</a><img src="./../icon.svg" alt="i"></body></html>',
        encoding="utf-8",
    )
    assert find_broken_links(root, "/catalog", "https://cat.example/catalog/") == []


def test_vnu_reports_invalid_html_only(tmp_path: Path) -> None:
    good = tmp_path / "good.html"
    good.write_text(HEAD + "<body><p>fine</p></body></html>", encoding="utf-8")
    bad = tmp_path / "bad.html"
    bad.write_text(HEAD + "<body><p>bad</span></body></html>", encoding="utf-8")
    assert check_html([good]) == []
    errors = check_html([good, bad])
    assert errors
    assert all(e.startswith(f"{bad}:1:") for e in errors), errors


def test_npm_lock_names_no_registry() -> None:
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/axe-core"]["version"].startswith("4.14.")
    assert lock["packages"]["node_modules/vnu-jar"]["version"].startswith("26.9.")
    assert not [p for p in lock["packages"].values() if "resolved" in p]


@pytest.mark.browser
@pytest.mark.parametrize("bypass_csp", [False, True])
def test_axe_finds_violations_under_a_strict_csp(
    tmp_path: Path, browser: Browser, bypass_csp: bool
) -> None:
    root = _site(tmp_path)
    context = browser.new_context(bypass_csp=bypass_csp)
    try:
        with serve_directory(root, "/catalog/") as base:
            page = context.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(base)
            # the CSP is in force: an inline script cannot run
            if not bypass_csp:
                with pytest.raises(Exception, match="Content Security Policy"):
                    page.add_script_tag(content="window.inline = 1")
            violations = run_axe(page)
            assert violations == [], describe(violations)
            # the icon loaded; the only console error is the refused inline script, not axe
            assert len(errors) == (0 if bypass_csp else 1), errors
            assert all("Content Security Policy" in e for e in errors), errors
            page.goto(base + "a/")
            violations = run_axe(page)
            assert {v["id"] for v in violations} >= {"image-alt", "label"}
            message = describe(violations)
            assert "image-alt (critical)" in message
            assert '<img src="x.png">' in message
    finally:
        context.close()
