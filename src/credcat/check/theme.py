"""Find themes and build the Jinja environment with the catalog's overrides first.

Lookup order: ``templates/`` in the catalog folder, then the chosen theme
(``themes/<name>/`` beside catalog.yaml), then the built-in default theme. Any template can
extend the built-in one explicitly as ``default/<name>.html``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.bccache import Bucket

from credcat.core.diagnostics import Diagnostic, Location
from credcat.core.files import is_inside, regular_files
from credcat.core.sources import display_path


def builtin_theme() -> Path:
    """Folder of the default theme: inside the wheel, or beside ``src/`` in a checkout."""
    package = Path(__file__).resolve().parent.parent  # credcat/, above this stage's folder
    packaged = package / "themes" / "default"
    if packaged.is_dir():
        return packaged
    return package.parent.parent / "themes" / "default"


@dataclass(frozen=True, slots=True)
class Theme:
    """Where templates and static files come from, most specific first."""

    folders: tuple[Path, ...]
    """Theme folders, each with optional templates/ and static/ sub-folders."""
    override: Path | None
    """The catalog's own templates/ folder, if any."""

    def static_files(self) -> tuple[dict[str, Path], list[Diagnostic]]:
        """Asset name -> file, an override of the same name winning; and the files refused.

        Only regular files inside the theme folder are published: a symbolic link out of the
        theme (or to a folder, or anything that is not a regular file) is refused.
        """
        files: dict[str, Path] = {}
        problems: list[Diagnostic] = []
        for folder in reversed(self.folders):
            static = folder / "static"
            if not static.is_dir():
                continue
            if not is_inside(folder, static):
                problems.append(_outside(static))
                continue
            kept, refused = regular_files(static, folder)
            problems += [_outside(path) for path in refused]
            for path in kept:
                files[path.relative_to(static).as_posix()] = path
        return files, problems

    def problems(self) -> list[Diagnostic]:
        """Template and static files that are refused: links out of their theme folder (or
        of the catalog's templates/), links to folders, and anything not a regular file."""
        found: list[Diagnostic] = []
        for folder, sub in [*((f, f / s) for f in self.folders for s in ("templates", "static"))]:
            if sub.is_dir():
                if not is_inside(folder, sub):
                    found.append(_outside(sub))
                    continue
                found += [_outside(p) for p in regular_files(sub, folder)[1]]
        if self.override is not None:
            found += [_outside(p) for p in regular_files(self.override, self.override)[1]]
        return found

    def files(self) -> list[Path]:
        """Every regular file of the theme folders and the override (for content hashes)."""
        found: list[Path] = []
        for folder in [*self.folders, *([self.override] if self.override else [])]:
            found += regular_files(folder, folder)[0]
        return found


def _outside(path: Path) -> Diagnostic:
    return Diagnostic(
        location=Location(path=display_path(path)),
        code="path.outside",
        message="a symbolic link out of the theme, a link to a folder or not a regular file: "
        "it is not read or published",
        hint="copy the file into the theme instead of linking to it",
    )


class _InsideLoader(jinja2.FileSystemLoader):
    """A template loader that refuses templates whose real file leaves its folder."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        if not any(is_inside(Path(folder), Path(filename)) for folder in self.searchpath):
            raise jinja2.TemplateNotFound(
                template, f"{template} is a symbolic link out of the theme; it is not read"
            )
        return source, filename, uptodate


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
        if not is_inside(root, local):
            return None, [
                Diagnostic(
                    location=Location(path=display_path(root / "themes" / name)),
                    code="path.outside",
                    message=f"theme '{name}' is a symbolic link to a folder outside the catalog",
                    hint="copy the theme into the catalog's themes/ folder",
                )
            ]
        folders.append(local)
    folders.append(default)
    override = root / "templates"
    return Theme(tuple(folders), override if override.is_dir() else None), []


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in this process, so that every build after the first (in
    ``serve``, or the languages of one build) skips Jinja's parser and compiler.

    Entries are keyed by template file and checked against a checksum of the template's
    source, so an edited template is compiled again. Never written to disk: a cache folder
    holds data, never code that a build would run."""

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, Any]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self._code.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self._code[bucket.key] = (bucket.checksum, bucket.code)


_COMPILED = _CompiledTemplates()
_NAMES: dict[tuple[str, str], frozenset[str]] = {}
"""(template name, source checksum) -> every variable name it mentions."""


def uses_name(env: jinja2.Environment, name: str) -> bool:
    """Whether any template ``env`` can load reads the variable ``name`` (from its context or
    the globals): read off each template's syntax tree, so a page's key can follow what its
    templates can reach (a theme that reads ``catalog`` depends on all of it)."""
    assert env.loader is not None
    for template in env.list_templates():
        try:
            source = env.loader.get_source(env, template)[0]
        except jinja2.TemplateNotFound:
            continue  # a link out of the theme: never loaded
        except (OSError, UnicodeError):
            return True  # unreadable here; assume the worst, the render will say why
        key = (template, hashlib.sha256(source.encode()).hexdigest())
        if key not in _NAMES:
            try:
                tree = env.parse(source)
                _NAMES[key] = frozenset(n.name for n in tree.find_all(nodes.Name))
            except jinja2.TemplateSyntaxError:
                return True  # reported with its line if a page uses it
        if name in _NAMES[key]:
            return True
    return False


def make_environment(theme: Theme) -> jinja2.Environment:
    """A Jinja environment with autoescaping and strict undefined variables."""
    loaders: list[jinja2.BaseLoader] = []
    if theme.override is not None:
        loaders.append(_InsideLoader(theme.override))
    loaders.extend(_InsideLoader(f / "templates") for f in theme.folders)
    loaders.append(jinja2.PrefixLoader({"default": _InsideLoader(builtin_theme() / "templates")}))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_COMPILED,
    )


def file_hash(data: bytes) -> str:
    """Short hash for cache-busting asset URLs."""
    return hashlib.sha256(data).hexdigest()[:10]
