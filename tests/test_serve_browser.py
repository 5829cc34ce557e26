"""``credcat serve`` in Chromium: the page being edited follows the build, errors included."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.catalogs import credential, write_catalog
from tests.test_serve import _free_port, _wait_for

pytestmark = pytest.mark.browser


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    content = write_catalog(tmp_path)
    port = _free_port()
    with (tmp_path / "serve.log").open("w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "credcat", "serve", "--port", str(port)],
            cwd=tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            base = f"http://127.0.0.1:{port}/"
            _wait_for(base, "Test catalog")
            yield base, content
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)


def test_the_edited_page_shows_errors_and_comes_back(server: tuple[str, Path], page: Page) -> None:
    base, content = server
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + "credentials/data-basics/")
    expect(page.locator("h1")).to_have_text("Data Analysis Basics")
    cred = content / "credentials/data-basics.md"

    cred.write_text(credential(title="Edited Once"), encoding="utf-8")
    expect(page.locator("h1")).to_have_text("Edited Once", timeout=15000)

    cred.write_text(credential(issuer="ghost"), encoding="utf-8")
    expect(page.locator("h1")).to_have_text("The catalog has problems", timeout=15000)
    expect(page.locator("pre")).to_contain_text("error[ref.unknown]")
    assert page.url == base + "credentials/data-basics/"

    cred.write_text(credential(title="Fixed By Itself"), encoding="utf-8")
    expect(page.locator("h1")).to_have_text("Fixed By Itself", timeout=15000)
    # The error page answers 500 (the build failed), which the console notes; nothing else.
    assert [e for e in errors if "status of 500" not in e] == [], errors
