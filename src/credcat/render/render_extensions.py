"""Open Badges 2.0 extensions: what a BadgeClass says beyond the 2.0 vocabulary.

Open Badges 2.0 has no field for a credential's level, credits, workload, learning outcomes,
assessment, form of participation, quality assurance, prerequisites, field of study or course
code. It lets a BadgeClass carry such facts as *extensions*: a node under
``"extensions:<Name>Extension"`` with its own ``@context`` (which names a JSON Schema that
validators apply to the node), the mechanism platforms such as edubadges use.

Each extension is declared once below; its JSON-LD context and its JSON Schema (Draft 4, as
the official validator reads them) are derived from that declaration and published with the
site at ``extensions/<name>/context.json`` and ``extensions/<name>/schema.json``.
docs/standards.md maps every field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from credcat.core import urls
from credcat.core.output import Output, json_bytes
from credcat.load.catalog import Catalog
from credcat.model.records import Credential, Participation, PartnerRole, Status

EXTENSIONS_NS = "https://w3id.org/openbadges/extensions#"
OBI_NS = "https://w3id.org/openbadges#"


@dataclass(frozen=True, slots=True)
class Field:
    """One property of an extension."""

    name: str
    """The JSON key (and the term in the extension's namespace)."""
    schema: Mapping[str, Any]
    """Its JSON Schema (Draft 4)."""
    description: str
    container: str | None = None
    """``@list`` (ordered) or ``@set`` for arrays, so one item stays an array."""
    iri: bool = False
    """Whether its values are IRIs (``"@type": "@id"``)."""


@dataclass(frozen=True, slots=True)
class Extension:
    """An Open Badges 2.0 extension credcat publishes, and how a credential fills it."""

    name: str
    """URL segment, e.g. ``level``."""
    title: str
    """Type name without the ``extensions:`` prefix, e.g. ``LevelExtension``."""
    description: str
    fields: tuple[Field, ...]
    required: tuple[str, ...]
    values: Callable[[Catalog, Credential], dict[str, Any] | None]
    """The extension's properties for a credential, or None when it has nothing to say."""

    @property
    def type(self) -> str:
        """The compact type, e.g. ``extensions:LevelExtension``."""
        return f"extensions:{self.title}"


_TEXT = {"type": "string", "minLength": 1}


def _published(catalog: Catalog, cid: str) -> bool:
    return cid in catalog.credentials and catalog.credentials[cid].status is not Status.DRAFT


def _level(catalog: Catalog, cred: Credential) -> dict[str, Any] | None:
    level = cred.level
    return {"levelFramework": level.framework, "level": level.value} if level else None


def _credits(catalog: Catalog, cred: Credential) -> dict[str, Any] | None:
    c = cred.credits
    return {"credits": c.value, "creditSystem": c.system} if c else None


def _workload(catalog: Catalog, cred: Credential) -> dict[str, Any] | None:
    found: dict[str, Any] = {}
    if cred.workload_hours is not None:
        found["workloadHours"] = cred.workload_hours
    if cred.duration:
        found["duration"] = cred.duration.iso
    return found or None


def _outcomes(catalog: Catalog, cred: Credential) -> dict[str, Any] | None:
    outcomes = cred.learning_outcomes
    return {"learningOutcomes": list(outcomes)} if outcomes else None


def _assessment(catalog: Catalog, cred: Credential) -> dict[str, Any] | None:
    a = cred.assessment
    if a is None:
        return None
    found: dict[str, Any] = {"assessmentMethod": a.method}
    if a.supervised is not None:
        found["assessmentSupervised"] = a.supervised
    if a.identity_verified is not None:
        found["identityVerified"] = a.identity_verified
    return found


def _participation(catalog: Catalog, cred: Credential) -> dict[str, Any] | None:
    p = cred.participation
    return {"participation": p.value} if p else None


def _quality(catalog: Catalog, cred: Credential) -> dict[str, Any] | None:
    qa = cred.quality_assurance
    if qa is None:
        return None
    found: dict[str, Any] = {"qualityAssuranceType": qa.type}
    if qa.body:
        found["qualityAssuranceBody"] = qa.body
    if qa.url:
        found["qualityAssuranceUrl"] = qa.url
    return found


def _prerequisites(catalog: Catalog, cred: Credential) -> dict[str, Any] | None:
    u = urls.Urls(catalog.config.base_url, catalog.config.base_path)
    found: dict[str, Any] = {}
    held = [c for c in cred.prerequisites if _published(catalog, c)]
    if held:
        found["prerequisiteBadges"] = [u.absolute(urls.badge_class(c)) for c in held]
    if cred.entry_requirements:
        found["entryRequirements"] = cred.entry_requirements
    return found or None


def _field(catalog: Catalog, cred: Credential) -> dict[str, Any] | None:
    found: dict[str, Any] = {}
    if cred.field_of_study:
        found["fieldOfStudy"] = cred.field_of_study
    if cred.specialization:
        found["specialization"] = cred.specialization
    if cred.code:
        found["courseCode"] = cred.code
    return found or None


PARTNER_FIELDS: Mapping[PartnerRole, str] = {
    PartnerRole.CO_AWARDING: "coAwardingBodies",
    PartnerRole.PROVIDER: "providers",
    PartnerRole.ENDORSER: "endorsers",
    PartnerRole.ASSESSOR: "assessors",
}
"""Partner role -> its property in the partners extension."""


def _partners(catalog: Catalog, cred: Credential) -> dict[str, Any] | None:
    u = urls.Urls(catalog.config.base_url, catalog.config.base_path)
    found: dict[str, list[str]] = {}
    for p in cred.partners:
        if p.issuer in catalog.issuers:
            profiles = found.setdefault(PARTNER_FIELDS[p.role], [])
            profile = u.absolute(urls.issuer_profile(p.issuer))
            if profile not in profiles:
                profiles.append(profile)
    return {f: found[f] for f in PARTNER_FIELDS.values() if f in found} or None


def _profiles(name: str, description: str) -> Field:
    return Field(
        name,
        {"type": "array", "minItems": 1, "items": {"type": "string", "format": "uri"}},
        description,
        container="@set",
        iri=True,
    )


EXTENSIONS: tuple[Extension, ...] = (
    Extension(
        name="level",
        title="LevelExtension",
        description="The level of a credential in a qualifications framework (EQF, MQF, ...).",
        fields=(
            Field("levelFramework", _TEXT, "The qualifications framework, e.g. EQF or MQF."),
            Field("level", _TEXT, "The level in that framework, e.g. 4."),
        ),
        required=("levelFramework", "level"),
        values=_level,
    ),
    Extension(
        name="credits",
        title="CreditsExtension",
        description="Credits awarded for the credential, in a credit system.",
        fields=(
            Field("credits", {"type": "number", "minimum": 0}, "Number of credits."),
            Field("creditSystem", _TEXT, "The credit system, e.g. ECTS or MQA."),
        ),
        required=("credits", "creditSystem"),
        values=_credits,
    ),
    Extension(
        name="workload",
        title="WorkloadExtension",
        description="Notional learning hours and the length of the learning.",
        fields=(
            Field("workloadHours", {"type": "number", "minimum": 0}, "Notional learning hours."),
            Field("duration", _TEXT, "Length of the learning as an ISO 8601 duration."),
        ),
        required=(),
        values=_workload,
    ),
    Extension(
        name="learning-outcomes",
        title="LearningOutcomesExtension",
        description="What a holder of the credential knows and can do.",
        fields=(
            Field(
                "learningOutcomes",
                {"type": "array", "minItems": 1, "items": _TEXT},
                "Learning outcomes, in order.",
                container="@list",
            ),
        ),
        required=("learningOutcomes",),
        values=_outcomes,
    ),
    Extension(
        name="assessment",
        title="AssessmentExtension",
        description="How learning is assessed (EU Council Recommendation 2022, Annex I).",
        fields=(
            Field("assessmentMethod", _TEXT, "The type of assessment."),
            Field("assessmentSupervised", {"type": "boolean"}, "Whether it is supervised."),
            Field("identityVerified", {"type": "boolean"}, "Whether identity is verified."),
        ),
        required=("assessmentMethod",),
        values=_assessment,
    ),
    Extension(
        name="participation",
        title="ParticipationExtension",
        description="Form of participation (EU Council Recommendation 2022, Annex I).",
        fields=(
            Field(
                "participation",
                {"type": "string", "enum": [p.value for p in Participation]},
                "online, in-person or blended.",
            ),
        ),
        required=("participation",),
        values=_participation,
    ),
    Extension(
        name="quality-assurance",
        title="QualityAssuranceExtension",
        description="The quality assurance behind the credential.",
        fields=(
            Field("qualityAssuranceType", _TEXT, "Type of quality assurance."),
            Field("qualityAssuranceBody", _TEXT, "The body that assures quality."),
            Field(
                "qualityAssuranceUrl",
                {"type": "string", "format": "uri"},
                "Where the quality assurance is described.",
                iri=True,
            ),
        ),
        required=("qualityAssuranceType",),
        values=_quality,
    ),
    Extension(
        name="prerequisites",
        title="PrerequisitesExtension",
        description="What a learner must hold or have before starting.",
        fields=(
            Field(
                "prerequisiteBadges",
                {"type": "array", "minItems": 1, "items": {"type": "string", "format": "uri"}},
                "BadgeClasses of the credentials to hold first.",
                container="@set",
                iri=True,
            ),
            Field("entryRequirements", _TEXT, "Entry requirements in words."),
        ),
        required=(),
        values=_prerequisites,
    ),
    Extension(
        name="field-of-study",
        title="FieldOfStudyExtension",
        description="Field of study, specialisation and the institution's course code.",
        fields=(
            Field("fieldOfStudy", _TEXT, "Field of study."),
            Field("specialization", _TEXT, "Specialisation within the field of study."),
            Field("courseCode", _TEXT, "The institution's code for the course."),
        ),
        required=(),
        values=_field,
    ),
    Extension(
        name="partners",
        title="PartnersExtension",
        description="Organisations behind the credential beside its issuer, by the part they "
        "play (EU Council Recommendation 2022, Annex I: awarding bodies; provider).",
        fields=(
            _profiles("coAwardingBodies", "Issuer Profiles of the bodies that award it jointly."),
            _profiles("providers", "Issuer Profiles of the organisations that deliver it."),
            _profiles("endorsers", "Issuer Profiles of the organisations that endorse it."),
            _profiles("assessors", "Issuer Profiles of the organisations that assess learners."),
        ),
        required=(),
        values=_partners,
    ),
)
"""Every extension, in the order BadgeClasses list them."""


def extension_context(ext: Extension, u: urls.Urls) -> dict[str, Any]:
    """The JSON-LD context document of ``ext``, naming its JSON Schema for validators."""
    terms: dict[str, Any] = {"obi": OBI_NS, "extensions": EXTENSIONS_NS}
    for f in ext.fields:
        term: dict[str, Any] = {"@id": f"extensions:{f.name}"}
        if f.iri:
            term["@type"] = "@id"
        if f.container:
            term["@container"] = f.container
        terms[f.name] = term
    # Beside the context, not in it: validators read the document, JSON-LD its @context.
    validation = {
        "obi:validatesType": ext.type,
        "obi:validationSchema": u.absolute(urls.extension_schema(ext.name)),
    }
    return {"@context": terms, "obi:validation": [validation]}


def extension_schema(ext: Extension, u: urls.Urls) -> dict[str, Any]:
    """The JSON Schema (Draft 4) of ``ext``'s node."""
    properties: dict[str, Any] = {
        f.name: {**f.schema, "description": f.description} for f in ext.fields
    }
    schema: dict[str, Any] = {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "id": u.absolute(urls.extension_schema(ext.name)),
        "title": ext.title,
        "description": ext.description,
        "type": "object",
        "properties": properties,
    }
    if ext.required:
        schema["required"] = list(ext.required)
    else:
        schema["minProperties"] = 1
    return schema


def render_extension_files(catalog: Catalog) -> list[Output]:
    """The context and schema of every extension, published with the site."""
    u = urls.Urls(catalog.config.base_url, catalog.config.base_path)
    outputs: list[Output] = []
    for ext in EXTENSIONS:
        outputs.append(
            Output(urls.extension_context(ext.name), json_bytes(extension_context(ext, u)))
        )
        outputs.append(
            Output(urls.extension_schema(ext.name), json_bytes(extension_schema(ext, u)))
        )
    return outputs


def badge_extensions(catalog: Catalog, cred: Credential) -> dict[str, Any]:
    """The extension nodes of a credential's BadgeClass, keyed by their compact type."""
    u = urls.Urls(catalog.config.base_url, catalog.config.base_path)
    found: dict[str, Any] = {}
    for ext in EXTENSIONS:
        values = ext.values(catalog, cred)
        if values:
            found[ext.type] = {
                "@context": u.absolute(urls.extension_context(ext.name)),
                "type": ["Extension", ext.type],
                **values,
            }
    return found


def read_extensions(doc: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The values of credcat's extensions in a BadgeClass, by extension name (for import)."""
    found: dict[str, dict[str, Any]] = {}
    for ext in EXTENSIONS:
        node = doc.get(ext.type)
        if isinstance(node, dict):
            found[ext.name] = {f.name: node[f.name] for f in ext.fields if f.name in node}
    return found
