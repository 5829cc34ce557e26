"""Sharing a credential in a real browser (#18): the "Add to LinkedIn profile" link, the
"Copy link" button (with the clipboard, and without it), the page without JavaScript, axe."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from credcat.core.diagnostics import Report
from credcat.publish.build import build
from tests.support.axe import run_axe
from tests.support.http import serve_directory

BASIC = Path(__file__).parent / "cases" / "basic" / "content"
PAGE = "credentials/data-cleaning/"
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The basic test catalog served at http://127.0.0.1:PORT/catalog/."""
    root = tmp_path_factory.mktemp("share")
    shutil.copytree(BASIC, root / "content")
    out = root / "site"
    out.mkdir()
    with serve_directory(out, prefix="/catalog/") as base:
        report = Report()
        assert build(root / "content", report, output=out, base_url=base) is not None
        yield base


def _press_copy(page: Page) -> None:
    """Reach the button with the keyboard, as a keyboard user does, and press it."""
    page.focus("#share-url")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "copy-link"
    page.keyboard.press("Enter")


def test_linkedin_link_names_the_credential(site: str, page: Page) -> None:
    page.goto(site + PAGE)
    link = page.get_by_role("link", name="Add to LinkedIn profile (Data Cleaning)")
    href = link.get_attribute("href")
    assert href is not None
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://www.linkedin.com/profile/add"
    assert parse_qs(parts.query) == {
        "startTask": ["CERTIFICATION_NAME"],
        "name": ["Data Cleaning"],
        "organizationName": ["North University"],
        "certUrl": [site + PAGE],
    }


def test_copy_link_copies_and_announces(site: str, browser: Browser) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(site + PAGE, wait_until="networkidle")
        _press_copy(page)
        status = page.locator("#share-status")
        assert status.get_attribute("role") == "status"
        expect(status).to_have_text("Link copied.")
        assert page.evaluate("navigator.clipboard.readText()") == site + PAGE
    finally:
        context.close()


def test_copy_link_without_the_clipboard_api_selects_the_address(
    site: str, browser: Browser
) -> None:
    context = browser.new_context()
    context.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    try:
        page = context.new_page()
        page.goto(site + PAGE, wait_until="networkidle")
        _press_copy(page)
        expect(page.locator("#share-status")).to_have_text(
            re.compile(
                r"^(Link copied\.|The link could not be copied: select it and copy it yourself\.)$"
            )
        )
        selected = page.evaluate(
            "(() => { const f = document.getElementById('share-url');"
            " return f.value.slice(f.selectionStart, f.selectionEnd); })()"
        )
        assert selected == site + PAGE
    finally:
        context.close()


def test_without_javascript_the_address_is_shown(site: str, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site + PAGE)
        assert page.locator("#share-url").input_value() == site + PAGE
        assert page.locator("#share-url").is_visible()
        assert not page.locator("#copy-link").is_visible()
        assert page.get_by_role("link", name="Add to LinkedIn profile (Data Cleaning)").count()
    finally:
        context.close()


@pytest.mark.parametrize("path", [PAGE, f"ms/{PAGE}"])
def test_share_section_has_no_axe_violations(site: str, browser: Browser, path: str) -> None:
    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(site + path, wait_until="networkidle")
        assert page.locator("#copy-link").is_visible()
        assert run_axe(page) == []
    finally:
        context.close()
