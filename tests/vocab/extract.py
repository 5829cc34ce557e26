"""Write the trimmed vocabulary extracts ctdl.json and schemaorg.json beside this file.

    python tests/vocab/extract.py CTDL_SCHEMA.json SCHEMAORG.jsonld

CTDL_SCHEMA.json is Credential Engine's CTDL schema encoding
(https://credreg.net/ctdl/schema/encoding/json); SCHEMAORG.jsonld a schema.org release
(``data/releases/<version>/schemaorg-current-https.jsonld`` of the schema.org repository).
Neither is kept in the repository: the extracts hold what the tests need, and SOURCES.md
records where they came from (with the SHA-256 of each file read).

What is kept is derived, not listed: the script builds the example catalog, the test catalog
and a generated one, collects every class, property and concept IRI their CTDL documents and
schema.org blocks use, and keeps those, every superclass of each class, each property's
domain and range, the concepts of each property's concept scheme, the credential classes
credcat maps achievement types to, and the datatypes.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path[:0] = [str(REPO / "src"), str(REPO)]

from credcat.core.diagnostics import Report  # noqa: E402
from credcat.publish.build import build  # noqa: E402
from credcat.render.render_jsonld import CTDL_TYPES  # noqa: E402
from tests.generate import write_varied_catalog  # noqa: E402
from tests.vocab import misuse  # noqa: E402
from tests.vocab.check import site_documents, used_terms  # noqa: E402


def _ids(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value] if value is not None else []
    return [i["@id"] if isinstance(i, dict) else i for i in items]


def _built_documents() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    ctdl: list[dict[str, Any]] = []
    pages: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sources = [REPO / "content", REPO / "tests/cases/basic/content"]
        sources.append(write_varied_catalog(root / "generated", 120))
        for n, source in enumerate(sources):
            report = Report()
            out = root / f"site-{n}"
            if build(source, report, output=out) is None:
                raise SystemExit(
                    f"{source} does not build: {[d.format() for d in report.sorted()]}"
                )
            c, p = site_documents(out)
            ctdl += c
            pages += p
    return ctdl, pages


def _closure(graph: dict[str, dict[str, Any]], classes: set[str]) -> set[str]:
    found: set[str] = set()
    todo = list(classes)
    while todo:
        c = todo.pop()
        if c in found or c not in graph:
            continue
        found.add(c)
        todo += _ids(graph[c].get("rdfs:subClassOf"))
    return found


def _extract(
    graph: dict[str, dict[str, Any]],
    docs: list[dict[str, Any]],
    *,
    schema_org: bool,
    extra_classes: set[str],
) -> dict[str, Any]:
    classes, properties, iris = set(extra_classes), set(), set()
    for doc in docs:
        c, p, i = used_terms(doc, schema_org)
        classes |= c
        properties |= p
        iris |= i
    props: dict[str, Any] = {}
    schemes: set[str] = set()
    for prop in sorted(properties):
        node = graph.get(prop)
        if node is None:
            continue  # the test reports it as unknown
        entry = {
            "domain": sorted(_ids(node.get("schema:domainIncludes"))),
            "range": sorted(_ids(node.get("schema:rangeIncludes"))),
        }
        if node.get("meta:targetScheme"):
            entry["scheme"] = sorted(_ids(node["meta:targetScheme"]))
            schemes |= set(entry["scheme"])
        props[prop] = entry
    concepts: dict[str, Any] = {}
    for iri, node in graph.items():
        in_scheme = set(_ids(node.get("skos:inScheme")))
        if iri in iris or in_scheme & schemes:
            kind = _ids(node.get("@type"))[0]
            concepts[iri] = {"type": kind, "inScheme": sorted(in_scheme)}
            classes.add(kind)
    datatypes = {
        i
        for i, n in graph.items()
        if "schema:DataType" in _ids(n.get("@type"))
        or "schema:DataType" in _closure(graph, {i}) - {i}
    }
    datatypes |= {
        r for p in props.values() for r in p["range"] if r.startswith(("xsd:", "rdf:langString"))
    }
    kept = _closure(graph, classes | (datatypes & set(graph)))
    return {
        "classes": {c: sorted(_ids(graph[c].get("rdfs:subClassOf"))) for c in sorted(kept)},
        "datatypes": sorted(datatypes),
        "properties": props,
        "concepts": dict(sorted(concepts.items())),
    }


def _graph(path: Path) -> dict[str, dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {n["@id"]: n for n in data["@graph"]}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        raise SystemExit(__doc__)
    ctdl_path, schema_path = Path(argv[0]), Path(argv[1])
    ctdl_docs, pages = _built_documents()
    ctdl_docs += [{"@graph": [node]} for node, _ in misuse.CTDL]
    pages += [block for block, _ in misuse.SCHEMA_ORG]
    for name, path, docs, schema_org, extra in (
        ("ctdl", ctdl_path, ctdl_docs, False, set(CTDL_TYPES.values()) | {"ceterms:Credential"}),
        ("schemaorg", schema_path, pages, True, set()),
    ):
        extract = _extract(_graph(path), docs, schema_org=schema_org, extra_classes=extra)
        extract["source"] = {
            "file": path.name,
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        }
        out = HERE / f"{name}.json"
        out.write_text(json.dumps(extract, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{out.relative_to(REPO)}: {out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
