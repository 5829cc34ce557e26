"""The unit every renderer returns: a site-relative path and the exact bytes to publish."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Output:
    """One file of the built site."""

    path: str
    """Site-relative POSIX path, e.g. badges/data-101.json."""
    data: bytes


def json_bytes(document: Any) -> bytes:
    """Serialise JSON deterministically: sorted keys, two-space indent, UTF-8, final newline."""
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def script_json(document: Any) -> str:
    """JSON safe inside an HTML <script> block: '<', '>' and '&' are escaped."""
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
