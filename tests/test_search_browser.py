"""The catalog search in a real browser: text, facets, counts, URL state, sub-path, phone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from credcat.build import build
from credcat.diagnostics import Report
from tests.support.axe import describe, run_axe
from tests.support.http import serve_directory

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, Any]]]:
    root = tmp_path_factory.mktemp("search") / "site"
    root.mkdir()
    with serve_directory(root, prefix="/catalog/") as base:
        report = Report()
        assert build(REPO / "content", report, output=root, base_url=base) is not None
        yield base, json.loads((root / "catalog.json").read_text(encoding="utf-8"))


def _titles(page: Page) -> list[str]:
    """Titles of the result cards, once the cards for the announced count are shown."""
    count = int(page.locator("#result-count").inner_text().split()[0])
    expect(page.locator("#results h3")).to_have_count(min(count, 10))
    return sorted(page.locator("#results h3").all_text_contents())


def _ready(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("#result-count")).to_contain_text("found")


def test_typing_a_query_shows_matching_results(site: tuple[str, Any], page: Page) -> None:
    base, catalog = site
    _ready(page, base)
    active = [c for c in catalog["credentials"] if c["status"] == "active"]
    expect(page.locator("#result-count")).to_have_text(f"{len(active)} credentials found")
    page.locator("#q").press_sequentially("rooftop solar")  # the English translation
    expect(page.locator("#result-count")).to_have_text("1 credential found")
    assert _titles(page) == ["Rooftop Solar Panel Installation"]
    page.locator("#q").fill("")
    page.locator("#q").press_sequentially("dashbords")  # a typo
    expect(page.locator("#results h3").first).to_have_text("Data Visualisation and Dashboards")
    assert parse_qs(urlsplit(page.url).query)["q"] == ["dashbords"]


def test_two_facets_narrow_to_exactly_the_expected_set(site: tuple[str, Any], page: Page) -> None:
    base, catalog = site
    _ready(page, base)
    expected = sorted(
        c["title"]
        for c in catalog["credentials"]
        if c["status"] == "active"
        and c.get("participation") == "online"
        and c.get("cost", {}).get("amount", -1) == 0
    )
    page.locator("summary", has_text="Delivery").click()
    page.get_by_label("Online", exact=False).first.check()
    page.locator("summary", has_text="Cost").click()
    page.locator("label", has_text="Free").click()
    expect(page.locator("#result-count")).to_have_text(f"{len(expected)} credentials found")
    assert _titles(page) == expected
    free = page.locator("label", has_text="Free").locator(".count")
    expect(free).to_have_text(f"({len(expected)})")

    query = parse_qs(urlsplit(page.url).query)
    assert query == {"delivery": ["online"], "cost": ["free"]}
    page.reload()
    expect(page.locator("#result-count")).to_have_text(f"{len(expected)} credentials found")
    assert _titles(page) == expected
    expect(
        page.locator("label", has_text="Free").locator("xpath=..").locator("input")
    ).to_be_checked()

    page.go_back()
    expect(page.locator("#result-count")).not_to_have_text(f"{len(expected)} credentials found")
    page.go_forward()
    expect(page.locator("#result-count")).to_have_text(f"{len(expected)} credentials found")

    page.locator("#clear-search").click()
    active = [c for c in catalog["credentials"] if c["status"] == "active"]
    expect(page.locator("#result-count")).to_have_text(f"{len(active)} credentials found")
    assert urlsplit(page.url).query == ""


def test_retired_credentials_only_on_request(site: tuple[str, Any], page: Page) -> None:
    base, catalog = site
    retired = [c["title"] for c in catalog["credentials"] if c["status"] == "retired"]
    _ready(page, base + "?q=spreadsheet")
    assert not set(retired) & set(_titles(page))
    page.locator("#include-retired").check()
    expect(page.locator("#results h3", has_text=retired[0])).to_be_visible()


def test_sorting_by_workload(site: tuple[str, Any], page: Page) -> None:
    base, catalog = site
    _ready(page, base + "?sort=workload")
    hours = {urlsplit(c["url"]).path: c.get("workload_hours", 1e9) for c in catalog["credentials"]}
    expect(page.locator("#results h3 a").first).to_be_visible()
    shown = [urlsplit(a.evaluate("a => a.href")).path for a in page.locator("#results h3 a").all()]
    assert shown
    assert [hours[u] for u in shown] == sorted(hours[u] for u in shown)


def test_search_page_is_accessible_and_fits_a_phone(
    site: tuple[str, Any], browser: Browser, tmp_path: Path
) -> None:
    base, _ = site
    context = browser.new_context(viewport={"width": 320, "height": 800}, bypass_csp=True)
    page = context.new_page()
    try:
        _ready(page, base + "?q=data&delivery=online")
        for summary in page.locator("#facets summary").all():
            summary.click()
        violations = run_axe(page)
        assert violations == [], describe(violations)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        page.screenshot(path=str(tmp_path / "search-320.png"), full_page=True)
    finally:
        context.close()


def test_keyboard_show_more_moves_focus(site: tuple[str, Any], page: Page) -> None:
    base, catalog = site
    _ready(page, base)
    active = [c for c in catalog["credentials"] if c["status"] == "active"]
    button = page.locator("#more")
    assert len(active) > 10, "the example catalog should need a second page of results"
    expect(page.locator("#results li")).to_have_count(10)
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#results li")).to_have_count(min(20, len(active)))
    assert page.evaluate("document.activeElement.closest('li') !== null")
    first_new = page.locator("#results li").nth(10).locator("a")
    assert page.evaluate("document.activeElement.textContent") == first_new.text_content()
    if len(active) <= 20:
        expect(button).to_be_hidden()


def test_search_files_are_small_for_the_first_query(site: tuple[str, Any], page: Page) -> None:
    base, _ = site
    sizes: dict[str, int] = {}
    page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())) if r.ok else None)
    _ready(page, base)
    first = sum(sizes.values())
    sizes.clear()
    page.locator("#q").press_sequentially("python")
    expect(page.locator("#results h3").first).to_have_text("Python for Data Analysis")
    per_query = sum(v for k, v in sizes.items() if "/search/" in k)
    assert first < 250_000
    assert per_query < 40_000


def test_each_language_searches_its_own_text(site: tuple[str, Any], page: Page) -> None:
    """The Indonesian pages search the Indonesian text; the interface speaks Indonesian."""
    base, _ = site
    page.goto(base + "id/")
    expect(page.locator("#result-count")).to_contain_text("kredensial")
    page.locator("#q").press_sequentially("panel surya")
    expect(page.locator("#results h3")).to_have_text(["Instalasi Panel Surya Atap"])
    link = page.locator("#results h3 a").first.get_attribute("href") or ""
    assert link.endswith("/id/credentials/instalasi-panel-surya/")
    page.goto(base + "ms/")
    page.locator("#q").press_sequentially("hamparan")  # Malay: spreadsheet
    expect(page.locator("#results h3").first).to_have_text(
        "Analisis Data dengan Hamparan Elektronik"
    )
