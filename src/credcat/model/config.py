"""The catalog's settings (``catalog.yaml``) as a typed value, with defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from credcat.core.diagnostics import Diagnostic, Location
from credcat.core.schema import defaults

DEFAULTS = defaults("catalog")
"""What catalog.yaml leaves out: the defaults its schema states."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteConfig:
    """Settings of one catalog, read from ``catalog.yaml`` and command-line overrides."""

    root: Path
    """The catalog folder (holding catalog.yaml, issuers/ and credentials/)."""
    title: str
    description: str = ""
    base_url: str
    """Absolute URL every public id is built on, ending in '/': ``canonical_base_url`` when
    catalog.yaml sets it (the site moved but keeps its old id space), else ``base_url``."""
    hosted_url: str = ""
    """Where the site is actually served, ending in '/' (``base_url`` of catalog.yaml or
    ``--base-url``); empty means the same as ``base_url``."""
    language: str
    """Default language of the catalog (BCP 47)."""
    languages: tuple[str, ...]
    """Every language the catalog is published in, the default first."""
    theme: str
    output: Path
    """Absolute path of the output folder."""
    per_page: int
    """Credentials per page of the listing that works without JavaScript."""
    max_image_kb: int
    """Largest image allowed, in KiB."""
    previews: bool
    """Draw a share preview PNG for each credential, issuer and the catalog (``previews``)."""
    build_date: str | None = None
    """A fixed YYYY-MM-DD date for outputs that want one; None keeps builds reproducible."""
    extra: MappingProxyType[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    """Free-form values for themes."""
    extra_css: tuple[str, ...] = ()
    """Catalog-relative paths of the catalog's own stylesheets, linked from every page after
    the theme's stylesheet, in this order."""
    extra_js: tuple[str, ...] = ()
    """Catalog-relative paths of the catalog's own scripts, loaded (deferred) on every page."""

    @property
    def base_path(self) -> str:
        """The path part of the URL the site is served at, e.g. ``/catalog/``."""
        return urlsplit(self.hosted_url or self.base_url).path or "/"


def make_config(
    data: dict[str, Any], root: Path, *, base_url: str | None = None, output: Path | None = None
) -> SiteConfig:
    """Build a ``SiteConfig`` from validated ``catalog.yaml`` data and overrides; what
    catalog.yaml leaves out takes the ``default`` its schema states."""
    data = {**DEFAULTS, **data}
    out = output or (root.parent / str(data["output"]))
    url = base_url or str(data["base_url"])
    language = str(data["language"])
    if not url.endswith("/"):
        url += "/"
    hosted = ""
    canonical = data.get("canonical_base_url")
    if canonical and base_url is None and canonical != url:
        url, hosted = str(canonical), url
    return SiteConfig(
        root=root,
        title=str(data["title"]),
        description=str(data.get("description", "")),
        base_url=url,
        hosted_url=hosted,
        language=language,
        languages=(language, *(lang for lang in data.get("languages", ()) if lang != language)),
        theme=str(data["theme"]),
        output=out.resolve(),
        per_page=int(data["per_page"]),
        max_image_kb=int(data["max_image_kb"]),
        previews=bool(data["previews"]),
        build_date=data.get("build_date"),
        extra=MappingProxyType(dict(data.get("extra") or {})),
        extra_css=tuple(str(path) for path in data.get("extra_css") or ()),
        extra_js=tuple(str(path) for path in data.get("extra_js") or ()),
    )


def repository_root(folder: Path) -> Path | None:
    """The top level of the git work tree holding ``folder`` (the nearest ``.git``), if any."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def check_output_folder(output: Path, root: Path, where: Location) -> list[Diagnostic]:
    """Refuse an output folder whose replacement would delete the catalog or a repository.

    The output folder is replaced whole on every build, so it may not be the catalog folder,
    contain it or lie inside it, and may not be (or contain) the top level of the git
    repository holding the catalog, nor be a repository of its own. A folder beside the
    catalog in the same repository (the default ``site/``) is fine.
    """
    out, src = output.resolve(), root.resolve()
    shown = _shown(out)
    top = repository_root(src)
    own = (out / ".git").exists()
    in_git = top is not None and out.is_relative_to(top / ".git")
    if own or in_git or (top is not None and (out == top or top.is_relative_to(out))):
        what = (
            "is a git repository"
            if own
            else "is inside the repository's .git folder"
            if in_git
            else "is or contains the top folder of the repository"
        )
        return [
            Diagnostic(
                location=where,
                code="output.repository",
                message=f"the output folder {shown}/ {what}; every build replaces that "
                "folder whole",
                hint="build into a folder of its own, such as site/ beside the catalog folder",
            )
        ]
    if out == src or src.is_relative_to(out) or out.is_relative_to(src):
        return [
            Diagnostic(
                location=where,
                code="output.overlaps-catalog",
                message=f"the output folder {shown}/ must be outside the catalog folder "
                "and not contain it",
                hint="write output: site (the default) to build next to the catalog folder",
            )
        ]
    return []


def _shown(folder: Path) -> str:
    """A folder as the user would name it: relative to the working directory when near it."""
    cwd = Path.cwd()
    if folder.is_relative_to(cwd) or cwd.is_relative_to(folder):
        return os.path.relpath(folder)
    return str(folder)


def is_placeholder(url: str) -> bool:
    """Whether ``url`` is a placeholder, not an address the site can be served at.

    ``credcat init`` writes a host under the reserved ``.invalid`` top-level domain (RFC 2606)
    when it cannot derive one from the git remote: such a name never resolves, so no badge
    could ever be verified against it.
    """
    host = (urlsplit(url).hostname or "").rstrip(".")
    return host == "invalid" or host.endswith(".invalid")


PLACEHOLDER_HINT = (
    "set base_url in catalog.yaml to where the site will be served (for GitHub Pages "
    "https://OWNER.github.io/REPO/); every badge id is built on it and it can never change "
    "once locked"
)
