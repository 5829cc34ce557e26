"""The catalog search in a real browser: text, facets, counts, URL state, sub-path, phone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from credcat.core.diagnostics import Report
from credcat.publish.build import build
from credcat.render.search import stemmer_for
from tests.catalogs import write_catalog
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
        page.locator("#filters > summary").click()  # closed on phones
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


_STRUCTURE = """card => {
  const walk = node => node.nodeType === Node.TEXT_NODE
    ? (node.textContent.trim() ? '#' + node.textContent.trim() : null)
    : [node.localName,
       Array.from(node.attributes).map(a => a.name + '=' + a.value).sort(),
       Array.from(node.childNodes).map(walk).filter(x => x !== null)];
  return walk(card);
}"""
"""A card as a tree of tag names, sorted attributes and non-blank text."""


@pytest.mark.parametrize("size", [(390, 844), (1280, 900)], ids=["phone", "desktop"])
def test_the_first_result_is_on_the_first_screen_and_axe_finds_nothing(
    site: tuple[str, Any], browser: Browser, size: tuple[int, int]
) -> None:
    """A phone shows the first result without scrolling: compact header, filters behind a
    button. The figures are printed (pytest -s) for the performance notes."""
    base, _ = site
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()
    try:
        for lang in ("", "ms/", "id/"):
            page.goto(base + lang)
            expect(page.locator("#results li.card").first).to_be_visible()
            box = page.locator("#results li.card").first.bounding_box()
            assert box is not None
            print(f"first result at {width}x{height} ({lang or 'en'}): top {box['y']:.0f} px")
            assert box["y"] > 0
            assert box["y"] + 48 <= height, (lang, box)
            title = page.locator("#results li.card h3").first.bounding_box()
            assert title is not None
            assert title["y"] + title["height"] <= height, (lang, title)
            expect(page.locator("#filters")).to_have_js_property("open", width >= 900)
            violations = run_axe(page)
            assert violations == [], describe(violations)
    finally:
        context.close()


def test_searched_and_static_cards_are_one_template(
    site: tuple[str, Any], page: Page, browser: Browser
) -> None:
    """The script's result cards are the static list's cards: same elements, attributes (the
    badge image, lang of untranslated text) and text, in every language."""
    base, _ = site
    without_script = browser.new_context(java_script_enabled=False).new_page()
    for lang in ("", "ms/", "id/"):
        without_script.goto(base + lang)
        static = [c.evaluate(_STRUCTURE) for c in without_script.locator("#listing li.card").all()]
        assert len(static) >= 10
        page.goto(base + lang + "?sort=title")
        expect(page.locator("#results li.card")).to_have_count(10)
        expect(page.locator("#listing")).to_have_count(0)  # no card id is on the page twice
        for n in range(10):
            scripted = page.locator("#results li.card").nth(n).evaluate(_STRUCTURE)
            assert scripted == static[n], (lang, n)
        image = page.locator("#results li.card img.card-badge").first
        for name in ("src", "alt", "width", "height", "loading"):
            assert image.get_attribute(name) is not None, name
        if lang:  # English text shown on a Malay or Indonesian page says so
            expect(page.locator("#results li.card [lang='en']").first).to_be_attached()
        # the badge images load
        page.locator("#results li.card").nth(9).scroll_into_view_if_needed()
        assert page.evaluate(
            "Array.from(document.querySelectorAll('#results img')).every(i => i.complete)"
        )


def test_the_filters_disclosure_works_by_keyboard(site: tuple[str, Any], browser: Browser) -> None:
    base, _ = site
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        _ready(page, base)
        toggle = page.locator("#filters > summary")
        assert toggle.inner_text().strip() == "Filters"  # no count while no filter is on
        expect(page.locator("#facets")).to_be_hidden()
        toggle.focus()
        page.keyboard.press("Enter")
        expect(page.locator("#facets")).to_be_visible()
        page.keyboard.press("Tab")  # "Include credentials no longer offered"
        page.keyboard.press("Tab")  # the first filter group
        assert page.evaluate("document.activeElement.closest('#facets summary') !== null")
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        before = page.locator("#result-count").inner_text()
        page.keyboard.press("Space")
        expect(page.locator("#result-count")).not_to_have_text(before)  # the first skill
        expect(page.locator("#filters-count")).to_have_text("1 active")
        expect(page.locator("#filter-chips button")).to_have_count(1)
        count = page.locator("#result-count").inner_text().split()[0]
        done = page.locator("#filters-done")  # on a phone: close the filters, see the results
        expect(done).to_have_text("Show 1 result" if count == "1" else f"Show {count} results")
        expect(done).to_be_in_viewport()  # it stays on screen below a long list of filters
        done.focus()
        page.keyboard.press("Enter")
        expect(page.locator("#facets")).to_be_hidden()
        assert page.evaluate("document.activeElement.id") == "result-count"
        expect(toggle).to_contain_text("1 active")  # the number stays on the closed button
        toggle.focus()
        page.keyboard.press("Enter")
        expect(page.locator("#facets")).to_be_visible()
        page.keyboard.press("Enter")
        expect(page.locator("#facets")).to_be_hidden()
        expect(page.locator("#result-count")).to_be_visible()
    finally:
        context.close()


def test_chips_show_and_remove_active_filters(site: tuple[str, Any], page: Page) -> None:
    base, catalog = site
    _ready(page, base + "?delivery=online&cost=free&retired=1")
    chips = page.locator("#filter-chips button")
    expect(chips).to_have_count(3)
    expect(chips.first).to_have_accessible_name("Remove filter: Delivery: Online")
    expect(page.locator("#filters-count")).to_have_text("3 active")
    chips.first.click()
    expect(chips).to_have_count(2)
    assert "delivery" not in parse_qs(urlsplit(page.url).query)
    expect(page.get_by_label("Online", exact=False).first).not_to_be_checked()
    first_chip = "document.activeElement === document.querySelector('#filter-chips button')"
    assert page.evaluate(first_chip)
    chips.first.press("Enter")  # by keyboard too
    expect(chips).to_have_count(1)
    expect(chips.first).to_have_accessible_name(
        "Remove filter: Including credentials no longer offered"
    )
    chips.first.click()
    expect(page.locator("#filter-chips")).to_be_hidden()
    expect(page.locator("#filters-count")).to_be_hidden()
    assert page.evaluate("document.activeElement === document.querySelector('#filters > summary')")
    assert urlsplit(page.url).query == ""
    active = [c for c in catalog["credentials"] if c["status"] == "active"]
    expect(page.locator("#result-count")).to_have_text(f"{len(active)} credentials found")


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
    expect(page.locator("#result-count")).to_contain_text("kredensial")  # the search is ready
    page.locator("#q").press_sequentially("hamparan")  # Malay: spreadsheet
    expect(page.locator("#results h3").first).to_have_text(
        "Analisis Data dengan Hamparan Elektronik"
    )


# ---------- word forms, typos, short tokens, ranking (a small catalog written for them) ----------

WORDS_CATALOG = {
    "welders": ("Welders' Safety Certificate", "Join metal with arc and gas processes.", "t-uni"),
    "nursing": ("Nursing Care for Older Adults", "Give respectful help to patients.", "t-uni"),
    "casework": ("Case Management in Social Work", "Plan and follow up clients.", "t-uni"),
    "python": ("Python Programming", "Write small programs that save time.", "t-uni"),
    "cpp": ("C++ Programming Fundamentals", "Classes, templates and memory.", "t-uni"),
    "rlang": ("R for Statistical Computing", "Analyse survey results with scripts.", "t-uni"),
    "ai": ("AI Ethics for Managers", "Use new tools responsibly.", "t-uni"),
    "inst3": ("Workplace First Aid", "Help a colleague until help arrives.", "inst-3"),
    "inst4": ("Workplace Fire Safety", "Prevent fires and lead an evacuation.", "inst-4"),
    "advanced": ("Advanced Programming", "Includes a short cobol module.", "t-uni"),
    "cobol": ("Cobol Essentials", "A programming course on mainframes.", "t-uni"),
    "java": ("Java Programming", "Objects and collections.", "t-uni"),
}


def _word_credential(title: str, summary: str, issuer: str) -> str:
    return (
        f'---\ntitle: "{title}"\nsummary: "{summary}"\nissuer: {issuer}\n'
        "criteria: Pass the final project.\nworkload_hours: 40\nparticipation: online\n"
        "languages: [en]\n---\nA short course.\n"
    )


@pytest.fixture(scope="module")
def words(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A catalog of credentials chosen for word forms, typos and short tokens."""
    work = tmp_path_factory.mktemp("words")
    files: dict[str, str | bytes] = {
        f"credentials/{cid}.md": _word_credential(*spec) for cid, spec in WORDS_CATALOG.items()
    }
    files["credentials/data-basics.md"] = ""
    for iid, name in (
        ("t-uni", "Test University"),
        ("inst-3", "Institute 3"),
        ("inst-4", "Institute 4"),
    ):
        files[f"issuers/{iid}.yaml"] = (
            f"name: {name}\nurl: https://{iid}.example/\nemail: badges@{iid}.example\n"
        )
    files["issuers/test-uni.yaml"] = ""
    content = write_catalog(work, files)
    root = work / "site"
    root.mkdir()
    with serve_directory(root, prefix="/w/") as base:
        report = Report()
        assert build(content, report, output=root, base_url=base) is not None, report.sorted()
        yield base


def _search(page: Page, base: str, query: str) -> list[str]:
    """Titles of the results for ``query``, in order, once they are shown."""
    page.goto(base + "?q=" + query.replace("+", "%2B").replace(" ", "+"))
    expect(page.locator("#result-count")).to_contain_text("found")
    count = int(page.locator("#result-count").inner_text().split()[0])
    expect(page.locator("#results h3")).to_have_count(min(count, 10))
    return page.locator("#results h3").all_text_contents()


def test_word_forms_find_each_other(words: str, page: Page) -> None:
    """Stems: "welding" finds the Welders course, "nurses" the Nursing one."""
    assert _search(page, words, "welding") == ["Welders' Safety Certificate"]
    assert _search(page, words, "welder") == ["Welders' Safety Certificate"]
    assert _search(page, words, "nurses") == ["Nursing Care for Older Adults"]
    assert _search(page, words, "programs python") == ["Python Programming"]
    assert _search(page, words, "pyth") == ["Python Programming"]  # a prefix, as you type


def test_a_swap_of_two_letters_is_one_typo_and_short_words_match_exactly(
    words: str, page: Page
) -> None:
    assert _search(page, words, "pyhton") == ["Python Programming"]
    assert _search(page, words, "programing")[0].endswith("Programming")
    assert _search(page, words, "care") == ["Nursing Care for Older Adults"]  # not "case"
    assert _search(page, words, "case") == ["Case Management in Social Work"]
    assert _search(page, words, "jva") == []  # three letters: no typo allowed


def test_digits_and_short_tokens_are_searchable(words: str, page: Page) -> None:
    assert _search(page, words, "C++") == ["C++ Programming Fundamentals"]
    assert _search(page, words, "R") == ["R for Statistical Computing"]
    assert _search(page, words, "AI") == ["AI Ethics for Managers"]
    assert _search(page, words, "institute 3") == ["Workplace First Aid"]


def test_rare_words_weigh_more(words: str, page: Page) -> None:
    """Both credentials have both words, each one in its title; "cobol" is rarer than
    "programming", so the credential with "cobol" in its title comes first."""
    assert _search(page, words, "programming cobol") == [
        "Cobol Essentials",
        "Advanced Programming",
    ]


def test_the_browser_finds_every_word_of_a_stem_as_python_stems_it(
    site: tuple[str, Any], page: Page, tmp_path: Path
) -> None:
    """Agreement on a word list: for each word, every credential that the index (Python's
    snowball stems) files under the word's stem is among the browser's results."""
    base, _ = site
    root = tmp_path / "example"
    assert build(REPO / "content", Report(), output=root) is not None
    meta = json.loads((root / "search" / "meta.json").read_text(encoding="utf-8"))
    terms: dict[str, list[Any]] = {}
    for n in range(len(meta["terms"])):
        terms |= json.loads((root / "search" / "terms" / f"{n}.json").read_text(encoding="utf-8"))
    stem = stemmer_for("en")
    checked = 0
    for word in (
        "analysing",
        "dashboards",
        "securing",
        "protection",
        "installation",
        "visualisation",
        "learning",
        "spreadsheets",
        "programming",
        "foundations",
    ):
        postings = terms.get(stem(word), [])
        if not postings or isinstance(postings[0], str):
            continue
        docs, doc = set(), 0
        for value in postings:
            doc += value // 8
            docs.add(doc)
        active = {d for d in docs if d < meta["active"]}
        page.goto(base + "?q=" + word)
        expect(page.locator("#result-count")).to_contain_text("found")
        count = int(page.locator("#result-count").inner_text().split()[0])
        assert count >= len(active), word
        checked += 1
    assert checked >= 6


# ---------- robust fetching ----------


def _throttle(page: Page, latency_ms: int) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": latency_ms, "downloadThroughput": -1, "uploadThroughput": -1},
    )


def test_a_failed_fetch_is_explained_retried_and_not_cached(
    site: tuple[str, Any], page: Page
) -> None:
    base, _ = site
    _ready(page, base)
    page.context.set_offline(True)
    page.locator("#q").press_sequentially("python")
    expect(page.locator("#result-count")).to_contain_text("could not load", timeout=15000)
    expect(page.locator("#results li")).to_have_count(0)
    expect(page.locator("#search-retry")).to_be_visible()
    page.context.set_offline(False)
    page.locator("#search-retry").click()
    expect(page.locator("#results h3").first).to_have_text("Python for Data Analysis")
    expect(page.locator("#search-retry")).to_be_hidden()
    # A word of the same files, after the failure: fetched again, not a cached failure.
    page.locator("#q").fill("")
    page.locator("#q").press_sequentially("pandas")
    expect(page.locator("#result-count")).not_to_contain_text("could not load")


def test_a_failed_card_fetch_announces_no_count(site: tuple[str, Any], page: Page) -> None:
    base, _ = site
    _ready(page, base)
    page.route("**/search/records/**", lambda route: route.abort())
    page.locator("#q").press_sequentially("data")
    expect(page.locator("#result-count")).to_contain_text("could not load", timeout=15000)
    expect(page.locator("#results li")).to_have_count(0)
    page.unroute("**/search/records/**")
    page.locator("#search-retry").click()
    expect(page.locator("#result-count")).to_contain_text("found")
    expect(page.locator("#results li").first).to_be_visible()


def test_a_query_in_flight_shows_a_loading_state(site: tuple[str, Any], page: Page) -> None:
    base, _ = site
    _ready(page, base)
    _throttle(page, 1500)
    page.locator("#sort").select_option("workload")  # needs files not fetched yet
    expect(page.locator("#results")).to_have_attribute("aria-busy", "true")
    expect(page.locator("#result-count")).to_have_text("Searching…")
    expect(page.locator("#result-count")).to_contain_text("found", timeout=15000)
    expect(page.locator("#results")).to_have_attribute("aria-busy", "false")


def test_two_quick_show_more_clicks_show_each_result_once(
    site: tuple[str, Any], page: Page
) -> None:
    base, catalog = site
    _ready(page, base + "?retired=1")
    expect(page.locator("#results li")).to_have_count(10)
    _throttle(page, 800)
    page.locator("#more").click()
    page.locator("#more").click(force=True)
    total = len(catalog["credentials"])
    expect(page.locator("#results li")).to_have_count(min(20, total), timeout=15000)
    page.wait_for_timeout(2000)
    hrefs = [a.get_attribute("href") for a in page.locator("#results h3 a").all()]
    assert len(hrefs) == len(set(hrefs)) == min(20, total)


def test_an_unknown_filter_value_in_the_address_is_explained(
    site: tuple[str, Any], page: Page
) -> None:
    base, catalog = site
    online = [
        c
        for c in catalog["credentials"]
        if c["status"] == "active" and c.get("participation") == "online"
    ]
    _ready(page, base + "?delivery=online,by-pigeon&sort=cheapest")
    notice = page.locator("#search-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("by-pigeon")
    expect(notice).to_contain_text("Delivery")
    expect(notice).to_contain_text("cheapest")
    expect(page.locator("#result-count")).to_have_text(f"{len(online)} credentials found")


def test_a_stale_answer_never_replaces_a_newer_query(site: tuple[str, Any], page: Page) -> None:
    """Sorting by workload waits for its data; the learner sorts by title meanwhile: when the
    workload data finally arrives, the title order stays."""
    base, catalog = site
    _ready(page, base)
    held: list[Any] = []
    page.route("**/search/sort/**", lambda route: held.append(route))
    page.locator("#sort").select_option("workload")
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the workload ranks were requested"
    page.locator("#sort").select_option("title")
    active = sorted(
        (c["title"] for c in catalog["credentials"] if c["status"] == "active"), key=str.casefold
    )
    expect(page.locator("#results h3").first).to_have_text(active[0])
    for route in held:
        route.continue_()
    page.wait_for_timeout(1000)
    expect(page.locator("#results h3").first).to_have_text(active[0])
    assert parse_qs(urlsplit(page.url).query)["sort"] == ["title"]


def _starting_within_three_months(catalog: dict[str, Any], today: date) -> list[str]:
    """Active credentials with an intake that starts from today to the same day 3 months on
    (a day past the month's end runs on into the next month, as JavaScript's Date.UTC does)."""
    month = today.month + 3
    first = date(today.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    until = first + timedelta(days=today.day - 1)
    return sorted(
        c["title"]
        for c in catalog["credentials"]
        if c["status"] == "active"
        and any(today <= date.fromisoformat(i["start"]) <= until for i in c.get("intakes", []))
    )


@pytest.mark.parametrize(
    "today", [date(2026, 10, 31), date(2026, 12, 1), date(2027, 3, 15), date(2027, 8, 1)]
)
def test_starts_within_three_months_follows_the_learners_clock(
    site: tuple[str, Any], page: Page, today: date
) -> None:
    """The filter compares the intakes' start dates with the browser's date, not the build's:
    the same static site gives other results on another day."""
    base, catalog = site
    expected = _starting_within_three_months(catalog, today)
    page.clock.set_fixed_time(datetime(today.year, today.month, today.day, 9, tzinfo=UTC))
    _ready(page, base)
    page.locator("summary", has_text="Start date").click()
    soon = page.get_by_label("Starts within 3 months")
    expect(soon.locator("xpath=..").locator(".count")).to_have_text(f"({len(expected)})")
    soon.check()
    if expected:
        found = "1 credential found" if len(expected) == 1 else f"{len(expected)} credentials"
        expect(page.locator("#result-count")).to_contain_text(found)
        assert _titles(page) == expected
    else:
        expect(page.locator("#result-count")).to_have_text("0 credentials found")
    assert parse_qs(urlsplit(page.url).query) == {"starts": ["3m"]}
    page.reload()
    expect(page.get_by_label("Starts within 3 months")).to_be_checked()
