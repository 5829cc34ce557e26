"""Public web addresses: every URL field is parsed, and refused unless it is a plain http(s) URL.

The schemas only check that a URL starts with ``https://`` or ``http://``. Here each one is
parsed as the browsers and badge verifiers that follow it will parse it, and refused when it
carries a user name or password, a port that is not a number from 1 to 65535, a host that
cannot be parsed (``https://[x/``), characters a URL may not hold, or (for the address the
site is served at, ``base_url`` and ``canonical_base_url``) a query or fragment. Which fields
are URLs is read from the schema: every string whose ``pattern`` starts with ``^https?://``.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import SplitResult, urlsplit

from credcat.core.diagnostics import Diagnostic
from credcat.core.patterns import compile_pattern
from credcat.core.sources import SourceDoc
from credcat.core.yamldoc import escape_pointer_token

BASE_FIELDS = frozenset({"base_url", "canonical_base_url"})
"""Catalog fields every public URL is built on: no query or fragment allowed."""
_ALLOWED = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]|[^\x00-\x7f]")
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_HOST_NAME = re.compile(r"[^\x00-\x2c/:;<=>?@\[\\\]^`{|}~\x7f]+")


class UrlProblem(Exception):
    """Why a text is not an acceptable public URL (``code`` is a ``url.*`` code)."""

    def __init__(self, code: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


def parse_url(text: str, *, base: bool = False) -> SplitResult:
    """Parse a public http(s) URL; raise ``UrlProblem`` saying what is wrong with it."""
    if not text.startswith(("https://", "http://")):
        raise UrlProblem("url.scheme", "must start with https:// or http://", "e.g. https://")
    if _SPACE_OR_CONTROL.search(text):
        raise UrlProblem(
            "url.invalid", "contains a space or control character", "encode spaces as %20"
        )
    bad = sorted({c for c in text if not _ALLOWED.fullmatch(c)})
    if bad:
        shown = " ".join(bad)
        raise UrlProblem(
            "url.invalid",
            f"contains characters a URL may not hold: {shown}",
            'percent-encode them (e.g. " is %22, < is %3C)',
        )
    if _PERCENT.search(text):
        raise UrlProblem("url.invalid", "has a % not followed by two hex digits", "write % as %25")
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError as exc:
        raise UrlProblem(
            "url.invalid",
            f"cannot be parsed ({exc})",
            "check the host name and any [ ] around an IPv6 address",
        ) from None
    if parts.scheme not in ("https", "http"):
        raise UrlProblem("url.scheme", "must start with https:// or http://", "e.g. https://")
    if parts.username is not None or parts.password is not None:
        raise UrlProblem(
            "url.credentials",
            "must not carry a user name or password",
            "remove the part before '@': anyone could read it on the published pages",
        )
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        raise UrlProblem("url.port", "has a bad port", "a port is a number from 1 to 65535")
    if not host or not _valid_host(host):
        raise UrlProblem("url.invalid", "has no valid host name", "e.g. https://example.org/")
    if base and (parts.query or parts.fragment or "?" in text or "#" in text):
        raise UrlProblem(
            "url.query",
            "must not have a query (?...) or fragment (#...)",
            "every page URL is built by adding a path to it",
        )
    return parts


def _valid_host(host: str) -> bool:
    if ":" in host:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return False
        return True
    return bool(_HOST_NAME.fullmatch(host)) and ".." not in host and not host.startswith(".")


def check_doc_urls(doc: SourceDoc, schema: dict[str, Any]) -> Iterator[Diagnostic]:
    """Check every URL field of one document (found through ``schema``)."""
    for pointer, name, text in _url_fields(doc.data, schema, "", ""):
        try:
            parse_url(text, base=doc.kind.value == "catalog" and pointer[1:] in BASE_FIELDS)
        except UrlProblem as problem:
            yield Diagnostic(
                location=doc.locate(pointer),
                code=problem.code,
                message=f"{name} {problem.message} (got {_show(text)})",
                hint=problem.hint,
            )


def _show(text: str) -> str:
    shown = repr(text)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _is_url_schema(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "string" and str(schema.get("pattern", "")).startswith(
        "^https?://"
    )


def _url_fields(
    data: Any, schema: dict[str, Any], pointer: str, name: str
) -> Iterator[tuple[str, str, str]]:
    if isinstance(data, str) and _is_url_schema(schema):
        if not compile_pattern(schema["pattern"]).search(data):
            return  # the schema check reports it
        yield pointer, name or "the document", data
    elif isinstance(data, dict):
        props = schema.get("properties", {})
        for key, value in data.items():
            sub = props.get(key)
            if isinstance(sub, dict):
                child = f"{name}.{key}" if name else str(key)
                yield from _url_fields(value, sub, f"{pointer}/{escape_pointer_token(key)}", child)
    elif isinstance(data, list) and isinstance(schema.get("items"), dict):
        for i, value in enumerate(data):
            yield from _url_fields(value, schema["items"], f"{pointer}/{i}", f"{name}[{i}]")
