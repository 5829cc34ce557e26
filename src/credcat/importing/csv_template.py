"""``credcat import --template``: an example CSV with every column credcat reads.

The header lists :data:`credcat.importing.csv_columns.COLUMNS`; the example row is made of the
credential schema's own ``examples``, so that it imports as it is and stays in step with the
schema.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from credcat.importing.csv_columns import COLUMNS, Column, template_header
from credcat.importing.import_csv import LIST_SEPARATOR

_REFERENCES = {"prerequisites", "recommended", "stacks_into", "components", "superseded_by"}
"""Fields naming other credentials, which must exist."""
_NOT_IN_TEMPLATE = {"image", "text_language", "renamed_from", "partners", *_REFERENCES}
"""Columns whose example would need a file or another credential: empty in the template."""


def template(issuer: str | None = None, separator: str = LIST_SEPARATOR) -> str:
    """``credcat import --template``: a header with every column and one example row, made of
    the schema's examples, that imports as it is (given the issuer)."""
    header = template_header()
    row: list[str] = []
    for column in COLUMNS:
        row.append("" if column.field in _NOT_IN_TEMPLATE else _example(column, separator))
    if issuer:
        row[header.index("issuer")] = issuer
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerow(row)
    return buffer.getvalue()


def template_issuer(root: Path) -> str | None:
    """The issuer of the template's example row: the catalog's first issuer, if it has one."""
    folder = root / "issuers"
    found = sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []
    return found[0] if found else None


def _example(column: Column, separator: str) -> str:
    if column.pair == ("credits", "own"):
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
