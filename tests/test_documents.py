"""A credential's JSON documents come from their declared scope, and their key from it.

The build renders each credential's BadgeClass, Achievement and CTDL documents from
``credcat.render.documents.DocumentScope`` (the catalog narrowed to what they read) and keys them by
its fingerprint. These tests pin both halves of that contract: the narrowed catalog is enough
(the documents equal those rendered from the whole catalog, in every language), and the key
moves with what the documents show and only with that.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from types import MappingProxyType

import orjson
import pytest

from credcat.core.diagnostics import Report
from credcat.core.fingerprint import Fingerprinter
from credcat.core.i18n import Translator
from credcat.core.output import Output, json_bytes
from credcat.load.catalog import Catalog
from credcat.load.localize import localize
from credcat.load.pipeline import load_catalog
from credcat.model.records import Credential
from credcat.publish.build import build
from credcat.render import documents, site_files
from credcat.render.documents import (
    DocumentKind,
    DocumentScope,
    document_scope,
    narrowed,
    render_documents,
)

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = [ROOT / "content", ROOT / "tests" / "cases" / "basic" / "content"]
NAMES = ["example", "basic"]


def _load(root: Path) -> Catalog:
    report = Report()
    catalog = load_catalog(root, report)
    assert catalog is not None, report.diagnostics
    return catalog


def _views(catalog: Catalog) -> list[Catalog]:
    return [
        localize(catalog, lang, catalog.translators.get(lang, Translator(lang))).catalog
        for lang in catalog.config.languages
    ]


def _scopes(catalog: Catalog) -> list[tuple[Catalog, DocumentScope]]:
    """(the whole catalog or view, the scope) of every document group the build renders."""
    found = []
    for view in _views(catalog):
        for cred in catalog.published:
            if view.lang == catalog.config.language:
                found.append((catalog, document_scope(catalog, cred)))
            if catalog.translation(view.lang, "credential", cred.id):
                shown = view.credentials[cred.id]
                found.append((view, document_scope(view, shown, lang=view.lang)))
    return found


@pytest.mark.parametrize("root", CATALOGS, ids=NAMES)
def test_documents_from_the_scope_equal_documents_from_the_whole_catalog(root: Path) -> None:
    catalog = _load(root)
    scopes = _scopes(catalog)
    assert any(s.lang for _, s in scopes), "the catalog should have translated credentials"
    assert any(catalog.graph.rules.get(s.credential.id) for _, s in scopes), "and a stack"
    if root == CATALOGS[0]:
        assert any(s.credential.renamed_from for _, s in scopes), "and a renamed credential"
    for whole, scope in scopes:
        everything = DocumentScope(catalog=whole, credential=scope.credential, lang=scope.lang)
        narrow = render_documents(scope)
        assert narrow == render_documents(everything), scope.credential.id
        assert len(narrow) >= 2


def test_the_scope_holds_the_related_credentials_and_no_others() -> None:
    catalog = _load(CATALOGS[0])
    for cred in catalog.published:
        scope = narrowed(catalog, cred)
        graph = catalog.graph
        wanted = {cred.id, *cred.prerequisites, *cred.recommended}
        wanted |= {*graph.children.get(cred.id, ()), *graph.parents.get(cred.id, ())}
        wanted |= {*graph.prerequisite_of.get(cred.id, ()), *graph.recommended_for.get(cred.id, ())}
        assert wanted <= set(scope.credentials)
        rule = graph.rules.get(cred.id)
        if rule is not None:
            assert {i for i, _ in rule.leaves()} <= set(scope.credentials)
        if cred.superseded_by:
            assert cred.superseded_by in scope.credentials
        assert len(scope.credentials) < len(catalog.credentials)
        assert cred.issuer in scope.issuers
        assert not scope.html
        assert not scope.extra_files
        assert not scope.translators
        assert set(scope.permanence.by_id) <= {cred.id, *cred.renamed_from}


def _key(catalog: Catalog, cid: str) -> str:
    return Fingerprinter().key(document_scope(catalog, catalog.credentials[cid]))


def _retitled(catalog: Catalog, cid: str, title: str) -> Catalog:
    credentials = dict(catalog.credentials)
    credentials[cid] = dataclasses.replace(credentials[cid], title=title)
    return dataclasses.replace(catalog, credentials=MappingProxyType(credentials))


def test_the_key_moves_with_a_related_credential_and_not_with_an_unrelated_one() -> None:
    catalog = _load(CATALOGS[0])
    stack = next(c for c in catalog.published if catalog.graph.rules.get(c.id))
    component = catalog.graph.children[stack.id][0]
    inside = {stack.id, *narrowed(catalog, stack).credentials}
    unrelated = next(c.id for c in catalog.published if c.id not in inside)
    before = _key(catalog, stack.id)
    assert _key(catalog, stack.id) == before, "a key is stable"
    assert _key(_retitled(catalog, component, "Renamed"), stack.id) != before
    assert _key(_retitled(catalog, stack.id, "Renamed"), stack.id) != before
    assert _key(_retitled(catalog, unrelated, "Renamed"), stack.id) == before
    # And what moved the key shows in the documents.
    changed = _retitled(catalog, component, "Renamed")
    old = render_documents(document_scope(catalog, stack))
    new = render_documents(document_scope(changed, changed.credentials[stack.id]))
    assert old != new


def test_the_key_moves_with_the_settings_and_the_issuer() -> None:
    catalog = _load(CATALOGS[0])
    cred = catalog.published[0]
    before = _key(catalog, cred.id)
    config = dataclasses.replace(catalog.config, base_url="https://elsewhere.example/")
    assert _key(dataclasses.replace(catalog, config=config), cred.id) != before
    issuers = dict(catalog.issuers)
    issuers[cred.issuer] = dataclasses.replace(issuers[cred.issuer], name="Another name")
    moved = dataclasses.replace(catalog, issuers=MappingProxyType(issuers))
    assert _key(moved, cred.id) != before


def _extra_document(catalog: Catalog, cred: Credential) -> Output:
    issuer = catalog.issuers[cred.issuer].name
    return Output(f"extra/{cred.id}.json", json_bytes({"id": cred.id, "issuer": issuer}))


def _extra_path(cid: str) -> str:
    return f"extra/{cid}.json"


def test_a_new_kind_of_document_is_one_registry_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What docs/extending.md promises: a render function and an entry in ``DOCUMENTS``
    give every credential the document, a copy under each earlier id, and a link in
    catalog.json."""
    kind = DocumentKind("extra", _extra_path, _extra_document)
    monkeypatch.setattr(documents, "DOCUMENTS", (*documents.DOCUMENTS, kind))
    shutil.copytree(CATALOGS[0], tmp_path / "content")
    report = Report()
    result = build(tmp_path / "content", report, output=tmp_path / "site", progress=False)
    assert result is not None, report.diagnostics
    site = tmp_path / "site"
    catalog = result.catalog
    listed = {c["id"]: c for c in orjson.loads((site / "catalog.json").read_bytes())["credentials"]}
    for cred in catalog.published:
        written = orjson.loads((site / _extra_path(cred.id)).read_bytes())
        assert written == {"id": cred.id, "issuer": catalog.issuers[cred.issuer].name}
        assert listed[cred.id]["extra"] == catalog.config.base_url + _extra_path(cred.id)
        for old in cred.renamed_from:
            assert orjson.loads((site / _extra_path(old)).read_bytes())["id"] == old
    assert any(c.renamed_from for c in catalog.published)


def _summaries(catalog: Catalog) -> list[Output]:
    summaries = {c.id: c.summary for c in catalog.published}
    return [Output("summaries.json", json_bytes(summaries))]


def test_a_new_file_about_the_catalog_is_one_registry_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What docs/extending.md promises of a file about the whole catalog: a render function
    and an entry in ``SITE_FILES``; it is keyed with the others, so an edit renders it
    again."""
    kind = site_files.SiteFileKind("summaries", _summaries)
    monkeypatch.setattr(site_files, "SITE_FILES", (*site_files.SITE_FILES, kind))
    content = tmp_path / "content"
    shutil.copytree(CATALOGS[1], content)
    site = tmp_path / "site"
    result = build(content, Report(), output=site, progress=False)
    assert result is not None
    written = orjson.loads((site / "summaries.json").read_bytes())
    assert written == {c.id: c.summary for c in result.catalog.published}

    edited = content / "credentials" / "data-cleaning.md"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("summary: ", "summary: Edited. ", 1), encoding="utf-8")
    report = Report()
    result = build(content, report, output=site, progress=False)
    assert result is not None, report.diagnostics
    written = orjson.loads((site / "summaries.json").read_bytes())
    assert written["data-cleaning"].startswith("Edited. ")
