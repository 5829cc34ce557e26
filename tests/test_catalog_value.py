"""The checked catalog is a value: nothing reachable from a ``Catalog`` can change.

Renderers read it from several processes and the build keys its outputs by fingerprints of
parts of it (``credcat.core.fingerprint``, ``credcat.render.documents``); both rely on it never
changing after ``load_catalog``. Build state (the cache, the writer) travels beside it.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
from pathlib import Path, PurePath
from types import MappingProxyType
from typing import Any

import pytest

from credcat.core.diagnostics import Report
from credcat.load.pipeline import load_catalog
from credcat.model.records import Translation

ROOT = Path(__file__).resolve().parent.parent
IMMUTABLE = (str, int, float, bool, bytes, enum.Enum, datetime.date, PurePath, type(None))
RAW_YAML = {(Translation, "fields")}
"""Translated fields as the file wrote them (YAML data, read and never written by the
build): the one place a plain dict is kept, allowed here by name."""


def _mutable(value: Any, where: str, seen: set[int], found: list[str]) -> None:
    if isinstance(value, IMMUTABLE) or id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, tuple | frozenset):
        for item in value:
            _mutable(item, f"{where}[]", seen, found)
    elif isinstance(value, MappingProxyType):
        for key, item in value.items():
            _mutable(key, f"{where}{{key}}", seen, found)
            _mutable(item, f"{where}{{}}", seen, found)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        if not cls.__dataclass_params__.frozen:  # type: ignore[attr-defined]
            found.append(f"{where}: {cls.__name__} is not frozen")
        for f in dataclasses.fields(value):
            if (cls, f.name) not in RAW_YAML:
                _mutable(getattr(value, f.name), f"{where}.{f.name}", seen, found)
    else:
        found.append(f"{where}: {type(value).__name__}")


@pytest.mark.parametrize(
    "root",
    [ROOT / "content", ROOT / "tests" / "cases" / "basic" / "content"],
    ids=["example", "basic"],
)
def test_nothing_in_a_catalog_can_change(root: Path) -> None:
    report = Report()
    catalog = load_catalog(root, report)
    assert catalog is not None, report.diagnostics
    found: list[str] = []
    _mutable(catalog, "catalog", set(), found)
    assert sorted(set(found)) == []
    assert not hasattr(catalog, "cache")
