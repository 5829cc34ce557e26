"""Portable names: nothing the build turns into a path may collide on another file system.

A catalog is checked out on Linux, macOS and Windows, and its site is served from all kinds
of hosts. Two names that differ only in letter case or Unicode normalisation (``ms-MY`` and
``ms-my`` as languages, ``images/Badge.svg`` and ``images/badge.svg``) are one file on a
case-insensitive or normalising file system, so one of them would silently be lost: that is
an ``id.collision`` error. A credential or issuer id may also not be the name of a folder the
build writes at the top of the site (``search``, ``badges``, ``page`` ... read from
``urls.py``, the one module that builds paths, and from the catalog's image folders) or of a
language folder (``ms``, ``id``): such an id would read as a second address of that folder
and could never be given its own top-level page (``id.reserved``).
"""

from __future__ import annotations

import inspect
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache

from credcat.core import urls
from credcat.core.diagnostics import Diagnostic, Location


def fold(name: str) -> str:
    """The form two names share when a file system would treat them as one."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


@cache
def reserved_names() -> frozenset[str]:
    """The first path segment of every output ``urls.py`` can name (its page and file kinds).

    Each URL function is called with a sample argument for every parameter; functions that
    return their argument unchanged (``image``, ``output_file``) name no folder of their own.
    """
    names: set[str] = set()
    for function in urls.path_functions().values():
        params = inspect.signature(function).parameters.values()
        args = [2 if p.annotation in (int, "int") else "sample" for p in params]
        path = function(*args)
        if not isinstance(path, str) or path in ("sample", "sampleindex.html"):
            continue
        first = path.split("/", 1)[0]
        if first and first != "sample":
            names.add(first)
    return frozenset(names)


def check_names(
    *,
    credential_ids: Iterable[tuple[str, Location]],
    issuer_ids: Iterable[tuple[str, Location]],
    languages: Iterable[tuple[str, Location]],
    image_paths: Iterable[tuple[str, Location]],
    extra_paths: Iterable[tuple[str, Location]] = (),
) -> Iterator[Diagnostic]:
    """Collisions under case folding and normalisation, and ids that are reserved names.

    ``extra_paths`` are the catalog's own stylesheets and scripts (extra_css, extra_js).
    """
    langs = list(languages)
    images = list(image_paths)
    extras = list(extra_paths)
    yield from _collisions("language", langs)
    yield from _collisions("image path", images)
    yield from _collisions("stylesheet or script path", extras)
    folders = {path.split("/", 1)[0] for path, _ in images if "/" in path}
    own = {path.split("/", 1)[0] for path, _ in extras if "/" in path} - folders
    reserved = {fold(n): f"the site's {n}/ folder" for n in reserved_names()}
    reserved |= {fold(f): f"the site's {f}/ folder (the catalog's images)" for f in folders}
    reserved |= {
        fold(f): f"the site's {f}/ folder (the catalog's stylesheets and scripts)"
        for f in own
        if fold(f) not in reserved
    }
    reserved |= {fold(lang): f"the folder of the {lang} pages" for lang, _ in langs}
    for kind, ids in (("credential", credential_ids), ("issuer", issuer_ids)):
        for ident, where in ids:
            what = reserved.get(fold(ident))
            if what is not None:
                yield Diagnostic(
                    location=where,
                    code="id.reserved",
                    message=f"{kind} id '{ident}' is the name of {what}",
                    hint="choose another id (rename the file): ids are permanent URLs",
                )


def _collisions(what: str, names: Iterable[tuple[str, Location]]) -> Iterator[Diagnostic]:
    first: dict[str, str] = {}
    for name, where in names:
        key = fold(name)
        earlier = first.setdefault(key, name)
        if earlier != name:
            yield Diagnostic(
                location=where,
                code="id.collision",
                message=f"{what} '{name}' and '{earlier}' differ only in letter case or "
                "Unicode form: on macOS and Windows they are one file",
                hint=f"write '{earlier}' everywhere",
            )
