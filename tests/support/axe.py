"""Run axe-core (from node_modules) in a Playwright page; return WCAG 2.1 A/AA violations."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@cache
def _source() -> str:
    if not AXE.is_file():
        raise RuntimeError("axe-core is missing: run 'npm ci' (scripts/test.sh does)")
    return AXE.read_text(encoding="utf-8")


def run_axe(page: Page, tags: list[str] | None = None) -> list[dict[str, Any]]:
    """Run axe on the page's document and return its WCAG 2.1 A/AA violations.

    The script text goes in through ``page.evaluate`` (the DevTools protocol), not a ``<script>``
    element, so it works under the site's strict Content-Security-Policy without ``bypass_csp``.
    """
    page.evaluate(_source())
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags or TAGS
    )
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    """A readable summary for assertion messages: rule, impact, selectors and HTML of each node."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v.get('impact')}): {v['help']} <{v.get('helpUrl', '')}>")
        nodes = v["nodes"]
        for node in nodes[:5]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    {target}: {node['html'][:160]}")
        if len(nodes) > 5:
            lines.append(f"    ... and {len(nodes) - 5} more")
    return "\n".join(lines)


format_violations = describe
