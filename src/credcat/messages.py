"""Find every interface text the default theme and credcat show, for message catalogs.

``credcat`` itself does not need this at build time; the test suite uses it to check that the
shipped catalogs are complete, and ``python -m credcat.messages`` writes the template
``themes/default/locales/credcat.pot`` from which translators start a new language.
"""

from __future__ import annotations

import ast
import sys
from importlib import resources
from pathlib import Path

import jinja2


def template_messages(folder: Path) -> set[str]:
    """Literal texts passed to ``_()`` in the templates below ``folder``."""
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    found: set[str] = set()
    for path in sorted(folder.rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        for _line, _func, message in env.extract_translations(source):  # type: ignore[attr-defined]
            if isinstance(message, tuple):  # _("text", name=value): the text, then None
                message = message[0]
            if isinstance(message, str):
                found.add(message)
    return found


def python_messages(folder: Path) -> set[str]:
    """Literal texts marked with ``N_()`` in credcat's modules."""
    found: set[str] = set()
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "N_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def all_messages(theme: Path) -> list[str]:
    """Every message id, sorted."""
    package = Path(str(resources.files("credcat")))
    return sorted(template_messages(theme / "templates") | python_messages(package))


def pot_text(messages: list[str]) -> str:
    """A gettext template (.pot) of ``messages``."""
    lines = [
        "# Interface text of credcat's default theme. Copy to <lang>.po and fill in msgstr.",
        'msgid ""',
        'msgstr "Content-Type: text/plain; charset=UTF-8\\n"',
        "",
    ]
    for message in messages:
        lines += [f"msgid {_quote(message)}", 'msgstr ""', ""]
    return "\n".join(lines)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main() -> int:
    """Write themes/default/locales/credcat.pot next to the default theme's templates."""
    from credcat.theme import builtin_theme

    theme = builtin_theme()
    target = theme / "locales" / "credcat.pot"
    target.write_text(pot_text(all_messages(theme)), encoding="utf-8")
    print(f"wrote {target} ({len(all_messages(theme))} messages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
