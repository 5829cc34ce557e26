"""credcat import: Open Badges JSON (files, folders, URLs) and spreadsheets."""

from __future__ import annotations

import base64
import json
import re
import shutil
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from credcat.commands.cli import main
from credcat.core.diagnostics import Report
from credcat.ledger.meaning import COMPONENT_NOTE
from credcat.publish.build import build
from tests.catalogs import CATALOG, ISSUER
from tests.support.http import serve_directory

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "import"


def _empty_catalog(tmp_path: Path, base_url: str = "https://example.org/catalog/") -> Path:
    content = tmp_path / "content"
    (content / "issuers").mkdir(parents=True)
    (content / "credentials").mkdir()
    (content / "catalog.yaml").write_text(
        CATALOG.replace("https://example.org/catalog/", base_url), encoding="utf-8"
    )
    return content


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["import", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_platform_export_with_embedded_issuer_and_data_url_image(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = _empty_catalog(tmp_path)
    code, _, err = _run(["--catalog", str(content), str(FIXTURES / "badgr-export.json")], capsys)
    assert code == 0, err
    cred = (content / "credentials/customer-service-excellence.md").read_text(encoding="utf-8")
    assert "title: Customer Service Excellence" in cred
    assert "source_url: https://api.badgr.example/public/badges/Xk3pQ9ZrT4aB" in cred
    assert "url: https://training.example.com/cs-excellence/criteria" in cred
    assert "tags:\n- hospitality\n- customer service\n" in cred
    assert "Unnamed alignment" not in cred
    issuer = (content / "issuers/harbour-hotels-academy.yaml").read_text(encoding="utf-8")
    assert "name: Harbour Hotels Academy" in issuer
    assert "allowed_origins:\n  - api.badgr.example" in issuer or "- api.badgr.example" in issuer
    assert (content / "images/customer-service-excellence.svg").read_bytes().startswith(b"<svg")
    report = Report()
    assert build(content, report, output=tmp_path / "site") is not None, report.sorted()


def test_a_hostile_imported_svg_is_cleaned_and_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = _empty_catalog(tmp_path)
    badge = json.loads((FIXTURES / "badgr-export.json").read_text(encoding="utf-8"))
    svg = (
        '<?xml-stylesheet href="https://evil.example/x.xsl"?>'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)">'
        '<script>alert(2)</script><set attributeName="href" to="javascript:alert(3)"/>'
        '<circle cx="5" cy="5" r="4" fill="#0b5cad" style="fill: url(https://evil.example/)"/>'
        "</svg>"
    )
    badge["image"] = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    source = tmp_path / "badge.json"
    source.write_text(json.dumps(badge), encoding="utf-8")
    code, _, err = _run(["--catalog", str(content), str(source)], capsys)
    assert code == 0, err
    assert "warning[import.image-cleaned]: removed from the SVG what a badge may not hold: " in err
    assert "<?xml-stylesheet?>" in err
    assert "and 2 more" in err
    written = (content / "images/customer-service-excellence.svg").read_text(encoding="utf-8")
    assert written == (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        '<circle cx="5" cy="5" r="4" fill="#0b5cad"/></svg>\n'
    )
    report = Report()
    assert build(content, report, output=tmp_path / "site") is not None, report.sorted()
    # The fixture's issuer keeps its own verification policy (value.allowed-origins is
    # tested in test_standards); nothing about the image is left.
    assert [d for d in report.diagnostics if d.code != "value.allowed-origins"] == []


def test_hosted_issuer_that_cannot_be_fetched_needs_issuer_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = _empty_catalog(tmp_path)
    (content / "issuers/pusat-latihan.yaml").write_text(ISSUER, encoding="utf-8")
    source = str(FIXTURES / "credly-hosted-issuer.json")
    # The issuer's URL cannot be fetched (tests have no internet, like an offline machine).
    code, _, err = _run(["--catalog", str(content), source], capsys)
    assert code == 1
    assert "error[import.issuer]" in err
    assert "pass --issuer ID" in err
    code, _, err = _run(["--catalog", str(content), "--issuer", "pusat-latihan", source], capsys)
    assert code == 0, err
    assert "warning[import.image]" in err  # the remote image could not be fetched
    cred = next((content / "credentials").glob("*.md")).read_text(encoding="utf-8")
    assert "title: Kemahiran Digital Asas" in cred
    assert "Lulus tiga tugasan amali dan satu kuiz akhir." in cred


def test_folder_import_reports_bad_files_and_imports_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = _empty_catalog(tmp_path)
    folder = tmp_path / "exports"
    shutil.copytree(FIXTURES, folder, ignore=shutil.ignore_patterns("*.csv", "credly-*"))
    code, _, err = _run(["--catalog", str(content), str(folder)], capsys)
    assert code == 1
    assert "broken.json:2:15: error[import.json]" in err
    assert (
        "not-a-badge.json:1:1: error[import.unsupported]: not imported: this is a JSON object "
        "with no type (keys: hello), not an Open Badges document"
    ) in err
    assert "Traceback" not in err
    assert len(list((content / "credentials").glob("*.md"))) == 1


def test_messy_spreadsheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = _empty_catalog(tmp_path)
    (content / "issuers/unimaju.yaml").write_text(ISSUER, encoding="utf-8")
    csv_path = str(FIXTURES / "courses.csv")
    args = ["--catalog", str(content), "--map", "Course name=title", csv_path]
    code, out, err = _run([*args, "--dry-run"], capsys)
    assert "would write" in out
    assert not list((content / "credentials").glob("*.md"))

    code, out, err = _run(args, capsys)
    assert code == 1
    assert "courses.csv:4:4: error[import.row]: workload_hours: 'sepuluh' is not a number" in err
    assert "courses.csv:4:3: error[import.row]: issuer: unknown issuer 'polinusa'" in err
    made = sorted(p.stem for p in (content / "credentials").glob("*.md"))
    assert made == [
        "data-dashboards-and-decisions",
        "keselamatan-makanan",
        "pengurusan-stor-dan-inventori",
    ]
    data = (content / "credentials/data-dashboards-and-decisions.md").read_text(encoding="utf-8")
    assert "title: Data, Dashboards and Decisions" in data
    assert "languages:\n- en\n- ms" in data
    stor = (content / "credentials/pengurusan-stor-dan-inventori.md").read_text(encoding="utf-8")
    assert "workload_hours" not in stor
    report = Report()
    assert build(content, report, output=tmp_path / "site") is not None, report.sorted()

    code, out, err = _run(args, capsys)
    assert "warning[import.exists]: skipped" in err
    code, out, err = _run([*args, "--overwrite"], capsys)
    assert "wrote" in out


def test_unknown_spreadsheet_column_is_explained(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = _empty_catalog(tmp_path)
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Title,Sumary,Internal notes\nA,B,C\n", encoding="utf-8")
    code, _, err = _run(["--catalog", str(content), str(sheet)], capsys)
    assert code == 1
    lines = err.splitlines()
    assert lines[0] == (
        f"{sheet}:1:2: error[import.column]: unknown column 'Sumary'; did you mean 'summary'?"
    )
    assert lines[1].startswith(
        "  hint: map it with --map 'Sumary=COLUMN', or leave it out with --map 'Sumary='; "
        "accepted columns: id, title, summary, issuer, type, status,"
    )
    assert "superseded_by" in lines[1]
    assert lines[2] == f"{sheet}:1:3: error[import.column]: unknown column 'Internal notes'"
    assert lines[3] == (
        "  hint: map it with --map 'Internal notes=COLUMN', or leave it out with "
        "--map 'Internal notes='"
    )


def _fetch_json(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=10) as response:
        data: dict[str, Any] = json.loads(response.read())
    return data


def _local(site: Path, base: str, url: str) -> bytes:
    return (site / url.removeprefix(base)).read_bytes()


@pytest.mark.parametrize("kind", ["badges", "achievements"])
def test_round_trip_of_the_whole_example_catalog(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """Import credcat's own published documents, build again: equivalent documents."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    with serve_directory(first, "/") as base:
        assert build(REPO / "content", Report(), output=first, base_url=base) is not None
        catalog = json.loads((first / "catalog.json").read_text(encoding="utf-8"))
        urls = [
            e["badgeclass" if kind == "badges" else "achievement"] for e in catalog["credentials"]
        ]
        content = _empty_catalog(tmp_path / "again", base_url=base)
        code, _, err = _run(["--catalog", str(content), *urls], capsys)
        assert code == 0, err
        report = Report()
        assert build(content, report, output=second, base_url=base) is not None, report.sorted()
        for entry in catalog["credentials"]:
            old = json.loads((first / kind / f"{entry['id']}.json").read_text(encoding="utf-8"))
            new = json.loads((second / kind / f"{entry['id']}.json").read_text(encoding="utf-8"))
            old_image, new_image = old.pop("image"), new.pop("image")
            # One document per credential is imported, not its translations or earlier
            # versions (they are separate documents).
            _drop_language_versions(old)
            _drop_language_versions(new)
            if _has_choice(entry.get("pathway")):  # not in Open Badges: components left out
                old["alignment"] = [a for a in old["alignment"] if not _component(a)]
            if kind == "badges":
                assert _local(first, base, old_image) == _local(second, base, new_image)
                assert new == old, entry["id"]
            else:
                old_bytes = _local(first, base, old_image["id"])
                assert old_bytes == _local(second, base, new_image["id"])
                # The issuer's did:web identifier names its keys, which no Achievement carries.
                creator = old.get("creator", {})
                others = [
                    i
                    for i in creator.get("otherIdentifier", [])
                    if not i["identifier"].startswith("did:web:")
                ]
                if others:
                    creator["otherIdentifier"] = others
                else:
                    creator.pop("otherIdentifier", None)
                assert new == old, entry["id"]
        awarding = {e["issuer"] for e in catalog["credentials"]}
        for issuer in catalog["issuers"]:
            if issuer["id"] not in awarding:
                # A partner that awards nothing: no imported document names it yet (partners
                # are not in the Open Badges documents, see docs/authoring.md).
                continue
            old = _fetch_json(issuer["profile"])
            new = json.loads((second / "issuers" / f"{issuer['id']}.json").read_text("utf-8"))
            old_logo, new_logo = old.pop("image", None), new.pop("image", None)
            assert old_logo
            assert new_logo
            assert _local(first, base, old_logo) == _local(second, base, new_logo)
            if kind == "achievements":  # OB 3.0 Profiles carry no OB 2.0 verification policy
                old.pop("verification", None)
            assert new == old


def _has_choice(pathway: Any) -> bool:
    """Whether a stack's rule (as catalog.json gives it) has a choice in it."""
    if not isinstance(pathway, dict):
        return False
    return pathway["type"] != "all" or any(isinstance(i, dict) for i in pathway["all"])


def _component(alignment: dict[str, Any]) -> bool:
    return alignment.get("targetDescription") == COMPONENT_NOTE


def _drop_language_versions(doc: dict[str, Any]) -> None:
    doc.pop("@language", None)
    doc.pop("inLanguage", None)
    related = [
        r
        for r in doc.get("related", [])
        if "@language" not in r
        and "inLanguage" not in r
        and not re.search(r"/v[0-9.]+\.json$", r.get("id", ""))
    ]
    if related:
        doc["related"] = related
    else:
        doc.pop("related", None)


def test_achievement_credential_brings_its_achievement(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    achievement = json.loads(
        (REPO / "tests/golden/basic/achievements/data-cleaning.json").read_text(encoding="utf-8")
    )
    # as another platform would publish it: creditsAvailable without credcat's credit system
    achievement["alignment"] = [
        a for a in achievement["alignment"] if a["targetType"] != "ext:CreditUnit"
    ]
    wrapper = {
        "@context": achievement["@context"],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": achievement["creator"],
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"type": ["AchievementSubject"], "achievement": achievement},
    }
    source = tmp_path / "credential.json"
    source.write_text(json.dumps(wrapper), encoding="utf-8")
    content = _empty_catalog(tmp_path, base_url="https://other.example/")
    code, _, err = _run(["--catalog", str(content), str(source)], capsys)
    assert code == 0, err
    assert "warning[import.credits]" in err
    cred = (content / "credentials/data-cleaning.md").read_text(encoding="utf-8")
    assert "type: MicroCredential" in cred
    assert "code: DS101" in cred
    assert "source_url: https://example.org/catalog/achievements/data-cleaning.json" in cred
    assert build(content, Report(), output=tmp_path / "site") is not None


def _badge_class(tail: str, issuer: str) -> dict[str, Any]:
    return {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "BadgeClass",
        "id": f"https://gone-platform.example/badges/{tail}.json",
        "name": tail.replace("-", " ").title(),
        "description": "A badge of a platform that no longer answers.",
        "criteria": {"narrative": "Complete the course."},
        "issuer": issuer,
    }


def test_an_issuer_found_nowhere_offline_is_reported_once_and_can_be_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = _empty_catalog(tmp_path)
    folder = tmp_path / "export"
    folder.mkdir()
    missing = "https://gone-platform.example/issuers/42.json"
    for tail in ("first-aid", "fire-safety", "manual-handling", "food-hygiene"):
        (folder / f"{tail}.json").write_text(json.dumps(_badge_class(tail, missing)), "utf-8")
    code, _, err = _run(["--catalog", str(content), "--offline", str(folder)], capsys)
    assert code == 1
    assert err.count("error[import.issuer]") == 1
    assert err.count("error[") == 1
    assert f"the issuer {missing} is not among the inputs (and --offline fetches nothing)" in err
    assert "4 document(s) naming it not imported: " in err
    assert "and 1 more" in err
    assert f"pass --issuer {missing}=ID" in err
    (content / "issuers/pusat-latihan.yaml").write_text(ISSUER, encoding="utf-8")
    code, _, err = _run(
        [
            "--catalog",
            str(content),
            "--offline",
            "--issuer",
            f"{missing}=pusat-latihan",
            str(folder),
        ],
        capsys,
    )
    assert code == 0, err
    made = sorted(p.stem for p in (content / "credentials").glob("*.md"))
    assert made == ["fire-safety", "first-aid", "food-hygiene", "manual-handling"]
    assert "issuer: pusat-latihan" in (content / "credentials/first-aid.md").read_text("utf-8")


def test_an_issuer_profile_beside_the_badges_is_used_not_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = _empty_catalog(tmp_path)
    folder = tmp_path / "export" / "issuers"
    folder.mkdir(parents=True)
    profile = {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Profile",
        "id": "https://gone-platform.example/issuers/42.json",
        "name": "Gone Platform Academy",
        "url": "https://academy.example/",
        "email": "academy@academy.example",
    }
    (folder / "42.json").write_text(json.dumps(profile), encoding="utf-8")
    badge = _badge_class("first-aid", profile["id"])
    (folder.parent / "first-aid.json").write_text(json.dumps(badge), encoding="utf-8")
    code, _, err = _run(["--catalog", str(content), "--offline", str(folder.parent)], capsys)
    assert code == 0, err
    assert "error" not in err
    assert "issuer: gone-platform-academy" in (content / "credentials/first-aid.md").read_text(
        "utf-8"
    )
    assert (content / "issuers/gone-platform-academy.yaml").exists()


def test_credit_system_option_keeps_credits_available(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    achievement = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["Achievement"],
        "id": "https://other.example/achievements/solar-basics",
        "name": "Solar Basics",
        "description": "Installs a small solar panel system safely.",
        "criteria": {"narrative": "Pass the practical."},
        "achievementType": "MicroCredential",
        "creditsAvailable": 2,
        "creator": {
            "id": "https://other.example/issuer",
            "type": ["Profile"],
            "name": "Other Academy",
            "url": "https://other.example/",
            "email": "hello@other.example",
        },
    }
    source = tmp_path / "solar.json"
    source.write_text(json.dumps(achievement), encoding="utf-8")
    content = _empty_catalog(tmp_path)
    code, _, err = _run(
        ["--catalog", str(content), "--offline", "--credit-system", "ECTS", str(source)], capsys
    )
    assert code == 0, err
    assert "import.credits" not in err
    cred = (content / "credentials/solar-basics.md").read_text(encoding="utf-8")
    assert "credits:\n  value: 2\n  system: ECTS" in cred


def test_a_published_folder_imports_each_definition_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A credcat site's badges/ folder holds each version and copies under earlier ids."""
    content = _empty_catalog(tmp_path, base_url="https://other.example/")
    golden = REPO / "tests/golden/basic"
    args = ["--catalog", str(content), "--offline", str(golden / "badges"), str(golden / "issuers")]
    code, _, err = _run(args, capsys)
    assert code == 0, err
    assert "v1.9.json:1:1: warning[import.version]: version 1.9 of 'data-cleaning'" in err
    assert "v1.10.json:1:1: warning[import.version]: a copy of 'data-cleaning'" in err
    assert "import.id" not in err
    assert "import.reference" not in err  # prerequisites named by an archived URL resolve
    made = {p.stem for p in (content / "credentials").glob("*.md")}
    assert {"data-cleaning", "data-visualisation", "data-certificate"} <= made
    assert not any(re.search(r"-\d+$", m) for m in made)
    viz = (content / "credentials/data-visualisation.md").read_text(encoding="utf-8")
    assert "prerequisites:\n- data-cleaning" in viz


def test_an_assertion_that_embeds_what_its_class_file_lacks_imports_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A BadgeClass file names its issuer by URL; an Assertion of it embeds class and issuer."""
    content = _empty_catalog(tmp_path)
    folder = tmp_path / "export"
    folder.mkdir()
    missing = "https://gone-platform.example/issuers/42.json"
    badge = _badge_class("first-aid", missing)
    (folder / "badge.json").write_text(json.dumps(badge), encoding="utf-8")
    issuer = {
        "type": "Issuer",
        "id": missing,
        "name": "Gone Platform Academy",
        "url": "https://academy.example/",
        "email": "academy@academy.example",
    }
    for n in (1, 2):
        assertion = {
            "@context": "https://w3id.org/openbadges/v2",
            "type": "Assertion",
            "id": f"https://gone-platform.example/assertions/{n}",
            "recipient": {"type": "email", "hashed": False, "identity": f"{n}@example.org"},
            "badge": {**badge, "issuer": issuer},
        }
        (folder / f"assertion-{n}.json").write_text(json.dumps(assertion), encoding="utf-8")
    code, out, err = _run(["--catalog", str(content), "--offline", str(folder)], capsys)
    assert code == 0, err
    assert "error" not in err
    assert "import: 1 credential(s)" in out
    assert "issuer: gone-platform-academy" in (content / "credentials/first-aid.md").read_text(
        "utf-8"
    )


def test_partners_come_back_from_an_achievement_and_a_missing_profile_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = _empty_catalog(tmp_path)
    (content / "issuers/test-uni.yaml").write_text(ISSUER, encoding="utf-8")
    served = tmp_path / "served"
    served.mkdir()
    with serve_directory(served, "/") as base:
        endorser = {
            "id": f"{base}profiles/body.json",
            "type": ["Profile"],
            "name": "Industry Body",
            "url": "https://industry.example/",
            "email": "hello@industry.example",
        }
        (served / "profiles").mkdir()
        (served / "profiles/body.json").write_text(json.dumps(endorser), encoding="utf-8")
        gone = f"{base}profiles/gone.json"
        achievement = {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": "https://example.org/achievements/data-basics.json",
            "type": ["Achievement"],
            "name": "Data Basics",
            "description": "Clean a data set.",
            "criteria": {"narrative": "Pass the project."},
            "alignment": [
                {
                    "type": ["Alignment"],
                    "targetType": "ext:Endorser",
                    "targetName": "Industry Body",
                    "targetUrl": endorser["id"],
                },
                {
                    "type": ["Alignment"],
                    "targetType": "ext:Provider",
                    "targetName": "Gone Training",
                    "targetUrl": gone,
                },
            ],
        }
        source = tmp_path / "data-basics.json"
        source.write_text(json.dumps(achievement), encoding="utf-8")
        code, _, err = _run(
            ["--catalog", str(content), "--issuer", "test-uni", str(source)], capsys
        )
    assert code == 0, err
    cred = (content / "credentials/data-basics.md").read_text(encoding="utf-8")
    assert "partners:\n- issuer: body\n  role: endorser\n" in cred
    assert "skills" not in cred  # partners are not skills
    assert "name: Industry Body" in (content / "issuers/body.yaml").read_text(encoding="utf-8")
    assert f"warning[import.partner]: the provider {gone} is not imported" in err
