"""Find themes and build the Jinja environment with the catalog's overrides first.

Lookup order: ``templates/`` in the catalog folder, then the chosen theme
(``themes/<name>/`` beside catalog.yaml), then the built-in default theme. Any template can
extend the built-in one explicitly as ``default/<name>.html``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import jinja2

from credcat.diagnostics import Diagnostic, Location


def builtin_theme() -> Path:
    """Folder of the default theme: inside the wheel, or beside ``src/`` in a checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "themes" / "default"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "themes" / "default"


@dataclass(frozen=True, slots=True)
class Theme:
    """Where templates and static files come from, most specific first."""

    folders: tuple[Path, ...]
    """Theme folders, each with optional templates/ and static/ sub-folders."""
    override: Path | None
    """The catalog's own templates/ folder, if any."""

    def static_files(self) -> dict[str, Path]:
        """Asset name -> file; an override of the same name wins."""
        files: dict[str, Path] = {}
        for folder in reversed(self.folders):
            static = folder / "static"
            if static.is_dir():
                for path in sorted(static.rglob("*")):
                    if path.is_file():
                        files[path.relative_to(static).as_posix()] = path
        return files


def resolve_theme(root: Path, name: str) -> tuple[Theme | None, list[Diagnostic]]:
    """Find the named theme for the catalog at ``root``."""
    default = builtin_theme()
    folders: list[Path] = []
    if name != "default":
        local = root / "themes" / name
        if not local.is_dir():
            loc = Location(path=str(root / "catalog.yaml"))
            return None, [
                Diagnostic(
                    location=loc,
                    code="config.theme",
                    message=f"theme '{name}' not found",
                    hint=f"create themes/{name}/templates/ in the catalog, or use theme: default",
                )
            ]
        folders.append(local)
    folders.append(default)
    override = root / "templates"
    return Theme(tuple(folders), override if override.is_dir() else None), []


def make_environment(theme: Theme) -> jinja2.Environment:
    """A Jinja environment with autoescaping and strict undefined variables."""
    loaders: list[jinja2.BaseLoader] = []
    if theme.override is not None:
        loaders.append(jinja2.FileSystemLoader(theme.override))
    loaders.extend(jinja2.FileSystemLoader(f / "templates") for f in theme.folders)
    loaders.append(
        jinja2.PrefixLoader({"default": jinja2.FileSystemLoader(builtin_theme() / "templates")})
    )
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def file_hash(data: bytes) -> str:
    """Short hash for cache-busting asset URLs."""
    return hashlib.sha256(data).hexdigest()[:10]
