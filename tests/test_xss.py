"""No script from content reaches a reader: XSS payloads in every text field, in a browser.

The Markdown checks that normally refuse raw HTML are switched off here, so this proves the
last line of defence (escaping and the nh3 sanitiser, under the Content-Security-Policy)
on its own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from credcat.check.svg import check_svg
from credcat.core.diagnostics import Report
from credcat.publish.build import build
from tests.catalogs import BADGE_SVG
from tests.support.http import serve_directory
from tests.test_images import HOSTILE

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>alert('xss-1')</script>",
    "</script><script>alert('xss-2')</script>",
    "<img src=x onerror=\"alert('xss-3')\">",
    "<svg onload=alert('xss-4')>",
    "<iframe src=\"javascript:alert('xss-5')\"></iframe>",
    "<a href=\"javascript:alert('xss-6')\">click</a>",
    '"><script>alert("xss-7")</script>',
    "'><img src=x onerror=alert('xss-8')>",
    "<details open ontoggle=alert('xss-9')>",
    "<body onload=alert('xss-10')>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss-11')>",
    "{{ 7*7 }} {% raw %}",
    "<object data=\"data:text/html,<script>alert('xss-12')</script>\"></object>",
    "[x](javascript:alert('xss-13'))",
    "<div style=\"background:url(javascript:alert('xss-14'))\">x</div>",
    "\u2028\u2029<!--<script>alert('xss-15')</script>-->",
]
ALL = " ".join(PAYLOADS)


def _q(text: str) -> str:
    return json.dumps(text)


def _write(content: Path) -> None:
    (content / "issuers").mkdir(parents=True)
    (content / "credentials").mkdir()
    (content / "images").mkdir()
    (content / "images/b.svg").write_text(BADGE_SVG, encoding="utf-8")
    (content / "catalog.yaml").write_text(
        f"title: {_q('Catalog ' + PAYLOADS[1])}\ndescription: {_q(ALL)}\n"
        "base_url: https://xss.example/\nper_page: 3\n",
        encoding="utf-8",
    )
    (content / "issuers/evil.yaml").write_text(
        f"name: {_q('Issuer ' + PAYLOADS[2])}\nurl: https://evil.example/\n"
        f"email: x@evil.example\ndescription: {_q(ALL)}\ncountry: MY\nregion: {_q(PAYLOADS[0])}\n"
        f"accreditation:\n  - body: {_q(PAYLOADS[6])}\n    status: {_q(PAYLOADS[7])}\n",
        encoding="utf-8",
    )
    for n, payload in enumerate(PAYLOADS):
        text = "\n".join(
            [
                "---",
                f"title: {_q(f'Payload {n} {payload}')}",
                f"summary: {_q(payload)}",
                "issuer: evil",
                f"criteria: {_q(ALL)}",
                f"learning_outcomes: [{_q(payload)}]",
                "skills:",
                f"  - name: {_q(payload)}",
                f"    code: {_q(payload)}",
                f"    description: {_q(payload)}",
                f"    framework: {_q(payload)}",
                "    url: https://skills.example/x",
                f"tags: [{_q(payload[:60])}, xss]",
                f"entry_requirements: {_q(payload)}",
                f"code: {_q(payload[:60])}",
                f"field_of_study: {_q(payload)}",
                f"assessment: {{method: {_q(payload)}, supervised: true}}",
                f"quality_assurance: {{type: {_q(payload)}, body: {_q(payload)}}}",
                f"cost: {{amount: 5, currency: MYR, note: {_q(payload[:300])}}}",
                f"level: {{framework: {_q(payload[:60])}, value: {_q(payload)}}}",
                "participation: online",
                "languages: [en]",
                "image: images/b.svg",
                f"status: {'retired' if n == 3 else 'active'}",
                "---",
                f"# {payload}",
                "",
                ALL,
                "",
            ]
        )
        (content / "credentials" / f"payload-{n}.md").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    root = tmp_path_factory.mktemp("xss")
    _write(root / "content")
    out = root / "site"
    out.mkdir()
    patcher = pytest.MonkeyPatch()
    patcher.setattr("credcat.check.markdown._inspect", lambda tokens, text: [])
    try:
        with serve_directory(out, "/") as base:
            report = Report()
            assert build(root / "content", report, output=out, base_url=base) is not None, [
                d.format() for d in report.sorted()
            ]
            yield base, out
    finally:
        patcher.undo()


def test_the_checks_refuse_these_payloads_normally(tmp_path: Path) -> None:
    _write(tmp_path / "content")
    report = Report()
    assert build(tmp_path / "content", report, output=tmp_path / "site") is None
    assert {d.code for d in report.errors} >= {"markdown.unsafe-html", "markdown.unsafe-link"}


def _watch(page: Any, rel: str, fired: list[str], errors: list[str]) -> None:
    def dialog(d: Any) -> None:
        fired.append(f"{rel}: {d.message}")
        d.dismiss()

    page.on("dialog", dialog)
    page.on("console", lambda m: errors.append(f"{rel}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"{rel}: {e}"))


def test_no_payload_executes_on_any_page(site: tuple[str, Path], browser: Browser) -> None:
    base, out = site
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    assert len(pages) > 30
    context = browser.new_context()
    fired: list[str] = []
    errors: list[str] = []
    try:
        for rel in pages:
            page = context.new_page()
            _watch(page, rel, fired, errors)
            url = base + rel.removesuffix("index.html")
            page.goto(url, wait_until="networkidle" if rel == "index.html" else "load")
            if rel == "index.html":
                page.locator("#q").fill("payload")
                page.wait_for_timeout(300)
                assert page.locator("#results li").count() > 0
            page.close()
    finally:
        context.close()
    assert fired == []
    assert [e for e in errors if "404" not in e] == []


class _Tags(HTMLParser):
    """Collects elements and attributes that could run script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("iframe", "object", "embed", "style", "math", "svg", "base"):
            self.bad.append(tag)
        if tag == "form" and values.get("id") != "search-form":  # the theme's own search form
            self.bad.append(tag)
        if (
            tag == "script"
            and not values.get("src")
            and values.get("type") != "application/ld+json"
        ):
            self.bad.append("inline script")
        for name, value in attrs:
            if name.startswith("on"):
                self.bad.append(f"{tag} {name}")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                self.bad.append(f"{tag} {name}={value}")


def test_json_ld_blocks_survive_script_breaking_text(site: tuple[str, Path]) -> None:
    _, out = site
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        for block in blocks:
            json.loads(block)
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert all('src="' in s or "ld+json" in s for s in scripts), (page, scripts)
        parser = _Tags()
        parser.feed(html)
        assert parser.bad == [], (page, parser.bad)


def _hostile_svgs() -> dict[str, str]:
    """Every hostile SVG of the unit tests and of the bad-input corpus."""
    samples = {f"unit-{name}": text for name, text in HOSTILE.items()}
    corpus = Path(__file__).parent / "cases" / "invalid"
    for path in sorted(corpus.glob("image-svg-*/files/images/*.svg")):
        samples[f"corpus-{path.parts[-4]}"] = path.read_text(encoding="utf-8")
    return samples


_CONTROLS = {
    # Published as they are, these would run: proof that the watchers below see it.
    "script": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert("control")</script></svg>',
    "onload": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(\'control\')"/>',
}


@pytest.fixture(scope="module")
def image_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, list[str]]]:
    """Hostile SVGs brought in by `credcat import` (which cleans them), built and served."""
    import base64

    from credcat.commands.cli import main
    from tests.catalogs import CATALOG

    root = tmp_path_factory.mktemp("hostile-images")
    content = root / "content"
    (content / "issuers").mkdir(parents=True)
    (content / "credentials").mkdir()
    (content / "catalog.yaml").write_text(CATALOG, encoding="utf-8")
    sources = []
    for n, (name, svg) in enumerate(sorted(_hostile_svgs().items())):
        badge = {
            "@context": "https://w3id.org/openbadges/v2",
            "type": "BadgeClass",
            "id": f"https://badges.example/{n}",
            "name": f"Hostile image {n:02d}",
            "description": f"Imported with the hostile image {name}.",
            "image": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
            "criteria": {"narrative": "Pass."},
            "issuer": {
                "type": "Issuer",
                "id": "https://badges.example/issuer",
                "name": "Hostile Issuer",
                "url": "https://badges.example/",
                "email": "x@badges.example",
            },
        }
        source = root / "import" / f"{n:02d}.json"
        source.parent.mkdir(exist_ok=True)
        source.write_text(json.dumps(badge), encoding="utf-8")
        sources.append(str(source))
    assert main(["import", "--catalog", str(content), *sources]) == 0
    raw = root / "raw"
    raw.mkdir()
    for name, svg in _CONTROLS.items():
        (raw / f"{name}.svg").write_text(svg, encoding="utf-8")
    with serve_directory(root, "/") as base:
        report = Report()
        built = build(content, report, output=root / "site", base_url=base + "site/")
        assert built is not None, [d.format() for d in report.sorted()]
        svgs = sorted(p.name for p in (root / "site/images").glob("*.svg"))
        yield base, root, svgs


def _open_and_poke(page: Any, url: str) -> None:
    page.goto(url, wait_until="load")
    page.mouse.click(150, 150)  # SMIL and links that wait for a click
    page.mouse.move(20, 20)
    page.wait_for_timeout(50)


def _watched_context(browser: Browser, base: str, seen: dict[str, list[str]]) -> Any:
    context = browser.new_context()

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if not url.startswith(base):
            seen["fetched"].append(url)
            request_route.abort()
        else:
            request_route.continue_()

    context.route("**/*", route)
    return context


def _watch_page(page: Any, current: list[str], seen: dict[str, list[str]]) -> None:
    """Record dialogs, and navigations away from ``current[0]`` (the URL being opened)."""

    def dialog(d: Any) -> None:
        seen["dialogs"].append(f"{current[0]}: {d.message}")
        d.dismiss()

    page.on("dialog", dialog)
    page.on(
        "framenavigated",
        lambda f: (
            seen["navigated"].append(f"{current[0]}: {f.url}") if f.url != current[0] else None
        ),
    )


def test_the_watchers_see_a_hostile_svg_run(
    image_site: tuple[str, Path, list[str]], browser: Browser
) -> None:
    base, _, _ = image_site
    seen: dict[str, list[str]] = {"dialogs": [], "fetched": [], "navigated": []}
    context = _watched_context(browser, base, seen)
    try:
        page = context.new_page()
        current = [""]
        _watch_page(page, current, seen)
        for name in _CONTROLS:
            current[0] = f"{base}raw/{name}.svg"
            _open_and_poke(page, current[0])
    finally:
        context.close()
    assert len(seen["dialogs"]) == len(_CONTROLS)


def test_published_images_do_nothing_opened_directly_or_inline(
    image_site: tuple[str, Path, list[str]], browser: Browser
) -> None:
    base, root, svgs = image_site
    samples = _hostile_svgs()
    # Those that still hold a drawing were cleaned and kept; the rest use the default badge.
    kept = [s for s in samples.values() if check_svg(s.encode()).data is not None]
    assert len(svgs) == len(kept) > 25
    pages = sorted((root / "site/credentials").glob("*/index.html"))
    assert len(pages) == len(samples)
    seen: dict[str, list[str]] = {"dialogs": [], "fetched": [], "navigated": []}
    context = _watched_context(browser, base, seen)
    try:
        page = context.new_page()
        current = [""]
        _watch_page(page, current, seen)
        for name in svgs:  # opened directly, as a link to the image would
            current[0] = url = f"{base}site/images/{name}"
            _open_and_poke(page, url)
            assert page.url == url
        for path in pages:  # inline, as the credential page shows it
            current[0] = url = base + path.relative_to(root).as_posix().removesuffix("index.html")
            page.goto(url, wait_until="load")
            image = page.locator("img.badge").first
            assert image.evaluate("i => i.complete && i.naturalWidth > 0"), url
            image.click()
            page.wait_for_timeout(50)
            assert page.url == url
    finally:
        context.close()
    assert seen == {"dialogs": [], "fetched": [], "navigated": []}
