"""The build cache: unchanged files are not checked again; any change is seen."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import orjson
import pytest

from credcat.commands.cli import main
from credcat.core.diagnostics import Report
from credcat.core.output import Output
from credcat.load import pipeline, search_entry
from credcat.load.cache import _FORMAT as cache_format
from credcat.load.cache import BuildCache, cache_path, code_salt
from credcat.model.records import Credential
from credcat.publish.build import build
from tests.catalogs import CATALOG, credential, write_catalog


def _count_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = pipeline.check_file

    def counting(item: tuple[object, Path, str]) -> pipeline.FileResult:
        seen.append(item[2])
        return real(item)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "check_file", counting)
    return seen


def test_second_build_reuses_checked_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = write_catalog(tmp_path, {"credentials/second.md": credential(title="Second")})
    out = tmp_path / "site"
    seen = _count_checks(monkeypatch)
    assert build(content, Report(), output=out) is not None
    assert sorted(seen) == ["data-basics", "second", "test-uni"]
    assert (tmp_path / ".credcat-cache" / "site.json").is_file()

    seen.clear()
    assert build(content, Report(), output=out) is not None
    assert seen == []

    path = content / "credentials/second.md"
    path.write_text(credential(title="Second, edited"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    seen.clear()
    result = build(content, Report(), output=out)
    assert result is not None
    assert seen == ["second"]
    page = (out / "credentials/second/index.html").read_text(encoding="utf-8")
    assert "Second, edited" in page


def test_cached_errors_are_reported_again(tmp_path: Path) -> None:
    content = write_catalog(tmp_path, {"credentials/data-basics.md": credential(issuer="x-y")})
    for _ in range(2):
        report = Report()
        assert build(content, report, output=tmp_path / "site") is None
        assert [d.code for d in report.errors] == ["ref.unknown"]


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


class _Planted:
    """Unpickling this runs code: it would create the file named by ``marker``."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def _planted_caches(tmp_path: Path, marker: Path) -> dict[str, bytes]:
    evil = pickle.dumps(_Planted(marker))
    salt = code_salt()
    header = orjson.dumps({"cache": "credcat build cache", "format": cache_format, "salt": salt})
    return {
        "malicious pickle": evil,
        "pickle after a valid header": header + b"\n" + evil,
        "garbage": bytes(range(256)) * 40,
        "empty": b"",
        "foreign JSON": b'{"files": {"x": 1}, "renders": {}}\n',
        "another version": orjson.dumps({"cache": "credcat build cache", "format": 1, "salt": "0"})
        + b"\n[]",
        "valid header, garbage body": header + b"\n{nope",
        "valid header, a class the model does not have": header
        + b'\n["f", "k", ["c", "os.system", "touch x"]]',
        "valid header, a path out of the site": header
        + b'\n["r", "a", "k", [["../../etc/passwd", "0"]], null]',
        **{f"valid header, {name}": header + b"\n" + body for name, body in _WRONG_SHAPES.items()},
    }


_ENTRY = b'["c", "credcat.load.search_entry.Entry", "k", ["t", "word"], '
_WRONG_SHAPES = {
    "a line that is no entry": b'{"files": [], "renders": {}}',
    "an unknown tag": b'["x", "k", 1]',
    "a file entry of two items": b'["f", "k"]',
    "a file key that is a number": b'["f", 5, 1]',
    "a render entry of too few items": b'["r", "a", "k", []]',
    "a render entry a dict": b'["r", "a", {"key": "k"}, [], null]',
    "a written list a string": b'["r", "a", "k", "index.html", null]',
    "a written pair of numbers": b'["r", "a", "k", [[1, 2]], null]',
    "a good line, then a bad one": b'["r", "a", "k", [], null]\n["r", "b"]',
    "an entry whose weights do not match": b'["r", "a", "k", [], '
    + _ENTRY
    + b'["t", 6, 5], "<p></p>"]]',
    "an entry with an unknown weight": b'["r", "a", "k", [], ' + _ENTRY + b'["t", 99], "<p></p>"]]',
    "an entry whose words are a list": b'["r", "a", "k", [], '
    + _ENTRY.replace(b'["t", "word"]', b'["l", "word"]')
    + b'["t", 6], "<p></p>"]]',
    "an entry without its card": b'["r", "a", "k", [], ' + _ENTRY + b'["t", 6]]]',
    "a file entry holding a search entry": b'["f", "k", ' + _ENTRY + b'["t", 6], "<p></p>"]]',
}
"""Cache bodies of the wrong shape (after a valid header): each is ignored with a note."""


def test_planted_or_corrupt_caches_are_ignored_and_run_no_code(tmp_path: Path) -> None:
    content = write_catalog(tmp_path)
    clean = tmp_path / "clean"
    assert build(content, Report(), output=clean) is not None
    expected = _tree(clean)
    marker = tmp_path / "code-ran"
    out = tmp_path / "site"
    for name, data in _planted_caches(tmp_path, marker).items():
        shutil.rmtree(out, ignore_errors=True)
        for cache in (cache_path(out), cache_path(out).with_suffix(".pickle")):
            cache.parent.mkdir(exist_ok=True)
            cache.write_bytes(data)
        result = build(content, Report(), output=out)
        assert result is not None, name
        assert not marker.exists(), name
        assert _tree(out) == expected, name
        note = result.cache.note
        assert note is not None, name
        assert "checks every file again" in note, name
        # The cache it wrote instead is JSON with the header first.
        first = cache_path(out).read_bytes().split(b"\n", 1)[0]
        assert orjson.loads(first)["salt"] == code_salt()


def test_a_missing_cache_gives_no_note(tmp_path: Path) -> None:
    content = write_catalog(tmp_path)
    result = build(content, Report(), output=tmp_path / "site")
    assert result is not None
    assert result.cache.note is None


def test_the_cli_prints_the_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_catalog(tmp_path)
    monkeypatch.chdir(tmp_path)
    cache = cache_path(Path("site"))
    cache.parent.mkdir()
    cache.write_bytes(b"\x80\x04garbage")
    assert main(["build", "-q"]) == 0
    err = capsys.readouterr().err
    assert "note: the build cache site.json cannot be used" in err


def test_a_hand_edited_output_file_is_restored(tmp_path: Path) -> None:
    content = write_catalog(tmp_path, {"credentials/second.md": credential(title="Second")})
    clean = tmp_path / "clean"
    assert build(content, Report(), output=clean) is not None
    out = tmp_path / "site"
    assert build(content, Report(), output=out) is not None
    edited = [
        "credentials/second/index.html",
        "badges/second.json",
        "index.html",
        "catalog.json",
        "images/badge.svg",
    ]
    for rel in edited:
        (out / rel).write_bytes(b"<p>changed by hand</p>")
    (out / "badges/data-basics.json").unlink()
    same = out / "feed.xml"
    os.utime(same, ns=(1, 1))  # a touched but unchanged file stays as it is
    result = build(content, Report(), output=out)
    assert result is not None
    assert result.stats is not None
    assert _tree(out) == _tree(clean)
    assert result.stats.written == len(edited) + 1


def test_a_build_killed_before_saving_its_cache_does_not_poison_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "content/credentials/second.md"
    content = write_catalog(tmp_path, {"credentials/second.md": credential(title="Second")})
    out = tmp_path / "site"
    assert build(content, Report(), output=out) is not None
    before = _tree(out)
    path.write_text(credential(title="Second, new"), encoding="utf-8")
    with monkeypatch.context() as patched:
        patched.setattr(BuildCache, "save", lambda self: None)  # as if killed right here
        assert build(content, Report(), output=out) is not None
    assert _tree(out) != before
    path.write_text(credential(title="Second"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert build(content, Report(), output=out) is not None
    assert _tree(out) == before


def test_validate_writes_no_cache(tmp_path: Path) -> None:
    content = write_catalog(tmp_path)
    assert build(content, Report(), output=tmp_path / "site", write=False) is not None
    assert not (tmp_path / ".credcat-cache").exists()


def test_unchanged_credentials_are_not_rendered_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from credcat.publish import build as build_module

    extra = "stacks_into: [second]\n"
    content = write_catalog(
        tmp_path,
        {
            "credentials/data-basics.md": credential(extra=extra),
            "credentials/second.md": credential(title="Second"),
            "credentials/third.md": credential(title="Third"),
        },
    )
    out = tmp_path / "site"
    assert build(content, Report(), output=out) is not None
    rendered: list[str] = []
    real = build_module._render_credential

    def counting(cid: str) -> tuple[list[Output], search_entry.Entry | None]:
        rendered.append(cid)
        return real(cid)

    monkeypatch.setattr(build_module, "_render_credential", counting)
    result = build(content, Report(), output=out)
    assert result is not None
    assert result.stats is not None
    assert rendered == []
    assert result.stats.written == 0

    path = content / "credentials/second.md"
    path.write_text(credential(title="Second, renamed"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    result = build(content, Report(), output=out)
    assert result is not None
    # The edited credential and the one that shows its title (a component of it).
    assert sorted(rendered) == ["data-basics", "second"]
    page = (out / "credentials/data-basics/index.html").read_text(encoding="utf-8")
    assert "Second, renamed" in page


def test_only_the_edited_credential_is_tokenised_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A credential's search entry (its words and card, per language) is kept in the cache:
    an edit makes the edited credential's entries again, not those of the credential whose
    page shows its title; a new card template makes all of them again; and the search index
    stays what a clean build makes."""
    from credcat.render import render_html

    files: dict[str, str | bytes] = {
        "catalog.yaml": CATALOG + "languages: [en, ms]\n",
        "credentials/data-basics.md": credential(extra="stacks_into: [second]\n"),
        "credentials/second.md": credential(title="Second"),
        "credentials/third.md": credential(title="Third"),
    }
    content = write_catalog(tmp_path, files)
    out = tmp_path / "site"
    made: list[str] = []

    def counting(key: str, cred: Credential, **rest: str) -> search_entry.Entry:
        made.append(cred.id)
        return search_entry.make_entry(key, cred, **rest)

    monkeypatch.setattr(render_html, "make_entry", counting)
    assert build(content, Report(), output=out) is not None
    assert sorted(made) == sorted(["data-basics", "second", "third"] * 2)

    made.clear()
    path = content / "credentials/second.md"
    path.write_text(credential(title="Second, renamed"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert build(content, Report(), output=out) is not None
    assert made == ["second", "second"]  # in English and in Malay
    records = (out / "search/records/0.json").read_text(encoding="utf-8")
    assert "Second, renamed" in records

    # The theme is part of every entry's key: a new card template makes every card again.
    card = content / "templates/partials/card.html"
    card.parent.mkdir(parents=True)
    card.write_text('{% include "default/partials/card.html" %}<p>new card</p>', encoding="utf-8")
    made.clear()
    assert build(content, Report(), output=out) is not None
    assert sorted(made) == sorted(["data-basics", "second", "third"] * 2)
    assert "new card" in (out / "ms/search/records/0.json").read_text(encoding="utf-8")

    clean = tmp_path / "clean"
    assert build(content, Report(), output=clean) is not None
    assert _tree(out) == _tree(clean)


def test_the_babel_version_is_part_of_the_code_salt(monkeypatch: pytest.MonkeyPatch) -> None:
    """CLDR data decides how dates and money are written: a new Babel renders every page."""
    import credcat.load.cache

    before = code_salt()
    monkeypatch.setattr(credcat.load.cache, "BABEL_VERSION", "0.0.0-other")
    assert code_salt() != before


def test_a_save_encodes_only_the_entries_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache is one entry per line; a save writes the lines of entries it still holds as
    they were read, and encodes only what this build made. Reading them back gives the build
    a clean one equals."""
    from credcat.core.cachecodec import Codec

    titles = [f"Course {n}" for n in range(6)]
    files: dict[str, str | bytes] = {
        f"credentials/course-{n}.md": credential(title=title) for n, title in enumerate(titles)
    }
    content = write_catalog(tmp_path, files)
    out = tmp_path / "site"
    assert build(content, Report(), output=out) is not None
    before = cache_path(out).read_bytes().splitlines()

    encoded: list[object] = []
    real = Codec.encode
    depth = [0]

    def counting(self: Codec, value: object) -> object:
        if depth[0] == 0:
            encoded.append(value)
        depth[0] += 1
        try:
            return real(self, value)
        finally:
            depth[0] -= 1

    monkeypatch.setattr(Codec, "encode", counting)
    path = content / "credentials/course-3.md"
    path.write_text(credential(title="Course 3, edited"), encoding="utf-8")
    assert build(content, Report(), output=out) is not None
    after = cache_path(out).read_bytes().splitlines()
    # The edited file's checked result and its search entry (one language).
    assert len(encoded) == 2, encoded
    assert after[0] == before[0]  # the header

    def file_lines(lines: list[bytes]) -> set[bytes]:
        return {line for line in lines if line.startswith(b'["f",')}

    changed = file_lines(after) - file_lines(before)
    assert len(changed) == 1
    assert b"course-3.md" in changed.pop()
    assert len(file_lines(after)) == len(file_lines(before)) == 8  # data-basics, the issuer

    assert build(content, Report(), output=out) is not None  # read back, nothing to do
    clean = tmp_path / "clean"
    assert build(content, Report(), output=clean) is not None
    assert _tree(out) == _tree(clean)
