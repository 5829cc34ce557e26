"""How ``credcat import`` reads one spreadsheet cell: by what the credential schema says of its
column's field (an enumerated value whatever its case, a number such as ``RM 1,200``, a date, yes
or no, a language name, an issuer by its name), with the unit a header or the cell names."""

from __future__ import annotations

import datetime
import difflib
import re
from typing import Any

from credcat.core.sources import ID_PATTERN, suggest_id
from credcat.importing.csv_columns import (
    Column,
    enum_values,
    header_key,
    language_synonyms,
    match_value,
)


class CellProblem(Exception):
    """A cell that cannot be read; the message says why, the hint how to fix it."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def shown(text: str) -> str:
    """A cell or header as a message quotes it: at most 60 characters."""
    return repr(text if len(text) <= 60 else text[:57] + "...")


_TRUE = {"yes", "y", "true", "t", "1", "ya", "x", "✓"}
_FALSE = {"no", "n", "false", "f", "0", "tidak", "tak", "-"}
_FREE = {"free", "none", "nil", "percuma", "gratis", "0.00"}

_PERIOD = re.compile(r"(?i)(hour|day|week|month|year)s?")


def apply_unit(front: dict[str, Any], column: Column, cell: str, unit: str) -> str:
    """A cell read with the unit its header names: ``6`` under ``Duration (weeks)`` is
    ``6 weeks``; the currency of ``Fee (RM)``, the credit system of ``Credits (ECTS)`` and the
    framework of ``MQF Level`` fill their field (unless a column of its own gives it)."""
    if column.field in ("duration", "valid_for"):
        period = _PERIOD.fullmatch(unit.strip())
        if period and re.fullmatch("[0-9]+", cell):
            return f"{cell} {period[1].casefold()}{'s' if cell != '1' else ''}"
    elif column.pair == ("cost", "amount"):
        code = _CURRENCY_SIGNS.get(unit.casefold()) or (
            unit.upper() if re.fullmatch(r"[A-Za-z]{3}", unit) else None
        )
        if code:
            front.setdefault("cost", {}).setdefault("currency", code)
    elif column.pair == ("credits", "value") and unit.casefold() not in (
        "credit",
        "credits",
    ):
        front.setdefault("credits", {}).setdefault("system", unit)
    elif column.pair == ("level", "value"):
        front.setdefault("level", {}).setdefault("framework", unit)
    return cell


def split_cell(cell: str, column: Column, separator: str) -> list[str]:
    """The values of a list cell: separated by the list separator or by line breaks (one per
    line, as a spreadsheet cell often holds them); languages also by commas, semicolons or
    slashes, which no language tag contains."""
    separators = [re.escape(separator), r"\r?\n"]
    if column.field == "languages":
        separators.append("[,;/]")
    return re.split("|".join(separators), cell)


_SHORT = 40
"""Longest cell read as a number with a unit, or a level with its framework."""
_CURRENCY_SIGNS = {"rm": "MYR", "rp": "IDR", "s$": "SGD", "€": "EUR", "£": "GBP", "₱": "PHP"}
_COMBINED = re.compile(
    r"(?P<unit>[^\d\s.,-]+)?\s*(?P<number>[\d][\d.,\s]*)\s*(?P<after>[^\d\s.,-]+)?"
)


def split_combined(front: dict[str, Any], column: Column, cell: str) -> str:
    """A number cell that names its unit too ("RM 350", "350 MYR", "2 ECTS"): the unit fills
    the other field of the group (unless a column of its own gives it); returns the number."""
    if len(cell) > _SHORT or column.pair not in (
        ("cost", "amount"),
        ("credits", "value"),
    ):
        return cell  # a number with its unit is short; the regular expression need not run
    match = _COMBINED.fullmatch(cell)
    if match is None:
        return cell
    unit = match["unit"] or match["after"]
    if not unit or (match["unit"] and match["after"]):
        return cell
    if column.pair == ("cost", "amount"):
        code = _CURRENCY_SIGNS.get(unit.casefold()) or (
            unit.upper() if re.fullmatch(r"[A-Za-z]{3}", unit) else None
        )
        if code is None:
            return cell
        front.setdefault("cost", {}).setdefault("currency", code)
    else:
        if column.pair == ("credits", "value") and unit.casefold() in (
            "credit",
            "credits",
        ):
            return match["number"]
        front.setdefault("credits", {}).setdefault("system", unit)
    return match["number"].strip()


def split_level(front: dict[str, Any]) -> None:
    """A level cell that names its framework ("MQF 4", "EQF level 5") when no column does."""
    level = front.get("level")
    if (
        not isinstance(level, dict)
        or "framework" in level
        or not isinstance(level.get("value"), str)
        or len(level["value"]) > _SHORT
    ):
        return
    match = re.fullmatch(r"(?i)([a-z][a-z-]*)\s*(?:level\s*)?(\w+)", level["value"])
    if match and match[1].casefold() != "level":
        value = match[2]
        number = re.fullmatch("[0-9]+", value)
        level.update(framework=match[1].upper(), value=int(value) if number else value)


def read_value(column: Column, text: str, issuers: dict[str, str]) -> Any:
    """What a cell (or one value of a list cell) means; raises CellProblem if nothing.

    ``issuers`` maps what an issuer cell may say (an id, or a name in lower case) to the id."""
    schema = column.schema
    if column.many and not column.items:
        schema = schema.get("items", schema)
    values = enum_values(column)
    if values is not None:
        found = match_value(column, text)
        if found is not None:
            return found
        for option in schema.get("anyOf", []):
            if "pattern" in option and re.fullmatch(option["pattern"].strip("^$"), text):
                return text
        keys = {header_key(v): v for v in values}
        close = difflib.get_close_matches(header_key(text), list(keys), n=1, cutoff=0.6)
        raise CellProblem(
            f"{shown(text)} is not one of {', '.join(values)}",
            f"did you mean '{keys[close[0]]}'?" if close else None,
        )
    kind = schema.get("type")
    if kind in ("number", "integer"):
        return _number(column, text)
    if kind == "boolean":
        if text.casefold() in _TRUE:
            return True
        if text.casefold() in _FALSE:
            return False
        raise CellProblem(f"{shown(text)} is not yes or no")
    if kind == ["string", "integer"]:
        return int(text) if re.fullmatch("[0-9]+", text) else text
    if schema.get("format") == "date":
        return _date(text)
    if column.target in ("issuer", "partners[].issuer"):
        return _issuer(issuers, text)
    if column.field == "languages":
        return _language(text)
    pattern = schema.get("pattern", "")
    if pattern in ("^[A-Z]{3}$", "^[A-Z]{2}$"):
        return text.upper()
    if pattern == ID_PATTERN.pattern or pattern == "^[a-z0-9]+(-[a-z0-9]+)*$":
        return _ident(text)
    if "(hour|day|week|month|year)" in pattern:
        return " ".join(text.casefold().split())
    if pattern.startswith("^[a-z]{2,3}"):
        return text.casefold()
    if pattern.startswith("^[0-9]+(") and re.fullmatch(r"[vV]\d.*", text):
        return text[1:]
    if pattern.startswith("^https?://") and text.casefold().startswith("www."):
        return f"https://{text}"
    return text


def _number(column: Column, text: str) -> float | int:
    compact = text.replace("\u00a0", "").replace(" ", "")
    if column.pair == ("cost", "amount") and text.casefold() in _FREE:
        return 0
    if len(compact) > _SHORT:
        raise CellProblem(f"{shown(text)} is not a number")
    if column.field == "workload_hours":
        compact = re.sub(r"(?i)(hours?|hrs?|h|jam)$", "", compact)
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", compact):
        compact = compact.replace(",", "")
    elif re.fullmatch(r"\d+,\d{1,2}", compact):
        compact = compact.replace(",", ".")  # a decimal comma
    if re.fullmatch(r"-?(\d+\.?\d*|\.\d+)", compact):
        return whole(float(compact))
    raise CellProblem(f"{shown(text)} is not a number")


def _date(text: str) -> str:
    if len(text) > _SHORT:
        raise CellProblem(f"{shown(text)} is not a date", "write dates as YYYY-MM-DD")
    iso = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?", text)
    other = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
    parts: tuple[str, str, str] | None = None
    if iso:
        parts = (iso[1], iso[2], iso[3])
    elif other:
        first, second = int(other[1]), int(other[2])
        if first > 12 >= second:
            parts = (other[3], other[2], other[1])  # day first, as in most of the world
        elif second > 12 >= first:
            parts = (other[3], other[1], other[2])
        else:
            raise CellProblem(
                f"{shown(text)} could be day/month or month/day", "write dates as YYYY-MM-DD"
            )
    if parts is not None:
        value = f"{parts[0]}-{int(parts[1]):02d}-{int(parts[2]):02d}"
        try:
            datetime.date.fromisoformat(value)
            return value
        except ValueError:
            pass
    raise CellProblem(f"{shown(text)} is not a date", "write dates as YYYY-MM-DD")


def _issuer(known: dict[str, str], text: str) -> str:
    for candidate in (text, text.casefold(), suggest_id(text)):
        if candidate in known:
            return known[candidate]
    ident = suggest_id(text)
    ids = sorted(set(known.values()))
    close = difflib.get_close_matches(ident, ids, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else None
    if hint is None:
        hint = f"create issuers/{ident}.yaml" + (
            f" (the catalog has {', '.join(ids[:10])})" if ids else ""
        )
    raise CellProblem(f"unknown issuer {shown(text)}", hint)


def _ident(text: str) -> str:
    if ID_PATTERN.fullmatch(text.casefold()) and len(text) <= 80:
        return text.casefold()
    raise CellProblem(
        f"{shown(text)} is not an id (lower-case letters, digits and hyphens)",
        f"did you mean '{suggest_id(text)}'?",
    )


def _language(text: str) -> str:
    name = " ".join(text.casefold().split())
    if name in (names := language_synonyms()):
        return names[name]
    subtags = text.replace("_", "-").split("-")
    return "-".join([subtags[0].casefold(), *subtags[1:]])


def whole(value: float) -> float | int:
    """An integer when the number is whole (``40.0`` -> ``40``), else the number."""
    return int(value) if float(value).is_integer() else value
