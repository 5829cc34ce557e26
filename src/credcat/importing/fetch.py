"""Bounded HTTP(S) GET: an overall deadline and a size cap for every fetch.

A socket timeout only bounds each read: a server that sends one byte every few seconds
(or drips its headers) never trips it. Here a watchdog closes every socket of the fetch,
redirects included, when the deadline passes, so the whole fetch (connect, headers, body)
ends by then; the body is read in chunks up to ``max_bytes``.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from typing import Any

DEADLINE_SECONDS = 30.0
"""Longest a whole fetch (connect, redirects, headers and body) may take."""
READ_TIMEOUT_SECONDS = 20.0
"""Longest a single network read may wait."""


class FetchError(Exception):
    """A fetch failed, took too long or was too large; the message says which."""


class _Watch:
    """The sockets of one fetch, closed together when the deadline passes."""

    def __init__(self) -> None:
        self.sockets: list[socket.socket] = []
        self.expired = False
        self.lock = threading.Lock()

    def add(self, sock: Any) -> None:
        with self.lock:
            if self.expired:
                sock.close()
            self.sockets.append(sock)

    def close(self) -> None:
        """Close every socket of the fetch (an error response leaves its own open)."""
        with self.lock:
            for sock in self.sockets:
                sock.close()

    def expire(self) -> None:
        with self.lock:
            self.expired = True
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()


def _watched(base: type[http.client.HTTPConnection], watch: _Watch) -> Any:
    class Connection(base):  # type: ignore[misc, valid-type]
        def connect(self) -> None:
            super().connect()
            watch.add(self.sock)

    return Connection


class _Http(urllib.request.HTTPHandler):
    def __init__(self, watch: _Watch) -> None:
        super().__init__()
        self.watch = watch

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_watched(http.client.HTTPConnection, self.watch), req)


class _Https(urllib.request.HTTPSHandler):
    def __init__(self, watch: _Watch) -> None:
        super().__init__()
        self.watch = watch

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(
            _watched(http.client.HTTPSConnection, self.watch),
            req,
            context=getattr(self, "_context", None),
        )


def fetch(
    url: str,
    *,
    accept: str,
    max_bytes: int,
    deadline: float | None = None,
) -> bytes:
    """GET ``url`` and return at most ``max_bytes`` bytes, within ``deadline`` seconds."""
    limit = DEADLINE_SECONDS if deadline is None else deadline
    watch = _Watch()
    timer = threading.Timer(limit, watch.expire)
    timer.daemon = True
    opener = urllib.request.build_opener(_Http(watch), _Https(watch))
    request = urllib.request.Request(url, headers={"Accept": accept})
    started = time.monotonic()
    timer.start()
    try:
        with opener.open(request, timeout=min(READ_TIMEOUT_SECONDS, limit)) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"{url} is larger than {_size(max_bytes)}")
            chunks: list[bytes] = []
            size = 0
            while size <= max_bytes:
                chunk = response.read1(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
        if isinstance(exc, urllib.error.HTTPError):
            exc.close()
        if watch.expired:
            raise FetchError(f"{url} did not answer within {limit:g} seconds") from None
        raise FetchError(f"cannot fetch {url}: {exc}") from None
    finally:
        timer.cancel()
        watch.close()
    if watch.expired or time.monotonic() - started > limit:
        raise FetchError(f"{url} did not answer within {limit:g} seconds")
    if size > max_bytes:
        raise FetchError(f"{url} is larger than {_size(max_bytes)}")
    return b"".join(chunks)


def _size(n: int) -> str:
    return f"{n // 1048576} MiB" if n >= 1048576 else f"{n:,} bytes"
