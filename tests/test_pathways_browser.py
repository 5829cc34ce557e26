"""The pathway planner in a real browser (Debian's Chromium), over a local HTTP server."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from credcat.check.pathways import evaluate, needed_count, remaining_count
from credcat.core.diagnostics import Report
from credcat.model.records import Rule
from credcat.publish.build import build
from tests.support.axe import run_axe
from tests.support.http import serve_directory
from tests.test_pathways import CREDITS, RULE, _stack_catalog

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.browser
CERT = "credentials/data-analytics-certificate/"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("planner") / "site"
    root.mkdir()
    with serve_directory(root, prefix="/catalog/") as base:
        report = Report()
        assert build(REPO / "content", report, output=root, base_url=base) is not None
        yield base


def _remaining(page: Page) -> list[str]:
    return page.locator(".pw-remaining li").all_inner_texts()


def test_planner_ticks_update_remaining_and_url_and_survive_reload(
    example: str, page: Page
) -> None:
    page.goto(example + CERT)
    planner = page.locator("[data-planner]")
    expect(planner).to_be_visible()
    result = page.locator(".pw-result")
    # 3 core modules and 1 of 2 electives: 4 are needed, not the 5 listed.
    expect(result).to_contain_text("You hold 0 of the 4 credentials this pathway needs.")
    assert _remaining(page) == [
        "Data Analysis with Spreadsheets",
        "Python for Data Analysis",
        "SQL Fundamentals",
        "any 1 of: Data Visualisation and Dashboards; Machine Learning Foundations",
    ]
    expect(page.locator(".pw-credits")).to_have_text("At least 7 more credits.")

    # A keyboard user: focus the first checkbox, Space ticks it.
    page.get_by_label("Python for Data Analysis").focus()
    page.keyboard.press("Space")
    page.get_by_label("Machine Learning Foundations").check()
    expect(result).to_contain_text("You hold 2 of the 4 credentials this pathway needs.")
    assert _remaining(page) == ["Data Analysis with Spreadsheets", "SQL Fundamentals"]
    expect(page.locator(".pw-credits")).to_have_text("At least 3 more credits.")
    expect(result).to_have_attribute("role", "status")

    query = parse_qs(urlsplit(page.url).query)
    assert query == {"have": ["python-for-data,machine-learning-foundations"]}
    share = page.locator(".pw-share").get_attribute("href") or ""
    assert "have=python-for-data%2Cmachine-learning-foundations" in share

    page.reload()
    expect(page.get_by_label("Python for Data Analysis")).to_be_checked()
    expect(page.get_by_label("Machine Learning Foundations")).to_be_checked()
    expect(page.get_by_label("SQL Fundamentals")).not_to_be_checked()
    assert _remaining(page) == ["Data Analysis with Spreadsheets", "SQL Fundamentals"]

    # A second elective does not count twice.
    page.get_by_label("Data Visualisation and Dashboards").check()
    expect(result).to_contain_text("You hold 2 of the 4 credentials this pathway needs.")
    page.get_by_label("Data Visualisation and Dashboards").uncheck()

    for label in ("Data Analysis with Spreadsheets", "SQL Fundamentals"):
        page.get_by_label(label).check()
    expect(page.locator(".pw-done")).to_have_text("You hold everything this credential needs.")
    expect(page.locator(".pw-credits")).to_have_count(0)

    for box in page.locator(".pw-form input").all():
        box.uncheck()
    assert "have=" not in page.url


def test_a_shared_link_opens_the_same_plan(example: str, page: Page) -> None:
    page.goto(example + CERT + "?have=sql-fundamentals,data-visualisation-dashboards,nonsense")
    expect(page.get_by_label("SQL Fundamentals")).to_be_checked()
    expect(page.get_by_label("Data Visualisation and Dashboards")).to_be_checked()
    assert _remaining(page) == ["Data Analysis with Spreadsheets", "Python for Data Analysis"]
    expect(page.locator(".pw-credits")).to_have_text("At least 4 more credits.")


def test_planner_page_with_ticks_has_no_axe_violations(example: str, browser: Browser) -> None:
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(example + CERT + "?have=python-for-data", wait_until="networkidle")
    assert run_axe(page) == []
    context.close()


def test_without_javascript_the_pathway_is_text_and_the_planner_stays_hidden(
    example: str, browser: Browser
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(example + CERT)
    expect(page.locator("[data-planner]")).to_be_hidden()
    expect(page.locator(".pw-text")).to_contain_text("Elective: any one of these")
    expect(page.locator("svg.pathway-svg")).to_be_visible()
    context.close()


def _held_sets() -> Iterator[frozenset[str]]:
    ids = sorted(CREDITS)
    yield frozenset()
    yield frozenset(ids)
    for size in (1, 2, 3, 5):
        for combo in itertools.islice(itertools.combinations(ids, size), 0, None, 7):
            yield frozenset(combo)


def test_browser_and_python_agree_on_what_remains(tmp_path: Path, browser: Browser) -> None:
    """planner.js mirrors pathways.evaluate() and remaining_count(): same credits, parts and
    count of credentials left for many plans."""
    _stack_catalog(tmp_path)
    site = tmp_path / "site"
    with serve_directory(site, prefix="/") as base:
        report = Report()
        assert build(tmp_path / "content", report, output=site, base_url=base) is not None
        page = browser.new_page()
        checked = 0
        for held in _held_sets():
            page.goto(f"{base}credentials/diploma/?have={','.join(sorted(held))}")
            expected = evaluate(RULE, held, CREDITS)
            count = page.locator(".pw-count")
            needed = needed_count(RULE, CREDITS)
            counted = needed - remaining_count(RULE, held, CREDITS)
            expect(count).to_have_attribute("data-needed", str(needed))
            expect(count).to_have_attribute("data-counted", str(counted))
            expect(count).to_have_text(
                f"You hold {counted} of the {needed} credential{'s' if needed != 1 else ''} this "
                "pathway needs."
            )
            if expected.satisfied:
                expect(page.locator(".pw-done")).to_have_count(1)
                continue
            texts = _remaining(page)
            assert len(texts) == expected.need, (held, texts)
            credits = page.locator(".pw-credits").inner_text()
            assert credits == (
                "At least 1 more credit."
                if expected.credits == 1
                else f"At least {expected.credits:g} more credits."
            ), held
            for item, text in zip(expected.candidates, texts, strict=True):
                if isinstance(item, str):
                    assert text == f"Module {item.upper()}"
                else:
                    assert isinstance(item.rule, Rule)
                    assert f"{item.need:g}" in text
            checked += 1
        page.close()
    assert checked >= 10
