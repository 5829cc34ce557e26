"""What the search index needs of one credential in one language: its words, each with the
weight of the best field it appears in, and its result card.

Entries are made in the render workers beside the credential's page (see build.py) and kept
in the build cache with it, so a build tokenises and renders the card of only the
credentials whose entries changed; search.py merges the entries into the index (stems,
postings, records). An entry holds words, not stems: stemming happens when merging.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from credcat.model.records import Credential

DESCRIPTION_WORDS = 300
"""Words of each long description that are indexed (the start says what matters)."""
WEIGHTS = {"title": 10, "skill": 6, "tag": 5, "summary": 4, "outcome": 3, "issuer": 2, "text": 1}
_WEIGHT_VALUES = frozenset(WEIGHTS.values())
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
        "s",
        "t",
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
_WORD = re.compile(r"\w+(?:\+\+|#)?")
"""A run of letters and digits (``normalize`` turns "_" into a space, and ``\\w`` is much
faster than ``[^\\W_]``); "c++" and "c#" keep their signs, as in the browser."""
_ACCENTS = re.compile("[\u0300-\u036f]+")
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True, slots=True)
class Entry:
    """One credential's part of the search index, in one language."""

    key: str
    """The hash of everything the entry is made from (``PageRenderer.search_entry``)."""
    words: tuple[str, ...]
    """The credential's indexed words, each once, in the order first seen."""
    weights: tuple[int, ...]
    """The weight of the best field each word appears in (``WEIGHTS``)."""
    card: str
    """The result card as HTML (``PageRenderer.search_card``)."""

    def __post_init__(self) -> None:
        # Entries are read back from the build cache: one of another shape is refused there.
        if not (
            type(self.key) is str
            and type(self.card) is str
            and type(self.words) is tuple
            and type(self.weights) is tuple
            and len(self.words) == len(self.weights)
            and all(type(word) is str for word in self.words)
            and _WEIGHT_VALUES.issuperset(self.weights)
        ):
            raise ValueError("not a search entry")


def make_entry(key: str, cred: Credential, issuer: str, description: str, card: str) -> Entry:
    """The entry of ``cred`` (as shown in one language), whose issuer is called ``issuer``,
    whose description is the HTML ``description`` and whose result card is ``card``."""
    best: dict[str, int] = {}  # word -> its highest weight in this credential
    for field, text in _fields(cred, issuer, plain_text(description)):
        weight = WEIGHTS[field]
        for word in tokens(text):
            if best.get(word, 0) < weight:
                best[word] = weight
    return Entry(key, tuple(best), tuple(best.values()), card)


def _fields(cred: Credential, issuer: str, description: str) -> Iterator[tuple[str, str]]:
    yield "title", cred.title
    yield "summary", cred.summary
    yield "issuer", issuer
    for skill in cred.skills:
        yield "skill", skill.name
    for tag in cred.tags:
        yield "tag", tag
    for outcome in cred.learning_outcomes:
        yield "outcome", outcome
    if cred.field_of_study:
        yield "tag", cred.field_of_study
    yield "text", " ".join(description.split()[:DESCRIPTION_WORDS])


def normalize(text: str) -> str:
    """Strip accents and lower-case, exactly as the browser does before looking terms up.

    Whole-string operations (NFKD, one regex, ``str.lower``) rather than a loop over
    characters: this runs over every indexed word of the catalog.
    """
    if not text.isascii():
        text = _ACCENTS.sub("", unicodedata.normalize("NFKD", text))
    return text.lower().replace("_", " ")


def tokens(text: str) -> Iterator[str]:
    """Words worth indexing in ``text``: every run of letters or digits, one character too
    ("R", "3"), except stopwords."""
    for word in _WORD.findall(normalize(text)):
        if word not in STOPWORDS:
            yield word


def plain_text(html: str) -> str:
    """Text of sanitised HTML (for indexing descriptions)."""
    return _TAGS.sub(" ", html)
