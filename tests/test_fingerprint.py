"""The fingerprints that page keys are made of: stable, complete, and strict."""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass, replace

import pytest
from markupsafe import Markup

from credcat.core.fingerprint import Fingerprinter


@dataclass(frozen=True)
class Inner:
    name: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outer:
    title: str
    inner: Inner
    count: int = 0


@dataclass
class Loose:
    items: list[str]


class Colour(enum.Enum):
    RED = "red"


def _module_function(x: int) -> int:
    return x


def test_the_same_values_give_the_same_key_in_a_fresh_fingerprinter() -> None:
    value = {"b": Outer("T", Inner("n", ("x",))), "a": [1, 2.5, None, True, Colour.RED]}
    first, second = Fingerprinter(), Fingerprinter()
    assert first.key(value) == first.key(value) == second.key(value)
    # Key order does not matter; list order does.
    assert first.key({"a": 1, "b": 2}) == first.key({"b": 2, "a": 1})
    assert first.key([1, 2]) != first.key([2, 1])


def test_every_nested_field_is_covered() -> None:
    base = Outer("T", Inner("n", ("x",)), 1)
    keys = {
        Fingerprinter().key(v)
        for v in (
            base,
            replace(base, title="U"),
            replace(base, count=2),
            replace(base, inner=Inner("m", ("x",))),
            replace(base, inner=Inner("n", ("y",))),
            replace(base, inner=Inner("n", ())),
        )
    }
    assert len(keys) == 6


def test_kinds_of_value_that_print_alike_stay_apart() -> None:
    fp = Fingerprinter()
    assert len({fp.key(v) for v in (1, 1.0, True, "1", b"1", None, "None")}) == 7
    assert fp.key(["ab", "c"]) != fp.key(["a", "bc"])
    assert fp.key(Markup("<b>x</b>")) == fp.key("<b>x</b>")  # markup is its text


def test_a_mutable_value_is_walked_again_each_time() -> None:
    fp = Fingerprinter()
    loose = Loose(["a"])
    before = fp.key(loose)
    loose.items.append("b")
    assert fp.key(loose) != before
    frozen = Outer("T", Inner("n"))
    assert fp.key(frozen) == fp.key(Outer("T", Inner("n")))


def test_functions_are_keyed_by_name_and_closures_and_unknown_values_are_refused() -> None:
    fp = Fingerprinter()
    assert fp.key(functools.partial(_module_function, 1)) != fp.key(
        functools.partial(_module_function, 2)
    )
    captured = 3

    def closure() -> int:
        return captured

    with pytest.raises(TypeError, match="closure"):
        fp.key(closure)
    with pytest.raises(TypeError, match="cannot fingerprint a object"):
        fp.key(object())
    with pytest.raises(TypeError):
        fp.key(Outer)  # a class is not a value


def test_extra_brings_what_a_value_implies() -> None:
    value = Inner("n")
    plain = Fingerprinter().key(value)
    assert Fingerprinter(lambda v: "ms" if isinstance(v, Inner) else None).key(value) != plain
    assert Fingerprinter(lambda v: None).key(value) != Fingerprinter(lambda v: "x").key(value)
