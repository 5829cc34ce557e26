"""Tests for the atomic, deterministic site writer."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from credcat.diagnostics import CatalogError
from credcat.output import Output
from credcat.writer import check_outputs, write_site


def test_writes_exactly_the_outputs_and_replaces_old_files(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_site(
        [
            Output("a.html", b"A"),
            Output("x/b.json", b"B"),
            Output(".nojekyll", b""),
            Output("catalog.json", b"{}"),
        ],
        site,
    )
    stats = write_site(
        [
            Output("a.html", b"A"),
            Output("c.txt", b"C"),
            Output(".nojekyll", b""),
            Output("catalog.json", b"{}"),
        ],
        site,
    )
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert files == [".nojekyll", "a.html", "c.txt", "catalog.json"]
    assert (stats.written, stats.unchanged, stats.removed) == (1, 3, 1)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".credcat-")]


def test_unchanged_files_are_not_rewritten(tmp_path: Path) -> None:
    site = tmp_path / "site"
    outputs = [Output("a.html", b"A"), Output(".nojekyll", b""), Output("catalog.json", b"{}")]
    write_site(outputs, site)
    before = (site / "a.html").stat()
    write_site(outputs, site)
    after = (site / "a.html").stat()
    assert before.st_ino == after.st_ino
    assert before.st_mtime_ns == after.st_mtime_ns


def test_refuses_to_replace_a_folder_credcat_did_not_make(tmp_path: Path) -> None:
    site = tmp_path / "docs"
    site.mkdir()
    (site / "important.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        write_site([Output("index.html", b"x")], site)
    assert info.value.diagnostics[0].code == "output.foreign"
    assert (site / "important.txt").read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("path", ["../evil.html", "/abs.html", "a/../../b", ""])
def test_unsafe_output_paths_are_refused(path: str) -> None:
    with pytest.raises(CatalogError) as info:
        check_outputs([Output(path, b"x")])
    assert info.value.diagnostics[0].code == "output.path"


def test_two_outputs_at_one_path_are_refused() -> None:
    with pytest.raises(CatalogError) as info:
        check_outputs([Output("a.json", b"1"), Output("a.json", b"2")])
    assert info.value.diagnostics[0].code == "output.collision"


def test_disk_full_is_reported_and_old_site_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    old = [Output("a.html", b"old"), Output(".nojekyll", b""), Output("catalog.json", b"{}")]
    write_site(old, site)
    real_write = os.write

    def full_disk(fd: int, data: bytes) -> int:
        if len(data) == 3:  # the new a.html
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(CatalogError) as info:
        write_site([Output("a.html", b"new"), *old[1:]], site)
    monkeypatch.undo()
    diagnostic = info.value.diagnostics[0]
    assert diagnostic.code == "output.write"
    assert "No space left on device" in diagnostic.message
    assert (site / "a.html").read_bytes() == b"old"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".credcat-")]


def test_leftover_staging_folders_from_a_killed_build_are_removed(tmp_path: Path) -> None:
    stale = tmp_path / ".credcat-tmp-site-999999999"
    stale.mkdir()
    (stale / "half.html").write_text("half", encoding="utf-8")
    write_site([Output("a.html", b"A")], tmp_path / "site")
    assert not stale.exists()


def test_permission_error_is_reported_and_old_site_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    old = [Output("a/b.html", b"old"), Output(".nojekyll", b""), Output("catalog.json", b"{}")]
    write_site(old, site)
    real_makedirs = os.makedirs

    def denied(path: str, *args: object, **kwargs: object) -> None:
        if ".credcat-tmp-" in str(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        real_makedirs(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "makedirs", denied)
    with pytest.raises(CatalogError) as info:
        write_site([Output("a/b.html", b"new"), *old[1:]], site)
    monkeypatch.undo()
    assert info.value.diagnostics[0].code == "output.write"
    assert "Permission denied" in info.value.diagnostics[0].message
    assert (site / "a/b.html").read_bytes() == b"old"


def test_leftovers_are_removed_even_when_nothing_changed(tmp_path: Path) -> None:
    outputs = [Output("a.html", b"A"), Output(".nojekyll", b""), Output("catalog.json", b"{}")]
    write_site(outputs, tmp_path / "site")
    stale = tmp_path / ".credcat-tmp-site-999999999"
    stale.mkdir()
    stats = write_site(outputs, tmp_path / "site")
    assert stats.written == 0
    assert not stale.exists()
