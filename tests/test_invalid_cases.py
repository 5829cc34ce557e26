"""Invalid input: one folder per case with the exact diagnostics in expected.txt.

Each case's ``files/`` folder is laid over a small valid catalog (a ``X.delete`` file removes
``X``), then ``credcat validate`` and ``credcat build`` run through the real entry point.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from credcat.cli import main
from tests.catalogs import write_catalog

CASES = Path(__file__).parent / "cases" / "invalid"


def _overlay(case: Path) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    source = case / "files"
    for path in sorted(source.rglob("*")):
        if path.is_file():
            rel = path.relative_to(source).as_posix()
            if rel.endswith(".delete"):
                files[rel.removesuffix(".delete")] = ""
            else:
                files[rel] = path.read_bytes()
    return files


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir()))
def test_invalid_case(
    case: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    update_golden: bool,
) -> None:
    write_catalog(tmp_path, _overlay(CASES / case))
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "Traceback" not in err
    expected_file = CASES / case / "expected.txt"
    if update_golden:
        expected_file.write_text(err, encoding="utf-8")
    assert err == expected_file.read_text(encoding="utf-8")

    site = tmp_path / "site"
    site.mkdir()
    (site / "keep.txt").write_text("previous site", encoding="utf-8")
    (site / ".nojekyll").write_text("", encoding="utf-8")
    (site / "catalog.json").write_text("{}", encoding="utf-8")
    assert main(["build"]) == 1
    _, err = capsys.readouterr()
    assert "nothing was written" in err
    assert sorted(p.name for p in site.iterdir()) == [".nojekyll", "catalog.json", "keep.txt"]
    shutil.rmtree(site)


def test_corpus_is_large_enough() -> None:
    assert len(list(CASES.iterdir())) >= 40
