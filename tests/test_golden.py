"""Golden files: the whole output tree of tests/cases/basic, byte for byte.

Regenerate with ``pytest tests/test_golden.py --update-golden`` and review the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from credcat.core.diagnostics import Report
from credcat.publish.build import build

CASE = Path(__file__).parent / "cases" / "basic" / "content"
GOLDEN = Path(__file__).parent / "golden" / "basic"


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_basic_catalog_matches_golden_tree(tmp_path: Path, update_golden: bool) -> None:
    out = tmp_path / "site"
    report = Report()
    result = build(CASE, report, output=out)
    assert result is not None, [d.format() for d in report.sorted()]
    # The Malay translations are partial on purpose: their fallbacks are part of the output;
    # north-uni awards only from its LMS, which its allowed_origins says (and the warning too).
    assert [d.format() for d in report.sorted()] == [
        "tests/cases/basic/content/credentials/data-visualisation.md:2:1: warning"
        "[translation.missing]: offered in Malay but not translated into it\n"
        "  hint: add translations/ms/credentials/data-visualisation.md",
        "tests/cases/basic/content/issuers/north-uni.yaml:13:20: warning"
        "[value.allowed-origins]: allowed_origins replaces the default origin example.org, "
        "where this issuer's Profile is published: Assertions hosted on example.org will no "
        "longer verify\n"
        "  hint: add example.org to allowed_origins if Assertions are also hosted there",
        "tests/cases/basic/content/translations/ms/credentials/data-cleaning.md:2:1: warning"
        "[translation.missing]: Malay translation lacks: field_of_study, tags\n"
        "  hint: these are shown in English meanwhile",
    ]
    if update_golden:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(out, GOLDEN)
    built, golden = _tree(out), _tree(GOLDEN)
    assert sorted(built) == sorted(golden)
    for path, data in built.items():
        assert data == golden[path], f"{path} differs from tests/golden/basic/{path}"


def test_build_is_deterministic_and_second_build_rewrites_nothing(tmp_path: Path) -> None:
    first = build(CASE, Report(), output=tmp_path / "a")
    second = build(CASE, Report(), output=tmp_path / "b")
    assert first is not None
    assert second is not None
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    again = build(CASE, Report(), output=tmp_path / "a")
    assert again is not None
    assert again.stats is not None
    assert again.stats.written == 0
    assert again.stats.unchanged == again.files
    assert again.stats.removed == 0


def test_drafts_are_not_published(tmp_path: Path) -> None:
    result = build(CASE, Report(), output=tmp_path / "site")
    assert result is not None
    tree = _tree(tmp_path / "site")
    assert not any("future-ai" in path for path in tree)
    assert all(b"future-ai" not in data for data in tree.values())
