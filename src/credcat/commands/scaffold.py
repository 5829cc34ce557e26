"""``credcat init`` and ``credcat new``: write starter files, never overwriting any."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from credcat.core.diagnostics import Location, Report
from credcat.core.files import FileProblem, check_writable
from credcat.core.schema import SCHEMA_DIR, modeline, schema_dir_for
from credcat.core.sources import ID_PATTERN, display_path, suggest_id

PLACEHOLDER_BASE_URL = "https://change-me.invalid/catalog/"
"""``base_url`` written when init cannot derive one: a host under the reserved ``.invalid``
domain (RFC 2606), which ``validate`` warns about and ``lock`` refuses (see
``config.is_placeholder``)."""

CATALOG_YAML = """\
{modeline}title: {title}
description: Short, skill-focused credentials you can stack into larger qualifications.
# Every badge id is built on base_url: choose it once and never change it.
{base_comment}base_url: {base_url}
language: en
# To publish in more languages, list them (translations go in translations/<lang>/):
# languages: [en, ms, id]
"""

ISSUER_YAML = """\
{modeline}name: Example Institute
url: https://www.example.org/
email: credentials@example.org
country: MY
description: A training provider publishing its micro-credentials with credcat.
"""

CREDENTIAL_MD = """\
---
{modeline}title: {title}
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

ACTION_VERSIONS = {
    "actions/checkout": "v7",
    "actions/setup-python": "v7",
    "actions/configure-pages": "v5",
    "actions/upload-pages-artifact": "v5",
    "actions/deploy-pages": "v5",
}
"""The current major version of each action the generated workflow uses, as tagged in the
action's own repository. upload-pages-artifact leaves dotfiles out of the artifact since v4;
credcat's site needs none of them (``.nojekyll`` only matters to branch-based Pages)."""

WORKFLOW = """\
# Builds the catalog with credcat {version} and publishes it on GitHub Pages.
# Enable Pages once: repository Settings > Pages > Source: GitHub Actions.
#
# Pushes to {branch} deploy when {branch} is the repository's default branch; pull requests
# are validated and built in their own concurrency group and never deploy. To publish from
# another branch, change `branches:` below and make that branch the default one
# (Settings > General > Default branch). To upgrade credcat, change the version pinned below.
name: Publish catalog
on:
  push:
    branches: [{branch_yaml}]
  pull_request:
  workflow_dispatch:
permissions:
  contents: read
concurrency:
  group: >-
    ${{{{ github.event_name == 'pull_request' && format('pr-{{0}}', github.ref) || 'pages' }}}}
  cancel-in-progress: ${{{{ github.event_name == 'pull_request' }}}}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@{checkout}
      - uses: actions/setup-python@{setup_python}
        with:
          python-version: "3.12"
      - run: python -m pip install credcat=={version}
      - run: credcat validate --strict
      # Fails when a change would break a URL recorded in content/published.lock, or when
      # the lock is not up to date (run `credcat lock` and commit it with the change).
      - run: credcat check --frozen
      - run: credcat build --strict
      - uses: actions/upload-pages-artifact@{upload_pages_artifact}
        if: github.event_name != 'pull_request'
        with:
          path: site
  deploy:
    if: >-
      github.event_name != 'pull_request' &&
      github.ref == format('refs/heads/{{0}}', github.event.repository.default_branch)
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - uses: actions/configure-pages@{configure_pages}
      - id: deployment
        uses: actions/deploy-pages@{deploy_pages}
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


def init_catalog(directory: Path, *, title: str, base_url: str | None) -> tuple[list[str], Report]:
    """Create a catalog project: content/, a sample issuer and credential, a Pages workflow,
    the JSON Schemas and editor settings.

    Without ``base_url``, it is derived from the git remote ``origin`` when that is a GitHub
    repository (``https://OWNER.github.io/REPO/``), else a placeholder is written that
    ``validate`` warns about and ``lock`` refuses. The workflow deploys from the current git
    branch (``main`` outside a repository).
    """
    from credcat import __version__
    from credcat.core.schema import SCHEMA_NAMES, load_schema

    report = Report()
    written: list[str] = []
    derived = base_url is None
    base_url = base_url or pages_url(git_remote(directory)) or PLACEHOLDER_BASE_URL
    if not base_url.endswith("/"):
        base_url += "/"
    placeholder = base_url == PLACEHOLDER_BASE_URL
    content = directory / "content"
    branch = git_branch(directory) or "main"
    versions = {k.split("/")[1].replace("-", "_"): v for k, v in ACTION_VERSIONS.items()}
    files = {
        content / "catalog.yaml": CATALOG_YAML.format(
            modeline=modeline(content / "catalog.yaml", directory / SCHEMA_DIR, "catalog"),
            title=_yaml_text(title),
            base_url=base_url,
            base_comment="# Set it to where the site will be served, e.g. "
            "https://OWNER.github.io/REPO/ for GitHub Pages.\n"
            if placeholder
            else "",
        ),
        content / "issuers" / "example-institute.yaml": ISSUER_YAML.format(
            modeline=modeline(
                content / "issuers" / "example-institute.yaml", directory / SCHEMA_DIR, "issuer"
            )
        ),
        content / "credentials" / "example-credential.md": CREDENTIAL_MD.format(
            modeline=modeline(
                content / "credentials" / "example-credential.md",
                directory / SCHEMA_DIR,
                "credential",
            ),
            title="Example credential",
            issuer="example-institute",
            status="active",
        ),
        content / "images" / "example-badge.svg": BADGE_SVG,
        directory / ".github" / "workflows" / "credcat.yml": WORKFLOW.format(
            version=__version__, branch=branch, branch_yaml=json.dumps(branch), **versions
        ),
        directory / ".gitignore": "site/\n.credcat-cache/\n",
        directory / ".vscode" / "settings.json": vscode_settings(),
        directory / ".vscode" / "tasks.json": VSCODE_TASKS,
    }
    for name in sorted(SCHEMA_NAMES.values()):
        text = json.dumps(load_schema(name), indent=2, ensure_ascii=False) + "\n"
        files[directory / SCHEMA_DIR / f"{name}.schema.json"] = text
    for path, text in files.items():
        _write_new(path, text, report, written, directory)
    messages = [f"created {p}" for p in written]
    if placeholder:
        messages.append(
            f"base_url is a placeholder ({PLACEHOLDER_BASE_URL}): set it in "
            f"{display_path(content / 'catalog.yaml')} (or run init with --base-url URL) "
            "before `credcat lock`"
        )
    elif derived:
        messages.append(f"base_url {base_url} (from the git remote origin)")
    if not report.errors:
        where = display_path(directory)
        go = "" if where in (".", "") else f"cd {where} && "
        messages.append(
            f"next: {go}credcat serve to preview; commit and push to publish "
            "(run `credcat lock` before the first badge is issued)"
        )
    return messages, report


def git_remote(directory: Path) -> str | None:
    """The URL of the git remote ``origin`` of the repository holding ``directory``."""
    return _git(directory, "remote", "get-url", "origin")


def git_branch(directory: Path) -> str | None:
    """The current branch of the repository holding ``directory`` (even before a commit)."""
    return _git(directory, "symbolic-ref", "--quiet", "--short", "HEAD")


def _git(directory: Path, *args: str) -> str | None:
    folder = directory
    while not folder.is_dir():  # init may be asked for a folder that does not exist yet
        folder = folder.parent
    try:
        done = subprocess.run(
            ["git", *args], cwd=folder, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    value = done.stdout.strip()
    return value if done.returncode == 0 and value else None


_GITHUB_REMOTE = re.compile(
    r"^(?:https://(?:[^@/]+@)?github\.com/|git@github\.com:|ssh://git@github\.com/)"
    r"(?P<owner>[A-Za-z0-9-]+)/(?P<repo>[A-Za-z0-9._-]+?)(?:\.git)?/?$"
)


def pages_url(remote: str | None) -> str | None:
    """The GitHub Pages address of a GitHub repository's remote URL, or None.

    ``OWNER/OWNER.github.io`` is served at the root of ``https://OWNER.github.io/``; any other
    repository at ``https://OWNER.github.io/REPO/``.
    """
    match = _GITHUB_REMOTE.match(remote or "")
    if match is None:
        return None
    owner, repo = match["owner"].lower(), match["repo"]
    if repo.lower() == f"{owner}.github.io":
        return f"https://{owner}.github.io/"
    return f"https://{owner}.github.io/{repo}/"


def vscode_settings() -> str:
    """.vscode/settings.json: the YAML extension checks catalog and issuer files as you type.

    Credential files are Markdown: the YAML language server does not read front matter, so
    the ``credcat: validate`` task (tasks.json) checks them instead.
    """
    schemas = {
        f"./{SCHEMA_DIR}/catalog.schema.json": ["content/catalog.yaml"],
        f"./{SCHEMA_DIR}/issuer.schema.json": ["content/issuers/*.yaml"],
        f"./{SCHEMA_DIR}/issuer-translation.schema.json": ["content/translations/*/issuers/*.yaml"],
        f"./{SCHEMA_DIR}/catalog-translation.schema.json": ["content/translations/*/catalog.yaml"],
    }
    settings = {
        "yaml.schemas": schemas,
        "files.associations": {"published.lock": "plaintext"},
    }
    return json.dumps(settings, indent=2) + "\n"


VSCODE_TASKS = """\
{
  "version": "2.0.0",
  "tasks": [
    {
      "label": "credcat: validate",
      "detail": "Check every file (front matter of credentials included) and list the problems",
      "type": "shell",
      "command": "credcat validate",
      "group": "test",
      "presentation": {"reveal": "silent", "clear": true},
      "problemMatcher": {
        "owner": "credcat",
        "fileLocation": ["relative", "${workspaceFolder}"],
        "pattern": {
          "regexp": "^(.+?):(\\\\d+):(\\\\d+): (error|warning)\\\\[([^\\\\]]+)\\\\]: (.*)$",
          "file": 1,
          "line": 2,
          "column": 3,
          "severity": 4,
          "code": 5,
          "message": 6
        }
      }
    }
  ]
}
"""


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
    schema_dir = schema_dir_for(root)
    text = CREDENTIAL_MD.format(
        modeline=modeline(path, schema_dir, "credential") if schema_dir else "",
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
    plain = text and text[0].isalnum() and ": " not in text and " #" not in text
    return text if plain else json.dumps(text, ensure_ascii=False)
