"""Huge, odd and tricky input files: handled, or refused with a clear limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from credcat.commands.cli import main
from tests.catalogs import credential, write_catalog


def _validate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    monkeypatch.chdir(tmp_path)
    code = main(["validate"])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out + err


def test_ten_megabyte_body_is_refused_with_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    body = "## Huge\n\n" + "A long line of description text for the size limit test.\n" * 180_000
    write_catalog(tmp_path, {"credentials/data-basics.md": credential(body=body)})
    code, text = _validate(tmp_path, monkeypatch, capsys)
    assert code == 1
    assert (
        "content/credentials/data-basics.md:1:1: error[source.too-large]: file is 9.8 MiB; "
        "the limit is 1 MiB\n"
    ) in text


def test_hundred_thousand_line_yaml_is_refused_with_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = "".join(f"  - body: B{i}\n" for i in range(100_000))
    issuer = "name: T\nurl: https://t.example/\nemail: a@t.example\naccreditation:\n" + lines
    write_catalog(tmp_path, {"issuers/test-uni.yaml": issuer})
    code, text = _validate(tmp_path, monkeypatch, capsys)
    assert code == 1
    assert "content/issuers/test-uni.yaml:1:1: error[source.too-large]: file is 1.6 MiB" in text


def test_many_values_within_the_size_limit_hit_the_value_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    issuer = (
        "name: T\nurl: https://t.example/\nemail: a@t.example\ntags: ["
        + ",".join(["x"] * 120_000)
        + "]\n"
    )
    write_catalog(tmp_path, {"issuers/test-uni.yaml": issuer})
    code, text = _validate(tmp_path, monkeypatch, capsys)
    assert code == 1
    assert "error[yaml.too-large]: the YAML expands to more than 100,000 values" in text


def test_bom_and_crlf_are_accepted_and_lines_still_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "\ufeff" + credential(extra="titel: typo\n").replace("\n", "\r\n")
    write_catalog(tmp_path, {"credentials/data-basics.md": text.encode("utf-8")})
    code, out = _validate(tmp_path, monkeypatch, capsys)
    assert code == 1
    assert "content/credentials/data-basics.md:20:1: error[schema.unknown-field]" in out
    write_catalog(
        tmp_path,
        {"credentials/data-basics.md": ("\ufeff" + credential()).replace("\n", "\r\n").encode()},
    )
    code, out = _validate(tmp_path, monkeypatch, capsys)
    assert code == 0, out


def test_symlinked_source_outside_the_catalog_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    content = write_catalog(tmp_path)
    outside = tmp_path / "secret.md"
    outside.write_text(credential(title="Outside"), encoding="utf-8")
    (content / "credentials" / "linked.md").symlink_to(outside)
    code, text = _validate(tmp_path, monkeypatch, capsys)
    assert code == 1
    assert (
        "content/credentials/linked.md:1:1: error[path.outside]: this symbolic link points "
        "outside the catalog folder"
    ) in text


def test_empty_and_whitespace_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_catalog(tmp_path, {"credentials/empty.md": b"", "credentials/blank.md": b"\n\n  \n"})
    code, text = _validate(tmp_path, monkeypatch, capsys)
    assert code == 1
    assert "content/credentials/blank.md:1:1: error[frontmatter.missing]" in text
    assert "content/credentials/empty.md:1:1: error[frontmatter.missing]" in text
