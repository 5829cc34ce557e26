"""An incremental build equals a clean one, whatever the sequence of edits.

Random sequences of edits (credentials, issuers, catalog.yaml and its previews switch,
translations, .po files, template overrides, images, the catalog's own stylesheet, relations
between credentials and partners, deletions, renames, retirements, and
edits that keep a file's size and modification time, as a checkout can) are applied to a
small two-language catalog.
After each step three builds must agree, byte for byte and on success or failure: the
incremental build a user runs from the command line (the cache on disk), the one ``serve``
runs (the last build kept in memory), and a clean build into an empty folder.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credcat.core.diagnostics import Report
from credcat.publish.build import BuildResult, build
from tests.catalogs import BADGE_SVG, ISSUER, credential

CATALOG = """\
title: Test catalog
description: A catalog for tests.
base_url: https://example.org/catalog/
language: en
languages: [en, ms]
per_page: 2
"""

STACK = "components:\n  at_least: 1\n  of: [data-basics, data-more]\n"
IDS = ("data-basics", "data-more", "data-extra", "data-stack")
ISSUERS = ("test-uni", "other-uni")


def _translation(title: str) -> str:
    return f'---\ntranslates: "1.0"\ntitle: {title}\nsummary: Ringkasan.\n---\nBadan.\n'


def _base() -> dict[str, str]:
    return {
        "catalog.yaml": CATALOG,
        "issuers/test-uni.yaml": ISSUER,
        "issuers/other-uni.yaml": ISSUER.replace("Test University", "Other University"),
        "credentials/data-basics.md": credential("Data Basics"),
        "credentials/data-more.md": credential("Data More", issuer="other-uni"),
        "credentials/data-stack.md": credential("Data Stack", extra=STACK),
        "images/badge.svg": BADGE_SVG,
        "translations/ms/credentials/data-basics.md": _translation("Asas Data"),
    }


# Each edit: (name, arguments) -> a function of the file map.
EDITS = st.one_of(
    st.tuples(st.just("title"), st.sampled_from(IDS), st.sampled_from(["A", "B", "Cc"])),
    st.tuples(st.just("issuer-name"), st.sampled_from(ISSUERS), st.sampled_from(["X", "Y"])),
    st.tuples(st.just("add"), st.sampled_from(IDS), st.sampled_from(ISSUERS)),
    st.tuples(st.just("delete"), st.sampled_from(IDS), st.just("")),
    st.tuples(st.just("retire"), st.sampled_from(IDS), st.just("")),
    st.tuples(st.just("rename"), st.sampled_from(IDS), st.sampled_from(["renamed-a", "renamed-b"])),
    st.tuples(
        st.just("catalog"),
        st.sampled_from(["title", "per_page", "languages", "previews"]),
        st.just(""),
    ),
    st.tuples(st.just("translate"), st.sampled_from(IDS), st.sampled_from(["Satu", "Dua"])),
    st.tuples(st.just("po"), st.sampled_from(["Satu", "Dua", ""]), st.just("")),
    st.tuples(st.just("template"), st.sampled_from(["count", "card", "none"]), st.just("")),
    st.tuples(st.just("image"), st.sampled_from(["#0b5cad", "#ad0b5c"]), st.just("")),
    st.tuples(st.just("same-stamp"), st.sampled_from(IDS), st.sampled_from(["Q", "Z"])),
    st.tuples(
        st.sampled_from(["prerequisites", "recommended", "partners"]),
        st.sampled_from(IDS),
        st.sampled_from([*IDS, *ISSUERS, ""]),
    ),
    st.tuples(st.just("css"), st.sampled_from(["blue", "red", "none"]), st.just("")),
)

STYLES = {
    "blue": "body { color: #0b5cad; }\n",
    "red": "body { color: #ad0b5c; }\n",
}
"""The catalog's own stylesheet (``extra_css``): every page links it by its content hash."""

TEMPLATES = {
    "count": (
        "templates/credential.html",
        '{% extends "default/credential.html" %}'
        "{% block description %}{{ catalog.active|length }} active{% endblock %}",
    ),
    "card": (
        "templates/partials/card.html",
        '{% include "default/partials/card.html" %}<p>of {{ catalog.active|length }}</p>',
    ),
}


def _set_field(text: str, name: str, value: str) -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines[1:], start=1):
        if line == "---":
            lines.insert(i, f"{name}: {value}")
            break
        if line.startswith(f"{name}:"):
            lines[i] = f"{name}: {value}"
            break
    return "\n".join(lines)


@dataclass
class Catalog:
    files: dict[str, str] = field(default_factory=_base)
    stamped: set[str] = field(default_factory=set)
    """Files to write back with the size and modification time they had."""

    def apply(self, edit: tuple[str, str, str]) -> None:
        kind, a, b = edit
        cred = f"credentials/{a}.md"
        if kind == "title" and cred in self.files:
            self.files[cred] = _set_field(self.files[cred], "title", f"Title {b}")
        elif kind == "issuer-name":
            self.files[f"issuers/{a}.yaml"] = ISSUER.replace("Test University", f"Uni {b}")
        elif kind == "add" and cred not in self.files:
            self.files[cred] = credential(f"New {a}", issuer=b)
        elif kind == "delete":
            self.files.pop(cred, None)
            self.files.pop(f"translations/ms/{cred}", None)
        elif kind == "retire" and cred in self.files:
            self.files[cred] = _set_field(self.files[cred], "status", "retired")
        elif kind == "rename" and cred in self.files and f"credentials/{b}.md" not in self.files:
            text = _set_field(self.files.pop(cred), "renamed_from", f"[{a}]")
            self.files[f"credentials/{b}.md"] = text
            if f"translations/ms/{cred}" in self.files:
                moved = self.files.pop(f"translations/ms/{cred}")
                self.files[f"translations/ms/credentials/{b}.md"] = moved
            for rel, other in self.files.items():  # references follow the new id
                if rel.startswith("credentials/") and rel != f"credentials/{b}.md":
                    self.files[rel] = re.sub(rf"\b{a}\b", b, other)
        elif kind == "catalog":
            text = self.files["catalog.yaml"]
            if a == "title":
                text = text.replace("title: Test catalog", "title: Test catalogue")
            elif a == "per_page":
                text = text.replace("per_page: 2", "per_page: 3")
            elif a == "previews":  # the switch flips: no preview PNGs, or all of them
                if "previews: false\n" in text:
                    text = text.replace("previews: false\n", "")
                else:
                    text += "previews: false\n"
            elif "languages: [en, ms]\n" in text:
                text = text.replace("languages: [en, ms]", "languages: [en, ms, id]")
            else:
                text = text.replace("languages: [en, ms, id]", "languages: [en, ms]")
            self.files["catalog.yaml"] = text
        elif kind == "translate" and cred in self.files:
            self.files[f"translations/ms/{cred}"] = _translation(b)
        elif kind == "po":
            if a:
                self.files["locales/ms.po"] = (
                    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    f'msgid "Key information"\nmsgstr "Maklumat {a}"\n'
                )
            else:
                self.files.pop("locales/ms.po", None)
        elif kind == "template":
            for path, _ in TEMPLATES.values():
                self.files.pop(path, None)
            if a in TEMPLATES:
                path, text = TEMPLATES[a]
                self.files[path] = text
        elif kind == "image":
            self.files["images/badge.svg"] = BADGE_SVG.replace("#0b5cad", a)
        elif kind in ("prerequisites", "recommended", "partners") and cred in self.files:
            # A relation to another credential (or a partner issuer), or none ("").
            value = f"[{{issuer: {b}, role: endorser}}]" if kind == "partners" else f"[{b}]"
            self.files[cred] = _set_field(self.files[cred], kind, value if b else "[]")
        elif kind == "css":
            text = self.files["catalog.yaml"].replace("extra_css: [assets/brand.css]\n", "")
            self.files.pop("assets/brand.css", None)
            if a in STYLES:
                self.files["assets/brand.css"] = STYLES[a]
                text += "extra_css: [assets/brand.css]\n"
            self.files["catalog.yaml"] = text
        elif kind == "same-stamp" and cred in self.files:
            text = self.files[cred]
            if "summary: Clean" in text:
                # Same length, same modification time: only the bytes differ.
                self.files[cred] = text.replace("summary: Clean", f"summary: {b}lean")
                self.stamped.add(cred)

    def write(self, content: Path) -> None:
        stamps = {}
        for rel in self.stamped:
            path = content / rel
            if path.exists():
                st_ = path.stat()
                if st_.st_size == len(self.files[rel].encode()):
                    stamps[rel] = (st_.st_atime_ns, st_.st_mtime_ns)
        self.stamped.clear()
        if content.exists():
            for path in sorted(content.rglob("*"), reverse=True):
                rel = path.relative_to(content).as_posix()
                if path.is_file() and rel not in self.files:
                    path.unlink()
                elif path.is_dir() and not any(path.iterdir()):
                    path.rmdir()
        for rel, text in self.files.items():
            path = content / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
            if rel in stamps:
                os.utime(path, ns=stamps[rel])


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _build(content: Path, output: Path, previous: BuildResult | None = None) -> BuildResult | None:
    report = Report()
    return build(content, report, output=output, previous=previous, progress=False)


def _check_same(step: int, clean: Path, *others: Path) -> None:
    expected = _tree(clean)
    for other in others:
        got = _tree(other)
        assert sorted(got) == sorted(expected), f"step {step}: {other.name} lists other files"
        stale = [path for path in expected if got[path] != expected[path]]
        assert not stale, f"step {step}: {other.name} differs from a clean build in {stale[:5]}"


@settings(
    max_examples=int(os.environ.get("CREDCAT_INCREMENTAL_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits=st.lists(EDITS, min_size=1, max_size=4))
def test_incremental_builds_equal_clean_builds(
    tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[str, str, str]]
) -> None:
    work = tmp_path_factory.mktemp("incremental")
    content = work / "project" / "content"
    catalog = Catalog()
    catalog.write(content)
    cli, served = work / "project" / "site", work / "served" / "site"
    assert _build(content, cli) is not None
    kept = _build(content, served)
    assert kept is not None
    for step, edit in enumerate(edits, start=1):
        catalog.apply(edit)
        catalog.write(content)
        clean = work / f"clean-{step}" / "site"
        expected = _build(content, clean)
        got_cli = _build(content, cli)
        got_served = _build(content, served, previous=kept)
        assert (got_cli is None) == (got_served is None) == (expected is None), edit
        if expected is None:
            continue
        kept = got_served
        _check_same(step, clean, cli, served)
        shutil.rmtree(clean.parent)
