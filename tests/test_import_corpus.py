"""The import corpus: documents in the shapes real producers publish, and what is kept and lost.

tests/fixtures/import-corpus/manifest.yaml states per document what the import keeps and what
it loses (and why); this test imports the folder offline, in one go, as an export folder is
imported, and holds the import to the manifest: kept fields present with their values, every
loss reported by a warning naming the field (and no warning of loss the manifest does not
state), unsupported documents refused with a message that says what they are, and the result
valid under ``credcat validate``.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from credcat.commands.cli import main
from tests.catalogs import CATALOG

CORPUS = Path(__file__).parent / "fixtures" / "import-corpus"
MANIFEST = yaml.safe_load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))
DOCUMENTS: dict[str, dict[str, Any]] = MANIFEST["documents"]
LINE = re.compile(
    r"^(?P<path>\S+?):\d+:\d+: (?P<severity>warning|error)\[(?P<code>[^\]]+)\]: (?P<message>.*)$"
)
LOSS_CODES = {"import.lost", "import.credits", "import.image"}
"""Warnings that say something of the document is not imported."""


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, list[dict[str, str]]]:
    """The catalog the whole corpus was imported into, the exit code and the diagnostics."""
    content = tmp_path_factory.mktemp("corpus") / "content"
    (content / "issuers").mkdir(parents=True)
    (content / "credentials").mkdir()
    (content / "catalog.yaml").write_text(CATALOG, encoding="utf-8")
    for ident, data in MANIFEST["catalog_issuers"].items():
        (content / "issuers" / f"{ident}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    err = io.StringIO()  # a module-scoped fixture cannot use capsys
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["import", "--catalog", str(content), *MANIFEST["options"], str(CORPUS)])
    found = [m.groupdict() for line in err.getvalue().splitlines() if (m := LINE.match(line))]
    for item in found:
        item["document"] = Path(item["path"]).name.split("[", 1)[0]  # an item of a file
    return content, code, found


def _front(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def _at(data: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


def test_the_corpus_is_large_and_the_manifest_names_every_document() -> None:
    files = sorted(p.name for p in CORPUS.glob("*.json"))
    assert len(files) >= 20
    assert sorted(DOCUMENTS) == files
    producers = " ".join(d["producer"] for d in DOCUMENTS.values())
    for producer in (
        "Open Badges 2.0 specification",
        "Open Badges 3.0 specification",
        "Badgr",
        "Canvas Credentials",
        "Credly",
        "Open Badge Factory",
        "edubadges",
        "Digital Credentials Consortium",
        "MIT Learn",
        "Open Badges 1.0",
    ):
        assert producer in producers


def test_only_unsupported_documents_are_errors(
    imported: tuple[Path, int, list[dict[str, str]]],
) -> None:
    _, code, found = imported
    errors = {(d["document"], d["code"]) for d in found if d["severity"] == "error"}
    refused = {(name, "import.unsupported") for name, d in DOCUMENTS.items() if "refused" in d}
    assert errors == refused
    assert code == 1  # the refused documents


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_document_is_imported_as_the_manifest_says(
    imported: tuple[Path, int, list[dict[str, str]]], name: str
) -> None:
    content, _, found = imported
    entry = DOCUMENTS[name]
    mine = [d for d in found if d["document"] == name]
    if "refused" in entry:
        assert [d["message"] for d in mine if d["severity"] == "error"] == [
            m for m in (d["message"] for d in mine) if m.startswith(entry["refused"])
        ]
        assert any(d["message"].startswith(entry["refused"]) for d in mine)
        return
    if "used_by" in entry or "same_as" in entry:
        assert mine == [], "a Profile, endorsement or award of an imported class says nothing"
        return
    front, body = _front(content / "credentials" / f"{entry['credential']}.md")
    for dotted, value in entry.get("kept", {}).items():
        if dotted == "body":
            assert value in body
        else:
            assert _at(front, dotted) == value, dotted
    if "issuer" in entry:
        issuer = yaml.safe_load(
            (content / "issuers" / f"{entry['issuer']['id']}.yaml").read_text(encoding="utf-8")
        )
        for dotted, value in entry["issuer"]["kept"].items():
            assert _at(issuer, dotted) == value, dotted
    lost = entry.get("lost", [])
    warnings = [d["message"] for d in mine if d["severity"] == "warning"]
    for item in lost:
        assert item["why"]
        assert any(item["field"] in w for w in warnings), f"{item['field']} is not reported"
    unsaid = [
        d["message"]
        for d in mine
        if d["code"] in LOSS_CODES and not any(i["field"] in d["message"] for i in lost)
    ]
    assert unsaid == [], "reported as lost, but not in the manifest"


def test_the_imported_catalog_is_valid(
    imported: tuple[Path, int, list[dict[str, str]]], capsys: pytest.CaptureFixture[str]
) -> None:
    content, _, _ = imported
    capsys.readouterr()
    assert main(["validate", str(content)]) == 0, capsys.readouterr().err
    made = {p.stem for p in (content / "credentials").glob("*.md")}
    assert made == {d["credential"] for d in DOCUMENTS.values() if "credential" in d}


_JUNK: list[Any] = [None, 5, -1, 0.5, True, "", "x", [], {}, [1], {"id": 3}, "https://a.example/x"]


def _mutate(value: Any, rnd: random.Random) -> Any:
    """Replace one value somewhere inside ``value`` with something of another shape."""
    if isinstance(value, dict) and value and rnd.random() < 0.8:
        key = rnd.choice(sorted(value))
        value[key] = _mutate(value[key], rnd)
        return value
    if isinstance(value, list) and value and rnd.random() < 0.8:
        index = rnd.randrange(len(value))
        value[index] = _mutate(value[index], rnd)
        return value
    return json.loads(json.dumps(rnd.choice(_JUNK)))


@pytest.mark.parametrize("seed", range(12))
def test_documents_of_any_shape_are_diagnostics_not_crashes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seed: int
) -> None:
    rnd = random.Random(seed)
    content = tmp_path / "content"
    (content / "issuers").mkdir(parents=True)
    (content / "credentials").mkdir()
    (content / "catalog.yaml").write_text(CATALOG, encoding="utf-8")
    folder = tmp_path / "export"
    folder.mkdir()
    for path in sorted(CORPUS.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for _ in range(rnd.randint(0, 3)):
            doc = _mutate(doc, rnd)
        (folder / path.name).write_text(json.dumps(doc), encoding="utf-8")
    code = main(["import", "--offline", "--catalog", str(content), str(folder)])
    err = capsys.readouterr().err
    assert code in (0, 1), err
    assert "internal error" not in err
