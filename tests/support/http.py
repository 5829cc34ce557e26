"""A real HTTP server on 127.0.0.1 serving a built site under a sub-path, like GitHub Pages."""

from __future__ import annotations

import contextlib
import io
import threading
from collections.abc import Iterator
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

CONTENT_TYPES = {
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".xml": "application/xml",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".webmanifest": "application/manifest+json",
}


def _handler(root: Path, prefix: str) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            """Stay quiet."""

        def _resolve(self) -> Path | None:
            path = unquote(urlsplit(self.path).path)
            if not path.startswith(prefix):
                return None
            rel = path[len(prefix) :]
            target = (root / rel).resolve()
            if not target.is_relative_to(root.resolve()):
                return None
            return target

        def send_head(self) -> Any:
            target = self._resolve()
            url = urlsplit(self.path)
            if target is not None and target.is_dir() and not url.path.endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                query = f"?{url.query}" if url.query else ""
                self.send_header("Location", f"{url.path}/{query}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            if target is not None and target.is_dir():
                target = target / "index.html"
            if target is None or not target.is_file():
                return self._not_found()
            return self._file(target, HTTPStatus.OK)

        def _not_found(self) -> Any:
            page = root / "404.html"
            if page.is_file():
                return self._file(page, HTTPStatus.NOT_FOUND)
            self.send_error(HTTPStatus.NOT_FOUND)
            return None

        def _file(self, target: Path, status: HTTPStatus) -> Any:
            data = target.read_bytes()
            self.send_response(status)
            ctype = CONTENT_TYPES.get(target.suffix, "application/octet-stream")
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            return io.BytesIO(data)

    return Handler


@contextlib.contextmanager
def serve_directory(root: Path, prefix: str = "/") -> Iterator[str]:
    """Serve ``root`` at http://127.0.0.1:PORT``prefix``; yield that base URL.

    Like GitHub Pages: ``dir`` redirects (301) to ``dir/``, which serves ``dir/index.html``; a
    missing path (or one outside ``prefix``) gets the site's ``404.html`` with status 404.
    """
    if not prefix.endswith("/"):
        prefix += "/"
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(root, prefix))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
