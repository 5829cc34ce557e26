"""A generated catalog of 200 varied credentials passes every standards check."""

from __future__ import annotations

import json
from pathlib import Path

from credcat.core.diagnostics import Report
from credcat.load.profiles import check_profile
from credcat.publish.build import build
from tests.generate import write_varied_catalog
from tests.ob2.harness import hosted_assertion, validate
from tests.support.http import serve_directory
from tests.test_standards import (
    STANDARDS,
    _assert_nothing_dropped,
    _read,
    _wrap,
    assert_ctdl_minimum_data,
)


def test_two_hundred_varied_credentials_pass_the_standards(tmp_path: Path) -> None:
    from jsonschema import Draft201909Validator

    content = write_varied_catalog(tmp_path, 200)
    site, lms = tmp_path / "site", tmp_path / "lms"
    site.mkdir()
    lms.mkdir()
    with serve_directory(site, "/catalog/") as base, serve_directory(lms, "/") as lms_local:
        report = Report()
        result = build(content, report, output=site, base_url=base)
        assert result is not None, [d.format() for d in report.sorted()][:20]
        # Titles in scripts the preview font lacks (CJK, right to left) get no preview, with
        # a warning; nothing else is reported.
        unsupported = [d for d in report.sorted() if d.code == "preview.missing-glyph"]
        assert [d for d in report.sorted() if d not in unsupported] == []
        for diagnostic in unsupported:
            ident = Path(diagnostic.location.path).stem
            page = (site / f"credentials/{ident}/index.html").read_text(encoding="utf-8")
            assert f"previews/credentials/{ident}.png" not in page, ident
        catalog = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
        assert len(catalog["credentials"]) == 200

        ob3 = Draft201909Validator(_read(STANDARDS / "ob3/achievementcredential.json"))
        for entry in catalog["credentials"]:
            achievement = json.loads((site / f"achievements/{entry['id']}.json").read_text())
            assert list(ob3.iter_errors(_wrap(achievement))) == [], entry["id"]
            _assert_nothing_dropped(achievement)
            _assert_nothing_dropped(json.loads((site / f"badges/{entry['id']}.json").read_text()))
            assert_ctdl_minimum_data(json.loads((site / f"ctdl/{entry['id']}.json").read_text()))

        hosts = {"lms.north.example": lms_local.split("//", 1)[1].rstrip("/")}
        urls = []
        for entry in catalog["credentials"]:
            if entry["issuer"] == "north":
                folder, prefix = lms, "http://lms.north.example/"
            else:
                folder, prefix = site, base
            url = f"{prefix}assertion-{entry['id']}.json"
            assertion = hosted_assertion(entry["badgeclass"], url)
            (folder / f"assertion-{entry['id']}.json").write_text(json.dumps(assertion), "utf-8")
            urls.append(url)
        results = validate(urls, hosts)
    bad = {
        u: r["errors"] + r["warnings"] for u, r in results.items() if r["errors"] or r["warnings"]
    }
    assert bad == {}
    assert all(r["valid"] for r in results.values())
    assert result.catalog is not None
    for profile in ("eu", "mqa"):
        assert isinstance(check_profile(profile, result.catalog), list)
