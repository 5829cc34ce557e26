"""How ``credcat import`` reads the parts of an Open Badges document that need judgement.

An alignment can be a skill, but also a level in a qualifications framework (an EQF level), a
quality-assurance statement, a credit system or another credential: each goes to the field
of the model that holds it, never to ``skills`` by default. A description written in
Markdown gives a plain-text summary. Languages come from Open Badges 2.0 ``@language`` or 3.0
``inLanguage``. Result descriptions become the assessment method in words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
QUALIFICATION_FRAMEWORK = re.compile(
    r"\b(EQF|MQF|AQF|KKNI|SCQF|NZQF|NQF|RQF|FHEQ|CQFW|AQRF|SQF|HKQF|PQF|QF-EHEA)\b", re.I
)
EQF_URI = re.compile(r"data\.europa\.eu/snb/eqf/(\d+)")
QUALITY = re.compile(r"quality[ -]assur|accredit", re.I)
CREDENTIAL_TARGETS = re.compile(r"^ceterms:(Credential|Badge|Certificate|Certification|Degree)")
COMPETENCY_TARGETS = re.compile(
    r"^(ceasn:Competency|ceterms:Competency|CFItem|CFRubric\w*|CTDL|ext:Occupation|ext:Skill)$"
)


@dataclass(frozen=True, slots=True)
class Aligned:
    """Where one alignment goes: ``field`` of the model and the value for it.

    ``field`` is ``skills``, ``level``, ``quality_assurance``, ``credit_system``,
    ``credential`` (a URL: a component, prerequisite or recommended credential) or ``lost``
    (``value`` says why)."""

    field: str
    value: Any
    dropped: tuple[str, ...] = ()
    """Fields of the alignment that the model's field has no place for."""


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        return next((v.strip() for v in value.values() if isinstance(v, str)), "")
    return ""


def read_alignment(alignment: Any) -> Aligned:
    """Where an Open Badges 2.0 or 3.0 alignment belongs in the model."""
    if not isinstance(alignment, dict):
        return Aligned("lost", "not an object")
    if "targetName" not in alignment and "name" in alignment:  # Open Badges 1.0
        alignment = {
            "targetName": alignment.get("name"),
            "targetUrl": alignment.get("url"),
            "targetDescription": alignment.get("description"),
        }
    kind = _text(alignment.get("targetType"))
    name, url = _text(alignment.get("targetName")), alignment.get("targetUrl")
    framework, code = _text(alignment.get("targetFramework")), _text(alignment.get("targetCode"))
    about = f"{name} {framework} {_text(alignment.get('targetDescription'))}"
    if kind == "ext:CreditUnit":
        return Aligned("credit_system", code) if code else Aligned("lost", "no credit system")
    level = _level(kind, name, framework, code, url if isinstance(url, str) else "")
    if level is not None:
        extra: tuple[str, ...] = (
            ("targetDescription",) if _text(alignment.get("targetDescription")) else ()
        )
        return Aligned("level", level, extra)
    if "QualityAssurance" in kind or (not kind.startswith("ceasn") and QUALITY.search(about)):
        qa: dict[str, Any] = {"type": name or framework}
        if framework and framework != name:
            qa["body"] = framework
        if isinstance(url, str) and url.startswith(("http://", "https://")):
            qa["url"] = url
        extra = tuple(k for k in ("targetDescription", "targetCode") if _text(alignment.get(k)))
        if not qa["type"]:
            return Aligned("lost", "no name")
        return Aligned("quality_assurance", qa, extra)
    if CREDENTIAL_TARGETS.match(kind):
        if isinstance(url, str):
            return Aligned("credential", url)
        return Aligned("lost", f"a {kind} alignment without a targetUrl")
    if not name or not isinstance(url, str) or not url.startswith(("http://", "https://")):
        return Aligned("lost", "a skill needs a targetName and an http(s) targetUrl")
    skill: dict[str, Any] = {"name": name, "url": url}
    for source, target in (
        ("targetFramework", "framework"),
        ("targetCode", "code"),
        ("targetDescription", "description"),
    ):
        if _text(alignment.get(source)):
            skill[target] = _text(alignment.get(source))[: 1000 if target == "description" else 100]
    if kind and not COMPETENCY_TARGETS.match(kind):
        return Aligned("skills", {**skill, "_type": kind})
    return Aligned("skills", skill)


def _level(kind: str, name: str, framework: str, code: str, url: str) -> dict[str, Any] | None:
    """A level in a qualifications framework, if the alignment states one."""
    eqf = EQF_URI.search(url)
    named = QUALIFICATION_FRAMEWORK.search(framework) or (
        QUALIFICATION_FRAMEWORK.search(name) if not framework else None
    )
    if kind != "ext:Level" and not eqf and not named:
        return None
    if kind == "ext:Level" and framework and code:
        frame, value = framework, code
    else:
        frame = named.group(1).upper() if named else "EQF"
        found = (
            re.search(r"\d+", code)
            or (eqf and re.search(r"\d+", eqf.group(1)))
            or re.search(r"\blevel\s*(\d+)", f"{name} {framework}", re.I)
            or re.search(r"\b(\d+)\b", name)
        )
        if found is None:
            return None
        value = found.group(found.lastindex or 0)
    return {"framework": frame[:60], "value": int(value) if value.isdigit() else value}


def plain_summary(description: str) -> tuple[str, str]:
    """A plain-text first sentence (at most 300 characters) of a possibly Markdown
    description, and the description itself as the body when it says more than that."""
    lines = [line for line in description.splitlines() if not re.match(r"^\s{0,3}#{1,6}\s", line)]
    text = " ".join(_plain("\n".join(lines) or description).split())
    match = re.match(r"(.{20,300}?[.!?])(\s|$)", text)
    first = match.group(1) if match else text[:297] + ("..." if len(text) > 297 else "")
    rest = description.strip() if len(text) > len(first) or text != description.strip() else ""
    return first, rest


def _plain(text: str) -> str:
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<(https?://[^>\s]+)>", r"\1", text)
    text = re.sub(r"<[^>\n]+>", "", text)
    text = re.sub(r"^\s{0,3}(>\s?|[-*+]\s+|\d+[.)]\s+)", "", text, flags=re.M)
    text = re.sub(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    return text.replace("\\", "")


def language_of(doc: dict[str, Any]) -> str | None:
    """The language of a document's text: 3.0 ``inLanguage`` or 2.0 ``@language`` (at the top
    or in the ``@context``)."""
    found: Any = doc.get("inLanguage") or doc.get("@language")
    if found is None:
        context = doc.get("@context")
        for item in context if isinstance(context, list) else [context]:
            if isinstance(item, dict) and isinstance(item.get("@language"), str):
                found = item["@language"]
    if isinstance(found, list):
        found = next((f for f in found if isinstance(f, str)), None)
    return found if isinstance(found, str) and LANGUAGE_TAG.match(found) else None


def results_text(results: list[Any]) -> str:
    """Open Badges 3.0 result descriptions in words: 'Results: Final grade (LetterGrade: A,
    B, C); ...' (at most 300 characters, the length of an assessment method)."""
    parts = []
    for result in results:
        if not isinstance(result, dict) or not _text(result.get("name")):
            continue
        detail = [_text(result.get("resultType")).removeprefix("ext:")]
        allowed = [v for v in result.get("allowedValue") or [] if isinstance(v, str)]
        if allowed:
            detail.append(", ".join(allowed))
        if _text(result.get("requiredValue")):
            detail.append(f"required {_text(result['requiredValue'])}")
        if _text(result.get("valueMin")) and _text(result.get("valueMax")):
            detail.append(f"{_text(result['valueMin'])} to {_text(result['valueMax'])}")
        shown = "; ".join(d for d in detail if d)
        parts.append(f"{_text(result['name'])} ({shown})" if shown else _text(result["name"]))
    text = "Results: " + "; ".join(parts) if parts else ""
    return text if len(text) <= 300 else text[:297] + "..."


_PARTICIPATION = {"online": "online", "onsite": "in-person", "in-person": "in-person"}
_PARTICIPATION.update({"blended": "blended", "offline": "in-person"})


def producer_fields(doc: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """Fields of the model from what other producers add to a class: edubadges' Open Badges
    2.0 extensions (``extensions:ECTSExtension``, ``EQFExtension``, ``StudyLoadExtension``,
    ``LanguageExtension``, ``LearningOutcomeExtension``) and the Open Badges 3.0 terms of the
    educredentials context (``ECTS``, ``studyLoad``, ``participationType``,
    ``assessmentType``, ``identityChecked``, ``supervisionType``). Returns the fields and the
    keys of ``doc`` that were read."""
    front: dict[str, Any] = {}
    used: set[str] = set()

    def value(key: str, inner: str) -> Any:
        node = doc.get(key)
        if isinstance(node, dict) and inner in node:
            used.add(key)
            return node[inner]
        if key.removeprefix("extensions:").removesuffix("Extension") == inner and inner in doc:
            used.add(inner)
            return doc[inner]
        return None

    ects = value("extensions:ECTSExtension", "ECTS")
    if ects is None and isinstance(doc.get("ECTS"), (int, float)):
        used.add("ECTS")
        ects = doc["ECTS"]
    if isinstance(ects, (int, float)) and not isinstance(ects, bool) and 0 < ects <= 1000:
        front["credits"] = {"value": whole(ects), "system": "ECTS"}
    eqf = value("extensions:EQFExtension", "EQF")
    if eqf is None and "EQF" in doc:
        used.add("EQF")
        eqf = doc["EQF"]
    if isinstance(eqf, (int, str)) and str(eqf).strip().isdigit():
        front["level"] = {"framework": "EQF", "value": int(str(eqf).strip())}
    load = value("extensions:StudyLoadExtension", "StudyLoad")
    if load is None and isinstance(doc.get("studyLoad"), (int, float)):
        used.add("studyLoad")
        load = doc["studyLoad"]
    if isinstance(load, (int, float)) and not isinstance(load, bool) and 0 < load <= 10000:
        front["workload_hours"] = whole(load)
    language = value("extensions:LanguageExtension", "Language")
    if isinstance(language, str) and LANGUAGE_TAG.match(language.replace("_", "-")):
        front["languages"] = [language.replace("_", "-")]
    outcome = value("extensions:LearningOutcomeExtension", "LearningOutcome")
    if isinstance(outcome, str) and outcome.strip():
        front["learning_outcomes"] = [outcome.strip()[:500]]
    participation = doc.get("participationType")
    if isinstance(participation, str) and participation.lower() in _PARTICIPATION:
        used.add("participationType")
        front["participation"] = _PARTICIPATION[participation.lower()]
    assessment: dict[str, Any] = {}
    if isinstance(doc.get("assessmentType"), str) and doc["assessmentType"].strip():
        used.add("assessmentType")
        assessment["method"] = doc["assessmentType"].strip()[:300]
    if assessment and isinstance(doc.get("identityChecked"), bool):
        used.add("identityChecked")
        assessment["identity_verified"] = doc["identityChecked"]
    supervision = doc.get("supervisionType")
    if assessment and isinstance(supervision, str) and supervision.strip():
        used.add("supervisionType")
        assessment["supervised"] = supervision.strip().lower() not in ("unsupervised", "none")
    if assessment:
        front["assessment"] = assessment
    return front, used


def whole(value: float) -> float | int:
    """``3`` for 3.0, so that YAML keeps the number as written."""
    return int(value) if float(value).is_integer() else value


BADGE_CLASS_FIELDS = {
    "@context",
    "@language",
    "id",
    "type",
    "name",
    "description",
    "image",
    "criteria",
    "issuer",
    "alignment",
    "tags",
    "version",
    "endorsement",
    "related",
}
"""Fields of an Open Badges (1.0, 2.0) BadgeClass that the import reads."""
ACHIEVEMENT_FIELDS = {
    "@context",
    "id",
    "type",
    "name",
    "description",
    "image",
    "criteria",
    "creator",
    "achievementType",
    "version",
    "alignment",
    "creditsAvailable",
    "fieldOfStudy",
    "specialization",
    "humanCode",
    "otherIdentifier",
    "inLanguage",
    "tag",
    "resultDescription",
    "endorsement",
    "endorsementJwt",
    "related",
}
"""Fields of an Open Badges 3.0 Achievement that the import reads."""
PROFILE_FIELDS = {
    "@context",
    "@language",
    "id",
    "type",
    "name",
    "url",
    "email",
    "description",
    "image",
    "verification",
    "address",
    "otherIdentifier",
    "parentOrg",
    "phone",
    "telephone",
    "endorsement",
    "endorsementJwt",
    "official",
    "publicKey",
    "revocationList",
    "origin",
    "contact",
}
"""Fields of an issuer Profile (0.5 to 3.0) that the import reads or reports by name."""
