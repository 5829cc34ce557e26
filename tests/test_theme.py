"""Theme lookup: catalog overrides, extending the built-in theme, template errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from credcat.commands.cli import main
from tests.catalogs import write_catalog


def test_catalog_template_overrides_and_extends_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_catalog(
        tmp_path,
        {
            "templates/404.html": (
                '{% extends "default/404.html" %}'
                "{% block title %}Lost? · {{ site.title }}{% endblock %}"
            ),
        },
    )
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 0
    page = (tmp_path / "site/404.html").read_text(encoding="utf-8")
    assert "<title>Lost? · Test catalog</title>" in page
    assert "Page not found</h1>" in page


def test_named_theme_falls_back_to_default_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_catalog(
        tmp_path,
        {
            "catalog.yaml": "title: T\nbase_url: https://example.org/\ntheme: plain\n",
            "themes/plain/templates/archive.html": "<p>custom archive {{ site.title }}</p>\n",
            "themes/plain/static/extra.css": "body { color: black; }\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 0
    assert (tmp_path / "site/archive/index.html").read_text("utf-8") == "<p>custom archive T</p>\n"
    assert (tmp_path / "site/assets/extra.css").is_file()
    assert (tmp_path / "site/assets/style.css").is_file()


def test_missing_theme_is_a_located_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_catalog(tmp_path, {"catalog.yaml": "title: T\nbase_url: https://e.org/\ntheme: nope\n"})
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 1
    assert "error[config.theme]: theme 'nope' not found" in capsys.readouterr().err


def test_template_syntax_error_names_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_catalog(tmp_path, {"templates/archive.html": "<p>\n{% if %}\n</p>\n"})
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert "content/templates/archive.html:2:1: error[template]:" in err
    assert "Traceback" not in err
    assert not (tmp_path / "site").exists()


def test_template_runtime_error_names_template_and_credential(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_catalog(
        tmp_path,
        {"templates/credential.html": "<h1>{{ credential.title }}</h1>\n{{ credential.nope }}\n"},
    )
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert "content/templates/credential.html:2:1: error[template]:" in err
    assert "while rendering credential 'data-basics'" in err
