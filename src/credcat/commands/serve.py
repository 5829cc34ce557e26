"""``credcat serve``: build into a private folder, serve it on 127.0.0.1, rebuild on change.

The served build uses ``http://HOST:PORT/`` as its base URL so every link and JSON id works
locally; the real output folder is never touched. While the catalog has errors, every URL
answers with the error page (the located diagnostics) and keeps its reload connection; the
page comes back by itself once the error is fixed.

Watching uses ``watchfiles`` (the operating system's file events: no polling, so no CPU
while idle), on the catalog folder and the built-in theme only. The server is tornado's; it
answers only requests addressed to it (``Host`` 127.0.0.1:PORT or localhost:PORT, or the host
given with ``--host``/``--base-url``) and accepts reload connections only from those origins,
so a web page elsewhere cannot read the preview through DNS rebinding.
"""

from __future__ import annotations

import asyncio
import errno
import html
import ipaddress
import mimetypes
import os
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from credcat.check.theme import builtin_theme
from credcat.core.diagnostics import Report
from credcat.core.sources import EDITOR_JUNK
from credcat.publish.build import BuildResult, build

RELOAD_PATH = "/__credcat/livereload"
"""The reload connection (a WebSocket) and, with ``.js``, the script that opens it."""

RELOAD_JS = """\
// credcat serve: reloads the page after every rebuild, and when the server comes back.
(function () {
  "use strict";
  var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "RELOAD_PATH";
  function connect(lost) {
    var socket = new WebSocket(url);
    socket.onopen = function () { if (lost) location.reload(); };
    socket.onmessage = function (event) { if (event.data === "reload") location.reload(); };
    socket.onclose = function () { setTimeout(function () { connect(true); }, 500); };
  }
  connect(false);
})();
""".replace("RELOAD_PATH", RELOAD_PATH)

RELOAD_TAG = f'<script src="{RELOAD_PATH}.js"></script>'.encode()

ERROR_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>credcat: build failed</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'self'; img-src data:; style-src 'unsafe-inline'">
<link rel="icon" href="data:,">
<style>body{{font:1rem/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}}
pre{{white-space:pre-wrap;background:#fdf2f2;border-left:4px solid #b00020;padding:1rem}}</style>
</head>
<body><main><h1>The catalog has problems</h1>
<p>Fix them and save: every page reloads by itself once the catalog builds again.</p>
<pre>{problems}</pre></main></body></html>
"""


def error_page(report: Report) -> bytes:
    """The page every URL shows while the catalog has errors."""
    text = "\n".join(d.format() for d in report.sorted()) + f"\n\n{report.summary()}"
    return ERROR_PAGE.format(problems=html.escape(text)).encode("utf-8")


@dataclass
class Preview:
    """What the server shows: the last build, or the error page of a failed one."""

    root: Path
    out: Path
    url: str
    debug: bool = False
    failed: bytes | None = None
    """The error page while the last rebuild failed."""
    last: BuildResult | None = None
    """The last successful build, whose cache the next rebuild reuses."""
    sockets: set[Any] = field(default_factory=set)

    def rebuild(self) -> bool:
        """Build into ``out``; on errors keep the previous files and show the error page."""
        started = time.perf_counter()
        report = Report()
        try:
            result = build(
                self.root,
                report,
                output=self.out,
                base_url=self.url,
                atomic=False,
                previous=self.last,
                progress=False,
            )
        except Exception as exc:  # a bug in credcat: say so in one line and keep serving
            print(f"credcat serve: internal error while building: {exc!r}", file=sys.stderr)
            if self.debug:
                traceback.print_exc()
            else:
                print("  this is a bug in credcat; run with --debug for details", file=sys.stderr)
            self.failed = ERROR_PAGE.format(
                problems=html.escape(f"internal error: {exc!r}")
            ).encode("utf-8")
            return False
        report.print()
        if result is None:
            self.failed = error_page(report)
            print(f"build failed: {report.summary()}; errors shown in the browser", file=sys.stderr)
            return False
        self.failed, self.last = None, result
        print(f"rebuilt {result.files} files in {time.perf_counter() - started:.2f} s", flush=True)
        return True

    def reload_browsers(self) -> None:
        """Tell every open page to reload (pages that went away are forgotten)."""
        from tornado.websocket import WebSocketClosedError

        for socket in list(self.sockets):
            try:
                socket.write_message("reload")
            except WebSocketClosedError:
                self.sockets.discard(socket)


def watch_paths(root: Path) -> list[Path]:
    """What a rebuild depends on: the catalog folder (with its templates and themes) and the
    built-in theme. Nothing else of the working directory is watched."""
    return [root.resolve(), builtin_theme().resolve()]


def _wanted(_change: Any, path: str) -> bool:
    """Leave out editors' lock, swap and backup files."""
    return EDITOR_JUNK.match(os.path.basename(path)) is None


async def _watch(preview: Preview, stop: asyncio.Event) -> None:
    from watchfiles import awatch

    paths = watch_paths(preview.root)
    async for _changes in awatch(*paths, watch_filter=_wanted, stop_event=stop, debounce=200):
        preview.rebuild()
        preview.reload_browsers()


def allowed_hosts(host: str, port: int, base_url: str | None) -> frozenset[str]:
    """The ``Host`` headers the server answers (DNS rebinding protection)."""
    names = {"127.0.0.1", "localhost", "[::1]"}
    if host not in ("0.0.0.0", "::", ""):
        names.add(f"[{host}]" if ":" in host else host)
    found = {f"{n}:{port}" for n in names}
    if base_url:
        found.add(urlsplit(base_url).netloc)
    return frozenset(h.lower() for h in found)


def _is_ip_host(value: str, port: int) -> bool:
    """A ``Host`` of an IP address and this port (allowed when serving on every address)."""
    name, _, rest = value.rpartition(":")
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return rest == str(port)


def make_app(preview: Preview, hosts: frozenset[str], port: int, *, wildcard: bool) -> Any:
    """The tornado application: the site, the reload script and the reload connection."""
    import tornado.web
    import tornado.websocket

    def host_ok(value: str | None) -> bool:
        value = (value or "").lower()
        return value in hosts or (wildcard and _is_ip_host(value, port))

    class Quiet:
        def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
            if isinstance(value, tornado.web.HTTPError):
                return
            print(f"credcat serve: internal error: {value!r}", file=sys.stderr)
            if preview.debug:
                traceback.print_exception(typ, value, tb)

    class Site(Quiet, tornado.web.RequestHandler):
        def prepare(self) -> None:
            if not host_ok(self.request.host):
                self.set_status(421)
                self.set_header("Content-Type", "text/plain; charset=utf-8")
                self.finish("credcat serve answers only requests for " + ", ".join(sorted(hosts)))

        def head(self, path: str) -> None:
            self.get(path)

        def get(self, path: str) -> None:
            self.set_header("Cache-Control", "no-store")
            if preview.failed is not None:
                self.set_status(500)
                self._html(preview.failed)
                return
            rel = unquote(path)
            target = (preview.out / rel).resolve()
            if not target.is_relative_to(preview.out.resolve()):
                raise tornado.web.HTTPError(404)
            if target.is_dir() and not path.endswith("/") and path:
                self.redirect(f"/{path}/", permanent=True)
                return
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                self.set_status(404)
                target = preview.out / "404.html"
                if not target.is_file():
                    self.finish("404: Not Found")
                    return
            data = target.read_bytes()
            if target.suffix == ".html":
                self._html(data)
                return
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if target.suffix == ".json":
                kind = "application/json"
            self.set_header("Content-Type", kind)
            self.finish(data)

        def _html(self, data: bytes) -> None:
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(data.replace(b"</head>", RELOAD_TAG + b"</head>", 1))

        def write_error(self, status_code: int, **kwargs: Any) -> None:
            self.finish(f"{status_code}: {self._reason}")

    class Script(Site):
        def get(self, path: str = "") -> None:
            self.set_header("Content-Type", "text/javascript; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(RELOAD_JS)

    class Socket(Quiet, tornado.websocket.WebSocketHandler):
        def prepare(self) -> None:
            if not host_ok(self.request.host):
                raise tornado.web.HTTPError(421)

        def check_origin(self, origin: str) -> bool:
            return host_ok(urlsplit(origin).netloc) and urlsplit(origin).scheme == "http"

        def open(self, *args: str, **kwargs: str) -> None:
            preview.sockets.add(self)

        def on_close(self) -> None:
            preview.sockets.discard(self)

    return tornado.web.Application(
        [
            (f"{RELOAD_PATH}.js", Script),
            (RELOAD_PATH, Socket),
            (r"/(.*)", Site),
        ],
        websocket_ping_interval=20,
        log_function=lambda _handler: None,  # no access log: the terminal shows the builds
    )


class UserError(Exception):
    """A mistake on the command line: printed as one line, exit status 1."""


def serve(root: Path, *, host: str, port: int, base_url: str | None, debug: bool = False) -> int:
    """Serve the catalog with live reload until interrupted."""
    if not root.is_dir():
        print(
            f"credcat serve: the catalog folder {root} does not exist; pass the folder that "
            "holds catalog.yaml, or run `credcat init` first",
            file=sys.stderr,
        )
        return 1
    try:
        return asyncio.run(_serve(root, host=host, port=port, base_url=base_url, debug=debug))
    except UserError as exc:
        print(f"credcat serve: {exc}", file=sys.stderr)
        return 1


async def _serve(root: Path, *, host: str, port: int, base_url: str | None, debug: bool) -> int:
    shown = f"[{host}]" if ":" in host else host
    url = base_url or f"http://{shown}:{port}/"
    with tempfile.TemporaryDirectory(prefix="credcat-serve-") as tmp:
        preview = Preview(root=root, out=Path(tmp) / "site", url=url, debug=debug)
        app = make_app(
            preview, allowed_hosts(host, port, base_url), port, wildcard=host in ("0.0.0.0", "::")
        )
        try:
            server = app.listen(port, address=host, xheaders=False)
        except OSError as exc:
            raise UserError(_listen_problem(exc, host, port)) from None
        preview.rebuild()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        print(f"serving {url} (Ctrl+C to stop)", flush=True)
        try:
            await _watch(preview, stop)
        finally:
            server.stop()
            for socket in list(preview.sockets):
                socket.close()
    return 0


def _listen_problem(exc: OSError, host: str, port: int) -> str:
    if exc.errno == errno.EADDRINUSE:
        return (
            f"port {port} on {host} is already in use (another credcat serve?); "
            f"choose another one with --port, e.g. --port {port + 1 if port < 65535 else 8001}"
        )
    if exc.errno == errno.EACCES:
        return f"not allowed to listen on port {port}: choose one above 1023 with --port"
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}; check --host and --port"
