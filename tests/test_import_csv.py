"""credcat import of spreadsheets: columns and synonyms, values, located errors, the template."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credcat.commands.cli import main
from credcat.core.diagnostics import Report
from credcat.core.schema import load_schema
from credcat.importing.csv_columns import (
    COLUMNS,
    NOT_IMPORTABLE,
    VALUE_SYNONYMS,
    Column,
    columns_by_key,
    columns_markdown,
    enum_values,
    find_column,
    match_value,
)
from credcat.importing.csv_template import template
from credcat.importing.import_csv import CsvOptions, read_csv
from credcat.publish.build import build
from tests.catalogs import CATALOG, ISSUER

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "import"
LOCATED = re.compile(r"^\S+\.csv:\d+:\d+: (error|warning)\[import\.[a-z-]+\]: ")


def _catalog(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    (content / "issuers").mkdir(parents=True)
    (content / "credentials").mkdir()
    (content / "catalog.yaml").write_text(CATALOG, encoding="utf-8")
    (content / "issuers/test-university.yaml").write_text(ISSUER, encoding="utf-8")
    return content


def _import(
    content: Path, sheet: Path, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    code = main(["import", "--catalog", str(content), *args, str(sheet)])
    out, err = capsys.readouterr()
    return code, out, err


def _sheet(tmp_path: Path, text: str, name: str = "sheet.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _read(content: Path, text: str) -> tuple[list[dict[str, object]], Report]:
    report = Report()
    rows = read_csv("s.csv", text, CsvOptions(header_map={}, root=content), report)
    return [r.front for r in rows], report


# --- columns and synonyms ---


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Course name", "title"),
        ("course_name", "title"),
        ("COURSE-NAME", "title"),
        ("  Course  Names ", "title"),
        ("Name", "title"),
        ("Title", "title"),
        ("Hours", "workload_hours"),
        ("Notional hours", "workload_hours"),
        ("Study Hours", "workload_hours"),
        ("Price", "cost_amount"),
        ("Fee", "cost_amount"),
        ("Cost", "cost_amount"),
        ("Currency", "cost_currency"),
        ("Summary", "summary"),
        ("Short description", "summary"),
        ("Description", "body"),
        ("Details", "body"),
        ("Language", "languages"),
        ("Language(s)", "languages"),
        ("Level", "level_value"),
        ("Credits", "credits_value"),
        ("Issuer", "issuer"),
        ("Provider", "issuer"),
        ("Awarding body", "issuer"),
        ("Skills", "skill_names"),
        ("URL", "url"),
        ("Link", "url"),
        ("Enrol link", "url"),
        ("Superseded by", "superseded_by"),
        ("cost.amount", "cost_amount"),
        ("skills[].url", "skill_urls"),
    ],
)
def test_headers_match_whatever_their_case_spacing_and_punctuation(
    header: str, column: str
) -> None:
    found = find_column(header)
    assert found is not None
    assert found.name == column


@pytest.mark.parametrize("column", COLUMNS, ids=lambda c: c.name)
def test_every_column_name_in_any_case_and_punctuation(column: Column) -> None:
    for header in (
        column.name,
        column.name.replace("_", " ").title(),
        column.name.upper().replace("_", "-"),
        f" {column.name.replace('_', '.')} ",
        column.target,
        *column.synonyms,
        *(s.upper() for s in column.synonyms),
    ):
        assert find_column(header) is column, header


def test_the_synonym_table_is_unambiguous_and_covers_the_schema() -> None:
    assert len(columns_by_key()) > len(COLUMNS)  # raises if one header named two columns
    properties = set(load_schema("credential")["properties"])
    fields = {c.field for c in COLUMNS}
    assert properties - fields == {"changes"}
    assert set(NOT_IMPORTABLE) <= properties
    assert fields - properties == {"id", "body"}
    for column in COLUMNS:
        assert column.schema, column  # the column's key exists in the schema


def test_value_synonyms_name_values_of_the_schema() -> None:
    by_target = {c.target: c for c in COLUMNS}
    for target, synonyms in VALUE_SYNONYMS.items():
        allowed = enum_values(by_target[target])
        assert allowed is not None, target
        assert set(synonyms.values()) <= set(allowed), target


@pytest.mark.parametrize(
    ("column", "text", "value"),
    [
        ("participation", "Online", "online"),
        ("participation", "ONLINE", "online"),
        ("participation", "In person", "in-person"),
        ("participation", "Face-to-face", "in-person"),
        ("participation", "Hybrid", "blended"),
        ("participation", "Blended", "blended"),
        ("type", "Micro-credential", "MicroCredential"),
        ("type", "certificate of completion", "CertificateOfCompletion"),
        ("type", "BADGE", "Badge"),
        ("status", "Active", "active"),
        ("intake_statuses", "Open", "open"),
        ("partner_roles", "Co-awarding", "co-awarding"),
        ("participation", "sometimes", None),
    ],
)
def test_enumerated_values_match_whatever_their_case(
    column: str, text: str, value: str | None
) -> None:
    found = find_column(column)
    assert found is not None
    assert match_value(found, text) == value


def test_readme_lists_every_column_and_synonym(update_golden: bool) -> None:
    path = REPO / "README.md"
    readme = path.read_text(encoding="utf-8")
    start = readme.index("| column | fills | also read as |")
    end = readme.index("\n<!-- end of the columns table -->", start)
    if update_golden:
        path.write_text(readme[:start] + columns_markdown() + readme[end:], encoding="utf-8")
    else:
        assert readme[start:end] == columns_markdown(), "run with --update-golden"


def test_import_help_lists_every_column_and_synonym(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    for column in COLUMNS:
        assert f" {column.name} " in shown
        assert ", ".join(column.synonyms) in shown
    assert "changes: the version history" in shown


# --- a real sheet ---


def test_a_messy_sheet_imports_with_no_map_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Mixed-case headers, synonyms, 'Online', 'RM 1,200', 'MQF 4', skill names only."""
    content = _catalog(tmp_path)
    code, out, err = _import(content, FIXTURES / "messy-sheet.csv", capsys)
    assert code == 0, err
    assert "import: 3 credential(s); 0 errors, 1 warning" in out
    assert "messy-sheet.csv:2:12: warning[import.skill]: Skills (skill_names): 2 skill(s) " in err
    data = (content / "credentials/data-dashboards-and-decisions.md").read_text(encoding="utf-8")
    for line in (
        "issuer: test-university",  # named by the issuer's name
        "type: MicroCredential",
        "participation: online",
        "workload_hours: 40",
        "cost:\n  amount: 1200\n  currency: MYR",
        "level:\n  framework: MQF\n  value: 4",
        "credits:\n  value: 1\n  system: MQA",
        "languages:\n- en\n- ms",
        "url: https://www.test.example/courses/ddd",
        "tags:\n- Data visualisation\n- Dashboards",
        "updated: '2026-01-15'",
        "intakes:\n- start: '2026-03-02'\n- start: '2026-07-06'",
        "funding:\n- name: HRD Corp claimable",
    ):
        assert line in data
    assert data.endswith(
        "---\nLearners build a dashboard from their own organisation's data and present it.\n"
    )
    stor = (content / "credentials/pengurusan-stor-dan-inventori.md").read_text(encoding="utf-8")
    assert "participation: blended" in stor  # Hybrid
    assert "type: CertificateOfCompletion" in stor
    assert "cost:\n  amount: 0\n  currency: MYR" in stor  # Free, myr
    food = (content / "credentials/food-safety-for-kitchens.md").read_text(encoding="utf-8")
    assert "participation: in-person" in food  # IN PERSON
    assert "type: Badge" in food
    report = Report()
    assert build(content, report, output=tmp_path / "site") is not None, report.sorted()


def test_skill_names_without_urls_import_as_tags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was `credcat: internal error: KeyError('url')`."""
    content = _catalog(tmp_path)
    sheet = _sheet(
        tmp_path,
        "title,summary,issuer,criteria,skill_names,skill_urls,skill_frameworks\n"
        "Data Basics,Work with data.,test-university,Pass a test.,"
        "Data literacy|SQL,|https://sfia-online.org/en/sfia-8/skills/database-design,|SFIA\n",
    )
    code, _, err = _import(content, sheet, capsys)
    assert code == 0, err
    assert "Traceback" not in err
    assert "internal error" not in err
    assert "sheet.csv:2:5: warning[import.skill]: skill_names: 1 skill(s) without a URL " in err
    cred = (content / "credentials/data-basics.md").read_text(encoding="utf-8")
    assert (
        "skills:\n- name: SQL\n"
        "  url: https://sfia-online.org/en/sfia-8/skills/database-design\n  framework: SFIA\n"
        in cred
    )
    assert "tags:\n- Data literacy\n" in cred
    assert build(content, Report(), output=tmp_path / "site") is not None


def test_every_field_the_model_has_can_be_imported(tmp_path: Path) -> None:
    content = _catalog(tmp_path)
    (content / "issuers/skillsforward.yaml").write_text(ISSUER, encoding="utf-8")
    header = (
        "title,summary,issuer,criteria,status,superseded_by,renamed_from,recommended,"
        "partner_issuers,partner_roles,funding_names,funding_countries,intake_starts,"
        "intake_modes,intake_statuses,assessment_method,assessment_supervised,qa_type,"
        "credits_value,credits_system,credits_own,text_language,specialization\n"
    )
    fronts, report = _read(
        content,
        header + "Old,Old one.,test-university,Pass.,Retired,new-one,older-one,basics,"
        "skillsforward,Endorser,SkillsFuture Credit|HRD Corp claimable,sg|my,"
        "2026-03-02|2026-09-07,Online|face to face,open|Waiting list,Exam,Yes,Internal QA,"
        "4,ECTS,1,MS,Analytics\n",
    )
    assert report.diagnostics == []
    assert fronts == [
        {
            "title": "Old",
            "summary": "Old one.",
            "issuer": "test-university",
            "criteria": "Pass.",
            "status": "retired",
            "superseded_by": "new-one",
            "renamed_from": ["older-one"],
            "recommended": ["basics"],
            "partners": [{"issuer": "skillsforward", "role": "endorser"}],
            "funding": [
                {"name": "SkillsFuture Credit", "country": "SG"},
                {"name": "HRD Corp claimable", "country": "MY"},
            ],
            "intakes": [
                {"start": "2026-03-02", "mode": "online", "status": "open"},
                {"start": "2026-09-07", "mode": "in-person", "status": "waitlist"},
            ],
            "assessment": {"method": "Exam", "supervised": True},
            "quality_assurance": {"type": "Internal QA"},
            "credits": {"value": 4, "system": "ECTS", "own": 1},
            "text_language": "ms",
            "specialization": "Analytics",
        }
    ]


def test_list_cells_split_on_the_separator_and_line_breaks(tmp_path: Path) -> None:
    content = _catalog(tmp_path)
    fronts, report = _read(
        content,
        "title,summary,issuer,criteria,Learning outcomes,Languages,Type\n"
        'A,B,test-university,C,"Clean data.\nChart it.|Report it.","English, Malay",Short course\n',
    )
    assert report.diagnostics == []
    assert fronts[0]["learning_outcomes"] == ["Clean data.", "Chart it.", "Report it."]
    assert fronts[0]["languages"] == ["en", "ms"]
    assert fronts[0]["type"] == "Course"


def test_headers_that_name_a_unit(tmp_path: Path) -> None:
    content = _catalog(tmp_path)
    fronts, report = _read(
        content,
        "Programme Title,Summary,Awarding Body,Criteria,Duration (weeks),Course Fee (RM),"
        "MQF Level,Credits (ECTS),Total Notional Hours,Start Date,Intake Statuses,"
        "Valid for [years]\n"
        'A,B,Test University,C,6,"1,500",4,2,80,2026-03-02,Open,3\n',
    )
    assert report.diagnostics == []
    assert fronts == [
        {
            "title": "A",
            "summary": "B",
            "issuer": "test-university",
            "criteria": "C",
            "duration": "6 weeks",
            "cost": {"amount": 1500, "currency": "MYR"},
            "level": {"framework": "MQF", "value": 4},
            "credits": {"value": 2, "system": "ECTS"},
            "workload_hours": 80,
            "intakes": [{"start": "2026-03-02", "status": "open"}],
            "valid_for": "3 years",
        }
    ]


def test_map_renames_or_leaves_out_a_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = _catalog(tmp_path)
    sheet = _sheet(
        tmp_path,
        "Kursus,Ringkas,Notes,issuer,criteria\nData Basics,Work with data.,internal,"
        "test-university,Pass a test.\n",
    )
    args = ["--map", "Kursus=Title", "--map", "ringkas=Short description", "--map", "Notes="]
    code, _, err = _import(content, sheet, capsys, *args)
    assert code == 0, err
    assert "summary: Work with data." in (content / "credentials/data-basics.md").read_text(
        encoding="utf-8"
    )
    code, _, err = _import(content, sheet, capsys, "--map", "Kursus=titel", "--overwrite")
    assert code == 1
    assert (
        "sheet.csv:1:1: error[import.column]: --map 'Kursus=titel': 'titel' is not a column "
        "credcat reads; did you mean 'title'?"
    ) in err


def test_a_field_that_cannot_come_from_a_sheet_says_so(tmp_path: Path) -> None:
    report = Report()
    read_csv("s.csv", "title,changes\nA,B\n", CsvOptions(header_map={}), report)
    assert [str(d.location) for d in report.diagnostics] == ["s.csv:1:2"]
    assert report.diagnostics[0].message.startswith(
        "column 'changes' cannot be imported from a spreadsheet: the version history"
    )


def test_blank_lines_above_the_header_are_skipped() -> None:
    report = Report()
    read_csv("s.csv", "\n,,\nTitle,Nope\nA,B\n", CsvOptions(header_map={}), report)
    assert [str(d.location) for d in report.diagnostics] == ["s.csv:3:2"]


@pytest.mark.parametrize(
    "text",
    [
        "Title;Summary;Issuer;Criteria;Fee;Currency\nA;B;test-university;C;1,5;MYR\n",
        "sep=;\nTitle;Summary;Issuer;Criteria;Fee;Currency\nA;B;test-university;C;1,5;MYR\n",
        "Title\tSummary\tIssuer\tCriteria\tFee\tCurrency\nA\tB\ttest-university\tC\t1.5\tMYR\n",
    ],
)
def test_semicolon_and_tab_separated_sheets(tmp_path: Path, text: str) -> None:
    fronts, report = _read(_catalog(tmp_path), text)
    assert report.diagnostics == []
    assert fronts == [
        {
            "title": "A",
            "summary": "B",
            "issuer": "test-university",
            "criteria": "C",
            "cost": {"amount": 1.5, "currency": "MYR"},
        }
    ]


def test_rows_with_one_id_are_reported_at_the_second() -> None:
    report = Report()
    text = "Title,Summary,Issuer,Criteria\nData,A,x,C\nOther,A,x,C\nDATA,B,x,C\n"
    found = read_csv("s.csv", text, CsvOptions(header_map={}, issuers=frozenset({"x"})), report)
    assert [r.ident for r in found] == ["data", "other"]
    assert [(str(d.location), d.code, d.message) for d in report.diagnostics] == [
        (
            "s.csv:4:1",
            "import.duplicate",
            "id 'data' is also the id of the row on line 2 (ids are made from titles)",
        )
    ]


def test_a_map_that_names_no_column_is_a_warning() -> None:
    report = Report()
    text = "Title,Summary,Issuer,Criteria\nA,B,x,C\n"
    options = CsvOptions(header_map={"Kursus": "title"}, issuers=frozenset({"x"}))
    assert len(read_csv("s.csv", text, options, report)) == 1
    assert [(str(d.location), d.message) for d in report.diagnostics] == [
        ("s.csv:1:1", "--map 'Kursus=title': this sheet has no column 'Kursus'")
    ]


def test_a_sheet_without_a_required_column_says_so_once() -> None:
    report = Report()
    text = "Title,Hours\nA,1\nB,2\nC,3\n"
    assert read_csv("s.csv", text, CsvOptions(header_map={}, issuer="x"), report) == []
    assert [(str(d.location), d.message) for d in report.diagnostics] == [
        ("s.csv:1:1", "the sheet has no summary column, which every credential needs"),
        ("s.csv:1:1", "the sheet has no criteria column, which every credential needs"),
    ]


def test_two_columns_for_one_field(tmp_path: Path) -> None:
    report = Report()
    read_csv("s.csv", "Name,Title\nA,B\n", CsvOptions(header_map={}), report)
    assert [(str(d.location), d.message) for d in report.diagnostics] == [
        ("s.csv:1:2", "column 'Title' and column 1 ('Name') both give title")
    ]


# --- located errors ---

HEADER = (
    "title,summary,issuer,criteria,workload_hours,participation,published,url,cost_amount,"
    "cost_currency\n"
)
GOOD = "A,Sum.,test-university,Pass.,10,online,2026-01-15,https://x.example/,5,MYR"


@pytest.mark.parametrize(
    ("row", "where", "message"),
    [
        (GOOD.replace(",10,", ",ten,"), "2:5", "workload_hours: 'ten' is not a number"),
        (
            GOOD.replace(",online,", ",onlin,"),
            "2:6",
            "participation: 'onlin' is not one of online, in-person, blended",
        ),
        (
            GOOD.replace("2026-01-15", "03/04/2026"),
            "2:7",
            "published: '03/04/2026' could be day/month or month/day",
        ),
        (GOOD.replace("2026-01-15", "2026-02-30"), "2:7", "published: '2026-02-30' is not a date"),
        (GOOD.replace("https://x.example/", "x dot example"), "2:8", "url: 'x dot example' is not"),
        (GOOD.replace(",test-university,", ",nobody,"), "2:3", "issuer: unknown issuer 'nobody'"),
        (GOOD.replace("A,", ",", 1), "2:1", "the title is empty"),
        (GOOD.replace(",MYR", ","), "2:9", "cost_amount given without cost_currency"),
        (GOOD.replace(",Pass.,", ",,"), "2:4", "no criteria: the criteria cell is empty"),
        (GOOD + ",extra", "2:11", "a cell beyond the last column: the header has 10 columns"),
        (GOOD.replace(",10,", ",-3,"), "2:5", "workload_hours: -3 is less than or equal to"),
        (GOOD.replace(",MYR", ",ringgit"), "2:10", "cost_currency: 'RINGGIT' is not valid"),
    ],
)
def test_row_errors_are_located_at_their_cell(
    tmp_path: Path, row: str, where: str, message: str
) -> None:
    content = _catalog(tmp_path)
    fronts, report = _read(content, HEADER + row + "\n")
    assert fronts == []
    shown = [f"{d.location}: {d.message}" for d in report.diagnostics]
    assert any(s.startswith(f"s.csv:{where}: {message}") for s in shown), shown
    assert _read(content, HEADER + GOOD + "\n")[1].diagnostics == []  # the row without it


MALFORMED = [
    b'title,summary\n"unterminated,quote\n',
    b"title\x00,summary\nA,B\n",
    b"title,summary,issuer,criteria\nA,B,test-university,C\x00D\n",
    b"\n\n\n",
    b"",
    b"title,title\n",
    b",,,\n,,,\n",
    b"title;summary;issuer\nA;B;C\n",
    b"title,summary,issuer,criteria,skill_urls,partner_roles,intake_starts\n"
    b"A,B,test-university,C,https://x.example/|https://y.example/,endorser,2026-13-01\n",
    b"title,summary,issuer,criteria,level_value\nA,B,test-university,C,level 4\n",
    b"title," + b"x" * 200_000 + b"\nA,B\n",
    b'\xef\xbb\xbfTitle,Summary\n"A\nB","C"\n',
]


@pytest.mark.parametrize("data", MALFORMED)
def test_malformed_sheets_give_located_errors_not_tracebacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes
) -> None:
    content = _catalog(tmp_path)
    sheet = tmp_path / "bad.csv"
    sheet.write_bytes(data)
    code, _, err = _import(content, sheet, capsys)
    assert code in (0, 1), err
    assert "Traceback" not in err
    assert "internal error" not in err
    for line in err.splitlines():
        if not line.startswith("  hint:"):
            assert LOCATED.match(line), line


@pytest.mark.parametrize(
    ("header", "cell"),
    [
        ("cost_amount", "1" + " " * 20_000 + "1a1"),
        ("credits_value", "RM" + " 1" * 20_000 + "x!"),
        ("level", "MQF" + " " * 20_000 + "level" + " " * 20_000 + "4!"),
        ("workload_hours", "1" * 50_000 + "x"),
        ("published", "2026-01-01 " + "x" * 50_000),
        ("MQF" + " " * 50_000 + "Level", "4"),
        ("Fee (" + " " * 50_000, "4"),
    ],
)
def test_long_cells_and_headers_are_read_in_linear_time(header: str, cell: str) -> None:
    """Regular expressions with overlapping repeats took minutes on such cells."""
    started = time.monotonic()
    report = Report()
    read_csv("s.csv", f'title,"{header}"\nA,"{cell}"\n', CsvOptions(header_map={}), report)
    assert time.monotonic() - started < 2
    assert all(len(d.message) < 400 for d in report.diagnostics)


_HEADERS = st.sampled_from(
    [
        *(c.name for c in COLUMNS),
        "Course Name",
        "Fee",
        "Hours",
        "Mode",
        "Skills",
        "Start Date",
        "Notes",
        "Changes",
        "",
    ]
)
_CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "Online",
            "RM 1,200",
            "MQF 4",
            "yes",
            "maybe",
            "2026-01-15",
            "15/01/2026",
            "a|b||c",
            "test-university",
            "https://x.example/",
            "-1",
            "1e309",
            "nan",
            "Ⅳ",
            "٣",
        ]
    ),
    st.text(max_size=12),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    header=st.lists(_HEADERS, min_size=1, max_size=8),
    rows=st.lists(st.lists(_CELLS, max_size=9), max_size=3),
)
def test_any_sheet_gives_rows_or_located_problems(header: list[str], rows: list[list[str]]) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["title", *header])
    writer.writerows(rows)
    report = Report()
    found = read_csv("f.csv", buffer.getvalue(), CsvOptions(header_map={}), report)
    for d in report.diagnostics:
        assert d.location.path == "f.csv"
        assert d.location.line >= 1
        assert d.location.col >= 1
    assert len(found) <= len(rows)


# --- the template ---


def test_the_template_round_trips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """template -> import -> validate passes, in a catalog made by credcat init."""
    assert main(["init", str(tmp_path / "site"), "--base-url", "https://x.example/c/"]) == 0
    content = tmp_path / "site" / "content"
    target = tmp_path / "courses.csv"
    assert main(["import", "--catalog", str(content), "--template", str(target)]) == 0
    out, err = capsys.readouterr()
    assert "wrote" in out
    header, _example, *rest = target.read_text(encoding="utf-8").splitlines()
    assert rest == []
    assert header.split(",") == [c.name for c in COLUMNS]
    code, out, err = _import(content, target, capsys)
    assert code == 0, err
    assert "1 credential(s); 0 errors, 0 warnings" in out
    cred = (content / "credentials/data-analysis-spreadsheets.md").read_text(encoding="utf-8")
    for field in ("skills:", "intakes:", "funding:", "quality_assurance:", "assessment:"):
        assert field in cred
    assert main(["validate", str(content)]) == 0, capsys.readouterr()
    # an existing file is kept; without FILE, the template goes to standard output
    assert main(["import", "--template", str(target)]) == 1
    assert "exists; pass --overwrite" in capsys.readouterr().err
    assert main(["import", "--issuer", "unimaju", "--template"]) == 0
    out = capsys.readouterr().out
    assert out == template("unimaju")
    assert main(["import", "--template", "-", "extra.csv"]) == 2
