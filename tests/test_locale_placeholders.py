"""Translations fill placeholders by plain substitution; wrong placeholders are located errors.

The corpus case tests/cases/invalid/locale-placeholders has the exact diagnostics.
"""

from __future__ import annotations

import tracemalloc

import pytest

from credcat.core.i18n import Translator, fill, placeholder_problem


def test_fill_substitutes_names_only() -> None:
    assert fill("Any {n} of {size}", {"n": 2, "size": 5}) == "Any 2 of 5"
    assert fill("{{n}} is {n}", {"n": 1}) == "{n} is 1"
    assert fill("{missing} stays", {}) == "{missing} stays"


@pytest.mark.parametrize(
    "hostile",
    ["{title.__class__.__init__.__globals__}", "{title[0]}", "{title!r}", "{title:>900000000}"],
)
def test_format_strings_from_a_po_file_do_nothing(hostile: str) -> None:
    t = Translator("ms", {"Pathway to {title}": f"Laluan {hostile}"})
    tracemalloc.start()
    out = t("Pathway to {title}", title="Data")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert out == f"Laluan {hostile}"
    assert peak < 1_000_000
    assert placeholder_problem("Pathway to {title}", f"Laluan {hostile}") is not None


@pytest.mark.parametrize(
    ("msgstr", "problem"),
    [
        ("Mana-mana {count}", "lacks {n} and has unknown {count}"),
        ("Mana-mana", "lacks {n}"),
        ("{n} {n} {x}", "has unknown {x}"),
        ("{n} {", "not a plain name"),
    ],
)
def test_placeholder_problems(msgstr: str, problem: str) -> None:
    found = placeholder_problem("Any {n}", msgstr)
    assert found is not None
    assert problem in found


def test_matching_placeholders_pass() -> None:
    assert placeholder_problem("Any {n} of {size}", "{size} ... {n} {{x}}") is None


def test_plural_forms_are_filled_the_same_way() -> None:
    hostile = "{n.__class__} {n:>900000000}"
    t = Translator("ms", plurals={("{n} credit", "{n} credits"): (hostile,)}, plural_rule="0")
    assert t.n("{n} credit", "{n} credits", 3) == hostile  # never str.format
    assert placeholder_problem("{n} credits", hostile) is not None
    t = Translator("ms", plurals={("{n} day", "{n} days"): ("{n} hari",)}, plural_rule="0")
    assert t.n("{n} day", "{n} days", 1200) == "1,200 hari"  # the count in the page's language
    assert t.n("{n} day", "{n} days", 2, n="dua") == "dua hari"


def test_a_plural_form_may_leave_out_only_the_count() -> None:
    count = frozenset({"n"})
    assert placeholder_problem("{n} {system} credits", "satu kredit {system}", count) is None
    found = placeholder_problem("{n} {system} credits", "{n} kredit", count)
    assert found is not None
    assert "lacks {system}" in found
    assert placeholder_problem("{n} credits", "{n} {extra}", count) is not None
