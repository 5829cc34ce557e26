"""versions/: the preserved documents of every locked credential version.

``versions/`` beside catalog.yaml holds the exact bytes of every locked credential version
(``versions/badges/<id>/v<version>.json`` and ``versions/achievements/<id>/v<version>.json``),
published at the same path under the site. This module reads them (refusing links out of
the catalog and private keys) and rebases their ids onto another base URL.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from credcat.check.private_keys import VERSIONS_FOLDER, find_in_bytes, find_in_file
from credcat.core.diagnostics import Location, Report
from credcat.core.files import FileProblem, is_inside, read_inside, regular_files
from credcat.core.output import json_bytes
from credcat.core.sources import MAX_FILE_BYTES, display_path

VERSIONS_DIR = VERSIONS_FOLDER
ARCHIVE_PATH = re.compile(
    r"^(badges|achievements)/([a-z0-9]+(?:-[a-z0-9]+)*)/v([0-9]+(?:\.[0-9]+){0,2})\.json$"
)
"""A preserved version's path below versions/ (and under the site): kind, id, version."""
GITATTRIBUTES = Path(".gitattributes")
"""Below versions/: tells git to keep the preserved bytes as they are."""
GITATTRIBUTES_TEXT = (
    b"# Preserved versions are published byte for byte: git must not convert line ends.\n* -text\n"
)


@dataclass(frozen=True, kw_only=True)
class Archive:
    """One preserved version document from versions/."""

    path: str
    """Site path, e.g. badges/data-101/v1.0.json."""
    kind: str
    """'badges' or 'achievements'."""
    id: str
    version: str
    data: bytes
    display: str


def read_archives(root: Path, report: Report) -> dict[str, Archive]:
    """Read every preserved version document below versions/."""
    base = root / VERSIONS_DIR
    archives: dict[str, Archive] = {}
    if not base.is_dir():
        return archives
    outside = "this symbolic link points outside the catalog folder"
    restore = "preserved versions are files of the catalog: restore them from git"
    if not is_inside(root, base):
        report.error(Location(path=display_path(base)), "path.outside", outside, restore)
        return archives
    files, refused = regular_files(base, root)
    for path in refused:
        if path.is_symlink():
            report.error(Location(path=display_path(path)), "path.outside", outside, restore)
    for path in files:
        rel = path.relative_to(base).as_posix()
        if rel == GITATTRIBUTES.name:
            continue
        display = display_path(path)
        match = ARCHIVE_PATH.match(rel)
        if match is None and (secrets := find_in_file(path, display)):
            report.extend(secrets)  # not published, but a private key has no place here
            continue
        if match is None:
            report.warning(
                Location(path=display),
                "source.ignored",
                f"{VERSIONS_DIR}/{rel} is ignored: only credcat's version files belong here",
                "versions/ holds badges/<id>/v<version>.json and "
                "achievements/<id>/v<version>.json, written by `credcat lock`",
            )
            continue
        try:
            data = read_inside(root, path.relative_to(root), MAX_FILE_BYTES)
            json.loads(data)
            secrets = find_in_bytes(data, display, path.name)
        except (FileProblem, OSError, ValueError) as exc:
            report.error(
                Location(path=display),
                "ledger.archive-changed",
                f"cannot read this preserved version: {exc}",
                "restore it from git: published versions never change",
            )
            continue
        if secrets:
            report.extend(secrets)
            continue
        archives[rel] = Archive(
            path=rel,
            kind=match.group(1),
            id=match.group(2),
            version=match.group(3),
            data=data,
            display=display,
        )
    return archives


def rebased(archive: Archive, old_base: str | None, new_base: str) -> bytes:
    """An archive's bytes with its ids moved from ``old_base`` (the base URL they were
    locked under) to ``new_base``: verbatim when there is nothing to move."""
    if not old_base or old_base == new_base:
        return archive.data
    return json_bytes(_rebase(json.loads(archive.data), old_base, new_base))


def _rebase(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return new + value[len(old) :] if value.startswith(old) else value
    if isinstance(value, list):
        return [_rebase(v, old, new) for v in value]
    if isinstance(value, dict):
        return {k: _rebase(v, old, new) for k, v in value.items()}
    return value
