"""Stackable pathways: rule evaluation, what each page and document says, the golden diagram.

Every validation error has its own folder under tests/cases/invalid/stack-*; the planner in
a real browser is in test_pathways_browser.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from credcat.check.pathways import (
    credit_range,
    evaluate,
    needed_count,
    remaining_count,
    required_ids,
)
from credcat.core.diagnostics import Report
from credcat.load.catalog import Catalog
from credcat.load.pipeline import load_catalog
from credcat.model.records import Rule, RuleKind, parse_rule
from credcat.publish.build import build
from credcat.render.render_pathway import pathway, pathway_svg, role_in
from tests.catalogs import credential, write_catalog

GOLDEN = Path(__file__).parent / "golden" / "pathway.svg"
REPO = Path(__file__).resolve().parent.parent

CREDITS = {"a": 2.0, "b": 2.0, "c": 1.0, "e1": 2.0, "e2": 1.0, "e3": 3.0, "p1": 1.0, "p2": 2.0}

# Two required core modules, any two of three electives, and 3 credits of projects.
RULE = parse_rule(
    {
        "all": [
            "a",
            "b",
            {"at_least": 2, "of": ["e1", "e2", "e3"], "label": "Electives"},
            {"credits": 3, "of": ["p1", "p2", "c"]},
        ]
    }
)


def test_parse_rule_keeps_structure_and_pointers() -> None:
    assert RULE.kind is RuleKind.ALL
    electives = RULE.items[2]
    assert isinstance(electives, Rule)
    assert (electives.kind, electives.need, electives.label) == (RuleKind.AT_LEAST, 2, "Electives")
    assert electives.pointer == "/components/all/2"
    assert [i for i, _ in RULE.leaves()] == ["a", "b", "e1", "e2", "e3", "p1", "p2", "c"]
    assert dict(RULE.leaves())["e3"] == "/components/all/2/of/2"
    plain = parse_rule(["x", "y"])
    assert (plain.kind, plain.items, plain.item_pointers) == (
        RuleKind.ALL,
        ("x", "y"),
        ("/components/0", "/components/1"),
    )


def test_nothing_held_needs_everything_at_least_cost() -> None:
    state = evaluate(RULE, frozenset(), CREDITS)
    assert not state.satisfied
    assert state.need == 4  # a, b, the electives group, the projects group
    # a + b (4) + the two cheapest electives (1 + 2) + 3 project credits
    assert state.credits == 10
    assert state.held_credits == 0


def test_partial_progress_counts_per_group() -> None:
    state = evaluate(RULE, frozenset({"a", "e3", "p2"}), CREDITS)
    assert state.need == 3
    assert state.held_credits == 7
    b, electives, projects = state.candidates
    assert b == "b"
    assert not isinstance(electives, str)
    assert not isinstance(projects, str)
    assert (electives.need, electives.candidates, electives.credits) == (1, ("e1", "e2"), 1)
    assert (projects.need, projects.candidates, projects.credits) == (1, ("p1", "c"), 1)
    assert state.credits == 2 + 1 + 1


def test_more_than_enough_is_satisfied() -> None:
    held = frozenset({"a", "b", "e1", "e2", "e3", "p1", "p2"})
    state = evaluate(RULE, held, CREDITS)
    assert state.satisfied
    assert state.need == 0
    assert state.candidates == ()
    assert state.credits == 0


def test_credits_group_counts_credits_not_items() -> None:
    rule = parse_rule({"credits": 3, "of": ["p1", "p2", "c"]})
    assert evaluate(rule, frozenset({"p1", "c"}), CREDITS).need == 1
    assert evaluate(rule, frozenset({"p2", "c"}), CREDITS).satisfied
    assert evaluate(rule, frozenset({"p1", "p2"}), CREDITS).satisfied


def test_at_least_group_with_a_nested_group_as_one_option() -> None:
    rule = parse_rule({"at_least": 1, "of": ["a", {"all": ["b", "c"]}]})
    assert not evaluate(rule, frozenset({"b"}), CREDITS).satisfied
    assert evaluate(rule, frozenset({"b", "c"}), CREDITS).satisfied
    assert evaluate(rule, frozenset({"a"}), CREDITS).satisfied
    assert evaluate(rule, frozenset(), CREDITS).credits == 2  # a alone, or b + c (3)


def test_required_ids_and_credit_range() -> None:
    assert required_ids(RULE) == ("a", "b")
    assert required_ids(parse_rule({"at_least": 2, "of": ["a", "b"]})) == ("a", "b")
    assert required_ids(parse_rule({"credits": 1, "of": ["a"]})) == ()
    # core 4 + electives 3..5 + projects: minimal sets {p2, c}=3, {p1, p2}=3 -> 3..3
    assert credit_range(RULE, CREDITS) == (10, 12)
    assert credit_range(parse_rule({"credits": 3, "of": ["e1", "e2", "e3"]}), CREDITS) == (3, 3)
    assert credit_range(parse_rule({"credits": 2, "of": ["e2", "e3", "p1"]}), CREDITS) == (2, 3)


def test_counts_what_is_required_not_what_is_listed() -> None:
    # a, b; 2 of 3 electives; 3 credits from p1 (1), p2 (2), c (1): at best p2 + one more.
    assert needed_count(RULE, CREDITS) == 6
    assert remaining_count(RULE, frozenset({"e1", "e2", "e3"}), CREDITS) == 4
    assert remaining_count(RULE, frozenset({"a", "p2"}), CREDITS) == 4
    assert remaining_count(RULE, frozenset({"a", "b", "e1", "e3", "p1", "c"}), CREDITS) == 1
    everything = frozenset(CREDITS)
    assert remaining_count(RULE, everything, CREDITS) == 0
    three_plus_one = parse_rule({"all": ["a", "b", "c", {"at_least": 1, "of": ["e1", "e2"]}]})
    assert needed_count(three_plus_one, CREDITS) == 4
    # An unreachable credits group needs all that is left, not more.
    assert needed_count(parse_rule({"credits": 99, "of": ["a", "b"]}), CREDITS) == 2


def test_the_page_summary_counts_required_and_electives(tmp_path: Path) -> None:
    catalog = _stack_catalog(tmp_path)
    group = pathway(catalog, "diploma")
    assert group is not None
    assert group.summary() == (
        "Earn 6 of 8: 2 required, 2 of 3 electives and 3 credits from 3 electives."
    )
    simple = Rule(kind=RuleKind.ALL, items=("a", "b"), item_pointers=("", ""))
    assert needed_count(simple, {}) == 2


def test_a_stack_with_a_capstone_counts_its_own_credits(tmp_path: Path) -> None:
    """credits.own: the stack's own part (a capstone) beside its components' credits."""
    files: dict[str, str | bytes] = {
        f"credentials/{cid}.md": credential(title=f"Module {cid.upper()}") for cid in "ab"
    }
    files["credentials/capstone-cert.md"] = (
        credential(title="Certificate with a capstone", extra="components: [a, b]\n")
        .replace("credits: {value: 1, system: MQA}", "credits: {value: 5, system: MQA, own: 3}")
        .replace("workload_hours: 40", "workload_hours: 200")
    )
    write_catalog(tmp_path, files)
    report = Report()
    result = build(tmp_path / "content", report, output=tmp_path / "site")
    assert result is not None, report.sorted()
    assert report.sorted() == []
    page = (tmp_path / "site" / "credentials" / "capstone-cert" / "index.html").read_text()
    assert "Earn all 2." in page
    assert "Plus 3 credits earned in Certificate with a capstone itself" in page
    assert 'data-own="3"' in page
    index = json.loads((tmp_path / "site" / "catalog.json").read_text())
    entry = next(c for c in index["credentials"] if c["id"] == "capstone-cert")
    assert entry["credits"] == {"value": 5, "system": "MQA", "own": 3}


def test_the_example_certificate_says_what_is_needed() -> None:
    report = Report()
    catalog = load_catalog(REPO / "content", report)
    assert catalog is not None
    group = pathway(catalog, "data-analytics-certificate")
    assert group is not None
    assert group.summary() == "Earn 4 of 5: 3 required and 1 of 2 electives."


def _stack_catalog(tmp_path: Path) -> Catalog:
    files: dict[str, str | bytes] = {
        f"credentials/{cid}.md": credential(title=f"Module {cid.upper()}")
        .replace("credits: {value: 1, system: MQA}", f"credits: {{value: {value:g}, system: MQA}}")
        .replace("workload_hours: 40", f"workload_hours: {value * 40:g}")
        for cid, value in CREDITS.items()
    }
    files["credentials/diploma.md"] = (
        credential(
            title="Diploma in Everything Important and Some More Things Besides",
            extra="components:\n"
            "  all:\n"
            "    - a\n"
            "    - b\n"
            "    - {at_least: 2, of: [e1, e2, e3], label: Electives}\n"
            "    - {credits: 3, of: [p1, p2, c]}\n",
        )
        .replace("credits: {value: 1, system: MQA}", "credits: {value: 11, system: MQA}")
        .replace("workload_hours: 40", "workload_hours: 440")
    )
    write_catalog(tmp_path, files)
    report = Report()
    result = build(tmp_path / "content", report, output=tmp_path / "site")
    assert result is not None, report.sorted()
    assert result.catalog is not None
    assert report.sorted() == []
    return result.catalog


def test_golden_pathway_diagram(tmp_path: Path, update_golden: bool) -> None:
    catalog = _stack_catalog(tmp_path)
    group = pathway(catalog, "diploma")
    assert group is not None
    svg = str(pathway_svg(group, catalog.credentials["diploma"], "g")) + "\n"
    if update_golden:
        GOLDEN.write_text(svg, encoding="utf-8")
    assert svg == GOLDEN.read_text(encoding="utf-8")
    assert svg.count('class="pw-step"') == len(CREDITS)
    assert "Electives: any 2 of these" in svg
    assert "At least 3 credits from these" in svg
    # A long title wraps onto lines of its own, and is not cut.
    goal = re.findall(r'<text class="pw-goal-text"[^>]*>([^<]*)</text>', svg)
    assert " ".join(goal) == "Diploma in Everything Important and Some More Things Besides"
    assert len(goal) > 1
    assert "…" not in svg


def test_pages_and_documents_carry_the_pathway(tmp_path: Path) -> None:
    catalog = _stack_catalog(tmp_path)
    site = tmp_path / "site"
    page = (site / "credentials/diploma/index.html").read_text(encoding="utf-8")
    assert '<svg class="pathway-svg"' in page
    assert 'role="img"' in page
    assert "data-planner hidden" in page  # shown by planner.js only
    assert 'data-kind="at_least" data-need="2"' in page
    assert 'data-kind="credits" data-need="3"' in page
    assert page.count('type="checkbox"') == len(CREDITS)
    assert "assets/planner.js" in page

    assert role_in(catalog, "diploma", "a") == "required"
    assert role_in(catalog, "diploma", "e1") == "an option (Electives): any 2 of 3"
    assert role_in(catalog, "diploma", "p1") == "an option: counts towards 3 credits from 3"
    component = (site / "credentials/e1/index.html").read_text(encoding="utf-8")
    assert "Counts towards" in component
    assert "an option (Electives): any 2 of 3." in component
    assert "planner.js" not in component

    pathways = (site / "pathways/index.html").read_text(encoding="utf-8")
    assert pathways.count('<svg class="pathway-svg"') == 1
    assert "Diploma in Everything Important" in pathways

    index = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    diploma = next(c for c in index["credentials"] if c["id"] == "diploma")
    assert diploma["pathway"] == {
        "type": "all",
        "all": [
            "a",
            "b",
            {"type": "at_least", "need": 2, "of": ["e1", "e2", "e3"], "label": "Electives"},
            {"type": "credits", "need": 3.0, "of": ["p1", "p2", "c"]},
        ],
    }

    ctdl = json.loads((site / "ctdl/diploma.json").read_text(encoding="utf-8"))["@graph"][0]
    conditions = {c["ceterms:description"]["en"]: c for c in ctdl["ceterms:requires"]}
    core = conditions["Earn all of these credentials"]
    assert [u.rsplit("/", 1)[1] for u in core["ceterms:targetCredential"]] == ["a.json", "b.json"]
    electives = conditions["Electives: earn any 2 of these"]
    # CTDL defines requiredNumber on pathway components only: the count is in the text
    assert "ceterms:requiredNumber" not in electives
    assert len(electives["ceterms:targetCredential"]) == 3
    projects = conditions["Earn at least 3 credits from these credentials"]
    assert projects["ceterms:creditValue"][0]["@type"] == "ceterms:ValueProfile"
    assert projects["ceterms:creditValue"][0]["schema:value"] == 3
    assert len(ctdl["ceterms:hasPart"]) == len(CREDITS)

    badge = json.loads((site / "badges/diploma.json").read_text(encoding="utf-8"))
    parts = [a["targetUrl"] for a in badge["alignment"] if "targetDescription" in a]
    assert [p.rsplit("/", 1)[1] for p in parts] == [f"{c}.json" for c in RULE_ORDER]
    achievement = json.loads((site / "achievements/diploma.json").read_text(encoding="utf-8"))
    kinds = [a["targetType"] for a in achievement["alignment"]]
    assert kinds.count("ceterms:Credential") == len(CREDITS)


RULE_ORDER = ["a", "b", "e1", "e2", "e3", "p1", "p2", "c"]


@pytest.mark.parametrize(
    ("components", "code"),
    [
        ("[a, ghost]", "ref.unknown"),
        ("{at_least: 3, of: [a, b]}", "stack.unsatisfiable"),
        ("{credits: 30, of: [a, b]}", "stack.unsatisfiable"),
        ("{all: [a, a]}", "stack.duplicate"),
        ("{all: [a], of: [b]}", "stack.rule"),
    ],
)
def test_a_broken_rule_stops_the_build_and_keeps_the_site(
    tmp_path: Path, components: str, code: str
) -> None:
    files: dict[str, str | bytes] = {
        "credentials/a.md": credential(title="A"),
        "credentials/b.md": credential(title="B"),
        "credentials/cert.md": credential(title="Cert", extra=f"components: {components}\n"),
    }
    write_catalog(tmp_path, files)
    site = tmp_path / "site"
    site.mkdir()
    (site / "keep.txt").write_text("previous build", encoding="utf-8")
    report = Report()
    assert build(tmp_path / "content", report, output=site) is None
    assert code in {d.code for d in report.sorted()}
    assert (site / "keep.txt").read_text(encoding="utf-8") == "previous build"
