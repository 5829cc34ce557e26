"""Static search data for the catalog page: facet columns, a sharded term index, records.

Everything a learner's browser needs to search and filter without a server, in three kinds
of small static files, so a phone fetches only what a query touches:

- ``search/meta.json``: facet values and one compact column per facet (a character or two per
  credential), loaded once;
- ``search/sort.json``: workload hours and dates, loaded only to sort by them;
- ``search/terms/<hex>.json``: the inverted index, sharded by the first two letters of each
  term; a typed query fetches one shard per word;
- ``search/records/<n>.json``: what a result card shows, 10 credentials per file (results
  are scattered, so small files keep a page of results small).

Credentials are numbered in title order (active first, then retired), so sorting by title
needs no data and "active only" is a prefix of the numbering.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator

from credcat import urls
from credcat.catalog import Catalog
from credcat.facets import build_facets
from credcat.i18n import N_
from credcat.labels import cost_label, credits_label, type_label
from credcat.model import Credential, Status, format_number
from credcat.output import Output, json_bytes

RECORDS_PER_FILE = 10
DESCRIPTION_WORDS = 300
"""Words of each long description that are indexed (the start says what matters)."""
WEIGHTS = {"title": 10, "skill": 6, "tag": 5, "summary": 4, "outcome": 3, "issuer": 2, "text": 1}
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "dan",
        "di",
        "ke",
        "yang",
        "untuk",
        "dari",
        "dengan",
        "pada",
        "ini",
        "itu",
        "atau",
    ]
)
_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_WORD = re.compile(r"[^\W_]+")
_TAGS = re.compile(r"<[^>]+>")


def normalize(text: str) -> str:
    """Lower-case and strip accents, as the browser does before looking terms up."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> Iterator[str]:
    """Words worth indexing in ``text``."""
    for word in _WORD.findall(normalize(text)):
        if len(word) > 1 and word not in STOPWORDS:
            yield word


def shard_name(term: str) -> str:
    """File name (hex of its first two characters) of the shard holding ``term``."""
    return term[:2].encode("utf-8").hex()


def _code(index: int, width: int) -> str:
    out = ""
    for _ in range(width):
        index, digit = divmod(index, len(_ALPHABET))
        out = _ALPHABET[digit] + out
    return out


def _width(count: int) -> int:
    return 1 if count < len(_ALPHABET) else 2


def ordered(catalog: Catalog) -> list[Credential]:
    """Search order: active credentials by title, then retired ones by title."""
    retired = sorted(
        (c for c in catalog.published if c.status is Status.RETIRED),
        key=lambda c: (c.title.casefold(), c.id),
    )
    return catalog.active + retired


def render_search(catalog: Catalog, descriptions: dict[str, str], prefix: str = "") -> list[Output]:
    """All search files, under ``prefix`` (a language's folder, e.g. ``ms/``).

    ``descriptions`` maps credential id to its description as text.
    """
    creds = ordered(catalog)
    position = {c.id: n for n, c in enumerate(creds)}
    outputs = _meta(catalog, creds, position)
    outputs += _term_shards(catalog, creds, descriptions)
    outputs += _records(catalog, creds)
    return [Output(prefix + o.path, o.data) for o in outputs] if prefix else outputs


HOURS_BUCKETS: tuple[tuple[str, str, float], ...] = (
    ("upto20", N_("Up to 20 hours"), 20),
    ("21-40", N_("21 to 40 hours"), 40),
    ("41-80", N_("41 to 80 hours"), 80),
    ("81-160", N_("81 to 160 hours"), 160),
    ("over160", N_("More than 160 hours"), float("inf")),
)
"""Workload ranges offered as a facet: (slug, label, upper bound in hours)."""


def _hours_bucket(cred: Credential) -> int | None:
    if cred.workload_hours is None:
        return None
    return next(n for n, (_, _, top) in enumerate(HOURS_BUCKETS) if cred.workload_hours <= top)


def _meta(catalog: Catalog, creds: list[Credential], position: dict[str, int]) -> list[Output]:
    """Facet columns: one character (two with many values) per credential and value.

    A facet with at most one value per credential is a fixed-width string ('-' for none);
    one with several values per credential separates credentials with commas.
    """
    facets = []
    columns: dict[str, str] = {}
    for facet in build_facets(catalog, include_retired=True):
        width = _width(len(facet.values))
        per_cred: dict[int, list[str]] = defaultdict(list)
        for n, value in enumerate(facet.values):
            for cred in value.credentials:
                per_cred[position[cred.id]].append(_code(n, width))
        multi = any(len(codes) > 1 for codes in per_cred.values())
        none = "" if multi else "-" * width
        cells = ["".join(per_cred.get(i, [])) or none for i in range(len(creds))]
        columns[facet.key] = ",".join(cells) if multi else "".join(cells)
        facets.append(
            {
                "key": facet.key,
                "label": facet.label,
                "width": width,
                "multi": multi,
                "values": [{"slug": v.slug, "label": v.label} for v in facet.values],
            }
        )
    buckets = [_hours_bucket(c) for c in creds]
    columns["hours"] = "".join("-" if b is None else _code(b, 1) for b in buckets)
    facets.append(
        {
            "key": "hours",
            "label": catalog.t(N_("Workload")),
            "width": 1,
            "multi": False,
            "values": [
                {"slug": slug, "label": catalog.t(label)} for slug, label, _ in HOURS_BUCKETS
            ],
        }
    )
    doc = {
        "version": 1,
        "count": len(creds),
        "active": len(catalog.active),
        "records_per_file": RECORDS_PER_FILE,
        "facets": facets,
        "columns": columns,
    }
    sort = {
        "hours": [c.workload_hours for c in creds],
        "date": ",".join((c.updated or c.published or "").replace("-", "") for c in creds),
    }
    return [
        Output("search/meta.json", json_bytes(doc)),
        Output("search/sort.json", json_bytes(sort)),
    ]


def _fields(catalog: Catalog, cred: Credential, description: str) -> Iterable[tuple[str, str]]:
    yield "title", cred.title
    yield "summary", cred.summary
    yield "issuer", catalog.issuers[cred.issuer].name
    for skill in cred.skills:
        yield "skill", skill.name
    for tag in cred.tags:
        yield "tag", tag
    for outcome in cred.learning_outcomes:
        yield "outcome", outcome
    if cred.field_of_study:
        yield "tag", cred.field_of_study
    yield "text", " ".join(description.split()[:DESCRIPTION_WORDS])


def _term_shards(
    catalog: Catalog, creds: list[Credential], descriptions: dict[str, str]
) -> list[Output]:
    index: dict[str, dict[int, int]] = defaultdict(dict)
    for n, cred in enumerate(creds):
        for field, text in _fields(catalog, cred, descriptions.get(cred.id, "")):
            weight = WEIGHTS[field]
            for term in tokens(text):
                postings = index[term]
                postings[n] = max(postings.get(n, 0), weight)
    shards: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for term in sorted(index):
        flat: list[int] = []
        for doc, score in sorted(index[term].items()):
            flat += [doc, score]
        shards[shard_name(term)][term] = flat
    return [
        Output(f"search/terms/{name}.json", json_bytes(terms)) for name, terms in shards.items()
    ]


def _facts(catalog: Catalog, cred: Credential) -> list[str]:
    t = catalog.t
    facts = [t(type_label(cred.achievement_type))]
    if cred.level:
        facts.append(str(cred.level))
    if cred.workload_hours:
        facts.append(t(N_("{n} hours"), n=format_number(cred.workload_hours)))
    if cred.credits:
        facts.append(credits_label(cred.credits, t))
    if cred.participation:
        facts.append(t(cred.participation.label))
    cost = cost_label(cred)
    if cost:
        facts.append(t(cost))
    return facts


def _records(catalog: Catalog, creds: list[Credential]) -> list[Output]:
    outputs = []
    for start in range(0, len(creds), RECORDS_PER_FILE):
        chunk = [
            {
                "id": c.id,
                "title": c.title,
                "summary": c.summary,
                "issuer": catalog.issuers[c.issuer].name,
                "url": urls.credential_page(c.id),
                "facts": _facts(catalog, c),
                "retired": c.status is Status.RETIRED,
            }
            for c in creds[start : start + RECORDS_PER_FILE]
        ]
        outputs.append(
            Output(f"search/records/{start // RECORDS_PER_FILE}.json", json_bytes(chunk))
        )
    return outputs


def plain_text(html: str) -> str:
    """Text of sanitised HTML (for indexing descriptions)."""
    return _TAGS.sub(" ", html)
