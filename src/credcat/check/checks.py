"""Checks the JSON Schema cannot express: language tags, currencies, dates and sums."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from urllib.parse import urlsplit

from credcat.check.keys import check_keys
from credcat.check.pathways import check_rule_shape
from credcat.core.diagnostics import Diagnostic, Severity
from credcat.core.formats import BABEL_VERSION, known_language
from credcat.core.schema import SCHEMA_NAMES, load_schema
from credcat.core.sources import SourceDoc
from credcat.core.weburl import check_doc_urls

# ISO 639-1 two-letter language codes.
LANGUAGES = frozenset(
    [
        "aa",
        "ab",
        "ae",
        "af",
        "ak",
        "am",
        "an",
        "ar",
        "as",
        "av",
        "ay",
        "az",
        "ba",
        "be",
        "bg",
        "bi",
        "bm",
        "bn",
        "bo",
        "br",
        "bs",
        "ca",
        "ce",
        "ch",
        "co",
        "cr",
        "cs",
        "cu",
        "cv",
        "cy",
        "da",
        "de",
        "dv",
        "dz",
        "ee",
        "el",
        "en",
        "eo",
        "es",
        "et",
        "eu",
        "fa",
        "ff",
        "fi",
        "fj",
        "fo",
        "fr",
        "fy",
        "ga",
        "gd",
        "gl",
        "gn",
        "gu",
        "gv",
        "ha",
        "he",
        "hi",
        "ho",
        "hr",
        "ht",
        "hu",
        "hy",
        "hz",
        "ia",
        "id",
        "ie",
        "ig",
        "ii",
        "ik",
        "io",
        "is",
        "it",
        "iu",
        "ja",
        "jv",
        "ka",
        "kg",
        "ki",
        "kj",
        "kk",
        "kl",
        "km",
        "kn",
        "ko",
        "kr",
        "ks",
        "ku",
        "kv",
        "kw",
        "ky",
        "la",
        "lb",
        "lg",
        "li",
        "ln",
        "lo",
        "lt",
        "lu",
        "lv",
        "mg",
        "mh",
        "mi",
        "mk",
        "ml",
        "mn",
        "mr",
        "ms",
        "mt",
        "my",
        "na",
        "nb",
        "nd",
        "ne",
        "ng",
        "nl",
        "nn",
        "no",
        "nr",
        "nv",
        "ny",
        "oc",
        "oj",
        "om",
        "or",
        "os",
        "pa",
        "pi",
        "pl",
        "ps",
        "pt",
        "qu",
        "rm",
        "rn",
        "ro",
        "ru",
        "rw",
        "sa",
        "sc",
        "sd",
        "se",
        "sg",
        "si",
        "sk",
        "sl",
        "sm",
        "sn",
        "so",
        "sq",
        "sr",
        "ss",
        "st",
        "su",
        "sv",
        "sw",
        "ta",
        "te",
        "tg",
        "th",
        "ti",
        "tk",
        "tl",
        "tn",
        "to",
        "tr",
        "ts",
        "tt",
        "tw",
        "ty",
        "ug",
        "uk",
        "ur",
        "uz",
        "ve",
        "vi",
        "vo",
        "wa",
        "wo",
        "xh",
        "yi",
        "yo",
        "za",
        "zh",
        "zu",
    ]
)
# ISO 4217 active currency codes.
CURRENCIES = frozenset(
    [
        "AED",
        "AFN",
        "ALL",
        "AMD",
        "ANG",
        "AOA",
        "ARS",
        "AUD",
        "AWG",
        "AZN",
        "BAM",
        "BBD",
        "BDT",
        "BGN",
        "BHD",
        "BIF",
        "BMD",
        "BND",
        "BOB",
        "BRL",
        "BSD",
        "BTN",
        "BWP",
        "BYN",
        "BZD",
        "CAD",
        "CDF",
        "CHF",
        "CLP",
        "CNY",
        "COP",
        "CRC",
        "CUP",
        "CVE",
        "CZK",
        "DJF",
        "DKK",
        "DOP",
        "DZD",
        "EGP",
        "ERN",
        "ETB",
        "EUR",
        "FJD",
        "FKP",
        "GBP",
        "GEL",
        "GHS",
        "GIP",
        "GMD",
        "GNF",
        "GTQ",
        "GYD",
        "HKD",
        "HNL",
        "HTG",
        "HUF",
        "IDR",
        "ILS",
        "INR",
        "IQD",
        "IRR",
        "ISK",
        "JMD",
        "JOD",
        "JPY",
        "KES",
        "KGS",
        "KHR",
        "KMF",
        "KPW",
        "KRW",
        "KWD",
        "KYD",
        "KZT",
        "LAK",
        "LBP",
        "LKR",
        "LRD",
        "LSL",
        "LYD",
        "MAD",
        "MDL",
        "MGA",
        "MKD",
        "MMK",
        "MNT",
        "MOP",
        "MRU",
        "MUR",
        "MVR",
        "MWK",
        "MXN",
        "MYR",
        "MZN",
        "NAD",
        "NGN",
        "NIO",
        "NOK",
        "NPR",
        "NZD",
        "OMR",
        "PAB",
        "PEN",
        "PGK",
        "PHP",
        "PKR",
        "PLN",
        "PYG",
        "QAR",
        "RON",
        "RSD",
        "RUB",
        "RWF",
        "SAR",
        "SBD",
        "SCR",
        "SDG",
        "SEK",
        "SGD",
        "SHP",
        "SLE",
        "SOS",
        "SRD",
        "SSP",
        "STN",
        "SVC",
        "SYP",
        "SZL",
        "THB",
        "TJS",
        "TMT",
        "TND",
        "TOP",
        "TRY",
        "TTD",
        "TWD",
        "TZS",
        "UAH",
        "UGX",
        "USD",
        "UYU",
        "UZS",
        "VES",
        "VND",
        "VUV",
        "WST",
        "XAF",
        "XCD",
        "XOF",
        "XPF",
        "YER",
        "ZAR",
        "ZMW",
        "ZWG",
    ]
)


def check_language(tag: str) -> str | None:
    """Return a problem with a BCP 47 tag whose form the schema already checked, or None."""
    primary = tag.split("-")[0].lower()
    if len(primary) == 2 and primary not in LANGUAGES:
        return f"'{tag}' is not a known language tag"
    return None


def check_doc_values(doc: SourceDoc) -> Iterator[Diagnostic]:
    """Check URLs, language tags, currencies, date order and keys in one schema-valid document."""
    data = doc.data
    yield from check_doc_urls(doc, load_schema(SCHEMA_NAMES[doc.kind]))
    languages = data.get("languages", [])
    if doc.kind.value == "catalog" and "language" in data:
        languages, base = [data["language"]], "/language"
    else:
        base = "/languages"
    if not isinstance(languages, list):
        languages = []
    for n, tag in enumerate(languages):
        if not isinstance(tag, str):
            continue
        problem = check_language(tag)
        if problem:
            pointer = base if base == "/language" else f"{base}/{n}"
            close = difflib.get_close_matches(tag.lower(), sorted(LANGUAGES), n=1)
            yield Diagnostic(
                location=doc.locate(pointer),
                code="value.language",
                message=problem,
                hint=f"did you mean '{close[0]}'?"
                if close
                else "use a BCP 47 tag such as en or ms",
            )
    if doc.kind.value == "catalog":
        yield from _check_page_languages(doc)
    text_language = data.get("text_language")
    if isinstance(text_language, str) and (problem := check_language(text_language)):
        yield Diagnostic(
            location=doc.locate("/text_language"),
            code="value.language",
            message=problem,
            hint="use a BCP 47 tag such as en, ms or id",
        )
    cost = data.get("cost")
    currency = cost.get("currency") if isinstance(cost, dict) else None
    if isinstance(currency, str) and len(currency) == 3 and currency not in CURRENCIES:
        yield Diagnostic(
            location=doc.locate("/cost/currency"),
            code="value.currency",
            message=f"'{cost.get('currency')}' is not an ISO 4217 currency code",
            hint="e.g. MYR, IDR, SGD, EUR, USD",
        )
    published, updated = data.get("published"), data.get("updated")
    if isinstance(published, str) and isinstance(updated, str) and updated < published:
        yield Diagnostic(
            location=doc.locate("/updated"),
            code="value.date-order",
            message=f"updated ({updated}) is before published ({published})",
        )
    yield from _check_credit_hours(doc)
    yield from _check_intakes(doc)
    if doc.kind.value == "issuer":
        yield from check_keys(doc)
    if doc.kind.value == "credential":
        yield from check_rule_shape(doc)


def _check_page_languages(doc: SourceDoc) -> Iterator[Diagnostic]:
    """Warn about a page language CLDR has no data for: its pages are formatted as English."""
    data = doc.data
    found = [("/language", data.get("language"))]
    if isinstance(data.get("languages"), list):
        found += [(f"/languages/{n}", tag) for n, tag in enumerate(data["languages"])]
    seen: set[str] = set()
    for pointer, tag in found:
        if not isinstance(tag, str) or tag in seen or check_language(tag) or known_language(tag):
            continue
        seen.add(tag)
        yield Diagnostic(
            location=doc.locate(pointer),
            code="locale.unknown",
            message=f"CLDR (Babel {BABEL_VERSION}) has no data for '{tag}': its pages write "
            f"numbers, dates and money as English does, and name languages and countries in "
            f"English; the language itself is named '{tag}'",
            hint="check the tag (an ISO 639 code such as fil, km, lo or my); a language CLDR "
            "lacks is still published, with these fallbacks",
            severity=Severity.WARNING,
        )


def _check_intakes(doc: SourceDoc) -> Iterator[Diagnostic]:
    """An intake ends after it starts; enrolment closes before it ends."""
    intakes = doc.data.get("intakes") if isinstance(doc.data, dict) else None
    for n, intake in enumerate(intakes if isinstance(intakes, list) else ()):
        if not isinstance(intake, dict):
            continue
        start, end = intake.get("start"), intake.get("end")
        deadline = intake.get("enrolment_deadline")
        if isinstance(start, str) and isinstance(end, str) and end < start:
            yield Diagnostic(
                location=doc.locate(f"/intakes/{n}/end"),
                code="value.date-order",
                message=f"intakes[{n}] ends ({end}) before it starts ({start})",
            )
        last = end if isinstance(end, str) else start
        if isinstance(deadline, str) and isinstance(last, str) and deadline > last:
            yield Diagnostic(
                location=doc.locate(f"/intakes/{n}/enrolment_deadline"),
                code="value.date-order",
                message=f"intakes[{n}] closes enrolment ({deadline}) after the intake "
                f"{'ends' if isinstance(end, str) else 'starts'} ({last})",
            )


def _check_credit_hours(doc: SourceDoc) -> Iterator[Diagnostic]:
    """MQA credits are 40 notional hours each; a mismatch is usually a typo."""
    data = doc.data
    credits, hours = data.get("credits"), data.get("workload_hours")
    if not isinstance(credits, dict) or not isinstance(hours, (int, float)):
        return
    if str(credits.get("system", "")).upper() == "MQA":
        expected = hours / 40
        value = credits.get("value")
        if isinstance(value, (int, float)) and abs(value - expected) > 0.01:
            yield Diagnostic(
                location=doc.locate("/credits/value"),
                code="value.credits",
                message=f"{value} MQA credits but {hours:g} notional hours "
                f"(MQA: 40 hours = 1 credit, so {expected:g} credits)",
                severity=Severity.WARNING,
            )


def check_allowed_origins(
    origins: tuple[str, ...], doc: SourceDoc, base_url: str
) -> Iterator[Diagnostic]:
    """Warn when an issuer's ``allowed_origins`` leaves out the host its Profile is served from.

    Open Badges 2.0 hosted verification accepts Assertions from the origin of the issuer
    Profile's ``id`` only while ``allowedOrigins`` is absent: once present, the list replaces
    that origin, so Assertions hosted beside the catalog would no longer verify.
    """
    if not origins:
        return
    host = urlsplit(base_url).netloc.lower()
    if host in {o.lower() for o in origins}:
        return
    yield Diagnostic(
        location=doc.locate("/verification/allowed_origins"),
        code="value.allowed-origins",
        message=f"allowed_origins replaces the default origin {host}, where this issuer's "
        f"Profile is published: Assertions hosted on {host} will no longer verify",
        severity=Severity.WARNING,
        hint=f"add {host} to allowed_origins if Assertions are also hosted there",
    )
