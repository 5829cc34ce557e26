"""Portable names (portability.py); the corpus cases id-reserved-names and id-case-collision
hold the exact diagnostics of a whole catalog."""

from __future__ import annotations

import re
from pathlib import Path

from credcat.check.portability import check_names, fold, reserved_names
from credcat.core import urls
from credcat.core.diagnostics import Location

HERE = Location(path="x")


def test_fold_joins_case_and_unicode_forms() -> None:
    assert fold("ms-MY") == fold("ms-my")
    assert fold("caf\u00e9") == fold("cafe\u0301")  # NFC and NFD
    assert fold("\ufb01le") == fold("file")  # NFKC: the fi ligature
    assert fold("STRASSE") == fold("stra\u00dfe")  # casefold: sharp s


def test_reserved_names_come_from_the_url_scheme() -> None:
    text = Path(urls.__file__).read_text(encoding="utf-8")
    written = set(re.findall(r'return f?"([a-z.]+)[/{"]', text))
    assert written - {""} <= reserved_names()
    assert {"search", "badges", "page", "browse", "assets", "credentials"} <= reserved_names()


def test_collisions_and_reserved_ids() -> None:
    found = list(
        check_names(
            credential_ids=[("search", HERE), ("data", HERE), ("ms-my", HERE)],
            issuer_ids=[("assets", HERE)],
            languages=[("en", HERE), ("ms-MY", HERE), ("EN", HERE)],
            image_paths=[("img/caf\u00e9.svg", HERE), ("img/cafe\u0301.svg", HERE)],
        )
    )
    codes = sorted((d.code, d.message.split(" ")[0:3][-1]) for d in found)
    assert [c for c, _ in codes].count("id.collision") == 2
    assert [c for c, _ in codes].count("id.reserved") == 3  # search, ms-my, assets
