"""Human labels for values shown on pages: types, costs, languages."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from credcat.i18n import N_
from credcat.model import Credential, Credits, Duration, format_number

LANGUAGE_NAMES = {
    "en": "English",
    "ms": "Bahasa Melayu",
    "id": "Bahasa Indonesia",
    "zh": "中文",
    "ta": "தமிழ்",
    "th": "ไทย",
    "vi": "Tiếng Việt",
    "tl": "Filipino",
    "fr": "Français",
    "de": "Deutsch",
    "es": "Español",
    "ar": "العربية",
}


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


def cost_label(cred: Credential) -> str | None:
    """'Free' or 'MYR 1,200'."""
    if cred.cost is None:
        return None
    if cred.cost.is_free:
        return N_("Free")
    amount = cred.cost.amount
    shown = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    return f"{cred.cost.currency} {shown}"


DURATION_UNITS = {
    "hour": (N_("{n} hour"), N_("{n} hours")),
    "day": (N_("{n} day"), N_("{n} days")),
    "week": (N_("{n} week"), N_("{n} weeks")),
    "month": (N_("{n} month"), N_("{n} months")),
    "year": (N_("{n} year"), N_("{n} years")),
}


def duration_label(duration: Duration, t: Callable[..., str]) -> str:
    """'6 weeks' in the language of ``t``."""
    one, many = DURATION_UNITS[duration.unit]
    return t(one if duration.value == 1 else many, n=duration.value)


def credits_label(credits: Credits, t: Callable[..., str]) -> str:
    """'7 MQA credits' in the language of ``t``."""
    return t(
        N_("{value} {system} credits"), value=format_number(credits.value), system=credits.system
    )


MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)


def date_label(iso: str, t: Callable[..., str]) -> str:
    """'11 January 2027' in the language of ``t`` (the text as written if it is no date).

    Every date a page shows in words goes through this one function (the ``date`` filter of
    the templates), so that a locale library can take it over in one place.
    """
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    month = t(MONTHS[day.month - 1])
    return t(N_("{day} {month} {year}"), day=day.day, month=month, year=day.year)


def language_name(tag: str) -> str:
    """Display name of a language tag."""
    return LANGUAGE_NAMES.get(tag.split("-")[0].lower(), tag)
