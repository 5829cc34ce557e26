"""Refuse private keys anywhere in a catalog (#19).

A catalog is published: whatever is in its folder may end up in git history and on the web. A
private key there would let anyone sign credentials in the issuer's name, so the build stops
with a located error when it finds one: a PEM block (``-----BEGIN ... PRIVATE KEY-----``) in
any file, or a JWK with a private member (``d``; ``k`` of a symmetric key) in a YAML or JSON
document. Source files are checked as they are parsed; every other file below the catalog
folder (images, preserved versions, message catalogs, templates, ...) by ``scan_folder``.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from credcat.core.diagnostics import Diagnostic, Location
from credcat.core.sources import SourceDoc, display_path
from credcat.core.yamldoc import YamlError, escape_pointer_token, parse_yaml

PEM = re.compile(rb"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----")
PRIVATE_MEMBERS = ("d", "k")
"""JWK members that only a private (or symmetric) key has (RFC 7518, section 6)."""
MAX_SCAN_BYTES = 64 * 1024 * 1024
"""Larger files are not read (the build refuses images and sources far smaller)."""
TOOL_FOLDERS = frozenset({"node_modules", "__pycache__"})
"""Folders that tools fill, not authors (a catalog at a repository's root may hold them)."""
VERSIONS_FOLDER = "versions"
"""Checked by the ledger as it reads them (see ``scan_folder``)."""
CODE = "key.private"
HINT = (
    "remove it and keep private keys out of the catalog (and out of git history: if it was "
    "committed, make a new key); the catalog publishes only public keys (`keys:` with kty, "
    "crv, x and y)"
)


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    return line, offset - (data.rfind(b"\n", 0, offset) + 1) + 1


def _pem_blocks(data: bytes, display: str) -> Iterator[Diagnostic]:
    for match in PEM.finditer(data):
        line, col = _position(data, match.start())
        yield Diagnostic(
            location=Location(path=display, line=line, col=col),
            code=CODE,
            message="this file holds a private key (a PEM PRIVATE KEY block)",
            hint=HINT,
        )


def private_jwks(value: Any, pointer: str = "") -> Iterator[str]:
    """JSON pointers of the private members of every JWK inside ``value``."""
    if isinstance(value, dict):
        if "kty" in value:
            for member in PRIVATE_MEMBERS:
                if member in value:
                    yield f"{pointer}/{member}"
        for key, item in value.items():
            yield from private_jwks(item, f"{pointer}/{escape_pointer_token(str(key))}")
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from private_jwks(item, f"{pointer}/{n}")


def find_in_doc(doc: SourceDoc) -> list[Diagnostic]:
    """Private keys in one parsed source file (YAML or front matter)."""
    found = list(_pem_blocks(doc.digest_source.encode("utf-8"), doc.display))
    found += [
        Diagnostic(
            location=doc.locate(pointer, key=True),
            code=CODE,
            message="this is a private key (a JWK with its private part "
            f"'{pointer.rsplit('/', 1)[1]}')",
            hint=HINT,
        )
        for pointer in private_jwks(doc.data)
    ]
    return found


def _document_jwks(data: bytes, display: str, name: str) -> Iterator[Diagnostic]:
    """Private JWKs in a JSON or YAML file that is not one of the catalog's sources."""
    if b"kty" not in data:
        return
    try:
        text = data.decode("utf-8")
        if name.endswith(".json"):
            value, where = json.loads(text), None
        else:
            parsed, _ = parse_yaml(text)
            value, where = parsed.data, parsed.keys
        pointers = list(private_jwks(value))
    except (ValueError, YamlError, RecursionError):
        return  # not a document this check can read; no JWK can be in it either
    for pointer in pointers:
        member = pointer.rsplit("/", 1)[1]
        if where is not None and pointer in where:
            line, col = where[pointer][0] + 1, where[pointer][1] + 1
        else:
            offset = data.find(f'"{member}"'.encode(), data.find(b'"kty"'))
            line, col = _position(data, max(offset, 0))
        yield Diagnostic(
            location=Location(path=display, line=line, col=col),
            code=CODE,
            message=f"this file holds a private key (a JWK with its private part '{member}' "
            f"at {pointer if len(pointer) <= 60 else '...' + pointer[-57:]})",
            hint=HINT,
        )


def scan_folder(root: Path, skip: set[Path]) -> list[Diagnostic]:
    """Private keys in every file below ``root`` but those in ``skip`` (checked already).

    Hidden folders (``.git`` and the like) and the folders of tools (``TOOL_FOLDERS``) are
    not the catalog's and are left alone; the
    preserved versions (``versions/``) are checked as they are read
    (``archive.read_archives``), so that a large catalog reads them once.
    """
    found: list[Diagnostic] = []
    skipped = {str(p) for p in skip}
    for folder, dirs, files in os.walk(root):
        top = folder == str(root)
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".")
            and d not in TOOL_FOLDERS
            and not (top and d == VERSIONS_FOLDER)
        )
        for name in sorted(files):
            path = os.path.join(folder, name)  # noqa: PTH118 - runs for every file
            if path not in skipped:
                found += find_in_file(Path(path), display_path(Path(path)))
    return found


def find_in_file(path: Path, display: str) -> list[Diagnostic]:
    """Private keys in one regular file (nothing for files that cannot be read)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_SCAN_BYTES:
            return []
        data = path.read_bytes()
    except OSError:
        return []  # unreadable files are reported where the build uses them
    return find_in_bytes(data, display, path.name)


def find_in_bytes(data: bytes, display: str, name: str) -> list[Diagnostic]:
    """Private keys in the bytes of one file called ``name`` (shown as ``display``)."""
    if b"PRIVATE KEY" not in data and b"kty" not in data:
        return []
    found = list(_pem_blocks(data, display))
    if name.endswith((".json", ".yaml", ".yml")):
        found += _document_jwks(data, display, name)
    return found
