"""``credcat serve`` as a user runs it: a real process on 127.0.0.1, edited files, errors."""

from __future__ import annotations

import json
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
    tag = '<script src="/__credcat/livereload.js"></script>'
    assert tag in body, "live reload must not need an inline script"
    assert "<script>" not in body.replace(tag, "")
    status, badge = _get(base + "badges/data-basics.json")
    assert status == 200
    assert json.loads(badge)["id"] == f"{base}badges/data-basics.json"

    cred = content / "credentials/data-basics.md"
    cred.write_text(credential(title="Renamed Title"), encoding="utf-8")
    _wait_for(page, "Renamed Title")

    (content / "credentials/.#data-basics.md").write_text("editor lock file", "utf-8")
    cred.write_text(credential(issuer="ghost"), encoding="utf-8")
    error_page = _wait_for(base, "unknown issuer")
    assert "content/credentials/data-basics.md:4:9: error[ref.unknown]" in error_page
    # Every URL shows the errors (with its reload script), not a bare 404.
    for url in (page, base + "badges/data-basics.json", base + "no/such/page/"):
        status, body = _get(url)
        assert status == 500, url
        assert "error[ref.unknown]" in body
        assert '<script src="/__credcat/livereload.js"></script>' in body
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


def _start(cwd: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "credcat", "serve", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def test_a_busy_port_is_a_user_error(tmp_path: Path) -> None:
    write_catalog(tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = _start(tmp_path, "--port", str(port))
        out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 1, out
    assert f"port {port} on 127.0.0.1 is already in use" in out
    assert "--port" in out
    assert "Traceback" not in out
    assert "internal error" not in out


@pytest.mark.parametrize("port", ["99999", "0", "http"])
def test_a_port_out_of_range_is_a_usage_error(tmp_path: Path, port: str) -> None:
    proc = _start(tmp_path, "--port", port)
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 2
    assert "--port" in out
    assert "Traceback" not in out


def _raw(port: int, request: str) -> str:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(request.encode())
        return conn.recv(65536).decode("latin-1")


def test_requests_for_other_hosts_and_origins_are_refused(
    served: tuple[str, Path, subprocess.Popen[str]],
) -> None:
    base, _, _ = served
    _wait_for(base, "Test catalog")
    port = int(base.rsplit(":", 1)[1].strip("/"))
    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        answer = _raw(port, f"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
        assert answer.startswith("HTTP/1.1 200"), answer[:200]
    # DNS rebinding: a name that resolves to 127.0.0.1 but is not the server's.
    answer = _raw(port, f"GET / HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n")
    assert answer.startswith("HTTP/1.1 421"), answer[:200]
    assert "Test catalog" not in answer
    upgrade = (
        "GET /__credcat/livereload HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
        "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        "Sec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n\r\n"
    )
    ok = _raw(port, upgrade.format(port=port, origin=f"http://127.0.0.1:{port}"))
    assert ok.startswith("HTTP/1.1 101"), ok[:200]
    refused = _raw(port, upgrade.format(port=port, origin="http://evil.example"))
    assert refused.startswith("HTTP/1.1 403"), refused[:200]


def test_only_the_catalog_and_the_theme_are_watched(
    served: tuple[str, Path, subprocess.Popen[str]], tmp_path: Path
) -> None:
    from credcat.check.theme import builtin_theme
    from credcat.commands.serve import watch_paths

    base, content, _ = served
    assert watch_paths(content) == [content.resolve(), builtin_theme().resolve()]
    _wait_for(base, "Test catalog")
    log = tmp_path / "serve.log"
    # Files elsewhere in the working directory do not trigger rebuilds.
    for n in range(5):
        (tmp_path / f"notes-{n}.txt").write_text("not part of the catalog", encoding="utf-8")
    time.sleep(1.5)
    assert log.read_text(encoding="utf-8").count("rebuilt ") == 1
    (content / "credentials/data-basics.md").write_text(credential(title="Seen"), "utf-8")
    _wait_for(base + "credentials/data-basics/", "Seen")
    assert log.read_text(encoding="utf-8").count("rebuilt ") == 2


def test_an_internal_error_while_rebuilding_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from credcat.commands import serve

    content = write_catalog(tmp_path)

    def boom(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(serve, "build", boom)
    preview = serve.Preview(root=content, out=tmp_path / "out", url="http://127.0.0.1:1/")
    assert preview.rebuild() is False
    err = capsys.readouterr().err
    assert (
        err.splitlines()[0] == "credcat serve: internal error while building: RuntimeError('boom')"
    )
    assert "Traceback" not in err
    assert preview.failed is not None
    assert b"RuntimeError" in preview.failed


def test_a_missing_catalog_folder_is_a_user_error(tmp_path: Path) -> None:
    proc = _start(tmp_path, "nowhere", "--port", str(_free_port()))
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 1
    assert "the catalog folder nowhere does not exist" in out
    assert "internal error" not in out
