"""Facets: the values learners filter by, and which active credentials have each one.

One place decides the facets, so the static browse pages (which work without JavaScript)
and the search data behind the catalog page always agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from credcat.core.i18n import N_
from credcat.core.sources import suggest_id
from credcat.load.catalog import Catalog
from credcat.model.labels import language_name, type_label
from credcat.model.records import Credential, Status


@dataclass(frozen=True, slots=True)
class FacetValue:
    """One value of a facet, e.g. level 'MQF 4'."""

    slug: str
    """URL-safe key, e.g. mqf-4."""
    label: str
    credentials: tuple[Credential, ...]
    """Active credentials with this value, in catalog order (title)."""


@dataclass(frozen=True, slots=True)
class Facet:
    """A dimension to filter by."""

    key: str
    """URL key, e.g. level."""
    label: str
    values: tuple[FacetValue, ...]
    """Sorted by label."""


@dataclass(frozen=True, slots=True)
class Heading:
    """A facet, or one of its values, as a browse page names it: its URL key (a value's
    slug) and its label, without the credentials. A browse page's context holds these, not
    the whole facet, so an edit re-renders only the pages that list what changed."""

    key: str
    label: str


def _values(cred: Credential, catalog: Catalog, key: str) -> Iterable[tuple[str, str]]:
    t = catalog.t
    if key == "type":
        yield suggest_id(cred.achievement_type), t(type_label(cred.achievement_type))
    elif key == "level" and cred.level:
        yield suggest_id(str(cred.level)), str(cred.level)
    elif key == "issuer":
        yield cred.issuer, catalog.issuers[cred.issuer].name
    elif key == "delivery" and cred.participation:
        yield cred.participation.value, t(cred.participation.label)
    elif key == "language":
        for tag in cred.languages:
            yield tag.lower(), language_name(tag, catalog.lang or catalog.config.language)
    elif key == "cost" and cred.cost:
        yield ("free", t(N_("Free"))) if cred.cost.is_free else ("paid", t(N_("Paid")))
    elif key == "funding":
        for scheme in cred.funding:
            yield scheme.slug, scheme.name
    elif key == "skill":
        for skill in cred.skills:
            yield suggest_id(skill.name), skill.name


FACETS: tuple[tuple[str, str], ...] = (
    ("skill", N_("Skill")),
    ("level", N_("Level")),
    ("type", N_("Type")),
    ("issuer", N_("Awarding body")),
    ("delivery", N_("Delivery")),
    ("language", N_("Language")),
    ("cost", N_("Cost")),
    ("funding", N_("Funding")),
)


def build_facets(catalog: Catalog, *, include_retired: bool = False) -> list[Facet]:
    """Every facet with its values and their active (or also retired) credentials."""
    active = catalog.active
    if include_retired:
        active = active + [c for c in catalog.published if c.status is Status.RETIRED]
    facets: list[Facet] = []
    for key, label in FACETS:
        table: dict[str, tuple[str, list[Credential]]] = {}
        for cred in active:
            for slug, value_label in dict(_values(cred, catalog, key)).items():
                table.setdefault(slug, (value_label, []))[1].append(cred)
        values = tuple(
            FacetValue(slug=slug, label=lab, credentials=tuple(creds))
            for slug, (lab, creds) in sorted(
                table.items(), key=lambda kv: (kv[1][0].casefold(), kv[0])
            )
        )
        facets.append(Facet(key=key, label=catalog.t(label), values=values))
    return facets
