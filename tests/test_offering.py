"""What real offerings need beside the definition: partners, funding schemes and intakes.

Bad values have their folder under tests/cases/invalid/partners-and-intakes; intakes in a
real browser (past ones hidden by the learner's clock) are in test_site_browser.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from credcat.core.diagnostics import Report
from credcat.publish.build import build
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
    # Dates in words, in the page's language, through the one date filter.
    assert '<time datetime="2027-01-11">Jan 11, 2027</time>' in page
    assert '<time datetime="2027-01-04">Jan 4, 2027</time>' in page
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


def _page_jsonld(page: str) -> dict[str, Any]:
    start = page.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    data: dict[str, Any] = json.loads(page[start : page.index("</script>", start)])
    return data


def test_every_standard_carries_partners_funding_and_intakes(tmp_path: Path) -> None:
    extra = OFFERING.replace(
        "    role: provider\n",
        "    role: provider\n  - issuer: co-body\n    role: co-awarding\n"
        "  - issuer: industry-body\n    role: assessor\n",
    )
    write_catalog(
        tmp_path,
        {
            "credentials/data-basics.md": credential(extra=extra),
            "issuers/industry-body.yaml": ISSUER.replace("Test University", "Data Industry Body"),
            "issuers/training-co.yaml": ISSUER.replace("Test University", "Training Company"),
            "issuers/co-body.yaml": ISSUER.replace("Test University", "Co University"),
        },
    )
    site = tmp_path / "site"
    report = Report()
    assert build(tmp_path / "content", report, output=site) is not None, report.sorted()
    base = "https://example.org/catalog/issuers/"
    ids = {name: f"{base}{name}/" for name in ("test-uni", "co-body", "training-co")}
    ids["industry"] = f"{base}industry-body/"

    # CTDL: owners and offerers, recognition, the assessor's condition, funding, places.
    ctdl = json.loads((site / "ctdl/data-basics.json").read_text(encoding="utf-8"))["@graph"]
    node = ctdl[0]
    assert node["ceterms:ownedBy"] == [ids["test-uni"], ids["co-body"]]
    assert node["ceterms:offeredBy"] == [ids["test-uni"], ids["co-body"], ids["training-co"]]
    assert node["ceterms:recognizedBy"] == [ids["industry"]]
    (assessed,) = [c for c in node["ceterms:requires"] if "ceterms:assertedBy" in c]
    assert assessed["ceterms:assertedBy"] == [ids["industry"]]
    assert [o["@id"] for o in ctdl[1:]] == [
        ids["test-uni"],
        ids["industry"],
        ids["training-co"],
        ids["co-body"],
    ]
    (aid,) = node["ceterms:financialAssistance"]
    assert aid["ceterms:name"] == {"en": "HRD Corp claimable"}
    assert aid["ceterms:subjectWebpage"] == "https://hrdcorp.gov.my/"
    assert "ceterms:description" not in aid  # its web page describes it
    assert node["ceterms:availableAt"] == [
        {"@type": "ceterms:Place", "ceterms:name": {"en": "Shah Alam campus"}}
    ]
    assert node["ceterms:availabilityListing"] == [
        "https://example.org/catalog/credentials/data-basics/#intakes"
    ]

    # schema.org: providers, recognition, funding and one CourseInstance per intake.
    page = (site / "credentials/data-basics/index.html").read_text(encoding="utf-8")
    course = _page_jsonld(page)
    assert [p["name"] for p in course["provider"]] == [
        "Test University",
        "Co University",
        "Training Company",
    ]
    awarded = course["educationalCredentialAwarded"]
    assert [o["name"] for o in awarded["offers"]["offeredBy"]] == [
        "Test University",
        "Co University",
    ]
    assert awarded["recognizedBy"]["name"] == "Data Industry Body"
    assert course["financialAidEligible"] == [
        {"@type": "DefinedTerm", "name": "HRD Corp claimable", "url": "https://hrdcorp.gov.my/"}
    ]
    first, second = course["hasCourseInstance"]
    assert first == {
        "@type": "CourseInstance",
        "startDate": "2027-01-11",
        "endDate": "2027-02-19",
        "courseMode": "onsite",
        "courseWorkload": "PT40H",
        "location": {"@type": "Place", "name": "Shah Alam campus"},
        "url": "https://www.test.example/enrol/2027-01",
        "offers": {
            "@type": "Offer",
            "availability": "https://schema.org/InStock",
            "validThrough": "2027-01-04",
            "url": "https://www.test.example/enrol/2027-01",
            "price": "0",
            "priceCurrency": "MYR",
        },
    }
    assert second["startDate"] == "2027-05-03"
    assert second["offers"]["availability"] == "https://schema.org/PreSale"

    # The co-awarding body's page: an awarding body that co-awards the credential.
    co_page = (site / "issuers/co-body/index.html").read_text(encoding="utf-8")
    assert '<p class="eyebrow">Awarding body' in co_page
    assert "<h3>Co-awards</h3>" in co_page
    assert "Data Analysis Basics" in co_page
    industry = (site / "issuers/industry-body/index.html").read_text(encoding="utf-8")
    assert '<p class="eyebrow">Partner organisation' in industry
    # One list per combination of roles: each credential (and its card's id) once a page.
    assert "<h3>Assesses learners for · Endorses</h3>" in industry
    assert industry.count('id="card-data-basics"') == 1

    # Open Badges: the 3.0 creator stays the awarding issuer, partners are aligned; the 2.0
    # BadgeClass names them in its partners extension.
    achievement = json.loads((site / "achievements/data-basics.json").read_text("utf-8"))
    assert achievement["creator"]["name"] == "Test University"
    partners = [
        a
        for a in achievement["alignment"]
        if a["targetUrl"].startswith("https://example.org/catalog/profiles/")
    ]
    assert [(a["targetType"], a["targetName"]) for a in partners] == [
        ("ext:Endorser", "Data Industry Body"),
        ("ext:Provider", "Training Company"),
        ("ext:CoAwardingBody", "Co University"),
        ("ext:Assessor", "Data Industry Body"),
    ]
    badge = json.loads((site / "badges/data-basics.json").read_text(encoding="utf-8"))
    extension = badge["extensions:PartnersExtension"]
    profiles = "https://example.org/catalog/issuers/"
    assert extension["coAwardingBodies"] == [f"{profiles}co-body.json"]
    assert extension["providers"] == [f"{profiles}training-co.json"]
    assert extension["endorsers"] == extension["assessors"] == [f"{profiles}industry-body.json"]


def test_dates_are_written_in_the_pages_language() -> None:
    from credcat.core.formats import Formats

    assert Formats("en").date("2027-01-04") == "Jan 4, 2027"
    assert Formats("ms").date("2027-03-04") == "4 Mac 2027"
    assert Formats("id").date("2027-08-04") == "4 Agu 2027"
    assert Formats("en").date("soon") == "soon"
