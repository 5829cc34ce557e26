"""What a credential version means, and how version numbers compare.

A published version of a credential is a promise: badges awarded for it point at its
BadgeClass and Achievement, so its name, criteria, issuer, skill alignments and type may not
change without a new version number. ``meaning`` is that promise as short hashes (recorded
per credential in published.lock); ``documented_meaning`` reads the same from a preserved
version's documents. Nothing here reads files or reports problems: the checks that use it
are in ``permanence.py``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from credcat.model.records import Credential

MEANING_FIELDS = ("name", "criteria", "issuer", "alignment", "type")
"""The parts of a meaning, as published.lock names them."""
FIELD_LABEL = {
    "name": "title",
    "criteria": "criteria",
    "issuer": "issuer",
    "alignment": "skills (alignments)",
    "type": "type (achievementType)",
}
"""Each part of a meaning, as a diagnostic names it."""
FIELD_POINTER = {
    "name": "/title",
    "criteria": "/criteria",
    "issuer": "/issuer",
    "alignment": "/skills",
    "type": "/type",
}
"""Where each part of a meaning is written in a credential file."""


COMPONENT_NOTE = "A component of this credential: it counts towards earning it."
"""The ``targetDescription`` of a stack's alignment to one of its components (written by
``render_badges``): such an alignment is the stack's rule, not a skill."""


def is_component_alignment(alignment: Mapping[str, Any]) -> bool:
    """Whether a BadgeClass or Achievement alignment names a stack's component."""
    return alignment.get("targetDescription") == COMPONENT_NOTE and not (
        alignment.keys() - {"targetName", "targetUrl", "targetDescription", "type"}
    )


def _short(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _meaning(
    title: str, criteria: str, issuer: str, skills: Sequence[Sequence[str]], kind: str
) -> dict[str, str]:
    """The one recipe of a meaning, for a credential and for its preserved documents alike."""
    return {
        "name": _short(title.strip()),
        "criteria": _short(criteria.strip()),
        "issuer": issuer,
        "alignment": _short(json.dumps(skills, ensure_ascii=False)),
        "type": kind,
    }


def meaning(cred: Credential) -> dict[str, str]:
    """What a BadgeClass/Achievement means: changing any of these needs a version bump."""
    skills = [[s.name, s.url, s.framework or "", s.code or ""] for s in cred.skills]
    return _meaning(cred.title, cred.criteria, cred.issuer, skills, cred.achievement_type)


def documented_meaning(badge: bytes, achievement: bytes) -> dict[str, str] | None:
    """The meaning of a preserved version, read from its BadgeClass and Achievement (the
    Open Badges fields ``render_badges`` writes ``meaning``'s parts to); None when they
    cannot be read. Its issuer is the id the BadgeClass's issuer URL ends with."""
    try:
        b: Any = json.loads(badge)
        a: Any = json.loads(achievement)
        issuer = str(b["issuer"]).rsplit("/", 1)[-1].removesuffix(".json")
        skills = [
            [x["targetName"], x["targetUrl"], x.get("targetFramework", ""), x.get("targetCode", "")]
            for x in b.get("alignment", [])
            if not is_component_alignment(x)
        ]
        title, criteria = str(b["name"]), str(b["criteria"]["narrative"])
        return _meaning(title, criteria, issuer, skills, str(a["achievementType"]))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def changed_parts(now: Mapping[str, str], recorded: Mapping[str, str]) -> list[str]:
    """The parts of a meaning that differ from a recorded one, in ``MEANING_FIELDS`` order."""
    return [f for f in MEANING_FIELDS if now[f] != recorded.get(f)]


def version_key(version: str) -> tuple[int, ...]:
    """Order versions numerically: 1.10 after 1.9 (and 1.0 after 1, as written)."""
    return tuple(int(p) for p in version.split(".") if p.isdigit())


def version_value(version: str) -> tuple[int, ...]:
    """What a version number means: 1, 1.0 and 1.00 are the same version."""
    parts = list(version_key(version))
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def next_version(version: str) -> str:
    """The version a hint suggests after ``version``: 1.0 -> 1.1, 2 -> 2.1."""
    parts = version.split(".")
    if len(parts) == 1:
        return f"{version}.1"
    return ".".join([*parts[:-1], str(int(parts[-1]) + 1)])
