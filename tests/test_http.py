"""The built site served over HTTP on 127.0.0.1: every JSON id resolves to itself."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from credcat.core.diagnostics import Report
from credcat.publish.build import build
from tests.support.http import serve_directory

REPO = Path(__file__).resolve().parent.parent


def _fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get_content_type(), exc.read()


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example") / "site"
    report = Report()
    result = build(REPO / "content", report, output=out, base_url="https://badges.test/catalog/")
    assert result is not None, [d.format() for d in report.sorted()]
    return out


def test_every_badge_class_and_profile_resolves_at_its_id(example_site: Path) -> None:
    catalog = json.loads((example_site / "catalog.json").read_text(encoding="utf-8"))
    assert len(catalog["credentials"]) >= 15
    with serve_directory(example_site, prefix="/catalog/") as base:

        def local(url: str) -> str:
            assert url.startswith("https://badges.test/catalog/"), url
            return base + url.removeprefix("https://badges.test/catalog/")

        for entry in catalog["credentials"]:
            status, ctype, body = _fetch(local(entry["badgeclass"]))
            assert (status, ctype) == (200, "application/json"), entry["badgeclass"]
            badge = json.loads(body)
            assert badge["id"] == entry["badgeclass"]
            assert badge["type"] == "BadgeClass"
            assert badge["@context"] == "https://w3id.org/openbadges/v2"
            assert badge["criteria"]["id"] == entry["url"]
            assert badge["criteria"]["narrative"].strip()
            status, ctype, _ = _fetch(local(badge["image"]))
            assert status == 200, badge["image"]
            assert ctype in ("image/png", "image/svg+xml")
            status, _, page = _fetch(local(entry["url"]))
            assert status == 200
            # The title as written, on the page in the language it is written in.
            status, _, page = _fetch(local(entry["pages"][entry["text_language"]]))
            assert status == 200
            assert entry["title"].encode() in page or b"&" in page

            status, ctype, body = _fetch(local(badge["issuer"]))
            assert (status, ctype) == (200, "application/json")
            profile = json.loads(body)
            assert profile["id"] == badge["issuer"]
            assert profile["type"] == "Profile"
            assert profile["name"]
            assert profile["url"].startswith("https://")
            assert "@" in profile["email"]


def test_missing_pages_get_the_themed_404(example_site: Path) -> None:
    with serve_directory(example_site, prefix="/catalog/") as base:
        status, ctype, body = _fetch(base + "credentials/no-such-thing/")
    assert status == 404
    assert ctype == "text/html"
    assert b"Page not found" in body
    assert b'href="/catalog/assets/style.css' in body
