"""Bounded work for any input: fetch deadlines and size caps, import input that used to crash.

The slow servers are real sockets on 127.0.0.1: one drips its body a byte at a time, one
drips its headers, one sends more than the cap. The alias "size bomb" is the corpus case
tests/cases/invalid/yaml-alias-size-bomb.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from credcat.commands.cli import main
from credcat.core.yamldoc import YamlError, parse_yaml
from credcat.importing import fetch as fetch_module
from credcat.importing.fetch import FetchError, fetch
from tests.catalogs import write_catalog

Handler = Callable[[socket.socket], None]


@pytest.fixture
def server() -> Iterator[Callable[[Handler], str]]:
    """Start a one-connection-at-a-time TCP server running ``handler``; yield its URL maker."""
    listeners: list[socket.socket] = []

    def start(handler: Handler) -> str:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen(4)
        listeners.append(sock)

        def serve() -> None:
            while True:
                try:
                    conn, _ = sock.accept()
                except OSError:
                    return
                threading.Thread(target=_run, args=(handler, conn), daemon=True).start()

        threading.Thread(target=serve, daemon=True).start()
        return f"http://127.0.0.1:{sock.getsockname()[1]}/doc.json"

    yield start
    for sock in listeners:
        sock.close()


def _run(handler: Handler, conn: socket.socket) -> None:
    try:
        conn.recv(65536)
        handler(conn)
    except OSError:
        pass
    finally:
        conn.close()


def _drip_body(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 15\r\n\r\n")
    for byte in b'{"name": "xyz"}':
        conn.sendall(bytes([byte]))
        time.sleep(0.4)


def _drip_headers(conn: socket.socket) -> None:
    for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 1000:
        conn.sendall(bytes([byte]))
        time.sleep(0.2)


def _too_large(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\n\r\n" + b"x" * 5000)


def _declared_too_large(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 999999999\r\n\r\n")
    time.sleep(5)


@pytest.mark.parametrize("handler", [_drip_body, _drip_headers])
def test_a_slow_server_is_cut_at_the_deadline(
    server: Callable[[Handler], str], handler: Handler
) -> None:
    url = server(handler)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"did not answer within 1\.5 seconds"):
        fetch(url, accept="*/*", max_bytes=1000, deadline=1.5)
    assert time.monotonic() - started < 3


@pytest.mark.parametrize("handler", [_too_large, _declared_too_large])
def test_a_large_answer_is_cut_at_the_cap(
    server: Callable[[Handler], str], handler: Handler
) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match="is larger than 1,000 bytes"):
        fetch(server(handler), accept="*/*", max_bytes=1000, deadline=4)
    assert time.monotonic() - started < 3


def test_a_quick_server_is_read(server: Callable[[Handler], str]) -> None:
    def quick(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")

    assert fetch(server(quick), accept="*/*", max_bytes=1000) == b"{}"


def test_import_from_a_slow_server_is_a_located_error(
    server: Callable[[Handler], str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(fetch_module, "DEADLINE_SECONDS", 1.0)
    url = server(_drip_body)
    write_catalog(tmp_path)
    started = time.monotonic()
    assert main(["import", url, "--catalog", str(tmp_path / "content")]) == 1
    assert time.monotonic() - started < 3
    err = capsys.readouterr().err
    assert f"{url}:1:1: error[import.failed]: {url} did not answer within 1 seconds" in err


def _import(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    write_catalog(tmp_path)
    code = main(["import", *args, "--catalog", str(tmp_path / "content")])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err
    assert "internal error" not in err
    return err


def test_csv_cell_over_the_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "big.csv"
    sheet.write_text(
        "title,summary,issuer,criteria\nok,fine,,\nbig," + "x" * 140_000 + "\n", encoding="utf-8"
    )
    err = _import(tmp_path, capsys, str(sheet))
    assert "big.csv:3:1: error[import.row]: a cell is longer than 128 KiB" in err


def test_deeply_nested_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "deep.json"
    doc.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    err = _import(tmp_path, capsys, str(doc))
    assert "deep.json:1:1: error[import.json]: the JSON is nested too deeply" in err


def test_type_that_is_a_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "five.json"
    doc.write_text(json.dumps({"type": 5, "name": "x"}), encoding="utf-8")
    err = _import(tmp_path, capsys, str(doc))
    assert (
        "five.json:1:1: error[import.unsupported]: not imported: this is a document of type 5, "
        "not an Open Badges BadgeClass"
    ) in err


def test_issuer_url_answering_with_a_list(
    server: Callable[[Handler], str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def a_list(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]")

    url = server(a_list)
    doc = tmp_path / "badge.json"
    badge = {"type": "BadgeClass", "name": "Data", "issuer": url, "criteria": {"narrative": "x"}}
    doc.write_text(json.dumps(badge), encoding="utf-8")
    err = _import(tmp_path, capsys, str(doc))
    assert f"error[import.failed]: the issuer {url} is not a JSON object (a Profile)" in err


def test_empty_list_separator(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("title,tags\nData,a|b\n", encoding="utf-8")
    err = _import(tmp_path, capsys, str(sheet), "--list-separator", "")
    assert "--list-separator:1:1: error[import.options]: the list separator must not be empty" in (
        err
    )


def test_alias_size_bomb_is_refused_quickly() -> None:
    text = 'a: &a "' + "x" * 300_000 + '"\nb: [' + ", ".join(["*a"] * 6000) + "]\n"
    started = time.monotonic()
    with pytest.raises(YamlError) as caught:
        parse_yaml(text)
    assert caught.value.problem.code == "yaml.too-large"
    assert time.monotonic() - started < 5
