"""Completeness profiles (validate --profile eu / mqa / ctdl)."""

from __future__ import annotations

from pathlib import Path

import pytest

from credcat.commands.cli import main
from tests.catalogs import ISSUER, credential, write_catalog

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


def test_ctdl_profile_checks_registry_minimum_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_catalog(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--profile", "ctdl"]) == 0
    err = capsys.readouterr().err
    assert (
        "content/issuers/test-uni.yaml:1:1: warning[profile.ctdl.organization]: Credential "
        "Registry minimum data missing for the organisation: agentType\n"
        "  hint: add organization_types" in err
    )
    assert "organisation: agentSectorType\n  hint: add sector" in err
    assert "organisation: description" not in err
    assert "profile.ctdl.credential" not in err

    complete = ISSUER + "organization_types: [postsecondary]\nsector: public\n"
    no_language = credential().replace("languages: [en]\n", "")
    write_catalog(
        tmp_path,
        {"issuers/test-uni.yaml": complete, "credentials/data-basics.md": no_language},
    )
    assert main(["validate", "--profile", "ctdl"]) == 0
    err = capsys.readouterr().err
    assert "profile.ctdl.organization" not in err
    assert (
        "content/credentials/data-basics.md:2:1: warning[profile.ctdl.credential]: no languages: "
        "the Credential Registry's inLanguage falls back to the catalog's language" in err
    )
    assert main(["validate", "--profile", "ctdl", "--strict"]) == 1


def test_example_catalog_meets_every_profile(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(Path(__file__).parent.parent)
    code = main(["validate", "--profile", "eu", "--profile", "mqa", "--profile", "ctdl"])
    err = capsys.readouterr().err
    assert code == 0, err
    warnings = [line for line in err.splitlines() if ": warning[" in line]
    assert warnings  # some optional EU elements are honestly absent from the example
    assert all("warning[profile.eu.optional]" in line for line in warnings), err


def test_profiles_count_co_awarding_bodies_as_awarding_bodies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """EU: every awarding body states its country. MQA: a Malaysian co-awarding body brings
    a foreign issuer's credential under the MQA guidelines."""
    partner = "partners:\n  - issuer: co-body\n    role: co-awarding\n"
    foreign = ISSUER.replace("country: MY", "country: SG")
    assert foreign != ISSUER
    files: dict[str, str | bytes] = {
        "issuers/test-uni.yaml": foreign,
        "issuers/co-body.yaml": ISSUER.replace("country: MY\n", ""),
        "credentials/data-basics.md": credential(
            extra=COMPLETE.replace("stacks_into: [cert]\n", "") + partner
        ).replace("{framework: MQF, value: 4}", "{framework: EQF, value: 4}"),
    }
    write_catalog(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--profile", "eu", "--profile", "mqa"]) == 0
    err = capsys.readouterr().err
    assert (
        "warning[profile.eu.missing]: EU micro-credential element missing (required): country "
        "or region of the co-awarding body 'Test University'\n"
        "  hint: add country to content/issuers/co-body.yaml" in err
    )
    assert "profile.mqa" not in err  # no awarding body states Malaysia

    write_catalog(tmp_path, {**files, "issuers/co-body.yaml": ISSUER})
    assert main(["validate", "--profile", "eu", "--profile", "mqa"]) == 0
    err = capsys.readouterr().err
    assert "co-awarding body" not in err
    assert "warning[profile.mqa.level]: no MQF level" in err
