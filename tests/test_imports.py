"""Imports flow one way: no module of credcat imports its way back to itself.

Read from the source (``ast``), so the check sees every import, also those of modules no
test imports. Imports under ``if TYPE_CHECKING:`` are annotations only and do not count.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path
from typing import TypeGuard

SRC = Path(__file__).resolve().parent.parent / "src" / "credcat"

PERMANENCE = ("meaning", "lockfile", "archive", "permanence", "lockplan", "lock_command")
"""The modules of permanent URLs, each building only on those before it."""


def _is_type_checking(node: ast.AST) -> TypeGuard[ast.If]:
    """``if TYPE_CHECKING:`` (or ``typing.TYPE_CHECKING``)."""
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(node: ast.Import | ast.ImportFrom) -> set[str]:
    """The credcat modules one import statement names."""
    if isinstance(node, ast.Import):
        return {a.name.split(".")[1] for a in node.names if a.name.startswith("credcat.")}
    parts = (node.module or "").split(".")
    if node.level != 0 or parts[0] != "credcat":
        return set()
    if len(parts) > 1:
        return {parts[1]}
    return {a.name for a in node.names if (SRC / f"{a.name}.py").is_file()}  # from credcat import x


_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def _imports(nodes: Iterable[ast.AST], *, lazy: bool) -> Iterable[ast.Import | ast.ImportFrom]:
    """Every import statement in ``nodes`` and below, in any block (``try``/``except``,
    ``with``, ``match``, class bodies); in function bodies only when ``lazy``."""
    for node in nodes:
        if _is_type_checking(node):
            yield from _imports(node.orelse, lazy=lazy)
            continue
        if isinstance(node, _FUNCTIONS) and not lazy:
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        yield from _imports(ast.iter_child_nodes(node), lazy=lazy)


def _deps(source: str, *, lazy: bool) -> set[str]:
    """The credcat modules a module's source imports."""
    found: set[str] = set()
    for node in _imports(ast.parse(source).body, lazy=lazy):
        found |= _imported(node)
    return found


def _graph(*, lazy: bool) -> dict[str, set[str]]:
    """Module -> the credcat modules it imports (at import time, or also in functions)."""
    return {
        path.stem: _deps(path.read_text(encoding="utf-8"), lazy=lazy) - {path.stem}
        for path in sorted(SRC.glob("*.py"))
    }


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in sorted(graph.get(module, ())):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_the_graph_sees_imports() -> None:
    # The graph is of the package's modules, all in one folder: a subpackage would go unseen.
    assert [p for p in SRC.rglob("*.py") if p.parent != SRC] == []
    graph = _graph(lazy=True)
    assert "permanence" in graph["catalog"]
    assert "lock_command" in graph["cli"]  # imported in a function
    assert "lock_command" not in _graph(lazy=False)["cli"]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_imports_are_found_in_every_block_but_annotations_only() -> None:
    source = """
import json
import credcat.model
from credcat import urls, __version__
from credcat.build import render_site
from . import nothing
try:
    from credcat.raster import rasterise
except ImportError:
    from credcat.preview import Fonts
with open("x") as f:
    import credcat.writer as w
class Thing:
    from credcat.files import read_inside
match json:
    case _:
        from credcat.sources import display_path
if TYPE_CHECKING:
    from credcat.catalog import Catalog
else:
    from credcat.graph import Graph
def later() -> None:
    from credcat.serve import serve
"""
    eager = {"model", "urls", "build", "raster", "preview", "writer", "files", "sources", "graph"}
    assert _deps(source, lazy=False) == eager
    assert _deps(source, lazy=True) == eager | {"serve"}


def test_no_import_cycle_in_the_package() -> None:
    assert _cycles(_graph(lazy=False)) == []


def test_permanent_url_modules_are_in_no_cycle_even_through_functions() -> None:
    for cycle in _cycles(_graph(lazy=True)):
        assert not set(cycle) & set(PERMANENCE), cycle


def test_permanent_url_modules_build_only_on_those_before_them() -> None:
    graph = _graph(lazy=True)
    for position, module in enumerate(PERMANENCE):
        later = set(PERMANENCE[position + 1 :])
        assert not graph[module] & later, f"{module} imports {graph[module] & later}"
    assert graph["meaning"] & set(PERMANENCE) == set()
    assert graph["lockfile"] & set(PERMANENCE) == {"meaning"}
    assert graph["archive"] & set(PERMANENCE) == set()
    users = {m for m, deps in graph.items() if "lock_command" in deps}
    assert users == {"cli"}
