"""Write a built site to disk all at once, so a failed build never touches the old one.

A build only ever deletes or replaces files it wrote itself: every output folder holds a
manifest (``.credcat-manifest.json``) listing the files credcat wrote there, and a folder
holding anything else stops the build with ``output.foreign-files`` unless the caller
passes ``replace_foreign`` (``credcat build --replace-output``).

Files are written into a fresh sibling folder; files whose bytes did not change are
hard-linked from the previous build instead of rewritten. The new folder then replaces the
old one in one atomic exchange where the system supports it (Linux renameat2), or two
renames elsewhere.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG

import orjson

from credcat.diagnostics import CatalogError, Diagnostic, Location
from credcat.output import Output, json_bytes
from credcat.sources import display_path

_TMP_PREFIX = ".credcat-tmp-"
_OLD_PREFIX = ".credcat-old-"


@dataclass(frozen=True, slots=True)
class WriteStats:
    """What a write did."""

    written: int
    """Files whose bytes changed or are new."""
    unchanged: int
    """Files carried over from the previous build."""
    removed: int
    """Files of the previous build that are gone."""


def _fail(target: Path, code: str, message: str, hint: str | None = None) -> CatalogError:
    loc = Location(path=display_path(target))
    return CatalogError([Diagnostic(location=loc, code=code, message=message, hint=hint)])


def check_outputs(outputs: Iterable[Output]) -> dict[str, bytes | None]:
    """Index outputs by path, refusing unsafe paths and two outputs at one path."""
    files: dict[str, bytes | None] = {}
    for out in outputs:
        parts = out.path.split("/")
        if not out.path or "" in parts or "." in parts or ".." in parts or "\\" in out.path:
            raise _fail(Path(out.path), "output.path", f"unsafe output path '{out.path}'")
        if out.path in files:
            raise _fail(
                Path(out.path),
                "output.collision",
                f"two outputs want the same path '{out.path}'",
                "an image or theme file uses a path that credcat generates; rename it",
            )
        files[out.path] = out.data
    return files


MANIFEST = ".credcat-manifest.json"
"""The list of files credcat wrote into the output folder (itself published: it names only
public files)."""
_SHOWN = 5


def manifest_bytes(paths: Iterable[str]) -> bytes:
    """The manifest of an output folder holding ``paths``."""
    return json_bytes({"generator": "credcat", "files": sorted(paths)})


def _manifest(target: Path) -> set[str]:
    """Files the manifest in ``target`` says credcat wrote (none when it is missing or bad)."""
    try:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(target / MANIFEST, flags)
        with os.fdopen(fd, "rb") as handle:
            data = orjson.loads(handle.read(64 * 1024 * 1024))
    except (OSError, orjson.JSONDecodeError):
        return set()
    if not isinstance(data, dict) or data.get("generator") != "credcat":
        return set()
    files = data.get("files")
    if not isinstance(files, list):
        return set()
    return {f for f in files if isinstance(f, str)}


def foreign_files(target: Path) -> list[str]:
    """What ``target`` holds that its manifest does not list, sorted; folders end in '/'.

    A folder none of whose files credcat wrote is named once, not file by file.
    """
    if not target.is_dir():
        return []
    known = _manifest(target)
    folders = {"/".join(p.split("/")[:n]) for p in known for n in range(1, p.count("/") + 1)}
    found: list[str] = []
    root = str(target)
    skip = len(root) + 1
    for dirpath, dirs, names in os.walk(root):
        base = dirpath[skip:]
        keep = []
        for name in sorted(dirs):
            rel = f"{base}/{name}" if base else name
            if os.path.islink(os.path.join(dirpath, name)):
                names.append(name)  # a link is a file here: credcat replaces, never follows
            elif rel in folders:
                keep.append(name)
            else:
                found.append(f"{rel}/")
        dirs[:] = keep
        for name in names:
            rel = f"{base}/{name}" if base else name
            if rel not in known and rel != MANIFEST:
                found.append(rel)
    return sorted(found)


def _check_foreign(target: Path) -> None:
    foreign = foreign_files(target)
    if not foreign:
        return
    shown = ", ".join(foreign[:_SHOWN])
    more = f" and {len(foreign) - _SHOWN} more" if len(foreign) > _SHOWN else ""
    raise _fail(
        target,
        "output.foreign-files",
        f"the output folder holds {len(foreign)} file{'s' * (len(foreign) != 1)} that credcat "
        f"did not write: {shown}{more}; refusing to delete or replace "
        f"{'them' if len(foreign) != 1 else 'it'}",
        "move them out, choose another output folder, or build with --replace-output to "
        "let credcat delete them",
    )


def write_site(
    outputs: Iterable[Output],
    target: Path,
    *,
    atomic: bool = True,
    replace_foreign: bool = False,
) -> WriteStats:
    """Make ``target`` hold exactly ``outputs`` and their manifest; on failure leave it as it was.

    Nothing is touched when no file changed. Otherwise, with ``atomic`` (the default) a new
    folder is staged and swapped in whole; without it (for the preview server, where speed
    matters more) changed files are replaced one by one, each with an atomic rename. Files
    in ``target`` that its manifest does not list stop the write (``output.foreign-files``)
    unless ``replace_foreign``.
    """
    files = check_outputs([*outputs, Output(MANIFEST, b"")])
    files[MANIFEST] = manifest_bytes(p for p in files if p != MANIFEST)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise _fail(
            target,
            "output.foreign",
            f"{target} is not a folder; refusing to replace it",
            "remove it or choose another output folder",
        )
    if not replace_foreign:
        try:
            _check_foreign(target)
        except OSError as exc:
            raise _fail(target, "output.write", f"cannot read the output folder: {exc}") from None
    if target.parent.is_dir():
        # A build killed while swapping may have left a staging folder behind.
        with contextlib.suppress(OSError):
            _remove_leftovers(target.parent)
    try:
        changed = [
            rel
            for rel, data in files.items()
            if data is not None and not _same(os.path.join(target, rel), data)
        ]
        removed = _removed(target, files)
    except OSError as exc:
        raise _fail(target, "output.write", f"cannot read the previous site: {exc}") from None
    written = len([rel for rel in changed if rel != MANIFEST])  # the outputs, not the list
    stats = WriteStats(written=written, unchanged=len(files) - 1 - written, removed=len(removed))
    if target.is_dir() and not changed and not removed:
        return stats
    if not atomic and target.is_dir():
        try:
            _update_in_place(files, changed, removed, target)
        except OSError as exc:
            raise _fail(target, "output.write", f"updating the site failed: {exc}") from None
        return stats
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = parent / f"{_TMP_PREFIX}{target.name}-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
    except OSError as exc:
        raise _fail(target, "output.write", f"cannot create the output folder: {exc}") from None
    try:
        _stage(files, set(changed), tmp, target)
        _swap(tmp, target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise _fail(
            target,
            "output.write",
            f"writing the site failed, the previous site is unchanged: {exc}",
        ) from None
    return stats


def _update_in_place(
    files: dict[str, bytes | None], changed: list[str], removed: list[str], target: Path
) -> None:
    for rel in changed:
        data = files[rel]
        assert data is not None
        dest = os.path.join(target, rel)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        tmp = f"{dest}.credcat-tmp"
        _write_new(tmp, data)
        os.replace(tmp, dest)
    for rel in removed:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(os.path.join(target, rel))


def _remove_leftovers(parent: Path) -> None:
    """Remove staging folders left behind by a build that was killed."""
    for entry in parent.iterdir():
        if entry.name.startswith((_TMP_PREFIX, _OLD_PREFIX)) and entry.is_dir():
            pid = entry.name.rsplit("-", 1)[-1]
            if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
                continue
            shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_THREADS = 4


def _stage(files: dict[str, bytes | None], changed: set[str], tmp: Path, previous: Path) -> None:
    """Fill ``tmp``: link files unchanged since ``previous``, write the others.

    Creating files waits on the file system, so several threads overlap those waits. Each
    top-level folder is filled by one thread: threads creating files in the same folder
    contend for its lock, and were slower than one thread in measurements on ext4.
    """
    groups: dict[str, list[str]] = {}
    for rel in sorted(files):
        groups.setdefault(rel.split("/", 1)[0] if "/" in rel else "", []).append(rel)

    def fill(rels: list[str]) -> None:
        made: set[str] = set()
        for rel in rels:
            folder = os.path.dirname(rel)
            if folder not in made:
                os.makedirs(os.path.join(tmp, folder), exist_ok=True)
                made.add(folder)
            dest = os.path.join(tmp, rel)
            data = files[rel]
            if rel not in changed:
                try:
                    os.link(os.path.join(previous, rel), dest)
                    continue
                except OSError:
                    if data is None:
                        raise
            assert data is not None
            _write_new(dest, data)

    ordered = sorted(groups.values(), key=len, reverse=True)
    with ThreadPoolExecutor(max_workers=_THREADS) as pool:
        for future in [pool.submit(fill, rels) for rels in ordered]:
            future.result()


def _write_new(path: str, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _same(path: str, data: bytes) -> bool:
    try:
        stat = os.lstat(path)
        if not S_ISREG(stat.st_mode) or stat.st_size != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False


def _removed(target: Path, files: dict[str, bytes | None]) -> list[str]:
    if not target.is_dir():
        return []
    gone: list[str] = []
    root = str(target)
    skip = len(root) + 1
    # Prefix slicing instead of os.path.relpath: this visits every file of a large site.
    for dirpath, dirs, names in os.walk(root):
        base = dirpath[skip:]
        # A link to a folder is listed with the folders, and never followed.
        links = [d for d in dirs if os.path.islink(os.path.join(dirpath, d))]
        for name in [*names, *links]:
            rel = f"{base}/{name}" if base else name
            if rel not in files:
                gone.append(rel)
    return sorted(gone)


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with renameat2(RENAME_EXCHANGE); False if unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


def _swap(tmp: Path, target: Path) -> None:
    if not target.exists():
        tmp.rename(target)
        return
    if _exchange(tmp, target):
        shutil.rmtree(tmp, ignore_errors=True)
        return
    old = target.parent / f"{_OLD_PREFIX}{target.name}-{os.getpid()}"
    target.rename(old)
    try:
        tmp.rename(target)
    except OSError:
        with contextlib.suppress(OSError):
            old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)
