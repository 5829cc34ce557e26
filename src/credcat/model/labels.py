"""Human labels for values shown on pages: types, costs, durations, credits, languages."""

from __future__ import annotations

import re

from credcat.core.formats import Formats
from credcat.core.i18n import N_, Nn_, Translator
from credcat.model.records import Credential, Credits, Duration

TYPE_LABELS = {
    "Achievement": N_("Achievement"),
    "ApprenticeshipCertificate": N_("Apprenticeship certificate"),
    "Assessment": N_("Assessment"),
    "Assignment": N_("Assignment"),
    "AssociateDegree": N_("Associate degree"),
    "Award": N_("Award"),
    "Badge": N_("Badge"),
    "BachelorDegree": N_("Bachelor degree"),
    "Certificate": N_("Certificate"),
    "CertificateOfCompletion": N_("Certificate of completion"),
    "Certification": N_("Certification"),
    "CommunityService": N_("Community service"),
    "Competency": N_("Competency"),
    "Course": N_("Course"),
    "CoCurricular": N_("Co-curricular"),
    "Degree": N_("Degree"),
    "Diploma": N_("Diploma"),
    "DoctoralDegree": N_("Doctoral degree"),
    "Fieldwork": N_("Fieldwork"),
    "GeneralEducationDevelopment": N_("General education development"),
    "JourneymanCertificate": N_("Journeyman certificate"),
    "LearningProgram": N_("Learning program"),
    "License": N_("License"),
    "Membership": N_("Membership"),
    "ProfessionalDoctorate": N_("Professional doctorate"),
    "QualityAssuranceCredential": N_("Quality assurance credential"),
    "MasterCertificate": N_("Master certificate"),
    "MasterDegree": N_("Master degree"),
    "MicroCredential": N_("Micro-credential"),
    "ResearchDoctorate": N_("Research doctorate"),
    "SecondarySchoolDiploma": N_("Secondary school diploma"),
}
"""Open Badges 3.0 achievementType -> label (translated where it is shown)."""


def type_label(achievement_type: str) -> str:
    """Human label: 'MicroCredential' -> 'Micro-credential', 'CertificateOfCompletion' ->
    'Certificate of completion'; 'ext:' types by the same rule."""
    if achievement_type in TYPE_LABELS:
        return TYPE_LABELS[achievement_type]
    name = achievement_type.removeprefix("ext:")
    words = re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", name) or [name]
    return " ".join([words[0], *(w.lower() for w in words[1:])])


def cost_label(cred: Credential, t: Translator) -> str | None:
    """'Free', 'RM350' or 'Rp1.500.000' in the language of ``t``."""
    if cred.cost is None:
        return None
    if cred.cost.is_free:
        return t(N_("Free"))
    return Formats(t.lang).money(cred.cost.amount, cred.cost.currency)


DURATION_UNITS = {
    "hour": Nn_("{n} hour", "{n} hours"),
    "day": Nn_("{n} day", "{n} days"),
    "week": Nn_("{n} week", "{n} weeks"),
    "month": Nn_("{n} month", "{n} months"),
    "year": Nn_("{n} year", "{n} years"),
}


def duration_label(duration: Duration, t: Translator) -> str:
    """'6 weeks' in the language of ``t``."""
    one, many = DURATION_UNITS[duration.unit]
    return t.n(one, many, duration.value)


def credits_label(credits: Credits, t: Translator) -> str:
    """'1 MQA credit', '7 MQA credits' in the language of ``t``."""
    return t.n("{n} {system} credit", "{n} {system} credits", credits.value, system=credits.system)


def hours_label(hours: float, t: Translator) -> str:
    """'1 hour', '40 hours', '7.5 hours' in the language of ``t``."""
    return t.n("{n} hour", "{n} hours", hours)


def language_name(tag: str, in_lang: str = "en") -> str:
    """The name of a language tag in language ``in_lang`` (English by default), from CLDR."""
    return Formats(in_lang).language_name(tag)
