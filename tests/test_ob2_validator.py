"""The official Open Badges 2.0 validator (1EdTech's openbadges 1.1.2) on credcat's output.

As employers meet a badge class: the built site is served on 127.0.0.1, the test (never the
product) hosts an Assertion for each BadgeClass, and the validator verifies it from its URL.
It runs in its own virtual environment, created once under .cache/ (see tests/ob2/).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from credcat.core.diagnostics import Report
from credcat.publish.build import build
from tests.catalogs import credential, write_catalog
from tests.ob2.harness import hosted_assertion, validate
from tests.support.http import serve_directory

REPO = Path(__file__).resolve().parent.parent


def _problems(results: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    return {
        url: [m.get("result", str(m)) for m in r["errors"] + r["warnings"]]
        for url, r in results.items()
        if not r["valid"] or r["errors"] or r["warnings"]
    }


def _authority(base: str) -> str:
    return base.split("//", 1)[1].split("/", 1)[0]


def test_every_badge_class_of_the_example_catalog_passes(tmp_path: Path) -> None:
    """No errors and no warnings, for hosted Assertions on each issuer's allowed origin."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)  # built with a local base URL
    site, lms = tmp_path / "site", tmp_path / "lms"
    site.mkdir()
    lms.mkdir()
    with serve_directory(site, "/catalog/") as base, serve_directory(lms, "/badges/") as local:
        # The example issuer that awards from its LMS allows the origin lms.unimaju.example;
        # a second local server plays that host.
        hosts = {"lms.unimaju.example": _authority(local)}
        lms_base = "http://lms.unimaju.example/badges/"
        report = Report()
        assert build(content, report, output=site, base_url=base) is not None, report.sorted()
        catalog = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
        on_site = site / "test-assertions"
        on_site.mkdir()
        urls = []
        badges = [(e["id"], e["issuer"], e["badgeclass"]) for e in catalog["credentials"]]
        badges += [  # every language version of a BadgeClass is a BadgeClass in its own right
            (f"{e['id']}.{lang}", e["issuer"], version["badgeclass"])
            for e in catalog["credentials"]
            for lang, version in e.get("translations", {}).items()
        ]
        for name, issuer, badgeclass in badges:
            on_lms = issuer == "unimaju"
            folder, prefix = (lms, lms_base) if on_lms else (on_site, base + "test-assertions/")
            url = f"{prefix}{name}.json"
            assertion = hosted_assertion(badgeclass, url)
            (folder / f"{name}.json").write_text(json.dumps(assertion), encoding="utf-8")
            urls.append(url)
        # Every version's own BadgeClass (badges/<id>/v<version>.json) verifies too, and so
        # does the BadgeClass kept at a renamed credential's earlier id (badges/<old>.json).
        current = {entry["id"] for entry in catalog["credentials"]}
        renamed = [p for p in sorted(site.glob("badges/*.json")) if p.stem not in current]
        assert renamed, "the example catalog has no renamed credential"
        versions = sorted(site.glob("badges/*/v*.json")) + renamed
        for path in versions:
            badge = json.loads(path.read_text(encoding="utf-8"))
            assert badge["id"] == base + path.relative_to(site).as_posix()
            on_lms = badge["issuer"].endswith("/issuers/unimaju.json")
            folder, prefix = (lms, lms_base) if on_lms else (on_site, base + "test-assertions/")
            name = f"{path.parent.name}-{path.stem}.json"
            assertion = hosted_assertion(badge["id"], prefix + name)
            (folder / name).write_text(json.dumps(assertion), encoding="utf-8")
            urls.append(prefix + name)
        results = validate(urls, hosts)
    assert len(badges) >= len(catalog["credentials"]) + 8 >= 23
    assert len(versions) >= len(catalog["credentials"])
    assert len(results) == len(badges) + len(versions)
    assert _problems(results) == {}
    for issuer_entry in catalog["issuers"]:
        profile = json.loads((site / f"issuers/{issuer_entry['id']}.json").read_text("utf-8"))
        assert profile["name"]
        assert profile["url"].startswith("https://")
        assert "@" in profile["email"]


@pytest.mark.parametrize("declared", [False, True])
def test_foreign_origin_assertion_needs_allowed_origins(tmp_path: Path, declared: bool) -> None:
    site, other = tmp_path / "site", tmp_path / "other"
    site.mkdir()
    other.mkdir()
    with serve_directory(site, "/") as base, serve_directory(other, "/") as other_local:
        hosts = {"badges.platform.example": _authority(other_local)}
        other_base = "http://badges.platform.example/"
        extra = "verification:\n  allowed_origins: [badges.platform.example]\n"
        issuer = (
            "name: Test University\nurl: https://www.test.example/\n"
            "email: badges@test.example\n" + (extra if declared else "")
        )
        content = write_catalog(tmp_path, {"issuers/test-uni.yaml": issuer})
        assert build(content, Report(), output=site, base_url=base) is not None
        url = other_base + "assertion.json"
        badge = base + "badges/data-basics.json"
        (other / "assertion.json").write_text(json.dumps(hosted_assertion(badge, url)), "utf-8")
        results = validate([url], hosts)
    problems = _problems(results)
    if declared:
        assert problems == {}
    else:
        assert problems, "an Assertion on another origin must fail without allowedOrigins"
        assert "not hosted in allowed origins" in json.dumps(problems)


def test_badge_class_extensions_are_validated_against_their_published_schemas(
    tmp_path: Path,
) -> None:
    """The validator fetches each extension's context and JSON Schema from the site (served
    here on 127.0.0.1, nothing from anywhere else) and applies the schema to the node."""
    extra = (
        "assessment: {method: Project, supervised: true}\n"
        "quality_assurance: {type: Internal review, body: Senate, url: 'https://qa.test.example/'}\n"
        "entry_requirements: A spreadsheet and a laptop.\n"
        "field_of_study: Data analytics\nspecialization: Spreadsheets\ncode: DA-101\n"
    )
    site = tmp_path / "site"
    site.mkdir()
    with serve_directory(site, "/") as base:
        content = write_catalog(tmp_path, {"credentials/data-basics.md": credential(extra=extra)})
        assert build(content, Report(), output=site, base_url=base) is not None
        badge_path = site / "badges/data-basics.json"
        badge = json.loads(badge_path.read_text(encoding="utf-8"))
        kinds = sorted(k for k in badge if k.startswith("extensions:"))
        assert len(kinds) == 9, kinds
        tampered = dict(badge, id=base + "badges/tampered.json")
        tampered["extensions:CreditsExtension"] = dict(
            badge["extensions:CreditsExtension"], credits="many"
        )
        (site / "badges/tampered.json").write_text(json.dumps(tampered), encoding="utf-8")
        urls = []
        for name in ("data-basics", "tampered"):
            url = f"{base}assertions/{name}.json"
            (site / "assertions").mkdir(exist_ok=True)
            assertion = hosted_assertion(f"{base}badges/{name}.json", url)
            (site / f"assertions/{name}.json").write_text(json.dumps(assertion), "utf-8")
            urls.append(url)
        results = validate(urls)
    good, bad = (results[u] for u in urls)
    assert _problems({urls[0]: good}) == {}
    fetched = {r["url"].removeprefix(base) for r in good["requests"]}
    for kind in kinds:
        name = badge[kind]["@context"].removeprefix(base).split("/")[1]
        assert f"extensions/{name}/context.json" in fetched
        assert f"extensions/{name}/schema.json" in fetched
    assert all(r["answer"] != "refused" for r in good["requests"]), good["requests"]
    assert "Extension extensions:CreditsExtension did not validate" in json.dumps(bad["errors"])
    assert "'many' is not of type 'number'" in json.dumps(bad["errors"])


def test_extensions_at_the_catalogs_own_urls_are_served_locally(tmp_path: Path) -> None:
    """Built with its real base URL, the example catalog's BadgeClasses name extension
    contexts and schemas at https://credcat.github.io/example/extensions/...: the harness
    answers that host from a local server, and nothing is fetched from anywhere else."""
    site = tmp_path / "site"
    site.mkdir()
    with serve_directory(site, "/example/") as local:
        assert build(REPO / "content", Report(), output=site) is not None
        base = "https://credcat.github.io/example/"
        url = base + "test-assertions/k3.json"
        (site / "test-assertions").mkdir()
        assertion = hosted_assertion(base + "badges/k3-konstruksi.json", url)
        (site / "test-assertions/k3.json").write_text(json.dumps(assertion), encoding="utf-8")
        results = validate([url], {"credcat.github.io": _authority(local)})
    assert _problems(results) == {}
    requests = results[url]["requests"]
    fetched = {r["url"] for r in requests}
    assert base + "extensions/level/context.json" in fetched
    assert base + "extensions/level/schema.json" in fetched
    assert {r["answer"].split(" ")[0] for r in requests} <= {"local"}, requests
