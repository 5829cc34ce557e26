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
import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from credcat.diagnostics import Location, Report
from credcat.fetch import FetchError, fetch
from credcat.files import FileProblem, check_writable
from credcat.images import PNG_SIGNATURE, png_problem, sniff
from credcat.render_badges import PARTNER_TARGET_TYPES, PREREQUISITE_NOTE, RECOMMENDED_NOTE
from credcat.render_extensions import PARTNER_FIELDS, read_extensions
from credcat.scaffold import modeline, schema_dir_for
from credcat.schema import load_schema
from credcat.sources import ID_PATTERN, display_path, suggest_id
from credcat.svg import check_svg

MAX_DOWNLOAD = 5 * 1024 * 1024
"""Largest JSON document or image fetched from a URL."""
LIST_SEPARATOR = "|"
"""Separator of several values in one CSV cell (learning outcomes, tags, languages, ...)."""
CSV_SCALARS = [
    "id",
    "title",
    "summary",
    "issuer",
    "type",
    "status",
    "version",
    "image",
    "criteria",
    "workload_hours",
    "duration",
    "participation",
    "url",
    "code",
    "field_of_study",
    "published",
    "updated",
    "entry_requirements",
    "valid_for",
    "source_url",
    "body",
]
CSV_LISTS = ["learning_outcomes", "tags", "languages", "prerequisites", "stacks_into", "components"]
CSV_COMPOUND = {
    "level_framework": ("level", "framework"),
    "level_value": ("level", "value"),
    "credits_value": ("credits", "value"),
    "credits_system": ("credits", "system"),
    "cost_amount": ("cost", "amount"),
    "cost_currency": ("cost", "currency"),
    "cost_note": ("cost", "note"),
    "assessment_method": ("assessment", "method"),
    "assessment_supervised": ("assessment", "supervised"),
    "assessment_identity_verified": ("assessment", "identity_verified"),
    "qa_type": ("quality_assurance", "type"),
    "qa_body": ("quality_assurance", "body"),
    "qa_url": ("quality_assurance", "url"),
}
CSV_SKILLS = {
    "skill_names": "name",
    "skill_urls": "url",
    "skill_frameworks": "framework",
    "skill_codes": "code",
}
CSV_COLUMNS = (*CSV_SCALARS, *CSV_LISTS, *CSV_COMPOUND, *CSV_SKILLS)
_NUMBERS = {"workload_hours", "credits_value", "cost_amount"}
_BOOLEANS = {"assessment_supervised", "assessment_identity_verified"}

Fetch = Callable[[str], bytes]

PARTNER_ROLES = {target: role.value for role, target in PARTNER_TARGET_TYPES.items()}
"""An Open Badges 3.0 Alignment's ``targetType`` for a partner -> its role."""


class ImportProblem(Exception):
    """A document or row that cannot be imported; the message says why."""


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


@dataclass(slots=True)
class ImportOptions:
    """What the user asked for."""

    issuer: str | None = None
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


def _types(doc: dict[str, Any]) -> set[str]:
    value = doc.get("type", [])
    if isinstance(value, str):
        return {value}
    return {v for v in value if isinstance(v, str)} if isinstance(value, list) else set()


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


def _slug_from_url(url: str) -> str | None:
    last = PurePosixPath(unquote(urlsplit(url).path)).name
    stem = last.rsplit(".", 1)[0] if "." in last else last
    return stem if stem and ID_PATTERN.match(stem) else None


def _summary(description: str) -> tuple[str, str]:
    """First sentence (at most 300 characters) and the rest of a description."""
    text = " ".join(description.split())
    match = re.match(r"(.{20,300}?[.!?])(\s|$)", text)
    first = match.group(1) if match else text[:297] + ("..." if len(text) > 297 else "")
    rest = description.strip() if len(text) > len(first) else ""
    return first, rest


class _Importer:
    def __init__(self, root: Path, options: ImportOptions, report: Report) -> None:
        self.root = root
        self.options = options
        self.report = report
        self.fetch = options.fetch or fetch_url
        self.issuers: dict[str, dict[str, Any]] = {}
        self.issuer_images: dict[str, tuple[str, bytes]] = {}
        """Issuer id -> (catalog-relative path, bytes) of its logo."""
        self.base_url = ""
        try:
            catalog = yaml.safe_load((root / "catalog.yaml").read_text(encoding="utf-8"))
            self.base_url = str(catalog.get("base_url", "")) if isinstance(catalog, dict) else ""
        except (OSError, yaml.YAMLError):
            pass

    # document dispatch

    def from_json(self, doc: Any, origin: str) -> Draft:
        if not isinstance(doc, dict):
            raise ImportProblem("not a JSON object")
        types = _types(doc)
        if "BadgeClass" in types:
            return self.from_badge_class(doc, origin)
        if "Achievement" in types:
            return self.from_achievement(doc, origin)
        if types & {"AchievementCredential", "OpenBadgeCredential", "VerifiableCredential"}:
            subject = doc.get("credentialSubject") or {}
            achievement = subject.get("achievement") if isinstance(subject, dict) else None
            if isinstance(achievement, dict):
                return self.from_achievement(achievement, origin)
            raise ImportProblem("the credential has no credentialSubject.achievement")
        if "Assertion" in types and isinstance(doc.get("badge"), (str, dict)):
            badge = doc["badge"]
            return self.from_json(self._resolve(badge), origin)
        raise ImportProblem(
            f"not an Open Badges BadgeClass or Achievement (type: {', '.join(sorted(types))})"
        )

    def _resolve(self, value: Any) -> Any:
        """An embedded object, or the document at a URL."""
        if isinstance(value, dict):
            return value
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            try:
                return json.loads(self.fetch(value))
            except (json.JSONDecodeError, UnicodeDecodeError):
                raise ImportProblem(f"{value} did not return JSON") from None
            except RecursionError:
                raise ImportProblem(f"{value} returned JSON nested too deeply") from None
        raise ImportProblem(f"cannot resolve {value!r}")

    def from_badge_class(self, doc: dict[str, Any], origin: str) -> Draft:
        name = _text(doc.get("name"))
        if not name:
            raise ImportProblem("the BadgeClass has no name")
        url = doc.get("id") if isinstance(doc.get("id"), str) else None
        ident = self._ident(url, name)
        summary, body = _summary(_text(doc.get("description")) or name)
        criteria = doc.get("criteria")
        front: dict[str, Any] = {"title": name, "summary": summary}
        front["issuer"] = self._issuer(doc.get("issuer"), origin)
        front["type"] = "Badge"
        if isinstance(doc.get("version"), (str, int, float)):
            front["version"] = str(doc["version"])
        front["criteria"], criteria_url = self._criteria(criteria)
        skills = [self._skill(a) for a in _as_list(doc.get("alignment"))]
        if skills := [s for s in skills if s]:
            front["skills"] = skills
        tags = [t.strip() for t in _as_list(doc.get("tags")) if isinstance(t, str) and t.strip()]
        if tags:
            front["tags"] = list(dict.fromkeys(tags))
        extensions = read_extensions(doc)
        links = _from_extensions(extensions, front)
        named = extensions.get("partners", {})
        self._partners(
            [
                (role.value, profile)
                for role, field_name in PARTNER_FIELDS.items()
                for profile in _as_list(named.get(field_name))
                if isinstance(profile, str)
            ],
            origin,
            front,
        )
        if criteria_url:
            front["url"] = criteria_url
        self._source(url, front)
        draft = Draft(ident=ident, front=front, body=body, origin=origin, url=url, links=links)
        self._image(doc.get("image"), draft)
        return draft

    def from_achievement(self, doc: dict[str, Any], origin: str) -> Draft:
        name = _text(doc.get("name"))
        if not name:
            raise ImportProblem("the Achievement has no name")
        url = doc.get("id") if isinstance(doc.get("id"), str) else None
        ident = self._ident(url, name)
        summary, body = _summary(_text(doc.get("description")) or name)
        front: dict[str, Any] = {"title": name, "summary": summary}
        front["issuer"] = self._issuer(doc.get("creator"), origin)
        kind = doc.get("achievementType")
        if isinstance(kind, str) and kind:
            front["type"] = kind
        if isinstance(doc.get("version"), str):
            front["version"] = doc["version"]
        front["criteria"], criteria_url = self._criteria(doc.get("criteria"))
        alignments = [a for a in _as_list(doc.get("alignment")) if isinstance(a, dict)]
        links: dict[str, list[str]] = {}
        partners: list[tuple[str, Any]] = []
        credit_system = None
        for a in list(alignments):
            kind, note = a.get("targetType"), a.get("targetDescription")
            if (
                kind == "ext:Level"
                and _text(a.get("targetFramework"))
                and _text(a.get("targetCode"))
            ):
                front["level"] = {"framework": _text(a["targetFramework"]), "value": _level(a)}
            elif kind == "ext:CreditUnit" and _text(a.get("targetCode")):
                credit_system = _text(a["targetCode"])
            elif kind in PARTNER_ROLES:
                if isinstance(a.get("targetUrl"), str):
                    partners.append((PARTNER_ROLES[kind], a["targetUrl"]))
            elif note in (PREREQUISITE_NOTE, RECOMMENDED_NOTE) and isinstance(
                a.get("targetUrl"), str
            ):
                field_name = "prerequisites" if note == PREREQUISITE_NOTE else "recommended"
                links.setdefault(field_name, []).append(a["targetUrl"])
            else:
                continue
            alignments.remove(a)
        skills = [self._skill(a) for a in alignments]
        if skills := [s for s in skills if s]:
            front["skills"] = skills
        self._partners(partners, origin, front)
        if isinstance(doc.get("fieldOfStudy"), str):
            front["field_of_study"] = doc["fieldOfStudy"]
        if isinstance(doc.get("specialization"), str):
            front["specialization"] = doc["specialization"]
        if isinstance(doc.get("humanCode"), str):
            front["code"] = doc["humanCode"]
        if isinstance(doc.get("inLanguage"), str):
            front["languages"] = [doc["inLanguage"]]
        tags = [t for t in _as_list(doc.get("tag")) if isinstance(t, str) and t.strip()]
        if tags:
            front["tags"] = list(dict.fromkeys(tags))
        credits = doc.get("creditsAvailable")
        if isinstance(credits, (int, float)) and credit_system:
            front["credits"] = {"value": _whole(credits), "system": credit_system}
        elif "creditsAvailable" in doc:
            self.report.warning(
                Location(path=origin),
                "import.credits",
                f"creditsAvailable {doc['creditsAvailable']} not imported: the source does not "
                "say in which credit system",
                "add credits: {value: ..., system: ECTS|MQA|...} by hand",
            )
        if criteria_url:
            front["url"] = criteria_url
        self._source(url, front)
        draft = Draft(ident=ident, front=front, body=body, origin=origin, url=url, links=links)
        image = doc.get("image")
        self._image(image.get("id") if isinstance(image, dict) else image, draft)
        return draft

    def _source(self, url: str | None, front: dict[str, Any]) -> None:
        """Record where the definition lived before, unless that is this catalog itself."""
        ours = bool(self.base_url) and bool(url) and str(url).startswith(self.base_url)
        if url and url.startswith(("http://", "https://")) and not ours:
            front["source_url"] = url

    def _ident(self, url: str | None, name: str) -> str:
        return (_slug_from_url(url) if url else None) or suggest_id(name)

    def _criteria(self, criteria: Any) -> tuple[str, str | None]:
        if isinstance(criteria, str):
            return f"See the criteria at <{criteria}>.", criteria
        if isinstance(criteria, dict):
            raw = criteria.get("narrative")
            narrative = raw if isinstance(raw, str) and raw.strip() else _text(raw)
            url = criteria.get("id") if isinstance(criteria.get("id"), str) else None
            if narrative:
                return narrative, None
            if url:
                return f"See the criteria at <{url}>.", url
        raise ImportProblem("no criteria (neither a narrative nor a URL)")

    def _skill(self, alignment: Any) -> dict[str, Any] | None:
        if not isinstance(alignment, dict):
            return None
        name, url = _text(alignment.get("targetName")), alignment.get("targetUrl")
        if not name or not isinstance(url, str):
            return None
        skill: dict[str, Any] = {"name": name, "url": url}
        for source, target in (
            ("targetFramework", "framework"),
            ("targetCode", "code"),
            ("targetDescription", "description"),
        ):
            if _text(alignment.get(source)):
                skill[target] = _text(alignment.get(source))
        return skill

    def _issuer(self, value: Any, origin: str, *, override: bool = True) -> str:
        if override and self.options.issuer:
            return self.options.issuer
        if value is None:
            raise ImportProblem("no issuer; pass --issuer ID")
        try:
            profile = self._resolve(value)
        except ImportProblem as exc:
            raise ImportProblem(f"{exc}; pass --issuer ID to use an existing issuer") from None
        if not isinstance(profile, dict):
            raise ImportProblem(
                f"the issuer {_shown(value)} is not a JSON object (a Profile); "
                "pass --issuer ID to use an existing issuer"
            )
        name = _text(profile.get("name"))
        if not name:
            raise ImportProblem("the issuer Profile has no name; pass --issuer ID")
        pid = profile.get("id") if isinstance(profile.get("id"), str) else None
        ident = (_slug_from_url(pid) if pid else None) or suggest_id(name)
        data: dict[str, Any] = {"name": name}
        for key in ("url", "email", "description"):
            if _text(profile.get(key)):
                data[key] = _text(profile.get(key))
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
        if ident not in self.issuers:
            self._issuer_image(profile.get("image"), ident, data, origin)
        missing = [k for k in ("url", "email") if k not in data]
        if missing and not (self.root / "issuers" / f"{ident}.yaml").exists():
            raise ImportProblem(
                f"issuer '{name}' has no {' or '.join(missing)}; create issuers/{ident}.yaml "
                f"or pass --issuer ID"
            )
        self.issuers.setdefault(ident, data)
        return ident

    def _partner(self, value: Any, role: str, origin: str, awarding: str) -> dict[str, str] | None:
        """A partner named by its Profile (a URL or embedded), as a ``partners`` entry; None,
        with a warning, when its Profile cannot be had."""
        try:
            ident = self._issuer(value, origin, override=False)
        except ImportProblem as exc:
            reason = str(exc).split("; pass --issuer", 1)[0]
            self.report.warning(
                Location(path=origin),
                "import.partner",
                f"the {role} {_shown(value)} is not imported: {reason}",
                "add it to partners by hand, with an issuer file",
            )
            return None
        return None if ident == awarding else {"issuer": ident, "role": role}

    def _partners(self, named: list[tuple[str, Any]], origin: str, front: dict[str, Any]) -> None:
        """``front["partners"]`` from (role, Profile) pairs, each organisation and role once."""
        found: list[dict[str, str]] = []
        for role, value in named:
            partner = self._partner(value, role, origin, front["issuer"])
            if partner and partner not in found:
                found.append(partner)
        if found:
            front["partners"] = found

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
            self.report.warning(Location(path=draft.origin), "import.image", str(exc))
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

    # --- CSV ---

    def from_csv(self, path: Path, text: str) -> Iterator[tuple[int, Draft | ImportProblem]]:
        reader = csv.reader(io.StringIO(text))
        try:
            names = next(reader, [])
        except csv.Error as exc:
            raise ImportProblem(f"line {reader.line_num}: {_csv_message(exc)}") from None
        header = [self.options.header_map.get(h.strip(), h.strip()) for h in names]
        unknown = [h for h in header if h and h not in CSV_COLUMNS]
        if unknown:
            raise ImportProblem(
                f"unknown column(s) {', '.join(unknown)}; map them with --map 'Column=field'"
            )
        if "title" not in header:
            raise ImportProblem("the CSV has no 'title' column")
        for number, row in _rows(reader):
            if isinstance(row, ImportProblem):
                yield number, row
                return
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                yield number, ImportProblem(f"{len(row)} cells but {len(header)} columns")
                continue
            cells = {header[i]: value.strip() for i, value in enumerate(row)}
            try:
                yield number, self._row(cells, f"{display_path(path)}:{number}")
            except ImportProblem as exc:
                yield number, exc

    def _row(self, cells: dict[str, str], origin: str) -> Draft:
        sep = self.options.list_separator
        front: dict[str, Any] = {}
        for key in CSV_SCALARS:
            value = cells.get(key, "")
            if not value or key in ("id", "body"):
                continue
            front[key] = _number(value, key) if key in _NUMBERS else value
        if not front.get("title"):
            raise ImportProblem("the title is empty")
        if self.options.issuer and "issuer" not in front:
            front["issuer"] = self.options.issuer
        for key in CSV_LISTS:
            items = [v.strip() for v in cells.get(key, "").split(sep) if v.strip()]
            if items:
                front[key] = items
        for column, (group, key) in CSV_COMPOUND.items():
            value = cells.get(column, "")
            if not value:
                continue
            parsed: Any = value
            if column in _NUMBERS:
                parsed = _number(value, column)
            elif column in _BOOLEANS:
                parsed = value.casefold() in ("yes", "true", "1", "ya", "y")
            front.setdefault(group, {})[key] = parsed
        skill_cells = {k: [v.strip() for v in cells.get(k, "").split(sep)] for k in CSV_SKILLS}
        names = [n for n in skill_cells["skill_names"] if n]
        if names:
            skills = []
            for n, name in enumerate(names):
                skill = {"name": name}
                for column, key in CSV_SKILLS.items():
                    values = skill_cells[column]
                    if key != "name" and n < len(values) and values[n]:
                        skill[key] = values[n]
                skills.append(skill)
            front["skills"] = skills
        if "workload_hours" in front:
            front["workload_hours"] = _whole(front["workload_hours"])
        ident = cells.get("id") or suggest_id(front["title"])
        return Draft(ident=ident, front=front, body=cells.get("body", ""), origin=origin)


def _rows(reader: Any) -> Iterator[tuple[int, list[str] | ImportProblem]]:
    """The rows after the header, numbered by the line they start on; a row the CSV reader
    refuses (a cell over its size limit, a NUL byte) ends the file with a problem."""
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield start, ImportProblem(f"{_csv_message(exc)}; the rest of the file is skipped")
            return
        yield start, row
        start = reader.line_num + 1


def _csv_message(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a cell is longer than {csv.field_size_limit() // 1024} KiB"
    return f"not a readable CSV row ({text})"


def _number(value: str, column: str) -> float | int:
    try:
        return _whole(float(value.replace(",", "")))
    except ValueError:
        raise ImportProblem(f"{column} is not a number: {value!r}") from None


def _whole(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


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
    drafts: list[Draft] = []
    for source in sources:
        drafts += _drafts_from(importer, source, report)
    _link_components(drafts, report)
    _link_references(drafts, root, report)
    written: list[str] = []
    verb = "would write" if options.dry_run else "wrote"
    seen: set[str] = set()
    for draft in drafts:
        loc = Location(path=draft.origin)
        problems = _check(draft)
        issuer = draft.front.get("issuer")
        known = issuer in importer.issuers or (root / "issuers" / f"{issuer}.yaml").exists()
        if isinstance(issuer, str) and not known:
            problems.append(f"unknown issuer '{issuer}' (no issuers/{issuer}.yaml)")
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
        schema_dir = schema_dir_for(root)
        line = modeline(target, schema_dir, "credential") if schema_dir else ""
        files: dict[Path, bytes] = {target: credential_text(draft, line).encode("utf-8")}
        partners = [p["issuer"] for p in draft.front.get("partners", ())]
        for ident in dict.fromkeys([issuer, *partners]):
            issuer_path = root / "issuers" / f"{ident}.yaml"
            if ident not in importer.issuers or issuer_path.exists():
                continue
            text = yaml.dump(
                importer.issuers[ident], Dumper=_Dumper, sort_keys=False, allow_unicode=True
            )
            line = modeline(issuer_path, schema_dir, "issuer") if schema_dir else ""
            files[issuer_path] = f"{line}{text}".encode()
            if ident in importer.issuer_images:
                rel, logo = importer.issuer_images[ident]
                if not (root / rel).exists() or options.overwrite:
                    files[root / rel] = logo
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


def _link_components(drafts: list[Draft], report: Report) -> None:
    """Alignments to another badge of the same import are stack components, not skills.

    credcat publishes a stack's components as alignments of its BadgeClass or Achievement
    to theirs; importing both brings the stack back (as a list of required components).
    Open Badges has no place for a choice among components ("any 1 of these"): when the
    components' credits add up to more than the stack's own, the list would require more than
    the stack does, so it is left out (with a warning) and the stack keeps its credits.
    """
    by_url = {d.url: d for d in drafts if d.url}
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
    by_url = {d.url: d.ident for d in drafts if d.url}
    for draft in drafts:
        for name, targets in draft.links.items():
            found: list[str] = []
            for url in targets:
                ident = by_url.get(url) or _slug_from_url(url)
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
        front["credits"] = {"value": _whole(credits["credits"]), "system": credits["creditSystem"]}
    workload = found.get("workload", {})
    if isinstance(workload.get("workloadHours"), (int, float)):
        front["workload_hours"] = _whole(workload["workloadHours"])
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


def _drafts_from(importer: _Importer, source: str, report: Report) -> list[Draft]:
    if source.startswith(("http://", "https://")):
        try:
            return [importer.from_json(importer._resolve(source), source)]
        except ImportProblem as exc:
            report.error(Location(path=source), "import.failed", str(exc))
            return []
    path = Path(source)
    if path.is_dir():
        drafts = []
        for child in sorted(path.iterdir()):
            if child.suffix.lower() in (".json", ".csv"):
                drafts += _drafts_from(importer, str(child), report)
        return drafts
    loc = Location(path=display_path(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        report.error(loc, "import.failed", f"cannot read: {exc}")
        return []
    if path.suffix.lower() == ".csv":
        drafts = []
        try:
            for number, result in importer.from_csv(path, text):
                if isinstance(result, ImportProblem):
                    report.error(
                        Location(path=loc.path, line=number),
                        "import.row",
                        f"row {number}: {result}",
                    )
                else:
                    drafts.append(result)
        except ImportProblem as exc:
            report.error(loc, "import.failed", str(exc))
        return drafts
    try:
        return [importer.from_json(json.loads(text), loc.path)]
    except RecursionError:
        report.error(loc, "import.json", "the JSON is nested too deeply")
    except json.JSONDecodeError as exc:
        report.error(
            Location(path=loc.path, line=exc.lineno, col=exc.colno), "import.json", exc.msg
        )
    except ImportProblem as exc:
        report.error(loc, "import.failed", str(exc))
    return []
