"""Multilingual catalogs: message catalogs, fallbacks, language versions of pages and JSON.

Bad translations and broken .po files have their folders under tests/cases/invalid/
translation-*; the language switch in a real browser is in test_i18n_browser.py.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft201909Validator

from credcat.check.theme import builtin_theme
from credcat.commands.cli import main
from credcat.commands.messages import all_messages, pot_text
from credcat.core.diagnostics import Report
from credcat.core.i18n import PoError, Translator, load_translators, parse_po
from credcat.publish.build import build
from tests.catalogs import CATALOG, credential, write_catalog
from tests.test_standards import STANDARDS, _assert_nothing_dropped, _read, _wrap

REPO = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@pytest.mark.parametrize("lang", ["ms", "id"])
def test_shipped_message_catalogs_are_complete(lang: str) -> None:
    theme = builtin_theme()
    po = parse_po((theme / "locales" / f"{lang}.po").read_text(encoding="utf-8"), lang)
    assert (po.plural_rule, po.plural_count) == ("0", 1)  # one form for every count
    messages = po.texts()
    wanted = all_messages(theme)
    assert len(wanted) > 150
    assert sum(1 for m in wanted if isinstance(m, tuple)) >= 15
    missing = [m for m in wanted if m not in messages]
    assert missing == []
    for msgid in wanted:  # the same placeholders, so filling them never fails
        source = msgid if isinstance(msgid, str) else msgid[1]
        for form in messages[msgid]:
            assert sorted(PLACEHOLDER.findall(form)) == sorted(PLACEHOLDER.findall(source)), msgid
    unused = sorted(set(messages) - set(wanted), key=str)
    assert unused == []


def test_the_pot_template_is_up_to_date() -> None:
    theme = builtin_theme()
    pot = (theme / "locales" / "credcat.pot").read_text(encoding="utf-8")
    assert pot == pot_text(all_messages(theme)), "run: python -m credcat.commands.messages"
    po = parse_po(pot, "en")  # Babel reads it; a template translates nothing
    assert (po.entries, po.plural_count) == ((), 2)
    plural_ids = re.findall(r'^msgid "(.+)"\nmsgid_plural "(.+)"$', pot, re.MULTILINE)
    assert ("{n} {system} credit", "{n} {system} credits") in plural_ids
    assert ("{n} credential found", "{n} credentials found") in plural_ids


def test_po_reader() -> None:
    text = (
        '# comment\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Skills"\nmsgstr "Kemahiran"\n\n'
        'msgid "Long"\nmsgstr ""\n"Panjang "\n"sekali \\"betul\\""\n\n'
        '#, fuzzy\nmsgid "Draft"\nmsgstr "Draf"\n\n'
        'msgid "Empty"\nmsgstr ""\n'
    )
    assert parse_po(text).texts() == {"Skills": ("Kemahiran",), "Long": ('Panjang sekali "betul"',)}
    with pytest.raises(PoError) as caught:
        parse_po('msgid "A"\nmsgstr "B"\n\nmsgid "C"\n')
    assert caught.value.line == 4
    t = Translator("ms", {"Any {n} of these": "Mana-mana {n} daripada ini"})
    assert t("Any {n} of these", n=2) == "Mana-mana 2 daripada ini"
    assert t("Untranslated {n}", n=1) == "Untranslated 1"


PLURAL_PO = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
    'msgid "{n} credit"\nmsgid_plural "{n} credits"\nmsgstr[0] "{n} kredit"\n\n'
    'msgid "{n} {system} credit"\nmsgid_plural "{n} {system} credits"\n'
    'msgstr[0] "{n} kredit {system}"\n'
)


def test_po_reader_reads_plural_forms_with_babel() -> None:
    po = parse_po(PLURAL_PO, "ms")
    assert (po.plural_rule, po.plural_count) == ("0", 1)
    assert po.texts() == {
        ("{n} credit", "{n} credits"): ("{n} kredit",),
        ("{n} {system} credit", "{n} {system} credits"): ("{n} kredit {system}",),
    }
    assert [e.line for e in po.entries] == [6, 10]
    # Without a Plural-Forms header, CLDR's rule for the language (via Babel) applies.
    two = 'msgid "{n} day"\nmsgid_plural "{n} days"\nmsgstr[0] "{n} Tag"\nmsgstr[1] "{n} Tage"\n'
    assert parse_po(two, "de").plural_count == 2
    with pytest.raises(PoError) as caught:  # two forms where Malay has one
        parse_po(PLURAL_PO.replace('"{n} kredit"\n', '"{n} kredit"\nmsgstr[1] "x {n}"\n'), "ms")
    assert caught.value.line == 6
    assert "plural forms" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('msgid "A"\nmsgstr "B\n', 2, "quoted string"),
        ('msgid "A"\nwhat is this\nmsgstr "B"\n', 2, "cannot read this line"),
        ('msgid "A"\nmsgstr "\\q"\n', 2, "bad escape"),
        ('msgid "A"\nmsgid_plural "As"\n\nmsgid "B"\nmsgstr "C"\n', 1, "both msgid and msgstr"),
        (
            'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=n ++ 1;\\n"\n',
            3,
            "plural rule",
        ),
    ],
)
def test_a_broken_po_file_is_a_located_error(text: str, line: int, words: str) -> None:
    with pytest.raises(PoError) as caught:
        parse_po(text, "ms")
    assert (caught.value.line, caught.value.code) == (line, "locale.invalid")
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("lang", "one", "two", "half"),
    [
        ("en", "1 MQA credit", "2 MQA credits", "1.5 MQA credits"),
        ("ms", "1 kredit MQA", "2 kredit MQA", "1.5 kredit MQA"),
        ("id", "1 kredit MQA", "2 kredit MQA", "1,5 kredit MQA"),
    ],
)
def test_plural_forms_in_every_shipped_language(lang: str, one: str, two: str, half: str) -> None:
    theme = builtin_theme()
    translators, problems = load_translators([theme], theme, [lang])
    assert problems == []
    t = translators[lang]
    args = ("{n} {system} credit", "{n} {system} credits")
    assert [t.n(*args, n, system="MQA") for n in (1, 2, 1.5)] == [one, two, half]
    hours = t.n("{n} hour", "{n} hours", 1)
    assert hours == {"en": "1 hour", "ms": "1 jam", "id": "1 jam"}[lang]
    forms = t.forms("{n} credential found", "{n} credentials found")
    if lang == "en":
        assert forms == {
            "lang": "en",
            "one": "{n} credential found",
            "other": "{n} credentials found",
        }
    else:  # one form: Intl.PluralRules says "other" for every count in Malay and Indonesian
        assert set(forms) == {"lang", "other"}
        assert forms["lang"] == lang


def test_untranslated_plural_text_follows_the_english_rule() -> None:
    t = Translator("km")
    assert t.n("{n} credit", "{n} credits", 1) == "1 credit"
    assert t.n("{n} credit", "{n} credits", 3) == "3 credits"
    assert t.forms("{n} credit", "{n} credits")["lang"] == "en"


def _two_language_catalog(tmp_path: Path, extra: dict[str, str | bytes] | None = None) -> Path:
    files: dict[str, str | bytes] = {
        "catalog.yaml": CATALOG + "languages: [en, ms]\n",
        "credentials/data-basics.md": credential().replace("languages: [en]", "languages: [en]"),
        "credentials/siber.md": credential(title="Asas Keselamatan Siber").replace(
            "languages: [en]", "languages: [ms]\ntext_language: ms"
        ),
        "translations/ms/credentials/data-basics.md": (
            '---\ntranslates: "1.0"\ntitle: Asas Analisis Data\n'
            "summary: Membersih dan meringkas set data.\n---\n"
            "## Gambaran\n\nBelajar menganalisis data.\n"
        ),
        "translations/ms/issuers/test-uni.yaml": "description: Universiti untuk ujian.\n",
    }
    files.update(extra or {})
    write_catalog(tmp_path, files)
    return tmp_path / "content"


def test_pages_in_every_language_with_fallbacks_marked(tmp_path: Path) -> None:
    content = _two_language_catalog(tmp_path)
    report = Report()
    assert build(content, report, output=tmp_path / "site") is not None, report.sorted()
    codes = [(d.code, Path(d.location.path).name) for d in report.sorted()]
    assert codes == [("translation.missing", "data-basics.md")]  # criteria, outcomes
    site = tmp_path / "site"

    en = (site / "credentials/data-basics/index.html").read_text(encoding="utf-8")
    ms = (site / "ms/credentials/data-basics/index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in en
    assert '<html lang="ms">' in ms
    assert '<h1 id="title">Asas Analisis Data</h1>' in ms  # translated: no lang of its own
    assert "Belajar menganalisis data." in ms
    assert "Parts of this page are not yet translated" not in en
    assert "Sebahagian halaman ini belum diterjemahkan" in ms  # the note, in Malay
    outcomes = re.search(r'<dd lang="en"><ul class="outcomes">', ms)
    assert outcomes is not None  # the untranslated outcomes say they are English
    assert "Kemahiran" in ms  # interface text from the theme's ms.po

    # A credential written in Malay: on the English page its text is marked as Malay.
    siber = (site / "credentials/siber/index.html").read_text(encoding="utf-8")
    assert '<h1 id="title" lang="ms">Asas Keselamatan Siber</h1>' in siber
    siber_ms = (site / "ms/credentials/siber/index.html").read_text(encoding="utf-8")
    assert '<h1 id="title">Asas Keselamatan Siber</h1>' in siber_ms

    for page in (en, ms):
        alternates = dict(
            re.findall(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)"', page)
        )
        assert alternates == {
            "en": "https://example.org/catalog/credentials/data-basics/",
            "ms": "https://example.org/catalog/ms/credentials/data-basics/",
            "x-default": "https://example.org/catalog/credentials/data-basics/",
        }
        switcher = re.findall(r'<a href="([^"]+)" hreflang="([a-z]+)" lang="[a-z]+"', page)
        up = "../../" if page is en else "../../../"  # relative links
        assert switcher == [
            (f"{up}credentials/data-basics/", "en"),
            (f"{up}ms/credentials/data-basics/", "ms"),
        ]

    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/catalog/ms/credentials/data-basics/</loc>" in sitemap
    assert (
        '<xhtml:link rel="alternate" hreflang="ms" '
        'href="https://example.org/catalog/ms/credentials/data-basics/"/>'
    ) in sitemap
    for path in re.findall(r"<loc>https://example.org/catalog/([^<]*)</loc>", sitemap):
        assert (site / path / "index.html").is_file() or (site / path).is_file(), path

    assert (site / "ms/search/meta.json").is_file()
    records = json.loads((site / "ms/search/records/0.json").read_text(encoding="utf-8"))
    assert "Asas Analisis Data" in {r["title"] for r in records}


def test_json_language_versions_link_each_other(tmp_path: Path) -> None:
    content = _two_language_catalog(tmp_path)
    assert build(content, Report(), output=tmp_path / "site") is not None
    site = tmp_path / "site"
    base = "https://example.org/catalog/"

    canonical = json.loads((site / "badges/data-basics.json").read_text(encoding="utf-8"))
    malay = json.loads((site / "badges/data-basics.ms.json").read_text(encoding="utf-8"))
    assert canonical["id"] == base + "badges/data-basics.json"
    assert (canonical["@language"], canonical["name"]) == ("en", "Data Analysis Basics")
    assert canonical["related"] == [
        {"type": ["BadgeClass"], "id": base + "badges/data-basics.ms.json", "@language": "ms"}
    ]
    assert malay["id"] == base + "badges/data-basics.ms.json"
    assert (malay["@language"], malay["name"]) == ("ms", "Asas Analisis Data")
    assert malay["related"][0]["id"] == canonical["id"]
    assert malay["criteria"]["id"] == base + "ms/credentials/data-basics/"
    assert malay["issuer"] == canonical["issuer"]  # one issuer identity

    untranslated = json.loads((site / "badges/siber.json").read_text(encoding="utf-8"))
    assert "@language" not in untranslated  # no language versions: unchanged document
    assert not (site / "badges/siber.ms.json").exists()

    ob3 = Draft201909Validator(_read(STANDARDS / "ob3/achievementcredential.json"))
    achievement = json.loads((site / "achievements/data-basics.ms.json").read_text("utf-8"))
    assert achievement["inLanguage"] == "ms"
    related = {r["id"]: r for r in achievement["related"]}
    assert related[base + "achievements/data-basics.json"]["inLanguage"] == "en"
    assert base + "badges/data-basics.ms.json" in related
    for name in ("data-basics.json", "data-basics.ms.json"):
        doc = json.loads((site / "achievements" / name).read_text(encoding="utf-8"))
        assert list(ob3.iter_errors(_wrap(doc))) == [], name
        _assert_nothing_dropped(doc)
    _assert_nothing_dropped(malay)
    _assert_nothing_dropped(canonical)

    profile = json.loads((site / "issuers/test-uni.ms.json").read_text(encoding="utf-8"))
    assert (profile["@language"], profile["description"]) == ("ms", "Universiti untuk ujian.")

    ctdl = json.loads((site / "ctdl/data-basics.json").read_text(encoding="utf-8"))["@graph"]
    assert ctdl[0]["ceterms:name"] == {"en": "Data Analysis Basics", "ms": "Asas Analisis Data"}
    assert ctdl[1]["ceterms:description"] == {
        "en": "A university for tests.",
        "ms": "Universiti untuk ujian.",
    }

    index = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    assert index["languages"] == ["en", "ms"]
    entry = next(c for c in index["credentials"] if c["id"] == "data-basics")
    assert entry["translations"] == {
        "ms": {
            "achievement": base + "achievements/data-basics.ms.json",
            "badgeclass": base + "badges/data-basics.ms.json",
        }
    }
    assert entry["pages"]["ms"] == base + "ms/credentials/data-basics/"


def test_a_catalog_adds_a_language_with_a_po_file_only(tmp_path: Path) -> None:
    po = 'msgid "Skills"\nmsgstr "ทักษะ"\n\nmsgid "Key information"\nmsgstr "ข้อมูลสำคัญ"\n'
    content = _two_language_catalog(
        tmp_path,
        {
            "catalog.yaml": CATALOG + "languages: [en, ms, th]\n",
            "locales/th.po": po,
            "locales/ms.po": 'msgid "Skills"\nmsgstr "Kemahiran khas"\n',
        },
    )
    assert build(content, Report(), output=tmp_path / "site") is not None
    thai = (tmp_path / "site/th/credentials/data-basics/index.html").read_text("utf-8")
    assert '<html lang="th">' in thai
    assert "ข้อมูลสำคัญ" in thai
    assert "Learning outcomes" in thai  # untranslated interface text stays English
    malay = (tmp_path / "site/ms/credentials/data-basics/index.html").read_text("utf-8")
    assert "Kemahiran khas" in malay  # the catalog's own ms.po wins over the theme's
    assert "Maklumat utama" in malay  # and the theme's fills the rest


def test_a_catalog_po_with_plural_forms_wins_and_brings_its_rule(tmp_path: Path) -> None:
    # Filipino has two forms; CLDR's rule: 1, 2 and 3 take the first, so do 5, 7, 8, 10...
    rule = "(n != 1 && n != 2 && n != 3 && (n % 10 == 4 || n % 10 == 6 || n % 10 == 9))"
    fil = (
        f'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural={rule};\\n"\n\n'
        'msgid "{n} {system} credit"\nmsgid_plural "{n} {system} credits"\n'
        'msgstr[0] "{n} kredito ({system})"\nmsgstr[1] "{n} mga kredito ({system})"\n'
    )
    ms = (
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        'msgid "{n} {system} credit"\nmsgid_plural "{n} {system} credits"\n'
        'msgstr[0] "{n} unit kredit {system}"\n'
    )
    four_credits = credential().replace("credits: {value: 1,", "credits: {value: 4,")
    content = _two_language_catalog(
        tmp_path,
        {
            "catalog.yaml": CATALOG + "languages: [en, ms, fil]\n",
            "locales/fil.po": fil,
            "locales/ms.po": ms,
            "credentials/other.md": four_credits.replace("Data Analysis Basics", "Other"),
        },
    )
    report = Report()
    assert build(content, report, output=tmp_path / "site") is not None, report.sorted()
    site = tmp_path / "site"

    def credits(lang: str, cid: str) -> str:
        page = (site / lang / "credentials" / cid / "index.html").read_text("utf-8")
        found = re.search(r"<dt>[^<]*</dt><dd>[^<]*?(\d[^<]*?(?:credit|kredit)[^<]*)</dd>", page)
        assert found is not None, page
        return found.group(1).split("; ")[-1]

    assert not [d for d in report.sorted() if d.code.startswith("locale.")]
    assert credits("fil", "data-basics") == "1 kredito (MQA)"
    assert credits("fil", "other") == "4 mga kredito (MQA)"
    assert credits("ms", "data-basics") == "1 unit kredit MQA"  # the catalog's own ms.po
    assert credits("ms", "other") == "4 unit kredit MQA"
    found = re.search(r'data-msg-found="([^"]+)"', (site / "fil/index.html").read_text("utf-8"))
    assert found is not None  # not translated in fil.po: English forms, English rules
    assert json.loads(html.unescape(found.group(1))) == {
        "lang": "en",
        "one": "{n} credential found",
        "other": "{n} credentials found",
    }
    english = (site / "credentials/data-basics/index.html").read_text("utf-8")
    assert "1 MQA credit<" in english


def test_a_plural_rule_that_splits_a_cldr_category_is_a_located_warning(tmp_path: Path) -> None:
    folder = tmp_path / "locales"
    folder.mkdir()
    (folder / "fil.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        'msgid "{n} credit"\nmsgid_plural "{n} credits"\n'
        'msgstr[0] "{n} kredito"\nmsgstr[1] "{n} mga kredito"\n',
        encoding="utf-8",
    )
    translators, problems = load_translators([], tmp_path, ["fil"])
    assert [(d.code, d.severity.value, d.location.line) for d in problems] == [
        ("locale.plural-rule", "warning", 4)
    ]
    assert "CLDR counts both as 'one' in fil" in problems[0].message
    t = translators["fil"]  # still used: the pages follow the file's own rule
    assert [t.n("{n} credit", "{n} credits", n) for n in (1, 2)] == ["1 kredito", "2 mga kredito"]


def test_single_language_catalog_has_no_language_machinery(tmp_path: Path) -> None:
    write_catalog(tmp_path)
    assert build(tmp_path / "content", Report(), output=tmp_path / "site") is not None
    site = tmp_path / "site"
    page = (site / "credentials/data-basics/index.html").read_text(encoding="utf-8")
    assert "hreflang" not in page
    assert "lang-switch" not in page
    assert not (site / "ms").exists()
    assert "xhtml" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "@language" not in (site / "badges/data-basics.json").read_text(encoding="utf-8")


def test_example_catalog_is_multilingual() -> None:
    config = (REPO / "content/catalog.yaml").read_text(encoding="utf-8")
    assert "languages: [en, ms, id]" in config
    translations = sorted(
        p.relative_to(REPO / "content/translations").as_posix()
        for p in (REPO / "content/translations").rglob("*.*")
    )
    malay = [t for t in translations if t.startswith("ms/credentials/")]
    assert len(malay) >= 4
    assert "ms/issuers/unimaju.yaml" in translations


def test_second_build_follows_edits_to_translations_and_message_catalogs(tmp_path: Path) -> None:
    content = _two_language_catalog(tmp_path, {"locales/ms.po": 'msgid "Skills"\nmsgstr "A"\n'})
    site = tmp_path / "site"
    page = site / "ms/credentials/data-basics/index.html"
    assert build(content, Report(), output=site) is not None
    assert "Asas Analisis Data" in page.read_text(encoding="utf-8")
    translation = content / "translations/ms/credentials/data-basics.md"
    translation.write_text(
        translation.read_text(encoding="utf-8").replace("Asas Analisis", "Pengenalan Analisis"),
        encoding="utf-8",
    )
    (content / "locales/ms.po").write_text('msgid "Skills"\nmsgstr "Kemahiran B"\n', "utf-8")
    assert build(content, Report(), output=site) is not None
    text = page.read_text(encoding="utf-8")
    assert "Pengenalan Analisis Data" in text
    assert "Kemahiran B" in text
    badge = json.loads((site / "badges/data-basics.ms.json").read_text(encoding="utf-8"))
    assert badge["name"] == "Pengenalan Analisis Data"


def test_a_translation_of_an_earlier_version_is_stale_and_shows_the_source_meaning(
    tmp_path: Path,
) -> None:
    """After a version bump the old translated title and criteria are not published as the
    new version's: pages and JSON show the source text, marked, until ``translates`` moves."""
    stale = (
        '---\ntranslates: "1.0"\ntitle: Asas Analisis Data\ncriteria: Lulus projek lama.\n'
        "summary: Membersih dan meringkas set data.\n---\n## Gambaran\n\nBelajar.\n"
    )
    bumped = credential().replace("---\ntitle:", '---\nversion: "1.1"\ntitle:', 1)
    content = _two_language_catalog(
        tmp_path,
        {
            "credentials/data-basics.md": bumped,
            "translations/ms/credentials/data-basics.md": stale,
        },
    )
    report = Report()
    assert build(content, report, output=tmp_path / "site") is not None, report.sorted()
    found = [d for d in report.sorted() if d.code == "translation.stale"]
    assert len(found) == 1
    assert found[0].location.line == 2
    assert found[0].message == (
        "Malay translation is of version 1.0, but 'data-basics' is now at version 1.1: "
        "its title and criteria are shown in English until it is updated"
    )
    site = tmp_path / "site"
    ms = (site / "ms/credentials/data-basics/index.html").read_text(encoding="utf-8")
    assert '<h1 id="title" lang="en">Data Analysis Basics</h1>' in ms
    assert "Lulus projek lama" not in ms
    assert "Membersih dan meringkas set data." in ms  # unversioned text stays translated
    badge = json.loads((site / "badges/data-basics.ms.json").read_text(encoding="utf-8"))
    assert badge["name"] == "Data Analysis Basics"
    assert "Lulus projek lama" not in json.dumps(badge)
    achievement = (site / "achievements/data-basics.ms.json").read_text(encoding="utf-8")
    assert "Asas Analisis Data" not in achievement

    # --strict refuses it; bringing the translation up to date clears it.
    assert main(["validate", "--strict", str(content)]) == 1
    fixed = stale.replace('translates: "1.0"', 'translates: "1.1"')
    (content / "translations/ms/credentials/data-basics.md").write_text(fixed, encoding="utf-8")
    report = Report()
    assert build(content, report, output=tmp_path / "site") is not None
    assert not [d for d in report.sorted() if d.code == "translation.stale"]
    ms = (site / "ms/credentials/data-basics/index.html").read_text(encoding="utf-8")
    assert '<h1 id="title">Asas Analisis Data</h1>' in ms


def test_the_catalog_title_and_description_are_translatable(tmp_path: Path) -> None:
    content = _two_language_catalog(
        tmp_path,
        {
            "translations/ms/catalog.yaml": "title: Katalog Ujian\n",
            "translations/ms/notes.txt": "not a translation\n",
        },
    )
    report = Report()
    assert build(content, report, output=tmp_path / "site") is not None, report.sorted()
    codes = sorted((d.code, Path(d.location.path).name) for d in report.sorted())
    assert ("source.ignored", "notes.txt") in codes
    assert ("translation.missing", "catalog.yaml") in codes  # no description
    site = tmp_path / "site"
    ms = (site / "ms/index.html").read_text(encoding="utf-8")
    assert "<h1>Katalog Ujian</h1>" in ms
    assert "<title>Katalog Ujian</title>" in ms
    page = (site / "ms/credentials/data-basics/index.html").read_text(encoding="utf-8")
    assert "Katalog Ujian" in page
    en = (site / "index.html").read_text(encoding="utf-8")
    assert "Katalog Ujian" not in en
