"""Machine-readable outputs against the standards' own schemas and JSON-LD contexts.

Open Badges 3.0 Achievements are wrapped in a sample AchievementCredential and validated
with the official 1EdTech JSON Schema; every Open Badges 2.0 and 3.0 document is expanded as
JSON-LD (pyld, contexts from local copies) to prove that no property is dropped as an
undefined term. The Open Badges 2.0 validator itself runs in tests/test_ob2_validator.py.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft201909Validator
from pyld import jsonld

from credcat.core.diagnostics import Report
from credcat.core.urls import Urls
from credcat.publish.build import build
from credcat.render.render_extensions import EXTENSIONS, extension_context

HERE = Path(__file__).resolve().parent
STANDARDS = HERE / "standards"
CATALOGS = {"basic": HERE / "cases/basic/content", "example": HERE.parent / "content"}
CONTEXTS = {
    "https://w3id.org/openbadges/v2": STANDARDS / "ob2/context-v2.json",
    "https://openbadgespec.org/v2/context.json": STANDARDS / "ob2/context-v2.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": STANDARDS
    / "ob3/context-3.0.3.json",
    "https://www.w3.org/ns/credentials/v2": STANDARDS / "ob3/credentials-v2.jsonld",
}


_EXTENSION = re.compile(r"^(https?://.+/)extensions/([a-z-]+)/context\.json$")


def _loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    extension = _EXTENSION.match(url)
    if extension:  # the context credcat publishes at that URL, rendered by the same function
        base, name = extension.groups()
        (ext,) = [e for e in EXTENSIONS if e.name == name]
        document = extension_context(ext, Urls(base, "/"))
        return {"contextUrl": None, "documentUrl": url, "document": document}
    path = CONTEXTS.get(url.rstrip("/")) or CONTEXTS.get(url)
    if path is None:
        raise AssertionError(f"the JSON-LD processor asked for {url}, which is not local")
    return {"contextUrl": None, "documentUrl": url, "document": _read(path)}


@cache
def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=sorted(CATALOGS))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = CATALOGS[request.param]
    if not (source / "catalog.yaml").is_file():
        pytest.fail(f"{source} has no catalog.yaml")
    out = tmp_path_factory.mktemp(request.param) / "site"
    report = Report()
    assert build(source, report, output=out) is not None, [d.format() for d in report.sorted()]
    return out


def _docs(site: Path, folder: str) -> list[dict[str, Any]]:
    """Every document in ``folder``; for badges and achievements also every version's own."""
    paths = sorted((site / folder).glob("*.json"))
    if folder in ("badges", "achievements"):
        versions = sorted((site / folder).glob("*/v*.json"))
        assert versions, f"no version documents in {folder}/"
        paths += versions
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    assert docs, f"no documents in {folder}/"
    return docs


def _wrap(achievement: dict[str, Any]) -> dict[str, Any]:
    creator = achievement["creator"]
    return {
        "@context": achievement["@context"],
        "id": "urn:uuid:2f8e2b0c-7d3a-4c1e-9b5f-0a6d8e4c1b2a",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": creator,
        "validFrom": "2026-01-15T09:00:00Z",
        "name": achievement["name"],
        "credentialSubject": {
            "id": "did:example:learner-1",
            "type": ["AchievementSubject"],
            "achievement": achievement,
        },
    }


def test_achievements_validate_against_the_official_ob3_schema(built: Path) -> None:
    validator = Draft201909Validator(_read(STANDARDS / "ob3/achievementcredential.json"))
    for achievement in _docs(built, "achievements"):
        errors = [
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(_wrap(achievement))
        ]
        assert errors == [], achievement["id"]
        assert achievement["type"] == ["Achievement"]
        assert achievement["id"].endswith(".json")
        related = achievement["related"][0]["id"]
        assert related == achievement["id"].replace("/achievements/", "/badges/")


def test_achievement_creator_is_a_valid_ob3_profile(built: Path) -> None:
    validator = Draft201909Validator(_read(STANDARDS / "ob3/profile.json"))
    for achievement in _docs(built, "achievements"):
        creator = achievement["creator"]
        assert list(validator.iter_errors(creator)) == []
    # Current documents (preserved versions keep the creator they were published with)
    for current in sorted((built / "achievements").glob("*.json")):
        creator = json.loads(current.read_text(encoding="utf-8"))["creator"]
        name = creator["id"].split("/profiles/", 1)[1]
        profile = json.loads((built / "profiles" / name).read_text(encoding="utf-8"))
        assert {k: v for k, v in profile.items() if k != "@context"} == creator


def test_ob3_profiles_are_valid_and_lose_no_property_as_json_ld(built: Path) -> None:
    validator = Draft201909Validator(_read(STANDARDS / "ob3/profile.json"))
    profiles = _docs(built, "profiles")
    for doc in profiles:
        assert list(validator.iter_errors(doc)) == [], doc["id"]
        assert doc["id"].endswith(".json")
        _assert_nothing_dropped(doc)


def _keys(node: Any, path: str = "") -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key.startswith("@"):
                continue
            found.add(f"{path}/{key}")
            found |= _keys(value, f"{path}/{key}")
    elif isinstance(node, list):
        for item in node:
            found |= _keys(item, path)
    return found


def _assert_nothing_dropped(doc: dict[str, Any]) -> None:
    options = {"documentLoader": _loader}
    expanded = jsonld.expand(doc, options)
    assert expanded, f"{doc.get('id')} expanded to nothing"
    # Open Badges 2.0 extension nodes bring their own contexts: compact with those too.
    extensions = sorted(
        v["@context"] for k, v in doc.items() if k.startswith("extensions:") and "@context" in v
    )
    context = [doc["@context"], *extensions] if extensions else doc["@context"]
    compacted = jsonld.compact(expanded, {"@context": context}, options)
    lost = _keys(doc) - _keys(compacted)
    assert lost == set(), f"{doc.get('id')}: JSON-LD drops {sorted(lost)}"


@pytest.mark.parametrize("folder", ["badges", "achievements"])
def test_badge_documents_lose_no_property_as_json_ld(built: Path, folder: str) -> None:
    for doc in _docs(built, folder):
        _assert_nothing_dropped(doc)


def test_issuer_profiles_lose_no_property_as_json_ld(built: Path) -> None:
    profiles = [
        json.loads(p.read_text("utf-8")) for p in sorted((built / "issuers").glob("*.json"))
    ]
    assert profiles
    for doc in profiles:
        _assert_nothing_dropped(doc)
        for field in ("name", "url", "email"):
            assert doc[field], (doc["id"], field)


def _page_jsonld(page: Path) -> dict[str, Any]:
    html = page.read_text(encoding="utf-8")
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    data: dict[str, Any] = json.loads(html[start : html.index("</script>", start)])
    return data


def test_credential_pages_carry_schema_org_credential(built: Path) -> None:
    catalog = json.loads((built / "catalog.json").read_text(encoding="utf-8"))
    for entry in catalog["credentials"]:
        # The page in the language the credential is written in shows its own title.
        url = entry["pages"][entry["text_language"]]
        page = built / url.removeprefix(catalog["url"]) / "index.html"
        course = _page_jsonld(page)
        assert course["@context"] == "https://schema.org"
        # search engines' course structured data: name, description, provider, offers
        assert course["@type"] == "Course"
        assert course["name"] == entry["title"]
        assert course["description"]
        providers = course["provider"]
        for provider in providers if isinstance(providers, list) else [providers]:
            assert provider["@type"] == "Organization"
        assert course["offers"]["@type"] == "Offer"
        intakes = entry.get("intakes", []) if entry["status"] == "active" else []
        instances = course.get("hasCourseInstance", [])
        assert [i["startDate"] for i in instances] == [i["start"] for i in intakes]
        for instance in instances:
            assert instance["@type"] == "CourseInstance"
            assert instance.get("courseMode") in {None, "online", "onsite", "blended"}
        data = course["educationalCredentialAwarded"]
        assert data["@type"] == "EducationalOccupationalCredential"
        assert data["url"] == url
        assert data["name"] == entry["title"]
        assert data["credentialCategory"]
        assert data["offers"]["@type"] == "Offer"
        offered = data["offers"]["offeredBy"]
        for body in offered if isinstance(offered, list) else [offered]:
            assert body["@type"] == "Organization"
        if "cost" in entry:
            assert data["offers"]["priceCurrency"] == entry["cost"]["currency"]
        if "level" in entry:
            assert data["educationalLevel"]
        for skill in data.get("competencyRequired", []):
            assert skill["@type"] == "DefinedTerm"
            assert skill["url"].startswith("http")


def test_issuer_pages_carry_schema_org_organization(built: Path) -> None:
    pages = sorted((built / "issuers").glob("*/index.html"))
    real = [p for p in pages if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")]
    assert real
    for page in real:
        data = _page_jsonld(page)
        assert data["@type"] == "Organization"
        assert data["name"]
        assert data["url"].startswith("https://")


def test_ctdl_documents_meet_the_minimum_data_policy(built: Path) -> None:
    for doc in _docs(built, "ctdl"):
        assert_ctdl_minimum_data(doc)


def assert_ctdl_minimum_data(doc: dict[str, Any]) -> None:
    """Credential Engine's minimum data policy for a credential and its organisations (the
    awarding one first, then its partners)."""
    assert doc["@context"] == "https://credreg.net/ctdl/schema/context/json"
    credential, organization, *partners = doc["@graph"]
    named = {organization["@id"], *(p["@id"] for p in partners)}
    assert credential["ceterms:ownedBy"][0] == organization["@id"]
    for key in ("ceterms:ownedBy", "ceterms:offeredBy", "ceterms:recognizedBy"):
        assert set(credential.get(key, [])) <= named, key
    assert len(named) == 1 + len(partners)
    for other in partners:
        assert_ctdl_organization(other)
    for aid in credential.get("ceterms:financialAssistance", []):
        assert aid["@type"] == "ceterms:FinancialAssistanceProfile"
        assert all(aid["ceterms:name"].values())
        assert aid.get("ceterms:description") or aid.get("ceterms:subjectWebpage")
    assert credential["@type"].startswith("ceterms:")
    assert credential["ceterms:ctid"].startswith("ce-")
    for field in ("ceterms:name", "ceterms:description"):
        assert all(credential[field].values()), field
    assert credential["ceterms:subjectWebpage"].startswith("http")
    assert credential["ceterms:credentialStatusType"]["ceterms:targetNode"].startswith(
        "credentialStat:"
    )
    assert credential["ceterms:inLanguage"]
    assert_ctdl_organization(organization)


def assert_ctdl_organization(organization: dict[str, Any]) -> None:
    """Credential Engine's minimum data policy for an organisation."""
    assert organization["@type"] == "ceterms:CredentialOrganization"
    assert organization["ceterms:ctid"].startswith("ce-")
    assert organization["ceterms:subjectWebpage"].startswith("http")
    assert all(organization["ceterms:name"].values())
    assert all(organization["ceterms:description"].values())
    assert organization["ceterms:email"] or organization["ceterms:address"]
    for concept in organization["ceterms:agentType"]:
        assert concept["ceterms:targetNode"].startswith("orgType:")
        assert concept["ceterms:framework"] == "https://credreg.net/ctdl/terms/OrganizationType"
    (sector,) = organization["ceterms:agentSectorType"]
    assert sector["ceterms:targetNode"] in {
        "agentSector:Public",
        "agentSector:PrivateNonProfit",
        "agentSector:PrivateForProfit",
    }
    assert organization["ceterms:agentType"]


def test_badge_class_extensions_match_their_published_context_and_schema(built: Path) -> None:
    from jsonschema import Draft4Validator

    catalog = json.loads((built / "catalog.json").read_text(encoding="utf-8"))
    base = catalog["url"]
    seen: set[str] = set()
    for doc in _docs(built, "badges"):
        for key, node in doc.items():
            if not key.startswith("extensions:"):
                continue
            assert node["type"] == ["Extension", key]
            context_path = node["@context"].removeprefix(base)
            context = json.loads((built / context_path).read_text(encoding="utf-8"))
            (validation,) = context["obi:validation"]
            assert validation["obi:validatesType"] == key
            schema_url = validation["obi:validationSchema"]
            schema = json.loads((built / schema_url.removeprefix(base)).read_text("utf-8"))
            Draft4Validator.check_schema(schema)
            data = {k: v for k, v in node.items() if not k.startswith("@") and k != "type"}
            assert list(Draft4Validator(schema).iter_errors(data)) == [], (doc["id"], key)
            assert set(data) <= set(context["@context"]), key
            seen.add(key)
    assert len(seen) >= 5
