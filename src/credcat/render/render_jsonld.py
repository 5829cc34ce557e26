"""Linked-data descriptions: schema.org for pages, CTDL (Credential Engine) documents."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from credcat.core import urls
from credcat.core.output import Output, json_bytes
from credcat.load.catalog import Catalog
from credcat.model.records import (
    Credential,
    Funding,
    Intake,
    IntakeStatus,
    Issuer,
    Participation,
    PartnerRole,
    Rule,
    RuleKind,
    Skill,
    Status,
    format_number,
)
from credcat.render.ctdl import CREDIT_UNITS, ctid
from credcat.render.render_badges import image_url

CTDL_CONTEXT = "https://credreg.net/ctdl/schema/context/json"

CTDL_TYPES: Mapping[str, str] = {
    "Achievement": "ceterms:OpenBadge",
    "ApprenticeshipCertificate": "ceterms:ApprenticeshipCertificate",
    "Assessment": "ceterms:ProficiencyCertificate",
    "Assignment": "ceterms:CertificateOfCompletion",
    "AssociateDegree": "ceterms:AssociateDegree",
    "Award": "ceterms:Badge",
    "Badge": "ceterms:DigitalBadge",
    "BachelorDegree": "ceterms:BachelorDegree",
    "Certificate": "ceterms:Certificate",
    "CertificateOfCompletion": "ceterms:CertificateOfCompletion",
    "Certification": "ceterms:Certification",
    "CommunityService": "ceterms:CertificateOfParticipation",
    "Competency": "ceterms:ProficiencyCertificate",
    "Course": "ceterms:CertificateOfCompletion",
    "CoCurricular": "ceterms:CertificateOfParticipation",
    "Degree": "ceterms:Degree",
    "Diploma": "ceterms:Diploma",
    "DoctoralDegree": "ceterms:DoctoralDegree",
    "Fieldwork": "ceterms:WorkBasedLearningCertificate",
    "GeneralEducationDevelopment": "ceterms:GeneralEducationDevelopment",
    "JourneymanCertificate": "ceterms:JourneymanCertificate",
    "LearningProgram": "ceterms:Certificate",
    "License": "ceterms:License",
    "Membership": "ceterms:Badge",
    "ProfessionalDoctorate": "ceterms:ProfessionalDoctorate",
    "QualityAssuranceCredential": "ceterms:QualityAssuranceCredential",
    "MasterCertificate": "ceterms:MasterCertificate",
    "MasterDegree": "ceterms:MasterDegree",
    "MicroCredential": "ceterms:MicroCredential",
    "ResearchDoctorate": "ceterms:ResearchDoctorate",
    "SecondarySchoolDiploma": "ceterms:SecondarySchoolDiploma",
}
"""Open Badges 3.0 achievementType -> the CTDL credential class published for it (never the
abstract ``ceterms:Credential``, which the Registry does not accept). Types that name an
activity rather than a credential take the credential CTDL gives for it: a Course or an
Assignment earns a CertificateOfCompletion, an Assessment or a Competency a
ProficiencyCertificate, community service and co-curricular activities a
CertificateOfParticipation; an ``ext:`` type is published as an OpenBadge. docs/standards.md
gives the reasons."""
OTHER_TYPE = "ceterms:OpenBadge"
"""The CTDL class of an ``ext:`` achievement type: every credcat credential is an Open Badge."""


def _org(catalog: Catalog, issuer: Issuer) -> dict[str, Any]:
    u = urls.Urls(catalog.config.base_url, catalog.config.base_path)
    org: dict[str, Any] = {
        "@type": "Organization",
        "@id": u.absolute(urls.issuer_page(issuer.id)),
        "name": issuer.name,
        "url": issuer.url,
        "email": issuer.email,
    }
    if issuer.country:
        org["address"] = {"@type": "PostalAddress", "addressCountry": issuer.country}
        if issuer.region:
            org["address"]["addressRegion"] = issuer.region
    return org


def partners(catalog: Catalog, cred: Credential, *roles: PartnerRole) -> list[Issuer]:
    """The credential's partner organisations in ``roles``, in the order the file lists them
    (each once)."""
    found: list[Issuer] = []
    for p in cred.partners:
        issuer = catalog.issuers.get(p.issuer)
        if p.role in roles and issuer is not None and issuer not in found:
            found.append(issuer)
    return found


def awarding_bodies(catalog: Catalog, cred: Credential) -> list[Issuer]:
    """The awarding issuer and the co-awarding bodies."""
    issuer = catalog.issuers[cred.issuer]
    return [issuer, *partners(catalog, cred, PartnerRole.CO_AWARDING)]


def _one_or_list(items: list[dict[str, Any]]) -> dict[str, Any] | list[dict[str, Any]]:
    """One node alone (what search engines' course data expects), several as a list."""
    return items[0] if len(items) == 1 else items


def credential_schema_org(catalog: Catalog, cred: Credential) -> dict[str, Any]:
    """schema.org for a credential page: the ``Course`` that leads to the credential, with
    what search engines' course structured data asks for (name, description, provider,
    offers, ``hasCourseInstance`` for its intakes), and the
    ``EducationalOccupationalCredential`` it awards.

    ``provider`` names the awarding issuer, the co-awarding bodies and the providers; the
    credential's ``recognizedBy`` the endorsers (and the quality assurance body); funding
    schemes are the course's ``financialAidEligible``."""
    u = urls.Urls(catalog.config.base_url, catalog.config.base_path)
    lang = catalog.lang or catalog.config.language
    prefix = urls.language_prefix(lang, catalog.config.language)
    page = u.absolute(prefix + urls.credential_page(cred.id))
    offer = _offer(catalog, cred)
    providers = [*awarding_bodies(catalog, cred), *partners(catalog, cred, PartnerRole.PROVIDER)]
    course: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Course",
        "@id": page + "#course",
        "url": page,
        "name": cred.title,
        "description": cred.summary,
        "provider": _one_or_list([_org(catalog, i) for i in providers]),
        "offers": offer,
    }
    if cred.code:
        course["courseCode"] = cred.code
    if cred.image:
        course["image"] = u.absolute(urls.image(cred.image))
    if cred.languages:
        course["inLanguage"] = list(cred.languages)
    if cred.level:
        course["educationalLevel"] = str(cred.level)
    if cred.learning_outcomes:
        course["teaches"] = list(cred.learning_outcomes)
    if cred.workload_hours:
        course["timeRequired"] = f"PT{format_number(cred.workload_hours)}H"
    if cred.credits:
        course["numberOfCredits"] = {
            "@type": "QuantitativeValue",
            "value": cred.credits.value,
            "unitText": f"{cred.credits.system} credits",
        }
    prerequisites = [c for c in cred.prerequisites if _published(catalog, c)]
    if prerequisites or cred.entry_requirements:
        course["coursePrerequisites"] = [
            {
                "@type": "Course",
                "@id": u.absolute(prefix + urls.credential_page(c)) + "#course",
                "name": catalog.credentials[c].title,
                "url": u.absolute(prefix + urls.credential_page(c)),
            }
            for c in prerequisites
        ] + ([cred.entry_requirements] if cred.entry_requirements else [])
    if cred.funding:
        course["financialAidEligible"] = [
            {
                "@type": "DefinedTerm",
                "name": f.name,
                **({"url": f.url} if f.url else {}),
                **({"description": f.note} if f.note else {}),
            }
            for f in cred.funding
        ]
    if cred.intakes and cred.status is Status.ACTIVE:
        course["hasCourseInstance"] = [_course_instance(cred, i) for i in cred.intakes]
    course["educationalCredentialAwarded"] = _credential(catalog, cred, page, offer)
    return course


COURSE_MODES: Mapping[Participation, str] = {
    Participation.ONLINE: "online",
    Participation.IN_PERSON: "onsite",
    Participation.BLENDED: "blended",
}
"""Form of participation -> schema.org ``courseMode`` (the labels schema.org suggests)."""

AVAILABILITY: Mapping[IntakeStatus, str] = {
    IntakeStatus.OPEN: "https://schema.org/InStock",
    IntakeStatus.PLANNED: "https://schema.org/PreSale",
    IntakeStatus.WAITLIST: "https://schema.org/BackOrder",
    IntakeStatus.CLOSED: "https://schema.org/SoldOut",
}
"""Enrolment status of an intake -> schema.org ``ItemAvailability`` of its offer: open is in
stock; planned can be announced but not yet taken (pre-sale); a waiting list takes orders
to be filled later (back order); closed has no places left (sold out)."""


def _course_instance(cred: Credential, intake: Intake) -> dict[str, Any]:
    """One intake as a schema.org ``CourseInstance``."""
    node: dict[str, Any] = {"@type": "CourseInstance", "startDate": intake.start}
    if intake.end:
        node["endDate"] = intake.end
    mode = intake.mode or cred.participation
    if mode:
        node["courseMode"] = COURSE_MODES[mode]
    if cred.workload_hours:
        # What search engines' course data asks of an instance beside its mode: the
        # workload (or a schedule), as an ISO 8601 duration.
        node["courseWorkload"] = f"PT{format_number(cred.workload_hours)}H"
    if intake.location:
        node["location"] = {"@type": "Place", "name": intake.location}
    elif mode is Participation.ONLINE:
        online = {"url": intake.url} if intake.url else {}
        node["location"] = {"@type": "VirtualLocation", **online}
    if intake.url:
        node["url"] = intake.url
    if intake.status or intake.enrolment_deadline:
        offer: dict[str, Any] = {"@type": "Offer"}
        if intake.status:
            offer["availability"] = AVAILABILITY[intake.status]
        if intake.enrolment_deadline:
            offer["validThrough"] = intake.enrolment_deadline
        if intake.url:
            offer["url"] = intake.url
        if cred.cost:
            offer["price"] = format_number(cred.cost.amount)
            offer["priceCurrency"] = cred.cost.currency
        node["offers"] = offer
    return node


def _credential(
    catalog: Catalog, cred: Credential, page: str, offer: dict[str, Any]
) -> dict[str, Any]:
    u = urls.Urls(catalog.config.base_url, catalog.config.base_path)
    doc: dict[str, Any] = {
        "@type": "EducationalOccupationalCredential",
        "@id": page + "#credential",
        "url": page,
        "name": cred.title,
        "description": cred.summary,
        "credentialCategory": cred.achievement_type,
        "sameAs": [u.absolute(urls.badge_class(cred.id)), u.absolute(urls.achievement(cred.id))],
    }
    if cred.image:
        doc["image"] = u.absolute(urls.image(cred.image))
    if cred.level:
        doc["educationalLevel"] = str(cred.level)
    if cred.skills:
        doc["competencyRequired"] = [
            {
                "@type": "DefinedTerm",
                "name": s.name,
                "url": s.url,
                **({"termCode": s.code} if s.code else {}),
                **(
                    {"inDefinedTermSet": {"@type": "DefinedTermSet", "name": s.framework}}
                    if s.framework
                    else {}
                ),
            }
            for s in cred.skills
        ]
    recognized = [_org(catalog, i) for i in partners(catalog, cred, PartnerRole.ENDORSER)]
    if cred.quality_assurance and cred.quality_assurance.body:
        qa = cred.quality_assurance
        recognized.insert(
            0, {"@type": "Organization", "name": qa.body, **({"url": qa.url} if qa.url else {})}
        )
    if recognized:
        doc["recognizedBy"] = _one_or_list(recognized)
    doc["offers"] = offer
    if cred.valid_for:
        doc["validFor"] = cred.valid_for.iso
    if cred.languages:
        doc["inLanguage"] = list(cred.languages)
    if cred.tags:
        doc["keywords"] = ", ".join(cred.tags)
    return doc


def _offer(catalog: Catalog, cred: Credential) -> dict[str, Any]:
    bodies = [_org(catalog, i) for i in awarding_bodies(catalog, cred)]
    offer: dict[str, Any] = {"@type": "Offer", "offeredBy": _one_or_list(bodies)}
    if cred.cost:
        offer["price"] = format_number(cred.cost.amount)
        offer["priceCurrency"] = cred.cost.currency
        offer["category"] = "Free" if cred.cost.is_free else "Paid"
    if cred.url:
        offer["url"] = cred.url
    offer["availability"] = (
        "https://schema.org/InStock"
        if cred.status is Status.ACTIVE
        else "https://schema.org/Discontinued"
    )
    return offer


def issuer_schema_org(catalog: Catalog, issuer: Issuer) -> dict[str, Any]:
    """schema.org Organization for an issuer page."""
    doc = {"@context": "https://schema.org", **_org(catalog, issuer)}
    if issuer.description:
        doc["description"] = issuer.description
    if issuer.image:
        u = urls.Urls(catalog.config.base_url, catalog.config.base_path)
        doc["logo"] = u.absolute(urls.image(issuer.image))
    return doc


def _lang_map(catalog: Catalog, text: str) -> dict[str, str]:
    return {catalog.config.language: text}


def _translated(
    catalog: Catalog, kind: str, ident: str, own: str, field: str, text: str
) -> dict[str, str]:
    """A CTDL language map: ``text`` in its own language ``own``, and each translation."""
    found = {own: text}
    for lang, tr in catalog.translations.get((kind, ident), {}).items():
        if field in tr.fields:
            found[lang] = str(tr.fields[field]).strip()
    return dict(sorted(found.items()))


def render_ctdl(catalog: Catalog, cred: Credential) -> Output:
    """CTDL JSON-LD graph of one credential, its awarding organisation and its partners.

    The awarding issuer and the co-awarding bodies own and offer the credential
    (``ownedBy``, ``offeredBy``), providers offer it, endorsers recognise it
    (``recognizedBy``) and assessors assert its assessment condition (``assertedBy``);
    every organisation named is a node of the graph, the awarding one first.
    """
    u = urls.Urls(catalog.config.base_url, catalog.config.base_path)
    issuer = catalog.issuers[cred.issuer]
    own = catalog.written_in(cred)

    def ids(found: list[Issuer]) -> list[str]:
        return [u.absolute(urls.issuer_page(i.id)) for i in found]

    owners = ids(awarding_bodies(catalog, cred))
    providers = ids(partners(catalog, cred, PartnerRole.PROVIDER))
    node: dict[str, Any] = {
        "@id": u.absolute(urls.ctdl(cred.id)),
        "@type": CTDL_TYPES.get(cred.achievement_type, OTHER_TYPE),
        "ceterms:ctid": ctid(catalog, "credentials", cred.id),
        "ceterms:name": _translated(catalog, "credential", cred.id, own, "title", cred.title),
        "ceterms:description": _translated(
            catalog, "credential", cred.id, own, "summary", cred.summary
        ),
        "ceterms:subjectWebpage": u.absolute(urls.credential_page(cred.id)),
        "ceterms:ownedBy": owners,
        "ceterms:offeredBy": [*owners, *(p for p in providers if p not in owners)],
        "ceterms:credentialStatusType": {
            "@type": "ceterms:CredentialAlignmentObject",
            "ceterms:framework": "https://credreg.net/ctdl/terms/CredentialStatus",
            "ceterms:targetNode": "credentialStat:Active"
            if cred.status is Status.ACTIVE
            else "credentialStat:Deprecated",
        },
        "ceterms:image": image_url(catalog, cred.image),
    }
    # The Registry requires inLanguage; a credential that names no language is described,
    # and so taken to be offered, in the catalog's language.
    node["ceterms:inLanguage"] = list(cred.languages or (catalog.config.language,))
    if cred.duration:
        node["ceterms:estimatedDuration"] = [
            {"@type": "ceterms:DurationProfile", "ceterms:exactDuration": cred.duration.iso}
        ]
    if cred.cost:
        node["ceterms:estimatedCost"] = [
            {
                "@type": "ceterms:CostProfile",
                "ceterms:costDetails": u.absolute(urls.credential_page(cred.id)),
                "ceterms:currency": cred.cost.currency,
                "ceterms:price": cred.cost.amount,
                "ceterms:description": _lang_map(
                    catalog, "Free" if cred.cost.is_free else cred.cost.note or "Tuition"
                ),
            }
        ]
    endorsers = ids(partners(catalog, cred, PartnerRole.ENDORSER))
    if endorsers:
        node["ceterms:recognizedBy"] = endorsers
    if cred.funding:
        node["ceterms:financialAssistance"] = [
            _financial_assistance(catalog, own, f) for f in cred.funding
        ]
    intakes = cred.intakes if cred.status is Status.ACTIVE else ()
    modes = [cred.participation] if cred.participation else []
    modes += [i.mode for i in intakes if i.mode and i.mode not in modes]
    if modes:
        node["ceterms:learningDeliveryType"] = [_delivery(m) for m in modes]
    if intakes:
        # CTDL dates no offering of a credential (its ScheduledOffering describes learning
        # opportunities and assessments, by frequency): the intakes' places are where it is
        # available, and the page's list of intakes is its availability listing.
        node["ceterms:availabilityListing"] = [
            u.absolute(urls.credential_page(cred.id)) + "#intakes"
        ]
        places = sorted({i.location for i in intakes if i.location})
        if places:
            node["ceterms:availableAt"] = [
                {"@type": "ceterms:Place", "ceterms:name": {own: p}} for p in places
            ]
    occupations = [s for s in cred.skills if s.is_occupation]
    if occupations:
        node["ceterms:occupationType"] = [_alignment(catalog, s) for s in occupations]
    skills = [s for s in cred.skills if not s.is_occupation]
    if skills:
        node["ceterms:requires"] = [
            {
                "@type": "ceterms:ConditionProfile",
                "ceterms:description": _lang_map(catalog, "Competencies assessed"),
                "ceterms:targetCompetency": [_alignment(catalog, s) for s in skills],
            }
        ]
    assessors = ids(partners(catalog, cred, PartnerRole.ASSESSOR))
    if assessors:
        method = cred.assessment.method if cred.assessment else "Assessment of the learner"
        node.setdefault("ceterms:requires", []).append(
            {
                "@type": "ceterms:ConditionProfile",
                "ceterms:name": _lang_map(catalog, "Pass the assessment"),
                "ceterms:description": _lang_map(catalog, method),
                "ceterms:assertedBy": assessors,
            }
        )
    conditions = _pathway_conditions(catalog, cred)
    if cred.credits:
        # CTDL gives credits no place on a credential: they are a condition of earning it.
        conditions.insert(
            0,
            _condition(
                catalog,
                f"Earn {cred.credits} credits",
                [],
                **_credit_value(catalog, cred.credits.value, cred.credits.system),
            ),
        )
    if cred.prerequisites:
        conditions.append(
            _condition(
                catalog,
                "Credentials to hold before starting",
                [c for c in cred.prerequisites if _published(catalog, c)],
            )
        )
    if conditions:
        node.setdefault("ceterms:requires", []).extend(conditions)
    recommended = [c for c in cred.recommended if _published(catalog, c)]
    if recommended:
        node["ceterms:recommends"] = [
            _condition(catalog, "Credentials recommended before starting", recommended)
        ]
    parts = [c for c in catalog.graph.children.get(cred.id, ()) if _published(catalog, c)]
    if parts:
        node["ceterms:hasPart"] = [u.absolute(urls.ctdl(c)) for c in parts]
    wholes = [c for c in catalog.graph.parents.get(cred.id, ()) if _published(catalog, c)]
    if wholes:
        node["ceterms:isPartOf"] = [u.absolute(urls.ctdl(c)) for c in wholes]
    named = [issuer, *partners(catalog, cred, *PartnerRole)]
    graph = [node, *(_ctdl_organization(catalog, i) for i in named)]
    doc = {"@context": CTDL_CONTEXT, "@graph": graph}
    return Output(urls.ctdl(cred.id), json_bytes(doc))


def _ctdl_organization(catalog: Catalog, issuer: Issuer) -> dict[str, Any]:
    """An issuer as a CTDL ``CredentialOrganization`` node."""
    u = urls.Urls(catalog.config.base_url, catalog.config.base_path)
    default = catalog.config.language
    org: dict[str, Any] = {
        "@id": u.absolute(urls.issuer_page(issuer.id)),
        "@type": "ceterms:CredentialOrganization",
        "ceterms:ctid": ctid(catalog, "issuers", issuer.id),
        "ceterms:name": _translated(catalog, "issuer", issuer.id, default, "name", issuer.name),
        "ceterms:description": _translated(
            catalog, "issuer", issuer.id, default, "description", issuer.description or issuer.name
        ),
        "ceterms:subjectWebpage": issuer.url,
        "ceterms:email": [issuer.email],
    }
    if issuer.organization_types:
        org["ceterms:agentType"] = [
            _concept("OrganizationType", *ORGANIZATION_TYPES[t]) for t in issuer.organization_types
        ]
    if issuer.sector:
        org["ceterms:agentSectorType"] = [_concept("AgentSector", *SECTORS[issuer.sector])]
    if issuer.country:
        place: dict[str, Any] = {
            "@type": "ceterms:Place",
            "ceterms:addressCountry": _lang_map(catalog, issuer.country),
        }
        if issuer.region:
            place["ceterms:addressRegion"] = _lang_map(catalog, issuer.region)
        org["ceterms:address"] = [place]
    return org


def _financial_assistance(catalog: Catalog, lang: str, funding: Funding) -> dict[str, Any]:
    """A funding scheme as a CTDL ``FinancialAssistanceProfile``: its name and, as the
    Registry asks for a description, a web page or a type, its note and its web page (in the
    credential's language ``lang``); a scheme with neither is described in a sentence."""
    node: dict[str, Any] = {
        "@type": "ceterms:FinancialAssistanceProfile",
        "ceterms:name": {lang: funding.name},
    }
    if funding.note:
        node["ceterms:description"] = {lang: funding.note}
    elif not funding.url:
        where = f" ({funding.country})" if funding.country else ""
        node["ceterms:description"] = _lang_map(
            catalog, f"Eligible for funding under {funding.name}{where}."
        )
    if funding.url:
        node["ceterms:subjectWebpage"] = funding.url
    return node


ORGANIZATION_TYPES: Mapping[str, tuple[str, str]] = {
    "postsecondary": ("orgType:Postsecondary", "Postsecondary Educational Institution"),
    "four-year-college": ("orgType:FourYear", "Four-Year College"),
    "two-year-college": ("orgType:TwoYear", "Two-Year College"),
    "technical-school": ("orgType:Technical", "Career and Technical School"),
    "training-provider": ("orgType:TrainingProvider", "Education and Training Provider"),
    "online-provider": ("orgType:PrimarilyOnline", "Primarily Online"),
    "business": ("orgType:Business", "Business"),
    "professional-association": ("orgType:ProfessionalAssociation", "Professional Association"),
    "business-association": ("orgType:BusinessAssociation", "Business Association"),
    "certification-body": ("orgType:CertificationBody", "Certification Body"),
    "assessment-body": ("orgType:AssessmentBody", "Assessment Body"),
    "quality-assurance-body": ("orgType:QualityAssurance", "Quality Assurance Body"),
    "government": ("orgType:Government", "Government Agency"),
    "labor-union": ("orgType:LaborUnion", "Labor Union"),
    "collaborative": ("orgType:Collaborative", "Collaborative"),
    "vendor": ("orgType:Vendor", "Vendor"),
}
"""Issuer ``organization_types`` -> CTDL OrganizationType concept and its label."""

SECTORS: Mapping[str, tuple[str, str]] = {
    "public": ("agentSector:Public", "Public"),
    "private-nonprofit": ("agentSector:PrivateNonProfit", "Private Not-For-Profit"),
    "private-for-profit": ("agentSector:PrivateForProfit", "Private For-Profit"),
}
"""Issuer ``sector`` -> CTDL AgentSector concept and its label."""


def _concept(scheme: str, node: str, label: str) -> dict[str, Any]:
    """A CTDL concept reference (a CredentialAlignmentObject into a concept scheme)."""
    return {
        "@type": "ceterms:CredentialAlignmentObject",
        "ceterms:framework": f"https://credreg.net/ctdl/terms/{scheme}",
        "ceterms:frameworkName": {"en": scheme},
        "ceterms:targetNode": node,
        "ceterms:targetNodeName": {"en": label},
    }


def _condition(
    catalog: Catalog, description: str, targets: list[str], **extra: Any
) -> dict[str, Any]:
    u = urls.Urls(catalog.config.base_url, catalog.config.base_path)
    node: dict[str, Any] = {
        "@type": "ceterms:ConditionProfile",
        "ceterms:description": _lang_map(catalog, description),
    }
    node.update(extra)
    if targets:
        node["ceterms:targetCredential"] = [u.absolute(urls.ctdl(t)) for t in targets]
    return node


def _pathway_conditions(catalog: Catalog, cred: Credential) -> list[dict[str, Any]]:
    """A stack's rule as ConditionProfiles: every group its own condition, all to be met.

    An "all of" group at the top contributes its own credentials as one condition and each
    of its nested groups as another; any other top rule is one condition whose nested groups
    are its ``alternativeCondition``s. "N credits from" carries a ``creditValue``; CTDL
    counts required items (``requiredNumber``) on pathway components only, so "at least N
    of" says N in its description.
    """
    rule = catalog.graph.rules.get(cred.id)
    if rule is None:
        return []
    system = cred.credits.system if cred.credits else None
    if rule.kind is RuleKind.ALL:
        direct = [i for i in rule.items if isinstance(i, str) and _published(catalog, i)]
        found = [_condition(catalog, "Earn all of these credentials", direct)] if direct else []
        found += [_group_condition(catalog, g, system) for g in rule.items if isinstance(g, Rule)]
        return found
    return [_group_condition(catalog, rule, system)]


def _group_condition(catalog: Catalog, rule: Rule, system: str | None) -> dict[str, Any]:
    direct = [i for i in rule.items if isinstance(i, str) and _published(catalog, i)]
    nested = [_group_condition(catalog, g, system) for g in rule.items if isinstance(g, Rule)]
    label = f"{rule.label}: " if rule.label else ""
    extra: dict[str, Any] = {}
    if rule.kind is RuleKind.ALL:
        text = "earn all of these credentials"
    elif rule.kind is RuleKind.AT_LEAST:
        text = f"earn any {format_number(rule.need)} of these"
    else:
        text = f"earn at least {format_number(rule.need)} credits from these credentials"
        extra.update(_credit_value(catalog, rule.need, system))
    if nested:
        extra["ceterms:alternativeCondition"] = nested
    text = label + text if label else text[0].upper() + text[1:]
    return _condition(catalog, text, direct, **extra)


def _credit_value(catalog: Catalog, value: float, system: str | None) -> dict[str, Any]:
    """A ConditionProfile's ``creditValue`` (a ValueProfile, with the CreditUnit concept of
    the credit system when CTDL has one) and ``creditUnitTypeDescription``."""
    profile: dict[str, Any] = {"@type": "ceterms:ValueProfile", "schema:value": value}
    unit = CREDIT_UNITS.get((system or "").upper())
    if unit:
        profile["ceterms:creditUnitType"] = [unit]
    extra: dict[str, Any] = {"ceterms:creditValue": [profile]}
    if system:
        profile["schema:description"] = _lang_map(
            catalog, f"{format_number(value)} {system} credits"
        )
        extra["ceterms:creditUnitTypeDescription"] = _lang_map(catalog, f"{system} credits")
    return extra


def _published(catalog: Catalog, cid: str) -> bool:
    return catalog.credentials[cid].status is not Status.DRAFT


def _delivery(participation: Participation) -> dict[str, str]:
    node = {
        Participation.ONLINE: "deliveryType:OnlineOnly",
        Participation.IN_PERSON: "deliveryType:InPerson",
        Participation.BLENDED: "deliveryType:BlendedDelivery",
    }[participation]
    return {
        "@type": "ceterms:CredentialAlignmentObject",
        "ceterms:framework": "https://credreg.net/ctdl/terms/Delivery",
        "ceterms:targetNode": node,
    }


def _alignment(catalog: Catalog, skill: Skill) -> dict[str, Any]:
    """A skill or occupation as a CTDL CredentialAlignmentObject."""
    node: dict[str, Any] = {
        "@type": "ceterms:CredentialAlignmentObject",
        "ceterms:targetNodeName": _lang_map(catalog, skill.name),
        "ceterms:targetNode": skill.url,
    }
    if skill.framework:
        node["ceterms:frameworkName"] = _lang_map(catalog, skill.framework)
    if skill.code:
        node["ceterms:codedNotation"] = skill.code
    return node
