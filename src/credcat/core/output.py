"""The unit every renderer returns: a site-relative path and the exact bytes to publish."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson


@dataclass(frozen=True, slots=True)
class Output:
    """One file of the built site."""

    path: str
    """Site-relative POSIX path, e.g. badges/data-101.json."""
    data: bytes | None
    """The bytes to publish, or None: the same file as in the previous build (not re-rendered)."""


_JSON_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE


def json_bytes(document: Any) -> bytes:
    """Serialise a published JSON document deterministically: sorted keys, UTF-8, no
    whitespace between tokens (about three quarters of the bytes of the same document
    indented; browsers and ``jq`` indent it for reading), a final newline."""
    return orjson.dumps(document, option=_JSON_OPTIONS)


def script_json(document: Any) -> str:
    """Compact JSON safe inside an HTML <script> block: '<', '>' and '&' are escaped."""
    text = orjson.dumps(document, option=orjson.OPT_SORT_KEYS).decode()
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def compact_json_bytes(document: Any) -> bytes:
    """Minified deterministic JSON (sorted keys, no spaces): files fetched by the browser."""
    return orjson.dumps(document, option=orjson.OPT_SORT_KEYS)
