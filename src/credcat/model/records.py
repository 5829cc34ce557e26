"""The catalog's content as typed, frozen values, built from validated source documents.

The build cache stores these classes (and Location, Diagnostic, SourceDoc, ParsedYaml,
FileResult and Html) as tagged JSON; see cachecodec.py. Every field needs a type hint that
names its class, since only classes the hints reach can be read back from the cache.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import Any

from credcat.core.diagnostics import Location
from credcat.core.i18n import N_
from credcat.core.schema import defaults
from credcat.core.sources import SourceDoc

_DEFAULTS = defaults("credential")
"""What a credential's front matter leaves out: the defaults its schema states."""


class Status(enum.Enum):
    """Whether a credential is offered."""

    DRAFT = "draft"
    ACTIVE = "active"
    RETIRED = "retired"


_DEFAULT_STATUS = Status(_DEFAULTS["status"])


class Participation(enum.Enum):
    """Form of participation (EU Council Recommendation 2022, Annex I)."""

    ONLINE = "online"
    IN_PERSON = "in-person"
    BLENDED = "blended"

    @property
    def label(self) -> str:
        """Human label."""
        return {"online": N_("Online"), "in-person": N_("In person"), "blended": N_("Blended")}[
            self.value
        ]


@dataclass(frozen=True, kw_only=True)
class Duration:
    """A length of time as the author wrote it, e.g. 6 weeks."""

    value: int
    unit: str
    """One of hour, day, week, month, year."""

    @property
    def iso(self) -> str:
        """ISO 8601 duration, e.g. P6W or PT40H."""
        if self.unit == "hour":
            return f"PT{self.value}H"
        return f"P{self.value}{self.unit[0].upper()}"

    def __str__(self) -> str:
        return f"{self.value} {self.unit}{'s' if self.value != 1 else ''}"


@dataclass(frozen=True, kw_only=True)
class Skill:
    """An alignment to a skill in a framework."""

    name: str
    url: str
    """Official URL of the skill (the alignment target)."""
    framework: str | None = None
    code: str | None = None
    description: str | None = None

    @property
    def is_occupation(self) -> bool:
        """Whether this is an occupation of an occupation classification (O*NET-SOC, ISCO,
        ESCO occupations, ...) rather than a skill: CTDL publishes those as
        ``occupationType``, Open Badges 3.0 as ``ext:Occupation`` alignments."""
        framework = (self.framework or "").strip()
        return bool(_OCCUPATION_FRAMEWORK.match(framework) or _OCCUPATION_URL.search(self.url))


_OCCUPATION_FRAMEWORK = re.compile(r"^(O\*NET-SOC|SOC|ISCO|ANZSCO|MASCO|KBJI|NOC)\b", re.I)
"""Occupation classifications, by the name authors give them in ``framework``."""
_OCCUPATION_URL = re.compile(r"data\.europa\.eu/esco/occupation/|onetonline\.org/link/summary/")
"""Occupations by their official URL: ESCO occupations and O*NET-SOC occupations."""


@dataclass(frozen=True, kw_only=True)
class Level:
    """A level in a qualifications framework, e.g. EQF 5."""

    framework: str
    value: str

    def __str__(self) -> str:
        return f"{self.framework} {self.value}"


@dataclass(frozen=True, kw_only=True)
class Credits:
    """A credit value in a credit system."""

    value: float
    system: str
    own: float = 0.0
    """Part of ``value`` earned in this credential itself (a stack's capstone), beside what
    its components give."""

    def __str__(self) -> str:
        return f"{format_number(self.value)} {self.system}"


@dataclass(frozen=True, kw_only=True)
class Cost:
    """What the learner pays."""

    amount: float
    """0 means free."""
    currency: str
    """ISO 4217 code."""
    note: str | None = None

    @property
    def is_free(self) -> bool:
        """Whether it costs nothing."""
        return self.amount == 0


class PartnerRole(enum.Enum):
    """What a partner organisation does for a credential."""

    CO_AWARDING = "co-awarding"
    """Awards the credential jointly with the issuer."""
    PROVIDER = "provider"
    """Delivers the learning."""
    ENDORSER = "endorser"
    """Endorses the credential (for example an industry body)."""
    ASSESSOR = "assessor"
    """Assesses the learners."""

    @property
    def label(self) -> str:
        """Human label."""
        return {
            "co-awarding": N_("Co-awarding body"),
            "provider": N_("Provider"),
            "endorser": N_("Endorsed by"),
            "assessor": N_("Assessor"),
        }[self.value]

    @property
    def activity(self) -> str:
        """What the partner does, as a heading on its own page."""
        return {
            "co-awarding": N_("Co-awards"),
            "provider": N_("Provides the learning for"),
            "endorser": N_("Endorses"),
            "assessor": N_("Assesses learners for"),
        }[self.value]


@dataclass(frozen=True, kw_only=True)
class Partner:
    """An organisation beside the awarding issuer, with its role."""

    issuer: str
    """Id of its issuer file."""
    role: PartnerRole


@dataclass(frozen=True, kw_only=True)
class Funding:
    """A funding scheme the credential is eligible for."""

    name: str
    url: str | None = None
    country: str | None = None
    """ISO 3166-1 alpha-2."""
    note: str | None = None

    @property
    def slug(self) -> str:
        """URL-safe key of the scheme (facet value)."""
        return re.sub(r"[^a-z0-9]+", "-", self.name.casefold()).strip("-") or "scheme"


class IntakeStatus(enum.Enum):
    """Whether learners can enrol in an intake."""

    OPEN = "open"
    PLANNED = "planned"
    WAITLIST = "waitlist"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        """Human label."""
        return {
            "open": N_("Enrolment open"),
            "planned": N_("Enrolment not open yet"),
            "waitlist": N_("Waiting list"),
            "closed": N_("Enrolment closed"),
        }[self.value]


@dataclass(frozen=True, kw_only=True)
class Intake:
    """One start of a credential (a cohort): when, where and how to enrol."""

    start: str
    """YYYY-MM-DD."""
    end: str | None = None
    mode: Participation | None = None
    location: str | None = None
    enrolment_deadline: str | None = None
    status: IntakeStatus | None = None
    url: str | None = None


@dataclass(frozen=True, kw_only=True)
class Assessment:
    """How learning is assessed."""

    method: str
    supervised: bool | None = None
    identity_verified: bool | None = None


@dataclass(frozen=True, kw_only=True)
class QualityAssurance:
    """Quality assurance behind a credential."""

    type: str
    body: str | None = None
    url: str | None = None


@dataclass(frozen=True, kw_only=True)
class Accreditation:
    """A recognition of the issuer by another body."""

    body: str
    status: str | None = None
    url: str | None = None


@dataclass(frozen=True, kw_only=True)
class Identifier:
    """An identifier of an issuer in some register, e.g. a national provider code."""

    scheme: str
    """Short name of the register (letters, digits, '.', '-', '_')."""
    value: str


@dataclass(frozen=True, kw_only=True)
class ParentOrganization:
    """The organisation an issuer belongs to."""

    name: str
    url: str


@dataclass(frozen=True, kw_only=True)
class Verification:
    """Open Badges 2.0 hosted verification policy of an issuer."""

    allowed_origins: tuple[str, ...] = ()
    starts_with: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class IssuerKey:
    """A public key an issuer signs credentials with (a JWK, Ed25519 or P-256)."""

    id: str
    """Stable key id: the fragment of its did:web verification method and the JWS ``kid``."""
    kty: str
    """``OKP`` (Ed25519) or ``EC`` (P-256)."""
    crv: str
    x: str
    """base64url, no padding."""
    y: str | None = None
    """P-256 only."""
    retired: str | None = None
    """YYYY-MM-DD from which the key signs nothing new; it stays published."""
    pointer: str = ""
    """Where the key is written in the issuer file, as a JSON pointer."""

    def jwk(self) -> dict[str, str]:
        """The public JWK (members of RFC 7517 only)."""
        jwk = {"kty": self.kty, "crv": self.crv, "x": self.x}
        if self.y is not None:
            jwk["y"] = self.y
        return jwk


@dataclass(frozen=True, kw_only=True)
class Change:
    """What changed in one version of a credential, and when."""

    version: str
    note: str
    date: str | None = None


@dataclass(frozen=True, kw_only=True)
class Issuer:
    """An awarding body."""

    id: str
    name: str
    url: str
    email: str
    description: str = ""
    image: str | None = None
    """Catalog-relative path of the logo."""
    country: str | None = None
    """ISO 3166-1 alpha-2."""
    region: str | None = None
    organization_types: tuple[str, ...] = ()
    """e.g. ``postsecondary``; ``render_jsonld.ORGANIZATION_TYPES`` maps them to CTDL agentType."""
    sector: str | None = None
    """``public``, ``private-nonprofit`` or ``private-for-profit`` (CTDL agentSectorType)."""
    identifiers: tuple[Identifier, ...] = ()
    parent_organization: ParentOrganization | None = None
    accreditation: tuple[Accreditation, ...] = ()
    verification: Verification | None = None
    renamed_from: tuple[str, ...] = ()
    """Earlier ids, kept alive as redirects and JSON copies."""
    keys: tuple[IssuerKey, ...] = ()
    """Public signing keys, retired ones included (see keys.py)."""
    location: Location
    digest: str = ""
    """Hash of the source text."""


class RuleKind(enum.Enum):
    """How a pathway group is satisfied."""

    ALL = "all"
    """Every item."""
    AT_LEAST = "at_least"
    """At least ``need`` of the items."""
    CREDITS = "credits"
    """Credentials from the items worth at least ``need`` credits together."""


@dataclass(frozen=True, kw_only=True)
class Rule:
    """A stack's rule: what a learner must hold to earn the composite credential.

    Items are credential ids or (one level down) nested rules. A plain list of
    ``components`` is an ``ALL`` rule.
    """

    kind: RuleKind
    items: tuple[str | Rule, ...]
    need: float = 0
    """``AT_LEAST``: how many items; ``CREDITS``: how many credits; ``ALL``: unused."""
    label: str | None = None
    pointer: str = "/components"
    """Where the rule is written, as a JSON pointer (for located diagnostics)."""
    item_pointers: tuple[str, ...] = ()
    """Where each item is written."""

    def leaves(self) -> tuple[tuple[str, str], ...]:
        """Every credential id in the rule with its pointer, in author order."""
        found: list[tuple[str, str]] = []
        for item, pointer in zip(self.items, self.item_pointers, strict=True):
            if isinstance(item, Rule):
                found.extend(item.leaves())
            else:
                found.append((item, pointer))
        return tuple(found)

    def with_items(self, extra: tuple[str, ...]) -> Rule:
        """This rule with more required ids (from components' ``stacks_into``)."""
        return Rule(
            kind=self.kind,
            items=(*self.items, *extra),
            need=self.need,
            label=self.label,
            pointer=self.pointer,
            item_pointers=(*self.item_pointers, *(self.pointer for _ in extra)),
        )


def parse_rule(data: Any, pointer: str = "/components") -> Rule:
    """Build a ``Rule`` from a schema-valid ``components`` value (a list or a group)."""
    if isinstance(data, list):
        return Rule(
            kind=RuleKind.ALL,
            items=tuple(data),
            pointer=pointer,
            item_pointers=tuple(f"{pointer}/{n}" for n in range(len(data))),
        )
    if "all" in data:
        kind, key, need = RuleKind.ALL, "all", 0.0
    elif "at_least" in data:
        kind, key, need = RuleKind.AT_LEAST, "of", float(data["at_least"])
    else:
        kind, key, need = RuleKind.CREDITS, "of", float(data.get("credits", 0))
    items: list[str | Rule] = []
    pointers: list[str] = []
    for n, item in enumerate(data.get(key, ())):
        where = f"{pointer}/{key}/{n}"
        items.append(parse_rule(item, where) if isinstance(item, dict) else item)
        pointers.append(where)
    return Rule(
        kind=kind,
        items=tuple(items),
        need=need,
        label=data.get("label"),
        pointer=pointer,
        item_pointers=tuple(pointers),
    )


@dataclass(frozen=True, kw_only=True)
class Credential:
    """A micro-credential (or a larger credential it stacks into)."""

    id: str
    """Permanent id and URL slug."""
    title: str
    summary: str
    issuer: str
    """Id of the issuer."""
    partners: tuple[Partner, ...] = ()
    """Other organisations behind it (co-awarding, provider, endorser, assessor)."""
    criteria: str
    """Markdown."""
    body: str = ""
    """Markdown long description."""
    body_line: int = 1
    achievement_type: str = str(_DEFAULTS["type"])
    status: Status = _DEFAULT_STATUS
    version: str = str(_DEFAULTS["version"])
    image: str | None = None
    learning_outcomes: tuple[str, ...] = ()
    skills: tuple[Skill, ...] = ()
    level: Level | None = None
    credits: Credits | None = None
    workload_hours: float | None = None
    """Notional learning hours."""
    duration: Duration | None = None
    cost: Cost | None = None
    funding: tuple[Funding, ...] = ()
    """Schemes it is eligible for."""
    participation: Participation | None = None
    intakes: tuple[Intake, ...] = ()
    """Starts, sorted by date."""
    languages: tuple[str, ...] = ()
    text_language: str | None = None
    """The language the file is written in, when not the catalog's default."""
    assessment: Assessment | None = None
    quality_assurance: QualityAssurance | None = None
    prerequisites: tuple[str, ...] = ()
    recommended: tuple[str, ...] = ()
    """Ids of credentials recommended (not required) before this one."""
    entry_requirements: str | None = None
    stacks_into: tuple[str, ...] = ()
    pathway: Rule | None = None
    """The ``components`` rule as written (None when there is none)."""
    url: str | None = None
    tags: tuple[str, ...] = ()
    valid_for: Duration | None = None
    published: str | None = None
    updated: str | None = None
    field_of_study: str | None = None
    specialization: str | None = None
    """Specialisation within the field of study."""
    code: str | None = None
    source_url: str | None = None
    """Where the definition was published before it was imported into this catalog."""
    renamed_from: tuple[str, ...] = ()
    """Earlier ids, kept alive as redirects and JSON copies."""
    superseded_by: str | None = None
    """Id of the credential that replaces this retired one."""
    changes: tuple[Change, ...] = ()
    """Version history notes."""
    location: Location
    digest: str = ""


@dataclass(frozen=True, kw_only=True)
class Translation:
    """The text of one credential or issuer in another language."""

    lang: str
    kind: str
    """'credential', 'issuer' or 'catalog' (the catalog's own title and description)."""
    id: str
    """Id of the translated credential or issuer."""
    fields: dict[str, Any]
    """Translated fields as written (schema-valid); what is absent falls back."""
    body: str = ""
    """Translated Markdown description (credentials)."""
    location: Location
    translates_at: Location | None = None
    """Where ``translates`` (the version translated) is written, when it is."""
    digest: str = ""


def make_translation(doc: SourceDoc, digest: str) -> Translation:
    """Build a ``Translation`` from a schema-valid translation document."""
    lang, ident = doc.id.split("/", 1)
    kind = doc.kind.value.removesuffix("-translation")
    return Translation(
        lang=lang,
        kind=kind,
        id=ident,
        fields=dict(doc.data),
        body=doc.body.strip() and doc.body,
        location=doc.locate(),
        translates_at=doc.locate("/translates") if "translates" in doc.data else None,
        digest=digest,
    )


_DURATION = re.compile(r"^(\d+) (hour|day|week|month|year)s?$")


def format_number(value: float) -> str:
    """Show 2.0 as 2 and 1.5 as 1.5."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def parse_duration(text: str | None) -> Duration | None:
    """Parse '6 weeks' (already checked by the schema)."""
    if not text:
        return None
    match = _DURATION.match(text)
    if match is None:
        return None
    return Duration(value=int(match.group(1)), unit=match.group(2))


def _opt(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return None if value is None else str(value)


def make_issuer(doc: SourceDoc, digest: str) -> Issuer:
    """Build an ``Issuer`` from a schema-valid document."""
    d = doc.data
    verification = d.get("verification")
    return Issuer(
        id=doc.id,
        name=d["name"],
        url=d["url"],
        email=d["email"],
        description=d.get("description", ""),
        image=d.get("image"),
        country=d.get("country"),
        region=d.get("region"),
        organization_types=tuple(d.get("organization_types", ())),
        sector=d.get("sector"),
        identifiers=tuple(
            Identifier(scheme=i["scheme"], value=i["value"]) for i in d.get("identifiers", ())
        ),
        parent_organization=ParentOrganization(**d["parent_organization"])
        if "parent_organization" in d
        else None,
        accreditation=tuple(
            Accreditation(body=a["body"], status=a.get("status"), url=a.get("url"))
            for a in d.get("accreditation", ())
        ),
        verification=Verification(
            allowed_origins=tuple(verification.get("allowed_origins", ())),
            starts_with=tuple(verification.get("starts_with", ())),
        )
        if verification
        else None,
        renamed_from=tuple(d.get("renamed_from", ())),
        keys=tuple(
            IssuerKey(
                id=k["id"],
                kty=k["kty"],
                crv=k["crv"],
                x=k["x"],
                y=k.get("y"),
                retired=k.get("retired"),
                pointer=f"/keys/{n}",
            )
            for n, k in enumerate(d.get("keys", ()))
        ),
        location=doc.locate(),
        digest=digest,
    )


def make_credential(doc: SourceDoc, digest: str) -> Credential:
    """Build a ``Credential`` from a schema-valid document."""
    d = doc.data
    level = d.get("level")
    credits = d.get("credits")
    cost = d.get("cost")
    assessment = d.get("assessment")
    qa = d.get("quality_assurance")
    pathway = parse_rule(d["components"]) if d.get("components") else None
    return Credential(
        id=doc.id,
        title=d["title"].strip(),
        summary=d["summary"].strip(),
        issuer=d["issuer"],
        criteria=d["criteria"],
        body=doc.body,
        body_line=doc.body_line,
        achievement_type=d.get("type", _DEFAULTS["type"]),
        status=Status(d.get("status", _DEFAULTS["status"])),
        version=str(d.get("version", _DEFAULTS["version"])),
        image=d.get("image"),
        learning_outcomes=tuple(d.get("learning_outcomes", ())),
        skills=tuple(
            Skill(
                name=s["name"],
                url=s["url"],
                framework=s.get("framework"),
                code=_opt(s, "code"),
                description=s.get("description"),
            )
            for s in d.get("skills", ())
        ),
        level=Level(framework=level["framework"], value=str(level["value"])) if level else None,
        credits=Credits(
            value=float(credits["value"]),
            system=credits["system"],
            own=float(credits.get("own", 0)),
        )
        if credits
        else None,
        workload_hours=float(d["workload_hours"]) if "workload_hours" in d else None,
        duration=parse_duration(d.get("duration")),
        cost=Cost(amount=float(cost["amount"]), currency=cost["currency"], note=cost.get("note"))
        if cost
        else None,
        participation=Participation(d["participation"]) if "participation" in d else None,
        partners=tuple(
            Partner(issuer=p["issuer"], role=PartnerRole(p["role"])) for p in d.get("partners", ())
        ),
        funding=tuple(
            Funding(name=f["name"], url=f.get("url"), country=f.get("country"), note=f.get("note"))
            for f in d.get("funding", ())
        ),
        intakes=tuple(
            sorted(
                (
                    Intake(
                        start=i["start"],
                        end=i.get("end"),
                        mode=Participation(i["mode"]) if "mode" in i else None,
                        location=i.get("location"),
                        enrolment_deadline=i.get("enrolment_deadline"),
                        status=IntakeStatus(i["status"]) if "status" in i else None,
                        url=i.get("url"),
                    )
                    for i in d.get("intakes", ())
                ),
                key=lambda i: (i.start, i.end or "", i.location or ""),
            )
        ),
        languages=tuple(d.get("languages", ())),
        text_language=d.get("text_language"),
        assessment=Assessment(
            method=assessment["method"],
            supervised=assessment.get("supervised"),
            identity_verified=assessment.get("identity_verified"),
        )
        if assessment
        else None,
        quality_assurance=QualityAssurance(type=qa["type"], body=qa.get("body"), url=qa.get("url"))
        if qa
        else None,
        prerequisites=tuple(d.get("prerequisites", ())),
        recommended=tuple(d.get("recommended", ())),
        entry_requirements=d.get("entry_requirements"),
        stacks_into=tuple(d.get("stacks_into", ())),
        pathway=pathway,
        url=d.get("url"),
        tags=tuple(d.get("tags", ())),
        valid_for=parse_duration(d.get("valid_for")),
        published=d.get("published"),
        updated=d.get("updated"),
        field_of_study=d.get("field_of_study"),
        specialization=d.get("specialization"),
        code=_opt(d, "code"),
        source_url=d.get("source_url"),
        renamed_from=tuple(d.get("renamed_from", ())),
        superseded_by=d.get("superseded_by"),
        changes=tuple(
            Change(version=str(c["version"]), note=c["note"], date=c.get("date"))
            for c in d.get("changes", ())
        ),
        location=doc.locate(),
        digest=digest,
    )
