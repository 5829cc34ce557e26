"""What ``credcat lock`` records: the new published.lock and the version files to preserve,
planned from a rendered site and then written (all of it, or nothing when a path is a link
out of the catalog)."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from credcat.check.keys import thumbprint as key_thumbprint
from credcat.core import urls
from credcat.core.diagnostics import CatalogError, Diagnostic, Location
from credcat.core.files import FileProblem, check_writable
from credcat.core.output import Output
from credcat.core.sources import display_path
from credcat.ledger.archive import GITATTRIBUTES, GITATTRIBUTES_TEXT, VERSIONS_DIR
from credcat.ledger.lockfile import LOCK_NAME, is_recorded, lock_text, url_path
from credcat.ledger.meaning import meaning
from credcat.ledger.permanence import Permanence, archive_bytes
from credcat.model.config import SiteConfig
from credcat.model.records import Credential, Issuer, Status


@dataclass(frozen=True, kw_only=True)
class LockPlan:
    """What ``credcat lock`` writes."""

    text: str
    """The new published.lock."""
    archives: Mapping[str, bytes]
    """versions/ path -> bytes, for new (or rebased) version files."""
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    """Recorded JSON documents whose bytes differ from the ledger."""


def plan_lock(
    config: SiteConfig,
    credentials: Mapping[str, Credential],
    issuers: Mapping[str, Issuer],
    permanence: Permanence,
    outputs: Iterable[Output],
    *,
    replace_archives: Mapping[str, bytes] = MappingProxyType({}),
) -> LockPlan:
    """The ledger for these outputs, and the version files still to preserve.

    ``replace_archives`` overwrites preserved versions (``--accept-breaking`` after a change
    of meaning without a version bump).
    """
    files = {o.path: o.data for o in outputs}
    published = [c for _, c in sorted(credentials.items()) if c.status is not Status.DRAFT]
    new_archives: dict[str, bytes] = {}
    stored = permanence.locked_base_url
    if stored and stored != config.base_url:
        for rel, archive in permanence.archives.items():
            new_archives[rel] = archive_bytes(permanence, archive, config.base_url)
    for cred in published:
        for rel in (
            urls.badge_class_version(cred.id, cred.version),
            urls.achievement_version(cred.id, cred.version),
        ):
            data = files.get(rel)
            if rel not in permanence.archives and data is not None:
                new_archives[rel] = data
    new_archives.update(replace_archives)
    hashes: dict[str, str | None] = {}
    for rel, data in files.items():
        if not is_recorded(rel):
            continue
        data = new_archives.get(rel, data)
        if rel.endswith(".json") and data is not None:
            hashes[url_path(rel)] = hashlib.sha256(data).hexdigest()
        else:
            hashes[url_path(rel)] = None
    text = lock_text(
        config.base_url,
        credentials=[
            (cid, cred.version, meaning(cred))
            for cred in published
            for cid in (cred.id, *cred.renamed_from)
        ],
        issuers=[iid for issuer in issuers.values() for iid in (issuer.id, *issuer.renamed_from)],
        keys=[
            (issuer.id, key.id, key_thumbprint(key))
            for issuer in issuers.values()
            for key in issuer.keys
        ],
        recorded=hashes,
    )
    old = permanence.ledger.urls if permanence.ledger else {}
    changed = tuple(
        u for u, h in sorted(hashes.items()) if u in old and h and old[u][0] and old[u][0] != h
    )
    return LockPlan(
        text=text,
        archives=MappingProxyType(new_archives),
        added=tuple(sorted(set(hashes) - set(old))),
        removed=tuple(sorted(set(old) - set(hashes))),
        changed=changed,
    )


def write_lock(root: Path, plan: LockPlan) -> list[str]:
    """Write published.lock and new version files; return what was written.

    Every path is checked first: when one of them, or a folder on the way, is a symbolic
    link out of the catalog, nothing is written (``CatalogError`` with ``path.outside``).
    """
    attributes = root / VERSIONS_DIR / GITATTRIBUTES
    lock = root / LOCK_NAME
    todo: list[tuple[Path, bytes]] = []
    if (plan.archives or attributes.parent.is_dir()) and not attributes.exists():
        todo.append((attributes, GITATTRIBUTES_TEXT))
    todo += [(root / VERSIONS_DIR / rel, data) for rel, data in sorted(plan.archives.items())]
    current = None
    if lock.is_file() and not lock.is_symlink():
        with contextlib.suppress(OSError, UnicodeDecodeError):
            current = lock.read_text(encoding="utf-8")
    if current != plan.text:
        todo.append((lock, plan.text.encode("utf-8")))
    problems = []
    for path, _ in todo:
        try:
            check_writable(root, path)
        except FileProblem as exc:
            problems.append(
                Diagnostic(
                    location=Location(path=display_path(path)),
                    code="path.outside",
                    message=f"not written: it {exc}",
                    hint="published.lock and versions/ are files of the catalog: replace the "
                    "link with a real file or folder",
                )
            )
    if problems:
        raise CatalogError(problems)
    written: list[str] = []
    for path, data in todo:
        path.parent.mkdir(parents=True, exist_ok=True)
        _replace_file(path, data)
        written.append(display_path(path))
    return written


def _replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file beside ``path`` (never through a link), then rename."""
    tmp = path.with_name(f".{path.name}.credcat-tmp")
    tmp.unlink(missing_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    with os.fdopen(os.open(tmp, flags, 0o644), "wb") as handle:
        handle.write(data)
    tmp.replace(path)
