"""Small catalogs written into tmp_path for tests (a scratch project per test)."""

from __future__ import annotations

from pathlib import Path

CATALOG = """\
title: Test catalog
description: A catalog for tests.
base_url: https://example.org/catalog/
language: en
"""

ISSUER = """\
name: Test University
url: https://www.test.example/
email: badges@test.example
country: MY
region: Selangor
description: A university for tests.
"""

BADGE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="300" height="300">'
    '<title>Badge</title><circle cx="5" cy="5" r="4" fill="#0b5cad"/></svg>\n'
)


def credential(
    title: str = "Data Analysis Basics",
    issuer: str = "test-uni",
    extra: str = "",
    body: str = "## Overview\n\nLearn to analyse data.\n",
) -> str:
    """Return the text of a valid credential file, with optional extra front matter lines."""
    return (
        "---\n"
        f"title: {title}\n"
        "summary: Clean and summarise a data set with a spreadsheet.\n"
        f"issuer: {issuer}\n"
        "criteria: |\n"
        "  Pass the **final project**.\n"
        "learning_outcomes:\n"
        "  - Clean a data set.\n"
        "workload_hours: 40\n"
        "credits: {value: 1, system: MQA}\n"
        "level: {framework: MQF, value: 4}\n"
        "participation: online\n"
        "languages: [en]\n"
        "cost: {amount: 0, currency: MYR}\n"
        "image: images/badge.svg\n"
        "skills:\n"
        "  - name: analyse data\n"
        "    framework: ESCO\n"
        "    url: http://data.europa.eu/esco/skill/test-1\n"
        f"{extra}"
        "---\n"
        f"{body}"
    )


def write_catalog(root: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """Write a minimal valid catalog into ``root``/content, then apply ``files`` overrides.

    A value of "" deletes the default file at that path.
    """
    content = root / "content"
    defaults: dict[str, str | bytes] = {
        "catalog.yaml": CATALOG,
        "issuers/test-uni.yaml": ISSUER,
        "credentials/data-basics.md": credential(),
        "images/badge.svg": BADGE_SVG,
    }
    defaults.update(files or {})
    for rel, text in defaults.items():
        path = content / rel
        if text == "":
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return content
