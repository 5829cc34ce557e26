"""Issuer Profiles: the Open Badges 3.0 Profile beside the 2.0 one, and hosted verification."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft201909Validator

from credcat.commands.cli import main
from credcat.core.diagnostics import Report
from credcat.publish.build import build
from tests.catalogs import ISSUER, write_catalog

STANDARDS = Path(__file__).resolve().parent / "standards"
RICH_ISSUER = ISSUER + (
    "image: images/badge.svg\n"
    "identifiers:\n"
    "  - {scheme: MQA-provider-code, value: DU012(B)}\n"
    "parent_organization: {name: Test Holdings, url: 'https://holdings.test.example/'}\n"
)


def _build(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    content = write_catalog(tmp_path, files)
    out = tmp_path / "site"
    report = Report()
    assert build(content, report, output=out) is not None, [d.format() for d in report.sorted()]
    return out


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def test_ob3_profile_is_published_valid_and_is_the_creator(tmp_path: Path) -> None:
    site = _build(tmp_path, {"issuers/test-uni.yaml": RICH_ISSUER})
    profile = _json(site / "profiles/test-uni.json")
    schema = _json(STANDARDS / "ob3/profile.json")
    assert list(Draft201909Validator(schema).iter_errors(profile)) == []
    assert profile["id"] == "https://example.org/catalog/profiles/test-uni.json"
    assert profile["type"] == ["Profile"]
    assert profile["image"] == {
        "id": "https://example.org/catalog/images/badge.svg",
        "type": "Image",
        "caption": "Test University",
    }
    assert profile["address"] == {
        "type": ["Address"],
        "addressCountryCode": "MY",
        "addressRegion": "Selangor",
    }
    assert profile["otherIdentifier"] == [
        {
            "type": "IdentifierEntry",
            "identifier": "DU012(B)",
            "identifierType": "ext:MQA-provider-code",
        }
    ]
    assert profile["parentOrg"]["name"] == "Test Holdings"
    achievement = _json(site / "achievements/data-basics.json")
    creator = achievement["creator"]
    assert creator == {k: v for k, v in profile.items() if k != "@context"}
    # the 2.0 Profile keeps its URL and form
    ob2 = _json(site / "issuers/test-uni.json")
    assert ob2["type"] == "Profile"
    assert ob2["id"] == "https://example.org/catalog/issuers/test-uni.json"
    catalog = _json(site / "catalog.json")
    assert catalog["issuers"][0]["profile_ob3"] == profile["id"]


def test_ob3_profile_is_recorded_in_the_ledger_and_kept_after_a_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = write_catalog(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["lock"]) == 0
    lock = (content / "published.lock").read_text(encoding="utf-8")
    assert "/profiles/test-uni.json" in lock
    assert "/issuers/test-uni.json" in lock
    (content / "issuers/test-uni.yaml").rename(content / "issuers/test-university.yaml")
    (content / "issuers/test-university.yaml").write_text(
        ISSUER + "renamed_from: [test-uni]\n", encoding="utf-8"
    )
    cred = content / "credentials/data-basics.md"
    cred.write_text(
        cred.read_text(encoding="utf-8").replace("issuer: test-uni", "issuer: test-university"),
        encoding="utf-8",
    )
    assert main(["build"]) in (0, 1)
    old = _json(tmp_path / "site/profiles/test-uni.json")
    assert old["id"] == "https://example.org/catalog/profiles/test-uni.json"
    assert (tmp_path / "site/profiles/test-university.json").is_file()


def test_translated_issuer_has_a_translated_ob3_profile(tmp_path: Path) -> None:
    site = _build(
        tmp_path,
        {
            "catalog.yaml": "title: T\ndescription: D\nbase_url: https://example.org/catalog/\n"
            "language: en\nlanguages: [en, ms]\n",
            "translations/ms/issuers/test-uni.yaml": "name: Universiti Ujian\n",
        },
    )
    profile = _json(site / "profiles/test-uni.ms.json")
    assert profile["name"] == "Universiti Ujian"
    assert profile["@context"][-1] == {"@language": "ms"}
    schema = _json(STANDARDS / "ob3/profile.json")
    assert list(Draft201909Validator(schema).iter_errors(profile)) == []


@pytest.mark.parametrize(
    ("origins", "warned"),
    [("[lms.test.example]", True), ("[lms.test.example, example.org]", False)],
)
def test_allowed_origins_without_the_profile_host_is_a_warning(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    origins: str,
    warned: bool,
) -> None:
    issuer = ISSUER + f"verification:\n  allowed_origins: {origins}\n"
    write_catalog(tmp_path, {"issuers/test-uni.yaml": issuer})
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 0
    err = capsys.readouterr().err
    line = (
        "content/issuers/test-uni.yaml:8:20: warning[value.allowed-origins]: allowed_origins "
        "replaces the default origin example.org, where this issuer's Profile is published: "
        "Assertions hosted on example.org will no longer verify\n"
        "  hint: add example.org to allowed_origins if Assertions are also hosted there\n"
    )
    assert (line in err) is warned, err
    assert main(["validate", "--strict"]) == (1 if warned else 0)
