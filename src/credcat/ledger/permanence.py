"""Permanent URLs: the catalog checked against what it has published, before anything is
written.

``load_permanence`` reads published.lock (``lockfile.py``) and versions/ (``archive.py``)
into a ``Permanence`` value, which the build renders version histories and preserved
documents from, and checks the catalog against them: a recorded URL that would disappear, a
published version whose meaning (``meaning.py``) changes without a version bump, a moved
base URL, a published key removed or replaced, or an edited archive is an error located at
the file to fix, with a hint saying how to do it right. Renames (``renamed_from``) and
supersession (``superseded_by``) are checked here too, and the CNAME file (the custom
domain the permanent URLs are served at) is read with them.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlsplit

from credcat.check.keys import thumbprint as key_thumbprint
from credcat.core import urls
from credcat.core.diagnostics import Diagnostic, Location, Report, Severity
from credcat.core.files import FileProblem, read_inside
from credcat.core.sources import SourceDoc, display_path
from credcat.ledger.archive import ARCHIVE_PATH, VERSIONS_DIR, Archive, read_archives, rebased
from credcat.ledger.lockfile import LOCK_NAME, MAX_LOCK_BYTES, Ledger, read_ledger, url_path
from credcat.ledger.meaning import (
    FIELD_LABEL,
    FIELD_POINTER,
    changed_parts,
    documented_meaning,
    meaning,
    next_version,
    version_key,
    version_value,
)
from credcat.model.config import SiteConfig
from credcat.model.records import Credential, Issuer, Status

_VERSION_URLS: tuple[Callable[[str, str], str], ...] = (
    urls.badge_class_version,
    urls.achievement_version,
)
"""The site paths of one version's documents (BadgeClass, Achievement), as archived."""


@dataclass(frozen=True, kw_only=True)
class VersionEntry:
    """One row of a credential's version history."""

    version: str
    current: bool
    badge: str
    """Site path of this version's BadgeClass."""
    achievement: str
    date: str | None = None
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Permanence:
    """The ledger and version archives of a catalog, as the build uses them."""

    ledger: Ledger | None = None
    archives: Mapping[str, Archive] = field(default_factory=lambda: MappingProxyType({}))
    preview: bool = False
    """Built with --base-url: the base URL check does not apply."""
    digest: str = ""
    """Hash of the ledger and archives (the build cache key of the preserved versions)."""
    cname: bytes | None = None
    """The catalog's CNAME file (a custom domain on GitHub Pages), published at the root."""
    by_id: Mapping[str, tuple[Archive, ...]] = field(default_factory=lambda: MappingProxyType({}))
    """Credential id -> its preserved documents."""

    @property
    def locked_base_url(self) -> str | None:
        """The base URL the preserved documents' ids were locked under, if any."""
        return self.ledger.base_url if self.ledger else None

    def key(self, cred: Credential) -> str:
        """What a credential's own outputs take from here (part of its render key)."""
        ids = (cred.id, *cred.renamed_from)
        return ",".join(a.path for cid in ids for a in self.by_id.get(cid, ()))

    def history(self, cred: Credential) -> list[VersionEntry]:
        """Every version of ``cred``, newest first (archived ones and the current one)."""
        notes = {c.version: c for c in cred.changes}
        found: dict[str, dict[str, str]] = {}
        for cid in (*cred.renamed_from, cred.id):  # the credential's own id wins
            for archive in self.by_id.get(cid, ()):
                found.setdefault(archive.version, {})[archive.kind] = archive.path
        found.setdefault(cred.version, {})
        entries = []
        for version, paths in found.items():
            current = version == cred.version
            note = notes.get(version)
            entries.append(
                VersionEntry(
                    version=version,
                    current=current,
                    badge=urls.badge_class_version(cred.id, version)
                    if current
                    else paths.get("badges", urls.badge_class_version(cred.id, version)),
                    achievement=urls.achievement_version(cred.id, version)
                    if current
                    else paths.get("achievements", urls.achievement_version(cred.id, version)),
                    date=note.date if note else None,
                    note=note.note if note else None,
                )
            )
        return sorted(entries, key=lambda e: version_key(e.version), reverse=True)

    def earlier(self, cred: Credential) -> list[VersionEntry]:
        """Versions of ``cred`` before the current one, newest first."""
        return [e for e in self.history(cred) if not e.current and e.badge in self.archives]


def load_permanence(
    root: Path,
    config: SiteConfig | None,
    catalog_doc: SourceDoc | None,
    credentials: Mapping[str, Credential],
    issuers: Mapping[str, Issuer],
    docs: Mapping[str, SourceDoc],
    issuer_docs: Mapping[str, SourceDoc],
    report: Report,
    *,
    preview: bool,
    check: bool = True,
) -> Permanence:
    """Read the ledger and archives and check the catalog against them."""
    ledger = read_ledger(root, report)
    archives = read_archives(root, report)
    digest = hashlib.sha256()
    if ledger is not None:
        with contextlib.suppress(FileProblem):
            digest.update(read_inside(root, LOCK_NAME, MAX_LOCK_BYTES))
    for rel, archive in sorted(archives.items()):
        digest.update(f"{rel}\0".encode() + archive.data + b"\0")
    permanence = Permanence(
        ledger=ledger,
        archives=MappingProxyType(archives),
        preview=preview,
        digest=digest.hexdigest()[:16],
        cname=_read_cname(root, config, report),
        by_id=MappingProxyType(_index(archives.values())),
    )
    report.extend(_check_references(credentials, issuers, docs, issuer_docs))
    if check and ledger is not None and config is not None and not report.errors:
        report.extend(
            _check_ledger(permanence, ledger, config, catalog_doc, credentials, issuers, docs)
        )
        report.extend(_check_keys(ledger, issuers, issuer_docs))
    if check and not report.errors:
        report.extend(check_version_order(permanence, credentials, docs))
    return permanence


def check_version_order(
    permanence: Permanence, credentials: Mapping[str, Credential], docs: Mapping[str, SourceDoc]
) -> Iterable[Diagnostic]:
    """Published versions of each credential (the lock file's and the preserved ones) may
    not be written two ways ("1.0" and "1.00"), nor may the current version go below them."""
    ledger = permanence.ledger
    for cid, cred in sorted(credentials.items()):
        published: dict[str, tuple[str, Location]] = {}  # version -> where it was published
        for old in (cid, *cred.renamed_from):
            rec = ledger.credentials.get(old) if ledger else None
            if rec is not None and ledger is not None:
                where = (f"{LOCK_NAME} line {rec.line}", ledger.at(rec.line))
                published.setdefault(rec.version, where)
            for archive in permanence.by_id.get(old, ()):
                where = (f"{VERSIONS_DIR}/{archive.path}", Location(path=archive.display))
                published.setdefault(archive.version, where)
        by_value: dict[tuple[int, ...], str] = {}
        for version in sorted(published, key=version_key):
            other = by_value.setdefault(version_value(version), version)
            if other != version:
                yield _error(
                    published[version][1],
                    "ledger.version-alias",
                    f"versions {other} and {version} of '{cid}' are the same number written "
                    f"two ways ({published[other][0]}, {published[version][0]})",
                    "restore the lock file and versions/ from git; a version keeps the text "
                    "it was published with",
                )
        current = version_value(cred.version)
        same = by_value.get(current)
        if same is not None and same != cred.version:
            yield _error(
                doc_location(docs, cid),
                "ledger.version-alias",
                f"version {cred.version} of '{cid}' is version {same}, already published as "
                f"{same} ({published[same][0]}): one version would get two URLs",
                f'write version: "{same}", or choose a new number',
            )
        newest = max(by_value, default=())
        if by_value and current < newest:
            shown = by_value[newest]
            yield _error(
                doc_location(docs, cid),
                "ledger.version-backwards",
                f"version {cred.version} of '{cid}' is lower than version {shown}, already "
                f"published ({published[shown][0]})",
                f'versions only go up: choose one above {shown}, e.g. "{next_version(shown)}"',
            )


def doc_location(docs: Mapping[str, SourceDoc], cid: str) -> Location:
    """Where a credential's version is written."""
    return docs[cid].locate("/version")


def _index(archives: Iterable[Archive]) -> dict[str, tuple[Archive, ...]]:
    index: dict[str, list[Archive]] = {}
    for archive in archives:
        index.setdefault(archive.id, []).append(archive)
    return {k: tuple(v) for k, v in index.items()}


_HOST = re.compile(r"^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}$")


def _read_cname(root: Path, config: SiteConfig | None, report: Report) -> bytes | None:
    """CNAME beside catalog.yaml: one host name, which should be the host of base_url."""
    path = root / "CNAME"
    if not path.is_file() and not path.is_symlink():
        return None
    where = Location(path=display_path(path))
    try:
        text = read_inside(root, "CNAME", 1024).decode("utf-8")
    except FileProblem as exc:
        if exc.kind == "outside":
            report.error(where, "path.outside", f"CNAME {exc}; it is not read")
            return None
        text = ""
    except UnicodeDecodeError:
        text = ""
    host = text.strip()
    if not _HOST.match(host):
        report.error(
            where,
            "config.cname",
            "CNAME must hold one host name, e.g. credentials.example.org",
            "GitHub Pages reads the custom domain from this file",
        )
        return None
    served = urlsplit(config.hosted_url or config.base_url).hostname if config else host
    if served != host:
        report.error(
            where,
            "config.cname",
            f"CNAME names {host}, but the site is published at {served}",
            "set base_url to the custom domain (https://" + host + "/), or remove CNAME",
        )
        return None
    return (host + "\n").encode()


# -- checks --------------------------------------------------------------------------------


def _check_references(
    credentials: Mapping[str, Credential],
    issuers: Mapping[str, Issuer],
    docs: Mapping[str, SourceDoc],
    issuer_docs: Mapping[str, SourceDoc],
) -> Iterable[Diagnostic]:
    """renamed_from must not clash with a live id or another rename; superseded_by is valid."""
    groups: list[tuple[str, Mapping[str, Credential | Issuer], Mapping[str, SourceDoc]]] = [
        ("credential", credentials, docs),
        ("issuer", issuers, issuer_docs),
    ]
    for kind, items, sources in groups:
        claimed: dict[str, str] = {}
        for ident, item in sorted(items.items()):
            for index, old in enumerate(item.renamed_from):
                where = sources[ident].locate(f"/renamed_from/{index}")
                if old in items:
                    yield _error(
                        where,
                        "rename.conflict",
                        f"'{old}' is the id of another {kind}; it cannot also be an earlier id of "
                        f"'{ident}'",
                        f"remove '{old}' from renamed_from: that id is still published as its own "
                        f"{kind}",
                    )
                elif old in claimed:
                    yield _error(
                        where,
                        "rename.conflict",
                        f"'{old}' is already listed as an earlier id of '{claimed[old]}'",
                        "an old id can redirect to one place only; keep it in one file",
                    )
                else:
                    claimed[old] = ident
    for ident, cred in sorted(credentials.items()):
        target = cred.superseded_by
        if target is None:
            continue
        where = docs[ident].locate("/superseded_by")
        if target == ident:
            yield _error(where, "graph.self", "a credential cannot supersede itself")
        elif target not in credentials:
            yield _error(
                where,
                "ref.unknown",
                f"superseded_by names '{target}', but there is no credentials/{target}.md",
                "give the id of the credential that replaces this one",
            )
        elif credentials[target].status is not Status.ACTIVE:
            yield _error(
                where,
                "ref.superseded",
                f"'{target}' is {credentials[target].status.value}: learners cannot take it "
                "instead",
                "supersede with a credential that is offered (status: active)",
            )
        elif cred.status is not Status.RETIRED:
            yield _error(
                docs[ident].locate("/status") if "status" in _keys(docs[ident]) else where,
                "ref.superseded",
                f"'{ident}' is superseded by '{target}' but is still {cred.status.value}",
                "set status: retired; its page and JSON stay published and say what replaces it",
            )


def _keys(doc: SourceDoc) -> set[str]:
    return {p.split("/")[1] for p in doc.parsed.values if p.count("/") >= 1 and p != ""}


def _check_ledger(
    permanence: Permanence,
    ledger: Ledger,
    config: SiteConfig,
    catalog_doc: SourceDoc | None,
    credentials: Mapping[str, Credential],
    issuers: Mapping[str, Issuer],
    docs: Mapping[str, SourceDoc],
) -> Iterable[Diagnostic]:
    if ledger.base_url and ledger.base_url != config.base_url and not permanence.preview:
        where = catalog_doc.locate("/base_url") if catalog_doc else Location(path=ledger.display)
        yield _error(
            where,
            "ledger.base-url-moved",
            f"base_url moved from {ledger.base_url} to {config.base_url}: every badge already "
            f"issued points at {ledger.base_url} and would stop verifying",
            f"keep the old ids with `canonical_base_url: {ledger.base_url}` in catalog.yaml "
            "(the old address must keep serving or redirecting), or put base_url back; if no "
            "badge was ever issued, accept the move with `credcat lock --accept-breaking`",
        )
    alias_of = {old: c.id for c in credentials.values() for old in c.renamed_from}
    for cid, rec in sorted(ledger.credentials.items()):
        current_id = cid if cid in credentials else alias_of.get(cid)
        if current_id is None:
            yield _error(
                ledger.at(rec.line),
                "ledger.url-removed",
                f"credential '{cid}' was published (credentials/{cid}/, badges/{cid}.json, "
                f"achievements/{cid}.json) but credentials/{cid}.md is gone; badges already "
                "awarded point at these URLs",
                f"restore credentials/{cid}.md and set `status: retired` (with "
                "`superseded_by: NEW-ID` if another credential replaces it); if you renamed "
                f"the file, add `renamed_from: [{cid}]` to the renamed one",
            )
            continue
        cred = credentials[current_id]
        doc = docs[current_id]
        if cred.status is Status.DRAFT:
            yield _error(
                doc.locate("/status"),
                "ledger.url-removed",
                f"'{current_id}' was published; making it a draft would take its URLs offline",
                "use `status: retired` to stop offering it: its URLs stay alive",
            )
            continue
        if cred.version == rec.version:
            locked = urls.badge_class_version(cid, cred.version)
            now = meaning(cred)
            old_issuer = rec.meaning.get("issuer")
            if old_issuer and _issuer_renamed_from(issuers, cred, old_issuer):
                now["issuer"] = old_issuer
            changed = changed_parts(now, rec.meaning)
            if changed:
                labels = " and ".join(FIELD_LABEL[f] for f in changed)
                yield _error(
                    doc.locate(FIELD_POINTER[changed[0]]),
                    "ledger.meaning-changed",
                    f"the {labels} of '{current_id}' changed, but version {cred.version} was "
                    "already published with the old one: badges awarded for it would change "
                    "meaning",
                    f'bump the version (e.g. version: "{next_version(cred.version)}"), '
                    "describe the change under `changes:` and run `credcat lock`; version "
                    f"{cred.version} stays published at {locked}. "
                    "Or undo the change",
                )
        else:
            for version_url in _VERSION_URLS:
                path = version_url(cid, rec.version)
                # A renamed credential's earlier versions are preserved under the id they were
                # published with: any of its ids will do.
                kept = (version_url(i, rec.version) for i in (cred.id, *cred.renamed_from))
                if not any(k in permanence.archives for k in (path, *kept)):
                    yield _error(
                        doc.locate("/version"),
                        "ledger.version-missing",
                        f"version {rec.version} of '{cid}' was published, but its preserved "
                        f"copy {VERSIONS_DIR}/{path} is missing",
                        f"restore {VERSIONS_DIR}/{path} from git, or set version back to "
                        f'"{rec.version}"',
                    )
                    break
            if cred.version not in {c.version for c in cred.changes}:
                yield Diagnostic(
                    location=doc.locate("/version"),
                    code="ledger.change-note",
                    message=f"version {cred.version} of '{current_id}' has no entry under "
                    "`changes`: the version history on its page will not say what changed",
                    severity=Severity.WARNING,
                    hint=f'add `changes: [{{version: "{cred.version}", date: YYYY-MM-DD, '
                    'note: "What changed"}]`',
                )
            reused = _preserved_meaning(permanence, cred, issuers)
            if reused is not None and reused != meaning(cred):
                yield _error(
                    doc.locate("/version"),
                    "ledger.meaning-changed",
                    f"version {cred.version} of '{current_id}' was already published with "
                    "another definition, which stays at its own URL",
                    f"choose a version number that was never used (e.g. "
                    f'"{next_version(rec.version)}")',
                )
    issuer_alias = {old: i.id for i in issuers.values() for old in i.renamed_from}
    for iid, rec in sorted(ledger.issuers.items()):
        if iid not in issuers and iid not in issuer_alias:
            yield _error(
                ledger.at(rec.line),
                "ledger.url-removed",
                f"issuer '{iid}' was published (issuers/{iid}/, issuers/{iid}.json) but "
                f"issuers/{iid}.yaml is gone; every badge it issued names that Profile",
                f"restore issuers/{iid}.yaml; if you renamed it, add `renamed_from: [{iid}]` "
                "to the renamed issuer file",
            )
    for url, (sha, line) in sorted(ledger.urls.items()):
        rel = url.removeprefix("/")
        if ARCHIVE_PATH.match(rel) is None:
            continue
        archive = permanence.archives.get(rel)
        if archive is None:
            yield _error(
                ledger.at(line),
                "ledger.url-removed",
                f"{url} was published but {VERSIONS_DIR}/{rel} is gone",
                f"restore {VERSIONS_DIR}/{rel} from git: published versions stay online",
            )
        elif sha and hashlib.sha256(archive.data).hexdigest() != sha:
            yield _error(
                Location(path=archive.display),
                "ledger.archive-changed",
                f"this preserved version was published as {url} and has been edited since",
                "restore it from git: a published version never changes; to change the "
                "credential, bump its version instead",
            )


def _check_keys(
    ledger: Ledger, issuers: Mapping[str, Issuer], issuer_docs: Mapping[str, SourceDoc]
) -> Iterable[Diagnostic]:
    """A published key stays listed (retired, perhaps) with the same public key."""
    alias = {old: i.id for i in issuers.values() for old in i.renamed_from}
    for (iid, kid), (recorded, line) in sorted(ledger.keys.items()):
        current = iid if iid in issuers else alias.get(iid)
        if current is None:
            continue  # the issuer itself is gone: reported above
        issuer, doc = issuers[current], issuer_docs[current]
        key = next((k for k in issuer.keys if k.id == kid), None)
        if key is None:
            yield _error(
                doc.locate("/keys") if issuer.keys else doc.locate(),
                "ledger.key-removed",
                f"key '{kid}' of issuer '{iid}' was published (recorded on line {line} of "
                f"{LOCK_NAME}) and is gone: credentials signed with it could no longer be "
                "checked",
                "put the key back under `keys:` and add `retired: YYYY-MM-DD` to stop "
                "using it; a published key is retired, never removed",
            )
        elif key_thumbprint(key) != recorded:
            yield _error(
                doc.locate(f"{key.pointer}/x"),
                "ledger.key-changed",
                f"key '{kid}' of issuer '{iid}' was published with another public key: "
                "credentials signed with the published one could no longer be checked",
                "restore the published key from git and retire it (`retired: YYYY-MM-DD`); "
                "give the new key an id of its own",
            )


def _issuer_renamed_from(issuers: Mapping[str, Issuer], cred: Credential, old: str) -> bool:
    """Whether ``old`` is an earlier id of the credential's issuer."""
    issuer = issuers.get(cred.issuer)
    return issuer is not None and old in issuer.renamed_from


def _preserved_meaning(
    permanence: Permanence, cred: Credential, issuers: Mapping[str, Issuer]
) -> dict[str, str] | None:
    """The meaning of the preserved documents of ``cred``'s current version, if any."""
    for cid in (cred.id, *cred.renamed_from):
        badge = permanence.archives.get(urls.badge_class_version(cid, cred.version))
        achievement = permanence.archives.get(urls.achievement_version(cid, cred.version))
        if badge is None or achievement is None:
            continue
        found = documented_meaning(badge.data, achievement.data)
        if found is not None and _issuer_renamed_from(issuers, cred, found["issuer"]):
            found["issuer"] = cred.issuer
        return found
    return None


def check_outputs(permanence: Permanence, paths: Iterable[str]) -> list[Diagnostic]:
    """Every recorded URL must still be among the files to publish (their site paths)."""
    ledger = permanence.ledger
    if ledger is None:
        return []
    served = {url_path(p) for p in paths}
    return [
        _error(
            ledger.at(line),
            "ledger.url-removed",
            f"{url} was published but this build would not publish it any more",
            "keep the credential or issuer that published it (retire instead of deleting, "
            "or list its old id under renamed_from)",
        )
        for url, (_sha, line) in sorted(ledger.urls.items())
        if url not in served
    ]


def _error(where: Location, code: str, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(location=where, code=code, message=message, hint=hint)


# -- publishing ----------------------------------------------------------------------------


def archive_bytes(permanence: Permanence, archive: Archive, base_url: str) -> bytes:
    """An archive's bytes as published: verbatim, or with its ids moved to ``base_url``.

    Archives hold the ids of the base URL recorded in the ledger; a preview build with
    ``--base-url`` (or an accepted move) gets the same document under its own base.
    """
    return rebased(archive, permanence.locked_base_url, base_url)


def renamed(cred: Credential, old_id: str) -> Credential:
    """The credential as published under an earlier id (for the old id's JSON copies)."""
    return replace(cred, id=old_id)


def issuer_renamed(issuer: Issuer, old_id: str) -> Issuer:
    """The issuer as published under an earlier id."""
    return replace(issuer, id=old_id)
