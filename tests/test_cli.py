"""The command line through its real entry point, main(), plus one subprocess smoke test."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from credcat.commands.cli import _parser, main
from tests.catalogs import credential, write_catalog

REPO = Path(__file__).resolve().parent.parent
COMMANDS = ["init", "new", "import", "validate", "build", "check", "lock", "serve"]


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    sub = next(a for a in _parser()._actions if a.dest == "command")
    assert sorted(sub.choices) == sorted(COMMANDS)  # type: ignore[arg-type]
    for command in COMMANDS:
        assert f"credcat {command}" in readme, f"README does not mention 'credcat {command}'"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert "usage: credcat" in capsys.readouterr().out


def test_no_arguments_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "COMMAND" in capsys.readouterr().out


def test_validate_clean_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_catalog(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 0
    out, err = capsys.readouterr()
    assert out == "content: 1 credential and 1 issuer checked, 0 errors, 0 warnings\n"
    assert err == ""
    assert not (tmp_path / "site").exists()


def test_warnings_fail_only_with_strict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = "prerequisites: [later]\n"
    write_catalog(
        tmp_path,
        {
            "credentials/data-basics.md": credential(extra=extra),
            "credentials/later.md": credential(title="Later", extra="status: draft\n"),
        },
    )
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 0
    assert "warning[ref.draft]" in capsys.readouterr().err
    assert main(["validate", "--strict"]) == 1
    assert main(["build", "--strict"]) == 1
    assert not (tmp_path / "site").exists()


def test_build_writes_site_and_reports_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_catalog(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 0
    out = capsys.readouterr().out
    assert re.match(r"built \d+ files into site \(\d+ written, 0 unchanged, 0 removed\)", out)
    badge = json.loads((tmp_path / "site/badges/data-basics.json").read_text(encoding="utf-8"))
    assert badge["id"] == "https://example.org/catalog/badges/data-basics.json"


def test_build_base_url_and_output_overrides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_catalog(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["build", "content", "-o", "preview", "--base-url", "http://127.0.0.1:9/x"]) == 0
    badge = json.loads((tmp_path / "preview/badges/data-basics.json").read_text(encoding="utf-8"))
    assert badge["id"] == "http://127.0.0.1:9/x/badges/data-basics.json"
    page = (tmp_path / "preview/credentials/data-basics/index.html").read_text(encoding="utf-8")
    assert 'href="../../assets/style.css' in page  # relative: the site works at any path
    assert '<link rel="canonical" href="http://127.0.0.1:9/x/credentials/data-basics/">' in page


def test_failed_build_keeps_previous_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    content = write_catalog(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 0
    before = {p: p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    (content / "credentials/data-basics.md").write_text(credential(issuer="ghost"), "utf-8")
    capsys.readouterr()
    assert main(["build"]) == 1
    assert "nothing was written" in capsys.readouterr().err
    after = {p: p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    assert after == before


def test_build_never_deletes_files_it_did_not_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_catalog(tmp_path)
    monkeypatch.chdir(tmp_path)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.html").write_text("the project's own page", encoding="utf-8")
    (docs / "guide.md").write_text("a guide", encoding="utf-8")
    assert main(["build", "-o", "docs"]) == 1
    err = capsys.readouterr().err
    assert (
        "docs:1:1: error[output.foreign-files]: the output folder holds 2 files that credcat did "
        "not write: guide.md, index.html; refusing to delete or replace them" in err
    )
    assert "nothing was written" in err
    assert sorted(p.name for p in docs.iterdir()) == ["guide.md", "index.html"]
    assert not (tmp_path / ".credcat-cache").exists()
    assert main(["build", "-o", "docs", "--replace-output"]) == 0
    assert not (docs / "guide.md").exists()
    assert "credcat" in (docs / "index.html").read_text(encoding="utf-8")
    assert main(["build", "-o", "docs", "-q"]) == 0  # its own files are no obstacle


def test_init_then_new_then_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "mycat", "--title", "Kursus: Mikro", "--base-url", "https://a.b/c"]) == 0
    out = capsys.readouterr().out
    assert "created mycat/.github/workflows/credcat.yml" in out
    monkeypatch.chdir(tmp_path / "mycat")
    assert main(["new", "python-basics", "--title", "Python: basics"]) == 0
    assert "status: draft" in capsys.readouterr().out
    assert main(["new", "python-basics"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["new", "Bad Id"]) == 1
    assert "try bad-id" in capsys.readouterr().err
    assert main(["validate", "--strict"]) == 0
    assert main(["build"]) == 0
    assert (tmp_path / "mycat/site/credentials/example-credential/index.html").is_file()
    assert not (tmp_path / "mycat/site/credentials/python-basics").exists()
    workflow = (tmp_path / "mycat/.github/workflows/credcat.yml").read_text(encoding="utf-8")
    assert "credcat build" in workflow
    assert "deploy-pages" in workflow
    # The workflow's credcat steps, in order, pass on the new catalog before and after a lock.
    steps = re.findall(r"^\s+- run: credcat (.+)$", workflow, re.M)
    assert steps == ["validate --strict", "check --frozen", "build --strict"]
    for locked in (False, True):
        for step in steps:
            assert main(step.split()) == 0, step
        if not locked:
            assert main(["lock"]) == 0
            assert (tmp_path / "mycat/content/published.lock").is_file()
    capsys.readouterr()
    assert main(["check", "--frozen"]) == 0
    assert "up to date" in capsys.readouterr().out
    assert main(["init", "."]) == 0
    assert "exists; left as it is" in capsys.readouterr().err


def test_internal_errors_are_reported_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_catalog(tmp_path)
    monkeypatch.chdir(tmp_path)

    def boom(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("credcat.publish.build.render_site", boom)
    assert main(["build"]) == 70
    err = capsys.readouterr().err
    assert "internal error" in err
    assert "Traceback" not in err


def test_python_dash_m_smoke(tmp_path: Path) -> None:
    write_catalog(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "credcat", "build"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("built ")
    assert (tmp_path / "site/index.html").is_file()


def test_authoring_guide_documents_every_schema_field() -> None:
    from credcat.core.schema import load_schema

    guide = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")

    def names(schema: dict[str, object], prefix: str = "") -> list[str]:
        found: list[str] = []
        for name, sub in schema.get("properties", {}).items():  # type: ignore[attr-defined]
            found.append(prefix + name)
            if sub.get("type") == "object":
                found += names(sub, f"{prefix}{name}.")
            items = sub.get("items", {})
            if sub.get("type") == "array" and items.get("type") == "object":
                found += names(items, f"{prefix}{name}[].")
        return found

    for schema_name in ("catalog", "issuer", "credential"):
        for field in names(load_schema(schema_name)):
            assert f"`{field}`" in guide, f"docs/authoring.md does not document {field}"
