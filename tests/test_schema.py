"""The packaged JSON Schemas: every field carries an example, and hints show it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from credcat.core.diagnostics import Report
from credcat.core.schema import SCHEMA_NAMES, example_yaml, load_schema
from credcat.publish.build import build
from tests.catalogs import credential, write_catalog


def _fields(schema: dict[str, Any], path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property of the schema, nested ones and those of list items included."""
    for key, sub in schema.get("properties", {}).items():
        yield path + key, sub
        yield from _fields(sub, f"{path}{key}.")
        if isinstance(sub.get("items"), dict):
            yield from _fields(sub["items"], f"{path}{key}[].")
    for option in (*schema.get("anyOf", ()), *schema.get("oneOf", ())):
        yield from _fields(option, path)


@pytest.mark.parametrize("name", sorted(SCHEMA_NAMES.values()))
def test_every_field_has_a_valid_example(name: str) -> None:
    schema = load_schema(name)
    fields = list(_fields(schema))
    assert fields
    for path, sub in fields:
        examples = sub.get("examples")
        assert isinstance(examples, list), f"{name}: {path} has no example"
        assert examples, f"{name}: {path} has an empty list of examples"
        for example in examples:
            errors = [e.message for e in Draft202012Validator(sub).iter_errors(example)]
            assert errors == [], f"{name}: example of {path}: {errors}"
        assert example_yaml(path.rsplit(".", 1)[-1].removesuffix("[]"), sub)


def test_a_schema_error_hints_the_right_form(tmp_path: Path) -> None:
    text = credential().replace("level: {framework: MQF, value: 4}", "level: MQF 4")
    write_catalog(tmp_path, {"credentials/data-basics.md": text})
    report = Report()
    assert build(tmp_path / "content", report, output=tmp_path / "site") is None
    [problem] = [d for d in report.sorted() if d.code == "schema.type"]
    assert problem.message == "level must be an object, not text"
    assert problem.hint is not None
    assert problem.hint.endswith("Write it as: level: {framework: MQF, value: 4}")


def test_defaults_are_the_schemas(tmp_path: Path) -> None:
    """Config and model defaults come from the schemas' ``default`` (one source of truth)."""
    from credcat.core.schema import defaults
    from credcat.model.config import make_config
    from credcat.model.records import Credential

    catalog = defaults("catalog")
    assert set(catalog) >= {"language", "theme", "output", "per_page", "max_image_kb"}
    config = make_config({"title": "T", "base_url": "https://x.example/"}, tmp_path)
    assert config.language == catalog["language"]
    assert config.languages == (catalog["language"],)
    assert config.theme == catalog["theme"]
    assert config.per_page == catalog["per_page"]
    assert config.max_image_kb == catalog["max_image_kb"]
    assert config.output.name == catalog["output"]
    credential = defaults("credential")
    fields = {f.name: f.default for f in dataclasses.fields(Credential)}
    assert fields["achievement_type"] == credential["type"]
    assert fields["status"].value == credential["status"]
    assert fields["version"] == credential["version"]
