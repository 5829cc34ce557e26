"""An institution's first week, played end to end as a new user would.

In a new git repository on a branch named ``master`` with a GitHub remote: ``credcat init``,
credentials in three languages, the generated workflow's own ``run:`` steps (credcat from a
wheel of this checkout, in a fresh virtual environment), a preview of the built site on a
plain static web server in Chromium, ``credcat lock``, a renamed credential and a renamed
issuer, a retired credential, ``check --frozen``, a rebuild, and every URL ever recorded in
``published.lock`` answering 200.
"""

from __future__ import annotations

import contextlib
import functools
import re
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.test_workflow import (
    fresh_venv,
    git,
    load_workflow,
    new_repository,
    run_steps,
    wheel,  # noqa: F401  (the fixture)
)

pytestmark = pytest.mark.browser

CREDENTIAL = """\
---
title: {title}
summary: {summary}
issuer: {issuer}
type: MicroCredential
status: active
version: "1.0"
criteria: |
  Pass the final assessment.
learning_outcomes:
  - {outcome}
workload_hours: 40
participation: online
languages: [en, ms, id]
cost: {{amount: 0, currency: MYR}}
---
{title}: a short course for working adults.
"""

TRANSLATION = (
    '---\ntranslates: "1.0"\ntitle: {title}\nsummary: {summary}\ncriteria: |\n  {criteria}\n'
    "learning_outcomes:\n  - {title}.\n---\n{body}\n"
)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet."""


@contextlib.contextmanager
def plain_server(root: Path) -> Iterator[str]:
    """Python's own static file server on 127.0.0.1: no rewriting, no special 404 page."""
    handler = functools.partial(_Quiet, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def _recorded(content: Path) -> list[str]:
    lock = (content / "published.lock").read_text(encoding="utf-8")
    return [line.split()[1] for line in lock.splitlines() if line.startswith("url ")]


def test_the_first_week(tmp_path: Path, wheel: Path, page: Page) -> None:  # noqa: F811
    repo = new_repository(tmp_path / "skills", "master", "https://github.com/acme/skills.git")
    env = fresh_venv(tmp_path / "venv", wheel)

    def credcat(*args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            ["credcat", *args], cwd=repo, env=env, capture_output=True, text=True, check=False
        )
        assert (done.returncode == 0) is ok, (args, done.stdout, done.stderr)
        return done

    # Monday: install credcat the way the workflow does, and start the catalog.
    workflow = repo / ".github/workflows/credcat.yml"
    subprocess.run(["python", "-m", "pip", "install", "-q", str(wheel)], env=env, check=True)
    assert "base_url https://acme.github.io/skills/" in credcat("init").stdout
    flow = load_workflow(workflow)
    assert flow["on"]["push"]["branches"] == ["master"]
    content = repo / "content"
    catalog = content / "catalog.yaml"
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace(
            "# languages: [en, ms, id]", "languages: [en, ms, id]"
        ),
        encoding="utf-8",
    )

    # Tuesday: credentials in three languages, by the same issuer.
    courses = {
        "data-basics": ("Data Basics", "Analisis Data Asas", "Dasar Analisis Data"),
        "solar-install": ("Solar Installation", "Pemasangan Solar", "Instalasi Surya"),
        "safe-sites": ("Safe Construction Sites", "Tapak Binaan Selamat", "Lokasi Konstruksi Aman"),
    }
    for cid, (en, ms, id_) in courses.items():
        (content / f"credentials/{cid}.md").write_text(
            CREDENTIAL.format(
                title=en,
                summary=f"Learn {en.lower()} at work.",
                issuer="example-institute",
                outcome=f"Apply {en.lower()}.",
            ),
            encoding="utf-8",
        )
        for lang, title in (("ms", ms), ("id", id_)):
            path = content / f"translations/{lang}/credentials/{cid}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(
                TRANSLATION.format(
                    title=title, summary=f"{title}.", criteria=f"Lulus ({lang}).", body=title
                ),
                encoding="utf-8",
            )
    for lang, name in (("ms", "Institut Contoh"), ("id", "Institut Contoh Indonesia")):
        path = content / f"translations/{lang}/issuers/example-institute.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"name: {name}\ndescription: {name}.\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Three credentials in three languages")

    # Wednesday: the first push runs the workflow's own steps.
    run_steps(workflow, repo, env, wheel)
    site = repo / "site"
    assert (site / "id/credentials/solar-install/index.html").is_file()

    # Preview on a plain static server, as the README says: styles, images, search all load.
    failures: list[str] = []
    page.on("requestfailed", lambda r: failures.append(f"{r.url}: {r.failure}"))
    page.on(
        "response", lambda r: failures.append(f"{r.url}: {r.status}") if r.status >= 400 else None
    )
    with plain_server(site) as base:
        for rel in ("", "credentials/data-basics/", "ms/credentials/data-basics/", "id/"):
            page.goto(base + rel, wait_until="networkidle")
            width = page.evaluate("getComputedStyle(document.querySelector('.wrap')).maxWidth")
            assert width not in ("", "none"), rel
            assert page.evaluate("[...document.images].every(i => i.naturalWidth > 0)"), rel
        page.goto(base, wait_until="networkidle")
        page.locator("#q").press_sequentially("solar")
        page.locator("#results h3 a", has_text="Solar Installation").click()
        page.wait_for_url(base + "credentials/solar-install/")
    assert failures == [], failures

    # Thursday: record what is published.
    credcat("lock")
    credcat("check", "--frozen")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Lock the published URLs")
    first = _recorded(content)
    assert "/ms/credentials/safe-sites/" in first
    assert "/badges/safe-sites.id.json" in first

    # Friday: rename a credential and the issuer, retire another.
    git(repo, "mv", "content/credentials/safe-sites.md", "content/credentials/site-safety.md")
    for lang in ("ms", "id"):
        git(
            repo,
            "mv",
            f"content/translations/{lang}/credentials/safe-sites.md",
            f"content/translations/{lang}/credentials/site-safety.md",
        )
        git(
            repo,
            "mv",
            f"content/translations/{lang}/issuers/example-institute.yaml",
            f"content/translations/{lang}/issuers/acme-institute.yaml",
        )
    git(repo, "mv", "content/issuers/example-institute.yaml", "content/issuers/acme-institute.yaml")
    issuer = content / "issuers/acme-institute.yaml"
    issuer.write_text(
        "renamed_from: [example-institute]\n" + issuer.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    for path in (content / "credentials").glob("*.md"):
        text = path.read_text(encoding="utf-8").replace(
            "issuer: example-institute", "issuer: acme-institute"
        )
        if path.stem == "site-safety":
            text = text.replace("status: active", "status: active\nrenamed_from: [safe-sites]")
        if path.stem == "data-basics":
            text = text.replace("status: active", "status: retired")
        path.write_text(text, encoding="utf-8")
    assert "error[" not in credcat("check").stderr  # nothing recorded breaks
    assert "not up to date" in credcat("check", "--frozen", ok=False).stdout
    credcat("lock")
    credcat("check", "--frozen")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Rename safe-sites and the issuer; retire data-basics")

    # The next push: the workflow again, then every URL ever recorded answers 200.
    run_steps(workflow, repo, env, wheel)
    recorded = _recorded(content)
    assert set(first) <= set(recorded)
    with plain_server(site) as base:
        missing = [u for u in recorded if _status(base + u.lstrip("/")) != 200]
        assert missing == []
        old = urllib.request.urlopen(base + "id/credentials/safe-sites/").read().decode()
        assert re.search(
            r'http-equiv="refresh" content="0; url=[^"]*/id/credentials/site-safety/"', old
        )
        assert _status(base + "ms/issuers/example-institute/") == 200
    assert "No longer offered" in (site / "credentials/data-basics/index.html").read_text("utf-8")
