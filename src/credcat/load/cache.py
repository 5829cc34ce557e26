"""A build cache beside the output folder, so an unchanged catalog rebuilds quickly.

It keeps the checked result of each source file, keyed by the file's path and bytes and by
credcat's own code, and the render keys of the previous build with
the hash of every file each rendering wrote and what it kept beside them (a credential's
search entry). Deleting the folder is always safe: the next build is simply a cold one.

The cache is data, never code: a first line names the format and the code salt, and is
compared before anything else is read; the rest is one entry per line, tagged JSON (see
cachecodec.py) that can only rebuild the model's own classes and search entries. A save
writes the lines of entries it still holds as they were read, and encodes only new ones. A
corrupt, foreign or misshapen cache (another format, another version of credcat, a value not
where the format puts it) is ignored with a note saying why, and the build checks every file
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
from credcat.core.cachecodec import Codec, CodecError
from credcat.core.formats import BABEL_VERSION
from credcat.load.search_entry import Entry

CACHE_DIR = ".credcat-cache"
_FORMAT = 4
_MAGIC = "credcat build cache"
_MAX_HEADER = 512


@dataclass(frozen=True, slots=True)
class Rendered:
    """What the previous build rendered for one output group."""

    key: str
    """The hash of everything the group was rendered from."""
    written: tuple[tuple[str, str], ...]
    """The (output path, sha256 of its bytes) of each file it wrote."""
    kept: Entry | None = None
    """A value made with the files and kept for the next build (a credential's search
    entry), stored with the cache's codec."""


def code_salt() -> str:
    """Changes whenever credcat's code, schemas or Babel (CLDR) change, invalidating every
    entry."""
    package = Path(__file__).resolve().parent.parent  # credcat/, above this stage's folder
    # Babel's CLDR data decides how numbers, dates, money and names are written (#18).
    digest = hashlib.sha256(f"{__version__}/{_FORMAT}/babel-{BABEL_VERSION}".encode())
    for path in sorted([*package.rglob("*.py"), *package.glob("schemas/*.json")]):
        stat = path.stat()
        name = path.relative_to(package).as_posix()
        digest.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
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


def _written_pair(pair: Any) -> bool:
    """[output path, sha256] of a file a rendering wrote, the path inside the site."""
    return (
        isinstance(pair, list)
        and len(pair) == 2
        and all(isinstance(x, str) for x in pair)
        and _safe_output_path(pair[0])
    )


def cache_path(output: Path) -> Path:
    """Where the cache of an output folder lives."""
    return output.parent / CACHE_DIR / f"{output.name}.json"


def spare_path(output: Path) -> Path:
    """Where the site that the last atomic write replaced is kept: the next write stages
    the new site in it, so files that did not change need no new link (see ``writer``)."""
    return output.parent / CACHE_DIR / f"spare-{output.name}"


@dataclass(slots=True)
class _Lines:
    """Entries as encoded in the cache file: reused by ``save`` for entries it still holds."""

    files: dict[str, bytes] = field(default_factory=dict)
    """file_key -> its line."""
    renders: dict[str, tuple[Rendered, bytes]] = field(default_factory=dict)
    """group -> the entry a line encodes (reused only for that very object), the line."""


@dataclass(slots=True)
class BuildCache:
    """Entries loaded from disk, plus the ones this build produced."""

    path: Path | None
    salt: str
    codec: Codec | None = None
    file_type: type | None = None
    """The class of a checked file result: a file entry holding anything else is refused."""
    """Rebuilds cached file results and kept values (None: neither is persisted)."""
    files: dict[str, Any] = field(default_factory=dict)
    """file_key -> checked file result."""
    renders: dict[str, Rendered] = field(default_factory=dict)
    """output group -> what the previous build rendered for it."""
    new_files: dict[str, Any] = field(default_factory=dict)
    new_renders: dict[str, Rendered] = field(default_factory=dict)
    note: str | None = None
    """Why the cache on disk was not used, when it existed and was not usable."""
    _lines: _Lines = field(default_factory=lambda: _Lines())
    """The encoded line of each entry, as read or last saved."""

    @classmethod
    def for_output(
        cls, output: Path | None, codec: Codec | None = None, file_type: type | None = None
    ) -> BuildCache:
        """Open the cache of an output folder (None: a cache that never persists)."""
        salt = code_salt()
        if output is None:
            return cls(path=None, salt=salt, codec=codec, file_type=file_type)
        cache = cls(path=cache_path(output), salt=salt, codec=codec, file_type=file_type)
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
                body = handle.read()
            self._decode(body)
        except FileNotFoundError:
            return
        except (OSError, ValueError, TypeError, CodecError, RecursionError) as exc:
            self.files, self.renders, self._lines = {}, {}, _Lines()
            self.note = (
                f"the build cache {self.path.name} cannot be used ({str(exc)[:80]}); "
                "this build checks every file again"
            )

    def _decode(self, body: bytes) -> None:
        """One entry per line: ``["f", file_key, value]`` or ``["r", group, key, written,
        kept]``. Each line is kept as read: an entry the next save still holds is written
        back as these bytes, not encoded again (a key names one value: file keys hash the
        file's bytes, and a reused group's entry is the same object)."""
        for line in body.splitlines():
            item = orjson.loads(line)
            if not (isinstance(item, list) and item and item[0] in ("f", "r")):
                raise ValueError("unexpected cache line")
            if item[0] == "f":
                if not (len(item) == 3 and isinstance(item[1], str)):
                    raise ValueError("unexpected file entry")
                if self.codec is not None:
                    value = self.codec.decode(item[2])
                    if self.file_type is not None and not isinstance(value, self.file_type):
                        raise ValueError("unexpected file entry")
                    self.files[item[1]] = value
                    self._lines.files[item[1]] = line
                continue
            if not (len(item) == 5 and isinstance(item[1], str)):
                raise ValueError("unexpected render entry")
            entry = self._rendered(item[2:])
            self.renders[item[1]] = entry
            self._lines.renders[item[1]] = (entry, line)

    def _rendered(self, entry: Any) -> Rendered:
        """One output group's entry, as ``save`` wrote it: [key, [[path, sha256], ...], kept]."""
        if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str)):
            raise ValueError("unexpected render entry")
        if not (isinstance(entry[1], list) and all(map(_written_pair, entry[1]))):
            raise ValueError("unexpected render entry")
        kept = None
        if entry[2] is not None and self.codec is not None:
            kept = self.codec.decode(entry[2])
            if not isinstance(kept, Entry):
                raise ValueError("unexpected kept value")
        return Rendered(entry[0], tuple((p, h) for p, h in entry[1]), kept)

    def successor(self) -> BuildCache:
        """The cache as the next build in this process sees it (no disk read)."""
        return BuildCache(
            path=self.path,
            salt=self.salt,
            codec=self.codec,
            file_type=self.file_type,
            files=self.new_files,
            renders=self.new_renders,
            _lines=self._lines,
        )

    def _file_lines(self) -> list[bytes]:
        if self.codec is None:
            return []
        known, lines = self._lines.files, {}
        try:
            for key, value in sorted(self.new_files.items()):
                line = known.get(key)
                lines[key] = line or orjson.dumps(["f", key, self.codec.encode(value)])
        except CodecError:
            lines = {}  # an uncacheable value: keep the render keys, check files again
        self._lines.files = lines
        return list(lines.values())

    def _render_lines(self) -> list[bytes]:
        known, lines = self._lines.renders, {}
        try:
            for name, entry in sorted(self.new_renders.items()):
                found = known.get(name)
                if found is not None and found[0] is entry:
                    lines[name] = found
                    continue
                kept = None
                if entry.kept is not None and self.codec is not None:
                    kept = self.codec.encode(entry.kept)
                lines[name] = (entry, orjson.dumps(["r", name, entry.key, entry.written, kept]))
        except CodecError:
            lines = {}  # an uncacheable kept value: render everything again
        self._lines.renders = lines
        return [line for _, line in lines.values()]

    def save(self) -> None:
        """Write this build's entries (only those still in use) atomically."""
        if self.path is None:
            return
        if self.new_files.keys() == self.files.keys() and self.new_renders == self.renders:
            return  # nothing changed since the cache was read
        header = orjson.dumps({"cache": _MAGIC, "format": _FORMAT, "salt": self.salt})
        lines = [header, *self._file_lines(), *self._render_lines()]
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".tmp{os.getpid()}")
            with tmp.open("wb") as handle:
                handle.write(b"\n".join(lines) + b"\n")
            tmp.replace(self.path)
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower
