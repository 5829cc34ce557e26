"""The diagnostic codes: one registry (credcat.core.codes), README's table written from it, and
every code the source can report registered there, with none registered that nothing reports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from credcat.core.codes import CODES, GROUPS, table
from credcat.core.diagnostics import Diagnostic, Location

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src" / "credcat"
LITERAL = re.compile(r"[\"']([a-z]+(?:\.[a-z][a-z0-9-]*)+)[\"']")
FILE_SUFFIXES = {"html", "svg", "json", "yaml", "yml", "pot", "po", "xml", "lock", "txt", "js"}
NOT_CODES = {"files.associations", "yaml.schemas"}
"""Strings of a code's shape that are editor settings keys."""

# Codes the source builds from parts; each pattern is checked against the source text.
BUILT = {
    "profile.eu.missing": "profile.eu.{",
    "profile.eu.optional": "profile.eu.{",
    "stack.retired-component": 'f"stack.{cred.status.value}-component"',
    "stack.draft-component": 'f"stack.{cred.status.value}-component"',
}


def _source() -> str:
    return "\n".join(
        p.read_text(encoding="utf-8") for p in sorted(SRC.rglob("*.py")) if p.name != "codes.py"
    )


def test_readme_table_is_the_registry() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert table() in readme, (
        "README's Diagnostics table differs: paste `python -m credcat.core.codes`"
    )


def test_codes_are_listed_once() -> None:
    listed = [code for group in GROUPS for code in group.codes]
    assert len(listed) == len(set(listed)) == len(CODES)
    assert all(re.fullmatch(r"[a-z]+(\.[a-z][a-z0-9-]*)*", code) for code in listed)


def test_every_code_in_the_source_is_registered() -> None:
    found = {m.group(1) for m in LITERAL.finditer(_source())} - NOT_CODES
    found = {code for code in found if code.rsplit(".", 1)[1] not in FILE_SUFFIXES}
    assert found - CODES == set(), "list these codes in credcat.core.codes"


def test_every_registered_code_is_reported_somewhere() -> None:
    source = _source()
    dead = {
        code for code in CODES if f'"{code}"' not in source and BUILT.get(code, "\0") not in source
    }
    assert dead == set(), "registered codes that nothing reports"


def test_an_unregistered_code_is_refused() -> None:
    with pytest.raises(ValueError, match="unregistered diagnostic code"):
        Diagnostic(location=Location(path="a"), code="made.up", message="m")
