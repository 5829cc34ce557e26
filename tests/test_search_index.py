"""The search index as files: tokens, stems, packing and the size of every file a query needs."""

from __future__ import annotations

import json
import sys
import timeit
import unicodedata
from pathlib import Path

import pytest

from credcat.core.diagnostics import Report
from credcat.load import search_entry
from credcat.publish.build import build
from credcat.render import search

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from bench import generate  # noqa: E402

RAW_LIMIT = 64_000


def _search_files(site: Path) -> dict[str, int]:
    return {
        str(p.relative_to(site)): p.stat().st_size
        for p in site.rglob("*.json")
        if "search" in p.relative_to(site).parts
    }


def test_tokens_keep_digits_short_words_and_signs() -> None:
    assert list(search_entry.tokens("Institute 3: C++, R and AI for Café Welders; C# too")) == [
        "institute",
        "3",
        "c++",
        "r",
        "ai",
        "cafe",
        "welders",
        "c#",
        "too",
    ]


def test_tokenising_works_on_whole_strings() -> None:
    """Normalising whole strings (NFKD, one regex) beats a loop over characters by far, and
    agrees with it on the accents learners leave out."""
    text = "Análisis de datos, Pengelasan SMAW dasar; nursing care for older adults. " * 4

    def per_character(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        return "".join(ch for ch in decomposed if not unicodedata.combining(ch))

    assert search_entry.normalize(text) == per_character(text)
    english = "Nursing care for older adults: plan, give and record safe care. " * 5
    fast = min(timeit.repeat(lambda: search_entry.normalize(english), number=2000, repeat=5))
    slow = min(timeit.repeat(lambda: per_character(english), number=2000, repeat=5))
    assert fast * 3 < slow


def test_stems_per_page_language() -> None:
    english, malay, indonesian = (search.stemmer_for(lang) for lang in ("en", "ms", "id"))
    assert english("welding") == english("weld") == "weld"
    assert english("nurses") == english("nursing")
    assert indonesian("pengelasan") == indonesian("mengelas")
    assert malay("pembelajaran") == "ajar"
    assert english("c++") == "c++"
    assert english("2024") == "2024"
    assert search.stemmer_for("th")("ครู") == "ครู"


def test_packing_keeps_two_letter_groups_whole_and_splits_only_big_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search, "FILE_LIMIT", 200)
    monkeypatch.setattr(search, "PACK_LIMIT", 100)
    entries: dict[str, list[str | int]] = {f"da{n:02d}": list(range(20)) for n in range(12)}
    entries |= {"ab": [1], "abc": [2], "zz": ["zzz", 3]}
    outputs, firsts = search._pack(entries)
    files = [json.loads(o.data or b"") for o in outputs]
    assert {k: v for f in files for k, v in f.items()} == entries
    assert firsts == [[min(f), max(f)] for f in files]
    assert firsts == sorted(firsts)
    assert all(len(o.data or b"") <= 200 for o in outputs)
    assert sum(1 for f in files if "ab" in f or "abc" in f) == 1  # a small group stays whole
    assert sum(1 for f in files if any(k.startswith("da") for k in f)) > 1  # a big one is split


def test_no_search_file_of_the_example_is_over_64_kb(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert build(REPO / "content", Report(), output=site) is not None
    sizes = _search_files(site)
    assert sizes
    assert max(sizes.values()) <= RAW_LIMIT, max(sizes.items(), key=lambda kv: kv[1])
    meta = json.loads((site / "search" / "meta.json").read_text(encoding="utf-8"))
    files = [p for p in (site / "search" / "terms").iterdir() if p.suffix == ".json"]
    assert len(meta["terms"]) == len(files)  # (each has a .js twin for file://)
    raw = (site / "search" / "terms" / "0.json").read_bytes()
    assert b"\n" not in raw  # minified
    assert b": " not in raw


def test_no_search_file_of_a_generated_catalog_is_over_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """2,000 generated credentials, with the fill limit lowered so that every kind of file
    (term groups, facet columns, sort ranks) has to be cut: each stays under it."""
    generate(tmp_path / "content", 2000)
    site = tmp_path / "site"
    assert build(tmp_path / "content", Report(), output=site) is not None
    sizes = _search_files(site)
    assert max(sizes.values()) <= RAW_LIMIT
    monkeypatch.setattr(search, "FILE_LIMIT", 4000)
    monkeypatch.setattr(search, "PACK_LIMIT", 1000)
    small = tmp_path / "small"
    assert build(tmp_path / "content", Report(), output=small) is not None
    sizes = _search_files(small)
    # Result cards are five to a file whatever the limit (a result is found by its number);
    # five cards stay far under 64 KB, as the full-limit build above shows.
    over = [
        p
        for p, s in sizes.items()
        if s > 4000 and p != "search/meta.json" and not p.startswith("search/records/")
    ]
    assert over
    for path in over:  # only a term whose postings alone are bigger than the limit
        assert path.startswith("search/terms/")
        assert len(json.loads((small / path).read_text(encoding="utf-8"))) == 1
    meta = json.loads((small / "search" / "meta.json").read_text(encoding="utf-8"))
    assert any(f["parts"] > 1 for f in meta["facets"])
    assert len(meta["terms"]) > 10
