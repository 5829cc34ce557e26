"""The example catalog in a real browser: accessibility, valid HTML, links, phones, CSP.

Debian's Chromium is driven by Playwright; axe-core and the Nu HTML Checker come from
npm (installed by scripts/test.sh). The site is served over HTTP on 127.0.0.1 under the
sub-path /catalog/, as on GitHub Pages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from credcat.core.diagnostics import Report
from credcat.publish.build import build
from tests.support.axe import run_axe
from tests.support.contrast import contrast, luminance
from tests.support.http import serve_directory
from tests.support.links import find_broken_links
from tests.support.vnu import check_html
from tests.test_extra_files import _with_extras

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The example catalog built for, and served at, http://127.0.0.1:PORT/catalog/."""
    root = tmp_path_factory.mktemp("served") / "site"
    root.mkdir()
    with serve_directory(root, prefix="/catalog/") as base:
        report = Report()
        result = build(REPO / "content", report, output=root, base_url=base)
        assert result is not None, [d.format() for d in report.sorted()]
        yield base, root


def _page_types(root: Path) -> dict[str, str]:
    """One URL path of every kind of page the theme renders."""
    catalog = json.loads((root / "catalog.json").read_text(encoding="utf-8"))
    creds = catalog["credentials"]
    stack = next(c for c in creds if c["components"])
    component = next(c for c in creds if c["stacks_into"])
    retired = next(c for c in creds if c["status"] == "retired")
    pages = {
        "catalog": "",
        "credential": f"credentials/{creds[0]['id']}/",
        "stack": f"credentials/{stack['id']}/",
        "stack component": f"credentials/{component['id']}/",
        "retired": f"credentials/{retired['id']}/",
        "issuer": f"issuers/{catalog['issuers'][0]['id']}/",
        "archive": "archive/",
        "verify": "verify/",
        "404": "no/such/page/",
    }
    if (root / "page/2/index.html").is_file():
        pages["listing page 2"] = "page/2/"
    for optional in ("browse/", "pathways/"):
        if (root / optional / "index.html").is_file():
            pages[optional.strip("/")] = optional
    history = [
        p
        for p in root.glob("credentials/*/index.html")
        if "Version history" in p.read_text("utf-8")
    ]
    if history:
        pages["credential with a version history"] = f"credentials/{history[0].parent.name}/"
    with_intakes = next((c for c in creds if c.get("intakes")), None)
    if with_intakes:
        pages["credential with intakes"] = f"credentials/{with_intakes['id']}/"
    with_partners = next((c for c in creds if c.get("partners")), None)
    if with_partners:
        partner = with_partners["partners"][0]["issuer"]
        pages["credential with partners"] = f"credentials/{with_partners['id']}/"
        pages["partner issuer"] = f"issuers/{partner}/"
    value_pages = sorted((root / "browse").glob("*/*/index.html"))
    if value_pages:
        pages["browse value"] = value_pages[0].parent.relative_to(root).as_posix() + "/"
    return pages


def _visit(page: Page, url: str) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="networkidle")
    return errors


SCHEMES = ["light", "dark"]
SIZES: dict[str, ViewportSize] = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_type_has_no_axe_violations(
    site: tuple[str, Path], browser: Browser, scheme: Literal["light", "dark"], size: str
) -> None:
    """axe (WCAG 2.1 A and AA, colour contrast included) on one page of each type, in the
    light and the dark colour scheme, on a phone and on a desktop screen (#18)."""
    base, root = site
    context = browser.new_context(bypass_csp=True, viewport=SIZES[size])
    failures: dict[str, object] = {}
    try:
        for name, path in _page_types(root).items():
            page = context.new_page()
            page.emulate_media(color_scheme=scheme)
            page.goto(base + path, wait_until="networkidle")
            dark = page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
            assert dark == (scheme == "dark")
            background = page.evaluate("getComputedStyle(document.body).backgroundColor")
            assert (luminance(background) < 0.05) == (scheme == "dark"), (name, background)
            violations = run_axe(page)
            if violations:
                failures[name] = [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
            page.close()
    finally:
        context.close()
    assert failures == {}


def test_pages_load_without_console_errors_under_the_csp(
    site: tuple[str, Path], browser: Browser
) -> None:
    base, root = site
    context = browser.new_context()
    try:
        for name, path in _page_types(root).items():
            page = context.new_page()
            errors = _visit(page, base + path)
            expected = ["Failed to load resource: the server responded with a status of 404"]
            if name == "404":
                errors = [e for e in errors if not e.startswith(expected[0])]
            assert errors == [], f"{name}: {errors}"
            page.close()
    finally:
        context.close()


def _redirects(root: Path) -> list[Path]:
    return [
        p
        for p in sorted(root.glob("*/*/index.html"))
        if 'http-equiv="refresh"' in p.read_text(encoding="utf-8")
    ]


def test_renamed_pages_redirect_in_a_browser(site: tuple[str, Path], browser: Browser) -> None:
    """An earlier id's page sends the browser to the current page, without any script."""
    base, root = site
    redirects = _redirects(root)
    assert redirects, "the example catalog has no renamed credential"
    context = browser.new_context()
    try:
        for path in redirects:
            html = path.read_text(encoding="utf-8")
            target = re.search(r'content="0; url=([^"]+)"', html)
            assert target
            page = context.new_page()
            errors = _visit(page, base + path.parent.relative_to(root).as_posix() + "/")
            assert errors == []
            url = urljoin(page.url, target.group(1))  # relative to the redirect page
            page.wait_for_url(url)
            assert page.url == url
            assert page.locator("h1").inner_text()
            page.close()
    finally:
        context.close()


def test_every_page_is_valid_html(site: tuple[str, Path]) -> None:
    _, root = site
    pages = sorted(root.rglob("*.html"))
    assert len(pages) >= 20
    assert check_html(pages) == []


def test_no_broken_internal_links_or_anchors(site: tuple[str, Path]) -> None:
    _, root = site
    assert find_broken_links(root, "/catalog/") == []


def test_no_inline_script_anywhere(site: tuple[str, Path]) -> None:
    _, root = site
    script = re.compile(r"<script\b([^>]*)>", re.I)
    for path in root.rglob("*.html"):
        for attrs in script.findall(path.read_text(encoding="utf-8")):
            assert "src=" in attrs or 'type="application/ld+json"' in attrs, (path, attrs)
        text = path.read_text(encoding="utf-8")
        assert "Content-Security-Policy" in text, path
        assert re.search(r"\son[a-z]+=", text) is None, path


@pytest.mark.parametrize("width", [320, 768])
def test_pages_fit_a_phone_screen(site: tuple[str, Path], browser: Browser, width: int) -> None:
    base, root = site
    context = browser.new_context(viewport={"width": width, "height": 800})
    shots = root.parent / "screenshots"
    shots.mkdir(exist_ok=True)
    try:
        for name, path in _page_types(root).items():
            page = context.new_page()
            page.goto(base + path, wait_until="load")
            page.screenshot(path=str(shots / f"{name.replace(' ', '-')}-{width}.png"))
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{name} overflows by {overflow}px at {width}px"
            page.close()
    finally:
        context.close()


def test_keyboard_user_can_skip_to_content(site: tuple[str, Path], page: Page) -> None:
    base, root = site
    page.goto(base + _page_types(root)["credential"])
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_intakes_show_the_next_one_and_hide_those_that_ended(
    site: tuple[str, Path], browser: Browser
) -> None:
    """The learner's clock decides, so the static page stays right between builds."""
    base, _ = site
    url = base + "credentials/data-analysis-spreadsheets/"
    context = browser.new_context()
    page = context.new_page()
    page.clock.set_fixed_time("2026-12-02T10:00:00")
    errors = _visit(page, url)
    intakes = page.locator(".intake")
    assert intakes.count() == 3
    assert [intakes.nth(n).is_visible() for n in range(3)] == [False, True, True]
    assert page.locator(".intake-next:visible").count() == 1
    assert intakes.nth(1).locator(".intake-next").is_visible()
    assert page.locator(".intake-none").is_hidden()
    assert errors == []
    page.clock.set_fixed_time("2027-08-01T10:00:00")
    page.reload()
    assert page.locator(".intake:visible").count() == 0
    assert page.locator(".intake-none").is_visible()
    context.close()

    # Without JavaScript every intake is listed with its dates.
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url)
    assert page.locator(".intake:visible").count() == 3
    context.close()


_FOCUS_RING = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  // The middle of the ring on each side: the page there is what the ring is seen against.
  const d = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth) / 2;
  const points = [
    [box.left - d, box.top + box.height / 2], [box.right + d, box.top + box.height / 2],
    [box.left + box.width / 2, box.top - d], [box.left + box.width / 2, box.bottom + d],
  ];
  const behind = [];
  for (const [x, y] of points) {
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
    let colour = getComputedStyle(document.body).backgroundColor;
    for (const node of document.elementsFromPoint(x, y)) {
      if (node === el || el.contains(node)) continue;
      const bg = getComputedStyle(node).backgroundColor;
      if (bg !== "rgba(0, 0, 0, 0)" && bg !== "transparent") { colour = bg; break; }
    }
    behind.push(colour);
  }
  return {
    what: el.outerHTML.slice(0, 100), style: style.outlineStyle,
    width: parseFloat(style.outlineWidth), colour: style.outlineColor, behind,
  };
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_focus_ring_is_3_to_1_against_what_is_behind_it(
    site: tuple[str, Path], browser: Browser, scheme: Literal["light", "dark"]
) -> None:
    """Tab through pages and measure every focus ring against the page around it (#18).

    The ring (3 px, 2 px outside the element) sits on the page, the header or a panel; WCAG
    2.1 (1.4.11) asks 3:1 against each. The amber ring of earlier versions was 2.0:1 on white.
    """
    base, root = site
    types = _page_types(root)
    context = browser.new_context(viewport=SIZES["desktop"], color_scheme=scheme)
    failures: list[str] = []
    seen = 0
    try:
        page = context.new_page()
        for name in ("catalog", "stack", "verify"):
            page.goto(base + types[name], wait_until="networkidle")
            first = None
            for _ in range(80):
                page.keyboard.press("Tab")
                ring: dict[str, Any] = page.evaluate(_FOCUS_RING)
                if ring["what"] == first or ring["what"].startswith("<body"):
                    break  # round the page and out of it
                first = first or ring["what"]
                seen += 1
                if ring["style"] == "none" or ring["width"] < 2:
                    failures.append(f"{name}: no focus ring on {ring['what']}")
                for behind in ring["behind"]:
                    ratio = contrast(ring["colour"], behind)
                    if ratio < 3:
                        failures.append(
                            f"{name}: {ring['colour']} on {behind} is {ratio:.2f}:1 "
                            f"at {ring['what']}"
                        )
    finally:
        context.close()
    assert seen > 60
    assert failures == []


def _pathway_text(page: Page) -> list[dict[str, Any]]:
    """Each text of each pathway diagram: its rendered font size in CSS pixels (the computed
    size scaled by the drawing's rendered width over its viewBox) and whether it stays inside
    the innermost box it starts in."""
    result: list[dict[str, Any]] = page.evaluate(
        """() => [...document.querySelectorAll("svg.pathway-svg")].flatMap(svg => {
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          const rects = [...svg.querySelectorAll("rect")].map(r => r.getBBox());
          return [...svg.querySelectorAll("text")].map(t => {
            const b = t.getBBox();
            const around = rects.filter(r => r.x <= b.x && b.x <= r.x + r.width
              && r.y <= b.y && b.y <= r.y + r.height);
            const inner = around.sort((p, q) => p.width - q.width)[0];
            return {
              text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale,
              fits: inner !== undefined && b.x + b.width <= inner.x + inner.width,
            };
          });
        })"""
    )
    return result


@pytest.mark.parametrize("size", SIZES)
def test_pathway_diagram_text_is_at_least_12_px(
    site: tuple[str, Path], browser: Browser, size: str
) -> None:
    """At 390 px the diagram once scaled to about 8 px text; it is drawn narrow now (#18)."""
    base, root = site
    types = _page_types(root)
    context = browser.new_context(viewport=SIZES[size])
    try:
        page = context.new_page()
        for name in ("pathways", "stack"):
            page.goto(base + types[name], wait_until="load")
            texts = _pathway_text(page)
            assert len(texts) > 5, name
            small = [(t["text"], round(t["px"], 1)) for t in texts if t["px"] < 12]
            assert small == [], f"{name} at {size}"
            assert [t["text"] for t in texts if not t["fits"]] == [], f"{name} at {size}"
    finally:
        context.close()


def test_print_keeps_the_enrol_address_and_key_facts_and_drops_controls(
    site: tuple[str, Path], browser: Browser
) -> None:
    """Printed in the dark scheme too: black on white, enrol address written out (#18)."""
    base, root = site
    types = _page_types(root)
    context = browser.new_context(viewport=SIZES["desktop"], color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(base + types["stack"], wait_until="networkidle")
        page.emulate_media(media="print", color_scheme="dark")
        enrol = page.locator("a.enrol").first
        assert enrol.is_visible()
        href = enrol.get_attribute("href")
        assert href
        after = page.evaluate(
            "getComputedStyle(document.querySelector('a.enrol'), '::after').content"
        )
        assert href in after
        assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") in (
            "rgb(255, 255, 255)",
            "rgba(0, 0, 0, 0)",
        )
        assert page.locator(".keyinfo").is_visible()
        rows = page.evaluate(
            "[...document.querySelectorAll('.keyinfo > div')]"
            ".map(d => getComputedStyle(d).breakInside)"
        )
        assert rows
        assert set(rows) == {"avoid"}
        for hidden in (".site-header nav", ".site-footer", ".planner", ".data-links"):
            assert page.locator(hidden).first.is_hidden(), hidden
        assert page.locator("button:visible").count() == 0

        page.emulate_media(media="screen")
        page.goto(base + types["catalog"], wait_until="networkidle")
        page.emulate_media(media="print")
        for hidden in (".search-form", ".facets", ".site-header nav"):
            assert page.locator(hidden).first.is_hidden(), hidden
        assert page.locator(".card").first.is_visible()
    finally:
        context.close()


@pytest.fixture(scope="module")
def branded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The basic test catalog with extra_css and extra_js, built and served like ``site``."""
    work = tmp_path_factory.mktemp("branded")
    content = _with_extras(work)
    root = work / "site"
    root.mkdir()
    with serve_directory(root, prefix="/catalog/") as base:
        report = Report()
        result = build(content, report, output=root, base_url=base)
        assert result is not None, [d.format() for d in report.sorted()]
        yield base, root


def test_extra_css_and_js_apply_on_every_page_type_under_the_csp(
    branded: tuple[str, Path], browser: Browser
) -> None:
    """The catalog's stylesheet styles, and its script runs, on one page of each type in each
    language, with the pages' own Content Security Policy in force (#18)."""
    base, _ = branded
    pages = ["", "page/2/", "browse/", "browse/cost/free/", "credentials/data-certificate/"]
    pages += ["issuers/north-uni/", "pathways/", "archive/", "verify/", "no/such/page/"]
    pages += ["ms/", "ms/credentials/data-cleaning/", "ms/issuers/north-uni/", "ms/verify/"]
    context = browser.new_context()
    try:
        for path in pages:
            page = context.new_page()
            errors = _visit(page, base + path)
            if path == "no/such/page/":
                errors = [e for e in errors if "status of 404" not in e]
            assert errors == [], (path, errors)
            border = page.evaluate("getComputedStyle(document.body).borderTopColor")
            assert border == "rgb(204, 0, 0)", path
            assert page.evaluate("document.documentElement.dataset.brand") == "yes", path
            page.close()
    finally:
        context.close()


def test_pages_with_extra_files_are_valid_html(branded: tuple[str, Path]) -> None:
    _, root = branded
    pages = sorted(root.rglob("*.html"))
    assert all("brand.css" in p.read_text(encoding="utf-8") for p in pages)
    assert check_html(pages) == []


def test_key_facts_and_the_enrol_button_are_on_a_phones_first_screen(
    site: tuple[str, Path], browser: Browser
) -> None:
    """On a 390x844 phone every active credential shows its key facts and its enrol button
    without scrolling, in every language; the key information table does not repeat the title,
    and countries are written out."""
    base, root = site
    catalog = json.loads((root / "catalog.json").read_text(encoding="utf-8"))
    active = [c for c in catalog["credentials"] if c["status"] == "active"]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    lowest = 0.0
    try:
        for lang in ("", "ms/", "id/"):
            for cred in active:
                page.goto(f"{base}{lang}credentials/{cred['id']}/", wait_until="load")
                facts = page.locator(".credential-intro .keyfacts")
                expect(facts.locator("dt").first).to_be_visible()
                box = facts.bounding_box()
                assert box is not None
                assert box["y"] + box["height"] <= 844, (lang, cred["id"], box)
                button = page.locator(".credential-intro .enrol .button")
                if cred.get("url"):
                    enrol = button.bounding_box()
                    assert enrol is not None
                    assert enrol["y"] + enrol["height"] <= 844, (lang, cred["id"], enrol)
                    lowest = max(lowest, enrol["y"] + enrol["height"])
                rows = page.locator(".keyinfo dt").all_text_contents()
                assert rows[0] != "Title"
                country = page.locator(".keyinfo div").nth(0).locator("dd").inner_text()
                assert not re.fullmatch(r"[A-Z]{2}(,.*)?", country), country
        print(f"lowest enrol button bottom at 390x844: {lowest:.0f} px")
        singapore = {i["id"] for i in catalog["issuers"] if i.get("country") == "SG"}
        there = next(c for c in active if c["issuer"] in singapore)
        page.goto(f"{base}ms/credentials/{there['id']}/")
        expect(page.locator(".keyinfo div").nth(0).locator("dd")).to_have_text("Singapura")
    finally:
        context.close()
