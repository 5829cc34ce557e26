"""Write a built site to disk as it is rendered, so a failed build never touches the old one.

A build only ever deletes or replaces files it wrote itself: every output folder holds a
manifest (``.credcat-manifest.json``) listing the files credcat wrote there, and a folder
holding anything else stops the build with ``output.foreign-files`` unless the caller
passes ``replace_foreign`` (``credcat build --replace-output``).

``SiteWriter`` takes outputs one by one: each is written into a fresh sibling folder, and
files whose bytes did not change are hard-linked from the previous build instead of
rewritten, so a build need not hold its whole site in memory. At the end the new folder
replaces the old one in one atomic exchange where the system supports it (Linux
renameat2), or two renames elsewhere.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import threading
import weakref
from collections.abc import Callable, Container, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISDIR, S_ISREG

import orjson

from credcat.core.diagnostics import CatalogError, Diagnostic, Location
from credcat.core.output import Output, json_bytes
from credcat.core.sources import display_path
from credcat.load.cache import spare_path

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


def check_path(path: str, taken: Container[str]) -> None:
    """Refuse an unsafe output path, or one that ``taken`` already holds."""
    parts = path.split("/")
    if not path or "" in parts or "." in parts or ".." in parts or "\\" in path:
        raise _fail(Path(path), "output.path", f"unsafe output path '{path}'")
    if path in taken:
        raise _fail(
            Path(path),
            "output.collision",
            f"two outputs want the same path '{path}'",
            "an image or theme file uses a path that credcat generates; rename it",
        )


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


def _survey(target: Path) -> tuple[list[str], list[str]]:
    """What ``target`` holds that its manifest does not list, sorted (folders end in '/';
    a folder none of whose files credcat wrote is named once, not file by file), and every
    file (or link) found in the folders it does list."""
    if not target.is_dir():
        return [], []
    known = _manifest(target)
    folders = {"/".join(p.split("/")[:n]) for p in known for n in range(1, p.count("/") + 1)}
    found: list[str] = []
    held: list[str] = []
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
            held.append(rel)
            if rel not in known and rel != MANIFEST:
                found.append(rel)
    return sorted(found), held


def _check_foreign(target: Path) -> list[str]:
    """Every file ``target`` holds; refused if credcat did not write one of them."""
    foreign, held = _survey(target)
    if not foreign:
        return held
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

    ``SiteWriter`` fed every output, then finished (see there).
    """
    writer = SiteWriter(target, atomic=atomic, replace_foreign=replace_foreign)
    try:
        for output in outputs:
            writer.add(output)
        stats = writer.finish()
        wait_for_sweeps()
        return stats
    finally:
        writer.abort()


class SiteWriter:
    """Outputs written as they are rendered: a build need not hold its site in memory.

    Nothing is touched when no file changed. Otherwise, with ``atomic`` (the default) a new
    sibling folder is staged as outputs arrive (files whose bytes did not change are
    hard-linked from the previous build) and swapped in whole by ``finish``; without it (for
    the preview server, where speed matters more) the changed files, kept until ``finish``,
    replace the old ones one by one, each with an atomic rename. Files in ``target`` that
    its manifest does not list stop the write (``output.foreign-files``) unless
    ``replace_foreign``. ``abort`` (always safe to call) removes what was staged: the
    previous site stays as it was.

    The staging folder is made at the first output that differs from the previous build,
    with links to the unchanged ones seen before it, so a build with nothing changed writes
    nothing at all. Files are created by a few threads, one per top-level folder: creating
    files waits on the file system, and threads creating files in the same folder contend
    for its lock (slower than one thread, in measurements on ext4). At most
    ``_IN_FLIGHT`` outputs wait for a thread, so memory stays bounded.

    The site a write replaces is not deleted: it is kept beside the build cache (the spare,
    ``cache.spare_path``) and the next write stages in it. A file of the spare that is the
    same file (device and inode) as the current site's is left as it is; anything else in it
    is replaced, and what the new site does not hold is removed, so the spare is trusted for
    nothing, and an edit re-links only what it changed. Without a spare (the first writes,
    or a spare on another file system) the staging folder starts empty.
    """

    def __init__(self, target: Path, *, atomic: bool = True, replace_foreign: bool = False):
        self.target = target
        self.atomic = atomic
        self._root = str(target)
        self._exists = target.is_dir()
        self._paths: set[str] = set()
        self._unchanged: list[str] = []
        """Unchanged outputs seen before the staging folder was made (linked when it is)."""
        self._changed: dict[str, bytes] = {}
        """Changed outputs, kept for ``finish`` when not atomic; in atomic mode, their paths."""
        self._tmp: Path | None = None
        self._spare = False
        """Staging in the site the last write replaced (``_tmp`` is the spare; see ``_start``)."""
        self._made: set[str] = set()
        self._count = 0
        self._lanes: list[ThreadPoolExecutor] = []
        self._lane_of: dict[str, ThreadPoolExecutor] = {}
        self._slots = threading.BoundedSemaphore(_IN_FLIGHT)
        self._error: OSError | None = None
        _LIVE.add(self)
        if target.is_symlink() or (target.exists() and not target.is_dir()):
            raise _fail(
                target,
                "output.foreign",
                f"{target} is not a folder; refusing to replace it",
                "remove it or choose another output folder",
            )
        self._held: list[str] | None = None
        """Every file of the current site, when the survey that refused foreign files
        listed them (else ``finish`` walks the site)."""
        if not replace_foreign:
            try:
                self._held = _check_foreign(target)
            except OSError as exc:
                raise _fail(
                    target, "output.write", f"cannot read the output folder: {exc}"
                ) from None
        wait_for_sweeps()
        if target.parent.is_dir():
            # A build killed while swapping may have left a staging folder behind.
            with contextlib.suppress(OSError):
                _remove_leftovers(target.parent)

    @property
    def paths(self) -> frozenset[str]:
        """The paths of the outputs added so far."""
        return frozenset(self._paths)

    def add(self, output: Output) -> None:
        """Take one output: checked, then linked, staged or kept (see the class)."""
        rel, data = output.path, output.data
        check_path(rel, self._paths)
        self._paths.add(rel)
        self._count += 1
        try:
            if data is None or (self._exists and _same(os.path.join(self._root, rel), data)):
                if self._tmp is None:
                    self._unchanged.append(rel)
                elif self._spare:
                    self._link(rel, data)  # mostly two lstat calls: quicker than a thread
                else:
                    self._submit(rel, lambda: self._link(rel, data))
                return
            if not self.atomic and self._exists:
                self._changed[rel] = data
                return
            if self._tmp is None:
                self._start()
            self._changed[rel] = b""
            # In a spare, this thread makes the folders, so no two threads touch one.
            dest = self._staged(rel) if self._spare else None
            self._submit(rel, lambda: self._write(rel, data, dest))
        except OSError as exc:
            raise self._failed(exc) from None

    def finish(self) -> WriteStats:
        """Write the manifest and put the new site in place; what the write did."""
        manifest = manifest_bytes(self._paths)
        try:
            self.add(Output(MANIFEST, manifest))
            if self._held is None:
                removed = _removed(self.target, self._paths)
            else:
                removed = sorted(rel for rel in self._held if rel not in self._paths)
        except OSError as exc:
            raise _fail(
                self.target, "output.write", f"cannot read the previous site: {exc}"
            ) from None
        written = len([rel for rel in self._changed if rel != MANIFEST])
        stats = WriteStats(
            written=written, unchanged=self._count - 1 - written, removed=len(removed)
        )
        if self._exists and not self._changed and not removed:
            return stats
        if not self.atomic and self._exists:
            try:
                _update_in_place(self._changed, removed, self.target)
            except OSError as exc:
                raise _fail(
                    self.target, "output.write", f"updating the site failed: {exc}"
                ) from None
            return stats
        try:
            if self._tmp is None:  # only files removed: stage the rest
                self._start()
            self._drain()
            assert self._tmp is not None
            if self._spare:
                _prune(self._tmp, self._paths)
            old = _swap(self._tmp, self.target)
            if old is not None:
                self._keep(old)
        except OSError as exc:
            raise self._failed(exc) from None
        self._tmp = None
        return stats

    def _keep(self, old: Path) -> None:
        """Keep ``old``, the site just replaced, as the spare, or remove it."""
        spare = spare_path(self.target)
        if old == spare:
            return
        try:
            if _usable_spare_folder(self.target, create=True) and not os.path.lexists(spare):
                old.rename(spare)
                return
        except OSError:
            pass
        _sweep(old)

    def abort(self) -> None:
        """Remove the staging folder, if any; the previous site is untouched."""
        for lane in self._lanes:
            lane.shutdown(wait=True, cancel_futures=True)
        self._lanes, self._lane_of = [], {}
        if self._tmp is not None:
            if not self._spare:  # a spare left half updated is checked file by file next time
                shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def _start(self) -> None:
        parent = self.target.parent
        spare = spare_path(self.target)
        try:
            use = self._exists and _usable_spare(self.target, spare)
        except OSError:
            use = False
        try:
            if use:
                tmp, self._spare = spare, True
            else:
                parent.mkdir(parents=True, exist_ok=True)
                tmp = parent / f"{_TMP_PREFIX}{self.target.name}-{os.getpid()}"
                shutil.rmtree(tmp, ignore_errors=True)
                tmp.mkdir()
        except OSError as exc:
            raise _fail(
                self.target, "output.write", f"cannot create the output folder: {exc}"
            ) from None
        self._tmp = tmp
        self._lanes = [ThreadPoolExecutor(max_workers=1) for _ in range(_THREADS)]
        for rel in self._unchanged:
            if self._spare:
                self._link(rel, None)
            else:
                self._submit(rel, lambda rel=rel: self._link(rel, None))  # type: ignore[misc]
        self._unchanged.clear()

    def _submit(self, rel: str, job: Callable[[], None]) -> None:
        """Run ``job`` (which creates ``rel``) on its top-level folder's thread."""
        if self._error is not None:
            raise self._error
        if not self._lanes:  # started again after a fork (see _quiet)
            self._lanes = [ThreadPoolExecutor(max_workers=1) for _ in range(_THREADS)]
        top = rel.split("/", 1)[0] if "/" in rel else ""
        lane = self._lane_of.get(top)
        if lane is None:
            lane = self._lane_of[top] = self._lanes[len(self._lane_of) % len(self._lanes)]
        self._slots.acquire()
        lane.submit(self._run, job)

    def _run(self, job: Callable[[], None]) -> None:
        try:
            job()
        except OSError as exc:
            if self._error is None:
                self._error = exc
        finally:
            self._slots.release()

    def _drain(self) -> None:
        """Wait for every file to be created; raise the first error."""
        self._quiet()
        if self._error is not None:
            raise self._error

    def _quiet(self) -> None:
        """Wait for the files queued so far and stop the threads (they start again at the
        next file): the render workers are forked, and a process forked while other threads
        run may inherit a lock one of them held."""
        for lane in self._lanes:
            lane.shutdown(wait=True)
        self._lanes, self._lane_of = [], {}

    def _staged(self, rel: str) -> str:
        """Where ``rel`` goes in the staging folder (its folder made). In a spare, anything
        on the way that is not a folder (a file, a link) is removed first."""
        assert self._tmp is not None
        folder = os.path.dirname(rel)
        if folder not in self._made:
            if self._spare:
                _clear_folders(str(self._tmp), folder)
            os.makedirs(os.path.join(self._tmp, folder), exist_ok=True)
            self._made.add(folder)
        return os.path.join(self._tmp, rel)

    def _write(self, rel: str, data: bytes, dest: str | None = None) -> None:
        """Write a changed output as a new file (never into a file another site shares);
        ``dest`` is its place when its folder is made already."""
        if dest is None:
            dest = self._staged(rel)
        if self._spare:
            _clear(dest)
        _write_new(dest, data)

    def _link(self, rel: str, data: bytes | None) -> None:
        """Link an unchanged output from the previous build (written when it cannot be);
        in a spare, a file that already is the current one is left as it is."""
        dest = self._staged(rel)
        source = os.path.join(self._root, rel)
        if self._spare:
            try:
                there, here = os.lstat(dest), os.lstat(source)
                if S_ISREG(there.st_mode) and (there.st_ino, there.st_dev) == (
                    here.st_ino,
                    here.st_dev,
                ):
                    return
            except OSError:
                pass
            _clear(dest)
        try:
            os.link(source, dest)
        except OSError:
            if data is None:
                raise
            _write_new(dest, data)

    def _failed(self, exc: OSError) -> CatalogError:
        self.abort()
        return _fail(
            self.target,
            "output.write",
            f"writing the site failed, the previous site is unchanged: {exc}",
        )


_THREADS = 4
_IN_FLIGHT = 256
_LIVE: weakref.WeakSet[SiteWriter] = weakref.WeakSet()
"""Writers that may have threads running, quieted before this process forks."""


def _quiet_before_fork() -> None:
    for writer in list(_LIVE):
        writer._quiet()
    wait_for_sweeps()


_SWEEPS: list[threading.Thread] = []
"""Threads removing sites that a build replaced (see ``_sweep``)."""


def _sweep(old: Path) -> None:
    """Remove ``old``, a site just replaced, on a thread: the new site is in place already,
    so the build goes on (saving its cache) while the old files go. Every build waits for
    the sweeps before it starts, and Python waits for them before it exits; a sweep cut
    short by a kill leaves a folder that the next build removes (``_remove_leftovers``)."""
    thread = threading.Thread(
        target=shutil.rmtree, args=(old,), kwargs={"ignore_errors": True}, name="credcat-sweep"
    )
    thread.start()
    _SWEEPS.append(thread)


def wait_for_sweeps() -> None:
    """Wait until the replaced sites are removed."""
    while _SWEEPS:
        _SWEEPS.pop().join()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_quiet_before_fork)


def _update_in_place(changed: dict[str, bytes], removed: list[str], target: Path) -> None:
    for rel, data in changed.items():
        dest = os.path.join(target, rel)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        tmp = f"{dest}.credcat-tmp"
        _write_new(tmp, data)
        os.replace(tmp, dest)
    for rel in removed:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(os.path.join(target, rel))
    # The folders a removed file leaves empty go too: the next build would refuse them as
    # folders credcat did not write (the manifest lists files, not folders).
    for folder in sorted({os.path.dirname(rel) for rel in removed}, key=len, reverse=True):
        while folder:
            try:
                os.rmdir(os.path.join(target, folder))
            except OSError:
                break  # not empty (or gone): its parents hold something too
            folder = os.path.dirname(folder)


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


def _usable_spare_folder(target: Path, *, create: bool = False) -> bool:
    """Whether the cache folder beside ``target`` is a real folder on ``target``'s file
    system (a spare must be renamed into place); ``create`` makes it if there is none."""
    folder = spare_path(target).parent
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        if not create:
            return False
        folder.mkdir()
        info = os.lstat(folder)
    return S_ISDIR(info.st_mode) and info.st_dev == os.lstat(target).st_dev


def _usable_spare(target: Path, spare: Path) -> bool:
    """Whether ``spare`` can be staged in: a real folder on ``target``'s file system (else
    whatever is there is removed)."""
    if not _usable_spare_folder(target):
        return False
    try:
        info = os.lstat(spare)
    except FileNotFoundError:
        return False
    if S_ISDIR(info.st_mode) and info.st_dev == os.lstat(target).st_dev:
        return True
    _clear(str(spare))
    return False


def _clear(path: str) -> None:
    """Remove whatever is at ``path`` (a link is removed, never followed)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if S_ISDIR(info.st_mode):
        shutil.rmtree(path)
    else:
        os.unlink(path)


def _clear_folders(root: str, folder: str) -> None:
    """Remove anything but a real folder on the way from ``root`` to ``root/folder``."""
    path = root
    for part in folder.split("/") if folder else ():
        path = os.path.join(path, part)
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            return  # makedirs creates the rest
        if not S_ISDIR(info.st_mode):
            os.unlink(path)
            return


def _prune(root: Path, files: Container[str]) -> None:
    """Remove from ``root`` (a spare staged in) what the new site does not hold, and the
    folders left empty: one walk, from the deepest folders up."""
    top = str(root)
    skip = len(top) + 1
    for dirpath, dirs, names in os.walk(top, topdown=False):
        base = dirpath[skip:]
        # A link to a folder is listed with the folders, and never followed.
        links = [d for d in dirs if os.path.islink(os.path.join(dirpath, d))]
        for name in [*names, *links]:
            if (f"{base}/{name}" if base else name) not in files:
                os.unlink(os.path.join(dirpath, name))
        # Every folder below this one was visited (and emptied) first: a folder that still
        # holds something is not removed.
        if dirpath != top:
            with contextlib.suppress(OSError):
                os.rmdir(dirpath)


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


def _removed(target: Path, files: Container[str]) -> list[str]:
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


def _swap(tmp: Path, target: Path) -> Path | None:
    """Put ``tmp`` in place of ``target``; where the replaced site is now (None: none was)."""
    if not target.exists():
        tmp.rename(target)
        return None
    if _exchange(tmp, target):
        return tmp
    old = target.parent / f"{_OLD_PREFIX}{target.name}-{os.getpid()}"
    target.rename(old)
    try:
        tmp.rename(target)
    except OSError:
        with contextlib.suppress(OSError):
            old.rename(target)
        raise
    return old
