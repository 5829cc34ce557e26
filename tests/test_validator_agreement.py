"""One validator decides: the fast (jsonschema-rs) and explaining (jsonschema) paths agree.

Documents are generated from a valid credential, issuer and catalog by replacing fields with
values that separate regex engines and number types: trailing newlines (Python's ``$``),
Unicode digits and spaces (``\\d``/``\\s``), non-finite and huge numbers, true/false, empty.
"""

from __future__ import annotations

import copy
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credcat.core.diagnostics import Report, Severity
from credcat.core.patterns import translate
from credcat.core.schema import (
    MAX_SAFE_INTEGER,
    explain,
    is_valid,
    load_schema,
    validate_doc,
    value_problems,
)
from credcat.core.sources import Kind, load_source
from tests.catalogs import CATALOG, ISSUER, credential

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_TRICKY_CHARS = [
    "\n",
    "\r",
    "\x0b",
    "\x1c",
    "\x85",
    "\xa0",
    "\u2028",
    "\u3000",
    "\ufeff",
    "\u0661",  # ARABIC-INDIC DIGIT ONE: \\d in Python, not in ECMA-262
    "\uff11",  # FULLWIDTH DIGIT ONE
    "é",
    "K",  # KELVIN SIGN
    "\x00",
    " ",
    "/",
    "?",
    "#",
    "@",
    ".",
    "-",
    "_",
]
_GOOD_STRINGS = [
    "1.0",
    "1.10",
    "2024-03-01",
    "2024-02-30",
    "https://example.org/",
    "https://example.org/a?b#c",
    "a@b.example",
    "data-basics",
    "MY",
    "MYR",
    "en",
    "ms-MY",
    "ext:x.y",
    "images/badge.svg",
    "40 hours",
    "x",
    "",
]

strings = st.one_of(
    st.sampled_from(_GOOD_STRINGS),
    st.builds(
        lambda base, extra, where: base + extra if where else extra + base,
        st.sampled_from(_GOOD_STRINGS),
        st.text(alphabet=st.sampled_from(_TRICKY_CHARS), min_size=1, max_size=3),
        st.booleans(),
    ),
    st.text(max_size=12),
)
numbers = st.one_of(
    st.sampled_from(
        [0, 1, 1.0, 1.5, -1, 200, 201, 1000, 10000, 10001, 10**7, MAX_SAFE_INTEGER, 10**400]
    ),
    st.sampled_from([math.nan, math.inf, -math.inf, 1e308, -0.0, MAX_SAFE_INTEGER + 1]),
    st.integers(),
    st.floats(),
)
values = st.one_of(
    strings,
    numbers,
    st.booleans(),
    st.none(),
    st.lists(strings, max_size=2),
    st.dictionaries(st.sampled_from(["value", "system", "x"]), strings | numbers, max_size=2),
)


def _data(kind: Kind, text: str, tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / ("doc.md" if kind is Kind.CREDENTIAL else "doc.yaml")
    path.write_text(text, encoding="utf-8")
    doc = load_source(path, kind, "doc", Report())
    assert doc is not None
    data: dict[str, Any] = doc.data
    return data


@pytest.fixture(scope="module")
def valid_docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """One valid document of each kind, as loaded data."""
    tmp = tmp_path_factory.mktemp("agree")
    docs = {
        "credential": _data(Kind.CREDENTIAL, credential(), tmp),
        "issuer": _data(Kind.ISSUER, ISSUER, tmp),
        "catalog": _data(Kind.CATALOG, CATALOG + "per_page: 20\n", tmp),
    }
    for name, data in docs.items():
        assert is_valid(name, data), name
    return docs


def _paths(schema: dict[str, Any], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for key, sub in sorted(schema.get("properties", {}).items()):
        out.append((*prefix, key))
        if isinstance(sub, dict) and len(prefix) < 1:
            out.extend(_paths(sub, (*prefix, key)))
    return out


def _leaves(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [p for k, v in sorted(data.items()) for p in _leaves(v, (*prefix, k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _leaves(v, (*prefix, i))]
    return [prefix]


_FIELDS = {name: _paths(load_schema(name)) for name in ("credential", "issuer", "catalog")}
_OPTIONAL_TEXT = {"version": "1.0", "updated": "2024-05-01", "published": "2024-01-01"}


def _container(data: dict[str, Any], path: tuple[Any, ...]) -> Any:
    """The mapping or list holding ``path``'s last step (made where missing), or None."""
    target: Any = data
    for key in path[:-1]:
        if isinstance(target, dict) and isinstance(key, str):
            if not isinstance(target.get(key), (dict, list)):
                target[key] = {}
            target = target[key]
        elif isinstance(target, list) and isinstance(key, int) and key < len(target):
            target = target[key]
        else:
            return None
    last = path[-1]
    if isinstance(target, dict) and isinstance(last, str):
        return target
    if isinstance(target, list) and isinstance(last, int) and last < len(target):
        return target
    return None


@st.composite
def documents(draw: st.DrawFn, valid: dict[str, dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    """A valid document with one to three values perturbed or replaced."""
    name = draw(st.sampled_from(sorted(_FIELDS)))
    data = copy.deepcopy(valid[name])
    if name == "credential":
        data.update(_OPTIONAL_TEXT)
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            path: tuple[Any, ...] = draw(st.sampled_from(_leaves(data)))
        else:
            path = draw(st.sampled_from(_FIELDS[name]))
        target = _container(data, path)
        if target is None:
            continue  # an earlier draw changed the shape under this path
        old = target.get(path[-1]) if isinstance(target, dict) else target[path[-1]]
        if isinstance(old, str) and draw(st.booleans()):
            tricky = draw(st.text(alphabet=st.sampled_from(_TRICKY_CHARS), min_size=1, max_size=2))
            at = draw(st.integers(0, len(old)))
            new: Any = old[:at] + tricky + old[at:]
        else:
            new = draw(values)
        target[path[-1]] = new
    return name, data


def _verdicts(name: str, data: dict[str, Any]) -> tuple[bool, bool]:
    explained = not list(value_problems(data, "")) and not explain(name, data)
    return is_valid(name, data), explained


@SETTINGS
@given(data=st.data())
def test_fast_and_explaining_validators_agree(
    valid_docs: dict[str, dict[str, Any]], data: st.DataObject
) -> None:
    name, doc = data.draw(documents(valid_docs))
    fast, explained = _verdicts(name, doc)
    assert fast == explained, (name, doc)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("version", "1.0\n"),
        ("version", "1.\u0661"),
        ("id_url", "https://example.org/x\n"),
        ("workload_hours", math.nan),
        ("workload_hours", math.inf),
        ("workload_hours", 10**400),
        ("title", None),
    ],
)
def test_known_disagreements_are_refused(
    valid_docs: dict[str, dict[str, Any]], field: str, value: Any
) -> None:
    doc = copy.deepcopy(valid_docs["credential"])
    if field == "id_url":
        doc["skills"][0]["url"] = value
    else:
        doc[field] = value
    assert _verdicts("credential", doc) == (False, False)


def test_every_schema_pattern_translates() -> None:
    """A schema that starts using syntax outside the ECMA-262 subset fails here."""
    import json
    import re

    for name in ("credential", "issuer", "catalog", "credential-translation"):
        text = json.dumps(load_schema(name))
        for pattern in re.findall(r'"pattern": ("(?:[^"\\]|\\.)*")', text):
            translate(json.loads(pattern))


def test_refused_document_always_has_an_error(tmp_path: Path) -> None:
    """validate_doc reports an error for every document the verdict refuses."""
    path = tmp_path / "doc.md"
    path.write_text(credential(extra='version: "1.0\\n"\n'), encoding="utf-8")
    doc = load_source(path, Kind.CREDENTIAL, "doc", Report())
    assert doc is not None
    errors = [d for d in validate_doc(doc) if d.severity is Severity.ERROR]
    assert [d.code for d in errors] == ["schema.format"]
