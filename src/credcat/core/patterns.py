"""JSON Schema ``pattern`` semantics (ECMA-262) for Python's ``re``.

JSON Schema patterns are ECMA-262 regular expressions. jsonschema-rs, the fast validator,
follows ECMA-262; Python's ``re`` differs in ways that matter for a published URL:

- ``$`` also matches before a final newline, so ``^[0-9]+$`` accepts ``"1\\n"``;
- ``\\d``, ``\\w`` and ``\\s`` are Unicode-wide (``\\d`` matches U+0661, an Arabic-Indic
  digit), while in ECMA-262 ``\\d`` and ``\\w`` are ASCII and ``\\s`` is the WhiteSpace and
  LineTerminator set;
- ``.`` does not stop at ``\\r``, U+2028 and U+2029.

``translate`` rewrites a pattern so that ``re.search`` gives the ECMA-262 answer for the
subset of the syntax credcat's schemas use (literals, classes, groups, quantifiers,
alternation, ``^`` and ``$``). Anything outside that subset raises ``ValueError``, so a
schema that starts using more syntax fails its tests instead of validating differently.
"""

from __future__ import annotations

import re
from functools import cache

_ECMA_SPACE = (
    "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
)
_CLASS_ESCAPES = {
    "d": "0-9",
    "w": "A-Za-z0-9_",
    "s": _ECMA_SPACE,
}
_OUTSIDE_ESCAPES = {
    "d": "[0-9]",
    "D": "[^0-9]",
    "w": "[A-Za-z0-9_]",
    "W": "[^A-Za-z0-9_]",
    "s": f"[{_ECMA_SPACE}]",
    "S": f"[^{_ECMA_SPACE}]",
}
_LITERAL_ESCAPES = frozenset(".-/\\^$*+?()[]{}|")
_SYNTAX = frozenset("()|*+?{},0123456789")


def translate(pattern: str) -> str:
    """Return a Python ``re`` pattern that matches exactly what the ECMA-262 one matches."""
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        char = pattern[i]
        if char == "\\":
            if i + 1 >= n:
                raise ValueError(f"pattern {pattern!r} ends with a backslash")
            esc = pattern[i + 1]
            i += 2
            if in_class and esc in _CLASS_ESCAPES:
                out.append(_CLASS_ESCAPES[esc])
            elif not in_class and esc in _OUTSIDE_ESCAPES:
                out.append(_OUTSIDE_ESCAPES[esc])
            elif esc in _LITERAL_ESCAPES:
                out.append("\\" + esc)
            elif esc == "x" and re.fullmatch(r"[0-9A-Fa-f]{2}", pattern[i : i + 2]):
                out.append("\\x" + pattern[i : i + 2])
                i += 2
            elif esc == "u" and re.fullmatch(r"[0-9A-Fa-f]{4}", pattern[i : i + 4]):
                out.append("\\u" + pattern[i : i + 4])
                i += 4
            else:
                raise ValueError(f"pattern {pattern!r} uses the escape \\{esc}")
            continue
        i += 1
        if in_class:
            if char == "]":
                in_class = False
            elif char == "[":
                out.append("\\[")  # a nested-set warning in Python, a literal in ECMA-262
                continue
            out.append(char)
        elif char == "[":
            in_class = True
            out.append(char)
            if pattern[i : i + 1] == "^":
                out.append("^")
                i += 1
            if pattern[i : i + 1] == "]":
                raise ValueError(f"pattern {pattern!r} has an empty class")
        elif char == "$":
            out.append(r"\Z")
        elif char == ".":
            out.append("[^\\n\\r\\u2028\\u2029]")
        elif char == "^" or char in _SYNTAX or char.isalnum() or char in " -_:/@#&=%!~'\"<>;`":
            if char == "(" and pattern[i : i + 1] == "?":
                raise ValueError(f"pattern {pattern!r} uses a (? group")
            out.append(re.escape(char) if char in "#&~ " else char)
        else:
            raise ValueError(f"pattern {pattern!r} uses {char!r} outside a class")
    if in_class:
        raise ValueError(f"pattern {pattern!r} has an unclosed class")
    return "".join(out)


@cache
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a JSON Schema pattern with ECMA-262 semantics (cached)."""
    return re.compile(translate(pattern))
