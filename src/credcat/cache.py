"""A build cache beside the output folder, so an unchanged catalog rebuilds quickly.

It keeps the checked result of each source file, keyed by the file's path, size and
modification time and by credcat's own code, and the render keys of the previous build with
the hash of every file each rendering wrote. Deleting the folder is always safe: the next
build is simply a cold one.

The cache is data, never code: a first line names the format and the code salt, and is
compared before anything else is read; the rest is tagged JSON (see cachecodec.py) that can
only rebuild the model's own classes. A corrupt or foreign cache (another format, another
version of credcat) is ignored with a note saying why, and the build checks every file
again; a missing one is simply a first build, and says nothing.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from credcat import __version__
from credcat.cachecodec import Codec, CodecError
from credcat.formats import BABEL_VERSION

CACHE_DIR = ".credcat-cache"
_FORMAT = 2
_MAGIC = "credcat build cache"
_MAX_HEADER = 512

RenderEntry = tuple[str, tuple[tuple[str, str], ...]]
"""A rendering's key, and the (output path, sha256 of its bytes) pairs it wrote."""


def code_salt() -> str:
    """Changes whenever credcat's code, schemas or Babel (CLDR) change, invalidating every
    entry."""
    here = Path(__file__).resolve().parent
    # Babel's CLDR data decides how numbers, dates, money and names are written (#18).
    digest = hashlib.sha256(f"{__version__}/{_FORMAT}/babel-{BABEL_VERSION}".encode())
    for path in sorted([*here.glob("*.py"), *here.glob("schemas/*.json")]):
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def file_key(path: Path, kind: str, ident: str) -> str | None:
    """Identify one version of a source file by its bytes.

    Size and modification time are not enough: a checkout, a copy that keeps stamps or two
    saves within the file system's clock tick give other bytes the same stamp, and the build
    would keep the old result. Hashing is cheap next to parsing what changed."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    # The working directory is part of the key: diagnostics show paths relative to it.
    return f"{kind}:{ident}:{Path.cwd()}:{path}:{digest}"


def _safe_output_path(path: str) -> bool:
    """A site-relative path that stays in the output folder (as the writer also insists)."""
    parts = path.split("/")
    return bool(path) and "\\" not in path and not ({"", ".", ".."} & set(parts))


def cache_path(output: Path) -> Path:
    """Where the cache of an output folder lives."""
    return output.parent / CACHE_DIR / f"{output.name}.json"


@dataclass(slots=True)
class BuildCache:
    """Entries loaded from disk, plus the ones this build produced."""

    path: Path | None
    salt: str
    codec: Codec | None = None
    """Rebuilds cached file results (None: file results are not persisted)."""
    files: dict[str, Any] = field(default_factory=dict)
    """file_key -> checked file result."""
    renders: dict[str, RenderEntry] = field(default_factory=dict)
    """output group -> what the previous build rendered for it."""
    new_files: dict[str, Any] = field(default_factory=dict)
    new_renders: dict[str, RenderEntry] = field(default_factory=dict)
    note: str | None = None
    """Why the cache on disk was not used, when it existed and was not usable."""

    @classmethod
    def for_output(cls, output: Path | None, codec: Codec | None = None) -> BuildCache:
        """Open the cache of an output folder (None: a cache that never persists)."""
        salt = code_salt()
        if output is None:
            return cls(path=None, salt=salt, codec=codec)
        cache = cls(path=cache_path(output), salt=salt, codec=codec)
        cache._read()
        return cache

    def _read(self) -> None:
        assert self.path is not None
        try:
            with self.path.open("rb") as handle:
                header = handle.readline(_MAX_HEADER)
                if not header.endswith(b"\n"):
                    raise ValueError("it is not a credcat cache")
                head = orjson.loads(header)
                if not isinstance(head, dict) or head.get("cache") != _MAGIC:
                    raise ValueError("it is not a credcat cache")
                if head.get("format") != _FORMAT or head.get("salt") != self.salt:
                    self.note = (
                        f"the build cache {self.path.name} was made by another version of "
                        "credcat; this build checks every file again"
                    )
                    return
                body = orjson.loads(handle.read())
            files, renders = self._decode(body)
        except FileNotFoundError:
            return
        except (OSError, ValueError, TypeError, CodecError, RecursionError) as exc:
            self.note = (
                f"the build cache {self.path.name} cannot be used ({str(exc)[:80]}); "
                "this build checks every file again"
            )
            return
        self.files, self.renders = files, renders

    def _decode(self, body: Any) -> tuple[dict[str, Any], dict[str, RenderEntry]]:
        if not isinstance(body, dict):
            raise ValueError("unexpected contents")
        files: dict[str, Any] = {}
        if self.codec is not None:
            for item in body.get("files", []):
                if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)):
                    raise ValueError("unexpected file entry")
                files[item[0]] = self.codec.decode(item[1])
        renders: dict[str, RenderEntry] = {}
        for name, entry in (body.get("renders") or {}).items():
            key, written = entry
            pairs = tuple((str(p), str(h)) for p, h in written)
            if not isinstance(key, str) or not all(map(_safe_output_path, (p for p, _ in pairs))):
                raise ValueError("unexpected render entry")
            renders[str(name)] = (key, pairs)
        return files, renders

    def successor(self) -> BuildCache:
        """The cache as the next build in this process sees it (no disk read)."""
        return BuildCache(
            path=self.path,
            salt=self.salt,
            codec=self.codec,
            files=self.new_files,
            renders=self.new_renders,
        )

    def save(self) -> None:
        """Write this build's entries (only those still in use) atomically."""
        if self.path is None:
            return
        if self.new_files.keys() == self.files.keys() and self.new_renders == self.renders:
            return  # nothing changed since the cache was read
        header = {"cache": _MAGIC, "format": _FORMAT, "salt": self.salt}
        try:
            files = (
                [[k, self.codec.encode(v)] for k, v in sorted(self.new_files.items())]
                if self.codec is not None
                else []
            )
        except CodecError:
            files = []  # an uncacheable value: keep the render keys, check files again
        body = {"files": files, "renders": self.new_renders}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".tmp{os.getpid()}")
            with tmp.open("wb") as handle:
                handle.write(orjson.dumps(header) + b"\n")
                handle.write(orjson.dumps(body))
            tmp.replace(self.path)
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower
