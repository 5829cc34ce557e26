"""published.lock: its format, read into a ``Ledger`` with located errors, and written.

``published.lock`` beside catalog.yaml lists, one sorted line each, every public URL the
catalog has published (with the SHA-256 of each JSON document), what each published
credential version means (``meaning.py``), the thumbprint of every signing key an issuer
published, and the base URL ids were built on. Which outputs it records, and the URL path
each is named by, are decided here too (from the ``urls.permanent`` URL functions).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from credcat.core import urls
from credcat.core.diagnostics import Diagnostic, Location, Report
from credcat.core.files import FileProblem, read_inside
from credcat.core.sources import display_path
from credcat.ledger.meaning import MEANING_FIELDS

LOCK_NAME = "published.lock"
MAX_LOCK_BYTES = 64 * 1024 * 1024
"""Largest published.lock read (about 200 bytes a URL)."""
_HEADER = (
    "# credcat published.lock: every public URL this catalog has published.\n"
    "# Written by `credcat lock`; commit it with the catalog and never edit it by hand.\n"
    "# `credcat build` and `credcat check` refuse changes that would break these URLs.\n"
)


@dataclass(frozen=True, kw_only=True)
class Recorded:
    """A credential or issuer named in the ledger."""

    id: str
    line: int
    version: str = ""
    meaning: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "meaning", MappingProxyType(dict(self.meaning)))


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

    def __post_init__(self) -> None:
        # Read-only views: the ledger is part of the Catalog, a value nothing changes.
        for name in ("credentials", "issuers", "keys", "urls"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))

    def at(self, line: int) -> Location:
        """A line of the lock file."""
        return Location(path=self.display, line=line, col=1)


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
    return Diagnostic(
        location=Location(path=display, line=line),
        code="ledger.conflict",
        message=f"{LOCK_NAME} records {what} twice, differently (first on line {first}): "
        f"{text[:80]!r}",
        hint="two branches locked different states: restore the file from the main branch and "
        "run `credcat lock` again",
    )


# -- writing -------------------------------------------------------------------------------


def lock_text(
    base_url: str,
    credentials: Iterable[tuple[str, str, Mapping[str, str]]],
    issuers: Iterable[str],
    keys: Iterable[tuple[str, str, str]],
    recorded: Mapping[str, str | None],
) -> str:
    """The text of published.lock, each kind of line sorted.

    ``credentials``: (id, version, meaning); ``issuers``: ids; ``keys``: (issuer id, key id,
    thumbprint); ``recorded``: URL path -> the SHA-256 of its document, or None for a page.
    """
    lines = [f"base_url {base_url}"]
    lines += sorted(
        f"credential {cid} version={version} " + " ".join(f"{k}={v}" for k, v in meaning.items())
        for cid, version, meaning in credentials
    )
    lines += sorted(f"issuer {iid}" for iid in issuers)
    lines += sorted(f"key {iid} {kid} thumbprint={thumb}" for iid, kid, thumb in keys)
    lines += [f"url {u} {h}" if h else f"url {u}" for u, h in sorted(recorded.items())]
    return _HEADER + "\n".join(lines) + "\n"
