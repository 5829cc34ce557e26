"""How credcat import reads alignments, Markdown descriptions, languages and results."""

from __future__ import annotations

from typing import Any

import pytest

from credcat.importing.import_index import Kind, describe, kind_of, slug_from_url
from credcat.importing.import_mapping import (
    language_of,
    plain_summary,
    producer_fields,
    read_alignment,
    results_text,
)


@pytest.mark.parametrize(
    ("alignment", "field", "value"),
    [
        (
            {"targetName": "EQF level 5", "targetUrl": "http://data.europa.eu/snb/eqf/5"},
            "level",
            {"framework": "EQF", "value": 5},
        ),
        (
            {"targetName": "Level 4", "targetFramework": "SCQF", "targetUrl": "https://x.example/"},
            "level",
            {"framework": "SCQF", "value": 4},
        ),
        (
            {
                "targetType": "ext:EQF",
                "targetName": "EQF level 6",
                "targetCode": "6",
                "targetUrl": "https://x.example/eqf",
            },
            "level",
            {"framework": "EQF", "value": 6},
        ),
        (
            {
                "targetType": "ext:Level",
                "targetFramework": "MQF",
                "targetCode": "4",
                "targetName": "MQF 4",
                "targetUrl": "https://x.example/",
            },
            "level",
            {"framework": "MQF", "value": 4},
        ),
        (
            {
                "targetType": "ext:QualityAssurance",
                "targetName": "Accredited",
                "targetFramework": "National Agency",
                "targetUrl": "https://qa.example/1",
            },
            "quality_assurance",
            {"type": "Accredited", "body": "National Agency", "url": "https://qa.example/1"},
        ),
        (
            {"targetType": "ext:CreditUnit", "targetCode": "ECTS", "targetUrl": "https://x/"},
            "credit_system",
            "ECTS",
        ),
        (
            {
                "targetType": "ceterms:Credential",
                "targetName": "Part one",
                "targetUrl": "https://x.example/a.json",
            },
            "credential",
            "https://x.example/a.json",
        ),
        (
            {
                "targetType": "ceasn:Competency",
                "targetName": "Teamwork",
                "targetUrl": "https://skills.example/tw",
                "targetCode": "TW",
            },
            "skills",
            {"name": "Teamwork", "url": "https://skills.example/tw", "code": "TW"},
        ),
        (
            {"name": "Collaboration", "url": "https://s.example/c"},
            "skills",
            {"name": "Collaboration", "url": "https://s.example/c"},
        ),
        ({"targetName": "No URL"}, "lost", "a skill needs a targetName and an http(s) targetUrl"),
    ],
)
def test_an_alignment_goes_where_it_belongs(
    alignment: dict[str, Any], field: str, value: Any
) -> None:
    found = read_alignment(alignment)
    assert (found.field, found.value) == (field, value)


def test_a_markdown_description_gives_a_plain_summary_and_keeps_the_markdown() -> None:
    text = "## About\n\nBuilds **robust** [data pipelines](https://x.example/) with `SQL`.\n\n- a"
    summary, body = plain_summary(text)
    assert summary == "Builds robust data pipelines with SQL."
    assert body == text
    assert plain_summary("A plain sentence that says it all.") == (
        "A plain sentence that says it all.",
        "",
    )


def test_languages_from_both_versions() -> None:
    assert language_of({"inLanguage": "nl-NL"}) == "nl-NL"
    assert language_of({"@language": "fi"}) == "fi"
    assert (
        language_of({"@context": ["https://w3id.org/openbadges/v2", {"@language": "es"}]}) == "es"
    )
    assert language_of({"@language": "not a tag!"}) is None


def test_result_descriptions_in_words() -> None:
    results = [{"name": "Grade", "resultType": "LetterGrade", "allowedValue": ["A", "B", "C"]}]
    assert results_text(results) == "Results: Grade (LetterGrade; A, B, C)"


def test_edubadges_extensions() -> None:
    doc = {
        "extensions:ECTSExtension": {"ECTS": 2.5},
        "extensions:EQFExtension": {"EQF": 6},
        "extensions:LanguageExtension": {"Language": "nl_NL"},
        "participationType": "online",
    }
    front, used = producer_fields(doc)
    assert front == {
        "credits": {"value": 2.5, "system": "ECTS"},
        "level": {"framework": "EQF", "value": 6},
        "languages": ["nl-NL"],
        "participation": "online",
    }
    assert used == set(doc)


@pytest.mark.parametrize(
    ("url", "ident"),
    [
        ("https://x.example/badges/teamwork.json", "teamwork"),
        ("https://x.example/org/pusat-latihan/issuer.json", "pusat-latihan"),
        ("https://x.example/badge_classes/7e1f3a5c-2b4d-4c6e-8f0a-1b2c3d4e5f60", None),
        ("https://x.example/public/badges/q7vbd3xltn6fuq1c", None),
        ("https://x.example/achievements/ach-5566", None),
        ("https://x.example/badges/4471", None),
        ("https://x.example/achievements/data-101", "data-101"),
    ],
)
def test_ids_from_urls_skip_platform_keys(url: str, ident: str | None) -> None:
    assert slug_from_url(url) == ident


def test_what_a_document_is() -> None:
    assert kind_of({"type": "Profile", "name": "x"}) is Kind.PROFILE
    assert kind_of({"name": "T", "criteria": "https://c/", "issuer": "https://i/"}) is Kind.CLASS
    assert kind_of({"recipient": "a@b.example", "badge": "https://b/"}) is Kind.AWARD
    assert kind_of({"type": ["VerifiableCredential", "EndorsementCredential"]}) is Kind.ENDORSEMENT
    assert describe({"type": "RevocationList"}).startswith("an Open Badges 2.0 RevocationList")
    assert describe({"@context": {}}) == "a JSON-LD context, not a badge definition"
    assert describe({"type": ""}).startswith("a JSON object with no type (keys: type)")
