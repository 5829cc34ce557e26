"""CTDL and schema.org used as their vocabularies define them: every property within its
domain, every value within its range (tests/vocab/check.py, against extracts of the
vocabularies themselves, tests/vocab/SOURCES.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from credcat.core.diagnostics import Report
from credcat.publish.build import build
from credcat.render.render_jsonld import CTDL_TYPES
from tests.generate import write_varied_catalog
from tests.vocab import misuse
from tests.vocab.check import Vocabulary, check, index, load, site_documents

HERE = Path(__file__).resolve().parent
CATALOGS = {
    "example": lambda tmp: HERE.parent / "content",
    "basic": lambda tmp: HERE / "cases/basic/content",
    "generated": lambda tmp: write_varied_catalog(tmp, 120),
}


@pytest.fixture(scope="module", params=sorted(CATALOGS))
def documents(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    tmp = tmp_path_factory.mktemp(request.param)
    out = tmp / "site"
    report = Report()
    assert build(CATALOGS[request.param](tmp), report, output=out) is not None, report.sorted()
    return site_documents(out)


@pytest.fixture(scope="module")
def ctdl() -> Vocabulary:
    return load("ctdl")


@pytest.fixture(scope="module")
def schema_org() -> Vocabulary:
    return load("schemaorg")


def test_ctdl_uses_every_property_within_its_domain_and_range(
    documents: tuple[list[dict[str, Any]], list[dict[str, Any]]], ctdl: Vocabulary
) -> None:
    docs, _ = documents
    assert docs
    known = index(docs, schema_org=False)
    problems = {d["@graph"][0]["@id"]: check(ctdl, d, known, schema_org=False) for d in docs}
    assert {k: v for k, v in problems.items() if v} == {}


def test_schema_org_uses_every_property_within_its_domain_and_range(
    documents: tuple[list[dict[str, Any]], list[dict[str, Any]]], schema_org: Vocabulary
) -> None:
    _, blocks = documents
    assert blocks
    known = index(blocks, schema_org=True)
    problems = {str(i): check(schema_org, b, known, schema_org=True) for i, b in enumerate(blocks)}
    assert {k: v for k, v in problems.items() if v} == {}


def test_every_achievement_type_is_a_concrete_ctdl_credential_class(ctdl: Vocabulary) -> None:
    for achievement_type, cls in CTDL_TYPES.items():
        assert cls != "ceterms:Credential", achievement_type
        assert "ceterms:Credential" in ctdl.supers(cls) - {cls}, (achievement_type, cls)


# The checker itself: each kind of misuse is caught.


@pytest.mark.parametrize(("node", "expected"), misuse.CTDL)
def test_the_checker_catches_ctdl_misuse(
    ctdl: Vocabulary, node: dict[str, Any], expected: str
) -> None:
    problems = check(ctdl, {"@graph": [node]}, {}, schema_org=False)
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(("block", "expected"), misuse.SCHEMA_ORG)
def test_the_checker_catches_schema_org_misuse(
    schema_org: Vocabulary, block: dict[str, Any], expected: str
) -> None:
    problems = check(schema_org, block, {}, schema_org=True)
    assert any(expected in p for p in problems), problems


def test_the_extracts_stay_small_and_name_their_sources() -> None:
    for name in ("ctdl", "schemaorg"):
        path = HERE / "vocab" / f"{name}.json"
        assert path.stat().st_size < 500_000, name
        source = load(name).source
        assert len(source["sha256"]) == 64
        assert source["sha256"] in (HERE / "vocab/SOURCES.md").read_text(encoding="utf-8")
