"""Permanent URLs, end to end: a catalog's history replayed in a git repository.

Each step edits the catalog as its keepers would, then either ``credcat build`` fails with
the right diagnostic (and the previous site is left untouched), or the change is locked and
committed, a fresh clone is built, served on 127.0.0.1 like GitHub Pages, and every URL the
catalog ever published still answers 200 with the same meaning: each version document is
byte for byte what was first published, every other document keeps its ``id`` and, unless
its version was bumped, its name, criteria, issuer, alignments and type.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

from credcat.commands.cli import main
from tests.catalogs import credential, write_catalog
from tests.support.http import serve_directory

OLD_BASE = "https://badges.test/catalog/"
NEW_BASE = "https://credentials.example.org/"
VERSION_DOC = re.compile(r"^(badges|achievements)/[a-z0-9-]+/v[0-9.]+\.json$")
LANGUAGE_DOC = re.compile(r"\.[a-z]{2,3}\.json$")
REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')


def _git(repo: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", "-c", "user.name=Catalog Keeper", "-c", "user.email=keeper@test.example", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout


def _fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _meaning(doc: dict[str, Any]) -> dict[str, Any]:
    """What a badge holder's verifier relies on."""
    kind = doc.get("type")
    if kind == "BadgeClass":
        return {
            "name": doc["name"],
            "criteria": doc["criteria"]["narrative"],
            "issuer": doc["issuer"],
            "alignment": [(a["targetName"], a["targetUrl"]) for a in doc.get("alignment", [])],
            "version": doc["version"],
        }
    if kind == ["Achievement"]:
        return {
            "name": doc["name"],
            "criteria": doc["criteria"]["narrative"],
            "issuer": doc["creator"]["id"],
            "alignment": [(a["targetName"], a["targetUrl"]) for a in doc.get("alignment", [])],
            "type": doc["achievementType"],
            "version": doc["version"],
        }
    if kind == "Profile":
        return {"name": doc["name"], "url": doc["url"]}
    return {}


def _tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


class History:
    """The replayed repository and everything it has ever published."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.repo = tmp_path / "repo"
        self.content = self.repo / "content"
        self.site = self.repo / "site"
        self.published: dict[str, dict[str, Any]] = {}
        """Site path -> what was first published there (meaning, bytes, id)."""
        self.clones = 0
        self.issuer_renames: dict[str, str] = {}
        """Old issuer Profile id -> the new one (a renamed issuer means the same)."""

    def write(self, rel: str, text: str) -> None:
        path = self.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.content / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def move(self, old: str, new: str) -> None:
        (self.content / old).rename(self.content / new)

    def build_fails(self, capsys: pytest.CaptureFixture[str], code: str, where: str) -> str:
        """The build refuses with ``code`` located in ``where``; the previous site is kept."""
        before = _tree(self.site)
        capsys.readouterr()
        assert main(["build", "content"]) == 1
        err = capsys.readouterr().err
        assert re.search(rf"^{re.escape(where)}:\d+:\d+: error\[{re.escape(code)}\]", err, re.M), (
            err
        )
        assert "  hint: " in err
        assert "Traceback" not in err
        assert "nothing was written" in err
        assert main(["check", "content"]) == 1
        assert f"error[{code}]" in capsys.readouterr().err
        assert _tree(self.site) == before
        _git(self.repo, "checkout", "--", ".")
        _git(self.repo, "clean", "-fdq", "content")
        return err

    def publish(self, capsys: pytest.CaptureFixture[str], message: str) -> Path:
        """Build, lock, commit; build a fresh clone and check every URL ever published."""
        capsys.readouterr()
        assert main(["build", "-q", "content"]) == 0, capsys.readouterr().err
        assert main(["lock", "content"]) == 0, capsys.readouterr().err
        assert main(["check", "--frozen", "content"]) == 0, capsys.readouterr()
        _git(self.repo, "add", "-A")
        _git(self.repo, "commit", "-qm", message)
        self.clones += 1
        clone = self.tmp / f"clone-{self.clones}"
        _git(self.tmp, "clone", "-q", str(self.repo), str(clone))
        capsys.readouterr()
        assert main(["build", "-q", str(clone / "content")]) == 0, capsys.readouterr().err
        site = clone / "site"
        assert main(["build", "-q", "content"]) == 0
        assert _tree(site) == _tree(self.site), "a fresh clone builds a different site"
        return site

    def record(self, site: Path) -> None:
        """Remember what the site publishes at every URL kept by the ledger."""
        base = self._base()
        lock = (self.content / "published.lock").read_text(encoding="utf-8")
        paths = [line.split()[1][1:] for line in lock.splitlines() if line.startswith("url ")]
        on_disk = {
            p.relative_to(site).as_posix()
            for folder in ("badges", "achievements", "issuers", "ctdl")
            for p in (site / folder).rglob("*.json")
        }
        assert on_disk <= set(paths), "published JSON missing from published.lock"
        for rel in paths:
            if rel in self.published:
                continue
            file = site / (f"{rel}index.html" if rel == "" or rel.endswith("/") else rel)
            data = file.read_bytes()
            entry: dict[str, Any] = {"bytes": data}
            if rel.endswith(".json"):
                doc = json.loads(data)
                entry["meaning"] = _meaning(doc)
                entry["id"] = doc.get("id")
                if entry["id"] is not None:
                    assert entry["id"] == base + rel
            self.published[rel] = entry

    def _base(self) -> str:
        text = (self.content / "catalog.yaml").read_text(encoding="utf-8")
        found = re.search(r"^canonical_base_url: (\S+)", text, re.M) or re.search(
            r"^base_url: (\S+)", text, re.M
        )
        assert found
        return found.group(1)

    def verify(self, site: Path, prefix: str) -> int:
        """Serve ``site`` and check every URL ever published; return how many were checked."""
        with serve_directory(site, prefix) as local:
            for rel, entry in sorted(self.published.items()):
                status, body = _fetch(local + rel)
                assert status == 200, rel
                if rel.endswith("/") or rel == "":
                    target = REFRESH.search(body.decode("utf-8"))
                    if target:  # a renamed page: the redirect leads to a live page
                        assert b'<link rel="canonical"' in body
                        assert b"<script>" not in body
                        url = urljoin(local + rel, html.unescape(target.group(1)))
                        assert url.startswith(local), url
                        assert _fetch(url)[0] == 200, url
                        assert not REFRESH.search(_fetch(url)[1].decode("utf-8")), url
                    continue
                if not rel.endswith(".json"):  # feed and sitemap
                    continue
                doc = json.loads(body)
                if VERSION_DOC.match(rel):
                    assert body == entry["bytes"], f"{rel} changed"
                    continue
                assert doc.get("id") == entry["id"], rel
                meaning = _meaning(doc)
                old = entry["meaning"]
                if old.get("issuer") in self.issuer_renames:  # the same issuer, renamed
                    old = {**old, "issuer": self.issuer_renames[old["issuer"]]}
                if meaning.get("version") == old.get("version"):
                    assert meaning == old, f"{rel} changed meaning without a version bump"
                else:
                    # Bumped: the earlier version is listed and still means what it meant.
                    related = doc.get("related", [])
                    earlier = {r["version"]: r["id"] for r in related if "version" in r}
                    language = LANGUAGE_DOC.search(rel) is not None
                    if language:  # the canonical document lists the versions
                        canonical = json.loads(_fetch(local + LANGUAGE_DOC.sub(".json", rel))[1])
                        found = canonical["related"]
                        earlier = {r["version"]: r["id"] for r in found if "version" in r}
                    assert old["version"] in earlier, rel
                    url = earlier[old["version"]]
                    assert url.startswith(self._base())
                    status, body = _fetch(local + url[len(self._base()) :])
                    assert status == 200
                    was = _meaning(json.loads(body))
                    if was.get("issuer") in self.issuer_renames:
                        was["issuer"] = self.issuer_renames[was["issuer"]]
                    if language:  # the preserved version is in the canonical language
                        for key in ("name", "criteria"):
                            was.pop(key, None)
                            old.pop(key, None)
                        for doc_meaning in (was, old):  # and names the canonical Profile
                            if isinstance(doc_meaning.get("issuer"), str):
                                doc_meaning["issuer"] = LANGUAGE_DOC.sub(
                                    ".json", doc_meaning["issuer"]
                                )
                    assert was == old, rel
        return len(self.published)


def test_a_catalog_history_keeps_every_published_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    h = History(tmp_path)
    h.repo.mkdir()
    monkeypatch.chdir(h.repo)
    catalog = f"title: History catalog\nbase_url: {OLD_BASE}\nlanguage: en\n"
    write_catalog(
        h.repo,
        {
            "catalog.yaml": catalog,
            "credentials/data-viz.md": credential(title="Data Visualisation"),
            "credentials/spreadsheets.md": credential(
                title="Spreadsheets", extra='version: "1.0"\n'
            ),
        },
    )
    (h.repo / ".gitignore").write_text("site/\n.credcat-cache/\n", encoding="utf-8")
    _git(h.repo, "init", "-q", "-b", "main")

    # 1. First publication.
    h.record(site := h.publish(capsys, "Publish the catalog"))
    assert {"badges/data-basics.json", "badges/data-basics/v1.0.json"} <= set(h.published)
    assert h.verify(site, "/catalog/") >= 20

    # 2. Edit text that does not change what a badge means: no version bump needed.
    h.edit("credentials/data-basics.md", "Clean and summarise", "Clean, summarise and chart")
    h.edit("credentials/data-basics.md", "Learn to analyse data.", "Learn to analyse data well.")
    h.record(site := h.publish(capsys, "Better summary"))
    h.verify(site, "/catalog/")

    # 3. Change the criteria of a published version: refused, with the way to do it right.
    h.edit("credentials/data-basics.md", "Pass the **final project**.", "Pass two projects.")
    err = h.build_fails(capsys, "ledger.meaning-changed", "content/credentials/data-basics.md")
    assert 'bump the version (e.g. version: "1.1")' in err

    # 4. The same change with a version bump: the 1.0 definition stays published as it was.
    h.edit("credentials/data-basics.md", "Pass the **final project**.", "Pass two projects.")
    h.edit(
        "credentials/data-basics.md",
        "skills:",
        'version: "1.1"\nchanges:\n  - version: "1.1"\n    date: 2026-03-01\n'
        "    note: Two projects instead of one.\nskills:",
    )
    h.record(site := h.publish(capsys, "Version 1.1: two projects"))
    h.verify(site, "/catalog/")
    page = (site / "credentials/data-basics/index.html").read_text(encoding="utf-8")
    assert "Version history" in page
    assert "Two projects instead of one." in page
    assert 'href="../../badges/data-basics/v1.0.json"' in page
    current = json.loads((site / "badges/data-basics.json").read_text(encoding="utf-8"))
    assert current["version"] == "1.1"
    assert current["related"] == [
        {"id": f"{OLD_BASE}badges/data-basics/v1.0.json", "version": "1.0"}
    ]
    assert (h.content / "versions/badges/data-basics/v1.0.json").is_file()

    # 5. A version bump whose preserved copy was deleted is refused.
    (h.content / "versions/achievements/data-viz/v1.0.json").unlink()
    h.edit("credentials/data-viz.md", "skills:", 'version: "2.0"\nskills:')
    h.build_fails(capsys, "ledger.version-missing", "content/credentials/data-viz.md")

    # 6. Retire a credential, superseded by another: its URLs stay, it leaves the listing.
    h.edit(
        "credentials/spreadsheets.md",
        'version: "1.0"\n',
        'version: "1.0"\nstatus: retired\nsuperseded_by: data-basics\n',
    )
    h.record(site := h.publish(capsys, "Retire spreadsheets"))
    h.verify(site, "/catalog/")
    page = (site / "credentials/spreadsheets/index.html").read_text(encoding="utf-8")
    assert "No longer offered." in page
    assert 'replaced by <a href="../../credentials/data-basics/">' in page
    assert "credentials/spreadsheets/" not in (site / "index.html").read_text(encoding="utf-8")
    assert "credentials/spreadsheets/" in (site / "archive/index.html").read_text("utf-8")

    # 7. Rename without keeping the old id: refused. With renamed_from: the old URLs live on.
    h.move("credentials/data-viz.md", "credentials/data-visualisation.md")
    err = h.build_fails(capsys, "ledger.url-removed", "content/published.lock")
    assert "renamed_from: [data-viz]" in err
    h.move("credentials/data-viz.md", "credentials/data-visualisation.md")
    h.edit("credentials/data-visualisation.md", "skills:", "renamed_from: [data-viz]\nskills:")
    h.record(site := h.publish(capsys, "Rename data-viz"))
    h.verify(site, "/catalog/")
    old = json.loads((site / "badges/data-viz.json").read_text(encoding="utf-8"))
    assert old["id"] == f"{OLD_BASE}badges/data-viz.json"
    assert "data-viz" not in (site / "sitemap.xml").read_text(encoding="utf-8")

    # 8. Delete a published credential: refused, however it is done.
    (h.content / "credentials/spreadsheets.md").unlink()
    err = h.build_fails(capsys, "ledger.url-removed", "content/published.lock")
    assert "status: retired" in err
    h.edit("credentials/data-visualisation.md", "criteria:", "status: draft\ncriteria:")
    h.build_fails(capsys, "ledger.url-removed", "content/credentials/data-visualisation.md")

    # 9. Move the site to a custom domain: refused, then kept with the old ids.
    h.edit("catalog.yaml", f"base_url: {OLD_BASE}", f"base_url: {NEW_BASE}")
    err = h.build_fails(capsys, "ledger.base-url-moved", "content/catalog.yaml")
    assert f"canonical_base_url: {OLD_BASE}" in err
    h.edit(
        "catalog.yaml",
        f"base_url: {OLD_BASE}",
        f"base_url: {NEW_BASE}\ncanonical_base_url: {OLD_BASE}",
    )
    h.write("CNAME", "credentials.example.org\n")
    h.record(site := h.publish(capsys, "Move to credentials.example.org"))
    # Served at the root of the new domain; every id keeps the old base.
    assert h.verify(site, "/") >= 30
    assert (site / "CNAME").read_text(encoding="utf-8") == "credentials.example.org\n"
    page = (site / "credentials/data-basics/index.html").read_text(encoding="utf-8")
    assert 'href="../../badges/data-basics/v1.0.json"' in page
    assert f'<link rel="canonical" href="{OLD_BASE}credentials/data-basics/">' in page

    # 10. Editing a preserved version is refused.
    shutil.copy(
        h.content / "versions/badges/data-basics/v1.1.json",
        h.content / "versions/badges/data-basics/v1.0.json",
    )
    h.build_fails(capsys, "ledger.archive-changed", "content/versions/badges/data-basics/v1.0.json")


TRANSLATED = {
    "ms": ("Asas Analisis Data", "Membersih dan meringkas set data.", "Universiti Ujian"),
    "id": ("Dasar Analisis Data", "Membersihkan dan meringkas data.", "Universitas Uji"),
}


def test_renames_keep_every_url_in_every_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A three-language catalog renames a credential and an issuer, versions and retires:
    every URL in published.lock keeps answering 200, in every language."""
    h = History(tmp_path)
    h.repo.mkdir()
    monkeypatch.chdir(h.repo)
    files: dict[str, str | bytes] = {
        "catalog.yaml": f"title: Tiga bahasa\nbase_url: {OLD_BASE}\nlanguage: en\n"
        "languages: [en, ms, id]\n",
        "credentials/data-viz.md": credential(title="Data Visualisation"),
    }
    for lang, (title, summary, uni) in TRANSLATED.items():
        for cid in ("data-basics", "data-viz"):
            files[f"translations/{lang}/credentials/{cid}.md"] = (
                f"---\ntitle: {title} {cid}\nsummary: {summary}\n---\nTeks {lang}.\n"
            )
        files[f"translations/{lang}/issuers/test-uni.yaml"] = f"name: {uni}\n"
    write_catalog(h.repo, files)
    (h.repo / ".gitignore").write_text("site/\n.credcat-cache/\n", encoding="utf-8")
    _git(h.repo, "init", "-q", "-b", "master")

    h.record(site := h.publish(capsys, "Publish in three languages"))
    assert {
        "ms/credentials/data-viz/",
        "id/credentials/data-viz/",
        "badges/data-viz.ms.json",
        "achievements/data-viz.id.json",
        "issuers/test-uni.ms.json",
        "id/issuers/test-uni/",
    } <= set(h.published)
    h.verify(site, "/catalog/")

    # 1. Rename a credential (its translations move with it).
    h.move("credentials/data-viz.md", "credentials/data-visualisation.md")
    h.edit("credentials/data-visualisation.md", "skills:", "renamed_from: [data-viz]\nskills:")
    h.move("translations/ms/credentials/data-viz.md", "translations/ms/credentials/x.md")
    err = h.build_fails(capsys, "ref.unknown", "content/translations/id/credentials/data-viz.md")
    assert "rename this file to data-visualisation.md too" in err
    h.move("credentials/data-viz.md", "credentials/data-visualisation.md")
    h.edit("credentials/data-visualisation.md", "skills:", "renamed_from: [data-viz]\nskills:")
    for lang in TRANSLATED:
        h.move(
            f"translations/{lang}/credentials/data-viz.md",
            f"translations/{lang}/credentials/data-visualisation.md",
        )
    h.record(site := h.publish(capsys, "Rename data-viz"))
    assert h.verify(site, "/catalog/") >= 40
    for lang in ("ms", "id"):
        page = (site / f"{lang}/credentials/data-viz/index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in page
        assert f"url=../../../{lang}/credentials/data-visualisation/" in page
        old = json.loads((site / f"badges/data-viz.{lang}.json").read_text(encoding="utf-8"))
        assert old["id"] == f"{OLD_BASE}badges/data-viz.{lang}.json"
        assert old["name"] == f"{TRANSLATED[lang][0]} data-viz"

    # 2. Rename the issuer (credentials follow it; translations move with it).
    h.move("issuers/test-uni.yaml", "issuers/test-university.yaml")
    h.edit("issuers/test-university.yaml", "name:", "renamed_from: [test-uni]\nname:")
    for rel in ("credentials/data-basics.md", "credentials/data-visualisation.md"):
        h.edit(rel, "issuer: test-uni", "issuer: test-university")
    for lang in TRANSLATED:
        h.move(f"translations/{lang}/issuers/test-uni.yaml", f"translations/{lang}/issuers/x.yaml")
        h.move(
            f"translations/{lang}/issuers/x.yaml",
            f"translations/{lang}/issuers/test-university.yaml",
        )
    h.issuer_renames[f"{OLD_BASE}issuers/test-uni.json"] = f"{OLD_BASE}issuers/test-university.json"
    # Achievements name the Open Badges 3.0 Profile, in their own language.
    for suffix in ("", *(f".{lang}" for lang in TRANSLATED)):
        h.issuer_renames[f"{OLD_BASE}profiles/test-uni{suffix}.json"] = (
            f"{OLD_BASE}profiles/test-university{suffix}.json"
        )
    h.record(site := h.publish(capsys, "Rename the issuer"))
    h.verify(site, "/catalog/")
    assert (site / "ms/issuers/test-uni/index.html").is_file()
    profile = json.loads((site / "issuers/test-uni.id.json").read_text(encoding="utf-8"))
    assert profile["id"] == f"{OLD_BASE}issuers/test-uni.id.json"

    # 3. The renamed credential takes a new version.
    h.edit("credentials/data-visualisation.md", "Pass the **final project**.", "Pass two.")
    h.edit(
        "credentials/data-visualisation.md",
        "skills:",
        'version: "1.1"\nchanges:\n  - version: "1.1"\n    date: 2026-05-01\n'
        "    note: Two projects.\nskills:",
    )
    h.record(site := h.publish(capsys, "Version 1.1 of data-visualisation"))
    h.verify(site, "/catalog/")
    assert (h.content / "versions/badges/data-visualisation/v1.1.json").is_file()
    assert (site / "badges/data-viz/v1.0.json").is_file()

    # 4. Retire one.
    h.edit("credentials/data-basics.md", "skills:", "status: retired\nskills:")
    h.record(site := h.publish(capsys, "Retire data-basics"))
    assert h.verify(site, "/catalog/") >= 55
