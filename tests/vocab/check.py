"""Domains and ranges: every property of a CTDL or schema.org document checked against the
vocabulary's own definitions (an extract of it, see SOURCES.md beside this file).

Documents are read in the compact form credcat publishes them in: CTDL keys and types are
compact IRIs (``ceterms:name``, ``schema:value``), schema.org blocks use bare names under the
``https://schema.org`` context. Each node's ``@type`` must be a class of the vocabulary; each
property must be defined, used on a class in its domain (or a subclass of one), and each value
must fit its range: a nested node of a class in the range, a language map where the range is
``rdf:langString``, a literal of the range's datatype, or an IRI (a concept of the property's
concept scheme, or a node whose class fits, when the IRI names one the catalog publishes).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SCHEMA_ORG = "https://schema.org/"
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ABSOLUTE = re.compile(r"^https?://[^\s]+$")
_COMPACT = re.compile(r"^[A-Za-z][A-Za-z0-9]*:[A-Za-z0-9_.-]+$")


@dataclass(frozen=True)
class Vocabulary:
    """Classes (with superclasses), properties (domain, range) and concepts of one vocabulary."""

    name: str
    classes: Mapping[str, tuple[str, ...]]
    """Class -> its direct superclasses."""
    datatypes: frozenset[str]
    properties: Mapping[str, Mapping[str, tuple[str, ...]]]
    """Property -> {"domain": ..., "range": ..., "scheme": ...}."""
    concepts: Mapping[str, tuple[str, tuple[str, ...]]]
    """Concept or enumeration member -> (its class, the schemes it is in)."""
    source: Mapping[str, str] = field(default_factory=dict)

    def supers(self, cls: str) -> set[str]:
        """``cls`` and every class above it."""
        found, todo = set(), [cls]
        while todo:
            c = todo.pop()
            if c not in found:
                found.add(c)
                todo.extend(self.classes.get(c, ()))
        return found


def load(name: str) -> Vocabulary:
    """The extract ``<name>.json`` beside this file (written by extract.py)."""
    data = json.loads((HERE / f"{name}.json").read_text(encoding="utf-8"))
    return Vocabulary(
        name=name,
        classes={k: tuple(v) for k, v in data["classes"].items()},
        datatypes=frozenset(data["datatypes"]),
        properties={
            k: {part: tuple(v.get(part, ())) for part in ("domain", "range", "scheme")}
            for k, v in data["properties"].items()
        },
        concepts={
            k: (v["type"], tuple(v.get("inScheme", ()))) for k, v in data["concepts"].items()
        },
        source=data["source"],
    )


# -- walking documents ------------------------------------------------------------------


def _values(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _types(node: Mapping[str, Any], schema_org: bool) -> list[str]:
    return [_term(t, schema_org) for t in _values(node.get("@type", []))]


def _term(name: str, schema_org: bool) -> str:
    if schema_org:
        return "schema:" + name.removeprefix(SCHEMA_ORG)
    return name


def nodes(doc: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The top-level nodes of a document (its ``@graph``, or itself)."""
    graph = doc.get("@graph")
    return list(graph) if isinstance(graph, list) else [doc]


def index(docs: Sequence[Mapping[str, Any]], schema_org: bool) -> dict[str, list[str]]:
    """@id -> @type of every typed node in ``docs`` (nested ones too), to check references."""
    found: dict[str, list[str]] = {}

    def walk(value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            if "@id" in value and "@type" in value:
                found[value["@id"]] = _types(value, schema_org)
            for key, item in value.items():
                if key != "@context":
                    walk(item)

    for doc in docs:
        walk(doc)
    return found


def used_terms(doc: Mapping[str, Any], schema_org: bool) -> tuple[set[str], set[str], set[str]]:
    """(classes, properties, compact IRIs among the values) a document uses."""
    classes: set[str] = set()
    properties: set[str] = set()
    iris: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            if "@type" in value:
                classes.update(_types(value, schema_org))
                for key, item in value.items():
                    if not key.startswith("@"):
                        properties.add(_term(key, schema_org))
                        walk(item)
        elif isinstance(value, str):
            if schema_org and value.startswith(SCHEMA_ORG):
                iris.add(_term(value, True))
            elif not schema_org and _COMPACT.match(value) and not value.startswith("http"):
                iris.add(value)

    for node in nodes(doc):
        walk(node)
    return classes, properties, iris


def check(
    vocab: Vocabulary,
    doc: Mapping[str, Any],
    known: Mapping[str, list[str]],
    *,
    schema_org: bool,
) -> list[str]:
    """Every property used outside its domain or with a value outside its range."""
    return list(_check_nodes(vocab, nodes(doc), known, schema_org, "", top=True))


def _check_nodes(
    vocab: Vocabulary,
    items: list[Any],
    known: Mapping[str, list[str]],
    schema_org: bool,
    where: str,
    *,
    top: bool = False,
) -> Iterator[str]:
    for n, node in enumerate(items):
        yield from _check_node(vocab, node, known, schema_org, f"{where}[{n}]" if top else where)


def _check_node(
    vocab: Vocabulary,
    node: Mapping[str, Any],
    known: Mapping[str, list[str]],
    schema_org: bool,
    where: str,
) -> Iterator[str]:
    types = _types(node, schema_org)
    if not types:
        yield f"{where}: a node without @type"
        return
    classes: set[str] = set()
    for t in types:
        if t not in vocab.classes:
            yield f"{where}: {t} is not a class of {vocab.name}"
        classes |= vocab.supers(t)
    label = "/".join(types)
    for key, value in node.items():
        if key.startswith("@"):
            continue
        prop = _term(key, schema_org)
        at = f"{where}/{key}"
        definition = vocab.properties.get(prop)
        if definition is None:
            yield f"{at}: {prop} is not a property of {vocab.name}"
            continue
        domain = definition["domain"]
        if domain and not classes & set(domain):
            yield f"{at}: {prop} is used on {label}, outside its domain {sorted(domain)}"
        for item in _values(value):
            yield from _check_value(vocab, prop, definition, item, known, schema_org, at)


def _check_value(
    vocab: Vocabulary,
    prop: str,
    definition: Mapping[str, tuple[str, ...]],
    value: Any,
    known: Mapping[str, list[str]],
    schema_org: bool,
    at: str,
) -> Iterator[str]:
    rng = set(definition["range"])
    if not rng:
        return
    if isinstance(value, dict) and "@type" in value:
        types = _types(value, schema_org)
        if not any(vocab.supers(t) & rng for t in types):
            yield f"{at}: a {'/'.join(types)} where {prop} takes {sorted(rng)}"
        yield from _check_node(vocab, value, known, schema_org, at)
    elif isinstance(value, dict):
        if "rdf:langString" not in rng:
            yield f"{at}: a language map where {prop} takes {sorted(rng)}"
        elif not all(_LANGUAGE.match(k) and isinstance(v, str) for k, v in value.items()):
            yield f"{at}: not a language map: {value!r}"
    elif isinstance(value, bool):
        if not rng & {"xsd:boolean", "schema:Boolean"}:
            yield f"{at}: a boolean where {prop} takes {sorted(rng)}"
    elif isinstance(value, (int, float)):
        numbers = {"xsd:float", "xsd:decimal", "xsd:double", "schema:Number", "schema:Float"}
        integers = {"xsd:integer", "xsd:nonNegativeInteger", "schema:Integer"}
        if not (rng & numbers or (rng & integers and isinstance(value, int))):
            yield f"{at}: the number {value!r} where {prop} takes {sorted(rng)}"
    elif isinstance(value, str):
        problem = _check_string(vocab, prop, definition, rng, value, known, schema_org)
        if problem:
            yield f"{at}: {problem}"
    else:
        yield f"{at}: unexpected value {value!r}"


def _literal_fits(rng: set[str], value: str) -> bool:
    """Whether the string ``value`` is a literal of one of the datatypes in ``rng``."""
    checks: dict[str, Callable[[str], bool]] = {
        "xsd:string": lambda v: True,
        "schema:Text": lambda v: True,
        "xsd:anyURI": lambda v: bool(_ABSOLUTE.match(v)),
        "schema:URL": lambda v: bool(_ABSOLUTE.match(v)),
        "xsd:language": lambda v: bool(_LANGUAGE.match(v)),
        "xsd:date": lambda v: bool(_DATE.match(v)),
        "schema:Date": lambda v: bool(_DATE.match(v)),
        "xsd:duration": lambda v: bool(_DURATION.match(v)),
        # schema.org's Duration is a Quantity class whose values are ISO 8601 durations
        "schema:Duration": lambda v: bool(_DURATION.match(v)),
        "schema:Number": lambda v: bool(re.match(r"^-?\d+(\.\d+)?$", v)),
    }
    return any(checks[t](value) for t in rng if t in checks)


def _check_string(
    vocab: Vocabulary,
    prop: str,
    definition: Mapping[str, tuple[str, ...]],
    rng: set[str],
    value: str,
    known: Mapping[str, list[str]],
    schema_org: bool,
) -> str | None:
    if _literal_fits(rng, value):
        return None
    classes = rng - vocab.datatypes - {"schema:Duration"}
    iri = _term(value, True) if schema_org and value.startswith(SCHEMA_ORG) else value
    if iri in vocab.concepts:
        cls, schemes = vocab.concepts[iri]
        if "xsd:anyURI" in rng:
            return None
        if not vocab.supers(cls) & rng:
            return f"{iri} is a {cls}, where {prop} takes {sorted(rng)}"
        wanted = set(definition["scheme"])
        if wanted and not wanted & set(schemes):
            return f"{iri} is not in {prop}'s concept scheme {sorted(wanted)}"
        return None
    if not classes or not (_ABSOLUTE.match(value) or _COMPACT.match(value)):
        return f"the text {value!r} where {prop} takes {sorted(rng)}"
    if _COMPACT.match(value) and not _ABSOLUTE.match(value):
        return f"{value} is not a concept of {vocab.name}"
    target = known.get(value)
    if target is not None and not any(vocab.supers(t) & rng for t in target):
        return f"{value} is a {'/'.join(target)}, where {prop} takes {sorted(rng)}"
    return None


# -- the documents of a built site ---------------------------------------------------------

_JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def site_documents(site: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(every CTDL document, every schema.org block of every page) of a built site."""
    ctdl = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(site.glob("ctdl/*.json"))]
    pages: list[dict[str, Any]] = []
    for page in sorted(site.rglob("index.html")):
        pages += [json.loads(m) for m in _JSONLD.findall(page.read_text(encoding="utf-8"))]
    return ctdl, pages
