"""One build, anywhere: the same site/ served at /, at another path, and opened from file://.

Pages link to each other and to their assets with relative URLs, so the site built for
``https://credcat.github.io/example/`` loads its styles, images and (over HTTP) its search
wherever it is put, with no failed request; canonical URLs keep the real base.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from credcat.core.diagnostics import Report
from credcat.publish.build import build
from tests.support.http import serve_directory

REPO = Path(__file__).resolve().parent.parent
BASE = "https://credcat.github.io/example/"
PAGES = [
    "",
    "credentials/sql-fundamentals/",
    "ms/credentials/sql-fundamentals/",
    "issuers/unimaju/",
    "browse/delivery/online/",
    "pathways/",
]
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("portable") / "site"
    report = Report()
    assert build(REPO / "content", report, output=root) is not None, report.sorted()
    return root


@pytest.fixture(params=["/", "/some/other/path/", "file://"])
def where(request: pytest.FixtureRequest, site: Path) -> Iterator[str]:
    if request.param == "file://":
        yield site.as_uri() + "/"
        return
    with serve_directory(site, request.param) as base:
        yield base


def _open(page: Page, url: str, failures: list[str]) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    # The theme's stylesheet is applied (it sets the page's layout width).
    width = page.evaluate("getComputedStyle(document.querySelector('.wrap')).maxWidth")
    assert width not in ("none", ""), f"{url}: style.css did not load"
    for img in page.locator("img").all():
        loaded = img.evaluate("i => i.complete && i.naturalWidth > 0")
        assert loaded, f"{url}: {img.get_attribute('src')} did not load"
    canonical = page.locator('link[rel="canonical"]')
    if canonical.count():
        assert canonical.get_attribute("href", timeout=1000).startswith(BASE)  # type: ignore[union-attr]
    assert failures == [], failures


def test_every_page_loads_everything_wherever_it_is(page: Page, where: str) -> None:
    failures: list[str] = []
    page.on("requestfailed", lambda r: failures.append(f"{r.url}: {r.failure}"))
    page.on(
        "response", lambda r: failures.append(f"{r.url}: {r.status}") if r.status >= 400 else None
    )
    for rel in PAGES:
        url = where + (f"{rel}index.html" if where.startswith("file:") else rel)
        _open(page, url, failures)
    # Links lead to pages of the same copy, wherever it is.
    page.goto(where + ("index.html" if where.startswith("file:") else ""))
    href = page.locator(".card-title a").first.evaluate("a => a.href")
    assert href.startswith(where), href


def test_search_works_at_any_path(page: Page, where: str) -> None:
    failures: list[str] = []
    page.on("requestfailed", lambda r: failures.append(f"{r.url}: {r.failure}"))
    index = "index.html" if where.startswith("file:") else ""
    page.goto(where + index)
    expect(page.locator("#result-count")).to_contain_text("found")
    page.locator("#q").press_sequentially("dashboards")
    first = page.locator("#results h3 a").first
    expect(first).to_have_text("Data Visualisation and Dashboards")
    first.click()
    expect(page).to_have_url(f"{where}credentials/data-visualisation-dashboards/{index}")
    page.wait_for_load_state("networkidle")
    # The Malay catalog has its own index, found relative to its own page.
    page.goto(where + "ms/" + index)
    page.locator("#q").press_sequentially("papan pemuka")
    expect(page.locator("#results h3 a").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert failures == []
