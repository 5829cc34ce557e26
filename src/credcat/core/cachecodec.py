"""Tagged JSON for the build cache: plain data and a closed set of classes, never code.

The cache used to be a pickle, and unpickling runs whatever the file asks for. This codec
writes values as JSON, where every array starts with a tag saying what it holds, and reads
back only the dataclasses, enums and named tuples reachable from the type hints of its root
classes (the checked result of a source file, a credential's search entry). The set of
classes is derived from those hints, not listed: a field added to the model is cached without
a change here, and anything the hints do not name is refused on reading.

Tags: ``l`` list, ``t`` tuple, ``s`` set, ``d`` dict (keys and values alternate), ``p``
path, ``e`` enum member, ``c`` dataclass (its init fields in order), ``n`` named tuple,
``f`` a float JSON cannot carry (nan, inf, -inf).
"""

from __future__ import annotations

import dataclasses
import enum
import math
import types
import typing
from pathlib import Path, PurePosixPath
from typing import Any


class CodecError(ValueError):
    """The data does not describe a value this codec can rebuild."""


def _is_named_tuple(cls: type) -> bool:
    return issubclass(cls, tuple) and hasattr(cls, "_fields")


def _reachable(roots: tuple[type, ...]) -> dict[str, type]:
    """Every dataclass, enum and named tuple named by the type hints under ``roots``."""
    found: dict[str, type] = {}
    todo: list[Any] = list(roots)
    while todo:
        hint = todo.pop()
        args = typing.get_args(hint)
        if args:
            todo.extend(args)
        origin = typing.get_origin(hint)
        if origin is not None and origin is not types.UnionType:
            todo.append(origin)
        if not isinstance(hint, type):
            continue
        is_dc = dataclasses.is_dataclass(hint)
        if not (is_dc or issubclass(hint, enum.Enum) or _is_named_tuple(hint)):
            continue
        name = f"{hint.__module__}.{hint.__qualname__}"
        if name in found:
            continue
        found[name] = hint
        if is_dc or _is_named_tuple(hint):
            todo.extend(typing.get_type_hints(hint).values())
    return found


_PLAIN = frozenset({str, int, float, bool, type(None)})
_SCALARS = _PLAIN - {float}
"""Plain values that encode as themselves (a float may be nan or inf)."""
_FLOATS = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


class Codec:
    """Encode and decode values whose classes are reachable from ``roots``."""

    def __init__(self, *roots: type) -> None:
        self.classes = _reachable(roots)
        self._fields = {
            name: tuple(f.name for f in dataclasses.fields(cls) if f.init)
            for name, cls in self.classes.items()
            if dataclasses.is_dataclass(cls)
        }

    def encode(self, value: Any) -> Any:
        """A JSON-ready form of ``value``; raises CodecError for a class it cannot rebuild."""
        if value is None or isinstance(value, (str, bool, int)):
            if type(value) not in (str, bool, int, type(None)):
                raise CodecError(f"cannot cache a {type(value).__name__}")
            return value
        if isinstance(value, float):
            return value if math.isfinite(value) else ["f", str(value)]
        cls = type(value)
        if cls is list or cls is tuple:
            tag = "l" if cls is list else "t"
            # Plain items are the bulk of a cache (words, paths): they skip the call.
            if all(type(x) in _SCALARS for x in value):
                return [tag, *value]
            return [tag, *map(self.encode, value)]
        if cls is dict:
            items: list[Any] = ["d"]
            for key, item in value.items():
                items += [self.encode(key), self.encode(item)]
            return items
        if cls in (set, frozenset):
            return ["s", *sorted(map(self.encode, value), key=repr)]
        if isinstance(value, PurePosixPath):  # Path on POSIX systems too
            return ["p", str(value)]
        name = f"{cls.__module__}.{cls.__qualname__}"
        known = self.classes.get(name)
        if known is None and isinstance(value, tuple):
            return ["t", *map(self.encode, value)]  # a named tuple the hints call a tuple
        if known is None:
            raise CodecError(f"cannot cache a {name}")
        if isinstance(value, enum.Enum):
            return ["e", name, self.encode(value.value)]
        if _is_named_tuple(cls):
            return ["n", name, *map(self.encode, value)]
        return ["c", name, *(self.encode(getattr(value, f)) for f in self._fields[name])]

    def decode(self, data: Any) -> Any:
        """Rebuild a value written by ``encode``; raises CodecError on anything else."""
        if type(data) in _PLAIN:
            return data
        if type(data) is not list or not data or type(data[0]) is not str:
            raise CodecError("untagged value")
        tag, rest = data[0], data[1:]
        # Plain values are the bulk of a cache: they skip the call (about twice as fast).
        items = [x if type(x) in _PLAIN else self.decode(x) for x in rest]
        try:
            if tag == "l":
                return items
            if tag == "t":
                return tuple(items)
            if tag == "s":
                return set(items)
            if tag == "d":
                if len(items) % 2:
                    raise CodecError("odd dict")
                return dict(zip(items[::2], items[1::2], strict=True))
            if tag == "p" and len(items) == 1 and isinstance(items[0], str):
                return Path(items[0])
            if tag == "f" and len(items) == 1 and items[0] in _FLOATS:
                return _FLOATS[items[0]]
            if tag in ("e", "n", "c") and items and isinstance(items[0], str):
                cls = self.classes.get(items[0])
                if cls is None:
                    raise CodecError(f"unknown class {items[0]!r}")
                values = items[1:]
                if tag == "e" and issubclass(cls, enum.Enum) and len(values) == 1:
                    return cls(values[0])
                if tag == "n" and _is_named_tuple(cls):
                    return cls(*values)
                names = self._fields.get(items[0])
                if tag == "c" and names is not None and len(names) == len(values):
                    return cls(**dict(zip(names, values, strict=True)))
        except (TypeError, ValueError) as exc:
            raise CodecError(str(exc)) from None
        raise CodecError(f"bad value tagged {tag!r}")
