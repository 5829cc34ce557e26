"""Load and check a whole catalog: sources -> schema -> values -> model -> graph.

``load_catalog`` is ``credcat validate``: it reads, checks and renders text in memory,
and returns every problem at once. It never writes a file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from credcat.checks import check_doc_values
from credcat.config import SiteConfig, make_config
from credcat.diagnostics import Diagnostic, Location, Report, Severity
from credcat.graph import Graph, resolve_graph
from credcat.images import Image, load_image
from credcat.markdown import render_markdown
from credcat.model import Credential, Issuer, Status, make_credential, make_issuer
from credcat.schema import validate_doc
from credcat.sources import SourceDoc, Sources, load_sources


@dataclass(frozen=True, slots=True, kw_only=True)
class Html:
    """Sanitised HTML rendered from a credential's or issuer's Markdown."""

    description: str
    criteria: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Catalog:
    """A fully checked catalog, ready to render."""

    config: SiteConfig
    issuers: Mapping[str, Issuer]
    credentials: Mapping[str, Credential]
    """Every credential, drafts included (see ``published``)."""
    graph: Graph
    html: Mapping[str, Html]
    """Credential id or 'issuer:<id>' -> rendered Markdown."""
    images: Mapping[str, Image]
    """Catalog-relative path -> image."""

    @property
    def published(self) -> list[Credential]:
        """Credentials that get pages and JSON (all but drafts), sorted by id."""
        return [c for _, c in sorted(self.credentials.items()) if c.status is not Status.DRAFT]

    @property
    def active(self) -> list[Credential]:
        """Credentials currently offered, sorted by title then id."""
        return sorted(
            (c for c in self.credentials.values() if c.status is Status.ACTIVE),
            key=lambda c: (c.title.casefold(), c.id),
        )


def digest(text: str) -> str:
    """Short content hash of a source text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def load_catalog(
    root: Path, report: Report, *, base_url: str | None = None, output: Path | None = None
) -> Catalog | None:
    """Read and check the catalog at ``root``; return None when there are errors."""
    sources = load_sources(root, report)
    config = _load_config(sources, root, report, base_url=base_url, output=output)
    issuers: dict[str, Issuer] = {}
    credentials: dict[str, Credential] = {}
    docs: dict[str, SourceDoc] = {}
    html: dict[str, Html] = {}
    broken = set(sources.unreadable)
    for doc in sources.issuers:
        if not _check(doc, report):
            broken.add(f"issuer:{doc.id}")
        else:
            issuers[doc.id] = make_issuer(doc, digest(doc.digest_source))
            text = issuers[doc.id].description
            html[f"issuer:{doc.id}"] = Html(description=_markdown(text, doc, "/description", report))
    for doc in sources.credentials:
        if not _check(doc, report):
            broken.add(f"credential:{doc.id}")
            _markdown(doc.body, doc, None, report)
            criteria = doc.data.get("criteria")
            if isinstance(criteria, str):
                _markdown(criteria, doc, "/criteria", report)
        else:
            cred = make_credential(doc, digest(doc.digest_source))
            credentials[doc.id] = cred
            docs[doc.id] = doc
            html[doc.id] = Html(
                description=_markdown(cred.body, doc, None, report),
                criteria=_markdown(cred.criteria, doc, "/criteria", report, top_level=3),
            )
    graph, problems = resolve_graph(credentials, issuers, docs, frozenset(broken))
    report.extend(problems)
    images = _load_images(root, config, issuers, credentials, docs, sources, report)
    if config is None or report.errors:
        return None
    return Catalog(
        config=config,
        issuers=MappingProxyType(issuers),
        credentials=MappingProxyType(credentials),
        graph=graph,
        html=MappingProxyType(html),
        images=MappingProxyType(images),
    )


def _load_config(
    sources: Sources, root: Path, report: Report, *, base_url: str | None, output: Path | None
) -> SiteConfig | None:
    doc = sources.catalog
    if doc is None or not _check(doc, report):
        return None
    config = make_config(doc.data, root, base_url=base_url, output=output)
    out, src = config.output, root.resolve()
    if out == src or src.is_relative_to(out) or out.is_relative_to(src):
        report.error(
            doc.locate("/output") if "/output" in doc.parsed.values else doc.locate(),
            "config.output",
            f"the output folder {out.name}/ must be outside the catalog folder and not contain it",
            "write output: site (the default) to build next to the catalog folder",
        )
    return config


def _check(doc: SourceDoc, report: Report) -> bool:
    problems = validate_doc(doc) + list(check_doc_values(doc))
    report.extend(problems)
    return not any(p.severity is Severity.ERROR for p in problems)


def _markdown(
    text: str, doc: SourceDoc, pointer: str | None, report: Report, *, top_level: int = 2
) -> str:
    html, problems = render_markdown(text, top_level=top_level)
    for problem in problems:
        if pointer is None:
            loc = Location(path=doc.display, line=doc.body_line + problem.line, col=1)
        else:
            base = doc.locate(pointer)
            first = 1 if pointer in doc.parsed.blocks else 0
            col = 1 if first else base.col
            loc = Location(path=base.path, line=base.line + first + problem.line, col=col)
        severity = Severity.WARNING if problem.code == "markdown.image" else Severity.ERROR
        report.add(
            Diagnostic(
                location=loc,
                code=problem.code,
                message=problem.message,
                severity=severity,
                hint="remove it; Markdown covers headings, lists, links, tables and emphasis"
                if severity is Severity.ERROR
                else None,
            )
        )
    return html


def _load_images(
    root: Path,
    config: SiteConfig | None,
    issuers: Mapping[str, Issuer],
    credentials: Mapping[str, Credential],
    docs: Mapping[str, SourceDoc],
    sources: Sources,
    report: Report,
) -> dict[str, Image]:
    max_bytes = (config.max_image_kb if config else 512) * 1024
    images: dict[str, Image] = {}
    failed: set[str] = set()
    issuer_docs = {d.id: d for d in sources.issuers}
    wanted: list[tuple[str, Location]] = [
        (i.image, issuer_docs[i.id].locate("/image")) for i in issuers.values() if i.image
    ]
    wanted += [(c.image, docs[c.id].locate("/image")) for c in credentials.values() if c.image]
    for rel, where in wanted:
        if rel in images:
            continue
        if rel in failed:
            report.error(where, "image.invalid", f"image '{rel}' cannot be used (see above)")
            continue
        image, problems = load_image(root, rel, max_bytes, where)
        report.extend(problems)
        if image is None:
            failed.add(rel)
        else:
            images[rel] = image
    return images
