"""``credcat init`` and ``credcat new``: write starter files, never overwriting any."""

from __future__ import annotations

from pathlib import Path

from credcat.diagnostics import Location, Report
from credcat.files import FileProblem, check_writable
from credcat.sources import ID_PATTERN, display_path, suggest_id

SCHEMA_BASE = "https://credcat.github.io/schema/v1/"

CATALOG_YAML = """\
# yaml-language-server: $schema={schema}catalog.schema.json
title: {title}
description: Short, skill-focused credentials you can stack into larger qualifications.
# Every badge id is built on base_url: choose it once and never change it.
base_url: {base_url}
language: en
# To publish in more languages, list them (translations go in translations/<lang>/):
# languages: [en, ms, id]
"""

ISSUER_YAML = """\
# yaml-language-server: $schema={schema}issuer.schema.json
name: Example Institute
url: https://www.example.org/
email: credentials@example.org
country: MY
description: A training provider publishing its micro-credentials with credcat.
"""

CREDENTIAL_MD = """\
---
# yaml-language-server: $schema={schema}credential.schema.json
title: {title}
summary: One sentence on what the learner can do after earning it.
issuer: {issuer}
type: MicroCredential
status: {status}
version: "1.0"
criteria: |
  To earn this credential the learner must:

  - complete every learning activity, and
  - pass the final assessment.
learning_outcomes:
  - Explain ...
  - Apply ...
workload_hours: 40
credits:
  value: 1
  system: MQA
level:
  framework: MQF
  value: 4
participation: online
languages: [en]
cost:
  amount: 0
  currency: MYR
assessment:
  method: Practical project reviewed by an assessor
  supervised: false
  identity_verified: true
quality_assurance:
  type: Internal quality assurance
---
Describe the credential for learners here, in Markdown: who it is for, what they will do,
and how it fits with other credentials.
"""

WORKFLOW = """\
# Builds the catalog with credcat and publishes it on GitHub Pages.
# Enable it in the repository: Settings > Pages > Source: GitHub Actions.
name: Publish catalog
on:
  push:
    branches: [main]
  pull_request:
  workflow_dispatch:
permissions:
  contents: read
  pages: write
  id-token: write
concurrency:
  group: pages
  cancel-in-progress: false
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: python -m pip install credcat
      - run: credcat validate --strict
      # Fails when a change would break a URL recorded in content/published.lock.
      - run: credcat check
      - run: credcat build
      - uses: actions/upload-pages-artifact@v3
        if: github.event_name != 'pull_request'
        with:
          path: site
  deploy:
    if: github.event_name != 'pull_request'
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""

BADGE_SVG = """\
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 300" width="300" height="300">\
<title>Example badge</title><circle cx="150" cy="150" r="140" fill="#0b5cad"/>\
<path d="M100 155l35 35 70-80" fill="none" stroke="#fff" stroke-width="18" \
stroke-linecap="round" stroke-linejoin="round"/></svg>
"""


def _write_new(path: Path, text: str, report: Report, written: list[str], root: Path) -> None:
    if path.exists():
        report.warning(Location(path=display_path(path)), "init.exists", "exists; left as it is")
        return
    try:
        check_writable(root, path)  # a dangling link would write outside the folder
    except FileProblem as exc:
        report.error(Location(path=display_path(path)), "path.outside", f"not written: it {exc}")
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        report.error(Location(path=display_path(path)), "init.write", f"cannot write: {exc}")
        return
    written.append(display_path(path))


def init_catalog(directory: Path, *, title: str, base_url: str) -> tuple[list[str], Report]:
    """Create a catalog project: content/, a sample issuer and credential, a Pages workflow."""
    report = Report()
    written: list[str] = []
    if not base_url.endswith("/"):
        base_url += "/"
    content = directory / "content"
    files = {
        content / "catalog.yaml": CATALOG_YAML.format(
            schema=SCHEMA_BASE, title=_yaml_text(title), base_url=base_url
        ),
        content / "issuers" / "example-institute.yaml": ISSUER_YAML.format(schema=SCHEMA_BASE),
        content / "credentials" / "example-credential.md": CREDENTIAL_MD.format(
            schema=SCHEMA_BASE,
            title="Example credential",
            issuer="example-institute",
            status="active",
        ),
        content / "images" / "example-badge.svg": BADGE_SVG,
        directory / ".github" / "workflows" / "credcat.yml": WORKFLOW,
        directory / ".gitignore": "site/\n.credcat-cache/\n",
    }
    for path, text in files.items():
        _write_new(path, text, report, written, directory)
    messages = [f"created {p}" for p in written]
    if not report.errors:
        messages.append(f"next: cd {display_path(directory)} && credcat build && credcat serve")
    return messages, report


def new_credential(
    root: Path, ident: str, *, title: str | None, issuer: str | None
) -> tuple[list[str], Report]:
    """Add credentials/<id>.md as a draft from the template."""
    report = Report()
    where = Location(path=display_path(root / "credentials" / f"{ident}.md"))
    if not ID_PATTERN.match(ident) or len(ident) > 80:
        report.error(
            where,
            "id.invalid",
            f"'{ident}' is not a valid id: use lower-case letters, digits and single hyphens",
            f"try {suggest_id(ident)}",
        )
        return [], report
    if not (root / "catalog.yaml").is_file():
        report.error(
            Location(path=display_path(root / "catalog.yaml")),
            "source.missing",
            "catalog.yaml not found",
            "run credcat init first, or pass the catalog folder",
        )
        return [], report
    if issuer is None:
        found = sorted((root / "issuers").glob("*.yaml")) if (root / "issuers").is_dir() else []
        issuer = found[0].stem if found else "my-institution"
    path = root / "credentials" / f"{ident}.md"
    if path.exists():
        report.error(where, "new.exists", "a credential with this id already exists")
        return [], report
    text = CREDENTIAL_MD.format(
        schema=SCHEMA_BASE,
        title=_yaml_text(title or ident.replace("-", " ").capitalize()),
        issuer=issuer,
        status="draft",
    )
    written: list[str] = []
    _write_new(path, text, report, written, root)
    return [f"created {p} (status: draft; set status: active to publish it)" for p in written], (
        report
    )


def _yaml_text(text: str) -> str:
    """Quote a value for YAML when it needs it."""
    import json

    plain = text and text[0].isalnum() and ": " not in text and " #" not in text
    return text if plain else json.dumps(text, ensure_ascii=False)
