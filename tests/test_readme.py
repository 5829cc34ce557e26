"""README's module map names every module of the package, and only modules that exist."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src" / "credcat"


def _module_map() -> dict[str, str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("```\nsrc/credcat/\n", 1)[1].split("```", 1)[0]
    entries: dict[str, str] = {}
    stage = ""
    for line in block.splitlines():
        if match := re.match(r"  (\w+)/ +(\S.*)", line):
            stage = match.group(1)
            entries[f"{stage}/__init__.py"] = match.group(2)
            continue
        match = re.match(r"    (\w+\.py) +(\S.*)", line)
        assert match, f"not a module map line: {line!r}"
        assert stage, f"a module before its stage: {line!r}"
        entries[f"{stage}/{match.group(1)}"] = match.group(2)
    return entries


def test_module_map_lists_every_module() -> None:
    listed = set(_module_map())
    modules = {
        p.relative_to(SRC).as_posix()
        for p in SRC.rglob("*.py")
        if p.parent != SRC  # a stage's modules, and the stage itself by its __init__.py
    }
    assert modules - listed == set(), "add these modules to README's module map"
    assert listed - modules == set(), "README's module map names modules that do not exist"
