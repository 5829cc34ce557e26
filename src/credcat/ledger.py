"""Permanent URLs: the ledger of published URLs, version archives, renames and supersession.

``published.lock`` beside catalog.yaml lists, one sorted line each, every public URL the
catalog has published (with the SHA-256 of each JSON document), what each published
credential version means (hashes of its name, criteria, alignments; its issuer and type),
the thumbprint of every signing key an issuer published, and the base URL ids were built
on. ``versions/`` beside it holds the exact bytes of every
locked credential version (``versions/badges/<id>/v<version>.json`` and
``versions/achievements/<id>/v<version>.json``), published at the same path under the site.

Checks run before anything is written: a recorded URL that would disappear, a published
version whose meaning changes without a version bump, a moved base URL or an edited
archive is an error located at the file to fix, with a hint saying how to do it right.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from credcat import urls
from credcat.config import SiteConfig
from credcat.diagnostics import CatalogError, Diagnostic, Location, Report, Severity
from credcat.files import FileProblem, check_writable, is_inside, read_inside, regular_files
from credcat.keys import thumbprint as key_thumbprint
from credcat.model import Credential, Issuer, Status
from credcat.output import Output, json_bytes
from credcat.private_keys import VERSIONS_FOLDER, find_in_bytes, find_in_file
from credcat.sources import MAX_FILE_BYTES, SourceDoc, display_path

LOCK_NAME = "published.lock"
MAX_LOCK_BYTES = 64 * 1024 * 1024
"""Largest published.lock read (about 200 bytes a URL)."""
VERSIONS_DIR = VERSIONS_FOLDER
_HEADER = (
    "# credcat published.lock: every public URL this catalog has published.\n"
    "# Written by `credcat lock`; commit it with the catalog and never edit it by hand.\n"
    "# `credcat build` and `credcat check` refuse changes that would break these URLs.\n"
)
_ARCHIVE = re.compile(
    r"^(badges|achievements)/([a-z0-9]+(?:-[a-z0-9]+)*)/v([0-9]+(?:\.[0-9]+){0,2})\.json$"
)
MEANING_FIELDS = ("name", "criteria", "issuer", "alignment", "type")
_FIELD_LABEL = {
    "name": "title",
    "criteria": "criteria",
    "issuer": "issuer",
    "alignment": "skills (alignments)",
    "type": "type (achievementType)",
}
_FIELD_POINTER = {
    "name": "/title",
    "criteria": "/criteria",
    "issuer": "/issuer",
    "alignment": "/skills",
    "type": "/type",
}


@dataclass(frozen=True, kw_only=True)
class Recorded:
    """A credential or issuer named in the ledger."""

    id: str
    line: int
    version: str = ""
    meaning: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Ledger:
    """The contents of published.lock."""

    display: str
    """The lock file's path as shown in diagnostics."""
    base_url: str | None = None
    base_line: int = 1
    credentials: Mapping[str, Recorded] = field(default_factory=dict)
    issuers: Mapping[str, Recorded] = field(default_factory=dict)
    keys: Mapping[tuple[str, str], tuple[str, int]] = field(default_factory=dict)
    """(issuer id, key id) -> (RFC 7638 thumbprint, line): every published signing key."""
    urls: Mapping[str, tuple[str | None, int]] = field(default_factory=dict)
    """URL path relative to the base, e.g. '/badges/x.json' -> (sha256 or None, line)."""

    def at(self, line: int) -> Location:
        """A line of the lock file."""
        return Location(path=self.display, line=line, col=1)


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


def version_key(version: str) -> tuple[int, ...]:
    """Order versions numerically: 1.10 after 1.9."""
    return tuple(int(p) for p in version.split(".") if p.isdigit())


def _short(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def meaning(cred: Credential) -> dict[str, str]:
    """What a BadgeClass/Achievement means: changing any of these needs a version bump."""
    skills = [[s.name, s.url, s.framework or "", s.code or ""] for s in cred.skills]
    return {
        "name": _short(cred.title.strip()),
        "criteria": _short(cred.criteria.strip()),
        "issuer": cred.issuer,
        "alignment": _short(json.dumps(skills, ensure_ascii=False)),
        "type": cred.achievement_type,
    }


def url_path(output_path: str) -> str:
    """The URL path (from the base, with a leading '/') an output file is served at."""
    if output_path == "index.html":
        return "/"
    if output_path.endswith("/index.html"):
        return "/" + output_path.removesuffix("index.html")
    return "/" + output_path


_LANGUAGE_FOLDER = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*/")
"""A language's folder of pages in a multilingual catalog (``ms/credentials/...``)."""


def is_recorded(output_path: str) -> bool:
    """Whether the ledger keeps this output's URL alive (in every language of the catalog):
    the outputs of the URL functions marked ``urls.permanent``."""
    rules = urls.recorded()
    if output_path.startswith(rules.prefixes) or output_path in rules.files:
        return True
    match = _LANGUAGE_FOLDER.match(output_path)
    if match is None:
        return False
    page = output_path[match.end() :]
    return page.startswith(rules.page_prefixes) or page in rules.page_files


# -- reading -------------------------------------------------------------------------------


def read_ledger(root: Path, report: Report) -> Ledger | None:
    """Parse published.lock; None when the catalog has none yet."""
    path = root / LOCK_NAME
    if not path.is_file() and not path.is_symlink():
        return None
    display = display_path(path)
    try:
        text = read_inside(root, LOCK_NAME, MAX_LOCK_BYTES).decode("utf-8")
    except FileProblem as exc:
        code = "path.outside" if exc.kind == "outside" else "ledger.syntax"
        report.error(
            Location(path=display),
            code,
            f"{LOCK_NAME} {exc}; it is not read",
            "published.lock is a file of the catalog: restore it from git",
        )
        return None
    except UnicodeDecodeError as exc:
        report.error(Location(path=display), "ledger.syntax", f"cannot read {LOCK_NAME}: {exc}")
        return None
    base_url: str | None = None
    base_line = 1
    credentials: dict[str, Recorded] = {}
    issuers: dict[str, Recorded] = {}
    recorded: dict[str, tuple[str | None, int]] = {}
    keys: dict[tuple[str, str], tuple[str, int]] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        kind, *rest = line.split()
        pairs = dict(p.split("=", 1) for p in rest[1:] if "=" in p)
        ok = bool(rest)
        if kind == "base_url" and len(rest) == 1:
            if base_url is not None and base_url != rest[0]:
                report.add(_conflict(display, number, base_line, "base_url", line))
                continue
            base_url, base_line = rest[0], number
        elif kind == "credential" and ok and {"version", *MEANING_FIELDS} <= pairs.keys():
            meaning_ = {k: pairs[k] for k in MEANING_FIELDS}
            entry = Recorded(id=rest[0], line=number, version=pairs["version"], meaning=meaning_)
            first = credentials.get(rest[0])
            if first is not None and (first.version, first.meaning) != (entry.version, meaning_):
                report.add(_conflict(display, number, first.line, f"credential {rest[0]}", line))
                continue
            credentials.setdefault(rest[0], entry)
        elif kind == "issuer" and len(rest) == 1:
            issuers.setdefault(rest[0], Recorded(id=rest[0], line=number))
        elif kind == "key" and len(rest) == 3 and rest[2].startswith("thumbprint="):
            keys[(rest[0], rest[1])] = (rest[2].removeprefix("thumbprint="), number)
        elif kind == "url" and rest and rest[0].startswith("/") and len(rest) <= 2:
            sha = rest[1] if len(rest) == 2 else None
            seen = recorded.get(rest[0])
            if seen is not None and seen[0] != sha:
                report.add(_conflict(display, number, seen[1], rest[0], line))
                continue
            recorded.setdefault(rest[0], (sha, number))
        else:
            report.error(
                Location(path=display, line=number),
                "ledger.syntax",
                f"cannot read this line of {LOCK_NAME}: {line[:80]!r}",
                "restore the file from git (it is written by `credcat lock`, never by hand)",
            )
    return Ledger(
        display=display,
        base_url=base_url,
        base_line=base_line,
        credentials=credentials,
        issuers=issuers,
        keys=keys,
        urls=recorded,
    )


def _conflict(display: str, line: int, first: int, what: str, text: str) -> Diagnostic:
    return _error(
        Location(path=display, line=line),
        "ledger.conflict",
        f"{LOCK_NAME} records {what} twice, differently (first on line {first}): {text[:80]!r}",
        "two branches locked different states: restore the file from the main branch and "
        "run `credcat lock` again",
    )


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
        if rel == _GITATTRIBUTES.name:
            continue
        display = display_path(path)
        match = _ARCHIVE.match(rel)
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


def version_value(version: str) -> tuple[int, ...]:
    """What a version number means: 1, 1.0 and 1.00 are the same version."""
    parts = [int(p) for p in version.split(".") if p.isdigit()]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


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
                f'versions only go up: choose one above {shown}, e.g. "{_next_version(shown)}"',
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
            now = meaning(cred)
            old_issuer = rec.meaning.get("issuer")
            if old_issuer and old_issuer in issuers.get(cred.issuer, _NO_ISSUER).renamed_from:
                now["issuer"] = old_issuer
            changed = [f for f in MEANING_FIELDS if now[f] != rec.meaning.get(f)]
            if changed:
                labels = " and ".join(_FIELD_LABEL[f] for f in changed)
                yield _error(
                    doc.locate(_FIELD_POINTER[changed[0]]),
                    "ledger.meaning-changed",
                    f"the {labels} of '{current_id}' changed, but version {cred.version} was "
                    "already published with the old one: badges awarded for it would change "
                    "meaning",
                    f'bump the version (e.g. version: "{_next_version(cred.version)}"), '
                    "describe the change under `changes:` and run `credcat lock`; version "
                    f"{cred.version} stays published at badges/{cid}/v{cred.version}.json. "
                    "Or undo the change",
                )
        else:
            for kind in ("badges", "achievements"):
                path = f"{kind}/{cid}/v{rec.version}.json"
                # A renamed credential's earlier versions are preserved under the id they were
                # published with: any of its ids will do.
                kept = (f"{kind}/{i}/v{rec.version}.json" for i in (cred.id, *cred.renamed_from))
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
                    f'"{_next_version(rec.version)}")',
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
        if _ARCHIVE.match(rel) is None:
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


def _preserved_meaning(
    permanence: Permanence, cred: Credential, issuers: Mapping[str, Issuer]
) -> dict[str, str] | None:
    """The meaning of the preserved documents of ``cred``'s current version, if any."""
    for cid in (cred.id, *cred.renamed_from):
        badge = permanence.archives.get(f"badges/{cid}/v{cred.version}.json")
        achievement = permanence.archives.get(f"achievements/{cid}/v{cred.version}.json")
        if badge is None or achievement is None:
            continue
        try:
            b, a = json.loads(badge.data), json.loads(achievement.data)
            issuer = str(b["issuer"]).rsplit("/", 1)[-1].removesuffix(".json")
            if issuer in issuers.get(cred.issuer, _NO_ISSUER).renamed_from:
                issuer = cred.issuer
            skills = [
                [
                    x["targetName"],
                    x["targetUrl"],
                    x.get("targetFramework", ""),
                    x.get("targetCode", ""),
                ]
                for x in b.get("alignment", [])
            ]
            return {
                "name": _short(str(b["name"]).strip()),
                "criteria": _short(str(b["criteria"]["narrative"]).strip()),
                "issuer": issuer,
                "alignment": _short(json.dumps(skills, ensure_ascii=False)),
                "type": str(a["achievementType"]),
            }
        except (ValueError, KeyError, TypeError, AttributeError):
            return None
    return None


_NO_ISSUER = Issuer(id="", name="", url="", email="", location=Location(path=""))


def check_outputs(permanence: Permanence, outputs: Iterable[Output]) -> list[Diagnostic]:
    """Every recorded URL must still be among the files to publish."""
    ledger = permanence.ledger
    if ledger is None:
        return []
    served = {url_path(o.path) for o in outputs}
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


def _next_version(version: str) -> str:
    parts = version.split(".")
    if len(parts) == 1:
        return f"{version}.1"
    return ".".join([*parts[:-1], str(int(parts[-1]) + 1)])


def _error(where: Location, code: str, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(location=where, code=code, message=message, hint=hint)


# -- publishing ----------------------------------------------------------------------------


def archive_bytes(permanence: Permanence, archive: Archive, base_url: str) -> bytes:
    """An archive's bytes as published: verbatim, or with its ids moved to ``base_url``.

    Archives hold the ids of the base URL recorded in the ledger; a preview build with
    ``--base-url`` (or an accepted move) gets the same document under its own base.
    """
    stored = permanence.ledger.base_url if permanence.ledger else None
    if not stored or stored == base_url:
        return archive.data
    return json_bytes(_rebase(json.loads(archive.data), stored, base_url))


def _rebase(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return new + value[len(old) :] if value.startswith(old) else value
    if isinstance(value, list):
        return [_rebase(v, old, new) for v in value]
    if isinstance(value, dict):
        return {k: _rebase(v, old, new) for k, v in value.items()}
    return value


# -- locking -------------------------------------------------------------------------------


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
    lines = [f"base_url {config.base_url}"]
    creds: list[str] = []
    for cred in published:
        pairs = " ".join(f"{k}={v}" for k, v in meaning(cred).items())
        for cid in (cred.id, *cred.renamed_from):
            creds.append(f"credential {cid} version={cred.version} {pairs}")
    lines += sorted(creds)
    lines += sorted(
        f"issuer {iid}" for issuer in issuers.values() for iid in (issuer.id, *issuer.renamed_from)
    )
    lines += sorted(
        f"key {issuer.id} {key.id} thumbprint={key_thumbprint(key)}"
        for issuer in issuers.values()
        for key in issuer.keys
    )
    new_archives: dict[str, bytes] = {}
    stored = permanence.ledger.base_url if permanence.ledger else None
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
    lines += [f"url {u} {h}" if h else f"url {u}" for u, h in sorted(hashes.items())]
    old = permanence.ledger.urls if permanence.ledger else {}
    changed = tuple(
        u for u, h in sorted(hashes.items()) if u in old and h and old[u][0] and old[u][0] != h
    )
    return LockPlan(
        text=_HEADER + "\n".join(lines) + "\n",
        archives=MappingProxyType(new_archives),
        added=tuple(sorted(set(hashes) - set(old))),
        removed=tuple(sorted(set(old) - set(hashes))),
        changed=changed,
    )


_GITATTRIBUTES = Path(".gitattributes")
_BINARY = (
    b"# Preserved versions are published byte for byte: git must not convert line ends.\n* -text\n"
)


def write_lock(root: Path, plan: LockPlan) -> list[str]:
    """Write published.lock and new version files; return what was written.

    Every path is checked first: when one of them, or a folder on the way, is a symbolic
    link out of the catalog, nothing is written (``CatalogError`` with ``path.outside``).
    """
    attributes = root / VERSIONS_DIR / _GITATTRIBUTES
    lock = root / LOCK_NAME
    todo: list[tuple[Path, bytes]] = []
    if (plan.archives or attributes.parent.is_dir()) and not attributes.exists():
        todo.append((attributes, _BINARY))
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


def renamed(cred: Credential, old_id: str) -> Credential:
    """The credential as published under an earlier id (for the old id's JSON copies)."""
    return replace(cred, id=old_id)


def issuer_renamed(issuer: Issuer, old_id: str) -> Issuer:
    """The issuer as published under an earlier id."""
    return replace(issuer, id=old_id)
