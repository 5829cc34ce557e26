"""The catalog's own stylesheets and scripts (``extra_css`` and ``extra_js`` in catalog.yaml).

Each file is read through the same path safety as images (``files.read_inside``): a path
that is absolute, climbs with ``..``, starts with a dot or is a symbolic link out of the
catalog folder is refused (``path.outside``), and so is anything that is not a regular file.
A stylesheet must end in ``.css`` and a script in ``.js``. The bytes are published unchanged
at the same catalog-relative path, and every page links them after the theme's own files
(see base.html), so they reach every page type in every language. The pages' Content
Security Policy allows them because they are served from the site itself; it still forbids
inline code, so a script has to be a file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from credcat.config import SiteConfig
from credcat.diagnostics import Diagnostic, Location
from credcat.files import FileProblem, read_inside
from credcat.sources import SourceDoc

KINDS = (("extra_css", ".css", "stylesheet"), ("extra_js", ".js", "script"))
"""(catalog.yaml key, the file name ending it takes, what such a file is)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtraFile:
    """A stylesheet or script of the catalog's own, ready to publish."""

    path: str
    """Catalog-relative POSIX path, also its path on the site."""
    data: bytes
    """The file's bytes, published unchanged."""
    where: Location
    """The catalog.yaml entry that names it."""

    @property
    def digest(self) -> str:
        """Short content hash: the ``?v=`` of the links to it, so browsers fetch a new version."""
        return hashlib.sha256(self.data).hexdigest()[:10]


def load_extra_files(
    root: Path, config: SiteConfig, doc: SourceDoc
) -> tuple[dict[str, ExtraFile], list[Diagnostic]]:
    """Read every file ``extra_css`` and ``extra_js`` name; return them by path, and the
    problems (located at their entry in catalog.yaml)."""
    found: dict[str, ExtraFile] = {}
    problems: list[Diagnostic] = []
    for key, suffix, noun in KINDS:
        for n, rel in enumerate(getattr(config, key)):
            where = doc.locate(f"/{key}/{n}")
            problem = _path_problem(rel, key, suffix, noun, where)
            if problem is not None:
                problems.append(problem)
                continue
            try:
                data = read_inside(root, rel)
            except FileProblem as exc:
                problems.append(_read_problem(rel, key, noun, exc, where))
                continue
            found[rel] = ExtraFile(path=rel, data=data, where=where)
    return found, problems


def _path_problem(rel: str, key: str, suffix: str, noun: str, where: Location) -> Diagnostic | None:
    pure = PurePosixPath(rel)
    parts = rel.split("/")
    if pure.is_absolute() or ".." in parts:
        why = "leaves the catalog folder"
    elif any(not part or part == "." for part in parts):
        why = "is not written plainly (an empty or '.' folder in it)"
    elif any(part.startswith(".") for part in parts):
        why = "names a hidden file or folder (a name starting with '.'), which is not published"
    else:
        why = None
    if why is not None:
        return Diagnostic(
            location=where,
            code="path.outside",
            message=f"{key} path '{rel}' {why}",
            hint="write a path inside the catalog folder, relative to it, such as "
            f"assets/brand{suffix}",
        )
    if pure.suffix != suffix:
        return Diagnostic(
            location=where,
            code="config.extra-type",
            message=f"{key} lists '{rel}', which is not a {noun}: only {suffix} files can be "
            f"listed under {key}",
            hint="list stylesheets under extra_css and scripts under extra_js"
            if pure.suffix in (".css", ".js")
            else None,
        )
    return None


def _read_problem(rel: str, key: str, noun: str, exc: FileProblem, where: Location) -> Diagnostic:
    if exc.kind == "outside":
        return Diagnostic(
            location=where,
            code="path.outside",
            message=f"{key} path '{rel}' {exc}",
            hint="copy the file into the catalog folder instead of linking to it",
        )
    if exc.kind == "missing":
        return Diagnostic(
            location=where,
            code="config.extra-missing",
            message=f"{key} lists '{rel}', but there is no such file in the catalog folder",
            hint=f"the {noun} is expected at {rel}, relative to the folder holding catalog.yaml",
        )
    return Diagnostic(
        location=where, code="config.extra-unreadable", message=f"{key} file '{rel}' {exc}"
    )


def check_collisions(extras: Iterable[ExtraFile], taken: Iterable[str]) -> Iterator[Diagnostic]:
    """Extra files whose path is one the build already writes (a theme file or a page)."""
    paths = set(taken)
    for extra in extras:
        if extra.path in paths:
            yield Diagnostic(
                location=extra.where,
                code="config.extra-collision",
                message=f"'{extra.path}' is also a file the site publishes (a theme file or "
                "a generated file); one of them would be lost",
                hint="rename your file: the theme publishes its own files under assets/, and the "
                "build writes the pages and documents",
            )
