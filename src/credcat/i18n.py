"""Interface text in the catalog's languages: gettext message catalogs (``.po`` files).

The default theme ships ``locales/ms.po`` and ``locales/id.po``; English is the source
language (the message ids), so it needs no file. A catalog adds or corrects translations in
its own ``locales/<lang>.po``, which wins over the theme's; a new language needs nothing but
such a file (and the language in ``catalog.yaml``). Templates call ``_("text")``; Python
code marks text shown to readers with ``N_("text")`` so that the completeness test finds it.
Placeholders are names in braces: ``_("Any {n} of these", n=2)``; ``{{`` and ``}}`` write a
brace. They are filled in by plain substitution, never ``str.format``: a translation is text
from outside, and a format string could read object attributes (``{title.__class__}``) or ask
for a field nine hundred million characters wide (``{title:>900000000}``). A translation whose
placeholders are not exactly those of its message id (missing, extra, renamed, with a format
spec, attribute or index) is a located ``locale.placeholder`` error and is not used.

A small reader of the ``.po`` format is enough here (msgid / msgstr with continued lines and
escapes; no plural forms: the theme chooses between singular and plural texts itself), and
it keeps the build free of a compile step.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from credcat.diagnostics import Diagnostic, Location
from credcat.files import FileProblem, read_inside
from credcat.sources import display_path


def N_(text: str) -> str:
    """Mark ``text`` as interface text to translate where it is shown."""
    return text


class PoError(ValueError):
    """A .po file (or one entry of it) that cannot be used; ``line`` is 1-based."""

    def __init__(self, line: int, message: str, code: str = "locale.invalid") -> None:
        super().__init__(message)
        self.line = line
        self.code = code


_TOKEN = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}|[{}]")


def placeholders(text: str) -> set[str] | None:
    """The ``{name}`` placeholders of a message, or None when it has any other brace use."""
    names: set[str] = set()
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in ("{{", "}}"):
            continue
        if match.group(1) is None:
            return None
        names.add(match.group(1))
    return names


def placeholder_problem(msgid: str, msgstr: str) -> str | None:
    """Why ``msgstr`` cannot stand for ``msgid`` (its placeholders differ), or None."""
    wanted, found = placeholders(msgid) or set(), placeholders(msgstr)
    if found is None:
        return (
            f"the translation of {msgid!r} has a placeholder that is not a plain name in braces"
            " (no format spec, attribute or index; write {{ for a brace)"
        )
    missing, extra = sorted(wanted - found), sorted(found - wanted)
    parts = []
    if missing:
        parts.append("lacks " + ", ".join(f"{{{name}}}" for name in missing))
    if extra:
        parts.append("has unknown " + ", ".join(f"{{{name}}}" for name in extra))
    if not parts:
        return None
    expected = ", ".join(f"{{{name}}}" for name in sorted(wanted)) or "none"
    return f"the translation of {msgid!r} {' and '.join(parts)} (placeholders: {expected})"


def fill(text: str, values: Mapping[str, object]) -> str:
    """Put ``values`` into the ``{name}`` placeholders of ``text``; ``{{``/``}}`` are braces.

    A placeholder without a value, or any other brace, is left as it is.
    """

    def one(match: re.Match[str]) -> str:
        token = match.group()
        if token in ("{{", "}}"):
            return token[0]
        name = match.group(1)
        return str(values[name]) if name is not None and name in values else token

    return _TOKEN.sub(one, text)


def parse_po(text: str) -> dict[str, str]:
    """msgid -> msgstr of a .po file; untranslated (empty) and fuzzy entries are left out."""
    return {msgid: msgstr for msgid, msgstr, _ in parse_po_entries(text)}


def parse_po_entries(text: str) -> list[tuple[str, str, int]]:
    """(msgid, msgstr, line of the msgstr) of each translated entry of a .po file."""
    entries: list[tuple[str, str, int]] = []
    current: dict[str, list[str]] = {}
    key: str | None = None
    fuzzy = False
    start = msgstr_line = 0

    def finish() -> None:
        nonlocal current, key, fuzzy
        if "msgid" in current and "msgstr" in current:
            msgid, msgstr = "".join(current["msgid"]), "".join(current["msgstr"])
            if msgid and msgstr and not fuzzy:
                entries.append((msgid, msgstr, msgstr_line))
        elif current:
            raise PoError(start, "an entry needs both msgid and msgstr")
        current, key, fuzzy = {}, None, False

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            continue
        if line.startswith(("msgid ", "msgstr ")):
            word, _, rest = line.partition(" ")
            if word == "msgid" and "msgid" in current:
                finish()
            if not current:
                start = number
            if word == "msgstr":
                msgstr_line = number
            key = word
            current[key] = [_string(rest, number)]
        elif line.startswith('"') and key is not None:
            current[key].append(_string(line, number))
        elif line.startswith(("msgctxt", "msgid_plural", "msgstr[")):
            raise PoError(number, f"'{line.split()[0]}' is not supported: write plain msgid/msgstr")
        else:
            raise PoError(number, f"cannot read this line: {line[:40]}")
    finish()
    return entries


def _string(token: str, line: int) -> str:
    if not (len(token) >= 2 and token.startswith('"') and token.endswith('"')):
        raise PoError(line, "expected a quoted string")
    try:
        value = ast.literal_eval(token)
    except (ValueError, SyntaxError):
        raise PoError(line, "bad escape in a quoted string") from None
    if not isinstance(value, str):
        raise PoError(line, "expected a quoted string")
    return value


@dataclass(frozen=True, slots=True)
class Translator:
    """Interface text in one language."""

    lang: str
    messages: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def __call__(self, text: str, **values: object) -> str:
        """``text`` in this language (itself when untranslated), placeholders filled in."""
        out = self.messages.get(text, text)
        return fill(out, values) if values else out


class OutsidePoError(PoError):
    """A message catalog that is a symbolic link out of its folder."""


MAX_PO_BYTES = 4 * 1024 * 1024
"""Largest message catalog read."""


def locale_problem(path: Path, exc: PoError) -> Diagnostic:
    """A .po file or entry that cannot be used, as a located diagnostic."""
    hint = (
        "each entry is a msgid line and a msgstr line, as in the theme's .po files"
        if exc.code == "locale.invalid"
        else "use exactly the placeholders of the msgid, such as {n}"
    )
    return Diagnostic(
        location=Location(path=display_path(path), line=exc.line),
        code="path.outside" if isinstance(exc, OutsidePoError) else exc.code,
        message=str(exc),
        hint=None if isinstance(exc, OutsidePoError) else hint,
    )


def load_translators(
    theme_folders: Iterable[Path], root: Path, languages: Iterable[str]
) -> tuple[dict[str, Translator], list[Diagnostic]]:
    """Interface text for each language (theme catalogs, then the catalog's ``locales/``),
    and the problems of files that cannot be read."""
    folders = locale_folders(theme_folders, root)
    translators: dict[str, Translator] = {}
    problems: list[Diagnostic] = []
    for lang in languages:
        messages, broken = load_messages(folders, lang)
        translators[lang] = Translator(lang, MappingProxyType(messages))
        problems += [locale_problem(path, exc) for path, exc in broken]
    return translators, problems


def locale_folders(theme_folders: Iterable[Path], root: Path) -> list[Path]:
    """Where message catalogs are looked for, weakest first: the default theme's, a catalog's
    own theme's, then the catalog's ``locales/``."""
    return [*(f / "locales" for f in reversed(list(theme_folders))), root / "locales"]


def load_messages(
    folders: Iterable[Path], lang: str
) -> tuple[dict[str, str], list[tuple[Path, PoError]]]:
    """Merge ``<folder>/<lang>.po`` of each folder, later folders winning; and the problems."""
    merged: dict[str, str] = {}
    problems: list[tuple[Path, PoError]] = []
    for folder in folders:
        path = folder / f"{lang}.po"
        if not path.is_file() and not path.is_symlink():
            continue
        try:
            # A theme's (or the catalog's) locales/ may not link out of that folder.
            data = read_inside(folder.parent, path.relative_to(folder.parent), MAX_PO_BYTES)
            entries = parse_po_entries(data.decode("utf-8"))
        except PoError as exc:
            problems.append((path, exc))
            continue
        except FileProblem as exc:
            kind = OutsidePoError if exc.kind == "outside" else PoError
            problems.append((path, kind(1, f"the file {exc}; it is not read")))
            continue
        except UnicodeDecodeError as exc:
            problems.append((path, PoError(1, f"cannot read the file: {exc}")))
            continue
        for msgid, msgstr, line in entries:
            problem = placeholder_problem(msgid, msgstr)
            if problem is None:
                merged[msgid] = msgstr
            else:
                problems.append((path, PoError(line, problem, "locale.placeholder")))
    return merged, problems
