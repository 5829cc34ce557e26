"""Import credcat's own published documents back: the same source fields, field by field.

Every credential of the example catalog is published, served on 127.0.0.1, and imported from
its Open Badges 2.0 BadgeClass (with credcat's extensions) or its Open Badges 3.0 Achievement
into an empty catalog; each field either format carries must come back exactly
(README: "Importing an existing catalog").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from credcat.commands.cli import main
from credcat.core.diagnostics import Report
from credcat.load.catalog import Catalog
from credcat.load.pipeline import load_catalog
from credcat.model.records import Credential, Issuer, Rule, RuleKind
from credcat.publish.build import build
from tests.catalogs import CATALOG
from tests.support.http import serve_directory

REPO = Path(__file__).resolve().parent.parent

BOTH = (
    "title",
    "summary",
    "criteria",
    "version",
    "skills",
    "tags",
    "level",
    "credits",
    "field_of_study",
    "specialization",
    "code",
    "prerequisites",
    "partners",
)
"""What both formats carry."""
FIELDS = {
    "badges": (
        *BOTH,
        "workload_hours",
        "duration",
        "learning_outcomes",
        "assessment",
        "participation",
        "quality_assurance",
        "entry_requirements",
    ),
    "achievements": (*BOTH, "achievement_type", "recommended"),
}
"""Open Badges 2.0 carries the rest as credcat's extensions; 3.0 has achievementType, and
recommended credentials as alignments."""
ISSUER_FIELDS = {
    "badges": ("name", "url", "email", "description", "verification"),
    "achievements": (
        "name",
        "url",
        "email",
        "description",
        "country",
        "region",
        "identifiers",
        "parent_organization",
    ),
}


def _import(kind: str, tmp_path: Path) -> tuple[Catalog, Catalog]:
    site = tmp_path / "site"
    site.mkdir()
    with serve_directory(site, "/") as base:
        assert build(REPO / "content", Report(), output=site, base_url=base) is not None
        original = load_catalog(REPO / "content", Report(), base_url=base)
        assert original is not None
        content = tmp_path / "again" / "content"
        (content / "credentials").mkdir(parents=True)
        (content / "issuers").mkdir()
        (content / "catalog.yaml").write_text(
            CATALOG.replace("https://example.org/catalog/", base), encoding="utf-8"
        )
        folder = "badges" if kind == "badges" else "achievements"
        sources = [f"{base}{folder}/{c.id}.json" for c in original.published]
        assert main(["import", "--catalog", str(content), *sources]) == 0
    report = Report()
    imported = load_catalog(content, report)
    assert imported is not None, [d.format() for d in report.sorted()]
    return original, imported


def _has_choice(rule: Rule | None) -> bool:
    if rule is None:
        return False
    return rule.kind is not RuleKind.ALL or any(isinstance(i, Rule) for i in rule.items)


def _value(obj: Credential | Issuer, name: str) -> Any:
    value = getattr(obj, name)
    return value.value if hasattr(value, "value") and not hasattr(value, "system") else value


@pytest.mark.parametrize("kind", ["badges", "achievements"])
def test_import_of_published_documents_gives_back_every_field(tmp_path: Path, kind: str) -> None:
    original, imported = _import(kind, tmp_path)
    compared = 0
    for cred in original.published:
        again = imported.credentials[cred.id]
        for name in FIELDS[kind]:
            assert _value(again, name) == _value(cred, name), (cred.id, name)
            compared += 1
        assert again.issuer == cred.issuer
        # Stacks come back with their components, unless the rule has a choice in it
        # (Open Badges has no place for "any 1 of these"): then the importer says so.
        parts = tuple(i for i, _ in cred.pathway.leaves()) if cred.pathway else ()
        got = tuple(i for i, _ in again.pathway.leaves()) if again.pathway else ()
        assert got == (() if _has_choice(cred.pathway) else parts), cred.id
        image = imported.images.get(again.image or "")
        assert image is not None
        assert image.data == original.images[cred.image or ""].data
    assert compared == len(original.published) * len(FIELDS[kind]) >= 19 * 15
    credits = [c for c in original.published if c.credits]
    assert credits
    assert all(imported.credentials[c.id].credits == c.credits for c in credits)
    named = {c.issuer for c in original.published}
    named |= {p.issuer for c in original.published for p in c.partners}
    assert named == set(original.issuers)  # partners come back with their issuer files
    for issuer in original.issuers.values():
        again_issuer = imported.issuers[issuer.id]
        for name in ISSUER_FIELDS[kind]:
            assert getattr(again_issuer, name) == getattr(issuer, name), (issuer.id, name)
