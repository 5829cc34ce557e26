"""``credcat import`` of spreadsheets: one CSV row per credential.

Reads the rows of a CSV file into credential front matter; :mod:`credcat.importer` checks and
writes them like the credentials it reads from Open Badges documents.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from credcat.diagnostics import Location, Report
from credcat.sources import suggest_id

LIST_SEPARATOR = "|"
"""Separator of several values in one CSV cell (learning outcomes, tags, languages, ...)."""
CSV_SCALARS = [
    "id",
    "title",
    "summary",
    "issuer",
    "type",
    "status",
    "version",
    "image",
    "criteria",
    "workload_hours",
    "duration",
    "participation",
    "url",
    "code",
    "field_of_study",
    "published",
    "updated",
    "entry_requirements",
    "valid_for",
    "source_url",
    "body",
]
CSV_LISTS = ["learning_outcomes", "tags", "languages", "prerequisites", "stacks_into", "components"]
CSV_COMPOUND = {
    "level_framework": ("level", "framework"),
    "level_value": ("level", "value"),
    "credits_value": ("credits", "value"),
    "credits_system": ("credits", "system"),
    "cost_amount": ("cost", "amount"),
    "cost_currency": ("cost", "currency"),
    "cost_note": ("cost", "note"),
    "assessment_method": ("assessment", "method"),
    "assessment_supervised": ("assessment", "supervised"),
    "assessment_identity_verified": ("assessment", "identity_verified"),
    "qa_type": ("quality_assurance", "type"),
    "qa_body": ("quality_assurance", "body"),
    "qa_url": ("quality_assurance", "url"),
}
CSV_SKILLS = {
    "skill_names": "name",
    "skill_urls": "url",
    "skill_frameworks": "framework",
    "skill_codes": "code",
}
CSV_COLUMNS = (*CSV_SCALARS, *CSV_LISTS, *CSV_COMPOUND, *CSV_SKILLS)
_NUMBERS = {"workload_hours", "credits_value", "cost_amount"}
_BOOLEANS = {"assessment_supervised", "assessment_identity_verified"}


class _Problem(Exception):
    """A file or row that cannot be imported; the message says why."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CsvOptions:
    """What the user asked for that concerns spreadsheets."""

    header_map: dict[str, str]
    """Spreadsheet column name -> credcat column name."""
    list_separator: str = LIST_SEPARATOR
    issuer: str | None = None
    """Issuer id for rows that name none."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CsvCredential:
    """One row read into a credential."""

    ident: str
    front: dict[str, Any]
    body: str
    where: Location
    """The row (its first line) in the CSV file."""


def read_csv(path: str, text: str, options: CsvOptions, report: Report) -> list[CsvCredential]:
    """The credentials of a CSV file (shown as ``path``); problems go to ``report``."""
    found: list[CsvCredential] = []
    try:
        for number, result in _read(path, text, options):
            if isinstance(result, _Problem):
                report.error(
                    Location(path=path, line=number), "import.row", f"row {number}: {result}"
                )
            else:
                found.append(result)
    except _Problem as exc:
        report.error(Location(path=path), "import.failed", str(exc))
    return found


def _read(
    path: str, text: str, options: CsvOptions
) -> Iterator[tuple[int, CsvCredential | _Problem]]:
    reader = csv.reader(io.StringIO(text))
    try:
        names = next(reader, [])
    except csv.Error as exc:
        raise _Problem(f"line {reader.line_num}: {_csv_message(exc)}") from None
    header = [options.header_map.get(h.strip(), h.strip()) for h in names]
    unknown = [h for h in header if h and h not in CSV_COLUMNS]
    if unknown:
        raise _Problem(
            f"unknown column(s) {', '.join(unknown)}; map them with --map 'Column=field'"
        )
    if "title" not in header:
        raise _Problem("the CSV has no 'title' column")
    for number, row in _rows(reader):
        if isinstance(row, _Problem):
            yield number, row
            return
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            yield number, _Problem(f"{len(row)} cells but {len(header)} columns")
            continue
        cells = {header[i]: value.strip() for i, value in enumerate(row)}
        try:
            yield number, _row(cells, options, Location(path=path, line=number))
        except _Problem as exc:
            yield number, exc


def _row(cells: dict[str, str], options: CsvOptions, where: Location) -> CsvCredential:
    sep = options.list_separator
    front: dict[str, Any] = {}
    for key in CSV_SCALARS:
        value = cells.get(key, "")
        if not value or key in ("id", "body"):
            continue
        front[key] = _number(value, key) if key in _NUMBERS else value
    if not front.get("title"):
        raise _Problem("the title is empty")
    if options.issuer and "issuer" not in front:
        front["issuer"] = options.issuer
    for key in CSV_LISTS:
        items = [v.strip() for v in cells.get(key, "").split(sep) if v.strip()]
        if items:
            front[key] = items
    for column, (group, key) in CSV_COMPOUND.items():
        value = cells.get(column, "")
        if not value:
            continue
        parsed: Any = value
        if column in _NUMBERS:
            parsed = _number(value, column)
        elif column in _BOOLEANS:
            parsed = value.casefold() in ("yes", "true", "1", "ya", "y")
        front.setdefault(group, {})[key] = parsed
    skill_cells = {k: [v.strip() for v in cells.get(k, "").split(sep)] for k in CSV_SKILLS}
    names = [n for n in skill_cells["skill_names"] if n]
    if names:
        skills = []
        for n, name in enumerate(names):
            skill = {"name": name}
            for column, key in CSV_SKILLS.items():
                values = skill_cells[column]
                if key != "name" and n < len(values) and values[n]:
                    skill[key] = values[n]
            skills.append(skill)
        front["skills"] = skills
    if "workload_hours" in front:
        front["workload_hours"] = whole(front["workload_hours"])
    ident = cells.get("id") or suggest_id(front["title"])
    return CsvCredential(ident=ident, front=front, body=cells.get("body", ""), where=where)


def _rows(reader: Any) -> Iterator[tuple[int, list[str] | _Problem]]:
    """The rows after the header, numbered by the line they start on; a row the CSV reader
    refuses (a cell over its size limit, a NUL byte) ends the file with a problem."""
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield start, _Problem(f"{_csv_message(exc)}; the rest of the file is skipped")
            return
        yield start, row
        start = reader.line_num + 1


def _csv_message(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a cell is longer than {csv.field_size_limit() // 1024} KiB"
    return f"not a readable CSV row ({text})"


def _number(value: str, column: str) -> float | int:
    try:
        return whole(float(value.replace(",", "")))
    except ValueError:
        raise _Problem(f"{column} is not a number: {value!r}") from None


def whole(value: float) -> float | int:
    """An integer when the number is whole (``40.0`` -> ``40``), else the number."""
    return int(value) if float(value).is_integer() else value
