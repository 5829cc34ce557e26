"""Open Badges documents: 2.0 BadgeClass and issuer Profile, 3.0 Achievement.

Field names of the standards appear only here. Every ``id`` is the absolute URL the document
is served from, so a verifier that dereferences a badge's ``badge`` URL gets this file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from credcat.core import urls
from credcat.core.output import Output, json_bytes
from credcat.core.sources import suggest_id
from credcat.ledger.meaning import COMPONENT_NOTE
from credcat.load.catalog import Catalog
from credcat.model.records import Credential, Issuer, PartnerRole, Status
from credcat.render.ctdl import CREDIT_UNITS, ctid
from credcat.render.did import key_material
from credcat.render.render_extensions import badge_extensions

OB2_CONTEXT = "https://w3id.org/openbadges/v2"
OB3_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
DEFAULT_BADGE = "badge.svg"
"""Theme asset used as the badge image of a credential that has none."""


def image_url(catalog: Catalog, path: str | None) -> str:
    """Absolute URL of a catalog image, or of the theme's default badge."""
    u = urls.Urls(catalog.config.base_url, catalog.config.base_path)
    return u.absolute(urls.image(path) if path else urls.asset(DEFAULT_BADGE))


def _earlier(catalog: Catalog, cred: Credential, kind: str) -> list[tuple[str, str]]:
    """(version, site path) of the preserved earlier versions of ``cred``, newest first."""
    entries = catalog.permanence.earlier(cred)
    return [(e.version, e.badge if kind == "badges" else e.achievement) for e in entries]


def _versions(catalog: Catalog, cred: Credential) -> list[tuple[str | None, str]]:
    """(None or a language, its language tag) of a credential's documents: the canonical one
    in the language its file is written in, then each translation."""
    native = catalog.written_in(cred)
    others = [lang for lang in catalog.translated_into("credential", cred.id) if lang != native]
    return [(None, native), *((lang, lang) for lang in others)]


def _page(catalog: Catalog, cid: str, lang: str | None) -> str:
    """The credential's page in ``lang`` (the default language's when None)."""
    prefix = urls.language_prefix(lang, catalog.config.language) if lang else ""
    return prefix + urls.credential_page(cid)


def render_badge_class(
    catalog: Catalog, cred: Credential, *, lang: str | None = None, at: str | None = None
) -> Output:
    """Open Badges 2.0 BadgeClass of one credential; with ``lang``, its translation.

    Language versions follow Open Badges 2.0: each document states its ``@language`` and
    lists the others under ``related``; the canonical document (at the stable URL) is the
    one written in the credential's own language. ``at`` publishes the canonical document at
    another path (a version's own URL) with that URL as its ``id`` and without links to other
    documents; the current document lists the preserved earlier versions under ``related``.
    """
    u = urls.Urls(catalog.config.base_url, catalog.config.base_path)
    versions = [] if at else _versions(catalog, cred)
    path = at or urls.badge_class(cred.id, lang)
    doc: dict[str, Any] = {
        "@context": OB2_CONTEXT,
        "type": "BadgeClass",
        "id": u.absolute(path),
        "name": cred.title,
        "description": cred.summary,
        "image": image_url(catalog, cred.image),
        "criteria": {
            "id": u.absolute(_page(catalog, cred.id, lang)),
            "narrative": cred.criteria,
        },
        "issuer": u.absolute(urls.issuer_profile(cred.issuer)),
        "version": cred.version,
    }
    if len(versions) > 1:
        doc["@language"] = lang or versions[0][1]
        doc["related"] = [
            {
                "type": ["BadgeClass"],
                "id": u.absolute(urls.badge_class(cred.id, v)),
                "@language": tag,
            }
            for v, tag in versions
            if v != lang
        ]
    alignment = [_ob2_alignment(s) for s in cred.skills]
    alignment += [
        _component_alignment(c, u.absolute(urls.badge_class(c.id)))
        for c in _components(catalog, cred)
    ]
    if alignment:
        doc["alignment"] = alignment
    if cred.tags:
        doc["tags"] = list(cred.tags)
    doc.update(badge_extensions(catalog, cred))
    earlier = [] if at or lang else _earlier(catalog, cred, "badges")
    if earlier:
        doc.setdefault("related", []).extend(
            {"id": u.absolute(p), "version": v} for v, p in earlier
        )
    return Output(path, json_bytes(doc))


def _components(catalog: Catalog, cred: Credential) -> list[Credential]:
    """The published components of a stack, in the order of its rule."""
    rule = catalog.graph.rules.get(cred.id)
    if rule is None:
        return []
    found = [catalog.credentials[i] for i, _ in rule.leaves() if i in catalog.credentials]
    return [c for c in found if c.status is not Status.DRAFT]


def _component_alignment(component: Credential, url: str) -> dict[str, str]:
    """A stack's component as an alignment to the component's own badge, so that wallets
    and registries can follow the stack from one badge to the next."""
    return {"targetName": component.title, "targetUrl": url, "targetDescription": COMPONENT_NOTE}


def _ob2_alignment(skill: Any) -> dict[str, str]:
    out = {"targetName": skill.name, "targetUrl": skill.url}
    if skill.framework:
        out["targetFramework"] = skill.framework
    if skill.code:
        out["targetCode"] = skill.code
    if skill.description:
        out["targetDescription"] = skill.description
    return out


def render_issuer_profile(catalog: Catalog, issuer: Issuer, *, lang: str | None = None) -> Output:
    """Open Badges 2.0 issuer Profile; with ``lang``, its translation (``@language``)."""
    u = urls.Urls(catalog.config.base_url, catalog.config.base_path)
    doc: dict[str, Any] = {
        "@context": OB2_CONTEXT,
        "type": "Profile",
        "id": u.absolute(urls.issuer_profile(issuer.id, lang)),
        "name": issuer.name,
        "url": issuer.url,
        "email": issuer.email,
    }
    if issuer.description:
        doc["description"] = issuer.description
    if issuer.image:
        doc["image"] = u.absolute(urls.image(issuer.image))
    if issuer.verification and (
        issuer.verification.allowed_origins or issuer.verification.starts_with
    ):
        verification: dict[str, Any] = {"type": "VerificationObject"}
        if issuer.verification.allowed_origins:
            verification["allowedOrigins"] = list(issuer.verification.allowed_origins)
        if issuer.verification.starts_with:
            verification["startsWith"] = list(issuer.verification.starts_with)
        doc["verification"] = verification
    if lang:
        doc["@language"] = lang
    return Output(urls.issuer_profile(issuer.id, lang), json_bytes(doc))


def ob3_profile(catalog: Catalog, issuer: Issuer, lang: str | None = None) -> dict[str, Any]:
    """The Open Badges 3.0 Profile of an issuer (without ``@context``): the document at
    ``profiles/<id>.json`` (``profiles/<id>.<lang>.json``) and, embedded, every Achievement's
    ``creator``."""
    u = urls.Urls(catalog.config.base_url, catalog.config.base_path)
    doc: dict[str, Any] = {
        "id": u.absolute(urls.ob3_profile(issuer.id, lang)),
        "type": ["Profile"],
        "name": issuer.name,
        "url": issuer.url,
        "email": issuer.email,
    }
    if issuer.description:
        doc["description"] = issuer.description
    if issuer.image:
        doc["image"] = {
            "id": u.absolute(urls.image(issuer.image)),
            "type": "Image",
            "caption": issuer.name,
        }
    if issuer.country:
        doc["address"] = {"type": ["Address"], "addressCountryCode": issuer.country}
        if issuer.region:
            doc["address"]["addressRegion"] = issuer.region
    if issuer.identifiers:
        doc["otherIdentifier"] = [
            {"type": "IdentifierEntry", "identifier": i.value, "identifierType": f"ext:{i.scheme}"}
            for i in issuer.identifiers
        ]
    if issuer.parent_organization:
        parent = issuer.parent_organization
        doc["parentOrg"] = {
            "id": parent.url,
            "type": ["Profile"],
            "name": parent.name,
            "url": parent.url,
        }
    # Its did:web identifier, where verifiers find the keys it signs credentials with.
    for entry in key_material(catalog, issuer).get("otherIdentifier", ()):
        doc.setdefault("otherIdentifier", []).append(entry)
    return doc


def render_ob3_profile(catalog: Catalog, issuer: Issuer, *, lang: str | None = None) -> Output:
    """Open Badges 3.0 issuer Profile document; with ``lang``, its translation, whose
    strings take that language (a third ``@context`` entry sets ``@language``)."""
    context: list[Any] = [*OB3_CONTEXT, {"@language": lang}] if lang else list(OB3_CONTEXT)
    doc = {"@context": context, **ob3_profile(catalog, issuer, lang)}
    return Output(urls.ob3_profile(issuer.id, lang), json_bytes(doc))


def render_achievement(
    catalog: Catalog, cred: Credential, *, lang: str | None = None, at: str | None = None
) -> Output:
    """Open Badges 3.0 Achievement of one credential; with ``lang``, its translation.

    Each language version states ``inLanguage`` and lists the others (and the Open Badges
    2.0 BadgeClass of the same language) under ``related``. ``at``: as for
    ``render_badge_class``; its ``related`` BadgeClass is that version's.
    """
    u = urls.Urls(catalog.config.base_url, catalog.config.base_path)
    versions = [] if at else _versions(catalog, cred)
    path = at or urls.achievement(cred.id, lang)
    badge = (
        urls.badge_class_version(cred.id, cred.version) if at else urls.badge_class(cred.id, lang)
    )
    translated = lang is not None and catalog.translation(lang, "issuer", cred.issuer) is not None
    creator = ob3_profile(catalog, catalog.issuers[cred.issuer], lang if translated else None)
    doc: dict[str, Any] = {
        "@context": OB3_CONTEXT,
        "id": u.absolute(path),
        "type": ["Achievement"],
        "name": cred.title,
        "description": cred.summary,
        "criteria": {
            "id": u.absolute(_page(catalog, cred.id, lang)),
            "narrative": cred.criteria,
        },
        "image": {"id": image_url(catalog, cred.image), "type": "Image", "caption": cred.title},
        "creator": creator,
        "achievementType": cred.achievement_type,
        "version": cred.version,
        "related": [
            {
                "id": u.absolute(badge),
                "type": ["Related"],
                "version": cred.version,
            }
        ],
    }
    if len(versions) > 1:
        doc["related"] += [
            {
                "id": u.absolute(urls.achievement(cred.id, v)),
                "type": ["Related"],
                "inLanguage": tag,
                "version": cred.version,
            }
            for v, tag in versions
            if v != lang
        ]
    if not at and not lang:
        doc["related"] += [
            {"id": u.absolute(p), "type": ["Related"], "version": v}
            for v, p in _earlier(catalog, cred, "achievements")
        ]
    alignment = _ob3_alignments(catalog, cred)
    if alignment:
        doc["alignment"] = alignment
    if cred.credits:
        doc["creditsAvailable"] = cred.credits.value
    if cred.field_of_study:
        doc["fieldOfStudy"] = cred.field_of_study
    if cred.specialization:
        doc["specialization"] = cred.specialization
    if cred.code:
        doc["humanCode"] = cred.code
    doc["otherIdentifier"] = _identifiers(catalog, cred)
    if len(versions) > 1:  # the language of this version's text
        doc["inLanguage"] = lang or versions[0][1]
    elif cred.languages:
        doc["inLanguage"] = cred.languages[0]
    if cred.tags:
        doc["tag"] = list(cred.tags)
    return Output(path, json_bytes(doc))


PREREQUISITE_NOTE = "A prerequisite: hold this credential before starting."
RECOMMENDED_NOTE = "Recommended before starting."
EQF_LEVEL = "http://data.europa.eu/snb/eqf/{}"
"""The European Qualifications Framework's own URI of each level."""
CREDIT_SCHEME = "https://credreg.net/ctdl/terms/CreditUnit"
CREDIT_CONCEPT = "https://purl.org/ctdl/vocabs/creditUnit/{}"


def _ob3_alignments(catalog: Catalog, cred: Credential) -> list[dict[str, Any]]:
    """Skills, occupations, level, credit system, components and prerequisites, each an
    Alignment with the ``targetType`` of what it points at."""

    u = urls.Urls(catalog.config.base_url, catalog.config.base_path)
    found = [
        {
            "type": ["Alignment"],
            "targetType": "ext:Occupation" if s.is_occupation else "ceasn:Competency",
            **_ob2_alignment(s),
        }
        for s in cred.skills
    ]
    if cred.level:
        level = cred.level
        eqf = level.framework.upper() == "EQF" and level.value.isdigit()
        slug = suggest_id(str(level))
        found.append(
            {
                "type": ["Alignment"],
                "targetType": "ext:Level",
                "targetName": str(level),
                "targetFramework": level.framework,
                "targetCode": level.value,
                "targetUrl": EQF_LEVEL.format(level.value)
                if eqf
                else u.absolute(urls.browse_page("level", slug)),
            }
        )
    if cred.credits:
        system = cred.credits.system
        unit = CREDIT_UNITS.get(system.upper())
        found.append(
            {
                "type": ["Alignment"],
                "targetType": "ext:CreditUnit",
                "targetName": f"{system} credits",
                "targetFramework": "CTDL CreditUnit",
                "targetCode": system,
                "targetUrl": CREDIT_CONCEPT.format(unit.split(":", 1)[1])
                if unit
                else CREDIT_SCHEME,
            }
        )
    found += [
        {
            "type": ["Alignment"],
            "targetType": "ceterms:Credential",
            **_component_alignment(c, u.absolute(urls.achievement(c.id))),
        }
        for c in _components(catalog, cred)
    ]
    found += _partner_alignments(catalog, cred)
    for ids, note in (
        (cred.prerequisites, PREREQUISITE_NOTE),
        (cred.recommended, RECOMMENDED_NOTE),
    ):
        for cid in ids:
            other = catalog.credentials.get(cid)
            if other is None or other.status is Status.DRAFT:
                continue
            found.append(
                {
                    "type": ["Alignment"],
                    "targetType": "ceterms:Credential",
                    "targetName": other.title,
                    "targetUrl": u.absolute(urls.achievement(cid)),
                    "targetDescription": note,
                }
            )
    return found


PARTNER_TARGET_TYPES: Mapping[PartnerRole, str] = {
    PartnerRole.CO_AWARDING: "ext:CoAwardingBody",
    PartnerRole.PROVIDER: "ext:Provider",
    PartnerRole.ENDORSER: "ext:Endorser",
    PartnerRole.ASSESSOR: "ext:Assessor",
}
"""Partner role -> the ``targetType`` of its Alignment in an Open Badges 3.0 Achievement."""

PARTNER_NOTES: Mapping[PartnerRole, str] = {
    PartnerRole.CO_AWARDING: "Awards this achievement jointly with its creator.",
    PartnerRole.PROVIDER: "Delivers the learning that leads to this achievement.",
    PartnerRole.ENDORSER: "Endorses this achievement (a statement by the catalog, not a "
    "signed endorsement).",
    PartnerRole.ASSESSOR: "Assesses the learners for this achievement.",
}


def _partner_alignments(catalog: Catalog, cred: Credential) -> list[dict[str, Any]]:
    """Partners as Alignments to their Open Badges 3.0 Profiles: the Achievement's
    ``creator`` is the awarding issuer alone, and an ``endorsement`` must be a credential
    the endorser signs, which a catalog cannot do on its behalf."""
    u = urls.Urls(catalog.config.base_url, catalog.config.base_path)
    found = []
    for p in cred.partners:
        issuer = catalog.issuers.get(p.issuer)
        if issuer is None:
            continue
        found.append(
            {
                "type": ["Alignment"],
                "targetType": PARTNER_TARGET_TYPES[p.role],
                "targetName": issuer.name,
                "targetUrl": u.absolute(urls.ob3_profile(issuer.id)),
                "targetDescription": PARTNER_NOTES[p.role],
            }
        )
    return found


def _identifiers(catalog: Catalog, cred: Credential) -> list[dict[str, str]]:
    """The credential's CTID (its CTDL identifier) and the institution's course code."""

    found = [
        {
            "type": "IdentifierEntry",
            "identifier": ctid(catalog, "credentials", cred.id),
            "identifierType": "ext:CTID",
        }
    ]
    if cred.code:
        found.append(
            {"type": "IdentifierEntry", "identifier": cred.code, "identifierType": "ext:CourseCode"}
        )
    return found
