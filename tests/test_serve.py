"""``credcat serve`` as a user runs it: a real process on 127.0.0.1, edited files, errors."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.catalogs import credential, write_catalog


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def _wait_for(url: str, needle: str, timeout: float = 15.0) -> str:
    deadline = time.monotonic() + timeout
    body = ""
    while time.monotonic() < deadline:
        try:
            _, body = _get(url)
            if needle in body:
                return body
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{needle!r} never appeared at {url}; last body: {body[:500]}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    content = write_catalog(tmp_path)
    port = _free_port()
    with (tmp_path / "serve.log").open("w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "credcat", "serve", "--port", str(port)],
            cwd=tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        try:
            yield f"http://127.0.0.1:{port}/", content, proc
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)


def test_serve_rebuilds_on_change_and_shows_errors(
    served: tuple[str, Path, subprocess.Popen[str]], tmp_path: Path
) -> None:
    base, content, proc = served
    page = base + "credentials/data-basics/"
    body = _wait_for(page, "Data Analysis Basics")
    assert '<script src="/livereload.js' in body, "live reload must not need an inline script"
    assert "<script>" not in body.replace('<script src="/livereload.js', "")
    status, badge = _get(base + "badges/data-basics.json")
    assert status == 200
    assert f'"id": "{base}badges/data-basics.json"' in badge

    cred = content / "credentials/data-basics.md"
    cred.write_text(credential(title="Renamed Title"), encoding="utf-8")
    _wait_for(page, "Renamed Title")

    (content / "credentials/.#data-basics.md").write_text("editor lock file", "utf-8")
    cred.write_text(credential(issuer="ghost"), encoding="utf-8")
    error_page = _wait_for(base, "unknown issuer")
    assert "content/credentials/data-basics.md:4:9: error[ref.unknown]" in error_page
    assert proc.poll() is None, "the server must keep running after a validation error"

    cred.write_text(credential(title="Fixed Again"), encoding="utf-8")
    _wait_for(page, "Fixed Again")
    assert not (tmp_path / "site").exists(), "serve must not write the real output folder"


def test_serve_binds_to_loopback_by_default(
    served: tuple[str, Path, subprocess.Popen[str]],
) -> None:
    base, _, _ = served
    _wait_for(base, "Test catalog")
    port = int(base.rsplit(":", 1)[1].strip("/"))
    out = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True, check=False).stdout
    if not out:
        pytest.skip("ss is not available to list listening sockets")
    listening = [line.split()[3] for line in out.splitlines() if f":{port}" in line]
    assert listening
    assert all(addr.startswith("127.0.0.1:") for addr in listening), listening


def test_serve_survives_rapid_saves_editor_files_and_deletions(
    served: tuple[str, Path, subprocess.Popen[str]],
) -> None:
    base, content, proc = served
    page = base + "credentials/data-basics/"
    _wait_for(page, "Data Analysis Basics")
    second = content / "credentials/second.md"
    second.write_text(credential(title="Second One"), encoding="utf-8")
    _wait_for(base + "credentials/second/", "Second One")

    cred = content / "credentials/data-basics.md"
    for n in range(30):  # an editor saving on every keystroke
        cred.write_text(credential(title=f"Rapid {n}"), encoding="utf-8")
        time.sleep(0.01)
    for junk in (".#data-basics.md", "data-basics.md~", ".data-basics.md.swp", "4913"):
        (content / "credentials" / junk).write_text("temporary", encoding="utf-8")
    second.unlink()
    _wait_for(page, "Rapid 29")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and _get(base + "credentials/second/")[0] != 404:
        time.sleep(0.1)
    assert _get(base + "credentials/second/")[0] == 404
    status, index = _get(base)
    assert status == 200
    assert "Second One" not in index
    assert "error[" not in index
    assert proc.poll() is None
