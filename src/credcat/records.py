"""Fast pickling for credcat's slotted dataclasses (used by the build cache).

The ``__getstate__`` that ``dataclass(slots=True)`` generates calls ``fields()`` for every
object; for the hundreds of thousands of small values in a large catalog's cache that made
loading and saving it take seconds. These classes pickle as a class plus a tuple instead.
"""

from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T", bound=type)


def _restore(cls: type, values: tuple[Any, ...]) -> Any:
    obj: Any = object.__new__(cls)
    for name, value in zip(cls.__slots__, values, strict=True):  # type: ignore[attr-defined]
        object.__setattr__(obj, name, value)
    return obj


def fast_pickle(cls: T) -> T:
    """Make a slotted dataclass pickle as (class, field values)."""
    names: tuple[str, ...] = cls.__slots__  # type: ignore[attr-defined]

    def __reduce__(self: Any) -> tuple[Any, ...]:
        return (_restore, (cls, tuple(getattr(self, n) for n in names)))

    cls.__reduce__ = __reduce__  # type: ignore[method-assign,assignment]
    return cls
