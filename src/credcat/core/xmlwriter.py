"""Well-formed XML for the feed and the sitemap: elements are built here, never by hand.

Every text and attribute value passes through ``text``/``attr``, which escape ``& < > "`` and
refuse characters XML 1.0 cannot hold (control characters, lone surrogates, U+FFFE/U+FFFF)
instead of writing a file no parser accepts. Catalog text with such characters is already a
located ``schema.character`` error, so the refusal here only guards against a new caller.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9._:-]*")


def _checked(value: str) -> str:
    bad = _NOT_XML.search(value)
    if bad:
        raise ValueError(f"U+{ord(bad.group()):04X} cannot be written in XML")
    return value


def text(value: str) -> str:
    """Escape character data."""
    return _checked(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(value: str) -> str:
    """Escape an attribute value written between double quotes."""
    return text(value).replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;")


def _name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise ValueError(f"{name!r} is not an XML name")
    return name


def start(name: str, attrs: Mapping[str, str] | None = None, *, empty: bool = False) -> str:
    """An opening tag (or with ``empty``, a self-closing one)."""
    inner = "".join(f' {_name(k)}="{attr(v)}"' for k, v in (attrs or {}).items())
    return f"<{_name(name)}{inner}{'/' if empty else ''}>"


def end(name: str) -> str:
    """A closing tag."""
    return f"</{_name(name)}>"


def element(name: str, content: str | None = None, attrs: Mapping[str, str] | None = None) -> str:
    """One element holding text (or empty, when ``content`` is None)."""
    if content is None:
        return start(name, attrs, empty=True)
    return start(name, attrs) + text(content) + end(name)
