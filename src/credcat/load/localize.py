"""A catalog in one of its other languages: translated text over the default one.

Translations are per file and per field (``translations/<lang>/credentials/<id>.md``,
``translations/<lang>/issuers/<id>.yaml``). Whatever a translation leaves out is shown in the
catalog's default language; ``Localized.fallback`` says which fields those are, so pages can
mark them with the right ``lang`` and say so. Facts that are not text (credits, level, cost,
dates, skills and their framework labels) always come from the credential's own file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from types import MappingProxyType
from typing import Any

from credcat.core.diagnostics import Diagnostic, Severity
from credcat.core.i18n import Translator
from credcat.load.catalog import Catalog, Html
from credcat.model.labels import language_name
from credcat.model.records import Credential, Issuer, Status, Translation

CREDENTIAL_FIELDS: tuple[str, ...] = (
    "title",
    "summary",
    "criteria",
    "learning_outcomes",
    "entry_requirements",
    "field_of_study",
    "specialization",
    "tags",
    "assessment",
    "quality_assurance",
    "cost",
    "description",
)
"""Translatable credential fields ('description' is the Markdown after the front matter)."""

MEANING_FIELDS: tuple[str, ...] = ("title", "criteria")
"""Translated fields that say what a version means: a translation of an earlier version
(``translates``) does not show them; the source text is shown instead, marked."""

CATALOG_FIELDS: tuple[str, ...] = ("title", "description")
"""The catalog's own text (translations/<lang>/catalog.yaml)."""

ISSUER_FIELDS: tuple[str, ...] = ("name", "description", "region")
ISSUER_TEXT: tuple[str, ...] = ("description",)
"""Issuer fields a translation is expected to carry (names are usually proper nouns)."""


@dataclass(frozen=True, slots=True)
class Localized:
    """One language's view of a catalog."""

    catalog: Catalog
    fallback: Mapping[str, tuple[str, frozenset[str]]]
    """Credential id, 'issuer:<id>' or 'catalog' -> (the language they are shown in instead,
    the fields shown in it), for those not wholly in this view's language."""


def localize(catalog: Catalog, lang: str, t: Translator) -> Localized:
    """``catalog`` with the text of ``lang`` where it is translated.

    The rendered Markdown of translations is in ``catalog.html``, keyed '<lang>:<id>' and
    '<lang>:issuer:<id>'.
    """
    html = catalog.html
    default = catalog.config.language
    credentials: dict[str, Credential] = dict(catalog.credentials)
    issuers: dict[str, Issuer] = dict(catalog.issuers)
    pages: dict[str, Html] = dict(catalog.html)
    fallback: dict[str, tuple[str, frozenset[str]]] = {}
    for cid, cred in catalog.credentials.items():
        written_in = catalog.written_in(cred)
        if written_in == lang:
            continue
        tr = catalog.translation(lang, "credential", cid)
        credentials[cid], missing = _credential(cred, tr)
        if missing:
            fallback[cid] = (written_in, missing)
        own = html.get(f"{lang}:{cid}")
        if own is not None:
            base = catalog.html[cid]
            pages[cid] = Html(
                description=own.description or base.description,
                criteria=base.criteria
                if tr is not None and stale_version(cred, tr)
                else own.criteria or base.criteria,
            )
    for iid, issuer in catalog.issuers.items() if lang != default else ():
        tr = catalog.translation(lang, "issuer", iid)
        issuers[iid], missing = _issuer(issuer, tr)
        if missing:
            fallback[f"issuer:{iid}"] = (default, missing)
        own = html.get(f"{lang}:issuer:{iid}")
        if own is not None and own.description:
            pages[f"issuer:{iid}"] = own
    config = catalog.config
    if lang != default:
        tr = catalog.translation(lang, "catalog", "catalog")
        text = {k: tr.fields[k] for k in CATALOG_FIELDS if tr and k in tr.fields}
        config = replace(config, **text)
        shown = {k for k in CATALOG_FIELDS if getattr(catalog.config, k)}
        if shown - set(text):
            fallback["catalog"] = (default, frozenset(shown - set(text)))
    view = replace(
        catalog,
        config=config,
        credentials=MappingProxyType(credentials),
        issuers=MappingProxyType(issuers),
        html=MappingProxyType(pages),
        lang=lang,
        t=t,
    )
    return Localized(view, MappingProxyType(fallback))


def _present(cred: Credential, name: str) -> bool:
    """Whether the credential has text in field ``name`` (to translate)."""
    if name == "description":
        return bool(cred.body.strip())
    if name == "cost":
        return cred.cost is not None and bool(cred.cost.note)
    if name in ("assessment", "quality_assurance"):
        return getattr(cred, name) is not None
    return bool(getattr(cred, name))


def stale_version(cred: Credential, tr: Translation) -> str | None:
    """The earlier version a translation says it translates, when it is not the current one."""
    version = tr.fields.get("translates")
    return str(version) if version is not None and str(version) != cred.version else None


def _credential(cred: Credential, tr: Translation | None) -> tuple[Credential, frozenset[str]]:
    shown = [f for f in CREDENTIAL_FIELDS if _present(cred, f)]
    if tr is None:
        return cred, frozenset(shown)
    data = tr.fields
    if stale_version(cred, tr):
        data = {k: v for k, v in data.items() if k not in MEANING_FIELDS}
    changes: dict[str, Any] = {}
    for name in (
        "title",
        "summary",
        "criteria",
        "entry_requirements",
        "field_of_study",
        "specialization",
    ):
        if name in data:
            changes[name] = data[name].strip() if name == "title" else data[name]
    for name in ("learning_outcomes", "tags"):
        if name in data:
            changes[name] = tuple(data[name])
    nested = {"assessment": "method", "quality_assurance": "type", "cost": "note"}
    for name, key in nested.items():
        value = getattr(cred, name)
        if value is not None and key in data.get(name, {}):
            changes[name] = replace(value, **{key: data[name][key]})
    if tr.body:
        changes["body"] = tr.body
    missing = {f for f in shown if f not in changes}
    if "description" in missing and tr.body:
        missing.discard("description")
    return replace(cred, **changes), frozenset(missing)


def _issuer(issuer: Issuer, tr: Translation | None) -> tuple[Issuer, frozenset[str]]:
    shown = [f for f in ISSUER_TEXT if getattr(issuer, f)]
    if tr is None:
        return issuer, frozenset(shown)
    changes = {k: tr.fields[k] for k in ISSUER_FIELDS if k in tr.fields}
    return replace(issuer, **changes), frozenset(f for f in shown if f not in changes)


def _check_version(cred: Credential, tr: Translation, lang: str, source: str) -> list[Diagnostic]:
    """A credential translation says which version it translates; an earlier one is stale."""
    if tr.translates_at is None:
        return [
            Diagnostic(
                location=tr.location,
                code="translation.unversioned",
                message=f"{language_name(lang)} translation of '{cred.id}' does not say which "
                "version it translates",
                hint=f'add translates: "{cred.version}" once it matches version {cred.version}',
                severity=Severity.WARNING,
            )
        ]
    old = stale_version(cred, tr)
    if old is None:
        return []
    return [
        Diagnostic(
            location=tr.translates_at,
            code="translation.stale",
            message=f"{language_name(lang)} translation is of version {old}, but '{cred.id}' "
            f"is now at version {cred.version}: its title and criteria are shown in "
            f"{language_name(source)} until it "
            "is updated",
            hint=f'translate what changed, then set translates: "{cred.version}"',
            severity=Severity.WARNING,
        )
    ]


def _check_catalog_text(catalog: Catalog, lang: str, tr: Translation) -> list[Diagnostic]:
    shown = {k for k in CATALOG_FIELDS if getattr(catalog.config, k)}
    missing = shown - set(tr.fields)
    if not missing:
        return []
    return [
        Diagnostic(
            location=tr.location,
            code="translation.missing",
            message=f"{language_name(lang)} translation lacks: {', '.join(sorted(missing))}",
            hint=f"these are shown in {language_name(catalog.config.language)} meanwhile",
            severity=Severity.WARNING,
        )
    ]


def check_translations(catalog: Catalog) -> list[Diagnostic]:
    """Translations for unknown languages or ids (errors), and missing ones (warnings).

    A translation that leaves out a text its credential or issuer has is reported, and so is
    a published credential offered in one of the catalog's other languages (``languages``)
    without a translation into it. Other credentials may stay untranslated silently: their
    pages in that language show the default text, marked as such.
    """
    config = catalog.config
    problems: list[Diagnostic] = []
    every = [
        (lang, kind, ident, tr)
        for (kind, ident), by_lang in catalog.translations.items()
        for lang, tr in by_lang.items()
    ]
    for lang, kind, ident, tr in sorted(every, key=lambda item: item[:3]):
        if lang not in config.languages:
            problems.append(
                Diagnostic(
                    location=tr.location,
                    code="translation.language",
                    message=f"'{lang}' is not one of the catalog's languages "
                    f"({', '.join(config.languages)})",
                    hint=f"add {lang} to languages in catalog.yaml, or move the file",
                )
            )
            continue
        if kind == "catalog":
            problems += _check_catalog_text(catalog, lang, tr)
            continue
        known = catalog.credentials if kind == "credential" else catalog.issuers
        if ident not in known:
            folder = "credentials" if kind == "credential" else "issuers"
            now = next((i for i, item in known.items() if ident in item.renamed_from), None)
            problems.append(
                Diagnostic(
                    location=tr.location,
                    code="ref.unknown",
                    message=f"this translates {kind} '{ident}', which does not exist",
                    hint=f"'{ident}' was renamed to '{now}': rename this file to "
                    f"{now}{PurePosixPath(tr.location.path).suffix} too"
                    if now
                    else f"name the file after a file in {folder}/",
                )
            )
            continue
        own = (
            catalog.written_in(catalog.credentials[ident])
            if kind == "credential"
            else config.language
        )
        if lang == own:
            problems.append(
                Diagnostic(
                    location=tr.location,
                    code="translation.language",
                    message=f"the {kind} '{ident}' is itself written in {language_name(lang)}",
                    hint="edit its own file instead; translations are for other languages",
                )
            )
            continue
        if kind == "credential":
            cred = catalog.credentials[ident]
            _, missing = _credential(cred, tr)
            problems += _check_version(cred, tr, lang, catalog.written_in(cred))
            if stale_version(cred, tr):
                missing -= set(MEANING_FIELDS)
        else:
            _, missing = _issuer(catalog.issuers[ident], tr)
        if missing:
            problems.append(
                Diagnostic(
                    location=tr.location,
                    code="translation.missing",
                    message=f"{language_name(lang)} translation lacks: "
                    f"{', '.join(sorted(missing))}",
                    hint=f"these are shown in {language_name(own)} meanwhile",
                    severity=Severity.WARNING,
                )
            )
    for cred in catalog.published:
        if cred.status is not Status.ACTIVE:
            continue
        for lang in config.languages:
            if lang == catalog.written_in(cred):
                continue
            offered = any(tag.split("-")[0].lower() == lang for tag in cred.languages)
            if offered and catalog.translation(lang, "credential", cred.id) is None:
                problems.append(
                    Diagnostic(
                        location=cred.location,
                        code="translation.missing",
                        message=f"offered in {language_name(lang)} but not translated into it",
                        hint=f"add translations/{lang}/credentials/{cred.id}.md",
                        severity=Severity.WARNING,
                    )
                )
    return problems
