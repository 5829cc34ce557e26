"""Tests for the position-recording YAML parser."""

from __future__ import annotations

import pytest

from credcat.core.yamldoc import MAX_NODES, Position, YamlError, parse_yaml


def test_records_positions_of_values_and_keys() -> None:
    parsed, problems = parse_yaml("a: 1\nb:\n  - x\n  - y: 2\n")
    assert problems == []
    assert parsed.data == {"a": 1, "b": ["x", {"y": 2}]}
    assert parsed.values["/b/1/y"] == Position(3, 7)
    assert parsed.keys["/b"] == Position(1, 0)


def test_duplicate_key_is_a_problem_and_first_value_is_kept() -> None:
    parsed, problems = parse_yaml("title: A\ntitle: B\n")
    assert parsed.data == {"title": "A"}
    assert [(p.code, p.position.line) for p in problems] == [("yaml.duplicate-key", 1)]
    assert "first defined on line 1" in problems[0].message


def test_dates_stay_strings_and_raw_text_is_kept() -> None:
    parsed, _ = parse_yaml("published: 2024-03-01\nversion: 1.10\nlang: no\n")
    assert parsed.data["published"] == "2024-03-01"
    assert parsed.data["version"] == 1.1
    assert parsed.raw["/version"] == "1.10"
    assert parsed.raw["/lang"] == "no"


def test_block_scalars_are_marked() -> None:
    parsed, _ = parse_yaml("criteria: |\n  text\nsummary: plain\n")
    assert parsed.blocks == {"/criteria"}


def test_alias_bomb_is_refused() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 9):
        prev = chr(ord("a") + n - 1)
        name = chr(ord("a") + n)
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 10)}]")
    with pytest.raises(YamlError) as info:
        parse_yaml("\n".join(lines) + "\n")
    assert info.value.problem.code == "yaml.too-large"
    assert f"{MAX_NODES:,}" in info.value.problem.message


def test_python_tags_are_not_constructed() -> None:
    parsed, problems = parse_yaml("x: !!python/object/apply:os.system ['echo hi']\n")
    assert parsed.data == {"x": None}
    assert [p.code for p in problems] == ["yaml.tag"]


def test_custom_scalar_tag_is_a_problem() -> None:
    parsed, problems = parse_yaml("x: !!python/name:os.system ''\ny: !custom 3\n")
    assert parsed.data == {"x": "", "y": "3"}
    assert [p.code for p in problems] == ["yaml.tag", "yaml.tag"]


def test_syntax_error_has_position_and_hint_for_tabs() -> None:
    with pytest.raises(YamlError) as info:
        parse_yaml("a:\n\t- b\n")
    problem = info.value.problem
    assert problem.code == "yaml.syntax"
    assert problem.position.line == 1
    assert problem.hint is not None
    assert "spaces" in problem.hint


def test_deep_nesting_is_refused() -> None:
    text = "a: " + "[" * 200 + "]" * 200 + "\n"
    with pytest.raises(YamlError) as info:
        parse_yaml(text)
    assert info.value.problem.code == "yaml.too-deep"


def test_empty_document() -> None:
    parsed, problems = parse_yaml("")
    assert parsed.data is None
    assert problems == []
