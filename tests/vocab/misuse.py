"""Documents that misuse CTDL and schema.org, each with the problem the checker must report.

The test runs the checker on them (proving it catches each kind of misuse) and extract.py
keeps the terms they use in the extracts.
"""

from __future__ import annotations

from typing import Any

_CREDENTIAL = {
    "@id": "https://example.org/ctdl/x.json",
    "@type": "ceterms:MicroCredential",
    "ceterms:name": {"en": "X"},
}


def _condition(credit: dict[str, Any]) -> dict[str, Any]:
    return {
        "ceterms:requires": [{"@type": "ceterms:ConditionProfile", "ceterms:creditValue": [credit]}]
    }


CTDL: list[tuple[dict[str, Any], str]] = [
    ({**_CREDENTIAL, "ceterms:requiredNumber": 2}, "outside its domain"),
    ({**_CREDENTIAL, "ceterms:creditValue": []}, "outside its domain"),
    ({**_CREDENTIAL, "ceterms:name": "X"}, "the text 'X' where ceterms:name takes"),
    ({**_CREDENTIAL, "ceterms:noSuchTerm": "x"}, "is not a property of ctdl"),
    ({**_CREDENTIAL, "@type": "ceterms:NoSuchClass"}, "is not a class of ctdl"),
    (
        {**_CREDENTIAL, **_condition({"@type": "schema:QuantitativeValue", "schema:value": 3})},
        "a schema:QuantitativeValue where ceterms:creditValue takes",
    ),
    (
        {
            **_CREDENTIAL,
            **_condition(
                {
                    "@type": "ceterms:ValueProfile",
                    "schema:value": 3,
                    "ceterms:creditUnitType": ["orgType:Business"],
                }
            ),
        },
        "is not in ceterms:creditUnitType's concept scheme",
    ),
]

SCHEMA_ORG: list[tuple[dict[str, Any], str]] = [
    (
        {
            "@context": "https://schema.org",
            "@type": "EducationalOccupationalCredential",
            "timeToComplete": "P6W",
        },
        "timeToComplete is used on schema:EducationalOccupationalCredential, outside its domain",
    ),
    (
        {
            "@context": "https://schema.org",
            "@type": "DefinedTerm",
            "name": "x",
            "inDefinedTermSet": "O*NET-SOC",
        },
        "the text 'O*NET-SOC' where schema:inDefinedTermSet takes",
    ),
    (
        {"@context": "https://schema.org", "@type": "Offer", "availability": "InStock"},
        "the text 'InStock' where schema:availability takes",
    ),
]
