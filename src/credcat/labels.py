"""Human labels for values shown on pages: types, costs, languages."""

from __future__ import annotations

import re

from credcat.model import Credential

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


def type_label(achievement_type: str) -> str:
    """Human label: 'MicroCredential' -> 'Micro-credential', 'CertificateOfCompletion' ->
    'Certificate of completion'."""
    if achievement_type == "MicroCredential":
        return "Micro-credential"
    name = achievement_type.removeprefix("ext:")
    words = re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", name) or [name]
    return " ".join([words[0], *(w.lower() for w in words[1:])])


def cost_label(cred: Credential) -> str | None:
    """'Free' or 'MYR 1,200'."""
    if cred.cost is None:
        return None
    if cred.cost.is_free:
        return "Free"
    amount = cred.cost.amount
    shown = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    return f"{cred.cost.currency} {shown}"


def language_name(tag: str) -> str:
    """Display name of a language tag."""
    return LANGUAGE_NAMES.get(tag.split("-")[0].lower(), tag)
