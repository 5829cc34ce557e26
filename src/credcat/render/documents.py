"""A credential's JSON documents, rendered from a declared scope and keyed by it.

A credential's Open Badges 2.0 BadgeClass, Open Badges 3.0 Achievement and CTDL documents
(and, until ``credcat lock`` preserves them, its current version's own copies) are rendered
from a :class:`DocumentScope`: the catalog narrowed to what those documents are made of (the
credential, the credentials it names or that name it, its issuer and partners, their
translations, its images and preserved versions, the settings). The renderers receive that
narrowed catalog and nothing else, in a clean build and an incremental one alike, so what
they write is a function of the scope, and the scope's fingerprint is the documents' cache
key. Nothing can be rendered from an input the key does not cover: a renderer that reaches
outside the scope finds nothing there, in every build the same way, and the golden files and
``tests/test_documents.py`` (documents from the scope equal documents from the whole catalog)
show it at once.

What the scope holds is derived from the model's relations, not listed per document: every
relation of the graph is kept for this credential, whatever fields ``Graph`` has.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Protocol

from credcat.core import urls
from credcat.core.output import Output
from credcat.ledger.permanence import Permanence
from credcat.load.catalog import Catalog
from credcat.model.graph import Graph
from credcat.model.records import Credential
from credcat.render.render_badges import render_achievement, render_badge_class
from credcat.render.render_jsonld import render_ctdl


class _Renders(Protocol):
    def __call__(
        self, catalog: Catalog, cred: Credential, *, lang: str | None = ..., at: str | None = ...
    ) -> Output: ...


@dataclass(frozen=True, slots=True)
class DocumentKind:
    """One kind of JSON document that every published credential has: one entry of
    ``DOCUMENTS``, the registry the build, the renamed copies and ``catalog.json`` read."""

    name: str
    """Its key in ``catalog.json``'s entry of a credential."""
    path: Callable[..., str]
    """Its site path for a credential id, and a language for a translated kind (a function
    of ``credcat.core.urls``; marked ``@urls.permanent``, the ledger keeps its URLs alive)."""
    render: Callable[[Catalog, Credential], Output]
    """The document of a credential, from the catalog (or a scope of it)."""
    translated: _Renders | None = None
    """Renders it in a translation's language too (``lang=``), and a version's own copy
    (``at=``), when not None: the Open Badges documents that badges point at."""
    version_path: Callable[[str, str], str] | None = None
    """The site path of a version's own copy (credential id, version), if it has one."""


DOCUMENTS: tuple[DocumentKind, ...] = (
    DocumentKind(
        "badgeclass",
        urls.badge_class,
        render_badge_class,
        translated=render_badge_class,
        version_path=urls.badge_class_version,
    ),
    DocumentKind(
        "achievement",
        urls.achievement,
        render_achievement,
        translated=render_achievement,
        version_path=urls.achievement_version,
    ),
    DocumentKind("ctdl", urls.ctdl, render_ctdl),
)
"""Every kind of per-credential document, in the order the build writes them. Adding a
format is a module with its render function, a path function in ``urls`` and one entry
here (see docs/extending.md)."""


@dataclass(frozen=True, slots=True)
class DocumentScope:
    """Everything one credential's documents in one language are rendered from."""

    catalog: Catalog
    """The catalog (or its view in ``lang``) narrowed to what the documents read."""
    credential: Credential
    lang: str | None
    """None: the canonical documents (and version copies); else the translation's."""


_GRAPH_FIELDS = tuple(f.name for f in dataclasses.fields(Graph))
"""Every relation the graph has (all are keyed by credential id), read once per process."""


def document_scope(catalog: Catalog, cred: Credential, *, lang: str | None = None) -> DocumentScope:
    """The scope of ``cred``'s documents: canonical ones from the catalog itself, or with
    ``lang`` those of its translation, from the catalog's view in that language."""
    return DocumentScope(catalog=narrowed(catalog, cred), credential=cred, lang=lang)


def narrowed(catalog: Catalog, cred: Credential) -> Catalog:
    """``catalog`` holding only what ``cred``'s documents may read."""
    cid, graph = cred.id, catalog.graph
    kept_graph = Graph(
        **{
            name: MappingProxyType(
                {cid: getattr(graph, name)[cid]} if cid in getattr(graph, name) else {}
            )
            for name in _GRAPH_FIELDS
        }
    )
    related = {cid, *cred.prerequisites, *cred.recommended}
    if cred.superseded_by:
        related.add(cred.superseded_by)
    for name in _GRAPH_FIELDS:
        value: Any = getattr(kept_graph, name).get(cid)
        if value is None:
            continue
        if isinstance(value, tuple):
            related.update(v for v in value if isinstance(v, str))
        else:  # a stack's rule: every credential it names, nested groups included
            related.update(i for i, _ in value.leaves())
    credentials = {i: catalog.credentials[i] for i in sorted(related) if i in catalog.credentials}
    issuer_ids = {cred.issuer, *(p.issuer for p in cred.partners)}
    issuers = {i: catalog.issuers[i] for i in sorted(issuer_ids) if i in catalog.issuers}
    subjects = [("credential", i) for i in credentials] + [("issuer", i) for i in issuers]
    translations = {s: catalog.translations[s] for s in subjects if s in catalog.translations}
    pictures = {p for p in (cred.image, *(i.image for i in issuers.values())) if p is not None}
    images = {p: catalog.images[p] for p in sorted(pictures) if p in catalog.images}
    return dataclasses.replace(
        catalog,
        credentials=MappingProxyType(credentials),
        issuers=MappingProxyType(issuers),
        graph=kept_graph,
        html=MappingProxyType({}),
        images=MappingProxyType(images),
        translations=MappingProxyType(translations),
        translators=MappingProxyType({}),
        permanence=_narrowed_permanence(catalog.permanence, cred),
        extra_files=MappingProxyType({}),
    )


def _narrowed_permanence(permanence: Permanence, cred: Credential) -> Permanence:
    """The preserved versions of ``cred``, under its id and the ids it was renamed from."""
    by_id = {i: permanence.by_id[i] for i in (cred.id, *cred.renamed_from) if i in permanence.by_id}
    archives = {a.path: a for found in by_id.values() for a in found}
    return Permanence(
        archives=MappingProxyType(dict(sorted(archives.items()))),
        preview=permanence.preview,
        by_id=MappingProxyType(by_id),
    )


def render_documents(scope: DocumentScope) -> list[Output]:
    """The documents of ``scope``: every kind's canonical one with the version copies not yet
    preserved, or in a translation's language those of the kinds that have one."""
    catalog, cred, lang = scope.catalog, scope.credential, scope.lang
    if lang is not None:
        return [k.translated(catalog, cred, lang=lang) for k in DOCUMENTS if k.translated]
    outputs = [k.render(catalog, cred) for k in DOCUMENTS]
    for kind in DOCUMENTS:
        if kind.translated is None or kind.version_path is None:
            continue
        path = kind.version_path(cred.id, cred.version)
        if path not in catalog.permanence.archives:  # until `credcat lock` preserves it
            outputs.append(kind.translated(catalog, cred, at=path))
    return outputs


def renamed_documents(catalog: Catalog, copy: Credential, lang: str | None = None) -> list[Output]:
    """The documents kept under an earlier id (``copy`` is the credential renamed back to
    it): every kind's, or in a translation's language those of the kinds that have one."""
    if lang is not None:
        return [k.translated(catalog, copy, lang=lang) for k in DOCUMENTS if k.translated]
    return [k.render(catalog, copy) for k in DOCUMENTS]
