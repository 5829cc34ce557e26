"""Located, compiler-style diagnostics and the reporters that collect them."""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO

from credcat.core.codes import CODES


class Severity(enum.Enum):
    """How bad a diagnostic is."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, kw_only=True, order=True)
class Location:
    """A place in a source file."""

    path: str
    """Path as shown to the user, relative to the working directory where possible."""
    line: int = 1
    """Line number, counted from 1 at the top of the file (front matter included)."""
    col: int = 1
    """Column number, counted from 1."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, kw_only=True)
class Diagnostic:
    """One problem found in the catalog."""

    location: Location
    code: str
    """Stable dotted code such as ``schema.required`` or ``ref.unknown``."""
    message: str
    severity: Severity = Severity.ERROR
    hint: str | None = None
    """A suggestion on how to fix it, printed on its own line."""

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(
                f"unregistered diagnostic code {self.code!r}: add it to credcat.core.codes"
            )

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order by file, then line, column, code and message."""
        loc = self.location
        return (loc.path, loc.line, loc.col, self.code, self.message)

    def format(self, *, colour: bool = False) -> str:
        """Render as ``path:line:col: error[code]: message`` plus an optional hint line.

        ``colour`` adds terminal colours (bold location, red error, yellow warning, cyan
        hint) around the same text."""
        kind = f"{self.severity.value}[{self.code}]"
        where, hint = str(self.location), "hint:"
        if colour:
            tint = "31" if self.severity is Severity.ERROR else "33"
            where, kind, hint = (
                f"\x1b[1m{where}\x1b[0m",
                f"\x1b[1;{tint}m{kind}\x1b[0m",
                (f"\x1b[36m{hint}\x1b[0m"),
            )
        text = f"{where}: {kind}: {self.message}"
        if self.hint:
            text += f"\n  {hint} {self.hint}"
        return text

    def annotation(self) -> str:
        """The diagnostic as a GitHub Actions workflow command, so that a pull request shows
        it on its line: ``::error file=...,line=...,col=...,title=code::message``."""
        loc = self.location
        props = f"file={_escape(loc.path, True)},line={loc.line},col={loc.col}"
        props += f",title={_escape(self.code, True)}"
        text = self.message + (f"\n{self.hint}" if self.hint else "")
        return f"::{self.severity.value} {props}::{_escape(text, False)}"


def _escape(text: str, prop: bool) -> str:
    """Escape a workflow command's value (and, for properties, ':' and ',')."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


class CatalogError(Exception):
    """Raised when a stage cannot continue; carries every diagnostic found so far."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__(f"{len(self.diagnostics)} problem(s)")


@dataclass(slots=True)
class Report:
    """Collects diagnostics from every stage (the in-memory reporter)."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        """Record one diagnostic."""
        self.diagnostics.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Record several diagnostics."""
        self.diagnostics.extend(diagnostics)

    def error(self, location: Location, code: str, message: str, hint: str | None = None) -> None:
        """Record an error."""
        self.add(Diagnostic(location=location, code=code, message=message, hint=hint))

    def warning(self, location: Location, code: str, message: str, hint: str | None = None) -> None:
        """Record a warning."""
        self.add(
            Diagnostic(
                location=location,
                code=code,
                message=message,
                hint=hint,
                severity=Severity.WARNING,
            )
        )

    @property
    def errors(self) -> list[Diagnostic]:
        """Diagnostics of error severity (deduplicated, sorted)."""
        return [d for d in self.sorted() if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        """Diagnostics of warning severity (deduplicated, sorted)."""
        return [d for d in self.sorted() if d.severity is Severity.WARNING]

    def has_errors(self, *, strict: bool = False) -> bool:
        """Whether the build must stop (with ``strict``, warnings count too)."""
        return bool(self.errors or (strict and self.warnings))

    def sorted(self) -> list[Diagnostic]:
        """Every diagnostic, deduplicated and sorted by location."""
        unique = {(d.sort_key(), d.severity.value, d.hint): d for d in self.diagnostics}
        return [unique[k] for k in sorted(unique)]

    def summary(self) -> str:
        """One line counting errors and warnings."""
        errors, warnings = len(self.errors), len(self.warnings)
        return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"

    def print(self, stream: TextIO | None = None) -> None:
        """Print every diagnostic, sorted, then the summary (the CLI printer)."""
        from credcat.core.progress import use_colour

        out = stream or sys.stderr
        annotate = os.environ.get("GITHUB_ACTIONS") == "true"
        colour = use_colour(out)
        for diagnostic in self.sorted():
            print(diagnostic.format(colour=colour), file=out)
            if annotate:
                print(diagnostic.annotation(), file=sys.stdout, flush=True)
