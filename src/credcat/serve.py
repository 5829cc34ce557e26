"""``credcat serve``: build into a private folder, serve it on 127.0.0.1, rebuild on change.

The served build uses ``http://HOST:PORT/`` as its base URL so every link and JSON id works
locally; the real output folder is never touched. When the catalog has errors the browser
shows them (as the index and 404 pages) and the server keeps running.
"""

from __future__ import annotations

import html
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from credcat.build import build
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


def rebuild(root: Path, out: Path, base_url: str) -> bool:
    """Build into ``out``; on errors, replace it with the error site. True on success."""
    started = time.perf_counter()
    report = Report()
    result = build(root, report, output=out, base_url=base_url, atomic=False)
    report.print()
    if result is None:
        write_site(error_site(report), out)
        print(f"build failed: {report.summary()}; errors shown in the browser", file=sys.stderr)
        return False
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


def _ignored(path: str) -> bool:
    name = Path(path).name
    return bool(EDITOR_JUNK.match(name))


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
        server = Server()
        server.watch(str(root), lambda: rebuild(root, out, url), delay=0.1, ignore=_ignored)
        print(f"serving {url} (Ctrl+C to stop)", flush=True)
        server.serve(host=host, port=port, root=str(out), open_url_delay=None, restart_delay=0)
    return 0
