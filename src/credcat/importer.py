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
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from credcat.diagnostics import Location, Report
from credcat.images import PNG_SIGNATURE, svg_problem
from credcat.scaffold import modeline, schema_dir_for
from credcat.schema import load_schema
from credcat.sources import ID_PATTERN, display_path, suggest_id

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
    """GET an http(s) URL (JSON or image), at most MAX_DOWNLOAD bytes."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise ImportProblem(f"not an http(s) URL: {url}")
    request = urllib.request.Request(
        url, headers={"Accept": "application/ld+json, application/json, image/*;q=0.8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            data: bytes = response.read(MAX_DOWNLOAD + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise ImportProblem(f"cannot fetch {url}: {exc}") from None
    if len(data) > MAX_DOWNLOAD:
        raise ImportProblem(f"{url} is larger than {MAX_DOWNLOAD // 1048576} MiB")
    return data


# --- Open Badges ---------------------------------------------------------------------------


def _types(doc: dict[str, Any]) -> set[str]:
    value = doc.get("type", [])
    return {value} if isinstance(value, str) else {str(v) for v in value}


def _text(value: Any) -> str:
    """A plain string from a string or a JSON-LD language map."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        for item in value.values():
            if isinstance(item, str):
                return item.strip()
    return ""


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
            except json.JSONDecodeError:
                raise ImportProblem(f"{value} did not return JSON") from None
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
        if criteria_url:
            front["url"] = criteria_url
        self._source(url, front)
        draft = Draft(ident=ident, front=front, body=body, origin=origin, url=url)
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
        skills = [self._skill(a) for a in _as_list(doc.get("alignment"))]
        if skills := [s for s in skills if s]:
            front["skills"] = skills
        if isinstance(doc.get("fieldOfStudy"), str):
            front["field_of_study"] = doc["fieldOfStudy"]
        if isinstance(doc.get("humanCode"), str):
            front["code"] = doc["humanCode"]
        if isinstance(doc.get("inLanguage"), str):
            front["languages"] = [doc["inLanguage"]]
        tags = [t for t in _as_list(doc.get("tag")) if isinstance(t, str) and t.strip()]
        if tags:
            front["tags"] = list(dict.fromkeys(tags))
        if "creditsAvailable" in doc:
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
        draft = Draft(ident=ident, front=front, body=body, origin=origin, url=url)
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

    def _issuer(self, value: Any, origin: str) -> str:
        if self.options.issuer:
            return self.options.issuer
        if value is None:
            raise ImportProblem("no issuer; pass --issuer ID")
        try:
            profile = self._resolve(value)
        except ImportProblem as exc:
            raise ImportProblem(f"{exc}; pass --issuer ID to use an existing issuer") from None
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
        missing = [k for k in ("url", "email") if k not in data]
        if missing and not (self.root / "issuers" / f"{ident}.yaml").exists():
            raise ImportProblem(
                f"issuer '{name}' has no {' or '.join(missing)}; create issuers/{ident}.yaml "
                f"or pass --issuer ID"
            )
        self.issuers.setdefault(ident, data)
        return ident

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
        if data.startswith(PNG_SIGNATURE):
            ext = "png"
        elif svg_problem(data) is None:
            ext = "svg"
        else:
            self.report.warning(
                Location(path=draft.origin),
                "import.image",
                "the image is neither a PNG nor a safe SVG; the default badge is used",
            )
            return
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
        names = next(reader, [])
        header = [self.options.header_map.get(h.strip(), h.strip()) for h in names]
        unknown = [h for h in header if h and h not in CSV_COLUMNS]
        if unknown:
            raise ImportProblem(
                f"unknown column(s) {', '.join(unknown)}; map them with --map 'Column=field'"
            )
        if "title" not in header:
            raise ImportProblem("the CSV has no 'title' column")
        for number, row in enumerate(reader, start=2):
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
    importer = _Importer(root, options, report)
    drafts: list[Draft] = []
    for source in sources:
        drafts += _drafts_from(importer, source, report)
    _link_components(drafts)
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
        issuer_path = root / "issuers" / f"{issuer}.yaml"
        if issuer in importer.issuers and not issuer_path.exists():
            text = yaml.dump(
                importer.issuers[issuer], Dumper=_Dumper, sort_keys=False, allow_unicode=True
            )
            line = modeline(issuer_path, schema_dir, "issuer") if schema_dir else ""
            files[issuer_path] = f"{line}{text}".encode()
        for rel, data in draft.images.items():
            path = root / rel
            if not path.exists() or options.overwrite:
                files[path] = data
        for path, data in files.items():
            if not options.dry_run:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            written.append(f"{verb} {display_path(path)}")
    return written


def _link_components(drafts: list[Draft]) -> None:
    """Alignments to another badge of the same import are stack components, not skills.

    credcat publishes a stack's components as alignments of its BadgeClass or Achievement
    to theirs; importing both brings the stack back (as a list of required components).
    """
    by_url = {d.url: d.ident for d in drafts if d.url}
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
        draft.front["components"] = list(dict.fromkeys(parts))


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
    except json.JSONDecodeError as exc:
        report.error(
            Location(path=loc.path, line=exc.lineno, col=exc.colno), "import.json", exc.msg
        )
    except ImportProblem as exc:
        report.error(loc, "import.failed", str(exc))
    return []
