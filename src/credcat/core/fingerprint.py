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
        cls = type(value)
        if cls is str:  # the commonest value by far: before any isinstance
            text: str = value
            return b"s%d:" % len(text) + text.encode("utf-8", "surrogatepass")
        if value is None or cls is bool or cls is int or cls is float:
            return f"{cls.__name__}:{value!r};".encode()
        # A remembered object is alive (the memo holds it), so no other object has its id.
        found = self._memo.get(id(value))
        if found is not None:
            return found[1]
        if isinstance(value, bool | int | float):
            return f"{cls.__name__}:{value!r};".encode()
        if isinstance(value, str):  # Markup included: it is text
            return b"s%d:" % len(value) + value.encode("utf-8", "surrogatepass")
        if isinstance(value, bytes):
            return b"b%d:" % len(value) + value
        if isinstance(value, enum.Enum):
            return f"e:{cls.__qualname__}.{value.name};".encode()
        shape = _shape(cls)
        if shape is None:
            return hashlib.sha256(self._walk(value)).digest()
        digest = hashlib.sha256(self._dataclass(value, shape)).digest()
        # Only frozen values are remembered: a list or dict may change between two uses.
        if shape.frozen:
            self._memo[id(value)] = (value, digest)
        return digest

    def _dataclass(self, value: Any, shape: _Shape) -> bytes:
        parts = [shape.module, shape.qualname]
        for name, encoded in shape.fields:
            parts.append(encoded)
            parts.append(self._digest(getattr(value, name)))
        if self._extra is not None:
            parts.append(self._digest(self._extra(value)))
        return b"d:" + b"|".join(parts)

    def _walk(self, value: Any) -> bytes:
        if isinstance(value, tuple | list):
            return b"(" + b"".join(self._digest(v) for v in value) + b")"
        if isinstance(value, Mapping):
            items = sorted((self._digest(k), self._digest(v)) for k, v in value.items())
            return b"{" + b"".join(k + v for k, v in items) + b"}"
        if isinstance(value, frozenset | set):
            return b"<" + b"".join(sorted(self._digest(v) for v in value)) + b">"
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


@dataclasses.dataclass(frozen=True, slots=True)
class _Shape:
    """What the walk needs of a dataclass type, found once per type."""

    module: bytes
    qualname: bytes
    fields: tuple[tuple[str, bytes], ...]
    """Each field's name, and its name encoded."""
    frozen: bool


_SHAPES: dict[type, _Shape | None] = {}


def _shape(cls: type) -> _Shape | None:
    """The shape of dataclass type ``cls``; None for any other type."""
    try:
        return _SHAPES[cls]
    except KeyError:
        pass
    shape = None
    if dataclasses.is_dataclass(cls):
        shape = _Shape(
            module=cls.__module__.encode(),
            qualname=cls.__qualname__.encode(),
            fields=tuple((f.name, f.name.encode()) for f in dataclasses.fields(cls)),
            frozen=bool(cls.__dataclass_params__.frozen),  # type: ignore[attr-defined]
        )
    _SHAPES[cls] = shape
    return shape
