"""What real offerings need beside the definition: partners, funding schemes and intakes.

Bad values have their folder under tests/cases/invalid/partners-and-intakes; intakes in a
real browser (past ones hidden by the learner's clock) are in test_site_browser.py.
"""

from __future__ import annotations

import json
from pathlib import Path

from credcat.build import build
from credcat.diagnostics import Report
from tests.catalogs import ISSUER, credential, write_catalog

OFFERING = """\
partners:
  - issuer: industry-body
    role: endorser
  - issuer: training-co
    role: provider
funding:
  - name: HRD Corp claimable
    url: https://hrdcorp.gov.my/
    country: MY
intakes:
  - start: "2027-05-03"
    status: planned
  - start: "2027-01-11"
    end: "2027-02-19"
    mode: in-person
    location: Shah Alam campus
    enrolment_deadline: "2027-01-04"
    status: open
    url: https://www.test.example/enrol/2027-01
"""


def _catalog(tmp_path: Path) -> Path:
    write_catalog(
        tmp_path,
        {
            "credentials/data-basics.md": credential(extra=OFFERING),
            "issuers/industry-body.yaml": ISSUER.replace("Test University", "Data Industry Body"),
            "issuers/training-co.yaml": ISSUER.replace("Test University", "Training Company"),
        },
    )
    return tmp_path / "content"


def test_partners_funding_and_intakes_reach_pages_and_catalog_json(tmp_path: Path) -> None:
    content = _catalog(tmp_path)
    report = Report()
    assert build(content, report, output=tmp_path / "site") is not None, report.sorted()
    assert report.sorted() == []
    site = tmp_path / "site"
    page = (site / "credentials/data-basics/index.html").read_text(encoding="utf-8")
    assert "<dt>Endorsed by</dt>" in page
    assert "Data Industry Body</a>" in page
    assert "<dt>Provider</dt>" in page
    assert '<a href="https://hrdcorp.gov.my/">HRD Corp claimable</a>' in page
    # Intakes sorted by start, each with its dates for the browser to compare.
    assert page.index('data-start="2027-01-11"') < page.index('data-start="2027-05-03"')
    assert "Shah Alam campus" in page
    assert "Enrol in this intake" in page
    assert "intakes.js" in page

    endorser = (site / "issuers/industry-body/index.html").read_text(encoding="utf-8")
    assert "Partner organisation" in endorser
    assert "<h3>Endorses</h3>" in endorser
    assert "Data Analysis Basics" in endorser

    entry = json.loads((site / "catalog.json").read_text(encoding="utf-8"))["credentials"][0]
    assert entry["partners"] == [
        {"issuer": "industry-body", "role": "endorser"},
        {"issuer": "training-co", "role": "provider"},
    ]
    assert entry["funding"] == [
        {"name": "HRD Corp claimable", "url": "https://hrdcorp.gov.my/", "country": "MY"}
    ]
    assert [i["start"] for i in entry["intakes"]] == ["2027-01-11", "2027-05-03"]
    assert entry["intakes"][0]["mode"] == "in-person"

    # Funding is a facet: a browse page and a search filter.
    browse = site / "browse/funding/hrd-corp-claimable/index.html"
    assert "Data Analysis Basics" in browse.read_text(encoding="utf-8")
    meta = json.loads((site / "search/meta.json").read_text(encoding="utf-8"))
    funding = next(f for f in meta["facets"] if f["key"] == "funding")
    assert funding["values"] == [{"slug": "hrd-corp-claimable", "label": "HRD Corp claimable"}]


def test_a_partners_edit_reaches_the_pages_that_show_it(tmp_path: Path) -> None:
    """The credential page shows the partner's name and the partner's page the credential:
    an incremental build follows edits to either."""
    content = _catalog(tmp_path)
    site = tmp_path / "site"
    assert build(content, Report(), output=site) is not None
    issuer = content / "issuers/industry-body.yaml"
    issuer.write_text(ISSUER.replace("Test University", "Renamed Body"), encoding="utf-8")
    cred = content / "credentials/data-basics.md"
    cred.write_text(credential(title="New Title", extra=OFFERING), encoding="utf-8")
    assert build(content, Report(), output=site) is not None
    page = (site / "credentials/data-basics/index.html").read_text(encoding="utf-8")
    assert "Renamed Body</a>" in page
    endorser = (site / "issuers/industry-body/index.html").read_text(encoding="utf-8")
    assert "New Title" in endorser
