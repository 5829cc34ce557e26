"""Invalid input: one folder per case with the exact diagnostics in expected.txt.

Each case's ``files/`` folder is laid over a small valid catalog (a ``X.delete`` file removes
``X``, a ``X.symlink`` file makes ``X`` a symbolic link to the path it holds, and files under
``__up__/`` go beside the catalog folder instead of into it; git cannot hold a folder named
``.git``, so ``__git__`` stands for it), then ``credcat validate`` and
``credcat build`` run through the real entry point.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from credcat.commands.cli import main
from tests.catalogs import write_catalog

CASES = Path(__file__).parent / "cases" / "invalid"


def _overlay(case: Path) -> tuple[dict[str, str | bytes], dict[str, str]]:
    """Files to write (content-relative), and symbolic links to make (path -> target)."""
    files: dict[str, str | bytes] = {}
    links: dict[str, str] = {}
    source = case / "files"
    for path in sorted(source.rglob("*")):
        if path.is_file():
            rel = path.relative_to(source).as_posix().replace("__git__", ".git")
            if rel.startswith("__up__/"):
                rel = "../" + rel.removeprefix("__up__/")
            if rel.endswith(".delete"):
                files[rel.removesuffix(".delete")] = ""
            elif rel.endswith(".symlink"):
                links[rel.removesuffix(".symlink")] = path.read_text(encoding="utf-8").strip()
            else:
                files[rel] = path.read_bytes()
    return files, links


def _make_links(content: Path, links: dict[str, str]) -> None:
    for rel, target in links.items():
        link = content / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.is_dir() and not link.is_symlink():
            shutil.rmtree(link)
        else:
            link.unlink(missing_ok=True)
        link.symlink_to(target)


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir()))
def test_invalid_case(
    case: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    update_golden: bool,
) -> None:
    files, links = _overlay(CASES / case)
    _make_links(write_catalog(tmp_path, files), links)
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
