"""Parse YAML text safely into plain data plus a map from JSON pointer to source position.

PyYAML's libyaml composer (when available) turns text into a node tree; this module builds
plain Python values from that tree itself, so it can record where every value sits, refuse
duplicate keys (PyYAML silently keeps the last one) and cap the work an alias bomb can cause.
Timestamps stay strings, and the original text of every unquoted non-string scalar is kept,
so a later stage can read ``version: 1.10`` as the string the author meant.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml

try:  # libyaml is about ten times faster; fall back to pure Python where it is missing.
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_NODES = 100_000
"""Most YAML values one file may expand to (aliases included); stops alias bombs."""
MAX_DEPTH = 64
"""Deepest nesting of mappings and sequences."""
MAX_EXPANDED_CHARS = 4 * 1024 * 1024
"""Most characters of text one file may expand to, aliases included: a file holds at most
1 MiB, so only aliases that repeat large text reach this (an alias "size bomb")."""

_CONSTRUCTOR = yaml.SafeLoader("")


class Position(NamedTuple):
    """0-based line and column inside the parsed text (a tuple: millions may be cached)."""

    line: int
    col: int


@dataclass()
class ParsedYaml:
    """The values of one YAML document and where each one came from."""

    data: Any = None
    values: dict[str, tuple[int, int]] = field(default_factory=dict)
    """JSON pointer -> where the value starts."""
    keys: dict[str, tuple[int, int]] = field(default_factory=dict)
    """JSON pointer -> where the mapping key naming that value starts."""
    raw: dict[str, str] = field(default_factory=dict)
    """JSON pointer -> source text of an unquoted scalar that YAML reads as something other
    than text: null, true/false, a number or a date (dates load as their text)."""
    blocks: set[str] = field(default_factory=set)
    """JSON pointers of block scalars (| or >), whose text starts on the next line."""


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """A problem found while parsing, positioned 0-based in the text."""

    code: str
    message: str
    position: Position
    hint: str | None = None


class YamlError(Exception):
    """Parsing stopped; ``problem`` says where and why."""

    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _tag_name(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org") else tag


def escape_pointer_token(token: str) -> str:
    """Escape one JSON pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def parse_yaml(text: str) -> tuple[ParsedYaml, list[YamlProblem]]:
    """Parse one YAML document; raise ``YamlError`` if it cannot be read at all."""
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        raise YamlError(_problem_from_marked(exc, text)) from None
    except yaml.YAMLError as exc:
        raise YamlError(YamlProblem("yaml.syntax", str(exc), Position(0, 0))) from None
    except RecursionError:
        raise YamlError(
            YamlProblem("yaml.too-deep", "the YAML is nested too deeply", Position(0, 0))
        ) from None
    result = ParsedYaml()
    if node is None:
        return result, []
    builder = _Builder(result)
    result.data = builder.build(node, "", 0)
    return result, builder.problems


def _problem_from_marked(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    pos = Position(mark.line, mark.column) if mark else Position(0, 0)
    lines = text.split("\n")
    source_line = lines[pos.line] if pos.line < len(lines) else ""
    problem = (exc.problem or "invalid YAML").strip()
    context = (exc.context or "").strip()
    message = f"{problem} ({context})" if context else problem
    hint = None
    if "\t" in source_line[: pos.col + 1] or "'\\t'" in problem:
        hint = "YAML indentation must use spaces, not tabs"
    elif "mapping values are not allowed" in problem:
        hint = "a value containing ': ' must be quoted, e.g. title: \"Data: the basics\""
    elif "found undefined alias" in problem:
        hint = "define the anchor (&name) before using the alias (*name)"
    elif "expected <block end>" in problem or "did not find expected" in problem:
        hint = "check the indentation of this line and the one before it"
    return YamlProblem("yaml.syntax", message, pos, hint)


class _Builder:
    def __init__(self, result: ParsedYaml) -> None:
        self.result = result
        self.problems: list[YamlProblem] = []
        self.count = 0
        self.chars = 0

    def build(self, node: yaml.Node, pointer: str, depth: int) -> Any:
        self.count += 1
        pos = Position(node.start_mark.line, node.start_mark.column)
        if self.count > MAX_NODES:
            raise YamlError(
                YamlProblem(
                    "yaml.too-large",
                    f"the YAML expands to more than {MAX_NODES:,} values",
                    pos,
                    "remove aliases (*name) that repeat large blocks",
                )
            )
        if depth > MAX_DEPTH:
            raise YamlError(
                YamlProblem("yaml.too-deep", f"nesting deeper than {MAX_DEPTH} levels", pos)
            )
        # Plain (line, col) tuples: a large catalog's cache holds hundreds of thousands.
        self.result.values.setdefault(pointer, (pos.line, pos.col))
        if (
            isinstance(node, (yaml.MappingNode, yaml.SequenceNode))
            and node.tag not in _COLLECTION_TAGS
        ):
            self.problems.append(
                YamlProblem(
                    "yaml.tag",
                    f"unsupported YAML tag {_tag_name(node.tag)}",
                    pos,
                    "remove the '!' tag",
                )
            )
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, pointer, depth)
        if isinstance(node, yaml.SequenceNode):
            return [
                self.build(item, f"{pointer}/{i}", depth + 1) for i, item in enumerate(node.value)
            ]
        return self._scalar(node, pointer, pos)

    def _mapping(self, node: yaml.MappingNode, pointer: str, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_pos = Position(key_node.start_mark.line, key_node.start_mark.column)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    YamlProblem("yaml.key-type", "a mapping key must be a plain name", key_pos)
                )
                continue
            key = str(key_node.value)
            if key == "<<" and key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(
                    YamlProblem(
                        "yaml.merge-key",
                        "merge keys (<<) are not supported",
                        key_pos,
                        "write the keys out in full",
                    )
                )
                continue
            child = f"{pointer}/{escape_pointer_token(key)}"
            if key in out:
                first = self.result.keys[child]
                self.problems.append(
                    YamlProblem(
                        "yaml.duplicate-key",
                        f"duplicate key '{key}' (first defined on line {first[0] + 1})",
                        key_pos,
                        "remove one of them; YAML would silently keep only the last",
                    )
                )
                continue
            self.result.keys[child] = (key_pos.line, key_pos.col)
            out[key] = self.build(value_node, child, depth + 1)
        return out

    def _scalar(self, node: yaml.Node, pointer: str, pos: Position) -> Any:
        self.chars += len(node.value)
        if self.chars > MAX_EXPANDED_CHARS:
            raise YamlError(
                YamlProblem(
                    "yaml.too-large",
                    f"the YAML expands to more than {MAX_EXPANDED_CHARS:,} characters of text",
                    pos,
                    "remove aliases (*name) that repeat large blocks",
                )
            )
        tag = node.tag
        if tag == "tag:yaml.org,2002:str":
            if getattr(node, "style", None) in ("|", ">"):
                self.result.blocks.add(pointer)
            return node.value
        if tag == "tag:yaml.org,2002:timestamp":
            self.result.raw[pointer] = str(node.value)
            return str(node.value)
        if tag in _SAFE_SCALAR_TAGS:
            try:
                value = _CONSTRUCTOR.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, OverflowError):
                return str(node.value)
            self.result.raw[pointer] = str(node.value)
            return value
        self.problems.append(
            YamlProblem(
                "yaml.tag", f"unsupported YAML tag {_tag_name(tag)}", pos, "remove the '!' tag"
            )
        )
        return str(node.value)


_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})
_SAFE_SCALAR_TAGS = frozenset(
    {
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
    }
)
