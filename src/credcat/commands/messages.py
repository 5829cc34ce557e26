"""Find every interface text the default theme and credcat show, for message catalogs.

``credcat`` itself does not need this at build time; the test suite uses it to check that the
shipped catalogs are complete, and ``python -m credcat.commands.messages`` writes the template
``themes/default/locales/credcat.pot`` from which translators start a new language.
"""

from __future__ import annotations

import ast
import sys
from importlib import resources
from pathlib import Path

import jinja2

Message = str | tuple[str, str]
"""A message id, or a singular and plural message id for text with a count."""

PLURAL_CALLS = frozenset({"_n", "_forms", "n", "Nn_"})
"""Calls whose first two arguments are a singular and a plural text (``_n`` and ``_forms`` in
templates; ``t.n`` and ``Nn_`` in Python)."""


def template_messages(folder: Path) -> set[Message]:
    """Literal texts passed to ``_()``, ``_n()`` and ``_forms()`` in the templates below
    ``folder``."""
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    found: set[Message] = set()
    for path in sorted(folder.rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        calls = env.extract_translations(source, gettext_functions=("_", "_n", "_forms"))  # type: ignore[attr-defined]
        for _line, func, message in calls:
            if func == "_" and isinstance(message, tuple):  # _("text", n=2): text, then None
                message = message[0]
            if func == "_" and isinstance(message, str):
                found.add(message)
            elif func != "_" and isinstance(message, tuple) and len(message) >= 2:
                one, many = message[0], message[1]
                if isinstance(one, str) and isinstance(many, str):
                    found.add((one, many))
    return found


def python_messages(folder: Path) -> set[Message]:
    """Literal texts marked with ``N_()``, and the pairs of ``Nn_()`` and ``t.n()``, in
    credcat's modules."""
    found: set[Message] = set()
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = (
                node.func.id
                if isinstance(node.func, ast.Name)
                else node.func.attr
                if isinstance(node.func, ast.Attribute)
                else ""
            )
            texts = [
                a.value
                for a in node.args
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
            if name == "N_" and isinstance(node.func, ast.Name) and texts:
                found.add(texts[0])
            elif name in PLURAL_CALLS and len(texts) >= 2 and _leading_strings(node) >= 2:
                found.add((texts[0], texts[1]))
    return found


def _leading_strings(node: ast.Call) -> int:
    count = 0
    for arg in node.args:
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            break
        count += 1
    return count


def all_messages(theme: Path) -> list[Message]:
    """Every message id, sorted by its (singular) text."""
    package = Path(str(resources.files("credcat")))
    found = template_messages(theme / "templates") | python_messages(package)
    return sorted(found, key=lambda m: (m, "") if isinstance(m, str) else m)


def pot_text(messages: list[Message]) -> str:
    """A gettext template (.pot) of ``messages``."""
    lines = [
        "# Interface text of credcat's default theme. Copy to <lang>.po and fill in msgstr;",
        "# set Plural-Forms for your language (ms and id: nplurals=1; plural=0;).",
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
        "",
    ]
    for message in messages:
        if isinstance(message, str):
            lines += [f"msgid {_quote(message)}", 'msgstr ""', ""]
        else:
            lines += [
                f"msgid {_quote(message[0])}",
                f"msgid_plural {_quote(message[1])}",
                'msgstr[0] ""',
                'msgstr[1] ""',
                "",
            ]
    return "\n".join(lines)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main() -> int:
    """Write themes/default/locales/credcat.pot next to the default theme's templates."""
    from credcat.check.theme import builtin_theme

    theme = builtin_theme()
    target = theme / "locales" / "credcat.pot"
    target.write_text(pot_text(all_messages(theme)), encoding="utf-8")
    print(f"wrote {target} ({len(all_messages(theme))} messages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
