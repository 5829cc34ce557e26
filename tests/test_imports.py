"""Imports flow one way: no module of credcat imports its way back to itself, and the stage
packages build only on the stages before them.

Read from the source (``ast``), so the check sees every import, also those of modules no
test imports. Imports under ``if TYPE_CHECKING:`` are annotations only and do not count.
Modules are named by their dotted path inside the package (``core.urls``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path
from typing import TypeGuard

SRC = Path(__file__).resolve().parent.parent / "src" / "credcat"

STAGES = (
    "core",
    "model",
    "check",
    "ledger",
    "load",
    "render",
    "importing",
    "publish",
    "commands",
)
"""The subpackages in pipeline order: each imports only from itself and those before it."""

PERMANENCE = (
    "ledger.meaning",
    "ledger.lockfile",
    "ledger.archive",
    "ledger.permanence",
    "ledger.lockplan",
    "commands.lock_command",
)
"""The modules of permanent URLs, each building only on those before it."""


def _is_type_checking(node: ast.AST) -> TypeGuard[ast.If]:
    """``if TYPE_CHECKING:`` (or ``typing.TYPE_CHECKING``)."""
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _module_of(dotted: str) -> str | None:
    """``credcat.a.b`` -> ``a.b`` when that is a module, ``a`` when it is a package."""
    parts = dotted.split(".")[1:]
    if not parts:
        return None
    path = SRC.joinpath(*parts)
    if path.with_suffix(".py").is_file():
        return ".".join(parts)
    if (path / "__init__.py").is_file():
        return ".".join([*parts, "__init__"])
    return None


def _imported(node: ast.Import | ast.ImportFrom) -> set[str]:
    """The credcat modules one import statement names."""
    if isinstance(node, ast.Import):
        found = {_module_of(a.name) for a in node.names if a.name.startswith("credcat.")}
        return {m for m in found if m}
    module = node.module or ""
    if node.level != 0 or module.split(".")[0] != "credcat":
        return set()
    names: set[str] = set()
    for alias in node.names:  # from credcat.a import b: b a module, or a name in a's __init__
        names.add(_module_of(f"{module}.{alias.name}") or _module_of(module) or "")
    return names - {"", "__init__"}


_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def _imports(
    nodes: Iterable[ast.AST], *, lazy: bool, annotations: bool = False
) -> Iterable[ast.Import | ast.ImportFrom]:
    """Every import statement in ``nodes`` and below, in any block (``try``/``except``,
    ``with``, ``match``, class bodies); in function bodies only when ``lazy``."""
    for node in nodes:
        if _is_type_checking(node) and not annotations:
            yield from _imports(node.orelse, lazy=lazy)
            continue
        if isinstance(node, _FUNCTIONS) and not lazy:
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        yield from _imports(ast.iter_child_nodes(node), lazy=lazy, annotations=annotations)


def _deps(source: str, *, lazy: bool, annotations: bool = False) -> set[str]:
    """The credcat modules a module's source imports."""
    found: set[str] = set()
    for node in _imports(ast.parse(source).body, lazy=lazy, annotations=annotations):
        found |= _imported(node)
    return found


def _name(path: Path) -> str:
    return ".".join(path.relative_to(SRC).with_suffix("").parts)


def _graph(*, lazy: bool, annotations: bool = False) -> dict[str, set[str]]:
    """Module -> the credcat modules it imports (at import time, or also in functions, or
    also for annotations only)."""
    return {
        _name(path): _deps(path.read_text(encoding="utf-8"), lazy=lazy, annotations=annotations)
        - {_name(path)}
        for path in sorted(SRC.rglob("*.py"))
    }


def _stage(module: str) -> str:
    return module.split(".")[0]


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
    graph = _graph(lazy=True)
    assert "ledger.permanence" in graph["load.catalog"]
    assert "commands.lock_command" in graph["commands.cli"]  # imported in a function
    assert "commands.lock_command" not in _graph(lazy=False)["commands.cli"]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_imports_are_found_in_every_block_but_annotations_only() -> None:
    source = """
import json
import credcat.model.records
from credcat import __version__
from credcat.core import urls
from credcat.publish.build import render_site
from . import nothing
try:
    from credcat.render.raster import rasterise
except ImportError:
    from credcat.render.preview import Fonts
with open("x") as f:
    import credcat.publish.writer as w
class Thing:
    from credcat.core.files import read_inside
match json:
    case _:
        from credcat.core.sources import display_path
if TYPE_CHECKING:
    from credcat.load.catalog import Catalog
else:
    from credcat.model.graph import Graph
def later() -> None:
    from credcat.commands.serve import serve
"""
    eager = {
        "model.records",
        "core.urls",
        "publish.build",
        "render.raster",
        "render.preview",
        "publish.writer",
        "core.files",
        "core.sources",
        "model.graph",
    }
    assert _deps(source, lazy=False) == eager
    assert _deps(source, lazy=True) == eager | {"commands.serve"}


def test_every_module_is_in_a_stage() -> None:
    top = {p.name for p in SRC.glob("*.py")}
    assert top == {"__init__.py", "__main__.py"}
    packages = {p.parent.name for p in SRC.glob("*/__init__.py")}
    assert packages == set(STAGES)
    assert not [p for p in SRC.rglob("*.py") if len(p.relative_to(SRC).parts) > 2]
    for stage in STAGES:  # each stage says what it is
        assert ast.get_docstring(ast.parse((SRC / stage / "__init__.py").read_text("utf-8")))


def test_no_import_cycle_in_the_package_even_through_functions() -> None:
    assert _cycles(_graph(lazy=True)) == []


def test_no_relative_imports() -> None:
    """Every import names its module in full, so the checks here see it."""
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        relative = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level]
        assert relative == [], f"{_name(path)}: relative import on line {relative}"


def test_stages_build_only_on_the_stages_before_them() -> None:
    """Annotations included: a type from a later stage is a dependency on it too."""
    for module, deps in _graph(lazy=True, annotations=True).items():
        if module in ("__init__", "__main__"):
            continue
        allowed = set(STAGES[: STAGES.index(_stage(module)) + 1])
        later = {d for d in deps if _stage(d) not in allowed}
        assert later == set(), f"{module} imports {sorted(later)}, of a later stage"


def test_permanent_url_modules_build_only_on_those_before_them() -> None:
    graph = _graph(lazy=True)
    for position, module in enumerate(PERMANENCE):
        later = set(PERMANENCE[position + 1 :])
        assert not graph[module] & later, f"{module} imports {graph[module] & later}"
    assert graph["ledger.meaning"] & set(PERMANENCE) == set()
    assert graph["ledger.lockfile"] & set(PERMANENCE) == {"ledger.meaning"}
    assert graph["ledger.archive"] & set(PERMANENCE) == set()
    users = {m for m, deps in graph.items() if "commands.lock_command" in deps}
    assert users == {"commands.cli"}
