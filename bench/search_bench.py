"""Benchmark the catalog search in a real browser (Debian's Chromium via Playwright).

Usage: python bench/search_bench.py [N ...]

For each N it generates N credentials (as bench.py does), builds them, serves the site on
127.0.0.1 and reports uncompressed bytes fetched for the first load, the first typed query,
a further typed query and a facet-only query, and the time from the last keystroke to the
results being shown.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import generate

from credcat.core.diagnostics import Report
from credcat.publish.build import build

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet."""


def _serve(root: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def _keystroke_ms(page: Page, text: str) -> float:
    """Type ``text``; return ms from the last keystroke until the result count changes."""
    page.locator("#q").press_sequentially(text[:-1])
    page.wait_for_timeout(300)
    page.evaluate(
        """() => { window.__t = null;
        const target = document.getElementById('result-count');
        new MutationObserver(() => {
            if (window.__t0 && !window.__t) window.__t = performance.now(); })
          .observe(target, {childList: true, characterData: true, subtree: true});
        document.getElementById('q').addEventListener('keydown',
          () => { window.__t0 = performance.now(); window.__t = null; }, {once: true}); }"""
    )
    page.locator("#q").press(text[-1])
    page.wait_for_function("window.__t !== null && window.__t !== undefined", timeout=10000)
    return float(page.evaluate("window.__t - window.__t0"))


def _settle(page: Page, action: Callable[[], object]) -> None:
    """Do ``action`` and wait until the results have been redrawn and the network is idle."""
    page.evaluate(
        """() => { window.__done = false;
        new MutationObserver((_, obs) => { window.__done = true; obs.disconnect(); })
          .observe(document.getElementById('result-count'),
                   {childList: true, characterData: true, subtree: true}); }"""
    )
    action()
    page.wait_for_function("window.__done === true", timeout=10000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(100)
    page.wait_for_load_state("networkidle")


def measure(n: int, work: Path, verbose: bool = False) -> dict[str, float]:
    """Build a catalog of n credentials and measure its search in Chromium."""
    content = work / f"n{n}" / "content"
    generate(content, n)
    site = work / f"n{n}" / "site"
    site.mkdir(parents=True)
    server, base = _serve(site)
    try:
        report = Report()
        if build(content, report, output=site, base_url=base) is None:
            sys.exit("\n".join(d.format() for d in report.sorted()))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            # bypass_csp: the probe below is evaluated by Playwright; the site itself needs none.
            page = browser.new_context(bypass_csp=True).new_page()
            sizes: dict[str, int] = {}
            page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())) if r.ok else None)
            page.goto(base, wait_until="networkidle")
            page.wait_for_selector("#results li")
            first = sum(sizes.values())
            sizes.clear()
            first_query_ms = _keystroke_ms(page, "data")
            page.wait_for_load_state("networkidle")
            first_query = sum(sizes.values())
            if verbose:
                for url, size in sorted(sizes.items()):
                    print(f"    first query: {url.split('/search/')[-1]:<24} {size:>7} B")
            sizes.clear()
            _settle(page, lambda: page.locator("#q").press_sequentially(" python"))
            further = sum(sizes.values())
            _settle(page, lambda: page.locator("#q").fill(""))
            sizes.clear()
            page.locator("summary", has_text="Delivery").click()
            _settle(page, lambda: page.locator("#facets input[value='online']").check())
            facet_only = sum(sizes.values())
            _settle(page, lambda: page.locator("#facets input[value='online']").uncheck())
            warm_ms = _keystroke_ms(page, "analysis")
            browser.close()
    finally:
        server.shutdown()
    return {
        "first load KB": first / 1000,
        "first query KB": first_query / 1000,
        "further query KB": further / 1000,
        "facet-only KB": facet_only / 1000,
        "keystroke->results ms (cold)": first_query_ms,
        "keystroke->results ms (warm)": warm_ms,
    }


def main() -> None:
    """Print a table of search figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("-v", "--verbose", action="store_true", help="list the first query's files")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="credcat-search-bench-"))
    try:
        for n in args.sizes:
            for name, value in measure(n, work, args.verbose).items():
                print(f"{n:>7}  {name:<30} {value:>9.1f}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
