"""Files are read and written only inside the catalog or theme: links out are refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from credcat.commands.cli import main
from credcat.core.diagnostics import Report
from credcat.core.files import FileProblem, read_inside
from credcat.publish.build import build
from tests.catalogs import write_catalog

SECRET = "a line that must never be shown"


def test_read_inside_follows_links_that_stay_and_refuses_the_rest(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    (root / "a").mkdir(parents=True)
    (root / "a/real.txt").write_text("inside", encoding="utf-8")
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    (root / "inner.txt").symlink_to(root / "a/real.txt")
    (root / "outer.txt").symlink_to(tmp_path / "secret.txt")
    (root / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (root / "out").symlink_to(tmp_path)
    os.mkfifo(root / "pipe")
    assert read_inside(root, "inner.txt") == b"inside"
    for rel, kind in [
        ("outer.txt", "outside"),
        ("dangling.txt", "outside"),
        ("out/secret.txt", "outside"),
        ("missing.txt", "missing"),
        ("pipe", "not-file"),
        ("a", "not-file"),
    ]:
        with pytest.raises(FileProblem) as info:
            read_inside(root, rel)
        assert info.value.kind == kind, rel
        assert SECRET not in str(info.value)
        assert str(tmp_path) not in str(info.value)  # the target is not shown either
    with pytest.raises(FileProblem) as info:
        read_inside(root, "a/real.txt", max_bytes=3)
    assert info.value.kind == "too-large"


def _lock(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["lock", str(tmp_path / "content")])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_lock_never_writes_through_a_link_out_of_the_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    content = write_catalog(tmp_path)
    monkeypatch.chdir(tmp_path)
    outside = tmp_path / "elsewhere"
    (content / "versions").symlink_to(outside / "versions")  # dangling: nothing read
    code, text = _lock(tmp_path, capsys)
    assert code == 1
    assert "content/versions/.gitattributes:1:1: error[path.outside]: not written" in text
    assert "nothing was written" in text
    assert not outside.exists()
    assert not (content / "published.lock").exists()

    (content / "versions").unlink()
    (tmp_path / "target.lock").write_text(SECRET, encoding="utf-8")
    (content / ".published.lock.credcat-tmp").symlink_to(tmp_path / "target.lock")
    code, text = _lock(tmp_path, capsys)
    assert code == 0, text
    assert (tmp_path / "target.lock").read_text(encoding="utf-8") == SECRET
    assert (content / "published.lock").is_file()
    assert not (content / "published.lock").is_symlink()


def test_a_lock_file_linked_out_is_neither_shown_nor_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    content = write_catalog(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "passwd").write_text(f"base_url {SECRET}\nnonsense {SECRET}\n", "utf-8")
    (content / "published.lock").symlink_to(tmp_path / "passwd")
    for command in ("validate", "check", "lock", "build"):
        assert main([command, "content"]) == 1
        captured = capsys.readouterr()
        assert SECRET not in captured.out + captured.err, command
        assert "error[path.outside]" in captured.err, command
    assert (tmp_path / "passwd").read_text("utf-8").startswith("base_url")


def test_theme_static_links_out_are_never_copied_to_the_site(tmp_path: Path) -> None:
    content = write_catalog(tmp_path)
    (content / "catalog.yaml").write_text(
        "title: T\nbase_url: https://example.org/catalog/\ntheme: corp\n", encoding="utf-8"
    )
    static = content / "themes/corp/static"
    static.mkdir(parents=True)
    (static / "ok.css").write_text("a { color: red }", encoding="utf-8")
    (static / "inside.css").symlink_to(static / "ok.css")
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    out = tmp_path / "site"
    report = Report()
    assert build(content, report, output=out) is not None, report.sorted()
    assert (out / "assets/inside.css").read_text(encoding="utf-8") == "a { color: red }"
    for name in ("leak.txt", "folder"):
        link = static / name
        link.symlink_to(tmp_path / "secret.txt" if name == "leak.txt" else tmp_path)
        report = Report()
        assert build(content, report, output=out) is None
        assert [(d.code, d.location.path.rsplit("/", 1)[-1]) for d in report.errors] == [
            ("path.outside", name)
        ]
        link.unlink()
    assert not list(out.rglob("leak.txt"))
    assert all(SECRET.encode() not in p.read_bytes() for p in out.rglob("*") if p.is_file())


def test_import_and_new_never_write_through_a_link_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    content = write_catalog(tmp_path)
    monkeypatch.chdir(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (content / "credentials/other.md").symlink_to(outside / "other.md")  # dangling
    code = main(["new", "other", "content"])
    err = capsys.readouterr().err
    assert code == 1
    assert "content/credentials/other.md:1:1: error[path.outside]: not written" in err
    fixture = Path(__file__).parent / "fixtures/import/badgr-export.json"
    (content / "images/customer-service-excellence.svg").symlink_to(outside / "x.svg")
    assert main(["import", "--catalog", "content", str(fixture)]) == 1
    err = capsys.readouterr().err
    assert "images/customer-service-excellence.svg:1:1: error[path.outside]" in err
    assert list(outside.iterdir()) == []
    assert not (content / "credentials/customer-service-excellence.md").exists()
