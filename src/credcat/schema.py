"""Check source documents against credcat's packaged JSON Schemas (Draft 2020-12).

Each schema error becomes a located ``Diagnostic`` with a message written for a person
editing YAML, not for a JSON Schema expert.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import jsonschema_rs
import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from credcat.diagnostics import Diagnostic
from credcat.sources import Kind, SourceDoc
from credcat.yamldoc import escape_pointer_token

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
def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(
        load_schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


@cache
def _fast_validator(name: str) -> Any:
    return jsonschema_rs.validator_for(load_schema(name), validate_formats=True)


def validate_doc(doc: SourceDoc) -> list[Diagnostic]:
    """Validate one document; unquoted numbers where text is expected are read as text.

    jsonschema-rs (Rust) answers "valid?" about 80 times faster than the pure-Python
    validator, which then runs only for invalid documents, to explain each error.
    """
    name = SCHEMA_NAMES[doc.kind]
    schema = load_schema(name)
    coerce_scalars(doc.data, schema, doc.parsed.raw, "")
    if _fast_validator(name).is_valid(doc.data):
        return []
    errors = sorted(_validator(SCHEMA_NAMES[doc.kind]).iter_errors(doc.data), key=_error_order)
    diagnostics: list[Diagnostic] = []
    for error in errors:
        diagnostics.extend(_diagnose(doc, error))
    return diagnostics


def _error_order(error: ValidationError) -> tuple[str, str]:
    return ("/".join(str(p) for p in error.absolute_path), error.message)


def coerce_scalars(data: Any, schema: dict[str, Any], raw: dict[str, str], pointer: str) -> None:
    """Where the schema wants only a string, keep the author's text of an unquoted scalar."""
    if isinstance(data, dict):
        props = schema.get("properties", {})
        for key, value in data.items():
            sub = props.get(key)
            if sub is None:
                continue
            child = f"{pointer}/{escape_pointer_token(key)}"
            if _wants_string(sub) and not isinstance(value, str) and child in raw:
                data[key] = raw[child]
            else:
                coerce_scalars(value, sub, raw, child)
    elif isinstance(data, list) and isinstance(schema.get("items"), dict):
        items = schema["items"]
        for i, value in enumerate(data):
            child = f"{pointer}/{i}"
            if _wants_string(items) and not isinstance(value, str) and child in raw:
                data[i] = raw[child]
            else:
                coerce_scalars(value, items, raw, child)


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
    guessed = isinstance(said, str) and said.startswith("did you mean")
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
            message = f"{name} must be a web address starting with https:// or http:// (got {got})"
            return "schema.format", message, described
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
    return f"schema.{validator}", f"{name}: {error.message}", described


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
