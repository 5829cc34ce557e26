"""The catalog's own stylesheets and scripts (``extra_css`` and ``extra_js`` in catalog.yaml).

Each file is read through the same path safety as images (``files.read_inside``): a path
that is absolute, climbs with ``..``, starts with a dot or is a symbolic link out of the
catalog folder is refused (``path.outside``), and so is anything that is not a regular file.
A stylesheet must end in ``.css`` and a script in ``.js``. The bytes are published unchanged
at the same catalog-relative path, and every page links them after the theme's own files
(see base.html), so they reach every page type in every language. The pages' Content
Security Policy allows them because they are served from the site itself; it still forbids
inline code, so a script has to be a file.

A stylesheet brings along the fonts and raster images it names by a relative ``url()``
(resolved against its folder, as a browser does; checked the same way, and located at their
line in the stylesheet), so a catalog can use its own web font without a font service. A
reference to another site is a ``config.extra-remote`` warning: the policy would block it.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from credcat.core.diagnostics import Diagnostic, Location, Severity
from credcat.core.files import FileProblem, read_inside
from credcat.core.sources import SourceDoc, display_path
from credcat.model.config import SiteConfig

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
            if suffix == ".css":
                problems += _remote_references(root, rel, data)
                problems += _load_resources(root, found[rel], found)
    return found, problems


RESOURCE_TYPES = frozenset(
    (".woff2", ".woff", ".ttf", ".otf", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif")
)
"""What a stylesheet may bring along by a relative url(): fonts and raster images. Not SVG,
which can hold script when opened on its own, and not CSS (list it under extra_css)."""
_URL = re.compile(rb"""url\(\s*(["']?)([^"')]*)\1\s*\)""", re.I)


def _load_resources(root: Path, css: ExtraFile, found: dict[str, ExtraFile]) -> list[Diagnostic]:
    """Publish the fonts and images a stylesheet names by a relative url(), resolved against
    the stylesheet's folder as a browser does, with the same path safety as the stylesheet."""
    problems: list[Diagnostic] = []
    shown = display_path(root / css.path)
    text = _blank_comments(css.data)
    for match in _URL.finditer(text):
        ref = match.group(2).decode("utf-8", "replace").strip()
        if not ref or ref.startswith(("data:", "#", "/")) or re.match(r"[A-Za-z][\w+.-]*:", ref):
            continue  # inline data, root-relative or remote (see _remote_references)
        before = text[: match.start(2)]
        where = Location(
            path=shown,
            line=before.count(b"\n") + 1,
            col=match.start(2) - (before.rfind(b"\n") + 1) + 1,
        )
        rel = posixpath.normpath(
            posixpath.join(
                posixpath.dirname(css.path), unquote(re.split(r"[?#]", ref, maxsplit=1)[0])
            )
        )
        if rel in found:
            continue
        if any(part.startswith(".") for part in rel.split("/")):  # "..", or a hidden file
            problems.append(
                _err(
                    where,
                    "path.outside",
                    f"url({ref}) leaves the catalog folder or names a hidden file",
                    "keep fonts and images the stylesheet uses in the catalog folder",
                )
            )
            continue
        suffix = PurePosixPath(rel).suffix.lower()
        if suffix not in RESOURCE_TYPES:
            problems.append(
                _err(
                    where,
                    "config.extra-type",
                    f"url({ref}) is not a font or raster image: a "
                    "stylesheet brings along only " + ", ".join(sorted(RESOURCE_TYPES)) + " files",
                    "list a stylesheet under extra_css; an SVG is not published "
                    "from a stylesheet (opened on its own it could run script): use a PNG",
                )
            )
            continue
        try:
            data = read_inside(root, rel)
        except FileProblem as exc:
            code = {"missing": "config.extra-missing", "outside": "path.outside"}.get(
                exc.kind, "config.extra-unreadable"
            )
            hint = f"expected at {rel} in the catalog folder" if exc.kind == "missing" else None
            problems.append(_err(where, code, f"url({ref}): file '{rel}' {exc}", hint))
            continue
        found[rel] = ExtraFile(path=rel, data=data, where=where)
    return problems


def _blank_comments(css: bytes) -> bytes:
    """``css`` with its comments blanked out, keeping every other byte where it was."""
    return _COMMENT.sub(lambda m: re.sub(rb"[^\n]", b" ", m.group()), css)


_COMMENT = re.compile(rb"/\*.*?(?:\*/|\Z)", re.S)


def _err(where: Location, code: str, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(location=where, code=code, message=message, hint=hint)


_REMOTE = re.compile(rb"""(?:@import\s+|url\(\s*)["']?\s*((?:https?:)?//[^"')\s;]*)""", re.I)
"""An @import or url() of another site: the page's Content Security Policy blocks it."""


def _remote_references(root: Path, rel: str, data: bytes) -> list[Diagnostic]:
    """Warn about each font, image or stylesheet a stylesheet would load from another site."""
    shown = display_path(root / rel)
    found = []
    data = _blank_comments(data)
    for match in _REMOTE.finditer(data):
        before = data[: match.start(1)]
        line = before.count(b"\n") + 1
        col = match.start(1) - (before.rfind(b"\n") + 1) + 1
        address = match.group(1).decode("utf-8", "replace")
        found.append(
            Diagnostic(
                location=Location(path=shown, line=line, col=col),
                code="config.extra-remote",
                message=f"'{address}' is on another site: every page's Content Security "
                "Policy allows only the site's own files, so browsers will not load it",
                hint="copy the font, image or stylesheet into the catalog folder and refer "
                "to it by a relative path",
                severity=Severity.WARNING,
            )
        )
    return found


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
