"""Interface text in the catalog's languages: gettext message catalogs (``.po`` files).

The default theme ships ``locales/ms.po`` and ``locales/id.po``; English is the source
language (the message ids), so it needs no file. A catalog adds or corrects translations in
its own ``locales/<lang>.po``, which wins over the theme's; a new language needs nothing but
such a file (and the language in ``catalog.yaml``). Templates call ``_("text")``; Python
code marks text shown to readers with ``N_("text")`` so that the completeness test finds it.
Placeholders use ``str.format`` names: ``_("Any {n} of these", n=2)``.

A small reader of the ``.po`` format is enough here (msgid / msgstr with continued lines and
escapes; no plural forms: the theme chooses between singular and plural texts itself), and
it keeps the build free of a compile step.
"""

from __future__ import annotations

import ast
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
    """A .po file that cannot be read; ``line`` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def parse_po(text: str) -> dict[str, str]:
    """msgid -> msgstr of a .po file; untranslated (empty) and fuzzy entries are left out."""
    entries: dict[str, str] = {}
    current: dict[str, list[str]] = {}
    key: str | None = None
    fuzzy = False
    start = 0

    def finish() -> None:
        nonlocal current, key, fuzzy
        if "msgid" in current and "msgstr" in current:
            msgid, msgstr = "".join(current["msgid"]), "".join(current["msgstr"])
            if msgid and msgstr and not fuzzy:
                entries[msgid] = msgstr
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
        return out.format(**values) if values else out


class OutsidePoError(PoError):
    """A message catalog that is a symbolic link out of its folder."""


MAX_PO_BYTES = 4 * 1024 * 1024
"""Largest message catalog read."""


def locale_problem(path: Path, exc: PoError) -> Diagnostic:
    """A .po file that cannot be read, as a located diagnostic."""
    return Diagnostic(
        location=Location(path=display_path(path), line=exc.line),
        code="path.outside" if isinstance(exc, OutsidePoError) else "locale.invalid",
        message=str(exc),
        hint=None
        if isinstance(exc, OutsidePoError)
        else "each entry is a msgid line and a msgstr line, as in the theme's .po files",
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
            merged.update(parse_po(data.decode("utf-8")))
        except PoError as exc:
            problems.append((path, exc))
        except FileProblem as exc:
            problem = OutsidePoError if exc.kind == "outside" else PoError
            problems.append((path, problem(1, f"the file {exc}; it is not read")))
        except UnicodeDecodeError as exc:
            problems.append((path, PoError(1, f"cannot read the file: {exc}")))
    return merged, problems
