"""``credcat import`` of spreadsheets: one CSV row per credential.

The header row names the columns (:mod:`credcat.importing.csv_columns` knows them, their
synonyms and what their cells may hold). Each row becomes credential front matter that passes
the schema, or its problems are reported at their cell
(``courses.csv:4:7: error[import.row]: ...``) and the row is left out;
:mod:`credcat.importing.importer` writes the rest like the credentials it reads from Open Badges
documents.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from credcat.core.diagnostics import Location, Report
from credcat.core.schema import load_schema
from credcat.core.sources import suggest_id
from credcat.importing.csv_columns import (
    COLUMNS,
    NOT_IMPORTABLE,
    Column,
    closest_column,
    header_key,
    parse_header,
)
from credcat.importing.csv_values import (
    CellProblem,
    apply_unit,
    read_value,
    split_cell,
    split_combined,
    split_level,
)

LIST_SEPARATOR = "|"
"""Separator of several values in one CSV cell (learning outcomes, tags, languages, ...)."""

_BY_TARGET = {(c.field, c.key): c for c in COLUMNS}


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
            else (f"{header[:60]} ({column.name})")
        )


@dataclass(slots=True)
class _Row:
    sheet: _Sheet
    line: int
    problems: list[tuple[int, str, str | None]] = field(default_factory=list)
    warnings: list[tuple[int, str, str | None]] = field(default_factory=list)

    def problem(self, column: Column | None, message: str, hint: str | None = None) -> None:
        found = (self.sheet.number(column), message, hint)
        if found not in self.problems:  # the schema reports a missing field once per name
            self.problems.append(found)


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
    rows_by_id: dict[str, int] = {}
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
        first = rows_by_id.setdefault(credential.ident, number)
        if first != number:
            by_id = any(c.name == "id" for _, _, c in sheet.columns)
            column = _BY_TARGET["id" if by_id else "title", None]
            report.error(
                Location(path=path, line=number, col=sheet.number(column)),
                "import.duplicate",
                f"id '{credential.ident}' is also the id of the row on line {first}"
                + ("" if by_id else " (ids are made from titles)"),
                "give the rows different ids in an id column" if not by_id else None,
            )
            continue
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
        if len(header) > 200:
            header = header[:197] + "..."  # no column has so long a name; keep messages short
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
    headers = {header_key(n) for n in names}
    for name, target in options.header_map.items():
        if header_key(name) not in headers:
            report.warning(
                Location(path=path, line=line),
                "import.column",
                f"--map '{name}={target}': this sheet has no column '{name}'",
                "check the spelling of the header (case, spaces and punctuation do not matter)",
            )
    given = {c.name for _, _, c in columns} | ({"issuer"} if options.issuer else set())
    missing = [n for n in ("title", "summary", "issuer", "criteria") if n not in given]
    for name in missing if not failed else []:  # an unknown column is likely the missing one
        report.error(
            Location(path=path, line=line),
            "import.column",
            f"the sheet has no {name} column, which every credential needs",
            _NEEDED_HINTS[name],
        )
    failed = failed or bool(missing)
    if failed:
        return None
    return _Sheet(path, len(names), columns, units, _known_issuers(options))


_NEEDED_HINTS = {
    "title": "name the column title (or Name, Course name), or map it with --map 'Column=title'",
    "summary": "add a summary column (or Short description): one sentence on what a learner "
    "can do after earning it",
    "issuer": "add an issuer column (or Provider, Awarding body), or pass --issuer ID",
    "criteria": "add a criteria column: what a learner must do to earn it",
}


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
            parts = [p.strip() for p in split_cell(cell, column, options.list_separator)]
            values = [_cell(state, column, p) if p else "" for p in parts]
            items.setdefault(column.field, {})[column.key or ""] = values
            continue
        if column.many:
            parts = [p.strip() for p in split_cell(cell, column, options.list_separator)]
            converted = [_cell(state, column, p) for p in parts if p]
            if found := list(dict.fromkeys(v for v in converted if v is not None)):
                front[column.field] = found
            continue
        unit = sheet.units.get(column)
        if unit:
            cell = apply_unit(front, column, cell, unit)
        value = _cell(state, column, split_combined(front, column, cell))
        if value is None:
            continue
        if column.field == "body":
            body = str(value)
        elif column.key is None:
            front[column.field] = value
        else:
            front.setdefault(column.field, {})[column.key] = value
    split_level(front)
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


def _cell(state: _Row, column: Column, text: str) -> Any:
    """What a cell means, or None after reporting why it means nothing."""
    try:
        return read_value(column, text, state.sheet.issuers)
    except CellProblem as exc:
        state.problem(column, f"{_label(state, column)}: {exc.message}", exc.hint)
        return None


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
        if column is not None and column.pair == ("cost", "currency"):
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
