"""Editor support as an editor sees it: the real YAML language server over stdio LSP.

``credcat init`` writes the JSON Schemas into the project (schema/) and a .vscode/settings.json
whose ``yaml.schemas`` maps them to catalog.yaml and issuers/*.yaml; each scaffolded file also
names its schema with a ``# yaml-language-server: $schema=`` comment relative to itself. The
server is given exactly those settings, as VS Code's YAML extension would give them, and must
report a misspelt key in an issuer file.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from queue import Empty, Queue
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SERVER = REPO / "node_modules/yaml-language-server/bin/yaml-language-server"


class LanguageServer:
    """A language server process spoken to with JSON-RPC over stdio."""

    def __init__(self, settings: dict[str, Any]) -> None:
        if not SERVER.is_file():
            pytest.fail("yaml-language-server is missing: run 'bash scripts/test.sh'")
        self.settings = settings
        self.proc = subprocess.Popen(
            ["node", str(SERVER), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.messages: Queue[dict[str, Any]] = Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = 0
            while (line := out.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            message = json.loads(out.read(length))
            if message.get("method") == "workspace/configuration":  # the editor's settings
                items = message["params"]["items"]
                answer = [self._section(i.get("section", "")) for i in items]
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": answer})
            elif "id" in message and "method" in message:  # other requests: accept
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            else:
                self.messages.put(message)

    def _section(self, name: str) -> Any:
        value: Any = self.settings
        for part in name.split(".") if name else []:
            value = value.get(part, {}) if isinstance(value, dict) else None
        return value

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode()
        stdin = self.proc.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        ident = self.next_id
        self._send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        while True:
            message = self.messages.get(timeout=60)
            if message.get("id") == ident:
                return message.get("result")

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri: str, timeout: float = 30) -> list[dict[str, Any]]:
        """The next non-empty diagnostics published for ``uri``."""
        while True:
            try:
                message = self.messages.get(timeout=timeout)
            except Empty:
                raise AssertionError(f"no diagnostics for {uri}") from None
            params = message.get("params", {})
            if message.get("method") == "textDocument/publishDiagnostics" and (
                params.get("uri") == uri and params.get("diagnostics")
            ):
                found: list[dict[str, Any]] = params["diagnostics"]
                return found

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.proc.wait(timeout=10)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait(timeout=10)
            for pipe in (self.proc.stdin, self.proc.stdout):
                if pipe is not None:
                    pipe.close()


def _init(project: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    subprocess.run(
        [sys.executable, "-m", "credcat", "init", "--base-url", "https://a.example.org/"],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
    )


def _editor_settings(project: Path) -> dict[str, Any]:
    """.vscode/settings.json as VS Code hands it to the YAML extension."""
    flat = json.loads((project / ".vscode/settings.json").read_text(encoding="utf-8"))
    schemas = {
        (project / rel).resolve().as_uri(): globs for rel, globs in flat["yaml.schemas"].items()
    }
    return {"yaml": {"schemas": schemas, "validate": True, "schemaStore": {"enable": False}}}


def _open(server: LanguageServer, path: Path, text: str) -> str:
    uri = path.resolve().as_uri()
    server.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
    )
    return uri


@pytest.fixture
def project(tmp_path: Path) -> Path:
    _init(tmp_path)
    return tmp_path


def _start(project: Path, settings: dict[str, Any]) -> LanguageServer:
    server = LanguageServer(settings)
    server.request(
        "initialize",
        {
            "processId": os.getpid(),
            "rootUri": project.as_uri(),
            "capabilities": {"workspace": {"configuration": True}},
            "workspaceFolders": [{"uri": project.as_uri(), "name": "catalog"}],
        },
    )
    server.notify("initialized", {})
    server.notify("workspace/didChangeConfiguration", {"settings": settings})
    return server


def test_a_misspelt_key_in_an_issuer_file_is_reported(project: Path) -> None:
    """With the workspace settings only: the modeline is taken out of the file."""
    server = _start(project, _editor_settings(project))
    try:
        issuer = project / "content/issuers/example-institute.yaml"
        text = issuer.read_text(encoding="utf-8")
        text = re.sub(r"^# yaml-language-server:.*\n", "", text).replace("email:", "emial:")
        uri = _open(server, issuer, text)
        found = server.diagnostics(uri)
        messages = [d["message"] for d in found]
        assert any("emial" in m for m in messages), messages
        line = next(d for d in found if "emial" in d["message"])["range"]["start"]["line"]
        assert text.splitlines()[line].startswith("emial:")
    finally:
        server.close()


def test_the_modeline_of_a_scaffolded_file_resolves(project: Path) -> None:
    """Without workspace settings: each file's own `$schema=` comment (a relative path)."""
    server = _start(project, {"yaml": {"validate": True, "schemaStore": {"enable": False}}})
    try:
        catalog = project / "content/catalog.yaml"
        text = catalog.read_text(encoding="utf-8")
        match = re.match(r"# yaml-language-server: \$schema=(\S+)\n", text)
        assert match
        assert (catalog.parent / match.group(1)).resolve().is_file()
        uri = _open(server, catalog, text + "per_pag: 20\n")
        messages = [d["message"] for d in server.diagnostics(uri)]
        assert any("per_pag" in m for m in messages), messages
    finally:
        server.close()


def test_every_schema_credcat_writes_or_documents_resolves(project: Path) -> None:
    """No file points editors at an address that nothing publishes."""
    sources = [*project.rglob("*"), *(REPO / "content").rglob("*"), *(REPO / "docs").glob("*")]
    sources.append(REPO / "README.md")
    texts = {p: p.read_text(encoding="utf-8") for p in sources if p.suffix in (".md", ".yaml")}
    seen = 0
    for path, text in texts.items():
        for target in re.findall(r"yaml-language-server: \$schema=(\S+)", text):
            seen += 1
            if (path.suffix == ".md" and path.parent.name == "docs") or path.name == "README.md":
                assert not target.startswith("http"), f"{path}: {target}"
                continue
            assert (path.parent / target).resolve().is_file(), f"{path}: {target}"
    assert seen > 20
    settings = json.loads((project / ".vscode/settings.json").read_text(encoding="utf-8"))
    for rel in settings["yaml.schemas"]:
        assert (project / rel).is_file(), rel
