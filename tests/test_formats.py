"""Numbers, money, dates, language and country names in the page's language (CLDR via Babel)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from credcat.core.diagnostics import Report, Severity
from credcat.core.formats import Formats, known_language, unknown_languages
from credcat.publish.build import build
from tests.catalogs import CATALOG, credential, write_catalog

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("lang", "myr", "idr", "sgd", "usd"),
    [
        ("en", "RM 350", "Rp 1.500.000", "SGD 650", "$12.50"),
        ("ms", "RM 350", "Rp 1.500.000", "SGD 650", "USD 12.50"),
        ("id", "MYR 350", "Rp 1.500.000", "SGD 650", "US$12,50"),
        ("km", "350 MYR", "1,500,000 IDR", "650 SGD", "12.50$"),
    ],
)
def test_money_as_cldr_writes_it(lang: str, myr: str, idr: str, sgd: str, usd: str) -> None:
    f = Formats(lang)
    shown = [f.money(350, "MYR"), f.money(1_500_000, "IDR"), f.money(650, "SGD")]
    assert [s.replace(NBSP, " ") for s in shown] == [myr, idr, sgd]
    assert f.money(12.5, "USD").replace(NBSP, " ") == usd
    assert all(" " not in s for s in shown)  # a no-break space: the symbol never wraps alone
    assert "MYR 350.00" not in [f.money(350, "MYR") for f in map(Formats, ("en", "ms", "id"))]


@pytest.mark.parametrize(
    ("lang", "medium", "long"),
    [
        ("en", "Mar 4, 2025", "March 4, 2025"),
        ("ms", "4 Mac 2025", "4 Mac 2025"),
        ("id", "4 Mar 2025", "4 Maret 2025"),
    ],
)
def test_dates_in_the_page_language(lang: str, medium: str, long: str) -> None:
    f = Formats(lang)
    assert f.date("2025-03-04") == medium
    assert f.date("2025-03-04", "long") == long
    assert f.date("not a date") == "not a date"


@pytest.mark.parametrize(
    ("lang", "half", "big"),
    [("en", "1.5", "1,200"), ("ms", "1.5", "1,200"), ("id", "1,5", "1.200")],
)
def test_numbers_in_the_page_language(lang: str, half: str, big: str) -> None:
    f = Formats(lang)
    assert (f.number(1.5), f.number(1200.0), f.number(40.0)) == (half, big, "40")


@pytest.mark.parametrize(
    ("lang", "names"),
    [
        ("en", ["Khmer", "Lao", "Burmese", "Filipino", "Malay"]),
        ("ms", ["Khmer", "Laos", "Burma", "Filipina", "Bahasa Melayu"]),
        ("km", ["ខ្មែរ", "ឡាវ", "ភូមា", "ហ្វ៊ីលីពីន", "ម៉ាឡេ"]),
    ],
)
def test_language_names_come_from_cldr(lang: str, names: list[str]) -> None:
    f = Formats(lang)
    assert [f.language_name(t) for t in ("km", "lo", "my", "fil", "ms")] == names
    assert f.language_name("km", "km") == "ខ្មែរ"
    assert f.language_name("id", "id") == "Bahasa Indonesia"  # its name in a language menu


def test_tags_with_a_region_or_script_and_aliases() -> None:
    f = Formats("en")
    assert f.language_name("en-GB") == "English (United Kingdom)"
    assert f.language_name("zh-Hant") == "Chinese (Traditional)"
    assert f.language_name("tl") == "Tagalog"  # not the locale Babel aliases it to (fil_PH)


def test_country_names_and_unknown_codes() -> None:
    assert Formats("en").country_name("MY") == "Malaysia"
    assert Formats("ms").country_name("SG") == "Singapura"
    assert Formats("id").country_name("PH") == "Filipina"
    assert Formats("en").country_name("QQ") == "QQ"
    assert not known_language("qaa")
    assert unknown_languages(["en", "km", "qaa"]) == ["qaa"]
    assert Formats("qaa").language_name("qaa") == "qaa"
    assert Formats("qaa").money(350, "MYR") == Formats("en").money(350, "MYR")


def test_plural_categories_for_scripts() -> None:
    assert Formats("en").plural_samples() == {"other": 0, "one": 1}
    assert Formats("ms").plural_samples() == {"other": 0}
    assert Formats("id").plural_samples() == {"other": 0}


SEA = ("km", "lo", "my", "fil")


def test_a_catalog_in_khmer_lao_burmese_and_filipino_names_its_languages(tmp_path: Path) -> None:
    languages = ", ".join(("en", *SEA))
    content = write_catalog(
        tmp_path,
        {
            "catalog.yaml": CATALOG + f"languages: [{languages}]\n",
            "credentials/data-basics.md": credential().replace(
                "languages: [en]", f"languages: [{languages}]"
            ),
        },
    )
    report = Report()
    site = tmp_path / "site"
    assert build(content, report, output=site) is not None, report.sorted()
    assert not [d for d in report.sorted() if d.code == "locale.unknown"]
    own = {"km": "ខ្មែរ", "lo": "ລາວ", "my": "မြန်မာ", "fil": "Filipino"}
    for lang in SEA:
        page = (site / lang / "credentials/data-basics/index.html").read_text("utf-8")
        switcher = re.findall(r'hreflang="([a-z]+)" lang="[a-z]+"[^>]*>([^<]+)</a>', page)
        assert dict(switcher) == {"en": "English", **own}
        row = re.search(r"<dt>Languages</dt><dd>(.*?)</dd>", page)
        assert row is not None
        shown = row.group(1).split(", ")
        assert shown == [Formats(lang).language_name(t) for t in ("en", *SEA)]
        assert not set(shown) & {"en", *SEA}, shown  # names, never codes
        assert Formats(lang).country_name("MY") in page


def test_a_language_cldr_does_not_know_is_a_located_warning(tmp_path: Path) -> None:
    content = write_catalog(tmp_path, {"catalog.yaml": CATALOG + "languages: [en, qaa]\n"})
    report = Report()
    assert build(content, report, output=tmp_path / "site") is not None
    found = [d for d in report.sorted() if d.code == "locale.unknown"]
    assert len(found) == 1
    assert found[0].severity is Severity.WARNING
    assert (found[0].location.path.endswith("catalog.yaml"), found[0].location.line) == (True, 5)
    page = (tmp_path / "site/qaa/index.html").read_text("utf-8")
    assert ">qaa</a>" in page
