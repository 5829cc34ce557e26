"""Completeness profiles (validate --profile eu / mqa)."""

from __future__ import annotations

from pathlib import Path

import pytest

from credcat.cli import main
from tests.catalogs import credential, write_catalog

COMPLETE = (
    "assessment: {method: Project, supervised: true, identity_verified: true}\n"
    "quality_assurance: {type: Internal review}\n"
    "entry_requirements: None.\n"
    "stacks_into: [cert]\n"
)


def test_eu_profile_reports_missing_elements(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_catalog(
        tmp_path,
        {
            "credentials/cert.md": credential(
                title="Cert", extra=COMPLETE.replace("stacks_into: [cert]\n", "")
            ),
            "credentials/data-basics.md": credential(extra=COMPLETE),
        },
    )
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--profile", "eu"]) == 0
    err = capsys.readouterr().err
    assert err == ""  # both complete (cert is stacked via its component's stacks_into)

    write_catalog(tmp_path, {"credentials/data-basics.md": credential()})
    assert main(["validate", "--profile", "eu"]) == 0
    err = capsys.readouterr().err
    assert (
        "content/credentials/data-basics.md:2:1: warning[profile.eu.missing]: EU micro-credential"
        " element missing (required): type of assessment\n  hint: add assessment: method" in err
    )
    assert "type of quality assurance" in err
    assert "warning[profile.eu.optional]" in err
    assert main(["validate", "--profile", "eu", "--strict"]) == 1


def test_mqa_profile_checks_level_and_credit_hours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_catalog(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--profile", "mqa"]) == 0
    assert "profile.mqa" not in capsys.readouterr().err
    bad = credential().replace("workload_hours: 40", "workload_hours: 100")
    bad = bad.replace("{framework: MQF, value: 4}", "{framework: EQF, value: 4}")
    write_catalog(tmp_path, {"credentials/data-basics.md": bad})
    assert main(["validate", "--profile", "mqa"]) == 0
    err = capsys.readouterr().err
    assert "warning[profile.mqa.level]: no MQF level" in err
    assert "1 MQA credits do not match 100 notional hours (40 hours = 1 credit: 2.5)" in err
