"""``credcat serve``: build into a private folder, serve it on 127.0.0.1, rebuild on change.

The served build uses ``http://HOST:PORT/`` as its base URL so every link and JSON id works
locally; the real output folder is never touched. When the catalog has errors the browser
shows them (as the index and 404 pages) and the server keeps running.
"""

from __future__ import annotations

import html
import os
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from credcat.build import BuildResult, build
from credcat.diagnostics import Report
from credcat.output import Output
from credcat.sources import EDITOR_JUNK
from credcat.writer import write_site

ERROR_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>credcat: build failed</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"></head>
<body><main><h1>The catalog has problems</h1>
<p>Fix them and save; this page reloads by itself.</p>
<pre>{problems}</pre></main></body></html>
"""


def error_site(report: Report) -> list[Output]:
    """A two-page site that shows the build's diagnostics."""
    text = "\n".join(d.format() for d in report.sorted()) + f"\n\n{report.summary()}"
    page = ERROR_PAGE.format(problems=html.escape(text)).encode("utf-8")
    return [
        Output("index.html", page),
        Output("404.html", page),
        Output(".nojekyll", b""),
        Output("catalog.json", b"{}\n"),
    ]


_LAST: list[BuildResult] = []
"""The last successful build of this server, whose cache the next rebuild reuses."""


def rebuild(root: Path, out: Path, base_url: str) -> bool:
    """Build into ``out``; on errors, replace it with the error site. True on success."""
    started = time.perf_counter()
    report = Report()
    previous = _LAST[-1] if _LAST else None
    result = build(root, report, output=out, base_url=base_url, atomic=False, previous=previous)
    report.print()
    if result is None:
        write_site(error_site(report), out)
        print(f"build failed: {report.summary()}; errors shown in the browser", file=sys.stderr)
        return False
    _LAST[:] = [result]
    print(f"rebuilt {result.files} files in {time.perf_counter() - started:.2f} s", flush=True)
    return True


def _use_external_reload_script(port: int) -> None:
    """Make livereload add <script src=...> instead of its inline script.

    The theme's Content-Security-Policy forbids inline scripts, which would block
    livereload's own snippet; a same-origin script file is allowed.
    """
    from livereload import server as lr_server

    tag = f'<script src="/livereload.js?port={port}"></script>'.encode()

    class ExternalScriptInjector(lr_server.LiveScriptInjector):  # type: ignore[misc]
        def transform_first_chunk(
            self, status_code: int, headers: Any, chunk: bytes, finishing: bool
        ) -> tuple[int, Any, bytes]:
            if "html" in headers.get("Content-Type", "") and b"</head>" in chunk:
                chunk = chunk.replace(b"</head>", tag + b"</head>", 1)
                if "Content-Length" in headers:
                    headers["Content-Length"] = str(len(chunk))
            return status_code, headers, chunk

    lr_server.LiveScriptInjector = ExternalScriptInjector


def snapshot(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of every source file (editor junk left out)."""
    found: list[tuple[str, int, int]] = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            if EDITOR_JUNK.match(name):
                continue
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except OSError:  # deleted between listing and stat: the next look sees it
                continue
            found.append((path, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(found))


class _Watch:
    """Polls the catalog folder; after a change, rebuilds and tells browsers to reload.

    livereload's own watcher polls every 0.8 s and holds reloads back for up to 3 s after
    the previous one; this one looks every 0.1 s (0.5 s for very large catalogs).
    """

    def __init__(self, root: Path, out: Path, url: str) -> None:
        self.root, self.out, self.url = root, out, url
        self.seen = snapshot(root)

    def check(self) -> None:
        current = snapshot(self.root)
        if current == self.seen:
            return
        self.seen = current
        rebuild(self.root, self.out, self.url)
        from livereload.handlers import LiveReloadHandler

        LiveReloadHandler.reload_waiters()

    def interval_ms(self) -> int:
        return 100 if len(self.seen) < 2000 else 500


def serve(root: Path, *, host: str, port: int, base_url: str | None) -> int:
    """Serve the catalog with live reload until interrupted."""
    from livereload import Server

    _use_external_reload_script(port)
    url = base_url or f"http://{host}:{port}/"
    # Turn SIGTERM into a normal exit, so the temporary build folder is removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with tempfile.TemporaryDirectory(prefix="credcat-serve-") as tmp:
        out = Path(tmp) / "site"
        rebuild(root, out, url)
        watch = _Watch(root, out, url)
        from tornado.ioloop import IOLoop, PeriodicCallback

        IOLoop.current().add_callback(
            lambda: PeriodicCallback(watch.check, watch.interval_ms()).start()
        )
        server = Server()
        print(f"serving {url} (Ctrl+C to stop)", flush=True)
        server.serve(host=host, port=port, root=str(out), open_url_delay=None, restart_delay=0)
    return 0
