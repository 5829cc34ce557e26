"""``credcat import``: bring credentials in from Open Badges JSON and spreadsheets.

Sources: Open Badges 2.0 BadgeClasses and Open Badges 3.0 Achievements (or the
AchievementCredentials that carry them), as files, folders of files or http(s) URLs; and
CSV files with one row per credential. Each document becomes ``credentials/<id>.md`` (and,
where the source describes its issuer, ``issuers/<id>.yaml`` and an image) that passes
credcat's schema. Nothing is overwritten unless asked; a dry run writes nothing; a document
or row that cannot be imported is reported with its file or row, and the rest go on.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import yaml

from credcat.check.images import PNG_SIGNATURE, png_problem, sniff
from credcat.check.svg import check_svg
from credcat.core.diagnostics import Location, Report
from credcat.core.files import FileProblem, check_writable
from credcat.core.schema import load_schema, modeline, schema_dir_for
from credcat.core.sources import ID_PATTERN, display_path, suggest_id
from credcat.importing.fetch import FetchError, fetch
from credcat.importing.import_csv import LIST_SEPARATOR, CsvOptions, read_csv
from credcat.importing.import_index import (
    CREDENTIAL_TYPES,
    Document,
    Index,
    Kind,
    describe,
    is_ob1_class,
    kind_of,
    read_inputs,
    slug_from_url,
    types_of,
)
from credcat.importing.import_mapping import (
    ACHIEVEMENT_FIELDS,
    BADGE_CLASS_FIELDS,
    PROFILE_FIELDS,
    language_of,
    plain_summary,
    producer_fields,
    read_alignment,
    results_text,
    whole,
)
from credcat.render.render_badges import PARTNER_TARGET_TYPES, PREREQUISITE_NOTE, RECOMMENDED_NOTE
from credcat.render.render_extensions import EXTENSIONS, PARTNER_FIELDS, read_extensions

MAX_DOWNLOAD = 5 * 1024 * 1024
"""Largest JSON document or image fetched from a URL."""
Fetch = Callable[[str], bytes]


PARTNER_ROLES = {target: role.value for role, target in PARTNER_TARGET_TYPES.items()}
"""An Open Badges 3.0 Alignment's ``targetType`` for a partner (as credcat writes it) -> role."""


class ImportProblem(Exception):
    """A document or row that cannot be imported; the message says why."""


class Unsupported(ImportProblem):
    """A document that is no badge credcat can import; the message says what it is."""


class UnresolvedIssuer(ImportProblem):
    """An issuer URL found neither among the inputs nor online: reported once per URL."""

    def __init__(self, url: str, reason: str, hint: str | None = None) -> None:
        super().__init__(reason)
        self.url = url
        self.reason = reason
        self.hint = hint or (
            f"put its issuer Profile JSON among the inputs, or pass --issuer {url}=ID to use "
            "issuers/ID.yaml for it (or pass --issuer ID for every credential)"
        )


@dataclass(slots=True)
class Draft:
    """One credential (and what it needs) ready to be written."""

    ident: str
    front: dict[str, Any]
    body: str = ""
    issuer: tuple[str, dict[str, Any]] | None = None
    images: dict[str, bytes] = field(default_factory=dict)
    """Catalog-relative path -> bytes."""
    origin: str = ""
    """File, URL or 'file.csv row N', for messages."""
    url: str | None = None
    """The imported document's own id (URL), if it has one."""
    links: dict[str, list[str]] = field(default_factory=dict)
    """Field (``prerequisites``, ``recommended``) -> URLs of the documents it names, resolved
    to ids once every document of the import is read."""
    where: Location | None = None
    """Where in its source it was read (a CSV row), for messages; else ``origin``."""
    derived_id: bool = False
    """Whether the id was made from the document's URL or name (not given by the user)."""
    also: list[str] = field(default_factory=list)
    """URLs of other documents of the same definition (earlier versions, copies)."""


@dataclass(slots=True)
class ImportOptions:
    """What the user asked for."""

    issuer: str | None = None
    """Issuer id of every imported credential."""
    issuer_map: dict[str, str] = field(default_factory=dict)
    """Issuer URL (a Profile found nowhere offline) -> id of an issuer of the catalog."""
    credit_system: str | None = None
    """Credit system of Open Badges 3.0 creditsAvailable when the source names none."""
    offline: bool = False
    """Fetch nothing: resolve URLs among the inputs only."""
    overwrite: bool = False
    dry_run: bool = False
    header_map: dict[str, str] = field(default_factory=dict)
    """Spreadsheet column name -> credcat column name."""
    list_separator: str = LIST_SEPARATOR
    fetch: Fetch | None = None
    """Reads a URL; None means http(s) with a timeout and size limit."""


def fetch_url(url: str) -> bytes:
    """GET an http(s) URL (JSON or image): at most MAX_DOWNLOAD bytes, within the deadline."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise ImportProblem(f"not an http(s) URL: {url}")
    try:
        return fetch(
            url,
            accept="application/ld+json, application/json, image/*;q=0.8",
            max_bytes=MAX_DOWNLOAD,
        )
    except FetchError as exc:
        raise ImportProblem(str(exc)) from None


# --- Open Badges ---------------------------------------------------------------------------


def _text(value: Any) -> str:
    """A plain string from a string or a JSON-LD language map."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        for item in value.values():
            if isinstance(item, str):
                return item.strip()
    return ""


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value)[:60]
    return text if len(text) <= 80 else text[:77] + "..."


def _offline(url: str) -> bytes:
    raise ImportProblem(f"{url} not fetched (--offline)")


def _id(doc: dict[str, Any]) -> str | None:
    """A document's ``id``, if it is a string."""
    value = doc.get("id")
    return value if isinstance(value, str) and value else None


def _known_type(kind: str) -> bool:
    """Whether an achievementType is one of the schema's (or an ``ext:`` extension)."""
    schema = load_schema("credential")["properties"]["type"]["anyOf"]
    return kind in schema[0]["enum"] or bool(re.fullmatch(schema[1]["pattern"], kind))


def _ours(related: dict[str, Any], base_url: str) -> bool:
    """A related document credcat publishes itself (a language version or an earlier version,
    imported separately)."""
    ident = related.get("id")
    return bool(base_url) and isinstance(ident, str) and ident.startswith(base_url)


class _Importer:
    def __init__(self, root: Path, options: ImportOptions, report: Report) -> None:
        self.root = root
        self.options = options
        self.report = report
        self.fetch = _offline if options.offline else options.fetch or fetch_url
        self.issuers: dict[str, dict[str, Any]] = {}
        self.issuer_images: dict[str, tuple[str, bytes]] = {}
        """Issuer id -> (catalog-relative path, bytes) of its logo."""
        self.issuer_ids: dict[str, str] = {}
        """Issuer Profile id (URL) -> issuer id."""
        self.index = Index()
        """Every object of the inputs by id, to resolve URLs offline."""
        self.endorsed: dict[str, list[dict[str, Any]]] = {}
        """Id of a class or issuer -> endorsement documents of the inputs that endorse it."""
        self.fetched: dict[str, Any] = {}
        """URL -> its JSON, or the ImportProblem that fetching it gave (fetched once)."""
        self.base_url = ""
        self.language = "en"
        try:
            catalog = yaml.safe_load((root / "catalog.yaml").read_text(encoding="utf-8"))
            if isinstance(catalog, dict):
                self.base_url = str(catalog.get("base_url", ""))
                self.language = str(catalog.get("language", "en"))
        except (OSError, yaml.YAMLError):
            pass

    # document dispatch

    def from_json(self, doc: Any, origin: str) -> Draft:
        kind = kind_of(doc)
        if kind is Kind.CLASS:
            if "Achievement" in types_of(doc):
                return self.from_achievement(doc, origin)
            return self.from_badge_class(doc, origin)
        if kind is Kind.AWARD:
            return self.from_award(doc, origin)
        if kind in (Kind.PROFILE, Kind.ENDORSEMENT):
            raise ImportProblem("an issuer Profile or endorsement: used by the badges that name it")
        raise Unsupported(f"not imported: this is {describe(doc)}")

    def from_award(self, doc: dict[str, Any], origin: str) -> Draft:
        """The class of an Assertion (1.0, 2.0) or of an OpenBadgeCredential (3.0)."""
        subject = doc.get("credentialSubject")
        if "credentialSubject" in doc or types_of(doc) & CREDENTIAL_TYPES:
            if isinstance(subject, list):
                subject = next((s for s in subject if isinstance(s, dict)), None)
            achievement = subject.get("achievement") if isinstance(subject, dict) else None
            if achievement is None:
                raise Unsupported(
                    "not imported: this is an Open Badges 3.0 credential with no "
                    "credentialSubject.achievement (nothing to import)"
                )
            try:
                found = self._resolve(achievement, "Achievement")
            except ImportProblem as exc:
                raise Unsupported(f"an OpenBadgeCredential whose Achievement {exc}") from None
            if not isinstance(found, dict):
                raise Unsupported("the credential's achievement is not a JSON object")
            return self.from_achievement(found, origin, fallback=doc.get("issuer"))
        version = "2.0" if "Assertion" in types_of(doc) else "1.0"
        try:
            badge = self._resolve(doc.get("badge"), "BadgeClass")
        except ImportProblem as exc:
            raise Unsupported(
                f"an Open Badges {version} Assertion whose BadgeClass {exc}; put the BadgeClass "
                "JSON among the inputs"
            ) from None
        if not isinstance(badge, dict) or not ("name" in badge and "criteria" in badge):
            raise Unsupported(f"the Assertion's badge is {describe(badge)}")
        return self.from_badge_class(badge, origin)

    def _resolve(self, value: Any, what: str = "document") -> Any:
        """An embedded object (completed from the inputs when it is a stub), or the document
        with that id: among the inputs first, else fetched (once per URL)."""
        if isinstance(value, dict):
            ident = value.get("id")
            pooled = self.index.get(ident) if isinstance(ident, str) else None
            if pooled is not None:  # what every copy of it among the inputs says
                return {**pooled, **value}
            stub = set(value) <= {"id", "type", "@context"}
            if stub and isinstance(ident, str):
                return self._resolve(ident, what)
            return value
        if not isinstance(value, str) or not value:
            raise ImportProblem(f"is not given ({_shown(value)})")
        found = self.index.get(value)
        if found is not None:
            return found
        if not value.startswith(("http://", "https://")):
            raise ImportProblem(f"{value} is not among the inputs")
        if self.options.offline:
            raise ImportProblem(f"{value} is not among the inputs (and --offline fetches nothing)")
        try:
            return self.fetch_json(value)
        except ImportProblem as exc:
            raise ImportProblem(
                f"{value} is not among the inputs and cannot be fetched ({exc})"
            ) from None

    def fetch_json(self, url: str) -> Any:
        """The JSON document at a URL, fetched once (a failure too is remembered)."""
        if url not in self.fetched:
            try:
                self.fetched[url] = json.loads(self.fetch(url))
            except (json.JSONDecodeError, UnicodeDecodeError):
                self.fetched[url] = ImportProblem(f"{url} did not return JSON")
            except RecursionError:
                self.fetched[url] = ImportProblem(f"{url} returned JSON nested too deeply")
            except ImportProblem as exc:
                self.fetched[url] = exc
        result = self.fetched[url]
        if isinstance(result, ImportProblem):
            raise result
        return result

    def _start(self, doc: dict[str, Any], origin: str, what: str) -> tuple[str, dict[str, Any]]:
        """Title, summary, body (as ``_body``) and language of a class; its url."""
        name = _text(doc.get("name"))
        if not name:
            raise ImportProblem(f"the {what} has no name")
        summary, body = plain_summary(_text(doc.get("description")) or name)
        front: dict[str, Any] = {"title": name[:200], "summary": summary, "_body": body}
        if len(name) > 200:
            self._lost(origin, "name", "longer than 200 characters: cut")
        language = language_of(doc)
        if language:
            front["languages"] = [language]
            primary, _, rest = language.partition("-")
            if primary.lower() != self.language.split("-")[0].lower():
                front["text_language"] = primary.lower() + (f"-{rest}" if rest else "")
        return name, front

    def _finish(
        self, doc: dict[str, Any], front: dict[str, Any], origin: str, links: dict[str, list[str]]
    ) -> Draft:
        url = doc.get("id") if isinstance(doc.get("id"), str) else None
        body = front.pop("_body")
        ident = self._ident(url, front["title"])
        self._source(url, front)
        draft = Draft(ident=ident, front=front, body=body, origin=origin, url=url, links=links)
        draft.derived_id = True
        image = doc.get("image")
        if isinstance(image, dict):
            caption = _text(image.get("caption"))
            if caption and caption != front["title"]:
                self._lost(origin, "image caption", f"{_shown(caption)}: no field for it")
        self._image(image.get("id") if isinstance(image, dict) else image, draft)
        return draft

    def _version(self, doc: dict[str, Any], front: dict[str, Any], origin: str) -> None:
        value = doc.get("version")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and value:
            text = value.strip().removeprefix("v").removeprefix("V")
            if re.fullmatch(r"[0-9]+(\.[0-9]+){0,2}", text):
                front["version"] = text
            else:
                self._lost(origin, "version", f"{_shown(value)} is not a version like 1.0 or 2.1")

    def _alignments(
        self, doc: dict[str, Any], front: dict[str, Any], origin: str, links: dict[str, list[str]]
    ) -> str | None:
        """Put each alignment where it belongs; return the credit system, if one is named."""
        credit_system = None
        skills = []
        for item in _as_list(doc.get("alignment")):
            note = item.get("targetDescription") if isinstance(item, dict) else None
            if note in (PREREQUISITE_NOTE, RECOMMENDED_NOTE) and isinstance(
                item.get("targetUrl"), str
            ):
                name = "prerequisites" if note == PREREQUISITE_NOTE else "recommended"
                links.setdefault(name, []).append(item["targetUrl"])
                continue
            kind = item.get("targetType") if isinstance(item, dict) else None
            if kind in PARTNER_ROLES and isinstance(item.get("targetUrl"), str):
                refs = front.setdefault("_partners", [])
                refs.append((PARTNER_ROLES[kind], item["targetUrl"]))
                continue
            found = read_alignment(item)
            label = _shown(_text(item.get("targetName")) if isinstance(item, dict) else item)
            if found.field == "skills":
                kind = found.value.pop("_type", None)
                if kind:
                    self._lost(origin, "alignment.targetType", f"{kind} of '{label}' (a skill)")
                skills.append(found.value)
            elif found.field == "credit_system":
                credit_system = credit_system or found.value
            elif found.field == "credential":
                skills.append({"name": label, "url": found.value, "_credential": True})
            elif found.field in ("level", "quality_assurance") and found.field not in front:
                front[found.field] = found.value
                for name in found.dropped:
                    detail = f"{_shown(_text(item[name]))} ({found.field} '{label}')"
                    self._lost(origin, f"alignment.{name}", detail)
            elif found.field in ("level", "quality_assurance"):
                self._lost(origin, "alignment", f"'{label}': a second {found.field}")
            else:
                self._lost(origin, "alignment", f"'{label}': {found.value}")
        if skills:
            front["skills"] = skills
        return credit_system

    def from_badge_class(self, doc: dict[str, Any], origin: str) -> Draft:
        ob1 = is_ob1_class(doc)
        what = "Open Badges 1.0 BadgeClass" if ob1 else "BadgeClass"
        issuer = doc.get("issuer")
        if isinstance(issuer, dict) and isinstance(issuer.get("origin"), str):
            # Open Badges 0.5: "version" is the specification's, and URLs may be relative to
            # the issuer's origin.
            doc = {k: v for k, v in doc.items() if k != "version"}
            for key in ("criteria", "image"):
                if isinstance(doc.get(key), str) and doc[key].startswith("/"):
                    doc[key] = urljoin(issuer["origin"], doc[key])
        _, front = self._start(doc, origin, what)
        front["issuer"] = self._issuer(issuer, origin)
        front["type"] = "Badge"
        self._version(doc, front, origin)
        front["criteria"], criteria_url = self._criteria(doc.get("criteria"))
        links: dict[str, list[str]] = {}
        self._alignments(doc, front, origin, links)
        tags = [t.strip() for t in _as_list(doc.get("tags")) if isinstance(t, str) and t.strip()]
        if tags:
            front["tags"] = list(dict.fromkeys(t[:60] for t in tags))[:30]
        extensions = read_extensions(doc)
        links.update(_from_extensions(extensions, front))
        named = extensions.get("partners", {})
        front.setdefault("_partners", []).extend(
            (role.value, profile)
            for role, field_name in PARTNER_FIELDS.items()
            for profile in _as_list(named.get(field_name))
            if isinstance(profile, str)
        )
        others, used = producer_fields(doc)
        front.update({k: v for k, v in others.items() if k not in front})
        self._endorsements(doc.get("endorsement"), front, origin, _id(doc))
        self._partners(front, origin)
        if criteria_url and "url" not in front:
            front["url"] = criteria_url
        known = {f"extensions:{e.title}" for e in EXTENSIONS if e.name in extensions}
        self._report_lost(doc, front, origin, BADGE_CLASS_FIELDS | known | used)
        return self._finish(doc, front, origin, links)

    def from_achievement(self, doc: dict[str, Any], origin: str, fallback: Any = None) -> Draft:
        _, front = self._start(doc, origin, "Achievement")
        creator = doc.get("creator")
        front["issuer"] = self._issuer(creator if creator is not None else fallback, origin)
        kind = doc.get("achievementType")
        if isinstance(kind, str) and kind.removeprefix("ext:") and _known_type(kind):
            front["type"] = kind
        else:
            front["type"] = "Achievement"
            self.report.warning(
                Location(path=origin),
                "import.type",
                (
                    f"achievementType {_shown(kind)} is not in the Open Badges 3.0 vocabulary"
                    if kind
                    else "no achievementType"
                )
                + "; imported as type: Achievement (a generic achievement)",
                "set type: (MicroCredential, Certificate, Badge, ...) if it says more",
            )
        self._version(doc, front, origin)
        front["criteria"], criteria_url = self._criteria(doc.get("criteria"))
        links: dict[str, list[str]] = {}
        credit_system = self._alignments(doc, front, origin, links)
        for source, target in (
            ("fieldOfStudy", "field_of_study"),
            ("specialization", "specialization"),
        ):
            if _text(doc.get(source)):
                front[target] = _text(doc.get(source))[:200]
        if _text(doc.get("humanCode")):
            front["code"] = _text(doc["humanCode"])[:60]
        self._identifiers(doc.get("otherIdentifier"), front, origin)
        tags = [t.strip() for t in _as_list(doc.get("tag")) if isinstance(t, str) and t.strip()]
        if tags:
            front["tags"] = list(dict.fromkeys(t[:60] for t in tags))[:30]
        others, used = producer_fields(doc)
        front.update({k: v for k, v in others.items() if k not in front})
        credits = doc.get("creditsAvailable")
        system = credit_system or self.options.credit_system
        if isinstance(credits, (int, float)) and not isinstance(credits, bool) and credits > 0:
            if "credits" in front and front["credits"]["value"] == credits:
                pass  # the same credits, stated by the producer's own field too
            elif system:
                front["credits"] = {"value": whole(credits), "system": system}
            else:
                self.report.warning(
                    Location(path=origin),
                    "import.credits",
                    f"creditsAvailable {credits} not imported: the source does not say in which "
                    "credit system",
                    "pass --credit-system ECTS (or MQA, US, ...), or add credits: {value: ..., "
                    "system: ...} by hand",
                )
        elif "creditsAvailable" in doc:
            self._lost(origin, "creditsAvailable", f"{_shown(credits)} is not a positive number")
        results = [r for r in _as_list(doc.get("resultDescription")) if isinstance(r, dict)]
        if results and "assessment" not in front and (method := results_text(results)):
            front["assessment"] = {"method": method}
            self.report.warning(
                Location(path=origin),
                "import.lost",
                "resultDescription: kept in words as the assessment method; the result types "
                "and values are not in the model",
            )
        elif results:
            self._lost(origin, "resultDescription", "the assessment is already described")
        self._endorsements(doc.get("endorsement"), front, origin, _id(doc))
        self._partners(front, origin)
        if doc.get("endorsementJwt"):
            self._lost(origin, "endorsementJwt", "signed endorsements cannot be checked here")
        if criteria_url and "url" not in front:
            front["url"] = criteria_url
        self._report_lost(doc, front, origin, ACHIEVEMENT_FIELDS | used)
        return self._finish(doc, front, origin, links)

    def _identifiers(self, value: Any, front: dict[str, Any], origin: str) -> None:
        """Open Badges 3.0 otherIdentifier: the course code is kept; a CTID that credcat
        derives anyway is dropped; others are reported."""
        for entry in _as_list(value):
            if not isinstance(entry, dict) or not _text(entry.get("identifier")):
                continue
            kind, ident = _text(entry.get("identifierType")), _text(entry["identifier"])
            if kind == "ext:CTID":
                continue  # credcat derives the CTID from the catalog and the id
            if "code" not in front and kind in ("ext:CourseCode", "identifier", "sourcedId"):
                front["code"] = ident[:60]
            elif front.get("code") != ident:
                self._lost(origin, "otherIdentifier", f"{kind or 'identifier'} {_shown(ident)}")

    def _endorsements(
        self, value: Any, front: dict[str, Any], origin: str, url: str | None
    ) -> None:
        """Each endorsement's issuer becomes a partner with the role endorser; the
        endorsement's comment is reported (the model has no place for it)."""
        partners: list[dict[str, str]] = []
        items = _as_list(value)
        named = {str(i.get("id") if isinstance(i, dict) else i) for i in items}
        items += [e for e in self.endorsed.get(url or "", []) if str(e.get("id")) not in named]
        for item in items:
            try:
                endorsement = self._resolve(item, "endorsement")
            except ImportProblem as exc:
                self._lost(origin, "endorsement", str(exc))
                continue
            if not isinstance(endorsement, dict):
                continue
            try:
                ident = self._issuer(endorsement.get("issuer"), origin, endorser=True)
            except ImportProblem as exc:
                self._lost(origin, "endorsement", f"its issuer: {exc}")
                continue
            if ident != front.get("issuer") and all(p["issuer"] != ident for p in partners):
                partners.append({"issuer": ident, "role": "endorser"})
            claim = endorsement.get("credentialSubject") or endorsement.get("claim")
            comment = _text(claim.get("endorsementComment")) if isinstance(claim, dict) else ""
            if comment:
                self._lost(origin, "endorsement.endorsementComment", _shown(comment))
        if partners:
            front["partners"] = partners[:20]

    def _partners(self, front: dict[str, Any], origin: str) -> None:
        """Partners that credcat's own documents name (an Open Badges 3.0 alignment to the
        partner's Profile, or the 2.0 partners extension), beside the endorsers found so far;
        one with a Profile that cannot be had is left out with an ``import.partner`` warning."""
        found: list[dict[str, str]] = list(front.get("partners", []))
        for role, value in front.pop("_partners", []):
            try:
                ident = self._issuer(value, origin, endorser=True)
            except ImportProblem as exc:
                reason = str(exc).split("; pass --issuer", 1)[0]
                self.report.warning(
                    Location(path=origin),
                    "import.partner",
                    f"the {role} {_shown(value)} is not imported: {reason}",
                    "add it to partners by hand, with an issuer file",
                )
                continue
            partner = {"issuer": ident, "role": role}
            if ident != front.get("issuer") and partner not in found:
                found.append(partner)
        if found:
            front["partners"] = found[:20]

    def _lost(self, origin: str, name: str, detail: str) -> None:
        self.report.warning(Location(path=origin), "import.lost", f"not imported: {name}: {detail}")

    def _report_lost(
        self, doc: dict[str, Any], front: dict[str, Any], origin: str, known: set[str]
    ) -> None:
        """Every top-level field the import has no place for, by name."""
        lost = sorted(str(k) for k in doc if k not in known)
        related = [r for r in _as_list(doc.get("related")) if isinstance(r, dict)]
        others = [r for r in related if not _ours(r, self.base_url)]
        if others:
            lost.append(f"related ({len(others)} related document(s))")
        if lost:
            self.report.warning(
                Location(path=origin),
                "import.lost",
                f"not imported: {', '.join(lost)}: credcat has no field for "
                f"{'them' if len(lost) > 1 else 'it'}",
                "add what matters to the credential's text by hand",
            )

    def _source(self, url: str | None, front: dict[str, Any]) -> None:
        """Record where the definition lived before, unless that is this catalog itself."""
        ours = bool(self.base_url) and bool(url) and str(url).startswith(self.base_url)
        if url and url.startswith(("http://", "https://")) and not ours:
            front["source_url"] = url

    def _ident(self, url: str | None, name: str) -> str:
        return (slug_from_url(url) if url else None) or suggest_id(name)

    def _criteria(self, criteria: Any) -> tuple[str, str | None]:
        """The criteria text (a narrative, with a link to the criteria page when the source
        has both) and the criteria URL."""
        if isinstance(criteria, str) and criteria.startswith(("http://", "https://")):
            return f"See the criteria at <{criteria}>.", criteria
        if isinstance(criteria, str) and criteria.strip():
            return criteria.strip()[:20000], None
        if isinstance(criteria, dict):
            raw = criteria.get("narrative")
            narrative = raw if isinstance(raw, str) and raw.strip() else _text(raw)
            url = criteria.get("id") if isinstance(criteria.get("id"), str) else None
            url = url if url and url.startswith(("http://", "https://")) else None
            if narrative and url and url not in narrative and not self._our_page(url):
                return f"{narrative.strip()}\n\nSee the criteria at <{url}>.", url
            if narrative:
                return narrative[:20000], url
            if url:
                return f"See the criteria at <{url}>.", url
        raise ImportProblem("no criteria (neither a narrative nor a URL)")

    def _our_page(self, url: str) -> bool:
        return bool(self.base_url) and url.startswith(self.base_url)

    def _issuer(self, value: Any, origin: str, *, endorser: bool = False) -> str:
        if self.options.issuer and not endorser:
            return self.options.issuer
        if value is None:
            raise ImportProblem(
                "no issuer (neither the class nor the credential names one); pass --issuer ID"
            )
        named = value.get("id") if isinstance(value, dict) else value
        if isinstance(named, str) and named in self.options.issuer_map:
            return self.options.issuer_map[named]
        try:
            profile = self._resolve(value, "issuer")
        except ImportProblem as exc:
            if endorser:
                raise
            raise UnresolvedIssuer(str(named), str(exc)) from None
        if not isinstance(profile, dict):
            raise ImportProblem(
                f"the issuer {_shown(value)} is not a JSON object (a Profile); "
                "pass --issuer ID to use an existing issuer"
            )
        name = _text(profile.get("name"))
        if not name and isinstance(named, str) and not endorser:
            raise UnresolvedIssuer(named, f"Profile {named} has no name")
        if not name:
            raise ImportProblem("the issuer Profile has no name; pass --issuer ID")
        pid = profile.get("id") if isinstance(profile.get("id"), str) else None
        ident = (slug_from_url(pid) if pid else None) or suggest_id(name)
        if pid in self.issuer_ids:
            return self.issuer_ids[pid]
        data: dict[str, Any] = {"name": name[:200]}
        for key in ("url", "email", "description"):
            if _text(profile.get(key)):
                data[key] = _text(profile.get(key))
        if "url" not in data and _text(profile.get("origin")):  # Open Badges 0.5
            data["url"] = _text(profile["origin"])
        if "email" not in data and _text(profile.get("contact")):
            data["email"] = _text(profile["contact"])
        verification = profile.get("verification")
        if isinstance(verification, dict):
            policy = {
                target: [v for v in _as_list(verification.get(source)) if isinstance(v, str)]
                for source, target in (
                    ("allowedOrigins", "allowed_origins"),
                    ("startsWith", "starts_with"),
                )
            }
            if policy := {k: v for k, v in policy.items() if v}:
                data["verification"] = policy
        data.update(_profile_details(profile))
        ident = self._issuer_id(ident, pid, data)
        if ident not in self.issuers:
            self._issuer_image(profile.get("image"), ident, data, origin)
            self._issuer_lost(profile, data, origin)
        missing = [k for k in ("url", "email") if k not in data]
        if missing and not (self.root / "issuers" / f"{ident}.yaml").exists():
            if endorser:
                raise ImportProblem(f"'{name}' has no {' or '.join(missing)}")
            raise UnresolvedIssuer(
                pid or name,
                f"'{name}' has no {' or '.join(missing)} (an issuer file needs a url and an email)",
                f"create issuers/{ident}.yaml (name, url, email) and import again, or pass "
                f"--issuer {pid or name}=ID to use another issuer of the catalog",
            )
        self.issuers.setdefault(ident, data)
        if pid:
            self.issuer_ids[pid] = ident
        return ident

    def _issuer_id(self, ident: str, pid: str | None, data: dict[str, Any]) -> str:
        """The id of a new issuer: its URL tail or name, made distinct from another issuer of
        the same import that has the same tail (``/issuers/1.json`` of two platforms)."""
        taken = self.issuers.get(ident)
        if taken is None or taken.get("name") == data["name"]:
            return ident
        alternative = suggest_id(data["name"])
        number = 2
        while alternative in self.issuers and self.issuers[alternative]["name"] != data["name"]:
            alternative = f"{suggest_id(data['name'])}-{number}"
            number += 1
        return alternative

    def _issuer_lost(self, profile: dict[str, Any], data: dict[str, Any], origin: str) -> None:
        """Report what of an issuer Profile its issuer file cannot hold."""
        lost = []
        phone = _text(profile.get("phone")) or _text(profile.get("telephone"))
        if phone:
            lost.append(f"phone {phone}")
        address = profile.get("address")
        if isinstance(address, dict):
            parts = [
                k
                for k in ("streetAddress", "addressLocality", "postalCode", "postOfficeBoxNumber")
                if _text(address.get(k))
            ]
            if parts:
                lost.append(f"address ({', '.join(parts)}; country and region are kept)")
        if profile.get("endorsement"):
            lost.append("endorsement (of the issuer)")
        image = profile.get("image")
        caption = _text(image.get("caption")) if isinstance(image, dict) else ""
        if caption and caption != data["name"]:
            lost.append(f"image caption {_shown(caption)}")
        for key in ("official", "publicKey", "revocationList"):
            if profile.get(key):
                lost.append(key)
        lost += sorted(str(k) for k in profile if k not in PROFILE_FIELDS)
        if lost:
            self._lost(origin, f"issuer {data['name']}", "; ".join(lost))

    def _issuer_image(self, value: Any, ident: str, data: dict[str, Any], origin: str) -> None:
        """The logo of an issuer Profile (2.0: a URL; 3.0: an Image), when it can be had."""
        if isinstance(value, dict):
            value = value.get("id")
        if not isinstance(value, str) or not value:
            return
        try:
            logo = self._image_bytes(value)
        except ImportProblem as exc:
            self.report.warning(Location(path=origin), "import.image", f"issuer logo: {exc}")
            return
        ext = ""
        if logo.startswith(PNG_SIGNATURE):
            ext = "png" if png_problem(logo) is None else ""
        else:
            cleaned = check_svg(logo)
            if cleaned.data is not None:  # imported logos are cleaned, like badge images
                logo, ext = cleaned.data, "svg"
        if not ext:
            self.report.warning(
                Location(path=origin), "import.image", "issuer logo: not a usable PNG or SVG"
            )
        else:
            path = f"images/logo-{ident}.{ext}"
            self.issuer_images[ident] = (path, logo)
            data["image"] = path

    def _image(self, value: Any, draft: Draft) -> None:
        if isinstance(value, dict):
            value = value.get("id")
        if not isinstance(value, str) or not value:
            self.report.warning(
                Location(path=draft.origin), "import.image", "no image; the default badge is used"
            )
            return
        try:
            data = self._image_bytes(value)
        except ImportProblem as exc:
            self.report.warning(
                Location(path=draft.origin),
                "import.image",
                f"image: {exc}; the default badge is used",
            )
            return
        where = Location(path=draft.origin)
        if data.startswith(PNG_SIGNATURE):
            ext = "png"
            problem = png_problem(data)
            if problem:
                self.report.warning(
                    where,
                    "import.image",
                    f"the image is refused ({problem}); the default badge is used",
                )
                return
        else:
            result = check_svg(data)
            if result.data is None:
                kind = "an SVG that cannot be used" if data.lstrip()[:1] == b"<" else sniff(data)
                self.report.warning(
                    where,
                    "import.image",
                    f"the image is neither a PNG nor a usable SVG ({kind}); the default badge "
                    "is used",
                )
                return
            if result.problems:
                removed = "; ".join(f"line {p.line}: {p.message}" for p in result.problems[:3]) + (
                    f"; and {len(result.problems) - 3} more" if len(result.problems) > 3 else ""
                )
                self.report.warning(
                    where,
                    "import.image-cleaned",
                    f"removed from the SVG what a badge may not hold: {removed}",
                    hint="check that the badge still looks right",
                )
            ext, data = "svg", result.data
        path = f"images/{draft.ident}.{ext}"
        draft.images[path] = data
        draft.front["image"] = path

    def _image_bytes(self, value: str) -> bytes:
        if value.startswith("data:"):
            header, _, payload = value.partition(",")
            try:
                if header.endswith(";base64"):
                    return base64.b64decode(payload, validate=True)
                return unquote(payload).encode("utf-8")
            except (binascii.Error, ValueError):
                raise ImportProblem("the data: URL of the image is not valid base64") from None
        return self.fetch(value)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


# --- writing ---------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)

FIELD_ORDER = [
    "title",
    "summary",
    "issuer",
    "type",
    "status",
    "version",
    "code",
    "image",
    "field_of_study",
    "criteria",
    "learning_outcomes",
    "skills",
    "level",
    "credits",
    "workload_hours",
    "duration",
    "cost",
    "participation",
    "languages",
    "assessment",
    "quality_assurance",
    "prerequisites",
    "entry_requirements",
    "stacks_into",
    "components",
    "url",
    "tags",
    "valid_for",
    "published",
    "updated",
    "source_url",
]


def credential_text(draft: Draft, modeline: str = "") -> str:
    """The credential file for a draft: front matter in the usual field order, then body.

    ``modeline`` is the ``# yaml-language-server`` comment naming the schema, if any."""
    ordered = {k: draft.front[k] for k in FIELD_ORDER if k in draft.front}
    ordered.update({k: v for k, v in draft.front.items() if k not in ordered})
    front = yaml.dump(ordered, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    body = draft.body.strip()
    return f"---\n{modeline}{front}---\n" + (f"{body}\n" if body else "")


def _check(draft: Draft) -> list[str]:
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(
        load_schema("credential"), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    problems = []
    for error in sorted(validator.iter_errors(draft.front), key=lambda e: list(e.path)):
        where = ".".join(str(p) for p in error.absolute_path) or "the credential"
        problems.append(f"{where}: {error.message}")
    if not ID_PATTERN.match(draft.ident) or len(draft.ident) > 80:
        problems.append(f"'{draft.ident}' is not a valid id")
    return problems


def import_sources(
    root: Path, sources: list[str], options: ImportOptions, report: Report
) -> list[str]:
    """Import every source into the catalog at ``root``; return what was (or would be) written."""
    if not options.list_separator:
        report.error(
            Location(path="--list-separator"),
            "import.options",
            "the list separator must not be empty",
            "pass a character such as '|' or ';' (the default is '|')",
        )
        return []
    importer = _Importer(root, options, report)
    drafts = _distinct(_drafts_from(importer, sources, report), report)
    _link_components(drafts, report)
    _drop_unlinked(drafts, report)
    _link_references(drafts, root, report)
    written: list[str] = []
    verb = "would write" if options.dry_run else "wrote"
    seen: set[str] = set()
    schema_dir = schema_dir_for(root)
    for draft in drafts:
        loc = draft.where or Location(path=draft.origin)
        problems = _check(draft)
        issuer = draft.front.get("issuer")
        named = [issuer, *(p["issuer"] for p in draft.front.get("partners", []))]
        for ident in named:
            known = ident in importer.issuers or (root / "issuers" / f"{ident}.yaml").exists()
            if isinstance(ident, str) and not known:
                problems.append(f"unknown issuer '{ident}' (no issuers/{ident}.yaml)")
        if problems:
            for problem in problems:
                report.error(loc, "import.invalid", f"not imported: {problem}")
            continue
        if draft.ident in seen:
            report.error(loc, "import.duplicate", f"id '{draft.ident}' comes twice in this import")
            continue
        seen.add(draft.ident)
        target = root / "credentials" / f"{draft.ident}.md"
        if target.exists() and not options.overwrite:
            report.warning(
                loc,
                "import.exists",
                f"skipped: {display_path(target)} exists",
                "pass --overwrite to replace it",
            )
            continue
        line = modeline(target, schema_dir, "credential") if schema_dir else ""
        files: dict[Path, bytes] = {target: credential_text(draft, line).encode("utf-8")}
        for ident in named:
            files.update(_issuer_files(importer, str(ident), schema_dir))
        for rel, data in draft.images.items():
            path = root / rel
            if not path.exists() or options.overwrite:
                files[path] = data
        refused = []
        for path in files:
            try:
                check_writable(root, path)
            except FileProblem as exc:
                refused.append(path)
                report.error(
                    Location(path=display_path(path)), "path.outside", f"not written: it {exc}"
                )
        if refused:
            continue  # none of this credential's files, so no half-imported credential
        for path, data in files.items():
            if not options.dry_run:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            written.append(f"{verb} {display_path(path)}")
    return written


def _issuer_files(importer: _Importer, ident: str, schema_dir: Path | None) -> dict[Path, bytes]:
    """The issuer file (and logo) of an issuer this import found, unless the catalog has it."""
    root = importer.root
    issuer_path = root / "issuers" / f"{ident}.yaml"
    if ident not in importer.issuers or issuer_path.exists():
        return {}
    text = yaml.dump(importer.issuers[ident], Dumper=_Dumper, sort_keys=False, allow_unicode=True)
    line = modeline(issuer_path, schema_dir, "issuer") if schema_dir else ""
    files = {issuer_path: f"{line}{text}".encode()}
    if ident in importer.issuer_images:
        rel, logo = importer.issuer_images[ident]
        if not (root / rel).exists() or importer.options.overwrite:
            files[root / rel] = logo
    return files


def _distinct(drafts: list[Draft], report: Report) -> list[Draft]:
    """One draft per document (an export holds a BadgeClass and every Assertion of it), the
    newest of several versions of one definition, and distinct ids where documents of several
    issuers derive the same one from their URLs or names ("teamwork" from four platforms):
    each becomes ``<issuer>-<id>``, with a warning."""
    kept: list[Draft] = []
    urls: set[str] = set()
    for draft in drafts:
        if draft.url and draft.url in urls:
            continue
        if draft.url:
            urls.add(draft.url)
        kept.append(draft)
    groups: dict[str, list[Draft]] = {}
    for draft in kept:
        groups.setdefault(draft.ident, []).append(draft)
    older = {id(d) for group in groups.values() for d in _older_versions(group, report)}
    kept = [d for d in kept if id(d) not in older]
    groups = {k: [d for d in g if id(d) not in older] for k, g in groups.items()}
    taken = set(groups)
    for ident, group in groups.items():
        derived = [d for d in group if d.derived_id]
        if len(group) < 2 or not derived:
            continue
        origins = ", ".join(d.origin for d in group[:4]) + (" ..." if len(group) > 4 else "")
        several = len({d.front.get("issuer") for d in group}) > 1
        for number, draft in enumerate(derived, 1):
            candidate = f"{draft.front.get('issuer')}-{ident}" if several else f"{ident}-{number}"
            while candidate in taken:
                number += len(group)
                candidate = f"{ident}-{number}"
            taken.add(candidate)
            _rename(draft, candidate[:80].strip("-"))
            report.warning(
                Location(path=draft.origin),
                "import.id",
                f"{len(group)} documents give the id '{ident}' ({origins}): this one is "
                f"imported as '{draft.ident}'",
                "rename the file now if you prefer another id: an id is permanent once "
                "published (credcat lock)",
            )
    return kept


def _older_versions(group: list[Draft], report: Report) -> list[Draft]:
    """Documents of one issuer that give one id and either state different versions or have
    one title are one definition (credcat publishes each version at ``<id>/v<version>.json``,
    the newest also at ``<id>.json``, and keeps copies under earlier ids): all but the newest,
    which takes their URLs as its own (``Draft.also``)."""
    older: list[Draft] = []
    by_issuer: dict[str, list[Draft]] = {}
    for draft in group:
        if draft.derived_id:
            by_issuer.setdefault(str(draft.front.get("issuer")), []).append(draft)
    for same in by_issuer.values():
        versions = {d.front.get("version") for d in same}
        if len(same) < 2 or (len(versions) < 2 and len({d.front["title"] for d in same}) > 1):
            continue
        newest = max(same, key=_recency)
        for draft in same:
            if draft is newest:
                continue
            older.append(draft)
            newest.also += [u for u in (draft.url, *draft.also) if u]
            mine, theirs = draft.front.get("version"), newest.front.get("version")
            what = f"version {mine} of" if mine != theirs else "a copy of"
            report.warning(
                Location(path=draft.origin),
                "import.version",
                f"{what} '{newest.ident}': only one document of a definition is imported, "
                f"the newest ({newest.origin}{f', version {theirs}' if theirs else ''})",
                "earlier versions are kept by credcat itself once the newest is published; "
                "note what changed under changes: if it matters",
            )
    return older


def _recency(draft: Draft) -> tuple[tuple[int, ...], bool]:
    """Newer version first; of one version, the document at the plain URL rather than at a
    version's own (``/v1.0.json``)."""
    version = str(draft.front.get("version", "0"))
    archived = bool(re.search(r"/v[0-9.]+\.json$", draft.url or ""))
    return tuple(int(p) for p in version.split(".")), not archived


def _rename(draft: Draft, ident: str) -> None:
    """Give a draft another id, and its image the matching file name."""
    images = {}
    for rel, data in draft.images.items():
        new = f"images/{ident}{Path(rel).suffix}"
        images[new] = data
        if draft.front.get("image") == rel:
            draft.front["image"] = new
    draft.images = images
    draft.ident = ident


def _drop_unlinked(drafts: list[Draft], report: Report) -> None:
    """Alignments to a credential that is not in this import are reported and left out (a
    credential is not a skill)."""
    for draft in drafts:
        skills = draft.front.get("skills", [])
        for skill in [s for s in skills if s.get("_credential")]:
            report.warning(
                Location(path=draft.origin),
                "import.lost",
                f"not imported: alignment to the credential '{skill['name']}' ({skill['url']}): "
                "it is not in this import",
                "import that credential too, to make it a component or prerequisite",
            )
        kept = [s for s in skills if not s.get("_credential")]
        if kept:
            draft.front["skills"] = kept
        else:
            draft.front.pop("skills", None)


def _link_components(drafts: list[Draft], report: Report) -> None:
    """Alignments to another badge of the same import are stack components, not skills.

    credcat publishes a stack's components as alignments of its BadgeClass or Achievement
    to theirs; importing both brings the stack back (as a list of required components).
    Open Badges has no place for a choice among components ("any 1 of these"): when the
    components' credits add up to more than the stack's own, the list would require more than
    the stack does, so it is left out (with a warning) and the stack keeps its credits.
    """
    by_url = {url: d for d in drafts for url in (d.url, *d.also) if url}
    for draft in drafts:
        skills = draft.front.get("skills", [])
        parts = [by_url[s["url"]] for s in skills if s["url"] in by_url]
        if not parts:
            continue
        kept = [s for s in skills if s["url"] not in by_url]
        if kept:
            draft.front["skills"] = kept
        else:
            del draft.front["skills"]
        credits = draft.front.get("credits")
        found = [p.front.get("credits") for p in parts]
        if credits and all(c and c["system"] == credits["system"] for c in found):
            total = sum(c["value"] for c in found if c)
            if total > credits["value"] + 0.001:
                report.warning(
                    Location(path=draft.origin),
                    "import.components",
                    f"its components add up to {total:g} {credits['system']} credits, more "
                    f"than its own {credits['value']:g}: a choice among them is not in Open "
                    "Badges, so components are left out",
                    "write components (with at_least or credits groups) by hand",
                )
                continue
        draft.front["components"] = list(dict.fromkeys(p.ident for p in parts))


def _profile_details(profile: dict[str, Any]) -> dict[str, Any]:
    """Issuer fields an Open Badges 3.0 Profile adds: address, identifiers, parent."""
    found: dict[str, Any] = {}
    address = profile.get("address")
    if isinstance(address, dict):
        country = _text(address.get("addressCountryCode")) or _text(address.get("addressCountry"))
        if re.fullmatch(r"[A-Z]{2}", country):
            found["country"] = country
            if _text(address.get("addressRegion")):
                found["region"] = _text(address["addressRegion"])
    identifiers = [
        {"scheme": i["identifierType"].removeprefix("ext:"), "value": i["identifier"]}
        for i in _as_list(profile.get("otherIdentifier"))
        if isinstance(i, dict)
        and isinstance(i.get("identifier"), str)
        and re.fullmatch(r"ext:[A-Za-z0-9._-]+", str(i.get("identifierType")))
    ]
    if identifiers:
        found["identifiers"] = identifiers
    parent = profile.get("parentOrg")
    if (
        isinstance(parent, dict)
        and _text(parent.get("name"))
        and isinstance(parent.get("url"), str)
    ):
        found["parent_organization"] = {"name": _text(parent["name"]), "url": parent["url"]}
    return found


def _link_references(drafts: list[Draft], root: Path, report: Report) -> None:
    """Prerequisites and recommended credentials, named by their documents' URLs, become ids:
    of a document of the same import, or of a credential the catalog already has."""
    by_url = {url: d.ident for d in drafts for url in (d.url, *d.also) if url}
    for draft in drafts:
        for name, targets in draft.links.items():
            found: list[str] = []
            for url in targets:
                ident = by_url.get(url) or slug_from_url(url)
                known = url in by_url or (root / "credentials" / f"{ident}.md").exists()
                if ident and known:
                    found.append(ident)
                else:
                    report.warning(
                        Location(path=draft.origin),
                        "import.reference",
                        f"{name}: {url} is neither in this import nor in the catalog; left out",
                        "import that credential too, or add it by hand",
                    )
            if found:
                draft.front[name] = list(dict.fromkeys(found))


_ISO_UNITS = {"H": "hour", "D": "day", "W": "week", "M": "month", "Y": "year"}


def _duration_text(iso: str) -> str | None:
    """``P6W`` -> ``6 weeks`` (the inverse of ``Duration.iso``); None for other forms."""
    match = re.fullmatch(r"P(?:T(\d+)H|(\d+)([DWMY]))", iso)
    if match is None:
        return None
    value, unit = (match.group(1), "H") if match.group(1) else (match.group(2), match.group(3))
    return f"{value} {_ISO_UNITS[unit]}{'s' if value != '1' else ''}"


def _level(alignment: dict[str, Any]) -> str | int:
    code = _text(alignment.get("targetCode"))
    return int(code) if code.isdigit() else code


def _from_extensions(
    found: dict[str, dict[str, Any]], front: dict[str, Any]
) -> dict[str, list[str]]:
    """Source fields from credcat's Open Badges 2.0 extensions (render_extensions.EXTENSIONS);
    returns the URLs of prerequisites, to be resolved to ids."""
    level = found.get("level", {})
    if "levelFramework" in level and "level" in level:
        value = str(level["level"])
        front["level"] = {
            "framework": level["levelFramework"],
            "value": int(value) if value.isdigit() else value,
        }
    credits = found.get("credits", {})
    if isinstance(credits.get("credits"), (int, float)) and "creditSystem" in credits:
        front["credits"] = {"value": whole(credits["credits"]), "system": credits["creditSystem"]}
    workload = found.get("workload", {})
    if isinstance(workload.get("workloadHours"), (int, float)):
        front["workload_hours"] = whole(workload["workloadHours"])
    if isinstance(workload.get("duration"), str) and (text := _duration_text(workload["duration"])):
        front["duration"] = text
    outcomes = found.get("learning-outcomes", {}).get("learningOutcomes")
    if isinstance(outcomes, list) and outcomes:
        front["learning_outcomes"] = [str(o) for o in outcomes]
    assessment = found.get("assessment", {})
    if "assessmentMethod" in assessment:
        front["assessment"] = {"method": assessment["assessmentMethod"]}
        for source, target in (
            ("assessmentSupervised", "supervised"),
            ("identityVerified", "identity_verified"),
        ):
            if isinstance(assessment.get(source), bool):
                front["assessment"][target] = assessment[source]
    if "participation" in found.get("participation", {}):
        front["participation"] = found["participation"]["participation"]
    qa = found.get("quality-assurance", {})
    if "qualityAssuranceType" in qa:
        front["quality_assurance"] = {"type": qa["qualityAssuranceType"]}
        for source, target in (("qualityAssuranceBody", "body"), ("qualityAssuranceUrl", "url")):
            if source in qa:
                front["quality_assurance"][target] = qa[source]
    prerequisites = found.get("prerequisites", {})
    if "entryRequirements" in prerequisites:
        front["entry_requirements"] = prerequisites["entryRequirements"]
    for source, target in (
        ("fieldOfStudy", "field_of_study"),
        ("specialization", "specialization"),
        ("courseCode", "code"),
    ):
        if source in found.get("field-of-study", {}):
            front[target] = found["field-of-study"][source]
    badges = prerequisites.get("prerequisiteBadges")
    return (
        {"prerequisites": [str(b) for b in badges]} if isinstance(badges, list) and badges else {}
    )


def _drafts_from(importer: _Importer, sources: list[str], report: Report) -> list[Draft]:
    """Every draft of the sources: all JSON documents are read (and indexed by id) first, so
    that issuers, BadgeClasses and endorsements named by URL are found among them offline."""
    items: list[Document | Path] = []
    for source in sources:
        if source.startswith(("http://", "https://")):
            try:
                items.append(Document(source, importer.fetch_json(source)))
            except ImportProblem as exc:
                report.error(Location(path=source), "import.failed", str(exc))
            continue
        documents, spreadsheets = read_inputs([source], report)
        items += [d for document in documents for d in _unpacked(document)]
        items += spreadsheets
    for item in items:
        if isinstance(item, Document):
            importer.index.add(item.data)
            if kind_of(item.data) is Kind.ENDORSEMENT:
                claim = item.data.get("credentialSubject") or item.data.get("claim")
                subject = _id(claim) if isinstance(claim, dict) else None
                if subject:
                    importer.endorsed.setdefault(subject, []).append(item.data)
    drafts: list[Draft] = []
    unresolved: dict[str, tuple[UnresolvedIssuer, list[str]]] = {}
    # Classes before awards: an export holds a BadgeClass and the Assertions of it, and the
    # credential (and its messages) should come from the class's own file.
    awards = [i for i in items if isinstance(i, Document) and kind_of(i.data) is Kind.AWARD]
    done: set[str] = set()
    failed: dict[str, str] = {}
    """Id of a class that could not be imported -> the document that defines it."""
    for item in [i for i in items if i not in awards] + awards:
        if isinstance(item, Path):
            drafts += _csv_drafts(importer, item, report)
            continue
        if kind_of(item.data) in (Kind.PROFILE, Kind.ENDORSEMENT):
            continue  # used by the documents that name them
        named = _class_id(item.data)
        if named and (named in done or (named in failed and not _embeds_class(item.data))):
            continue  # an award of a class this import has already read
        loc = Location(path=item.origin)
        try:
            drafts.append(importer.from_json(item.data, item.origin))
        except UnresolvedIssuer as exc:
            unresolved.setdefault(exc.url, (exc, []))[1].append(item.origin)
        except Unsupported as exc:
            report.error(loc, "import.unsupported", str(exc))
        except ImportProblem as exc:
            report.error(loc, "import.failed", str(exc))
        else:
            if named and named in failed:  # an award carried what its class's file lacked
                for _, origins in unresolved.values():
                    if failed[named] in origins:
                        origins.remove(failed[named])
            if named:
                done.add(named)
            continue
        if named:
            failed.setdefault(named, item.origin)
    unresolved = {url: entry for url, entry in unresolved.items() if entry[1]}
    for problem, origins in unresolved.values():
        more = f" and {len(origins) - 3} more" if len(origins) > 3 else ""
        shown = ", ".join(origins[:3]) + more
        report.error(
            Location(path=origins[0]),
            "import.issuer",
            f"the issuer {problem.reason}; {len(origins)} document(s) naming it not "
            f"imported: {shown}",
            problem.hint,
        )
    return drafts


def _unpacked(document: Document) -> list[Document]:
    """A CLR 2.0 ClrCredential as the documents it holds: its OpenBadgeCredentials, and its
    Achievements as credentials of the CLR's issuer (used when one has no ``creator``)."""
    data = document.data
    if not isinstance(data, dict) or "ClrCredential" not in types_of(data):
        return [document]
    subject = data.get("credentialSubject")
    subject = subject if isinstance(subject, dict) else {}
    held = [
        Document(f"{document.origin}[verifiableCredential:{n}]", vc)
        for n, vc in enumerate(_as_list(subject.get("verifiableCredential")), 1)
        if isinstance(vc, dict)
    ]
    held += [
        Document(
            f"{document.origin}[achievement:{n}]",
            {
                "type": ["OpenBadgeCredential"],
                "issuer": data.get("issuer"),
                "credentialSubject": {"achievement": achievement},
            },
        )
        for n, achievement in enumerate(_as_list(subject.get("achievement")), 1)
        if isinstance(achievement, dict)
    ]
    return held or [document]


def _embeds_class(doc: dict[str, Any]) -> bool:
    """Whether an award carries its class (not only its URL)."""
    subject = doc.get("credentialSubject")
    if isinstance(subject, list):
        subject = next((s for s in subject if isinstance(s, dict)), None)
    value = subject.get("achievement") if isinstance(subject, dict) else doc.get("badge")
    return isinstance(value, dict) and len(value) > 2


def _class_id(doc: Any) -> str | None:
    """The id of the class a document defines or awards, if it names one."""
    if not isinstance(doc, dict):
        return None
    kind = kind_of(doc)
    if kind is Kind.CLASS:
        return _id(doc)
    if kind is not Kind.AWARD:
        return None
    subject = doc.get("credentialSubject")
    if isinstance(subject, list):
        subject = next((s for s in subject if isinstance(s, dict)), None)
    value = subject.get("achievement") if isinstance(subject, dict) else doc.get("badge")
    if isinstance(value, dict):
        return _id(value)
    return value if isinstance(value, str) and value else None


def _csv_drafts(importer: _Importer, path: Path, report: Report) -> list[Draft]:
    loc = Location(path=display_path(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        report.error(loc, "import.failed", f"cannot read: {exc}")
        return []
    options = importer.options
    rows = read_csv(
        loc.path,
        text,
        CsvOptions(
            header_map=options.header_map,
            list_separator=options.list_separator,
            issuer=options.issuer,
            root=importer.root,
            issuers=frozenset(importer.issuers),
        ),
        report,
    )
    return [
        Draft(
            ident=row.ident,
            front=row.front,
            body=row.body,
            origin=f"{row.where.path}:{row.where.line}",
            where=row.where,
        )
        for row in rows
    ]
