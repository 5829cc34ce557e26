"""Interface text in the catalog's languages: gettext message catalogs (``.po`` files).

The default theme ships ``locales/ms.po`` and ``locales/id.po``; English is the source
language (the message ids), so it needs no file. A catalog adds or corrects translations in
its own ``locales/<lang>.po``, which wins over the theme's; a new language needs nothing but
such a file (and the language in ``catalog.yaml``). Templates call ``_("text")``; Python
code marks text shown to readers with ``N_("text")`` so that the completeness test finds it.

Text that depends on a count has a singular and a plural message id: ``_n("{n} credit",
"{n} credits", count)`` in templates, ``t.n(...)`` in Python. A .po file gives it one
``msgstr[i]`` per plural form of its ``Plural-Forms`` header (Malay and Indonesian have one
form, English two); a file without that header takes CLDR's rule for its language. ``{n}`` is
the count, written in the page's language ('1,5' in Indonesian).

Placeholders are names in braces: ``_("Any {n} of these", n=2)``; ``{{`` and ``}}`` write a
brace. They are filled in by plain substitution, never ``str.format``: a translation is text
from outside, and a format string could read object attributes (``{title.__class__}``) or ask
for a field nine hundred million characters wide (``{title:>900000000}``). A translation whose
placeholders are not exactly those of its message id (missing, extra, renamed, with a format
spec, attribute or index) is a located ``locale.placeholder`` error and is not used; a plural
form may leave out the count ``{n}`` ("one credit"), nothing else.

The files are read by Babel (``babel.messages.pofile``), after a line check of our own that
gives a broken line its line number (Babel's reader reads an unterminated string as if it
were closed). Nothing is compiled: the build reads the .po files themselves.
"""

from __future__ import annotations

import ast
import gettext
import io
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType

from babel.messages.pofile import PoFileError, read_po

from credcat.core.diagnostics import Diagnostic, Location, Severity
from credcat.core.files import FileProblem, read_inside
from credcat.core.formats import Formats, locale_of
from credcat.core.sources import display_path

ENGLISH_RULE = "(n != 1)"
"""The plural rule of the message ids themselves."""


def N_(text: str) -> str:
    """Mark ``text`` as interface text to translate where it is shown."""
    return text


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular and plural text, shown with a count by ``Translator.n``."""
    return singular, plural


class PoError(ValueError):
    """A .po file (or one entry of it) that cannot be used; ``line`` is 1-based."""

    def __init__(
        self, line: int, message: str, code: str = "locale.invalid", hint: str | None = None
    ) -> None:
        super().__init__(message)
        self.line = line
        self.code = code
        self.hint = hint
        self.warning = False


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


def placeholder_problem(
    msgid: str, msgstr: str, optional: frozenset[str] = frozenset()
) -> str | None:
    """Why ``msgstr`` cannot stand for ``msgid`` (its placeholders differ), or None.

    ``optional`` placeholders may be left out (the count, in a plural form).
    """
    wanted, found = placeholders(msgid) or set(), placeholders(msgstr)
    if found is None:
        return (
            f"the translation of {msgid!r} has a placeholder that is not a plain name in braces"
            " (no format spec, attribute or index; write {{ for a brace)"
        )
    missing, extra = sorted(wanted - found - optional), sorted(found - wanted)
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


@dataclass(frozen=True, slots=True)
class PoEntry:
    """One translated entry of a .po file."""

    msgid: str
    msgstr: tuple[str, ...]
    """The translation; one text per plural form when the entry has ``msgid_plural``."""
    line: int
    """Line of the entry's msgid (1-based)."""
    form_lines: tuple[int, ...]
    """Line of each msgstr (or msgstr[i])."""
    plural: str | None = None
    """``msgid_plural``, the English plural text."""


@dataclass(frozen=True, slots=True)
class PoFile:
    """What a .po file holds: its translated entries and its plural rule."""

    entries: tuple[PoEntry, ...]
    plural_rule: str
    """The C expression of the Plural-Forms header ('(n != 1)'), CLDR's for the language when
    the file has none."""
    plural_count: int
    """How many plural forms the rule has (``nplurals``)."""
    rule_line: int = 1
    """Line of the Plural-Forms header (1 when the file has none)."""

    def texts(self) -> dict[str | tuple[str, str], tuple[str, ...]]:
        """Message id (a (singular, plural) pair for text with a count) -> its forms."""
        return {
            (e.msgid if e.plural is None else (e.msgid, e.plural)): e.msgstr for e in self.entries
        }


def parse_po(text: str, lang: str | None = None) -> PoFile:
    """Read a .po file with Babel; untranslated (empty), fuzzy and obsolete entries are left out.

    ``lang`` gives the plural rule of a file without a Plural-Forms header. Babel's reader
    accepts some broken lines silently (an unterminated string is read as if it were closed),
    so every line is checked first, for a located error.
    """
    msgstr_lines = _check_lines(text)
    try:
        catalog = read_po(io.StringIO(text), locale=_babel_locale(lang), abort_invalid=True)
    except PoFileError as exc:
        said = str(exc).removesuffix(f" on {exc.lineno}")
        if "more translations than num_plurals" in said:
            said = "it has more plural forms (msgstr[i]) than the Plural-Forms header gives"
        raise PoError(max(exc.lineno, 0) + 1, f"cannot read this entry: {said}") from None
    except (ValueError, SyntaxError) as exc:  # a Plural-Forms header Babel cannot read
        raise PoError(1, f"cannot read the header: {exc}") from None
    rule = catalog.plural_expr
    try:
        gettext.c2py(rule)
    except (ValueError, SyntaxError):
        raise PoError(
            _header_line(text),
            f"cannot read the plural rule {rule!r}",
            hint="write it as gettext does: 'nplurals=1; plural=0;' (Malay, Indonesian) or "
            "'nplurals=2; plural=(n != 1);' (English)",
        ) from None
    entries: list[PoEntry] = []
    for message in catalog:
        if not message.id or message.fuzzy or message.context is not None:
            continue
        line = message.lineno or 1
        if isinstance(message.id, tuple):
            forms = tuple(message.string) if isinstance(message.string, tuple) else ()
            if not any(forms):
                continue
            if len(forms) != catalog.num_plurals or not all(forms):
                raise PoError(
                    line,
                    f"{message.id[0]!r} has {sum(1 for f in forms if f)} of the "
                    f"{catalog.num_plurals} plural forms that Plural-Forms asks for "
                    f"(msgstr[0] to msgstr[{catalog.num_plurals - 1}])",
                )
            lines = tuple(msgstr_lines.get(line, [line]))
            entries.append(PoEntry(message.id[0], forms, line, lines, plural=message.id[1]))
        elif isinstance(message.string, str) and message.string:
            lines = tuple(msgstr_lines.get(line, [line]))
            entries.append(PoEntry(str(message.id), (message.string,), line, lines))
    return PoFile(tuple(entries), rule, catalog.num_plurals, _header_line(text))


def _babel_locale(lang: str | None) -> str | None:
    if lang is None:
        return None
    locale = locale_of(lang)
    return str(locale) if locale is not None else None


def _header_line(text: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if "Plural-Forms:" in line:
            return number
    return 1


_KEYWORD = re.compile(r"(msgctxt|msgid|msgid_plural|msgstr|msgstr\[[0-9]+\])\s+(.*)")


def _check_lines(text: str) -> dict[int, list[int]]:
    """Raise a located PoError for a line that is not part of a well-formed entry; else
    return the lines of the msgstr (or of each msgstr[i]) of the entry at each msgid line."""
    has_id = has_str = False
    start = 0
    found: dict[int, list[int]] = {}

    def finish() -> None:
        if has_id and not has_str:
            raise PoError(start, "an entry needs both msgid and msgstr")

    continued = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            has_id = has_str = continued = False
            continue
        if line.startswith("#"):
            continue
        match = _KEYWORD.fullmatch(line)
        if match is not None:
            word = match.group(1)
            if word in ("msgctxt", "msgid") and has_str:
                finish()
                has_id = has_str = False
            if word == "msgid":
                if not has_id:
                    start = number
                has_id = True
            elif word.startswith("msgstr"):
                has_str = True
                found.setdefault(start, []).append(number)
            _string(match.group(2), number)
            continued = True
        elif line.startswith('"') and continued:
            _string(line, number)
        else:
            raise PoError(number, f"cannot read this line: {line[:40]}")
    finish()
    return found


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


@cache
def _rule(expression: str) -> Callable[[int], int]:
    """A Plural-Forms expression as a function (the standard library's safe translator)."""
    return gettext.c2py(expression)


def _empty() -> Mapping[str, str]:
    return MappingProxyType({})


def _no_plurals() -> Mapping[tuple[str, str], tuple[str, ...]]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Translator:
    """Interface text in one language."""

    lang: str
    messages: Mapping[str, str] = field(default_factory=_empty)
    plurals: Mapping[tuple[str, str], tuple[str, ...]] = field(default_factory=_no_plurals)
    """(singular id, plural id) -> the text of each plural form."""
    plural_rule: str = ENGLISH_RULE
    """The Plural-Forms expression that picks a form of ``plurals`` for a count."""

    def __call__(self, text: str, **values: object) -> str:
        """``text`` in this language (itself when untranslated), placeholders filled in."""
        out = self.messages.get(text, text)
        return fill(out, values) if values else out

    def n(self, singular: str, plural: str, count: float, **values: object) -> str:
        """The form of ``singular``/``plural`` for ``count``; ``{n}`` is the count, written
        in this language unless ``n`` is given.

        A whole count picks its form by the plural rule; any other ('1.5 credits') takes the
        last form, which is the plural in the languages credcat ships.
        """
        values.setdefault("n", Formats(self.lang).number(count))
        forms = self.plurals.get((singular, plural))
        if forms is None:
            forms, rule = (singular, plural), ENGLISH_RULE
        else:
            rule = self.plural_rule
        index = _rule(rule)(int(count)) if _whole(count) else len(forms) - 1
        return fill(forms[min(max(index, 0), len(forms) - 1)], values)

    def forms(self, singular: str, plural: str) -> dict[str, str]:
        """The text of each CLDR plural category, ``{n}`` unfilled, for scripts on the page.

        ``Intl.PluralRules`` of the language under the key "lang" picks the category there:
        English for text that is not translated (its forms are the English ones).
        """
        lang = self.lang if (singular, plural) in self.plurals else "en"
        samples = Formats(lang).plural_samples()
        found = {"lang": lang}
        for category, sample in sorted(samples.items()):
            found[category] = self.n(singular, plural, sample, n="{n}")
        return found

    def fingerprint(self) -> Iterable[str]:
        """Every text and rule of this language, in a stable order (for cache keys)."""
        yield f"rule\0{self.plural_rule}"
        for msgid, text in sorted(self.messages.items()):
            yield f"{msgid}\0{text}"
        for (one, many), forms in sorted(self.plurals.items()):
            yield "\0".join((one, many, *forms))


def _whole(count: float) -> bool:
    return isinstance(count, int) or (math.isfinite(count) and float(count).is_integer())


class OutsidePoError(PoError):
    """A message catalog that is a symbolic link out of its folder."""


MAX_PO_BYTES = 4 * 1024 * 1024
"""Largest message catalog read."""


def locale_problem(path: Path, exc: PoError) -> Diagnostic:
    """A .po file or entry that cannot be used, as a located diagnostic."""
    hint = exc.hint or (
        "each entry is a msgid line and a msgstr line (msgid_plural and msgstr[0], msgstr[1]"
        " ... for text with a count), as in the theme's .po files"
        if exc.code == "locale.invalid"
        else "use exactly the placeholders of the msgid, such as {n}"
    )
    return Diagnostic(
        location=Location(path=display_path(path), line=exc.line),
        code="path.outside" if isinstance(exc, OutsidePoError) else exc.code,
        message=str(exc),
        hint=None if isinstance(exc, OutsidePoError) else hint,
        severity=Severity.WARNING if exc.warning else Severity.ERROR,
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
        translator, broken = load_messages(folders, lang)
        translators[lang] = translator
        problems += [locale_problem(path, exc) for path, exc in broken]
    return translators, problems


def locale_folders(theme_folders: Iterable[Path], root: Path) -> list[Path]:
    """Where message catalogs are looked for, weakest first: the default theme's, a catalog's
    own theme's, then the catalog's ``locales/``."""
    return [*(f / "locales" for f in reversed(list(theme_folders))), root / "locales"]


def load_messages(
    folders: Iterable[Path], lang: str
) -> tuple[Translator, list[tuple[Path, PoError]]]:
    """Merge ``<folder>/<lang>.po`` of each folder, later folders winning; and the problems.

    The plural rule is that of the strongest file read; its plural entries are kept only when
    they have that rule's number of forms (a weaker file with another rule loses them).
    """
    messages: dict[str, str] = {}
    plurals: dict[tuple[str, str], tuple[str, ...]] = {}
    rule, count = ENGLISH_RULE, 2
    problems: list[tuple[Path, PoError]] = []
    for folder in folders:
        path = folder / f"{lang}.po"
        if not path.is_file() and not path.is_symlink():
            continue
        try:
            # A theme's (or the catalog's) locales/ may not link out of that folder.
            data = read_inside(folder.parent, path.relative_to(folder.parent), MAX_PO_BYTES)
            po = parse_po(data.decode("utf-8-sig"), lang)  # a BOM is allowed
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
        if any(e.plural is not None for e in po.entries):
            disagreement = rule_disagreement(po.plural_rule, lang)
            if disagreement is not None:
                problems.append((path, disagreement.at(po.rule_line)))
        if po.plural_rule != rule or po.plural_count != count:
            plurals = {k: v for k, v in plurals.items() if len(v) == po.plural_count}
            rule, count = po.plural_rule, po.plural_count
        for entry in po.entries:
            found = _entry_problem(entry)
            if found is not None:
                problem, line = found
                problems.append((path, PoError(line, problem, "locale.placeholder")))
            elif entry.plural is None:
                messages[entry.msgid] = entry.msgstr[0]
            else:
                plurals[(entry.msgid, entry.plural)] = entry.msgstr
    translator = Translator(
        lang, MappingProxyType(messages), MappingProxyType(plurals), plural_rule=rule
    )
    return translator, problems


@dataclass(frozen=True, slots=True)
class RuleDisagreement:
    """Two counts CLDR puts in one plural category that a Plural-Forms rule tells apart."""

    rule: str
    lang: str
    category: str
    first: int
    other: int

    def at(self, line: int) -> PoError:
        """The disagreement as a located warning."""
        problem = PoError(
            line,
            f"the plural rule {self.rule!r} gives {self.first} and {self.other} different forms, "
            f"but CLDR counts both as '{self.category}' in {self.lang}: the scripts on the page, "
            "which follow CLDR (Intl.PluralRules), would show the form of "
            f"{self.first} for {self.other}",
            "locale.plural-rule",
            hint="use CLDR's rule for the language; credcat uses it when the file has no "
            "Plural-Forms header",
        )
        problem.warning = True
        return problem


def rule_disagreement(rule: str, lang: str) -> RuleDisagreement | None:
    """Whether a Plural-Forms rule splits a CLDR plural category (counts 0 to 1,099)."""
    if locale_of(lang) is None:
        return None
    formats, pick = Formats(lang), _rule(rule)
    seen: dict[str, tuple[int, int]] = {}
    for count in range(0, 1100):
        category, form = formats.plural_category(count), pick(count)
        first = seen.setdefault(category, (count, form))
        if first[1] != form:
            return RuleDisagreement(rule, lang, category, first[0], count)
    return None


def _entry_problem(entry: PoEntry) -> tuple[str, int] | None:
    """Why an entry's placeholders are wrong, and the line of the form that has them wrong."""
    for index, form in enumerate(entry.msgstr):
        if entry.plural is None:
            problem = placeholder_problem(entry.msgid, form)
        else:
            problem = placeholder_problem(entry.plural, form, optional=frozenset({"n"}))
        if problem is not None:
            lines = entry.form_lines
            return problem, lines[index] if index < len(lines) else entry.line
    return None
