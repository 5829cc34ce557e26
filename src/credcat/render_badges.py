"""Open Badges documents: 2.0 BadgeClass and issuer Profile, 3.0 Achievement.

Field names of the standards appear only here. Every ``id`` is the absolute URL the document
is served from, so a verifier that dereferences a badge's ``badge`` URL gets this file.
"""

from __future__ import annotations

from typing import Any

from credcat import urls
from credcat.catalog import Catalog
from credcat.model import Credential, Issuer
from credcat.output import Output, json_bytes

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


def render_badge_class(catalog: Catalog, cred: Credential, *, at: str | None = None) -> Output:
    """Open Badges 2.0 BadgeClass of one credential.

    ``at`` publishes it at another path (a version's own URL) with that URL as its ``id``;
    the current document (``at`` None) lists the preserved earlier versions as ``related``.
    """
    u = urls.Urls(catalog.config.base_url, catalog.config.base_path)
    path = at or urls.badge_class(cred.id)
    doc: dict[str, Any] = {
        "@context": OB2_CONTEXT,
        "type": "BadgeClass",
        "id": u.absolute(path),
        "name": cred.title,
        "description": cred.summary,
        "image": image_url(catalog, cred.image),
        "criteria": {"id": u.absolute(urls.credential_page(cred.id)), "narrative": cred.criteria},
        "issuer": u.absolute(urls.issuer_profile(cred.issuer)),
        "version": cred.version,
    }
    if cred.skills:
        doc["alignment"] = [_ob2_alignment(s) for s in cred.skills]
    if cred.tags:
        doc["tags"] = list(cred.tags)
    earlier = [] if at else _earlier(catalog, cred, "badges")
    if earlier:
        doc["related"] = [{"id": u.absolute(p), "version": v} for v, p in earlier]
    return Output(path, json_bytes(doc))


def _ob2_alignment(skill: Any) -> dict[str, str]:
    out = {"targetName": skill.name, "targetUrl": skill.url}
    if skill.framework:
        out["targetFramework"] = skill.framework
    if skill.code:
        out["targetCode"] = skill.code
    if skill.description:
        out["targetDescription"] = skill.description
    return out


def render_issuer_profile(catalog: Catalog, issuer: Issuer) -> Output:
    """Open Badges 2.0 issuer Profile."""
    u = urls.Urls(catalog.config.base_url, catalog.config.base_path)
    doc: dict[str, Any] = {
        "@context": OB2_CONTEXT,
        "type": "Profile",
        "id": u.absolute(urls.issuer_profile(issuer.id)),
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
    return Output(urls.issuer_profile(issuer.id), json_bytes(doc))


def render_achievement(catalog: Catalog, cred: Credential, *, at: str | None = None) -> Output:
    """Open Badges 3.0 Achievement of one credential (``at``: as for render_badge_class)."""
    u = urls.Urls(catalog.config.base_url, catalog.config.base_path)
    path = at or urls.achievement(cred.id)
    badge = urls.badge_class_version(cred.id, cred.version) if at else urls.badge_class(cred.id)
    issuer = catalog.issuers[cred.issuer]
    creator: dict[str, Any] = {
        "id": u.absolute(urls.issuer_profile(issuer.id)),
        "type": ["Profile"],
        "name": issuer.name,
        "url": issuer.url,
        "email": issuer.email,
    }
    if issuer.description:
        creator["description"] = issuer.description
    doc: dict[str, Any] = {
        "@context": OB3_CONTEXT,
        "id": u.absolute(path),
        "type": ["Achievement"],
        "name": cred.title,
        "description": cred.summary,
        "criteria": {"id": u.absolute(urls.credential_page(cred.id)), "narrative": cred.criteria},
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
    if not at:
        doc["related"] += [
            {"id": u.absolute(p), "type": ["Related"], "version": v}
            for v, p in _earlier(catalog, cred, "achievements")
        ]
    if cred.skills:
        doc["alignment"] = [
            {"type": ["Alignment"], "targetType": "ceasn:Competency", **_ob2_alignment(s)}
            for s in cred.skills
        ]
    if cred.credits:
        doc["creditsAvailable"] = cred.credits.value
    if cred.field_of_study:
        doc["fieldOfStudy"] = cred.field_of_study
    if cred.code:
        doc["humanCode"] = cred.code
    if cred.languages:
        doc["inLanguage"] = cred.languages[0]
    if cred.tags:
        doc["tag"] = list(cred.tags)
    return Output(path, json_bytes(doc))
