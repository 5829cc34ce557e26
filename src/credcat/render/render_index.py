"""Site-wide files: catalog.json, sitemap.xml, feed.xml, robots.txt, .nojekyll, schemas."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

from credcat.core import urls
from credcat.core import xmlwriter as xml
from credcat.core.output import Output, json_bytes
from credcat.core.schema import SCHEMA_NAMES, load_schema
from credcat.load.catalog import Catalog
from credcat.model.labels import cost_label, type_label
from credcat.model.records import Credential, Intake, Issuer, Status
from credcat.render import did, documents
from credcat.render.facets import build_facets
from credcat.render.render_pathway import rule_data

CATALOG_FORMAT = "https://credcat.github.io/schema/v1/catalog-index"


def _pages(catalog: Catalog, u: urls.Urls, page: str) -> dict[str, str]:
    """A page's address in each language of the catalog."""
    default = catalog.config.language
    return {
        lang: u.absolute(urls.language_prefix(lang, default) + page)
        for lang in catalog.config.languages
    }


def credential_documents(catalog: Catalog, u: urls.Urls, cred: Credential) -> list[dict[str, Any]]:
    """Every Open Badges document the catalog publishes for ``cred``, at every URL it ever had.

    Badges point at one of these: the stable BadgeClass and Achievement (``version`` None:
    they follow the current version), each language version, each version's own documents,
    and the copies kept under earlier ids (``earlier_id``). The same functions choose what
    the build renders (``Permanence.history``, ``translated_into``, ``renamed_from``).
    """
    found: list[dict[str, Any]] = []

    def add(kind: str, path: str, **extra: Any) -> None:
        found.append({"kind": kind, "url": u.absolute(path), **extra})

    badges = [k for k in documents.DOCUMENTS if k.translated is not None]
    for cid in (cred.id, *cred.renamed_from):
        earlier = {"earlier_id": cid} if cid != cred.id else {}
        for kind in badges:
            add(kind.name, kind.path(cid), version=None, **earlier)
    for lang in catalog.translated_into("credential", cred.id):
        for cid in (cred.id, *cred.renamed_from):
            earlier = {"earlier_id": cid} if cid != cred.id else {}
            for kind in badges:
                add(kind.name, kind.path(cid, lang), version=None, language=lang, **earlier)
    for entry in catalog.permanence.history(cred):
        if entry.current or entry.badge in catalog.permanence.archives:
            add("badgeclass", entry.badge, version=entry.version)
        if entry.current or entry.achievement in catalog.permanence.archives:
            add("achievement", entry.achievement, version=entry.version)
    return found


def issuer_identifiers(catalog: Catalog, u: urls.Urls, issuer: Issuer) -> list[str]:
    """Every URL or DID a badge may name this issuer by: its Profiles (each language and
    each earlier id) and, when it publishes keys, its did:web identifiers."""
    found = []
    for iid in (issuer.id, *issuer.renamed_from):
        found.append(u.absolute(urls.issuer_profile(iid)))
        found.append(u.absolute(urls.ob3_profile(iid)))
        if issuer.keys:
            found.append(urls.did_web(catalog.config.base_url, iid))
    for lang in catalog.translated_into("issuer", issuer.id):
        found += [
            u.absolute(urls.issuer_profile(issuer.id, lang)),
            u.absolute(urls.ob3_profile(issuer.id, lang)),
        ]
    return found


def render_catalog_json(catalog: Catalog) -> Output:
    """Machine-readable index of every published credential and issuer with their URLs."""
    u = urls.Urls(catalog.config.base_url, catalog.config.base_path)
    credentials: list[dict[str, Any]] = []
    for cred in catalog.published:
        entry: dict[str, Any] = {
            "id": cred.id,
            "title": cred.title,
            "summary": cred.summary,
            "issuer": cred.issuer,
            "type": cred.achievement_type,
            "status": cred.status.value,
            "version": cred.version,
            "url": u.absolute(urls.credential_page(cred.id)),
            **{k.name: u.absolute(k.path(cred.id)) for k in documents.DOCUMENTS},
            "languages": list(cred.languages),
            "skills": [{"name": s.name, "url": s.url} for s in cred.skills],
            "tags": list(cred.tags),
            "components": [
                c
                for c in catalog.graph.children.get(cred.id, ())
                if catalog.credentials[c].status is not Status.DRAFT
            ],
            "stacks_into": [
                c
                for c in catalog.graph.parents.get(cred.id, ())
                if catalog.credentials[c].status is not Status.DRAFT
            ],
            "prerequisites": list(cred.prerequisites),
            "recommended": list(cred.recommended),
        }
        rule = catalog.graph.rules.get(cred.id)
        optional = {
            "pathway": rule_data(rule, lambda i: catalog.credentials[i].status is not Status.DRAFT)
            if rule
            else None,
            "level": {"framework": cred.level.framework, "value": cred.level.value}
            if cred.level
            else None,
            "credits": {
                "value": cred.credits.value,
                "system": cred.credits.system,
                **({"own": cred.credits.own} if cred.credits.own else {}),
            }
            if cred.credits
            else None,
            "workload_hours": cred.workload_hours,
            "duration": cred.duration.iso if cred.duration else None,
            "cost": {"amount": cred.cost.amount, "currency": cred.cost.currency}
            if cred.cost
            else None,
            "participation": cred.participation.value if cred.participation else None,
            "partners": [{"issuer": p.issuer, "role": p.role.value} for p in cred.partners] or None,
            "funding": [_drop_none(asdict(f)) for f in cred.funding] or None,
            "intakes": [_intake_data(i) for i in cred.intakes] or None,
            "published": cred.published,
            "updated": cred.updated,
            "source_url": cred.source_url,
        }
        entry.update({k: v for k, v in optional.items() if v is not None})
        entry["text_language"] = catalog.written_in(cred)
        if cred.superseded_by:
            entry["superseded_by"] = cred.superseded_by
        if cred.renamed_from:
            entry["renamed_from"] = list(cred.renamed_from)
        earlier = catalog.permanence.earlier(cred)
        if earlier:
            entry["earlier_versions"] = [
                {
                    "version": e.version,
                    "badgeclass": u.absolute(e.badge),
                    "achievement": u.absolute(e.achievement),
                }
                for e in earlier
            ]
        entry["versions"] = [
            {
                "version": e.version,
                **({"date": e.date} if e.date else {}),
                **({"note": e.note} if e.note else {}),
                "current": e.current,
            }
            for e in catalog.permanence.history(cred)
        ]
        entry["documents"] = credential_documents(catalog, u, cred)
        entry["pages"] = _pages(catalog, u, urls.credential_page(cred.id))
        translated = catalog.translated_into("credential", cred.id)
        if translated:
            entry["translations"] = {
                lang: {
                    k.name: u.absolute(k.path(cred.id, lang))
                    for k in documents.DOCUMENTS
                    if k.translated
                }
                for lang in translated
            }
        credentials.append(entry)
    issuers = [
        {
            "id": i.id,
            "name": i.name,
            "url": u.absolute(urls.issuer_page(i.id)),
            "profile": u.absolute(urls.issuer_profile(i.id)),
            "profile_ob3": u.absolute(urls.ob3_profile(i.id)),
            "website": i.url,
            **({"country": i.country} if i.country else {}),
            "identifiers": issuer_identifiers(catalog, u, i),
            **(
                {
                    "verification": {
                        "allowed_origins": list(i.verification.allowed_origins),
                        "starts_with": list(i.verification.starts_with),
                    }
                }
                if i.verification
                else {}
            ),
            **(
                {
                    "did": did.did(catalog, i),
                    "did_document": u.absolute(urls.did_document(i.id)),
                    "keys": did.public_keys(catalog, i),
                }
                if i.keys
                else {}
            ),
        }
        for _, i in sorted(catalog.issuers.items())
    ]
    doc = {
        "format": CATALOG_FORMAT,
        "title": catalog.config.title,
        "description": catalog.config.description,
        "url": catalog.config.base_url,
        "language": catalog.config.language,
        "languages": list(catalog.config.languages),
        "credentials": credentials,
        "issuers": issuers,
    }
    return Output(urls.catalog_json(), json_bytes(doc))


def page_paths(catalog: Catalog) -> list[tuple[str, str | None]]:
    """Every public HTML page path with its last-modified date, for the sitemap."""
    pages: list[tuple[str, str | None]] = [
        ("", None),
        (urls.archive_page(), None),
        (urls.pathways_page(), None),
        (urls.verify_page(), None),
    ]
    count = max(1, -(-len(catalog.active) // catalog.config.per_page))
    pages += [(urls.listing_page(n), None) for n in range(2, count + 1)]
    pages += [(urls.credential_page(c.id), c.updated or c.published) for c in catalog.published]
    pages += [(urls.issuer_page(i), None) for i in sorted(catalog.issuers)]
    pages.append((urls.browse_index(), None))
    for facet in build_facets(catalog):
        for value in facet.values:
            pages.append((urls.browse_page(facet.key, value.slug), None))
    return pages


def render_sitemap(catalog: Catalog) -> Output:
    """sitemap.xml of every page."""
    u = urls.Urls(catalog.config.base_url, catalog.config.base_path)
    entries = page_paths(catalog)
    languages = catalog.config.languages
    default = catalog.config.language
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        + (' xmlns:xhtml="http://www.w3.org/1999/xhtml">' if len(languages) > 1 else ">"),
    ]
    for path, lastmod in sorted(set(entries)):
        if len(languages) < 2:
            versions = [path]
        else:
            versions = [urls.language_prefix(lang, default) + path for lang in languages]
        for version in versions:
            entry = "  " + xml.start("url") + xml.element("loc", u.absolute(version))
            if lastmod:
                entry += xml.element("lastmod", lastmod)
            if len(versions) > 1:
                for lang, other in zip(languages, versions, strict=True):
                    entry += xml.element(
                        "xhtml:link",
                        None,
                        {"rel": "alternate", "hreflang": lang, "href": u.absolute(other)},
                    )
            lines.append(entry + xml.end("url"))
    lines.append("</urlset>")
    return Output(urls.sitemap(), ("\n".join(lines) + "\n").encode("utf-8"))


def render_feed(catalog: Catalog) -> Output:
    """Atom feed of active credentials, newest first; dates come from the content."""
    u = urls.Urls(catalog.config.base_url, catalog.config.base_path)
    creds = sorted(
        catalog.active, key=lambda c: (c.updated or c.published or "", c.id), reverse=True
    )
    dates = [d for c in creds if (d := c.updated or c.published)]
    newest = max(dates, default=catalog.config.build_date or "2000-01-01")
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        xml.start(
            "feed", {"xmlns": "http://www.w3.org/2005/Atom", "xml:lang": catalog.config.language}
        ),
        "  " + xml.element("title", catalog.config.title),
        "  " + xml.element("id", catalog.config.base_url),
        "  " + xml.element("link", None, {"rel": "alternate", "href": catalog.config.base_url}),
        "  " + xml.element("link", None, {"rel": "self", "href": u.absolute(urls.feed())}),
        "  " + xml.element("updated", f"{newest}T00:00:00Z"),
    ]
    for cred in creds:
        page = u.absolute(urls.credential_page(cred.id))
        issuer = catalog.issuers[cred.issuer].name
        when = cred.updated or cred.published or newest
        facts = ", ".join(
            x for x in (type_label(cred.achievement_type), issuer, cost_label(cred, catalog.t)) if x
        )
        lines += [
            "  " + xml.start("entry"),
            "    " + xml.element("title", cred.title),
            "    " + xml.element("id", page),
            "    " + xml.element("link", None, {"rel": "alternate", "href": page}),
            "    " + xml.element("updated", f"{when}T00:00:00Z"),
            "    " + xml.start("author") + xml.element("name", issuer) + xml.end("author"),
            "    " + xml.element("summary", f"{cred.summary} ({facts})"),
            "  " + xml.end("entry"),
        ]
    lines.append("</feed>")
    return Output(urls.feed(), ("\n".join(lines) + "\n").encode("utf-8"))


def render_site_files(catalog: Catalog) -> Iterator[Output]:
    """robots.txt, .nojekyll and the published JSON Schemas."""
    u = urls.Urls(catalog.config.base_url, catalog.config.base_path)
    robots = f"User-agent: *\nAllow: /\nSitemap: {u.absolute(urls.sitemap())}\n"
    yield Output("robots.txt", robots.encode("utf-8"))
    yield Output(".nojekyll", b"")
    for name in sorted(SCHEMA_NAMES.values()):
        text = json.dumps(load_schema(name), indent=2, ensure_ascii=False) + "\n"
        yield Output(urls.schema(name), text.encode("utf-8"))


def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


def _intake_data(intake: Intake) -> dict[str, Any]:
    data = _drop_none(asdict(intake))
    for key in ("mode", "status"):
        if key in data:
            data[key] = data[key].value
    return data
