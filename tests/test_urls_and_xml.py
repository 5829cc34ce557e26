"""Every URL field is parsed; every XML output parses with a strict parser (expat).

The hostile catalog puts the characters XML and HTML attributes must escape (& < > " ')
into the catalog title, base_url, credential and issuer text; the example catalog is
built as it ships. Each feed, sitemap and SVG must parse, and the values must come back.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from credcat.commands.cli import main
from credcat.core.weburl import UrlProblem, parse_url
from tests.catalogs import CATALOG, ISSUER, credential, write_catalog

EXAMPLE = Path(__file__).parent.parent / "content"
HOSTILE_BASE = "https://example.org/a&b'c(d);x=1/"
HOSTILE_TITLE = "Data & \"Stats\" <b>]]> 'quoted'"
ATOM = "{http://www.w3.org/2005/Atom}"


def _parse_all_xml(site: Path) -> dict[str, ET.Element]:
    parsed: dict[str, ET.Element] = {}
    files = sorted(p for p in site.rglob("*") if p.suffix in (".xml", ".svg") and p.is_file())
    assert files
    for path in files:
        data = path.read_bytes()
        assert b"<!DOCTYPE" not in data, path
        parsed[path.relative_to(site).as_posix()] = ET.fromstring(data)  # raises if malformed
    return parsed


def test_example_catalog_xml_is_well_formed(tmp_path: Path) -> None:
    assert main(["build", str(EXAMPLE), "-o", str(tmp_path / "site"), "-q"]) == 0
    parsed = _parse_all_xml(tmp_path / "site")
    assert {"feed.xml", "sitemap.xml"} <= set(parsed)


class _Attrs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.values += [v for _, v in attrs if v]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    quoted_title = HOSTILE_TITLE.replace("'", "''")
    catalog = f"title: '{quoted_title}'\n" + CATALOG.split("\n", 1)[1].replace(
        "https://example.org/catalog/", HOSTILE_BASE
    )
    cred = credential(title="'<script>&amp; \"x\"'").replace(
        "summary: Clean", "summary: Clean ]]> & <i>' it"
    )
    issuer = ISSUER.replace("name: Test University", "name: 'Uni \"A&B\" <x>'")
    write_catalog(root, {"catalog.yaml": catalog, "credentials/data-basics.md": cred})
    (root / "content" / "issuers" / "test-uni.yaml").write_text(issuer, encoding="utf-8")
    assert main(["build", str(root / "content"), "-o", str(root / "site"), "-q"]) == 0
    return root / "site"


def test_hostile_catalog_xml_round_trips(hostile_site: Path) -> None:
    parsed = _parse_all_xml(hostile_site)
    feed = parsed["feed.xml"]
    assert feed.findtext(f"{ATOM}title") == HOSTILE_TITLE
    assert feed.findtext(f"{ATOM}id") == HOSTILE_BASE
    links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert HOSTILE_BASE in links
    assert f"{HOSTILE_BASE}feed.xml" in links
    entry = feed.find(f"{ATOM}entry")
    assert entry is not None
    assert entry.findtext(f"{ATOM}title") == '<script>&amp; "x"'
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == 'Uni "A&B" <x>'
    locs = [loc.text for loc in parsed["sitemap.xml"].iter() if loc.tag.endswith("loc")]
    assert HOSTILE_BASE in locs


def test_hostile_catalog_html_attributes_round_trip(hostile_site: Path) -> None:
    page = (hostile_site / "credentials" / "data-basics" / "index.html").read_text("utf-8")
    parser = _Attrs()
    parser.feed(page)
    assert f"{HOSTILE_BASE}credentials/data-basics/" in parser.values
    assert "<script>&amp;" not in page


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("https://[x/", "url.invalid"),
        ("https://user:secret@example.org/", "url.credentials"),
        ("https://example.org:99999/", "url.port"),
        ("https://example.org:0/", "url.port"),
        ("https://example.org:8o/", "url.port"),
        ("javascript:alert(1)//", "url.scheme"),
        ("https://example.org/?page=1", "url.query"),
        ("https://example.org/#top", "url.query"),
        ('https://example.org/"onmouseover=x/', "url.invalid"),
        ("https://example.org/a b/", "url.invalid"),
        ("https://example.org/%zz/", "url.invalid"),
        ("https:///", "url.invalid"),
    ],
)
def test_bad_base_urls_are_refused(url: str, code: str) -> None:
    with pytest.raises(UrlProblem) as caught:
        parse_url(url, base=True)
    assert caught.value.code == code


@pytest.mark.parametrize(
    "url",
    ["https://example.org/", "http://[::1]:8000/", "https://例え.jp/x/", HOSTILE_BASE],
)
def test_good_base_urls_pass(url: str) -> None:
    parse_url(url, base=True)


def test_query_and_fragment_allowed_in_other_url_fields() -> None:
    parse_url("https://example.org/skills?id=1#top")


def test_base_url_option_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_catalog(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--base-url", "javascript:alert(1)//x/"]) == 1
    err = capsys.readouterr().err
    assert "error[url.scheme]: --base-url must start with https:// or http://" in err
    assert "Traceback" not in err
    assert not (tmp_path / "site").exists()


def test_xml_writer_escapes_and_refuses() -> None:
    from credcat.core import xmlwriter

    assert xmlwriter.element("a", "x<&>\"'", {"href": "a\"b&c<'"}) == (
        '<a href="a&quot;b&amp;c&lt;\'">x&lt;&amp;&gt;"\'</a>'
    )
    for bad in ("\x0b", "\x00", "\ud800", "\ufffe"):
        with pytest.raises(ValueError, match="cannot be written in XML"):
            xmlwriter.text(f"a{bad}b")
    with pytest.raises(ValueError, match="not an XML name"):
        xmlwriter.element("a b")


def test_local_paths_names_every_path_function_and_nothing_else() -> None:
    """Templates get ``paths``: every path function of urls.py, pages and search data under
    the language's prefix, documents unchanged, and no other name of the module (no
    ``paths.quote``)."""
    import inspect

    from credcat.core import urls

    functions = urls.path_functions()
    assert {"credential_page", "badge_class", "asset", "feed"} <= set(functions)
    methods = {
        name
        for name, fn in inspect.getmembers(urls.LocalPaths, inspect.isfunction)
        if not name.startswith("_")
    }
    assert methods == set(functions)
    local = urls.LocalPaths("ms/")
    for name, fn in functions.items():
        params = inspect.signature(fn).parameters.values()
        args = [2 if p.annotation in (int, "int") else "x" for p in params]
        assert list(inspect.signature(getattr(local, name)).parameters) == [p.name for p in params]
        plain = fn(*args)
        # Pages and the search data over them exist once per language.
        per_language = urls.output_file(plain).endswith("index.html") or plain.startswith(
            urls.SEARCH
        )
        assert getattr(local, name)(*args) == ("ms/" + plain if per_language else plain), name
    assert not hasattr(local, "quote")
    assert not hasattr(local, "urlsplit")
