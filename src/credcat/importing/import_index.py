"""What ``credcat import`` is given: every JSON document among the inputs, what it is, and
every object in them by id, so that an export folder imports offline.

A platform's export holds BadgeClasses beside the issuer Profiles and endorsements they name
by URL, and Assertions that name their BadgeClass by URL. The platform is often gone (that is
why people migrate), so every input is read first and each URL is looked up among them before
anything is fetched.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from credcat.core.diagnostics import Location, Report
from credcat.core.sources import ID_PATTERN, display_path

OB1_CONTEXT = "w3id.org/openbadges/v1"
CREDENTIAL_TYPES = {"AchievementCredential", "OpenBadgeCredential"}
PROFILE_TYPES = {"Profile", "Issuer", "IssuerOrganization"}
ENDORSEMENT_TYPES = {"Endorsement", "EndorsementCredential"}


class Kind(Enum):
    """What a document is, for ``credcat import``."""

    CLASS = "class"
    """A BadgeClass (1.0 or 2.0) or an Achievement (3.0): becomes a credential."""
    AWARD = "award"
    """An Assertion or an OpenBadgeCredential: its class becomes a credential."""
    PROFILE = "profile"
    """An issuer Profile: used to resolve issuers."""
    ENDORSEMENT = "endorsement"
    """An Endorsement or EndorsementCredential: used to resolve endorsements."""
    OTHER = "other"
    """Anything else: an error that says what it is."""


@dataclass(frozen=True, slots=True)
class Document:
    """One JSON document of the inputs."""

    origin: str
    """Displayed file path (with ``[n]`` for an item of a JSON array) or URL."""
    data: Any


@dataclass(slots=True)
class Index:
    """Every object with an ``id`` found in the inputs (embedded ones too), its copies pooled."""

    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, value: Any, depth: int = 0) -> None:
        """Index ``value`` and the objects inside it."""
        if depth > 20:
            return
        if isinstance(value, list):
            for item in value:
                self.add(item, depth + 1)
        elif isinstance(value, dict):
            ident = value.get("id")
            # A credential's subject only names what it is about (an EndorsementSubject's id
            # is the endorsed class), a Related entry another document: neither is a copy.
            about = any(t.endswith("Subject") or t == "Related" for t in types_of(value))
            if isinstance(ident, str) and ident and len(value) > 1 and not about:
                # One id is one thing: what each copy says is pooled (a Profile embedded as
                # a stub in one document and in full in another), the first copy winning.
                self.by_id[ident] = {**value, **self.by_id.get(ident, {})}
            for item in value.values():
                if isinstance(item, (dict, list)):
                    self.add(item, depth + 1)

    def get(self, ident: str) -> dict[str, Any] | None:
        """The object with this id, if one of the inputs has it."""
        return self.by_id.get(ident) or self.by_id.get(ident.split("?", 1)[0])


def types_of(doc: dict[str, Any]) -> set[str]:
    """The ``type`` values of a document (a string or a list), without a namespace prefix."""
    value = doc.get("type", [])
    values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return {v.rsplit(":", 1)[-1] for v in values if isinstance(v, str)}


def _context(doc: dict[str, Any]) -> str:
    value = doc.get("@context", "")
    return json.dumps(value) if not isinstance(value, str) else value


def is_ob1_class(doc: dict[str, Any]) -> bool:
    """An Open Badges 1.0 BadgeClass: no ``type``, but a name, criteria and an issuer."""
    if types_of(doc) - {"BadgeClass"}:
        return False
    shaped = all(k in doc for k in ("name", "criteria", "issuer"))
    return shaped and ("type" not in doc or OB1_CONTEXT in _context(doc))


def kind_of(doc: Any) -> Kind:
    """What a document is."""
    if not isinstance(doc, dict):
        return Kind.OTHER
    types = types_of(doc)
    if types & {"BadgeClass", "Achievement"} or is_ob1_class(doc):
        return Kind.CLASS
    if types & CREDENTIAL_TYPES or "Assertion" in types:
        return Kind.AWARD
    if not types and isinstance(doc.get("badge"), (str, dict)) and "recipient" in doc:
        return Kind.AWARD  # an Open Badges 1.0 (or 0.5) Assertion
    if types & ENDORSEMENT_TYPES:
        return Kind.ENDORSEMENT
    if types & PROFILE_TYPES or (not types and {"name", "url"} <= set(doc) and "origin" not in doc):
        return Kind.PROFILE
    return Kind.OTHER


def describe(doc: Any) -> str:
    """What a document that is not a badge is, in words, for an error message."""
    if isinstance(doc, list):
        return "a JSON array"
    if not isinstance(doc, dict):
        return f"a JSON {type(doc).__name__.replace('str', 'string')}, not an object"
    types = types_of(doc)
    raw = doc.get("type")
    named = ", ".join(sorted(str(v) for v in (raw if isinstance(raw, list) else [raw])))
    named = named if raw not in (None, "", []) else ""
    if "ClrCredential" in types:
        return (
            "a CLR 2.0 ClrCredential (a learner's record) that holds no Achievement or "
            "OpenBadgeCredential"
        )
    if "RevocationList" in types:
        return "an Open Badges 2.0 RevocationList (revoked Assertions), not a badge definition"
    if "CryptographicKey" in types:
        return "an Open Badges 2.0 CryptographicKey, not a badge definition"
    if "VerifiableCredential" in types:
        return (
            f"a Verifiable Credential of type {named} but not an Open Badges 3.0 "
            "OpenBadgeCredential or AchievementCredential"
        )
    if "verificationMethod" in doc or (str(doc.get("id", "")).startswith("did:") and not types):
        return "a DID document (keys of an issuer), not a badge definition"
    if "$schema" in doc:
        return "a JSON Schema, not a badge definition"
    if set(doc) == {"@context"}:
        return "a JSON-LD context, not a badge definition"
    if named:
        return (
            f"a document of type {named}, not an Open Badges BadgeClass, Achievement, "
            "Assertion, OpenBadgeCredential, issuer Profile or endorsement"
        )
    keys = ", ".join(sorted(str(k) for k in doc)[:6]) + (", ..." if len(doc) > 6 else "")
    return f"a JSON object with no type (keys: {keys or 'none'}), not an Open Badges document"


def read_inputs(sources: list[str], report: Report) -> tuple[list[Document], list[Path]]:
    """Every JSON document of the file and folder inputs (folders recursively, in name order),
    and the CSV files among them; URLs are left to the caller. Unreadable files are errors."""
    documents: list[Document] = []
    spreadsheets: list[Path] = []
    for source in sources:
        if source.startswith(("http://", "https://")):
            continue
        path = Path(source)
        files = (
            sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in (".json", ".csv")
            )
            if path.is_dir()
            else [path]
        )
        for file in files:
            if file.suffix.lower() == ".csv":
                spreadsheets.append(file)
            else:
                documents += _read_json(file, report)
    return documents, spreadsheets


def _read_json(path: Path, report: Report) -> list[Document]:
    loc = Location(path=display_path(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        report.error(loc, "import.failed", f"cannot read: {exc}")
        return []
    try:
        data = json.loads(text)
    except RecursionError:
        report.error(loc, "import.json", "the JSON is nested too deeply")
        return []
    except json.JSONDecodeError as exc:
        report.error(
            Location(path=loc.path, line=exc.lineno, col=exc.colno), "import.json", exc.msg
        )
        return []
    if isinstance(data, list) and data and all(isinstance(d, dict) for d in data):
        # Some platforms export every document of a kind as one JSON array.
        return [Document(f"{loc.path}[{n}]", d) for n, d in enumerate(data, 1)]
    return [Document(loc.path, data)]


_GENERIC_TAILS = {
    "about",
    "achievement",
    "assertion",
    "badge",
    "badgeclass",
    "class",
    "index",
    "issuer",
    "json",
    "organization",
    "profile",
}
_UUID = re.compile(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}")


def _opaque(stem: str) -> bool:
    """A platform's key rather than a name: a UUID, or digits with no word of four letters
    (``ach-5566``, ``4471``, ``q7vbd3xl``)."""
    words = [p for p in stem.split("-") if p.isalpha() and len(p) >= 4]
    return bool(_UUID.fullmatch(stem)) or (not words and any(c.isdigit() for c in stem))


def slug_from_url(url: str) -> str | None:
    """An id from the last segment of a URL (``.../badges/teamwork.json``: teamwork); None
    for a platform's opaque key (a UUID, a number, a random token), which makes a poor id."""
    parts = [p for p in PurePosixPath(unquote(urlsplit(url).path)).parts if p != "/"]
    for last in reversed(parts[-2:]):
        stem = last.rsplit(".", 1)[0] if "." in last else last
        if stem.lower() in _GENERIC_TAILS:
            continue
        if not ID_PATTERN.match(stem) or _opaque(stem):
            return None
        return stem
    return None
