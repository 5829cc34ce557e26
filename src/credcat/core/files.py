"""Read and write files only inside a folder: the catalog's, or a theme's.

Every file credcat reads from a catalog or theme (sources, published.lock, versions/,
images, translations, templates, static files, message catalogs) and every file
``credcat lock`` writes goes through here. A path whose real location (after following
symbolic links) leaves the folder, or that is not a regular file, is refused with a
``FileProblem``; the message never shows the link's target or its content. Links that stay
inside the folder are followed as usual.
"""

from __future__ import annotations

import os
from pathlib import Path
from stat import S_ISREG


class FileProblem(Exception):
    """Why a file was not read or written; ``str()`` completes "file 'x' ..."."""

    def __init__(self, kind: str, message: str, size: int = 0) -> None:
        super().__init__(message)
        self.kind = kind
        """missing, outside, not-file, too-large or unreadable."""
        self.size = size


def resolve_inside(root: Path, rel: str | Path, folder: str = "the catalog folder") -> Path:
    """The real path of ``root/rel``, which must exist inside ``root`` (named ``folder``)."""
    path = root / rel
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        if path.is_symlink() or not is_inside(root, path):
            raise FileProblem(
                "outside", f"is a symbolic link that leaves {folder} (or is broken)"
            ) from None
        raise FileProblem("missing", "not found") from None
    except (OSError, RuntimeError) as exc:
        raise FileProblem("unreadable", f"cannot be read ({_reason(exc)})") from None
    if not real.is_relative_to(root.resolve()):
        raise FileProblem("outside", f"is a symbolic link to a file outside {folder}")
    return real


def is_inside(root: Path, path: Path) -> bool:
    """Whether ``path``, its links followed as far as they exist, stays inside ``root``."""
    return path.resolve().is_relative_to(root.resolve())


def read_inside(
    root: Path, rel: str | Path, max_bytes: int | None = None, folder: str = "the catalog folder"
) -> bytes:
    """The bytes of the regular file ``root/rel``, which must stay inside ``root``."""
    real = resolve_inside(root, rel, folder)
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer (it is refused below).
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(real, flags)
    except OSError as exc:
        raise FileProblem("unreadable", f"cannot be read ({_reason(exc)})") from None
    stat = os.fstat(fd)
    if not S_ISREG(stat.st_mode):
        os.close(fd)
        raise FileProblem("not-file", "is not a regular file")
    if max_bytes is not None and stat.st_size > max_bytes:
        os.close(fd)
        raise FileProblem("too-large", "is too large", stat.st_size)
    with os.fdopen(fd, "rb") as handle:
        try:
            return handle.read()
        except OSError as exc:
            raise FileProblem("unreadable", f"cannot be read ({_reason(exc)})") from None


def check_writable(root: Path, path: Path) -> None:
    """Refuse to write ``path`` when it, or a folder on the way to it, leaves ``root``.

    A link at ``path`` itself is refused even when it points inside: writing through it
    would change another file than the one named.
    """
    if path.is_symlink():
        raise FileProblem("outside", "is a symbolic link; refusing to write through it")
    if not is_inside(root, path):
        raise FileProblem("outside", "is inside a folder that is a link out of the catalog")


def regular_files(folder: Path, root: Path) -> tuple[list[Path], list[Path]]:
    """Regular files below ``folder`` (sorted), and the entries refused: links that leave
    ``root`` and anything that is not a regular file or folder. Links are not descended."""
    kept: list[Path] = []
    refused: list[Path] = []
    for dirpath, dirs, names in os.walk(folder):
        base = Path(dirpath)
        for name in sorted(dirs):
            if (base / name).is_symlink():
                dirs.remove(name)
                refused.append(base / name)
        for name in names:
            path = base / name
            if path.is_symlink() and not is_inside(root, path):
                refused.append(path)
            elif path.is_file():
                kept.append(path)
            else:
                refused.append(path)
    return sorted(kept), sorted(refused)


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or type(exc).__name__
