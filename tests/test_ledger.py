"""published.lock, credcat lock and credcat check on small catalogs (see also the history test)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from credcat.commands.cli import main
from credcat.core.diagnostics import Report
from credcat.ledger.lockfile import read_ledger, url_path
from credcat.ledger.meaning import meaning
from credcat.publish.build import build
from tests.catalogs import credential, write_catalog


@pytest.fixture
def locked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small catalog, locked; the working directory is its project folder."""
    content = write_catalog(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["lock"]) == 0
    return content


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_lock_records_urls_meanings_and_preserves_the_version(locked: Path) -> None:
    text = (locked / "published.lock").read_text(encoding="utf-8")
    lines = text.splitlines()
    body = [line for line in lines if not line.startswith("#")]
    assert body[0] == "base_url https://example.org/catalog/"
    assert body[1].startswith("credential data-basics version=1.0 name=")
    assert "issuer=test-uni" in body[1]
    assert "type=MicroCredential" in body[1]
    assert "issuer test-uni" in body
    urls = [line for line in body if line.startswith("url ")]
    assert urls == sorted(urls)
    assert "url /credentials/data-basics/" in urls
    badge = next(line for line in urls if line.startswith("url /badges/data-basics.json "))
    assert len(badge.split()[2]) == 64
    for kind in ("badges", "achievements"):
        preserved = locked / f"versions/{kind}/data-basics/v1.0.json"
        doc = json.loads(preserved.read_text(encoding="utf-8"))
        assert doc["id"] == f"https://example.org/catalog/{kind}/data-basics/v1.0.json"


def test_lock_twice_changes_nothing(locked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (locked / "published.lock").read_bytes()
    code, out, _ = _run(capsys, "lock")
    assert code == 0
    assert "wrote" not in out
    assert "0 URLs added, 0 removed, 0 documents changed, 0 version files preserved" in out
    assert (locked / "published.lock").read_bytes() == before


def test_built_version_documents_are_the_preserved_bytes(locked: Path) -> None:
    assert main(["build", "-q"]) == 0
    site = locked.parent / "site"
    for kind in ("badges", "achievements"):
        rel = f"{kind}/data-basics/v1.0.json"
        assert (site / rel).read_bytes() == (locked / "versions" / rel).read_bytes()


def test_check_reports_unrecorded_changes_and_frozen_fails(
    locked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "check")
    assert code == 0
    assert "up to date" in out
    (locked / "credentials/data-more.md").write_text(credential(title="More"), "utf-8")
    code, out, _ = _run(capsys, "check")
    assert code == 0
    assert "is not up to date" in out
    assert "/achievements/data-more.json" in out
    code, out, _ = _run(capsys, "check", "--frozen")
    assert code == 1


def test_check_without_a_ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_catalog(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0
    # Nothing was published before the first lock: the first deploy may go ahead.
    assert main(["check", "--frozen"]) == 0


def test_meaning_changed_is_located_at_the_field(
    locked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = locked / "credentials/data-basics.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: Data Analysis Basics", "title: Data Basics"), "utf-8")
    code, _, err = _run(capsys, "build")
    assert code == 1
    assert err.splitlines()[:2] == [
        "content/credentials/data-basics.md:2:8: error[ledger.meaning-changed]: the title of "
        "'data-basics' changed, but version 1.0 was already published with the old one: "
        "badges awarded for it would change meaning",
        '  hint: bump the version (e.g. version: "1.1"), describe the change under `changes:` '
        "and run `credcat lock`; version 1.0 stays published at "
        "badges/data-basics/v1.0.json. Or undo the change",
    ]
    assert not (locked.parent / "site").exists()
    code, _, err = _run(capsys, "lock")
    assert code == 1
    assert "lock failed" in err


@pytest.mark.parametrize(
    ("old", "new", "label"),
    [
        ("Pass the **final project**.", "Pass the final exam.", "criteria"),
        ("issuer: test-uni", "issuer: other-uni", "issuer"),
        ("test-1\n", "test-2\n", "skills (alignments)"),
        ("---\ntitle:", "---\ntype: Course\ntitle:", "type (achievementType)"),
    ],
)
def test_every_part_of_the_meaning_is_guarded(
    locked: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, label: str
) -> None:
    (locked / "issuers/other-uni.yaml").write_text(
        "name: Other University\nurl: https://other.example/\nemail: a@other.example\n", "utf-8"
    )
    path = locked / "credentials/data-basics.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, _, err = _run(capsys, "check")
    assert code == 1
    assert f"error[ledger.meaning-changed]: the {label} of 'data-basics' changed" in err
    path.write_text(text.replace(old, new, 1).replace("---\n", '---\nversion: "2.0"\n', 1))
    code, _, err = _run(capsys, "check")
    assert code == 0, err
    assert (
        "content/credentials/data-basics.md:2:10: warning[ledger.change-note]: version 2.0 of "
        "'data-basics' has no entry under `changes`" in err
    )
    assert _run(capsys, "validate", "--strict")[0] == 1
    note = '---\nversion: "2.0"\nchanges: [{version: "2.0", note: New rules.}]\n'
    path.write_text(text.replace(old, new, 1).replace("---\n", note, 1))
    code, _, err = _run(capsys, "validate", "--strict")
    assert code == 0, err


def test_lock_accept_breaking_records_a_deliberate_removal(
    locked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (locked / "credentials/data-more.md").write_text(credential(title="More"), "utf-8")
    assert _run(capsys, "lock")[0] == 0
    (locked / "credentials/data-more.md").unlink()
    code, _, err = _run(capsys, "lock")
    assert code == 1
    assert "error[ledger.url-removed]: credential 'data-more' was published" in err
    code, out, err = _run(capsys, "lock", "--accept-breaking")
    assert code == 0, err
    assert "error[ledger.url-removed]" in err  # still shown, then recorded
    assert "4 removed" in out
    lock = (locked / "published.lock").read_text(encoding="utf-8")
    assert "credential data-more" not in lock
    assert "url /badges/data-more.json" not in lock
    # Its preserved version stays published while versions/ holds it.
    assert "url /badges/data-more/v1.0.json" in lock
    assert _run(capsys, "check", "--frozen")[0] == 0


def test_accept_breaking_after_a_meaning_change_preserves_the_new_definition(
    locked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = locked / "credentials/data-basics.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Pass the **final project**.", "Pass a quiz."), "utf-8")
    assert _run(capsys, "lock", "--accept-breaking")[0] == 0
    preserved = json.loads((locked / "versions/badges/data-basics/v1.0.json").read_text("utf-8"))
    assert preserved["criteria"]["narrative"] == "Pass a quiz.\n"
    assert _run(capsys, "check", "--frozen")[0] == 0


def test_an_issuer_cannot_disappear_but_can_be_renamed(
    locked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    issuer = (locked / "issuers/test-uni.yaml").read_text(encoding="utf-8")
    (locked / "issuers/test-uni.yaml").unlink()
    (locked / "issuers/test-university.yaml").write_text(issuer, encoding="utf-8")
    cred = locked / "credentials/data-basics.md"
    text = cred.read_text(encoding="utf-8")
    cred.write_text(text.replace("issuer: test-uni", "issuer: test-university"), "utf-8")
    code, _, err = _run(capsys, "build")
    assert code == 1
    assert "content/published.lock:" in err
    assert "error[ledger.url-removed]: issuer 'test-uni' was published" in err
    assert "renamed_from: [test-uni]" in err
    (locked / "issuers/test-university.yaml").write_text(
        issuer + "renamed_from: [test-uni]\n", encoding="utf-8"
    )
    code, _, err = _run(capsys, "build")
    assert code == 0, err
    site = locked.parent / "site"
    old = json.loads((site / "issuers/test-uni.json").read_text(encoding="utf-8"))
    assert old["id"] == "https://example.org/catalog/issuers/test-uni.json"
    assert old["name"] == "Test University"
    page = (site / "issuers/test-uni/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../../issuers/test-university/">' in page
    assert (
        '<link rel="canonical" href="https://example.org/catalog/issuers/test-university/">' in page
    )
    badge = json.loads((site / "badges/data-basics.json").read_text(encoding="utf-8"))
    assert badge["issuer"] == "https://example.org/catalog/issuers/test-university.json"


def test_renamed_credential_keeps_its_old_json(locked: Path) -> None:
    cred = locked / "credentials/data-basics.md"
    text = cred.read_text(encoding="utf-8")
    cred.unlink()
    (locked / "credentials/data-analysis.md").write_text(
        text.replace("---\n", "---\nrenamed_from: [data-basics]\n", 1), encoding="utf-8"
    )
    assert main(["build", "-q"]) == 0
    site = locked.parent / "site"
    for kind in ("badges", "achievements"):
        old = json.loads((site / f"{kind}/data-basics.json").read_text(encoding="utf-8"))
        assert old["id"] == f"https://example.org/catalog/{kind}/data-basics.json"
        assert old["name"] == "Data Analysis Basics"
        new = json.loads((site / f"{kind}/data-analysis.json").read_text(encoding="utf-8"))
        assert new["id"] == f"https://example.org/catalog/{kind}/data-analysis.json"
    # The preserved 1.0 documents stay under the old id, unchanged.
    assert (site / "badges/data-basics/v1.0.json").read_bytes() == (
        locked / "versions/badges/data-basics/v1.0.json"
    ).read_bytes()
    assert main(["lock"]) == 0
    lock = (locked / "published.lock").read_text(encoding="utf-8")
    assert "credential data-basics version=1.0" in lock
    assert "credential data-analysis version=1.0" in lock


def test_renamed_credential_cannot_change_meaning_either(
    locked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cred = locked / "credentials/data-basics.md"
    text = cred.read_text(encoding="utf-8").replace("**final project**", "quiz")
    cred.unlink()
    (locked / "credentials/data-analysis.md").write_text(
        text.replace("---\n", "---\nrenamed_from: [data-basics]\n", 1), encoding="utf-8"
    )
    code, _, err = _run(capsys, "check")
    assert code == 1
    assert "error[ledger.meaning-changed]: the criteria of 'data-analysis' changed" in err


def test_preview_build_moves_preserved_ids_to_its_base(locked: Path) -> None:
    report = Report()
    out = locked.parent / "preview"
    result = build(locked, report, output=out, base_url="http://127.0.0.1:9999/")
    assert result is not None, report.sorted()
    doc = json.loads((out / "badges/data-basics/v1.0.json").read_text(encoding="utf-8"))
    assert doc["id"] == "http://127.0.0.1:9999/badges/data-basics/v1.0.json"
    assert doc["issuer"] == "http://127.0.0.1:9999/issuers/test-uni.json"


def test_base_url_move_accepted_rewrites_preserved_versions(
    locked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = locked / "catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace("https://example.org/catalog/", "https://new.example/"))
    code, _, err = _run(capsys, "build")
    assert code == 1
    assert err.startswith("content/catalog.yaml:3:11: error[ledger.base-url-moved]: base_url moved")
    assert _run(capsys, "lock", "--accept-breaking")[0] == 0
    doc = json.loads((locked / "versions/badges/data-basics/v1.0.json").read_text("utf-8"))
    assert doc["id"] == "https://new.example/badges/data-basics/v1.0.json"
    assert _run(capsys, "check", "--frozen")[0] == 0
    assert _run(capsys, "build", "-q")[0] == 0


def test_canonical_base_url_keeps_ids_and_serves_from_the_new_path(locked: Path) -> None:
    catalog = locked / "catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(
        text.replace(
            "base_url: https://example.org/catalog/",
            "base_url: https://catalog.example.net/\n"
            "canonical_base_url: https://example.org/catalog/",
        )
    )
    assert main(["build", "-q"]) == 0
    site = locked.parent / "site"
    badge = json.loads((site / "badges/data-basics.json").read_text(encoding="utf-8"))
    assert badge["id"] == "https://example.org/catalog/badges/data-basics.json"
    page = (site / "credentials/data-basics/index.html").read_text(encoding="utf-8")
    assert 'href="../../badges/data-basics.json"' in page
    assert 'href="https://example.org/catalog/credentials/data-basics/"' in page  # canonical


def test_edited_lock_line_is_a_located_error(
    locked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lock = locked / "published.lock"
    lock.write_text(lock.read_text(encoding="utf-8") + "garbage here\n", encoding="utf-8")
    code, _, err = _run(capsys, "build")
    assert code == 1
    line = len(lock.read_text(encoding="utf-8").splitlines())
    assert f"content/published.lock:{line}:1: error[ledger.syntax]" in err
    assert "Traceback" not in err


def test_foreign_files_in_versions_are_ignored_with_a_warning(
    locked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (locked / "versions/notes.txt").write_text("hello", encoding="utf-8")
    code, _, err = _run(capsys, "build")
    assert code == 0
    assert "content/versions/notes.txt:1:1: warning[source.ignored]" in err
    (locked / "versions/badges/data-basics/v1.0.json").write_text("{not json", "utf-8")
    code, _, err = _run(capsys, "build")
    assert code == 1
    assert "error[ledger.archive-changed]: cannot read this preserved version" in err


def test_cname_must_match_base_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = write_catalog(tmp_path, {"CNAME": "badges.example.org\n"})
    monkeypatch.chdir(tmp_path)
    report = Report()
    assert build(content, report) is None
    assert [d.code for d in report.errors] == ["config.cname"]
    catalog = (content / "catalog.yaml").read_text(encoding="utf-8")
    (content / "catalog.yaml").write_text(
        catalog.replace("https://example.org/catalog/", "https://badges.example.org/")
    )
    assert build(content, Report()) is not None
    assert (tmp_path / "site/CNAME").read_text(encoding="utf-8") == "badges.example.org\n"


def test_ledger_helpers() -> None:
    assert url_path("index.html") == "/"
    assert url_path("credentials/x/index.html") == "/credentials/x/"
    assert url_path("badges/x.json") == "/badges/x.json"
    assert read_ledger(Path("/nonexistent-catalog"), Report()) is None


def test_version_numbers_order_and_identity() -> None:
    from credcat.ledger.meaning import next_version, version_key, version_value

    assert sorted(["1.10", "1.0", "1.9", "1", "2"], key=version_key) == [
        "1",
        "1.0",
        "1.9",
        "1.10",
        "2",
    ]
    assert version_value("1") == version_value("1.0") == version_value("1.00") == (1,)
    assert version_value("1.10") != version_value("1.1")
    suggested = [next_version(v) for v in ("1", "1.0", "1.9", "2.0.9")]
    assert suggested == ["1.1", "1.1", "1.10", "2.0.10"]


def test_meaning_ignores_presentation(tmp_path: Path) -> None:
    content = write_catalog(tmp_path)
    report = Report()
    result = build(content, report, write=False)
    assert result is not None
    cred = result.catalog.credentials["data-basics"]
    from dataclasses import replace

    assert meaning(replace(cred, summary="Other", body="Other")) == meaning(cred)
    assert meaning(replace(cred, criteria=cred.criteria + "\n\n")) == meaning(cred)
    assert meaning(replace(cred, title="X")) != meaning(cred)


def test_a_warm_build_after_lock_rewrites_nothing(locked: Path) -> None:
    first = build(locked, Report())
    assert first is not None
    again = build(locked, Report())
    assert again is not None
    assert again.stats is not None
    assert again.stats.written == 0
    assert again.stats.removed == 0
    assert again.files == first.files


def test_a_used_version_number_cannot_get_another_meaning(
    locked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = locked / "credentials/data-basics.md"
    original = path.read_text(encoding="utf-8")
    bumped = original.replace("Pass the **final project**.", "Pass a quiz.").replace(
        "---\n", '---\nversion: "1.1"\n', 1
    )
    path.write_text(bumped, encoding="utf-8")
    assert _run(capsys, "lock")[0] == 0
    # Back to 1.0 with the new criteria: 1.0 already means something else.
    path.write_text(bumped.replace('version: "1.1"', 'version: "1.0"'), encoding="utf-8")
    code, _, err = _run(capsys, "check")
    assert code == 1
    assert (
        "content/credentials/data-basics.md:2:10: error[ledger.meaning-changed]: version 1.0 of "
        "'data-basics' was already published with another definition" in err
    )
    assert 'e.g. "1.2"' in err
    # Back to 1.0 as it was published: still backwards (#14); versions only go up.
    path.write_text(original.replace("---\n", '---\nversion: "1.0"\n', 1), encoding="utf-8")
    code, _, err = _run(capsys, "check")
    assert code == 1
    assert (
        "error[ledger.version-backwards]: version 1.0 of 'data-basics' is lower than "
        "version 1.1, already published" in err
    )


def test_preserved_versions_are_binary_for_git(locked: Path) -> None:
    attributes = (locked / "versions/.gitattributes").read_text(encoding="utf-8")
    assert "* -text" in attributes.splitlines()


def test_a_preserved_version_cannot_link_outside_the_catalog(
    locked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = locked.parent / "elsewhere.json"
    outside.write_text("{}", encoding="utf-8")
    target = locked / "versions/badges/data-basics/v0.9.json"
    target.symlink_to(outside)
    code, _, err = _run(capsys, "build")
    assert code == 1
    assert "content/versions/badges/data-basics/v0.9.json:1:1: error[path.outside]" in err


def test_a_retired_page_follows_its_replacement_across_cached_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = write_catalog(
        tmp_path,
        {
            "credentials/data-old.md": credential(
                title="Old Data", extra="status: retired\nsuperseded_by: data-basics\n"
            )
        },
    )
    monkeypatch.chdir(tmp_path)
    assert main(["build", "-q"]) == 0
    page = tmp_path / "site/credentials/data-old/index.html"
    assert ">Data Analysis Basics</a>." in page.read_text(encoding="utf-8")
    cred = content / "credentials/data-basics.md"
    cred.write_text(cred.read_text("utf-8").replace("Data Analysis Basics", "Data Skills"))
    assert main(["build", "-q"]) == 0
    assert ">Data Skills</a>." in page.read_text(encoding="utf-8")


def test_lock_that_cannot_write_fails_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    content = write_catalog(tmp_path)
    (content / "versions").write_text("a file where the folder belongs", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = _run(capsys, "lock")
    assert code == 1
    assert "credcat lock: cannot write content/published.lock or versions/" in err
    assert "Traceback" not in err
    assert "internal error" not in err
    assert not (content / "published.lock").exists()


def test_catalog_json_lists_earlier_versions_renames_and_replacements(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parent.parent
    site = tmp_path / "site"
    assert build(repo / "content", Report(), output=site) is not None
    index = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    entries = {c["id"]: c for c in index["credentials"]}
    certificate = entries["data-analytics-certificate"]
    assert certificate["version"] == "1.1"
    (earlier,) = certificate["earlier_versions"]
    assert earlier["version"] == "1.0"
    assert earlier["badgeclass"].endswith("/badges/data-analytics-certificate/v1.0.json")
    old = json.loads((site / "badges/data-analytics-certificate/v1.0.json").read_text("utf-8"))
    assert old["id"] == earlier["badgeclass"]
    assert old["version"] == "1.0"
    assert entries["spreadsheet-essentials"]["superseded_by"] == "data-analysis-spreadsheets"
    assert entries["sql-fundamentals"]["renamed_from"] == ["intro-sql"]


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        ("credentials/data-101/index.html", True),
        ("badges/data-101.json", True),
        ("badges/data-101.ms.json", True),
        ("badges/data-101/v1.0.json", True),
        ("achievements/data-101/v1.0.json", True),
        ("ctdl/data-101.json", True),
        ("issuers/unimaju.json", True),
        ("issuers/unimaju/index.html", True),
        ("issuers/unimaju/did.json", True),
        ("profiles/unimaju.json", True),
        ("extensions/workload/context.json", True),
        ("index.html", True),
        ("archive/index.html", True),
        ("catalog.json", True),
        ("feed.xml", True),
        ("sitemap.xml", True),
        ("ms/index.html", True),
        ("ms/archive/index.html", True),
        ("ms/credentials/data-101/index.html", True),
        ("ms/issuers/unimaju/index.html", True),
        ("page/2/index.html", False),
        ("browse/level/mqf-4/index.html", False),
        ("search/index.json", False),
        ("assets/style.css", False),
        ("ms/catalog.json", False),
        ("ms/page/2/index.html", False),
        ("pathways/index.html", False),
        ("verify/index.html", False),
        ("404.html", False),
    ],
)
def test_recorded_urls_are_derived_from_the_permanent_url_functions(path: str, kept: bool) -> None:
    from credcat.ledger.lockfile import is_recorded

    assert is_recorded(path) is kept


def _documents_and_meanings() -> list[tuple[bool, dict[str, str] | None, dict[str, str]]]:
    """(is a stack, the meaning read back from its version documents, its meaning) of every
    published credential of the example catalog."""
    from credcat.core import urls
    from credcat.ledger.meaning import documented_meaning
    from credcat.load.pipeline import load_catalog
    from credcat.render.render_badges import render_achievement, render_badge_class

    repo = Path(__file__).resolve().parent.parent
    catalog = load_catalog(repo / "content", Report())
    assert catalog is not None
    found = []
    for cred in catalog.published:
        cid, version = cred.id, cred.version
        badge = render_badge_class(catalog, cred, at=urls.badge_class_version(cid, version))
        achievement = render_achievement(catalog, cred, at=urls.achievement_version(cid, version))
        assert badge.data is not None
        assert achievement.data is not None
        read = documented_meaning(badge.data, achievement.data)
        found.append((cred.id in catalog.graph.rules, read, meaning(cred)))
    return found


def test_the_meaning_of_preserved_documents_is_read_back_as_it_was_written() -> None:
    """meaning.documented_meaning reads the Open Badges fields render_badges writes."""
    found = [(read, now) for stack, read, now in _documents_and_meanings() if not stack]
    assert len(found) > 10
    for read, now in found:
        assert read == now


def test_the_meaning_of_a_stack_is_read_back_as_it_was_written() -> None:
    stacks = [(read, now) for stack, read, now in _documents_and_meanings() if stack]
    assert stacks
    for read, now in stacks:
        assert read == now
