"""``credcat import`` of spreadsheets: one CSV row per credential.

The header row names the columns (:mod:`credcat.csv_columns` knows them, their synonyms and
what their cells may hold). Each row becomes credential front matter that passes the schema, or
its problems are reported at their cell (``courses.csv:4:7: error[import.row]: ...``) and the
row is left out; :mod:`credcat.importer` writes the rest like the credentials it reads from
Open Badges documents.
"""

from __future__ import annotations

import csv
import datetime
import difflib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from credcat.csv_columns import (
    COLUMNS,
    NOT_IMPORTABLE,
    Column,
    closest_column,
    enum_values,
    header_key,
    language_synonyms,
    match_value,
    parse_header,
)
from credcat.diagnostics import Location, Report
from credcat.schema import load_schema
from credcat.sources import ID_PATTERN, suggest_id

LIST_SEPARATOR = "|"
"""Separator of several values in one CSV cell (learning outcomes, tags, languages, ...)."""

_BY_TARGET = {(c.field, c.key): c for c in COLUMNS}
_TRUE = {"yes", "y", "true", "t", "1", "ya", "x", "✓"}
_FALSE = {"no", "n", "false", "f", "0", "tidak", "tak", "-"}
_FREE = {"free", "none", "nil", "percuma", "gratis", "0.00"}
_REFERENCES = {"prerequisites", "recommended", "stacks_into", "components", "superseded_by"}
"""Fields naming other credentials (left empty in the template: they must exist)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CsvOptions:
    """What the user asked for that concerns spreadsheets."""

    header_map: dict[str, str]
    """Spreadsheet column name -> credcat column name (or '' to leave the column out)."""
    list_separator: str = LIST_SEPARATOR
    issuer: str | None = None
    """Issuer id for rows that name none."""
    root: Path | None = None
    """The catalog folder, whose issuers/ the issuer cells are matched against."""
    issuers: frozenset[str] = frozenset()
    """Ids of issuers this import creates (from Open Badges documents read before)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CsvCredential:
    """One row read into a credential."""

    ident: str
    front: dict[str, Any]
    body: str
    where: Location
    """The row (its first line) in the CSV file."""


@dataclass(frozen=True, slots=True)
class _Sheet:
    path: str
    width: int
    """How many columns the header row has."""
    columns: list[tuple[int, str, Column]]
    """(column number from 1, the sheet's header, the column), for each column read."""
    units: dict[Column, str]
    """The unit a header names (``Duration (weeks)``, ``Fee (RM)``, ``MQF Level``)."""
    issuers: dict[str, str]
    """What an issuer cell may say (an id, or a name in lower case) -> the issuer id."""

    def number(self, column: Column | None) -> int:
        return next((n for n, _, c in self.columns if c is column), 1)

    def label(self, column: Column) -> str:
        header = next((h for _, h, c in self.columns if c is column), column.name)
        return (
            column.name
            if header_key(header) == header_key(column.name)
            else (f"{header} ({column.name})")
        )


@dataclass(slots=True)
class _Row:
    sheet: _Sheet
    line: int
    problems: list[tuple[int, str, str | None]] = field(default_factory=list)
    warnings: list[tuple[int, str, str | None]] = field(default_factory=list)

    def problem(self, column: Column | None, message: str, hint: str | None = None) -> None:
        self.problems.append((self.sheet.number(column), message, hint))


def read_csv(path: str, text: str, options: CsvOptions, report: Report) -> list[CsvCredential]:
    """The credentials of a CSV file (shown as ``path``); problems go to ``report``."""
    text, delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    names: list[str] = []
    try:
        while not any(cell.strip() for cell in names):  # blank lines above the header
            names = next(reader)
    except StopIteration:
        pass
    except csv.Error as exc:
        where = Location(path=path, line=max(reader.line_num, 1))
        report.error(where, "import.failed", _csv_message(exc))
        return []
    sheet = _header(path, max(reader.line_num, 1), names, options, report)
    if sheet is None:
        return []
    found: list[CsvCredential] = []
    for number, row in _rows(reader):
        if isinstance(row, str):
            report.error(Location(path=path, line=number), "import.row", row)
            break
        if not any(cell.strip() for cell in row):
            continue
        state = _Row(sheet, number)
        credential = _read_row(state, row, options)
        for col, message, hint in state.problems:
            report.error(Location(path=path, line=number, col=col), "import.row", message, hint)
        if credential is None:
            continue
        for col, message, hint in state.warnings:
            report.warning(Location(path=path, line=number, col=col), "import.skill", message, hint)
        found.append(credential)
    return found


def _delimiter(text: str) -> tuple[str, str]:
    """The cell separator: a comma, or the semicolon or tab a spreadsheet saved with (Excel
    writes semicolons where the comma is the decimal sign, and may say so on a first line
    ``sep=;``, which is then dropped so that line numbers still count it)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    if match := re.fullmatch(r"\s*sep=(.)\s*", first):
        return text.replace(first, "", 1), match[1]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return text, best if counts[best] > counts[","] else ","


def _accepted() -> str:
    return "accepted columns: " + ", ".join(c.name for c in COLUMNS)


def _header(
    path: str, line: int, names: list[str], options: CsvOptions, report: Report
) -> _Sheet | None:
    mapping = {header_key(k): v for k, v in options.header_map.items()}
    columns: list[tuple[int, str, Column]] = []
    seen: dict[Column, tuple[int, str]] = {}
    units: dict[Column, str] = {}
    failed = False
    listed = False
    for number, raw in enumerate(names, start=1):
        header = raw.strip()
        where = Location(path=path, line=line, col=number)
        if not header:
            continue
        target = mapping.get(header_key(header))
        if target == "":
            continue  # --map 'Column=' leaves it out
        parsed = parse_header(target if target is not None else header)
        column = parsed[0] if parsed else None
        if parsed and parsed[1]:
            units[parsed[0]] = parsed[1]
        if column is None:
            failed = True
            name = target if target is not None else header
            close = closest_column(name)
            why = next(
                (w for f, w in NOT_IMPORTABLE.items() if header_key(f) == header_key(name)), None
            )
            if target is not None:
                message = f"--map '{header}={target}': '{target}' is not a column credcat reads"
            elif why:
                message = f"column '{header}' cannot be imported from a spreadsheet: {why}"
            else:
                message = f"unknown column '{header}'"
            if close and not why:
                message += f"; did you mean '{close}'?"
            hint = f"map it with --map '{header}=COLUMN', or leave it out with --map '{header}='"
            if why:
                hint = f"leave it out with --map '{header}=' and write it in the credential file"
            if not listed:
                hint += f"; {_accepted()} (credcat import --template writes them all)"
                listed = True
            report.error(where, "import.column", message, hint)
            continue
        if column in seen:
            failed = True
            first, first_header = seen[column]
            report.error(
                where,
                "import.column",
                f"column '{header}' and column {first} ('{first_header}') both give {column.name}",
                f"keep one, or leave one out with --map '{header}='",
            )
            continue
        seen[column] = (number, header)
        columns.append((number, header, column))
    if not failed and not any(c.name == "title" for _, _, c in columns):
        failed = True
        report.error(
            Location(path=path, line=line),
            "import.column",
            "the CSV has no title column",
            "name the column title (or Name, Course name), or map it with --map 'Column=title'",
        )
    if failed:
        return None
    return _Sheet(path, len(names), columns, units, _known_issuers(options))


def _known_issuers(options: CsvOptions) -> dict[str, str]:
    found = {i: i for i in options.issuers}
    if options.issuer:
        found[options.issuer] = options.issuer
    folder = options.root / "issuers" if options.root else None
    if folder is None or not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.yaml")):
        found[path.stem] = path.stem
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and isinstance(data.get("name"), str):
            found.setdefault(data["name"].casefold().strip(), path.stem)
    return found


def _read_row(state: _Row, row: list[str], options: CsvOptions) -> CsvCredential | None:
    sheet = state.sheet
    front: dict[str, Any] = {}
    body = ""
    items: dict[str, dict[str, list[str]]] = {}
    for number, _, column in sheet.columns:
        cell = row[number - 1].strip() if number <= len(row) else ""
        if not cell:
            continue
        if column.items:
            parts = [p.strip() for p in _split(cell, column, options)]
            values = [_value(state, column, p) if p else "" for p in parts]
            items.setdefault(column.field, {})[column.key or ""] = values
            continue
        if column.many:
            parts = [p.strip() for p in _split(cell, column, options) if p.strip()]
            converted = [_value(state, column, p) for p in parts]
            if found := list(dict.fromkeys(v for v in converted if v is not None)):
                front[column.field] = found
            continue
        unit = sheet.units.get(column)
        if unit:
            cell = _with_unit(front, column, cell, unit)
        value = _value(state, column, _combined(front, column, cell))
        if value is None:
            continue
        if column.field == "body":
            body = str(value)
        elif column.key is None:
            front[column.field] = value
        else:
            front.setdefault(column.field, {})[column.key] = value
    _split_level(front)
    for name, group in items.items():
        if found_items := _zip_items(state, name, group):
            front[name] = found_items
    _skills_without_url(state, front)
    beyond = [n for n in range(sheet.width + 1, len(row) + 1) if row[n - 1].strip()]
    if beyond:
        state.problems.append(
            (
                beyond[0],
                f"a cell beyond the last column: the header has {sheet.width} columns, "
                f"this row {len(row)} cells",
                "add a header for it, or check for an unquoted separator in a cell",
            )
        )
    title = front.get("title")
    if not title:
        state.problem(_BY_TARGET["title", None], "the title is empty")
    if options.issuer and "issuer" not in front:
        front["issuer"] = options.issuer
    if not state.problems:
        _check(state, front, body)
    if state.problems:
        return None
    _order(front)
    ident = front.pop("id", None) or suggest_id(str(title))
    return CsvCredential(
        ident=ident, front=front, body=body, where=Location(path=sheet.path, line=state.line)
    )


_PERIOD = re.compile(r"(?i)(hour|day|week|month|year)s?")


def _with_unit(front: dict[str, Any], column: Column, cell: str, unit: str) -> str:
    """A cell read with the unit its header names: ``6`` under ``Duration (weeks)`` is
    ``6 weeks``; the currency of ``Fee (RM)``, the credit system of ``Credits (ECTS)`` and the
    framework of ``MQF Level`` fill their field (unless a column of its own gives it)."""
    if column.field in ("duration", "valid_for"):
        period = _PERIOD.fullmatch(unit.strip())
        if period and re.fullmatch("[0-9]+", cell):
            return f"{cell} {period[1].casefold()}{'s' if cell != '1' else ''}"
    elif column.target == "cost.amount":
        code = _CURRENCY_SIGNS.get(unit.casefold()) or (
            unit.upper() if re.fullmatch(r"[A-Za-z]{3}", unit) else None
        )
        if code:
            front.setdefault("cost", {}).setdefault("currency", code)
    elif column.target == "credits.value" and unit.casefold() not in ("credit", "credits"):
        front.setdefault("credits", {}).setdefault("system", unit)
    elif column.target == "level.value":
        front.setdefault("level", {}).setdefault("framework", unit)
    return cell


def _split(cell: str, column: Column, options: CsvOptions) -> list[str]:
    """The values of a list cell: separated by the list separator or by line breaks (one per
    line, as a spreadsheet cell often holds them); languages also by commas, semicolons or
    slashes, which no language tag contains."""
    separators = [re.escape(options.list_separator), r"\r?\n"]
    if column.field == "languages":
        separators.append("[,;/]")
    return re.split("|".join(separators), cell)


def _order(front: dict[str, Any]) -> None:
    """Keys of objects in the schema's order (``level: {framework, value}``), whatever the
    order of the sheet's columns."""
    order = {(c.field, c.key): n for n, c in enumerate(COLUMNS)}
    for name, value in front.items():
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict):
                ordered = sorted(item.items(), key=lambda kv: order.get((name, kv[0]), 999))
                item.clear()
                item.update(ordered)


def _label(state: _Row, column: Column) -> str:
    return state.sheet.label(column)


_CURRENCY_SIGNS = {"rm": "MYR", "rp": "IDR", "s$": "SGD", "€": "EUR", "£": "GBP", "₱": "PHP"}
_COMBINED = re.compile(
    r"(?P<unit>[^\d\s.,-]+)?\s*(?P<number>[\d][\d.,\s]*)\s*(?P<after>[^\d\s.,-]+)?"
)


def _combined(front: dict[str, Any], column: Column, cell: str) -> str:
    """A number cell that names its unit too ("RM 350", "350 MYR", "2 ECTS"): the unit fills
    the other field of the group (unless a column of its own gives it); returns the number."""
    match = _COMBINED.fullmatch(cell)
    if match is None or column.target not in ("cost.amount", "credits.value"):
        return cell
    unit = match["unit"] or match["after"]
    if not unit or (match["unit"] and match["after"]):
        return cell
    if column.target == "cost.amount":
        code = _CURRENCY_SIGNS.get(unit.casefold()) or (
            unit.upper() if re.fullmatch(r"[A-Za-z]{3}", unit) else None
        )
        if code is None:
            return cell
        front.setdefault("cost", {}).setdefault("currency", code)
    else:
        if column.target == "credits.value" and unit.casefold() in ("credit", "credits"):
            return match["number"]
        front.setdefault("credits", {}).setdefault("system", unit)
    return match["number"].strip()


def _split_level(front: dict[str, Any]) -> None:
    """A level cell that names its framework ("MQF 4", "EQF level 5") when no column does."""
    level = front.get("level")
    if (
        not isinstance(level, dict)
        or "framework" in level
        or not isinstance(level.get("value"), str)
    ):
        return
    match = re.fullmatch(r"(?i)([a-z][a-z-]*)\s*(?:level\s*)?(\w+)", level["value"])
    if match and match[1].casefold() != "level":
        value = match[2]
        number = re.fullmatch("[0-9]+", value)
        level.update(framework=match[1].upper(), value=int(value) if number else value)


def _value(state: _Row, column: Column, text: str) -> Any:
    """What a cell (or one value of a list cell) means, or None after reporting why not."""
    schema = column.schema
    if column.many and not column.items:
        schema = schema.get("items", schema)
    label = _label(state, column)
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
        state.problem(
            column,
            f"{label}: {text!r} is not one of {', '.join(values)}",
            f"did you mean '{keys[close[0]]}'?" if close else None,
        )
        return None
    kind = schema.get("type")
    if kind in ("number", "integer"):
        return _number(state, column, text)
    if kind == "boolean":
        if text.casefold() in _TRUE:
            return True
        if text.casefold() in _FALSE:
            return False
        state.problem(column, f"{label}: {text!r} is not yes or no")
        return None
    if kind == ["string", "integer"]:
        return int(text) if re.fullmatch("[0-9]+", text) else text
    if schema.get("format") == "date":
        return _date(state, column, text)
    if column.target in ("issuer", "partners[].issuer"):
        return _issuer(state, column, text)
    if column.field == "languages":
        return _language(text)
    pattern = schema.get("pattern", "")
    if pattern in ("^[A-Z]{3}$", "^[A-Z]{2}$"):
        return text.upper()
    if pattern == ID_PATTERN.pattern or pattern == "^[a-z0-9]+(-[a-z0-9]+)*$":
        return _ident(state, column, text)
    if "(hour|day|week|month|year)" in pattern:
        return " ".join(text.casefold().split())
    if pattern.startswith("^[a-z]{2,3}"):
        return text.casefold()
    if pattern.startswith("^[0-9]+(") and re.fullmatch(r"[vV]\d.*", text):
        return text[1:]
    if pattern.startswith("^https?://") and text.casefold().startswith("www."):
        return f"https://{text}"
    return text


def _number(state: _Row, column: Column, text: str) -> float | int | None:
    compact = text.replace("\u00a0", "").replace(" ", "")
    if column.target == "cost.amount" and text.casefold() in _FREE:
        return 0
    if column.field == "workload_hours":
        compact = re.sub(r"(?i)(hours?|hrs?|h|jam)$", "", compact)
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", compact):
        compact = compact.replace(",", "")
    elif re.fullmatch(r"\d+,\d{1,2}", compact):
        compact = compact.replace(",", ".")  # a decimal comma
    if re.fullmatch(r"-?(\d+\.?\d*|\.\d+)", compact):
        return whole(float(compact))
    state.problem(column, f"{_label(state, column)}: {text!r} is not a number")
    return None


def _date(state: _Row, column: Column, text: str) -> str | None:
    label = _label(state, column)
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
            state.problem(
                column,
                f"{label}: {text!r} could be day/month or month/day",
                "write dates as YYYY-MM-DD",
            )
            return None
    if parts is not None:
        value = f"{parts[0]}-{int(parts[1]):02d}-{int(parts[2]):02d}"
        try:
            datetime.date.fromisoformat(value)
            return value
        except ValueError:
            pass
    state.problem(column, f"{label}: {text!r} is not a date", "write dates as YYYY-MM-DD")
    return None


def _issuer(state: _Row, column: Column, text: str) -> str | None:
    known = state.sheet.issuers
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
    state.problem(column, f"{_label(state, column)}: unknown issuer {text!r}", hint)
    return None


def _ident(state: _Row, column: Column, text: str) -> str | None:
    if ID_PATTERN.fullmatch(text.casefold()) and len(text) <= 80:
        return text.casefold()
    state.problem(
        column,
        f"{_label(state, column)}: {text!r} is not an id (lower-case letters, digits and hyphens)",
        f"did you mean '{suggest_id(text)}'?",
    )
    return None


def _language(text: str) -> str:
    name = " ".join(text.casefold().split())
    if name in (names := language_synonyms()):
        return names[name]
    subtags = text.replace("_", "-").split("-")
    return "-".join([subtags[0].casefold(), *subtags[1:]])


def _zip_items(state: _Row, name: str, group: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """List-of-object fields from parallel cells: value N of each column makes item N."""
    lead = next(c for c in COLUMNS if c.field == name)
    found: list[dict[str, Any]] = []
    for n in range(max(len(v) for v in group.values())):
        item = {k: v[n] for k, v in group.items() if n < len(v) and v[n] not in ("", None)}
        if not item:
            continue
        if lead.key not in item:
            if any(n < len(v) and v[n] is None for v in group.values()):
                continue  # a value already reported
            key, value = next(iter(item.items()))
            other = _BY_TARGET[name, key]
            state.problem(
                other,
                f"{_label(state, other)}: value {n + 1} ({value!r}) has no {lead.name} to go with",
                f"give the values of {lead.name} and {other.name} in the same order, "
                "separated by the list separator",
            )
            continue
        found.append(item)
    return found


def _skills_without_url(state: _Row, front: dict[str, Any]) -> None:
    """A skill alignment needs the skill's URL in its framework; named skills without one are
    kept as tags, with a warning."""
    skills = front.get("skills")
    if not skills:
        return
    bare = [s["name"] for s in skills if "url" not in s]
    if not bare:
        return
    kept = [s for s in skills if "url" in s]
    if kept:
        front["skills"] = kept
    else:
        del front["skills"]
    tags = [n for n in bare if len(n) <= 60]
    front["tags"] = list(dict.fromkeys([*front.get("tags", []), *tags]))
    column = _BY_TARGET["skills", "name"]
    dropped = [n for n in bare if len(n) > 60]
    message = (
        f"{_label(state, column)}: {len(bare)} skill(s) without a URL imported as tags: "
        + ", ".join(tags)
    )
    if dropped:
        message += f"; {len(dropped)} longer than a tag may be left out: " + ", ".join(dropped)
    state.warnings.append(
        (
            state.sheet.number(column),
            message,
            "a skill alignment needs the skill's URL in its framework: give skill_urls (one per "
            "skill, in the same order) to publish them as skills",
        )
    )


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(
        load_schema("credential"), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _check(state: _Row, front: dict[str, Any], body: str) -> None:
    """Report what the credential schema refuses, at the cell it came from."""
    data = {k: v for k, v in front.items() if k != "id"}
    errors = sorted(
        _validator().iter_errors(data), key=lambda e: ([str(p) for p in e.absolute_path], e.message)
    )
    for error in errors:
        path = list(error.absolute_path)
        if error.validator == "required":
            _missing(state, path, error.validator_value, error.instance)
            continue
        key = next((p for p in path[1:] if isinstance(p, str)), None)
        column = _BY_TARGET.get((str(path[0]), key)) if path else None
        if column is None and path:
            column = _BY_TARGET.get((str(path[0]), None))
        label = _label(state, column) if column else "the row"
        if error.validator in ("pattern", "format", "maxLength", "minLength"):
            about = error.schema.get("description") if isinstance(error.schema, dict) else None
            why = {"maxLength": "too long", "minLength": "too short"}.get(
                str(error.validator), "not valid"
            )
            text = error.instance if isinstance(error.instance, str) else str(error.instance)
            shown = text if len(text) <= 60 else text[:57] + "..."
            message = f"{label}: {shown!r} is {why}" + (f" ({about})" if about else "")
        else:
            message = f"{label}: {error.message}"
        state.problem(column, message)


_MISSING_HINTS = {
    "issuer": "add an issuer column, or pass --issuer ID for rows that name none",
    "summary": "add a summary column (also read as Short description)",
    "criteria": "add a criteria column: what a learner must do to earn it",
}


def _missing(state: _Row, path: list[Any], required: Any, instance: Any) -> None:
    names = [k for k in required if isinstance(instance, dict) and k not in instance]
    for name in names:
        if not path:
            column = _BY_TARGET.get((name, None))
            present = column is not None and any(c is column for _, _, c in state.sheet.columns)
            where = (
                f"the {_label(state, column)} cell is empty"
                if present and column
                else (f"the sheet has no {name} column")
            )
            state.problem(
                column if present else None, f"no {name}: {where}", _MISSING_HINTS.get(name)
            )
            continue
        group = str(path[0])
        column = _BY_TARGET.get((group, name))
        given = [c for _, _, c in state.sheet.columns if c.field == group and c is not column]
        needed = column.name if column else f"{group}.{name}"
        hint = f"fill in {needed} too (a {group} needs it)"
        if column is not None and column.target == "cost.currency":
            hint = "add a currency column (ISO 4217, e.g. MYR), or write it in the cell: 150 MYR"
        state.problem(
            given[0] if given else column,
            f"{', '.join(_label(state, c) for c in given) or group} given without {needed}",
            hint,
        )


def _rows(reader: Any) -> Iterator[tuple[int, list[str] | str]]:
    """The rows after the header, numbered by the line they start on; a row the CSV reader
    refuses (a cell over its size limit, a NUL byte) ends the file with a problem."""
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield start, f"{_csv_message(exc)}; the rest of the file is skipped"
            return
        yield start, row
        start = reader.line_num + 1


def _csv_message(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a cell is longer than {csv.field_size_limit() // 1024} KiB"
    return f"not a readable CSV row ({text})"


def whole(value: float) -> float | int:
    """An integer when the number is whole (``40.0`` -> ``40``), else the number."""
    return int(value) if float(value).is_integer() else value


_NOT_IN_TEMPLATE = {"image", "text_language", "renamed_from", "partners", *_REFERENCES}
"""Columns whose example would need a file or another credential: empty in the template."""


def template(issuer: str | None = None, separator: str = LIST_SEPARATOR) -> str:
    """``credcat import --template``: a header with every column and one example row, made of
    the schema's examples, that imports as it is (given the issuer)."""
    row: list[str] = []
    for column in COLUMNS:
        row.append("" if column.field in _NOT_IN_TEMPLATE else _example(column, separator))
    if issuer:
        row[[c.name for c in COLUMNS].index("issuer")] = issuer
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(c.name for c in COLUMNS)
    writer.writerow(row)
    return buffer.getvalue()


def template_issuer(root: Path) -> str | None:
    """The issuer of the template's example row: the catalog's first issuer, if it has one."""
    folder = root / "issuers"
    found = sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []
    return found[0] if found else None


def _example(column: Column, separator: str) -> str:
    if column.target == "credits.own":
        return ""  # a stack's capstone: not for a single credential
    examples = column.schema.get("examples") or []
    if not examples:
        return ""
    value = examples[0]
    if isinstance(value, list):
        return separator.join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
