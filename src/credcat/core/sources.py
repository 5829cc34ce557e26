"""Walk a catalog folder and read its YAML and front-matter files into ``SourceDoc`` values.

This is the only stage that reads the catalog's text files. It never raises for a user's
mistake: every problem becomes a located ``Diagnostic`` and the file is left out.
"""

from __future__ import annotations

import enum
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from credcat.core.diagnostics import Location, Report
from credcat.core.files import is_inside
from credcat.core.yamldoc import ParsedYaml, YamlError, parse_yaml

MAX_FILE_BYTES = 1024 * 1024
"""Largest catalog.yaml, issuer or credential file accepted (1 MiB)."""
MAX_FILES = 100_000
"""Most credential plus issuer files in one catalog."""
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
EDITOR_JUNK = re.compile(r"^(\.#.*|#.*#|\..*\.sw[a-p]|.*~|\.~lock\..*|4913|\.DS_Store)$")


class Kind(enum.Enum):
    """What a source file describes."""

    CATALOG = "catalog"
    ISSUER = "issuer"
    CREDENTIAL = "credential"
    ISSUER_TRANSLATION = "issuer-translation"
    CREDENTIAL_TRANSLATION = "credential-translation"
    CATALOG_TRANSLATION = "catalog-translation"


@dataclass(frozen=True, kw_only=True)
class SourceDoc:
    """One parsed source file, before validation."""

    kind: Kind
    id: str
    """Permanent id: the file name without its extension."""
    path: Path
    display: str
    """Path as printed in diagnostics."""
    data: Any
    body: str = ""
    """Markdown after the front matter (credentials only)."""
    body_line: int = 1
    """1-based line on which the body starts."""
    line_offset: int = 0
    """Lines before the YAML starts (1 for front matter, after the opening ---)."""
    parsed: ParsedYaml = field(default_factory=ParsedYaml)
    digest_source: str = ""
    """The file's whole text, for content hashes."""

    def locate(self, pointer: str = "", *, key: bool = False) -> Location:
        """Return where the value (or with ``key``, its key) at a JSON pointer sits."""
        table = self.parsed.keys if key else self.parsed.values
        probe = pointer
        while True:
            pos = table.get(probe) or (self.parsed.values.get(probe) if key else None)
            if pos is not None:
                return self._location(pos)
            if not probe:
                return Location(path=self.display, line=1 + self.line_offset, col=1)
            probe = probe.rsplit("/", 1)[0]

    def _location(self, pos: tuple[int, int]) -> Location:
        return Location(path=self.display, line=pos[0] + 1 + self.line_offset, col=pos[1] + 1)


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceList:
    """The source files of a catalog, found but not yet read."""

    catalog: Path | None
    issuers: tuple[tuple[Path, str], ...]
    """(path, id) of each issuer file, sorted by name."""
    credentials: tuple[tuple[Path, str], ...]
    """(path, id) of each credential file, sorted by name."""
    translations: tuple[tuple[Kind, Path, str], ...] = ()
    """(kind, path, '<lang>/<id>') of each file under translations/<lang>/, sorted."""


def display_path(path: Path) -> str:
    """Show a path relative to the working directory when it is below it."""
    text = str(path)
    if not path.is_absolute():
        return text
    cwd = os.getcwd() + os.sep  # noqa: PTH109 - called for every file; plain strings are cheap
    return text[len(cwd) :] if text.startswith(cwd) else text


def list_sources(root: Path, report: Report) -> SourceList:
    """Find catalog.yaml, issuers/*.yaml and credentials/*.md below ``root``."""
    catalog_path = root / "catalog.yaml"
    usable = catalog_path.is_file()
    if catalog_path.is_symlink() and not is_inside(root, catalog_path):
        usable = False
        report.error(
            Location(path=display_path(catalog_path)),
            "path.outside",
            "this symbolic link points outside the catalog folder",
            "copy the file into the catalog instead of linking to it",
        )
    elif not usable:
        report.error(
            Location(path=display_path(catalog_path)),
            "source.missing",
            "catalog.yaml not found",
            "run 'credcat init' to start a catalog, or pass the catalog folder",
        )
    return SourceList(
        catalog=catalog_path if usable else None,
        issuers=tuple(_walk(root, "issuers", (".yaml", ".yml"), report)),
        credentials=tuple(_walk(root, "credentials", (".md",), report)),
        translations=tuple(_translations(root, report)),
    )


LANGUAGE_FOLDER = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


TRANSLATION_ENTRIES = ("catalog.yaml", "credentials", "issuers")
"""What a translations/<lang>/ folder may hold; anything else is reported as ignored."""


def _translations(root: Path, report: Report) -> Iterator[tuple[Kind, Path, str]]:
    """translations/<lang>/catalog.yaml, .../issuers/<id>.yaml and .../credentials/<id>.md."""
    base = root / "translations"
    if not base.is_dir():
        return
    for entry in sorted(os.scandir(base), key=lambda e: e.name):
        if EDITOR_JUNK.match(entry.name):
            continue
        if not entry.is_dir(follow_symlinks=False) or not LANGUAGE_FOLDER.match(entry.name):
            report.warning(
                Location(path=display_path(Path(entry.path))),
                "source.ignored",
                f"translations/{entry.name} is ignored: translations/ holds one folder per "
                "language, named by its tag (e.g. ms, id)",
            )
            continue
        lang = entry.name
        folder = base / lang
        for inner in sorted(os.scandir(folder), key=lambda e: e.name):
            if inner.name not in TRANSLATION_ENTRIES and not EDITOR_JUNK.match(inner.name):
                report.warning(
                    Location(path=display_path(Path(inner.path))),
                    "source.ignored",
                    f"translations/{lang}/{inner.name} is ignored: a language folder holds "
                    "catalog.yaml, credentials/ and issuers/",
                )
        catalog_file = folder / "catalog.yaml"
        if catalog_file.is_file() and not catalog_file.is_symlink():
            yield Kind.CATALOG_TRANSLATION, catalog_file, f"{lang}/catalog"
        for kind, sub, suffixes in (
            (Kind.ISSUER_TRANSLATION, "issuers", (".yaml", ".yml")),
            (Kind.CREDENTIAL_TRANSLATION, "credentials", (".md",)),
        ):
            for path, ident in _walk(folder, sub, suffixes, report, real_root=root.resolve()):
                yield kind, path, f"{lang}/{ident}"


def load_source(path: Path, kind: Kind, ident: str, report: Report) -> SourceDoc | None:
    """Read and parse one source file; None (with diagnostics) when it cannot be used."""
    if kind in (Kind.CREDENTIAL, Kind.CREDENTIAL_TRANSLATION):
        doc = _load_markdown_file(path, ident, report)
        return doc if doc is None or kind is Kind.CREDENTIAL else replace(doc, kind=kind)
    return _load_yaml_file(path, kind, ident, report)


def _walk(
    root: Path,
    folder: str,
    suffixes: tuple[str, ...],
    report: Report,
    *,
    real_root: Path | None = None,
) -> Iterator[tuple[Path, str]]:
    base = root / folder
    if not base.is_dir():
        return
    real_root = real_root or root.resolve()
    if not base.resolve().is_relative_to(real_root):
        report.error(
            Location(path=display_path(base)),
            "path.outside",
            f"{folder}/ is a symbolic link to a folder outside the catalog folder",
            "keep the catalog's files in the catalog folder",
        )
        return
    seen: dict[str, Path] = {}
    entries = sorted(os.scandir(base), key=lambda e: e.name)
    if len(entries) > MAX_FILES:
        report.error(
            Location(path=display_path(base)),
            "source.too-many",
            f"{len(entries):,} files in {folder}/; at most {MAX_FILES:,} are supported",
        )
        return
    for entry in entries:
        path = Path(entry.path)
        loc = Location(path=display_path(path))
        if EDITOR_JUNK.match(entry.name):
            continue
        if entry.is_dir(follow_symlinks=False):
            report.warning(loc, "source.ignored", f"folder {folder}/{entry.name} is ignored")
            continue
        if not entry.name.endswith(suffixes):
            report.warning(
                loc,
                "source.ignored",
                f"{entry.name} is ignored: files in {folder}/ must end in {' or '.join(suffixes)}",
            )
            continue
        if entry.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(real_root):
                report.error(
                    loc,
                    "path.outside",
                    "this symbolic link points outside the catalog folder",
                    "copy the file into the catalog instead of linking to it",
                )
                continue
        ident = entry.name.rsplit(".", 1)[0]
        if not ID_PATTERN.match(ident) or len(ident) > 80:
            report.error(
                loc,
                "id.invalid",
                f"'{ident}' is not a valid id: use lower-case letters, digits and single hyphens",
                f"rename the file to {suggest_id(ident)}{path.suffix}",
            )
            continue
        if ident in seen:
            report.error(
                loc,
                "id.duplicate",
                f"id '{ident}' is already used by {display_path(seen[ident])}",
                "ids are permanent URLs and must be unique: rename or remove one file",
            )
            continue
        seen[ident] = path
        yield path, ident


def suggest_id(text: str) -> str:
    """Turn any text into a valid id (a suggestion for hints and ``credcat new``)."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].strip("-") or "credential"


def _read_text(path: Path, report: Report) -> str | None:
    loc = Location(path=display_path(path))
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            report.error(
                loc,
                "source.too-large",
                f"file is {size / 1048576:.1f} MiB; the limit is {MAX_FILE_BYTES // 1048576} MiB",
                "split the file; long course material belongs on the enrolment page, not here",
            )
            return None
        raw = path.read_bytes()
    except OSError as exc:
        report.error(loc, "source.unreadable", f"cannot read file: {exc.strerror or exc}")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        report.error(
            Location(path=loc.path, line=line, col=col),
            "source.encoding",
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            "save the file as UTF-8",
        )
        return None
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        report.error(loc, "source.encoding", "file contains a NUL character (is it binary?)")
        return None
    return text


def _parse(text: str, path: Path, line_offset: int, report: Report) -> tuple[ParsedYaml, bool]:
    display = display_path(path)
    try:
        parsed, problems = parse_yaml(text)
    except YamlError as exc:
        p = exc.problem
        report.error(
            Location(path=display, line=p.position.line + 1 + line_offset, col=p.position.col + 1),
            p.code,
            p.message,
            p.hint,
        )
        return ParsedYaml(), False
    for p in problems:
        report.error(
            Location(path=display, line=p.position.line + 1 + line_offset, col=p.position.col + 1),
            p.code,
            p.message,
            p.hint,
        )
    # A duplicate key leaves usable data (the first value), so checking goes on; other
    # problems (unsupported tags, merge keys) would only cascade into schema noise.
    return parsed, all(p.code == "yaml.duplicate-key" for p in problems)


def _load_yaml_file(path: Path, kind: Kind, ident: str, report: Report) -> SourceDoc | None:
    text = _read_text(path, report)
    if text is None:
        return None
    parsed, ok = _parse(text, path, 0, report)
    if not ok:
        return None
    if not isinstance(parsed.data, dict):
        report.error(
            Location(path=display_path(path)),
            "source.not-mapping",
            "expected 'key: value' lines at the top level"
            if parsed.data is not None
            else "the file is empty",
        )
        return None
    return SourceDoc(
        kind=kind,
        id=ident,
        path=path,
        display=display_path(path),
        data=parsed.data,
        parsed=parsed,
        digest_source=text,
    )


_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)
_END_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$", re.MULTILINE)


def _load_markdown_file(path: Path, ident: str, report: Report) -> SourceDoc | None:
    text = _read_text(path, report)
    if text is None:
        return None
    display = display_path(path)
    if not _FENCE.match(text):
        report.error(
            Location(path=display),
            "frontmatter.missing",
            "a credential file must start with YAML front matter between '---' lines",
            "put '---' on the first line, the fields, then '---' and the description",
        )
        return None
    first_nl = text.find("\n")
    start = first_nl + 1 if first_nl >= 0 else len(text)
    end = _END_FENCE.search(text, start)
    if end is None:
        report.error(
            Location(path=display),
            "frontmatter.unclosed",
            "the front matter is not closed",
            "add a line with only '---' after the last field",
        )
        return None
    yaml_text = text[start : end.start()]
    body_start = end.end() + 1
    body_line = text.count("\n", 0, min(body_start, len(text))) + 1
    parsed, ok = _parse(yaml_text, path, 1, report)
    if not ok:
        return None
    if not isinstance(parsed.data, dict):
        report.error(
            Location(path=display, line=2),
            "frontmatter.not-mapping",
            "the front matter must hold 'key: value' lines"
            if parsed.data is not None
            else "the front matter is empty",
        )
        return None
    return SourceDoc(
        kind=Kind.CREDENTIAL,
        id=ident,
        path=path,
        display=display,
        data=parsed.data,
        body=text[body_start:] if body_start <= len(text) else "",
        body_line=body_line,
        line_offset=1,
        parsed=parsed,
        digest_source=text,
    )
