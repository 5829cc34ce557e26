"""A build cache beside the output folder, so an unchanged catalog rebuilds quickly.

It keeps the checked result of each source file, keyed by the file's path, size and
modification time and by credcat's own version, and the render keys of the previous build.
Deleting the folder is always safe: the next build is simply a cold one.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from credcat import __version__

CACHE_DIR = ".credcat-cache"
_FORMAT = 1


def code_salt() -> str:
    """Changes whenever credcat's code or schemas change, invalidating every entry."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"{__version__}/{_FORMAT}".encode())
    for path in sorted([*here.glob("*.py"), *here.glob("schemas/*.json")]):
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def file_key(path: Path, kind: str, ident: str) -> str | None:
    """Identify one version of a source file without reading it."""
    try:
        stat = path.stat()
    except OSError:
        return None
    # The working directory is part of the key: diagnostics show paths relative to it.
    return f"{kind}:{ident}:{Path.cwd()}:{path}:{stat.st_size}:{stat.st_mtime_ns}"


@dataclass(slots=True)
class BuildCache:
    """Entries loaded from disk, plus the ones this build produced."""

    path: Path | None
    salt: str
    files: dict[str, Any] = field(default_factory=dict)
    """file_key -> checked file result."""
    renders: dict[str, Any] = field(default_factory=dict)
    """output group -> (render key, output paths) of the previous build."""
    new_files: dict[str, Any] = field(default_factory=dict)
    new_renders: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def for_output(cls, output: Path | None) -> BuildCache:
        """Open the cache of an output folder (None: a cache that never persists)."""
        salt = code_salt()
        if output is None:
            return cls(path=None, salt=salt)
        path = output.parent / CACHE_DIR / f"{output.name}.pickle"
        cache = cls(path=path, salt=salt)
        try:
            with path.open("rb") as handle:
                # The salt is pickled first, on its own: data from another version of
                # credcat is never unpickled, since its classes may no longer match.
                if pickle.load(handle) != salt:
                    return cache
                stored = pickle.load(handle)
        except Exception:
            return cache
        if isinstance(stored, dict):
            cache.files = stored.get("files", {})
            cache.renders = stored.get("renders", {})
        return cache

    def successor(self) -> BuildCache:
        """The cache as the next build in this process sees it (no disk read)."""
        return BuildCache(
            path=self.path, salt=self.salt, files=self.new_files, renders=self.new_renders
        )

    def save(self) -> None:
        """Write this build's entries (only those still in use) atomically."""
        if self.path is None:
            return
        if self.new_files.keys() == self.files.keys() and self.new_renders == self.renders:
            return  # nothing changed since the cache was read
        data = {"files": self.new_files, "renders": self.new_renders}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".tmp{os.getpid()}")
            with tmp.open("wb") as handle:
                pickle.dump(self.salt, handle, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(self.path)
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower
