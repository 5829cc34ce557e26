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
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from credcat import urls
from credcat.catalog import Catalog
from credcat.graph import Graph
from credcat.model import Credential
from credcat.output import Output
from credcat.permanence import Permanence
from credcat.render_badges import render_achievement, render_badge_class
from credcat.render_jsonld import render_ctdl


@dataclass(frozen=True, slots=True)
class DocumentScope:
    """Everything one credential's documents in one language are rendered from."""

    catalog: Catalog
    """The catalog (or its view in ``lang``) narrowed to what the documents read."""
    credential: Credential
    lang: str | None
    """None: the canonical documents (and version copies); else the translation's."""


def document_scope(catalog: Catalog, cred: Credential, *, lang: str | None = None) -> DocumentScope:
    """The scope of ``cred``'s documents: canonical ones from the catalog itself, or with
    ``lang`` those of its translation, from the catalog's view in that language."""
    return DocumentScope(catalog=narrowed(catalog, cred), credential=cred, lang=lang)


def narrowed(catalog: Catalog, cred: Credential) -> Catalog:
    """``catalog`` holding only what ``cred``'s documents may read."""
    cid, graph = cred.id, catalog.graph
    kept_graph = Graph(
        **{
            f.name: MappingProxyType(
                {cid: getattr(graph, f.name)[cid]} if cid in getattr(graph, f.name) else {}
            )
            for f in dataclasses.fields(Graph)
        }
    )
    related = {cid, *cred.prerequisites, *cred.recommended}
    if cred.superseded_by:
        related.add(cred.superseded_by)
    for f in dataclasses.fields(Graph):
        value: Any = getattr(kept_graph, f.name).get(cid)
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
    """The documents of ``scope``: canonical ones with the version copies not yet preserved,
    or a translation's BadgeClass and Achievement."""
    catalog, cred, lang = scope.catalog, scope.credential, scope.lang
    if lang is not None:
        return [
            render_badge_class(catalog, cred, lang=lang),
            render_achievement(catalog, cred, lang=lang),
        ]
    outputs = [
        render_badge_class(catalog, cred),
        render_achievement(catalog, cred),
        render_ctdl(catalog, cred),
    ]
    for path, render in (
        (urls.badge_class_version(cred.id, cred.version), render_badge_class),
        (urls.achievement_version(cred.id, cred.version), render_achievement),
    ):
        if path not in catalog.permanence.archives:
            outputs.append(render(catalog, cred, at=path))
    return outputs
