"""Tests for the atomic, deterministic site writer."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import orjson
import pytest

from credcat.core.diagnostics import CatalogError, Location
from credcat.core.output import Output
from credcat.model.config import check_output_folder
from credcat.publish.writer import MANIFEST, write_site

STAGING = (".credcat-tmp-", ".credcat-old-")


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
    assert files == [".credcat-manifest.json", ".nojekyll", "a.html", "c.txt", "catalog.json"]
    assert (stats.written, stats.unchanged, stats.removed) == (1, 3, 1)
    manifest = orjson.loads((site / MANIFEST).read_bytes())
    assert manifest == {
        "files": [".nojekyll", "a.html", "c.txt", "catalog.json"],
        "generator": "credcat",
    }
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(STAGING)]
    # The replaced site is kept beside the build cache, for the next write to stage in.
    assert (tmp_path / ".credcat-cache" / "spare-site" / "x" / "b.json").read_bytes() == b"B"


def test_unchanged_files_are_not_rewritten(tmp_path: Path) -> None:
    site = tmp_path / "site"
    outputs = [Output("a.html", b"A"), Output(".nojekyll", b""), Output("catalog.json", b"{}")]
    write_site(outputs, site)
    before = (site / "a.html").stat()
    write_site(outputs, site)
    after = (site / "a.html").stat()
    assert before.st_ino == after.st_ino
    assert before.st_mtime_ns == after.st_mtime_ns


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.mark.parametrize("atomic", [True, False])
def test_refuses_to_replace_a_folder_credcat_did_not_make(tmp_path: Path, atomic: bool) -> None:
    site = tmp_path / "docs"
    (site / "guide").mkdir(parents=True)
    (site / "empty").mkdir()
    (site / "important.txt").write_text("keep me", encoding="utf-8")
    (site / "index.html").write_text("their home page", encoding="utf-8")
    for n in range(6):
        (site / "guide" / f"{n}.md").write_text("notes", encoding="utf-8")
    before = _files(site)
    with pytest.raises(CatalogError) as info:
        write_site([Output("index.html", b"x")], site, atomic=atomic)
    (diagnostic,) = info.value.diagnostics
    assert diagnostic.code == "output.foreign-files"
    assert diagnostic.message == (
        "the output folder holds 4 files that credcat did not write: empty/, guide/, "
        "important.txt, index.html; refusing to delete or replace them"
    )
    assert "--replace-output" in (diagnostic.hint or "")
    assert _files(site) == before
    assert (site / "empty").is_dir()


def test_a_foreign_file_in_a_previous_build_is_named_and_kept(tmp_path: Path) -> None:
    site = tmp_path / "site"
    outputs = [Output("a.html", b"A"), Output("x/b.json", b"B")]
    write_site(outputs, site)
    for n in range(7):
        (site / "x" / f"added-{n}.txt").write_text("mine", encoding="utf-8")
    (site / "link").symlink_to(tmp_path)
    before = _files(site)
    with pytest.raises(CatalogError) as info:
        write_site(outputs, site)
    message = info.value.diagnostics[0].message
    assert message.startswith("the output folder holds 8 files that credcat did not write: ")
    assert "link, x/added-0.txt, x/added-1.txt, x/added-2.txt, x/added-3.txt and 3 more" in message
    assert _files(site) == before
    stats = write_site(outputs, site, replace_foreign=True)
    assert stats.removed == 8
    assert sorted(_files(site)) == [MANIFEST, "a.html", "x/b.json"]
    assert tmp_path.is_dir()  # the link was removed, not followed


@pytest.mark.parametrize(
    "manifest",
    [b"garbage", b'{"generator": "someone", "files": ["keep.txt"]}', b"[]", b'{"generator": 1}'],
)
def test_a_corrupt_or_foreign_manifest_protects_everything(tmp_path: Path, manifest: bytes) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / MANIFEST).write_bytes(manifest)
    (site / "keep.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        write_site([Output("a.html", b"A")], site)
    assert info.value.diagnostics[0].code == "output.foreign-files"
    assert "keep.txt" in info.value.diagnostics[0].message


def test_a_hand_edited_manifest_file_is_rewritten(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_site([Output("a.html", b"A")], site)
    clean = (site / MANIFEST).read_bytes()
    (site / MANIFEST).write_text('{"generator": "credcat", "files": ["a.html"]} ', "utf-8")
    write_site([Output("a.html", b"A")], site)
    assert (site / MANIFEST).read_bytes() == clean


def test_a_file_in_place_of_the_output_folder_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.write_text("a file", encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        write_site([Output("a.html", b"A")], site)
    assert info.value.diagnostics[0].code == "output.foreign"
    assert site.read_text(encoding="utf-8") == "a file"


@pytest.mark.parametrize("path", ["../evil.html", "/abs.html", "a/../../b", "", "a\\b"])
def test_unsafe_output_paths_are_refused(tmp_path: Path, path: str) -> None:
    with pytest.raises(CatalogError) as info:
        write_site([Output("a.html", b"A"), Output(path, b"x")], tmp_path / "site")
    assert info.value.diagnostics[0].code == "output.path"
    assert list(tmp_path.iterdir()) == []


def test_two_outputs_at_one_path_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as info:
        write_site([Output("a.json", b"1"), Output("a.json", b"2")], tmp_path / "site")
    assert info.value.diagnostics[0].code == "output.collision"
    assert list(tmp_path.iterdir()) == []


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
    assert not (tmp_path / ".credcat-cache").exists()


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


@pytest.mark.parametrize(
    ("output", "code"),
    [
        ("site", None),
        ("other/site", None),
        (".", "output.repository"),
        ("..", "output.repository"),
        (".git/site", "output.repository"),
        ("pages", "output.repository"),  # a checkout of its own
        ("content", "output.overlaps-catalog"),
        ("content/site", "output.overlaps-catalog"),
    ],
)
def test_the_output_folder_may_not_replace_the_catalog_or_a_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output: str, code: str | None
) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "content").mkdir()
    (repo / "pages/.git").mkdir(parents=True)
    monkeypatch.chdir(repo)
    problems = check_output_folder(repo / output, repo / "content", Location(path="x"))
    assert [p.code for p in problems] == ([code] if code else [])


def test_the_writer_has_no_threads_running_when_the_process_forks(tmp_path: Path) -> None:
    """Render workers are forked mid-write: the writer's threads finish and stop first."""
    import threading

    from credcat.publish.writer import SiteWriter

    site = tmp_path / "site"
    write_site([Output("a/1.html", b"old")], site)
    before = threading.active_count()
    writer = SiteWriter(site)
    writer.add(Output("a/1.html", b"new"))  # staging starts: threads run
    assert threading.active_count() > before
    pid = os.fork()
    if pid == 0:  # the child exits at once, as a render worker would when done
        os._exit(0)
    os.waitpid(pid, 0)
    assert threading.active_count() == before  # stopped before the fork
    writer.add(Output("b/2.html", b"two"))  # and started again after it
    stats = writer.finish()
    assert (stats.written, stats.unchanged) == (2, 0)
    assert (site / "a/1.html").read_bytes() == b"new"
    assert (site / "b/2.html").read_bytes() == b"two"


def _site_files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def _outputs(version: int) -> list[Output]:
    """A site of 30 pages in a few folders; ``version`` changes page 0 and drops page 1."""
    pages = [
        Output(f"{'abc'[i % 3]}/{i}/index.html", f"page {i} v{version if i == 0 else 0}".encode())
        for i in range(30)
        if not (version > 1 and i == 1)
    ]
    deep = [Output("n/deep/er/index.html", b"deep")] if version < 2 else []
    return [*pages, *deep, Output(".nojekyll", b""), Output("catalog.json", b"{}")]


def test_an_edit_stages_in_the_replaced_site_and_links_only_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, spare = tmp_path / "site", tmp_path / ".credcat-cache" / "spare-site"
    write_site(_outputs(0), site)
    write_site(_outputs(1), site)  # the first site replaced becomes the spare
    assert _site_files(spare)["a/0/index.html"] == b"page 0 v0"
    links: list[str] = []
    real_link = os.link

    def counted(source: str, dest: str) -> None:
        links.append(dest)
        real_link(source, dest)

    monkeypatch.setattr(os, "link", counted)
    stats = write_site(_outputs(2), site)
    monkeypatch.undo()
    assert (stats.written, stats.removed) == (1, 2)  # page 0 changed, page 1 and n/ gone
    expected = {o.path: o.data for o in _outputs(2)}
    got = _site_files(site)
    assert {k: v for k, v in got.items() if k != MANIFEST} == expected
    assert not [p for p in site.rglob("*") if p.is_dir() and not any(p.iterdir())]
    # Page 0 and the manifest were written anew; every other file of the spare already was
    # the site's own file, so nothing was linked again.
    assert links == []
    # The site replaced is the spare now, and it shares its unchanged files with the site.
    kept = _site_files(spare)
    assert kept["a/0/index.html"] == b"page 0 v1"
    assert "b/1/index.html" in kept
    same = (site / "b/4/index.html").stat(), (spare / "b/4/index.html").stat()
    assert same[0].st_ino == same[1].st_ino


def _with_spare(tmp_path: Path, folder: str) -> tuple[Path, Path, Path]:
    """A site written twice (so the first is the spare), and a folder beside it holding
    keep.txt: (site, spare, folder)."""
    site, spare = tmp_path / "site", tmp_path / ".credcat-cache" / "spare-site"
    (tmp_path / folder).mkdir()
    (tmp_path / folder / "keep.txt").write_bytes(b"keep")
    write_site(_outputs(0), site)
    write_site(_outputs(1), site)
    return site, spare, tmp_path / folder


def test_nothing_in_the_spare_is_trusted(tmp_path: Path) -> None:
    site, spare, outside = _with_spare(tmp_path, "outside")
    # Every kind of damage: another file under the same name, a stray file, a folder where
    # a file goes, a file where a folder goes, links to files and folders outside.
    (spare / "b/4/index.html").unlink()
    (spare / "b/4/index.html").write_bytes(b"page 4 forged")
    (spare / "stray.html").write_bytes(b"stray")
    (spare / "catalog.json").unlink()
    (spare / "catalog.json").mkdir()
    (spare / "catalog.json" / "inside").write_bytes(b"x")
    for path in (spare / "c").iterdir():
        if path.is_dir():
            path.rename(tmp_path / f"moved-{path.name}")
    (spare / "c" / "2").write_bytes(b"a file where a folder was")
    (spare / "a/3/index.html").unlink()
    (spare / "a/3/index.html").symlink_to(outside / "keep.txt")
    (spare / "b/7").rename(tmp_path / "moved-b7")
    (spare / "b/7").symlink_to(outside, target_is_directory=True)
    write_site(_outputs(2), site)
    expected = {o.path: o.data for o in _outputs(2)}
    got = {k: v for k, v in _site_files(site).items() if k != MANIFEST}
    assert got == expected
    assert not [p for p in site.rglob("*") if p.is_symlink()]
    assert not [p for p in site.rglob("*") if p.is_dir() and not any(p.iterdir())]
    assert (outside / "keep.txt").read_bytes() == b"keep"
    assert [p.name for p in outside.iterdir()] == ["keep.txt"]


def test_a_spare_that_is_a_link_is_not_staged_in(tmp_path: Path) -> None:
    site, spare, elsewhere = _with_spare(tmp_path, "elsewhere")
    shutil.rmtree(spare)
    spare.symlink_to(elsewhere, target_is_directory=True)
    write_site(_outputs(2), site)
    got = {k: v for k, v in _site_files(site).items() if k != MANIFEST}
    assert got == {o.path: o.data for o in _outputs(2)}
    assert [p.name for p in elsewhere.iterdir()] == ["keep.txt"]
    assert spare.is_dir()
    assert not spare.is_symlink()


@pytest.mark.parametrize("atomic", [True, False])
def test_a_removed_page_leaves_no_empty_folder(tmp_path: Path, atomic: bool) -> None:
    """`credcat serve` writes in place: a deleted credential's folders go with its page, or
    the next build would refuse them as folders credcat did not write."""
    site = tmp_path / "site"
    pages = [Output("index.html", b"home"), Output("credentials/old/index.html", b"old")]
    pages.append(Output("browse/cost/free/page/2/index.html", b"two"))
    write_site(pages, site, atomic=atomic)
    write_site(pages[:1], site, atomic=atomic)
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == [
        ".credcat-manifest.json",
        "index.html",
    ]
    write_site(pages, site, atomic=atomic)  # and the next build runs
    assert (site / "browse/cost/free/page/2/index.html").read_bytes() == b"two"
