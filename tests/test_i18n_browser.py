"""Switching language in a real browser (Debian's Chromium) on the example catalog."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from credcat.core.diagnostics import Report
from credcat.publish.build import build
from tests.support.axe import run_axe
from tests.support.http import serve_directory

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.browser
CRED = "credentials/data-analysis-spreadsheets/"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("languages") / "site"
    root.mkdir()
    with serve_directory(root, prefix="/catalog/") as base:
        assert build(REPO / "content", Report(), output=root, base_url=base) is not None
        yield base


def test_switching_language_keeps_the_reader_on_the_same_credential(
    example: str, page: Page
) -> None:
    page.goto(example + CRED)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Data Analysis with Spreadsheets")
    switcher = page.get_by_role("navigation", name="Language")
    expect(switcher.get_by_role("link", name="English")).to_have_attribute("aria-current", "true")

    switcher.get_by_role("link", name="Bahasa Melayu").click()
    expect(page).to_have_url(example + "ms/" + CRED)
    expect(page.locator("html")).to_have_attribute("lang", "ms")
    expect(page.locator("h1")).to_have_text("Analisis Data dengan Hamparan Elektronik")
    expect(page.get_by_role("heading", name="Maklumat utama")).to_be_visible()
    switcher = page.get_by_role("navigation", name="Bahasa")
    expect(switcher.get_by_role("link", name="Bahasa Melayu")).to_have_attribute(
        "aria-current", "true"
    )

    # Keyboard: focus the Indonesian link and follow it with Enter.
    page.get_by_role("link", name="Bahasa Indonesia").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(example + "id/" + CRED)
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("h1")).to_have_text("Analisis Data dengan Spreadsheet")

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(example + CRED)


@pytest.mark.parametrize(
    ("lang", "found"),
    [("", r"credentials? found"), ("ms/", r"kredensial ditemui"), ("id/", r"kredensial ditemukan")],
)
def test_the_search_count_takes_the_plural_form_of_the_page_language(
    example: str, page: Page, lang: str, found: str
) -> None:
    page.goto(example + lang + "?q=data")
    count = page.locator("#result-count")
    expect(count).to_have_text(re.compile(rf"^\d+ {found}$"))
    number = int(count.inner_text().split()[0])
    if lang == "":  # English has two forms: the one the count asks for
        assert count.inner_text().endswith(
            "credential found" if number == 1 else "credentials found"
        )


def test_the_planner_writes_counts_in_malay(example: str, page: Page) -> None:
    page.goto(example + "ms/credentials/data-analytics-certificate/")
    count = page.locator(".pw-count")
    expect(count).to_have_text(
        re.compile(r"^Anda memiliki 0 daripada \d+ kredensial yang diperlukan oleh laluan ini\.$")
    )
    expect(page.locator("html")).to_have_attribute("lang", "ms")


def test_untranslated_page_says_so_and_marks_its_language(example: str, page: Page) -> None:
    page.goto(example + "ms/credentials/agile-project-delivery/")
    expect(page.locator("h1")).to_have_attribute("lang", "en")
    expect(page.get_by_role("note")).to_contain_text("belum diterjemahkan")


def test_translated_pages_have_no_axe_violations(example: str, browser: Browser) -> None:
    context = browser.new_context(bypass_csp=True)
    failures = {}
    for path in ("ms/" + CRED, "ms/credentials/agile-project-delivery/", "id/", "ms/pathways/"):
        page = context.new_page()
        page.goto(example + path, wait_until="networkidle")
        violations = run_axe(page)
        if violations:
            failures[path] = [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
        page.close()
    context.close()
    assert failures == {}
