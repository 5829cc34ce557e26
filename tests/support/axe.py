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


def run_axe(page: Page) -> list[dict[str, Any]]:
    """Inject axe (the page's context must bypass CSP) and return its violations."""
    page.evaluate(_source())
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    """A readable summary of violations for assertion messages."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v.get('impact')}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['html'][:160]}")
    return "\n".join(lines)
