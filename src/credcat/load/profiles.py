"""Completeness profiles: which elements a framework requires that a credential lacks.

``eu``: the information elements of the EU Council Recommendation on a European approach
to micro-credentials (2022/C 243/02), Annex I. ``mqa``: Malaysian Qualifications Agency
micro-credential guidelines: an MQF level, and credits that agree with notional learning
hours (40 hours = 1 credit); it checks credentials awarded (or co-awarded) by a body in
Malaysia, or by an issuer that states no country. ``ctdl``: what Credential Engine's
minimum data policy for the Credential Registry requires beyond what credcat always
publishes (the credential's languages; the organisation's description, type and sector).
The EU elements "country(ies)/region(s) of the issuer" and "awarding body(ies)" cover the
co-awarding bodies (``partners`` with the role co-awarding) as well as the issuer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from credcat.core.diagnostics import Diagnostic, Location, Severity
from credcat.load.catalog import Catalog
from credcat.model.records import Credential, Issuer, PartnerRole


@dataclass(frozen=True, slots=True)
class Element:
    """One information element of a profile."""

    name: str
    """As the framework names it."""
    fields: str
    """The credcat fields that supply it."""
    present: Callable[[Credential, Issuer, bool], bool]
    """(credential, issuer, whether it is part of or made of a stack) -> present?"""
    required: bool = True


EU_ELEMENTS: tuple[Element, ...] = (
    Element("title of the micro-credential", "title", lambda c, i, s: bool(c.title)),
    Element("country or region of the issuer", "issuer: country", lambda c, i, s: bool(i.country)),
    Element("awarding body(ies)", "issuer", lambda c, i, s: bool(i.name)),
    Element("learning outcomes", "learning_outcomes", lambda c, i, s: bool(c.learning_outcomes)),
    Element(
        "notional workload (ECTS credits wherever possible)",
        "workload_hours or credits",
        lambda c, i, s: c.workload_hours is not None or c.credits is not None,
    ),
    Element("level (EQF or another framework)", "level", lambda c, i, s: c.level is not None),
    Element("type of assessment", "assessment: method", lambda c, i, s: c.assessment is not None),
    Element("form of participation", "participation", lambda c, i, s: c.participation is not None),
    Element(
        "type of quality assurance",
        "quality_assurance",
        lambda c, i, s: c.quality_assurance is not None,
    ),
    Element(
        "prerequisites needed to enrol",
        "prerequisites or entry_requirements",
        lambda c, i, s: bool(c.prerequisites or c.entry_requirements),
        required=False,
    ),
    Element(
        "supervision and identity verification during assessment",
        "assessment: supervised, identity_verified",
        lambda c, i, s: (
            c.assessment is not None
            and c.assessment.supervised is not None
            and c.assessment.identity_verified is not None
        ),
        required=False,
    ),
    Element(
        "integration and stackability options",
        "stacks_into or components",
        lambda c, i, s: s,
        required=False,
    ),
)

MQA_HOURS_PER_CREDIT = 40


@dataclass(frozen=True, slots=True)
class Subject:
    """A credential as a profile sees it."""

    credential: Credential
    issuer: Issuer
    """The awarding issuer."""
    co_awarding: tuple[Issuer, ...]
    """The bodies that award it jointly with the issuer (partners with role co-awarding)."""
    stacked: bool
    """Whether it is part of a stack or made of one."""

    @property
    def at(self) -> Location:
        """Where diagnostics about it point."""
        return self.credential.location


def _eu(subject: Subject) -> Iterator[Diagnostic]:
    cred, issuer, stacked, at = subject.credential, subject.issuer, subject.stacked, subject.at
    for element in EU_ELEMENTS:
        if not element.present(cred, issuer, stacked):
            kind = "required" if element.required else "optional"
            yield Diagnostic(
                location=at,
                code=f"profile.eu.{'missing' if element.required else 'optional'}",
                message=f"EU micro-credential element missing ({kind}): {element.name}",
                hint=f"add {element.fields}",
                severity=Severity.WARNING,
            )
    # "Country(ies)/Region(s) of the issuer" and "Awarding body(ies)": every body that
    # awards the credential, the co-awarding ones too.
    for body in subject.co_awarding:
        if not body.country:
            yield Diagnostic(
                location=at,
                code="profile.eu.missing",
                message="EU micro-credential element missing (required): country or region "
                f"of the co-awarding body '{body.name}'",
                hint=f"add country to {body.location.path}",
                severity=Severity.WARNING,
            )


def _mqa(subject: Subject) -> Iterator[Diagnostic]:
    cred, at = subject.credential, subject.at
    countries = {b.country for b in (subject.issuer, *subject.co_awarding)}
    if subject.issuer.country is not None and "MY" not in countries:
        return  # MQA guidelines govern Malaysian providers (awarding or co-awarding) only

    def warn(code: str, message: str, hint: str) -> Diagnostic:
        return Diagnostic(
            location=at, code=code, message=message, hint=hint, severity=Severity.WARNING
        )

    if cred.level is None or cred.level.framework.upper() != "MQF":
        yield warn("profile.mqa.level", "no MQF level", "add level: {framework: MQF, value: 4}")
    if cred.workload_hours is None:
        yield warn("profile.mqa.hours", "no notional learning hours", "add workload_hours")
    if cred.credits is None or cred.credits.system.upper() != "MQA":
        yield warn("profile.mqa.credits", "no MQA credit value", "add credits: {system: MQA}")
    elif cred.workload_hours is not None:
        expected = cred.workload_hours / MQA_HOURS_PER_CREDIT
        if abs(cred.credits.value - expected) > 0.01:
            yield warn(
                "profile.mqa.credits",
                f"{cred.credits.value:g} MQA credits do not match {cred.workload_hours:g} "
                f"notional hours ({MQA_HOURS_PER_CREDIT} hours = 1 credit: {expected:g})",
                "correct credits or workload_hours",
            )


def _ctdl(subject: Subject) -> Iterator[Diagnostic]:
    if not subject.credential.languages:
        yield Diagnostic(
            location=subject.at,
            code="profile.ctdl.credential",
            message="no languages: the Credential Registry's inLanguage falls back to the "
            "catalog's language",
            hint="add languages, e.g. languages: [en]",
            severity=Severity.WARNING,
        )


def _ctdl_issuer(issuer: Issuer) -> Iterator[Diagnostic]:
    missing = [
        (name, hint)
        for name, present, hint in (
            ("description", bool(issuer.description), "add description"),
            ("agentType", bool(issuer.organization_types), "add organization_types"),
            ("agentSectorType", issuer.sector is not None, "add sector"),
        )
        if not present
    ]
    for name, hint in missing:
        yield Diagnostic(
            location=issuer.location,
            code="profile.ctdl.organization",
            message=f"Credential Registry minimum data missing for the organisation: {name}",
            hint=hint,
            severity=Severity.WARNING,
        )


PROFILES: Mapping[str, Callable[[Subject], Iterator[Diagnostic]]] = {
    "eu": _eu,
    "mqa": _mqa,
    "ctdl": _ctdl,
}

ISSUER_PROFILES: Mapping[str, Callable[[Issuer], Iterator[Diagnostic]]] = {
    "ctdl": _ctdl_issuer,
}


def check_profile(name: str, catalog: Catalog) -> list[Diagnostic]:
    """Report, per published credential, what the named profile finds missing."""
    check = PROFILES[name]
    graph = catalog.graph
    found: list[Diagnostic] = []
    if name in ISSUER_PROFILES:
        for issuer_id in sorted(catalog.issuers):
            found.extend(ISSUER_PROFILES[name](catalog.issuers[issuer_id]))
    for cred in catalog.published:
        co_awarding = tuple(
            catalog.issuers[p.issuer]
            for p in cred.partners
            if p.role is PartnerRole.CO_AWARDING and p.issuer in catalog.issuers
        )
        subject = Subject(
            credential=cred,
            issuer=catalog.issuers[cred.issuer],
            co_awarding=co_awarding,
            stacked=bool(graph.children.get(cred.id) or graph.parents.get(cred.id)),
        )
        found.extend(check(subject))
    return found
