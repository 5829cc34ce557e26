"""Check source documents against credcat's packaged JSON Schemas (Draft 2020-12).

Each schema error becomes a located ``Diagnostic`` with a message written for a person
editing YAML, not for a JSON Schema expert.
"""

from __future__ import annotations

import difflib
import json
import math
import os
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import jsonschema_rs
import yaml

from credcat.core.diagnostics import Diagnostic, Severity
from credcat.core.patterns import compile_pattern
from credcat.core.sources import Kind, SourceDoc
from credcat.core.weburl import UrlProblem, parse_url
from credcat.core.yamldoc import escape_pointer_token

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

_REQUIRED = re.compile(r"^'(.+)' is a required property$")
SCHEMA_NAMES = {
    Kind.CATALOG: "catalog",
    Kind.ISSUER: "issuer",
    Kind.CREDENTIAL: "credential",
    Kind.ISSUER_TRANSLATION: "issuer-translation",
    Kind.CREDENTIAL_TRANSLATION: "credential-translation",
    Kind.CATALOG_TRANSLATION: "catalog-translation",
}


@cache
def load_schema(name: str) -> dict[str, Any]:
    """Return one packaged schema (``catalog``, ``issuer`` or ``credential``)."""
    text = resources.files("credcat").joinpath(f"schemas/{name}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def defaults(name: str) -> MappingProxyType[str, Any]:
    """The ``default`` of every top-level field of schema ``name``: the one place defaults
    are written (the schema, which editors and the generated field reference also show)."""
    props = load_schema(name)["properties"]
    return MappingProxyType({k: v["default"] for k, v in props.items() if "default" in v})


MAX_SAFE_INTEGER = 2**53 - 1
"""Largest integer every reader of the JSON outputs (JavaScript included) holds exactly."""


def _ecma_pattern(
    validator: Any, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not compile_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def _explainer() -> Any:
    """Draft 2020-12 with ECMA-262 ``pattern`` semantics, the same as jsonschema-rs.

    jsonschema is imported here, not with the module: only an invalid file needs its
    explanations, and importing it is about a third of a build's start-up."""
    from jsonschema import Draft202012Validator, validators

    return validators.extend(  # type: ignore[no-untyped-call]
        Draft202012Validator, {"pattern": _ecma_pattern}
    )


@cache
def _validator(name: str) -> Any:
    explainer = _explainer()
    return explainer(load_schema(name), format_checker=explainer.FORMAT_CHECKER)


@cache
def _fast_validator(name: str) -> Any:
    return jsonschema_rs.validator_for(load_schema(name), validate_formats=True)


def is_valid(name: str, data: Any) -> bool:
    """The one verdict: values the outputs can carry, and valid for jsonschema-rs."""
    return not list(value_problems(data, "")) and bool(_fast_validator(name).is_valid(data))


def explain(name: str, data: Any) -> list[ValidationError]:
    """The explaining validator's errors (the same regex semantics as the fast one)."""
    return sorted(_validator(name).iter_errors(data), key=_error_order)


def validate_doc(doc: SourceDoc) -> list[Diagnostic]:
    """Validate one document: the verdict is ``is_valid``'s, the explanations are ``explain``'s.

    jsonschema-rs (Rust) answers "valid?" about 80 times faster than the pure-Python
    validator, which then runs only for invalid documents, to explain each error. Both use
    ECMA-262 patterns (see ``patterns.py``); should the explainer still find nothing to say
    about a document the fast validator refused, the fast validator's own messages are shown,
    so a refused document is never published. Unquoted YAML scalars where text is expected are
    read as the author's text, with a warning.
    """
    name = SCHEMA_NAMES[doc.kind]
    schema = load_schema(name)
    diagnostics = list(coerce_scalars(doc, doc.data, schema, ""))
    if is_valid(name, doc.data):
        return diagnostics
    problems = list(value_problems(doc.data, ""))
    for pointer, code, message in problems:
        hint = _NUMBER_HINT if code == "schema.number" else _CHARACTER_HINT
        diagnostics.append(_diag(doc.locate(pointer), code, message, hint))
    numbers = {pointer for pointer, _, _ in problems}
    for error in explain(name, doc.data):
        if _pointer(error.absolute_path) not in numbers:
            diagnostics.extend(_diagnose(doc, error))
    if not any(d.severity is Severity.ERROR for d in diagnostics):
        for rs_error in _fast_validator(name).iter_errors(doc.data):
            path = list(rs_error.instance_path)
            diagnostics.append(
                _diag(
                    doc.locate(_pointer(path)),
                    "schema.invalid",
                    f"{field_name(path)}: {rs_error.message}",
                    None,
                )
            )
    return diagnostics


_NUMBER_HINT = "write a plain number such as 12 or 2.5"
_CHARACTER_HINT = "remove it (in double quotes, an escape such as \\x0b writes one)"
_NOT_TEXT = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters no published text may hold: controls (XML 1.0 forbids them), lone surrogates."""


def value_problems(data: Any, pointer: str) -> Iterator[tuple[str, str, str]]:
    """Values the outputs cannot carry: numbers that are not finite or are integers beyond
    2^53 - 1 (JSON readers), and text with control characters or lone surrogates (XML)."""
    if isinstance(data, bool):
        return
    if isinstance(data, str):
        bad = _NOT_TEXT.search(data)
        if bad:
            point = ord(bad.group())
            what = "an invalid" if 0xD800 <= point <= 0xDFFF or point > 0xFFFD else "a control"
            message = f"{_field_of(pointer)} contains {what} character (U+{point:04X})"
            yield pointer, "schema.character", message
        return
    if isinstance(data, float) and not math.isfinite(data):
        message = f"{_field_of(pointer)} must be a finite number (got {_yaml_number(data)})"
        yield pointer, "schema.number", message
    elif isinstance(data, int) and abs(data) > MAX_SAFE_INTEGER:
        message = (
            f"{_field_of(pointer)} is too large a number "
            f"(at most {MAX_SAFE_INTEGER:,} either side of zero)"
        )
        yield pointer, "schema.number", message
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from value_problems(value, f"{pointer}/{escape_pointer_token(str(key))}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from value_problems(value, f"{pointer}/{i}")


def _yaml_number(value: float) -> str:
    return ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")


def _field_of(pointer: str) -> str:
    parts: list[Any] = []
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        parts.append(int(token) if token.isdigit() else token)
    return field_name(parts)


def _error_order(error: ValidationError) -> tuple[str, str]:
    return ("/".join(str(p) for p in error.absolute_path), error.message)


def coerce_scalars(
    doc: SourceDoc, data: Any, schema: dict[str, Any], pointer: str
) -> Iterator[Diagnostic]:
    """Where the schema wants only text, read an unquoted number, true/false or date as the
    author's text, and warn; ``~``/``null``/nothing stays empty (a schema error follows)."""
    raw = doc.parsed.raw
    if isinstance(data, dict):
        props = schema.get("properties", {})
        children: list[tuple[Any, Any, dict[str, Any] | None]] = [
            (key, value, props.get(key)) for key, value in data.items()
        ]
    elif isinstance(data, list) and isinstance(schema.get("items"), dict):
        children = [(i, value, schema["items"]) for i, value in enumerate(data)]
    else:
        return
    for key, value, sub in children:
        if sub is None:
            continue
        child = f"{pointer}/{escape_pointer_token(str(key))}"
        if child in raw and value is not None and _wants_string(sub):
            what = _yaml_kind(value)
            if what is not None and not (what == "a date" and _takes_date(sub)):
                data[key] = raw[child]
                yield _unquoted(doc, child, key, raw[child], what)
        elif isinstance(value, bool) and raw.get(child, "true").lower() not in ("true", "false"):
            yield _yaml11_boolean(doc, child, key, raw[child], value)
        else:
            yield from coerce_scalars(doc, value, sub, child)


def _yaml_kind(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    return "a date" if isinstance(value, str) else None


def _takes_date(schema: dict[str, Any]) -> bool:
    return schema.get("format") == "date" or str(schema.get("pattern", "")).startswith("^[0-9]{4}-")


def _unquoted(doc: SourceDoc, pointer: str, key: Any, text: str, what: str) -> Diagnostic:
    name = _field_of(pointer)
    quoted = json.dumps(text, ensure_ascii=False)
    hint = f"quote it: - {quoted}" if isinstance(key, int) else f"quote it: {key}: {quoted}"
    return Diagnostic(
        location=doc.locate(pointer),
        code="yaml.unquoted",
        message=f"{name}: {text} is {what} in YAML; read as the text {quoted}",
        severity=Severity.WARNING,
        hint=hint,
    )


def _yaml11_boolean(doc: SourceDoc, pointer: str, key: Any, text: str, value: bool) -> Diagnostic:
    name = _field_of(pointer)
    word = "true" if value else "false"
    hint = f"write - {word}" if isinstance(key, int) else f"write {key}: {word}"
    return Diagnostic(
        location=doc.locate(pointer),
        code="yaml.boolean",
        message=(
            f"{name}: {text} is read as {word} (YAML 1.1); YAML 1.2 readers and editors read it "
            "as text"
        ),
        severity=Severity.WARNING,
        hint=hint,
    )


def _wants_string(schema: dict[str, Any]) -> bool:
    if schema.get("type") == "string":
        return True
    options = schema.get("anyOf") or schema.get("oneOf") or []
    return bool(options) and all(
        o.get("type") == "string" or all(isinstance(v, str) for v in o.get("enum", [0]))
        for o in options
    )


def field_name(path: Any) -> str:
    """Show a schema path as ``skills[2].url``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the document"


def _pointer(path: Any) -> str:
    return "".join(f"/{escape_pointer_token(str(p))}" for p in path)


def _diagnose(doc: SourceDoc, error: ValidationError) -> Iterator[Diagnostic]:
    path = list(error.absolute_path)
    name = field_name(path)
    loc = doc.locate(_pointer(path))
    validator = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    described = schema.get("description")
    if validator == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        instance = error.instance if isinstance(error.instance, dict) else {}
        for key in sorted(set(instance) - set(allowed)):
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"allowed: {', '.join(allowed)}"
            where = f" in {name}" if path else ""
            yield _diag(
                doc.locate(_pointer([*path, key]), key=True),
                "schema.unknown-field",
                f"unknown field '{key}'{where}",
                hint,
            )
        return
    if validator == "required":
        match = _REQUIRED.match(error.message)
        missing = match.group(1) if match else str(error.validator_value)
        where = f" in {name}" if path else ""
        prop = schema.get("properties", {}).get(missing, {})
        needed = _with_example(prop.get("description"), missing, prop)
        yield _diag(loc, "schema.required", f"'{missing}' is required{where}", needed)
        return
    code, message, said = _describe(error, name, described)
    empty = None
    if validator == "type" and error.instance is None and "string" in str(error.validator_value):
        empty = _empty_hint(doc.parsed.raw.get(_pointer(path)), path)
        said = empty or said
    guessed = empty is not None or (isinstance(said, str) and said.startswith("did you mean"))
    if code in EXAMPLE_CODES and path and isinstance(path[-1], str) and not guessed:
        said = _with_example(said, path[-1], schema)
    yield _diag(loc, code, message, said)


EXAMPLE_CODES = frozenset({"schema.type", "schema.format", "schema.enum"})
"""Errors about how a value is written: their hint shows the schema's own example."""


def example_yaml(key: str, schema: dict[str, Any]) -> str | None:
    """``key: value`` in YAML from the first of the schema's ``examples``, on one line."""
    examples = schema.get("examples")
    if not isinstance(examples, list) or not examples:
        return None
    scalar = not isinstance(examples[0], (dict, list))
    text: str = yaml.safe_dump(
        {key: examples[0]},
        default_flow_style=not scalar,
        allow_unicode=True,
        sort_keys=False,
        width=1000,
    ).strip()
    return text[1:-1] if text.startswith("{") and text.endswith("}") else text


def _with_example(hint: str | None, key: str, schema: dict[str, Any]) -> str | None:
    example = example_yaml(key, schema)
    if example is None or (hint and example in hint):
        return hint
    start = f"{hint.rstrip('.')}. " if hint else ""
    return f"{start}Write it as: {example}"


def _empty_hint(text: str | None, path: list[Any]) -> str | None:
    key = path[-1] if path and isinstance(path[-1], str) else None
    if not text or key is None:
        return f"write a value after '{key}:' or remove the line" if key else None
    return f"{text} means no value in YAML; for the text, quote it: {key}: {json.dumps(text)}"


def _describe(error: ValidationError, name: str, described: str | None) -> tuple[str, str, Any]:
    validator, instance = error.validator, error.instance
    value: Any = error.validator_value
    got = _show(instance)
    if validator == "type":
        wanted = value if isinstance(value, str) else " or ".join(value)
        article = "an" if str(wanted)[0] in "aeiou" else "a"
        hint = described
        if wanted == "array":
            hint = f"write a list, one '- item' per line under '{name.split('.')[-1]}:'"
        elif wanted == "object":
            hint = described or "write the sub-fields indented under this key"
        return "schema.type", f"{name} must be {article} {wanted}, not {_kind(instance)}", hint
    if validator == "enum":
        options = [str(v) for v in value]
        close = difflib.get_close_matches(str(instance), options, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else None
        return "schema.enum", f"{name} must be one of: {', '.join(options)} (got {got})", hint
    if validator in ("anyOf", "oneOf"):
        enums = [str(v) for o in value for v in o.get("enum", [])]
        close = difflib.get_close_matches(str(instance), enums, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else described
        return "schema.enum", f"{name} has an unknown value {got}", hint
    if validator == "pattern":
        if str(value).startswith("^https?://"):
            return _describe_url(str(instance), str(value), name, got, described)
        return "schema.format", f"{name} is not in the expected form (got {got})", described
    if validator == "format":
        return "schema.format", f"{name} is not a valid {value} (got {got})", described
    if validator in ("minLength", "minItems"):
        what = "empty" if value == 1 else f"shorter than {value}"
        return "schema.too-short", f"{name} must not be {what}", described
    if validator in ("maxLength", "maxItems"):
        unit = "characters" if validator == "maxLength" else "items"
        return "schema.too-long", f"{name} is too long (at most {value} {unit})", described
    if validator in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        relation = {
            "minimum": "at least",
            "exclusiveMinimum": "more than",
            "maximum": "at most",
            "exclusiveMaximum": "less than",
        }[validator]
        return "schema.range", f"{name} must be {relation} {value} (got {got})", described
    if validator == "uniqueItems":
        return "schema.duplicate", f"{name} lists the same value twice", None
    return "schema.rule", f"{name}: {error.message}", described


def _describe_url(
    text: str, pattern: str, name: str, got: str, described: str | None
) -> tuple[str, str, Any]:
    base = pattern.endswith("/$")
    try:
        parse_url(text, base=base)
    except UrlProblem as problem:
        if problem.code != "url.scheme":
            return problem.code, f"{name} {problem.message} (got {got})", problem.hint
    else:
        if base and not text.endswith("/"):
            return "schema.format", f"{name} must end with '/' (got {got})", described
    message = f"{name} must be a web address starting with https:// or http:// (got {got})"
    return "schema.format", message, described


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _diag(loc: Any, code: str, message: str, hint: str | None) -> Diagnostic:
    return Diagnostic(location=loc, code=code, message=message, hint=hint)


SCHEMA_DIR = "schema"
"""Where ``credcat init`` writes the schemas beside the catalog, for editors to find."""


def modeline(file: Path, schema_dir: Path, name: str) -> str:
    """The ``# yaml-language-server: $schema=...`` comment for ``file``: the schema's path
    relative to the file, so that it resolves in the repository, offline."""
    rel = os.path.relpath(schema_dir / f"{name}.schema.json", file.parent)
    return f"# yaml-language-server: $schema={Path(rel).as_posix()}\n"


def schema_dir_for(root: Path) -> Path | None:
    """The schema folder ``init`` wrote for the catalog at ``root``, if there is one."""
    for candidate in (root.parent / SCHEMA_DIR, root / SCHEMA_DIR):
        if (candidate / "credential.schema.json").is_file():
            return candidate
    return None
