"""Fingerprints of render contexts: the key of an output, derived from what it is rendered from.

A page is rendered from a context (the values its template receives); its cache key is the
hash of that context, walked value by value, so nothing can be rendered from an input that
the key does not cover. The walk knows plain values, containers, enums, frozen dataclasses
(the model and the values renderers build from it), ``functools.partial`` and bound methods
of such values; anything else is refused with a ``TypeError``, so a new kind of value in a
context must be made fingerprintable before it can ship.

One :class:`Fingerprinter` serves one build: the model is immutable, so each object is walked
once and its digest reused wherever it appears (a credential listed on forty pages).
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import functools
import hashlib
import types
from collections.abc import Callable, Mapping
from pathlib import PurePath
from typing import Any

Extra = Callable[[Any], Any]
"""More that a value of a given kind brings with it, fingerprinted beside it (or None)."""


class Fingerprinter:
    """Hashes render contexts; ``extra`` adds what a value implies beyond its own fields
    (the language its texts are shown in, the issuer its card shows)."""

    def __init__(self, extra: Extra | None = None) -> None:
        self._extra = extra
        self._memo: dict[int, tuple[Any, bytes]] = {}
        """id(object) -> (the object, kept alive so its id is not reused; its digest)."""

    def key(self, *values: Any) -> str:
        """The hex digest of ``values``."""
        digest = hashlib.sha256()
        for value in values:
            digest.update(self._digest(value))
        return digest.hexdigest()

    def _digest(self, value: Any) -> bytes:
        if value is None or isinstance(value, bool | int | float):
            return f"{type(value).__name__}:{value!r};".encode()
        if isinstance(value, str):  # Markup included: it is text
            return b"s%d:" % len(value) + value.encode("utf-8", "surrogatepass")
        if isinstance(value, bytes):
            return b"b%d:" % len(value) + value
        if isinstance(value, enum.Enum):
            return f"e:{type(value).__qualname__}.{value.name};".encode()
        if not dataclasses.is_dataclass(value):
            return hashlib.sha256(self._walk(value)).digest()
        # Only frozen values are remembered: a list or dict may change between two uses.
        found = self._memo.get(id(value))
        if found is not None:
            return found[1]
        digest = hashlib.sha256(self._walk(value)).digest()
        if type(value).__dataclass_params__.frozen:  # type: ignore[union-attr]
            self._memo[id(value)] = (value, digest)
        return digest

    def _walk(self, value: Any) -> bytes:
        if isinstance(value, tuple | list):
            return b"(" + b"".join(self._digest(v) for v in value) + b")"
        if isinstance(value, Mapping):
            items = sorted((self._digest(k), self._digest(v)) for k, v in value.items())
            return b"{" + b"".join(k + v for k, v in items) + b"}"
        if isinstance(value, frozenset | set):
            return b"<" + b"".join(sorted(self._digest(v) for v in value)) + b">"
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            parts = [type(value).__module__.encode(), type(value).__qualname__.encode()]
            for field in dataclasses.fields(value):
                parts.append(field.name.encode())
                parts.append(self._digest(getattr(value, field.name)))
            if self._extra is not None:
                parts.append(self._digest(self._extra(value)))
            return b"d:" + b"|".join(parts)
        if isinstance(value, functools.partial):
            return b"p:" + b"".join(
                [self._callable(value.func), self._digest(value.args), self._digest(value.keywords)]
            )
        if isinstance(value, types.MethodType):
            return b"m:" + self._digest(value.__self__) + self._callable(value.__func__)
        if isinstance(value, types.FunctionType | types.BuiltinFunctionType):
            return self._callable(value)
        if isinstance(value, datetime.date | PurePath):
            return f"{type(value).__name__}:{value};".encode()
        raise TypeError(f"cannot fingerprint a {type(value).__qualname__} in a render context")

    def _callable(self, function: Any) -> bytes:
        """A module-level function, by name (its code is covered by the build's code salt).
        A closure could carry state the key does not see, so it is refused."""
        if getattr(function, "__closure__", None):
            raise TypeError(f"cannot fingerprint closure {function.__qualname__}")
        return f"f:{function.__module__}.{function.__qualname__};".encode()
