"""The columns a spreadsheet may have for ``credcat import``, and how their cells are read.

Each column is one field of the credential schema (``cost.amount``, ``skills[].url``), with the
other headers that mean the same (synonyms). What a cell may hold (a number, a date, yes/no, one
of the schema's enumerated values) is read from the credential JSON Schema itself, so a field
added there needs only its line in :data:`COLUMNS`. Headers match whatever their case, spacing
and punctuation ("Course name", "course_name", "COURSE-NAME").
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache
from typing import Any


@dataclass(frozen=True, slots=True, kw_only=True)
class Column:
    """One column credcat reads, and the credential field it fills."""

    name: str
    """The header credcat writes in its template, e.g. ``cost_amount``."""
    field: str
    """The credential field: ``title``, or the group of ``cost.amount`` (``cost``)."""
    key: str | None = None
    """The key inside the field's object (``amount``) or list items (``skills[].url``)."""
    synonyms: tuple[str, ...] = ()
    """Other headers that mean this column."""

    @property
    def pair(self) -> tuple[str, str | None]:
        """The field and key: ``("cost", "amount")``, ``("title", None)``."""
        return self.field, self.key

    @property
    def target(self) -> str:
        """The field as the credential file writes it: ``cost.amount``, ``skills[].url``."""
        if self.key is None:
            return self.field
        return f"{self.field}[].{self.key}" if self.items else f"{self.field}.{self.key}"

    @property
    def schema(self) -> dict[str, Any]:
        """The JSON Schema of one value of this column."""
        field = _schema()["properties"].get(self.field) or _OUTSIDE_SCHEMA[self.field]
        if self.items:
            field = field["items"]
        if self.key is not None:
            field = field["properties"][self.key]
        return dict(field)

    @property
    def many(self) -> bool:
        """Whether a cell holds several values (separated by the list separator)."""
        return self.items or (self.key is None and _is_array(self.schema))

    @property
    def items(self) -> bool:
        """Whether the column is one key of a list of objects (``skills[].name``)."""
        field = _schema()["properties"].get(self.field) or _OUTSIDE_SCHEMA[self.field]
        return _is_array(field) and field.get("items", {}).get("type") == "object"


_OUTSIDE_SCHEMA: dict[str, dict[str, Any]] = {
    "id": {
        "type": "string",
        "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
        "maxLength": 80,
        "description": "Permanent id, the file name credentials/<id>.md (default: from the title).",
        "examples": ["data-analysis-spreadsheets"],
    },
    "body": {
        "type": "string",
        "description": "The credential's description (Markdown), the text below the front matter.",
        "examples": [
            "Learners work with real public data sets: they clean them, summarise them with "
            "pivot tables and present their findings in charts."
        ],
    },
}
"""Columns that are not front matter fields: the file name and the text below the front matter."""


def _is_array(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    return kind == "array" or (isinstance(kind, list) and "array" in kind)


def _c(field: str, *synonyms: str) -> Column:
    """A column of a top-level field."""
    return Column(name=field, field=field, synonyms=synonyms)


def _k(field: str, key: str, *synonyms: str, name: str | None = None) -> Column:
    """A column of one key of an object field (``cost`` ``amount``) or of the items of a list
    of objects (``skills`` ``name``: several values, one per item)."""
    return Column(name=name or f"{field}_{key}", field=field, key=key, synonyms=synonyms)


COLUMNS: tuple[Column, ...] = (
    _c("id", "identifier", "slug", "credential id", "badge id", "course id"),
    _c(
        "title",
        "name",
        "course name",
        "course title",
        "course",
        "credential name",
        "credential",
        "badge name",
        "programme",
        "program",
        "programme name",
        "program name",
        "programme title",
        "program title",
        "credential title",
        "badge title",
        "nama",
        "nama kursus",
    ),
    _c("summary", "short description", "tagline", "overview", "synopsis", "ringkasan"),
    _c(
        "issuer",
        "issuer id",
        "provider",
        "awarding body",
        "awarded by",
        "issued by",
        "institution",
        "organisation",
        "organization",
        "penganjur",
    ),
    _c("type", "credential type", "achievement type", "badge type", "kind"),
    _c("status", "state"),
    _c("version"),
    _c("image", "badge image", "image file", "image path"),
    _c(
        "criteria",
        "earning criteria",
        "completion criteria",
        "award criteria",
        "how to earn",
        "kriteria",
    ),
    _c(
        "workload_hours",
        "hours",
        "notional hours",
        "notional learning hours",
        "study hours",
        "learning hours",
        "total hours",
        "total notional hours",
        "total learning hours",
        "notional learning time",
        "workload",
        "effort",
        "student learning time",
        "slt",
        "jam",
    ),
    _c("duration", "length", "course length", "tempoh", "durasi"),
    _c(
        "participation",
        "mode",
        "delivery",
        "delivery mode",
        "mode of delivery",
        "study mode",
        "learning mode",
        "format",
        "modality",
    ),
    _c(
        "url",
        "link",
        "enrol link",
        "enroll link",
        "enrolment link",
        "enrollment link",
        "enrol url",
        "enrolment url",
        "enrollment url",
        "registration link",
        "course url",
        "course page",
        "web page",
        "webpage",
        "website",
        "more information",
    ),
    _c("code", "course code", "module code", "subject code", "kod"),
    _c("field_of_study", "field", "discipline", "subject", "subject area"),
    _c("specialization", "specialisation"),
    _c("published", "publication date", "date published", "launch date", "first offered"),
    _c("updated", "last updated", "date updated", "last modified", "modified"),
    _c(
        "entry_requirements",
        "requirements",
        "admission requirements",
        "entry requirement",
        "eligibility",
        "syarat kemasukan",
    ),
    _c("valid_for", "validity", "expires after", "expiry"),
    _c("source_url", "source", "original url", "badgeclass url", "badge url"),
    _c("superseded_by", "replaced by", "replacement", "successor"),
    _c("text_language", "text written in", "description language"),
    _c(
        "body",
        "description",
        "details",
        "long description",
        "full description",
        "about",
        "penerangan",
        "deskripsi",
    ),
    _c("learning_outcomes", "outcomes", "learning outcome", "hasil pembelajaran"),
    _c("tags", "keywords", "categories", "category", "topics"),
    _c(
        "languages",
        "language",
        "language of instruction",
        "languages of instruction",
        "medium of instruction",
        "instruction language",
        "bahasa",
    ),
    _c("prerequisites", "prerequisite", "pre requisites", "prereqs"),
    _c("recommended", "recommended before", "recommended credentials"),
    _c("stacks_into", "stacks into", "counts towards", "part of"),
    _c("components", "modules", "made of"),
    _c("renamed_from", "former ids", "previous ids", "old ids"),
    _k("level", "framework", "framework", "qualifications framework", "level framework"),
    _k("level", "value", "level", "level value"),
    _k("credits", "value", "credits", "credit", "credit value", "credit points"),
    _k("credits", "system", "credit system", "credits system"),
    _k("credits", "own", "own credits", "capstone credits"),
    _k(
        "cost",
        "amount",
        "price",
        "fee",
        "fees",
        "cost",
        "amount",
        "course fee",
        "tuition",
        "harga",
        "yuran",
        "biaya",
    ),
    _k("cost", "currency", "currency", "price currency", "fee currency", "mata wang"),
    _k("cost", "note", "price note", "fee note"),
    _k("assessment", "method", "assessment", "assessment method", "penilaian"),
    _k("assessment", "supervised", "supervised", "proctored", "invigilated"),
    _k("assessment", "identity_verified", "identity verified", "id verified", "identity checked"),
    _k("quality_assurance", "type", "quality assurance", "qa", "accreditation", name="qa_type"),
    _k(
        "quality_assurance",
        "body",
        "quality assurance body",
        "accrediting body",
        "accredited by",
        name="qa_body",
    ),
    _k("quality_assurance", "url", "quality assurance url", "accreditation url", name="qa_url"),
    _k(
        "skills",
        "name",
        "skills",
        "skill",
        "skill name",
        "skills covered",
        "skills gained",
        "skills acquired",
        "competencies",
        "competences",
        "kemahiran",
        name="skill_names",
    ),
    _k("skills", "url", "skill url", "skill link", "skill links", name="skill_urls"),
    _k(
        "skills",
        "framework",
        "skill framework",
        "skills framework",
        "skills frameworks",
        name="skill_frameworks",
    ),
    _k("skills", "code", "skill code", name="skill_codes"),
    _k("skills", "description", "skill description", name="skill_descriptions"),
    _k("partners", "issuer", "partners", "partner", "partner id", name="partner_issuers"),
    _k("partners", "role", "partner role", name="partner_roles"),
    _k(
        "funding",
        "name",
        "funding",
        "funding scheme",
        "funding schemes",
        "eligible funding",
        "funding eligibility",
        name="funding_names",
    ),
    _k("funding", "url", "funding url", "funding link", name="funding_urls"),
    _k("funding", "country", "funding country", name="funding_countries"),
    _k("funding", "note", "funding note", "funding conditions", name="funding_notes"),
    _k(
        "intakes",
        "start",
        "intakes",
        "intake",
        "start date",
        "start dates",
        "starts",
        "intake start",
        name="intake_starts",
    ),
    _k("intakes", "end", "end date", "end dates", "intake end", name="intake_ends"),
    _k("intakes", "mode", "intake mode", name="intake_modes"),
    _k("intakes", "location", "location", "venue", "campus", "lokasi", name="intake_locations"),
    _k(
        "intakes",
        "enrolment_deadline",
        "enrolment deadline",
        "enrollment deadline",
        "application deadline",
        "closing date",
        "intake deadline",
        name="intake_deadlines",
    ),
    _k(
        "intakes",
        "status",
        "intake status",
        "enrolment status",
        "enrollment status",
        name="intake_statuses",
    ),
    _k("intakes", "url", "intake url", "intake link", name="intake_urls"),
)
"""Every column, in the order of the template. Synonyms are matched after :func:`header_key`."""

NOT_IMPORTABLE = {
    "changes": "the version history has a version, date and note per entry: write it by hand",
    "components": "a rule with a choice ({at_least: N, of: [...]}, {credits: N, of: [...]}): "
    "a cell gives a list of required components only",
}
"""Credential fields (or forms of them) a spreadsheet cannot give, and why."""

VALUE_SYNONYMS: dict[str, dict[str, str]] = {
    "participation": {
        "hybrid": "blended",
        "mixed": "blended",
        "face to face": "in-person",
        "f2f": "in-person",
        "classroom": "in-person",
        "on campus": "in-person",
        "on site": "in-person",
        "onsite": "in-person",
        "physical": "in-person",
        "e-learning": "online",
        "elearning": "online",
        "remote": "online",
        "virtual": "online",
        "distance": "online",
        "dalam talian": "online",
        "daring": "online",
        "bersemuka": "in-person",
        "luring": "in-person",
        "campuran": "blended",
    },
    "status": {
        "published": "active",
        "live": "active",
        "open": "active",
        "current": "active",
        "offered": "active",
        "inactive": "retired",
        "archived": "retired",
        "discontinued": "retired",
        "withdrawn": "retired",
        "closed": "retired",
        "unpublished": "draft",
    },
    "type": {
        "micro cred": "MicroCredential",
        "digital badge": "Badge",
        "open badge": "Badge",
        "short course": "Course",
        "module": "Course",
        "certificate of attendance": "CertificateOfCompletion",
        "certificate of participation": "CertificateOfCompletion",
        "professional certificate": "Certificate",
        "professional certification": "Certification",
        "licence": "License",
        "program": "LearningProgram",
        "programme": "LearningProgram",
        "apprenticeship": "ApprenticeshipCertificate",
    },
    "partners[].role": {
        "co-awarder": "co-awarding",
        "co-awarding body": "co-awarding",
        "joint award": "co-awarding",
        "delivery partner": "provider",
        "training provider": "provider",
        "endorsement": "endorser",
        "endorsed by": "endorser",
        "assessment": "assessor",
    },
    "intakes[].status": {
        "full": "waitlist",
        "wait list": "waitlist",
        "waiting list": "waitlist",
        "coming soon": "planned",
        "upcoming": "planned",
    },
}
"""Other spellings of enumerated values, by column target; the values themselves (and their
case, spacing and punctuation variants) come from the schema's ``enum``s."""
VALUE_SYNONYMS["intakes[].mode"] = VALUE_SYNONYMS["participation"]

_LANGUAGE_SYNONYMS = {
    "malay": "ms",
    "bahasa malaysia": "ms",
    "bm": "ms",
    "indonesian": "id",
    "chinese": "zh",
    "mandarin": "zh",
    "tamil": "ta",
    "thai": "th",
    "vietnamese": "vi",
    "french": "fr",
    "german": "de",
    "spanish": "es",
    "arabic": "ar",
}


@cache
def language_synonyms() -> dict[str, str]:
    """Language names (in English, or in the language) a sheet may give for a BCP 47 tag."""
    from credcat.core.formats import Formats  # not at import: Babel's data loads on first use

    codes = sorted({*_LANGUAGE_SYNONYMS.values(), "en", "ms", "id"})
    names = {
        Formats(lang).language_name(code).casefold(): code
        for code in codes
        for lang in (code, "en")
    }
    return {**_LANGUAGE_SYNONYMS, **names}


@cache
def _schema() -> dict[str, Any]:
    # Not at import: `credcat import --help` lists the columns.
    from credcat.core.schema import load_schema

    return load_schema("credential")


def header_key(text: str) -> str:
    """What headers are compared by: letters and digits only, in lower case, without a plural
    ``s`` ("Course Names", "course_name" and "COURSE-NAME" all give ``coursename``)."""
    key = "".join(ch for ch in text.casefold() if ch.isalnum())
    if key.endswith(("uses", "sses")):
        return key[:-2]  # statuses, addresses
    if len(key) > 3 and key.endswith("s") and not key.endswith(("us", "ss")):
        return key[:-1]
    return key


@cache
def columns_by_key() -> dict[str, Column]:
    """Every accepted header (names and synonyms, by :func:`header_key`) -> its column."""
    found: dict[str, Column] = {}
    for column in COLUMNS:
        for text in (column.name, column.target, *column.synonyms):
            key = header_key(text)
            if found.get(key, column) is not column:
                raise AssertionError(f"{text!r} names both {found[key].name} and {column.name}")
            found[key] = column
    return found


def find_column(header: str) -> Column | None:
    """The column a header means, if any."""
    return columns_by_key().get(header_key(header))


_FRAMEWORK_LEVEL = re.compile(r"\s*(?P<unit>[A-Z][A-Z0-9-]{1,7})\s+[Ll]evel\s*")


def parse_header(header: str) -> tuple[Column, str | None] | None:
    """The column a header means and the unit it names, if any: ``Duration (weeks)`` is
    ``duration`` in weeks, ``Fee (RM)`` ``cost_amount`` in MYR, ``MQF Level`` ``level_value``
    in the MQF framework; None if it means no column."""
    column = find_column(header)
    if column is not None:
        return column, None
    text = header.strip()
    opening = {")": "(", "]": "["}.get(text[-1:])
    if opening and opening in text:
        at = text.rindex(opening)
        column = find_column(text[:at])
        unit = text[at + 1 : -1].strip()
        if column is not None and unit:
            return column, unit
    if match := _FRAMEWORK_LEVEL.fullmatch(header):
        level = next(c for c in COLUMNS if c.pair == ("level", "value"))
        return level, match["unit"]
    return None


def closest_column(header: str) -> str | None:
    """The accepted header most like an unknown one, for a "did you mean" hint."""
    keys = columns_by_key()
    close = difflib.get_close_matches(header_key(header), list(keys), n=1, cutoff=0.6)
    return keys[close[0]].name if close else None


def enum_values(column: Column) -> list[str] | None:
    """The values the schema allows in this column, if it lists them."""
    schema = column.schema
    if "enum" in schema:
        return [str(v) for v in schema["enum"]]
    for option in schema.get("anyOf", []):
        if "enum" in option:
            return [str(v) for v in option["enum"]]
    return None


def match_value(column: Column, text: str) -> str | None:
    """The enumerated value a cell means ("Online", "ONLINE" -> ``online``;
    "Certificate of completion" -> ``CertificateOfCompletion``), or None."""
    values = enum_values(column)
    if values is None:
        return None
    key = header_key(text)
    for value in values:
        if header_key(value) == key:
            return value
    synonyms = {header_key(k): v for k, v in VALUE_SYNONYMS.get(column.target, {}).items()}
    return synonyms.get(key)


def template_header() -> list[str]:
    """The header row of ``credcat import --template``."""
    return [column.name for column in COLUMNS]


def columns_help() -> str:
    """The columns and their synonyms, for ``credcat import --help``."""
    import textwrap

    lines = textwrap.wrap(
        "CSV columns (a header matches whatever its case, spacing and punctuation; each "
        "column is followed by the other headers it is read under; several values in a cell "
        "are separated by the list separator or by line breaks):",
        width=79,
    )
    for column in COLUMNS:
        text = f"  {column.name:<29} {', '.join(column.synonyms) or '-'}"
        lines += textwrap.wrap(text, width=79, subsequent_indent=" " * 32)
    lines.append("not importable from a spreadsheet:")
    for name, why in NOT_IMPORTABLE.items():
        lines += textwrap.wrap(f"  {name}: {why}", width=79, subsequent_indent="    ")
    enumerated = ", ".join(c.name for c in COLUMNS if enum_values(c) is not None)
    lines += textwrap.wrap(
        f"Values of {enumerated} match whatever their case, spacing and punctuation "
        "(Online, Micro-credential). A number may carry its unit (RM 1,200; 2 ECTS; 40 hours), "
        "a level its framework (MQF 4); dates are YYYY-MM-DD. Lists of objects (skills, "
        "partners, funding, intakes) pair their columns' values by position. --template "
        "writes every column with an example row.",
        width=79,
    )
    return "\n".join(lines)


def columns_markdown() -> str:
    """The columns, the fields they fill and their synonyms, as the README's table."""
    lines = ["| column | fills | also read as |", "|---|---|---|"]
    for column in COLUMNS:
        names = ", ".join(column.synonyms) or "-"
        lines.append(f"| `{column.name}` | `{column.target}` | {names} |")
    return "\n".join(lines)
