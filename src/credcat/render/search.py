"""Static search data for the catalog page: facet columns, a term index, records.

Everything a learner's browser needs to search and filter without a server, in small static
files (minified JSON, none over ``FILE_LIMIT`` bytes unless one term alone is bigger), so a
phone fetches only what a query touches:

- ``search/meta.json``: facet definitions, the term files' first and last keys, the weights,
  loaded once;
- ``search/facets/<key>-<n>.json``: one compact column per facet (a character or two per
  credential), cut into parts under the limit, loaded once;
- ``search/sort/<key>-<n>.json``: the rank of each credential's workload or date, loaded only to
  sort by them;
- ``search/starts-<n>.json``: each credential's intake start dates (three characters each),
  loaded once when a credential has intakes, for the "Starts within 3 months" filter that
  the browser evaluates against its own date;
- ``search/terms/<n>.json``: the inverted index. Keys are words and their stems, sorted and
  packed into files whole two-letter groups at a time (small groups share a file up to
  ``PACK_LIMIT``; a group is split only when it alone is over the limit); a typed word
  fetches the files of its first two letters;
- ``search/records/<n>.json``: each credential's result card, rendered by the theme's card
  partial at build time (the static list's markup), five per file (results are scattered,
  so small files keep a page of results small).

The index is merged from one entry per credential (``search_entry.Entry``: its words, each
with its best field weight, and its card), made beside the credential's page in the render
workers and kept in the build cache with it; merging numbers, stems and packs them.

Stemming happens here, never in the browser: every word of the index carries its Snowball
stem (English, or Indonesian on Indonesian and Malay pages), and the postings are kept per
stem. A query word found in the index leads the browser to its stem, so "welding" finds the
"Welders" course; a word the index has never seen is matched by prefix, by its longest stem
in the index and by one typo. The browser and the index cannot disagree on a stem, because
only the index computes stems.

Credentials are numbered in title order (active first, then retired), so sorting by title
needs no data and "active only" is a prefix of the numbering.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Callable, Mapping
from datetime import date
from functools import cache

import snowballstemmer  # type: ignore[import-untyped]

from credcat.core import urls
from credcat.core.i18n import N_
from credcat.core.output import Output, compact_json_bytes
from credcat.load.catalog import Catalog
from credcat.load.search_entry import STOPWORDS, WEIGHTS, Entry
from credcat.model.records import Credential, Status
from credcat.render.facets import build_facets

RECORDS_PER_FILE = 5
"""Cards per records file: a page of ten results scattered over the catalog fetches at most
ten of these files (about 4 KB raw each), and one in title order two."""
FILE_LIMIT = 48_000
"""Bytes a search file is filled up to (a file a query needs stays under 64 KB raw)."""
PACK_LIMIT = 8_000
"""Bytes up to which small two-letter groups share a term file: a query fetches its word's
whole file, so packing more would cost bytes per query, and packing less, many tiny files."""
LEVELS = sorted(set(WEIGHTS.values()), reverse=True)
"""Distinct weights; a posting stores the index of its weight in this list (3 bits)."""
STEMMERS = {"en": "english", "id": "indonesian", "ms": "indonesian"}
"""Snowball stemmer for the pages of each language (by primary subtag); others: none."""
_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def stemmer_for(lang: str) -> Callable[[str], str]:
    """The stem function for pages in ``lang`` (identity where Snowball has no stemmer)."""
    name = STEMMERS.get(lang.split("-")[0].lower())
    if name is None:
        return _identity
    return _stem_function(name)


def _identity(word: str) -> str:
    return word


@cache
def _stem_function(name: str) -> Callable[[str], str]:
    stemmer = snowballstemmer.stemmer(name)
    cache: dict[str, str] = {}

    def stem(word: str) -> str:
        if word not in cache:
            # Only words of letters are stemmed: "3", "c++" and "2024" stay as they are.
            cache[word] = str(stemmer.stemWord(word)) or word if word.isalpha() else word
        return cache[word]

    return stem


def group_of(key: str) -> str:
    """The two-letter group of a key: the browser fetches a query word's whole group."""
    return key[:2]


def _sort_key(key: str) -> bytes:
    """UTF-16 code unit order, the order of JavaScript's string comparison."""
    return key.encode("utf-16-be")


def _code(index: int, width: int) -> str:
    out = ""
    for _ in range(width):
        index, digit = divmod(index, len(_ALPHABET))
        out = _ALPHABET[digit] + out
    return out


def _width(count: int) -> int:
    width = 1
    while len(_ALPHABET) ** width < count:
        width += 1
    return width


def ordered(catalog: Catalog) -> list[Credential]:
    """Search order: active credentials by title, then retired ones by title."""
    retired = sorted(
        (c for c in catalog.published if c.status is Status.RETIRED),
        key=lambda c: (c.title.casefold(), c.id),
    )
    return catalog.active + retired


def render_search(catalog: Catalog, entries: Mapping[str, Entry], prefix: str = "") -> list[Output]:
    """All search files, under ``prefix`` (a language's folder, e.g. ``ms/``).

    ``entries`` maps each published credential's id to its entry in the catalog's language
    (``search_entry.make_entry``): its words and result card.
    """
    creds = ordered(catalog)
    position = {c.id: n for n, c in enumerate(creds)}
    shown = [entries[c.id] for c in creds]
    term_files, firsts, short = _term_files(catalog, shown)
    outputs = _meta(catalog, creds, position, firsts, short)
    outputs += term_files
    outputs += _records(creds, shown)
    return [Output(prefix + o.path, o.data) for o in outputs] if prefix else outputs


def _parts(cells: list[str], separator: str) -> list[str]:
    """``cells`` joined by ``separator``, cut at cell boundaries into strings under the limit."""
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for cell in cells:
        if current and size + len(cell) + len(separator) > FILE_LIMIT - 2:  # 2: the quotes
            parts.append(separator.join(current))
            current, size = [], 0
        current.append(cell)
        size += len(cell) + len(separator)
    parts.append(separator.join(current))
    return parts


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


def _meta(
    catalog: Catalog,
    creds: list[Credential],
    position: dict[str, int],
    firsts: list[list[str]],
    short: list[str],
) -> list[Output]:
    """Facet columns: one character (or more with many values) per credential and value.

    A facet with at most one value per credential is a fixed-width string ('-' for none);
    one with several values per credential separates credentials with commas. Each column is
    published in parts under the file limit, which the browser joins again.
    """
    facets = []
    columns: dict[str, tuple[list[str], str]] = {}
    for facet in build_facets(catalog, include_retired=True):
        width = _width(len(facet.values))
        per_cred: dict[int, list[str]] = defaultdict(list)
        for n, value in enumerate(facet.values):
            for cred in value.credentials:
                per_cred[position[cred.id]].append(_code(n, width))
        multi = any(len(codes) > 1 for codes in per_cred.values())
        none = "" if multi else "-" * width
        cells = ["".join(per_cred.get(i, [])) or none for i in range(len(creds))]
        columns[facet.key] = (cells, "," if multi else "")
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
    columns["hours"] = (["-" if b is None else _code(b, 1) for b in buckets], "")
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
    sorts, sort_outputs = _sort_files(creds)
    starts, start_outputs = _start_files(creds)
    sort_outputs += start_outputs
    outputs = []
    for facet_doc in facets:
        cells, separator = columns[str(facet_doc["key"])]
        parts = _parts(cells, separator)
        facet_doc["parts"] = len(parts)
        for n, part in enumerate(parts):
            path = urls.search_facet(str(facet_doc["key"]), n)
            outputs.append(Output(path, compact_json_bytes(part)))
    doc = {
        "version": 2,
        "count": len(creds),
        "active": len(catalog.active),
        "records_per_file": RECORDS_PER_FILE,
        "facets": facets,
        "terms": firsts,
        "short": short,
        "weights": LEVELS,
        "stopwords": sorted(STOPWORDS),
        "sorts": sorts,
    }
    if starts:
        doc["starts"] = starts
    outputs.insert(0, Output(urls.search_meta(), compact_json_bytes(doc)))
    return outputs + sort_outputs


def _sort_files(creds: list[Credential]) -> tuple[dict[str, dict[str, int]], list[Output]]:
    """Per sort key, each credential's rank among the distinct values (fixed width, '-' for
    none), in parts under the limit: sorting compares ranks, a few characters per credential.
    """
    keys: dict[str, list[float | str | None]] = {
        "hours": [c.workload_hours for c in creds],
        "date": [(c.updated or c.published or None) for c in creds],
    }
    sorts: dict[str, dict[str, int]] = {}
    outputs = []
    for key, values in keys.items():
        distinct = sorted({v for v in values if v is not None}, key=lambda v: (str(type(v)), v))
        rank = {v: n for n, v in enumerate(distinct)}
        width = _width(len(distinct) or 1)
        cells = ["-" * width if v is None else _code(rank[v], width) for v in values]
        parts = _parts(cells, "")
        sorts[key] = {"width": width, "parts": len(parts)}
        for n, part in enumerate(parts):
            outputs.append(Output(urls.search_sort(key, n), compact_json_bytes(part)))
    return sorts, outputs


START_WIDTH = 3
"""Characters per intake start date (days since 1970-01-01 in base 62: up to the year 2622)."""
_EPOCH = date(1970, 1, 1)


def _start_days(cred: Credential) -> list[int]:
    """The days (since 1970-01-01) on which the intakes of an active credential start."""
    if cred.status is not Status.ACTIVE:
        return []
    days = []
    for intake in cred.intakes:
        with contextlib.suppress(ValueError):
            days.append((date.fromisoformat(intake.start) - _EPOCH).days)
    return sorted(set(days))


def _start_files(creds: list[Credential]) -> tuple[dict[str, int] | None, list[Output]]:
    """Every intake start date of each credential, credentials separated by commas, in parts
    under the limit: the browser compares them with its own date ("Starts within 3 months"),
    so a page built months ago still filters right. None when no credential has intakes."""
    cells = ["".join(_code(d, START_WIDTH) for d in _start_days(c)) for c in creds]
    if not any(cells):
        return None, []
    parts = _parts(cells, ",")
    outputs = [
        Output(urls.search_starts(n), compact_json_bytes(part)) for n, part in enumerate(parts)
    ]
    return {"width": START_WIDTH, "parts": len(parts)}, outputs


def _postings(by_doc: dict[int, int]) -> list[int]:
    """Delta-coded postings: per credential (in order) gap * 8 + index of its weight."""
    flat: list[int] = []
    previous = 0
    for doc, weight in sorted(by_doc.items()):
        flat.append((doc - previous) * 8 + LEVELS.index(weight))
        previous = doc
    return flat


Postings = dict[str, dict[int, int]]
"""Key -> credential number -> the weight of the key in that credential."""


def _term_files(
    catalog: Catalog, shown: list[Entry]
) -> tuple[list[Output], list[list[str]], list[str]]:
    """The term index files, the first and last key of each, and the keys under three letters (a
    word that short matches only exactly: the browser fetches nothing for one not listed).

    A key is a stem (its value: the postings) or a word whose stem differs (its value: the
    stem first, then the word's own postings when the stem lies in another two-letter group,
    so that a prefix typed in that group needs no other file). A key that is both keeps its
    stem's postings after the stem it leads to.
    """
    stem = stemmer_for(catalog.lang or catalog.config.language)
    by_stem, by_word = _merge(shown, stem)
    entries: dict[str, list[str | int]] = {}
    for key, by_doc in by_stem.items():
        entries[key] = list(_postings(by_doc))
    for word, by_doc in by_word.items():
        root = stem(word)
        if root == word:
            continue
        if word in entries:  # also a stem: its postings stay
            entries[word] = [root, *entries[word]]
        elif group_of(root) != group_of(word):
            entries[word] = [root, *_postings(by_doc)]
        else:
            entries[word] = [root]
    outputs, firsts = _pack(entries)
    return outputs, firsts, sorted((k for k in entries if len(k) < 3), key=_sort_key)


def _merge(shown: list[Entry], stem: Callable[[str], str]) -> tuple[Postings, Postings]:
    """The postings of each stem and of each word, from the entries of the credentials in
    search order: a stem's weight in a credential is that of its best word there."""
    by_stem: Postings = defaultdict(dict)
    by_word: Postings = defaultdict(dict)
    for n, entry in enumerate(shown):
        for word, weight in zip(entry.words, entry.weights, strict=True):
            by_word[word][n] = weight
            postings = by_stem[stem(word)]
            if postings.get(n, 0) < weight:
                postings[n] = weight
    return by_stem, by_word


def _pack(entries: dict[str, list[str | int]]) -> tuple[list[Output], list[list[str]]]:
    """Files of whole two-letter groups in key order: small groups share a file up to
    ``PACK_LIMIT``, a group over ``FILE_LIMIT`` is cut into several files."""
    groups: dict[str, list[tuple[str, bytes]]] = defaultdict(list)
    for key in sorted(entries, key=_sort_key):
        item = compact_json_bytes({key: entries[key]})[1:-1]  # '"key":[...]'
        groups[group_of(key)].append((key, item))
    files: list[list[tuple[str, bytes]]] = [[]]
    size = 0
    for name in sorted(groups, key=_sort_key):
        group = groups[name]
        group_size = sum(len(item) + 1 for _, item in group)
        if files[-1] and size + group_size > PACK_LIMIT:
            files.append([])
            size = 0
        for key, item in group:
            if files[-1] and size + len(item) + 1 > FILE_LIMIT:
                files.append([])
                size = 0
            files[-1].append((key, item))
            size += len(item) + 1
    outputs = [
        Output(urls.search_terms(n), b"{" + b",".join(item for _, item in f) + b"}")
        for n, f in enumerate(files)
    ]
    return outputs, [[f[0][0], f[-1][0]] if f else ["", ""] for f in files]


def _records(creds: list[Credential], shown: list[Entry]) -> list[Output]:
    """What a result shows: each credential's card, rendered at build time by the theme's card
    partial (the same markup as the static list), ``RECORDS_PER_FILE`` per file."""
    outputs = []
    for start in range(0, len(creds), RECORDS_PER_FILE):
        chunk = [
            {"id": c.id, "title": c.title, "card": e.card}
            for c, e in zip(
                creds[start : start + RECORDS_PER_FILE],
                shown[start : start + RECORDS_PER_FILE],
                strict=True,
            )
        ]
        outputs.append(
            Output(urls.search_records(start // RECORDS_PER_FILE), compact_json_bytes(chunk))
        )
    return outputs
