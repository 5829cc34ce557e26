"""Property-based tests: any text, any YAML, as a credential file never causes a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credcat.core.diagnostics import Report
from credcat.load.pipeline import load_catalog
from credcat.publish.build import build
from tests.catalogs import credential, write_catalog

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small catalog whose credential file each example overwrites."""
    path = tmp_path_factory.mktemp("fuzz")
    write_catalog(path)
    return path


def _check(root: Path, text: str | bytes) -> None:
    content = root / "content"
    target = content / "credentials" / "data-basics.md"
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8", errors="surrogatepass")
    report = Report()
    catalog = load_catalog(content, report)
    for d in report.diagnostics:
        assert d.location.line >= 1, d
        assert d.location.col >= 1, d
        assert d.code
        assert d.message
    if catalog is None:
        assert report.errors
    else:
        assert build(content, Report(), output=root / "site") is not None


@SETTINGS
@given(st.text(max_size=400))
def test_any_text(root: Path, text: str) -> None:
    _check(root, text)


@SETTINGS
@given(st.binary(max_size=300))
def test_any_bytes(root: Path, data: bytes) -> None:
    _check(root, data)


@SETTINGS
@given(st.text(max_size=300))
def test_any_front_matter_text(root: Path, text: str) -> None:
    _check(root, f"---\n{text}\n---\nBody\n")


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.dates().map(str),
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = [
    *yaml.safe_load(credential().split("---")[1]).keys(),
    "status",
    "type",
    "version",
    "components",
    "stacks_into",
    "prerequisites",
    "url",
    "valid_for",
    "published",
    "updated",
    "tags",
    "assessment",
    "quality_assurance",
]


@SETTINGS
@given(st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=10), values, max_size=10))
def test_any_yaml_document(root: Path, doc: dict[str, Any]) -> None:
    _check(root, "---\n" + yaml.safe_dump(doc, allow_unicode=True) + "---\nBody\n")


@SETTINGS
@given(st.sampled_from(FIELDS), values)
def test_one_field_replaced_by_anything(root: Path, field: str, value: Any) -> None:
    base = yaml.safe_load(credential().split("---")[1])
    base[field] = value
    _check(root, "---\n" + yaml.safe_dump(base, allow_unicode=True) + "---\n## Body\n")
