"""The build cache: unchanged files are not checked again; any change is seen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from credcat import catalog as catalog_module
from credcat.build import build
from credcat.diagnostics import Report
from tests.catalogs import credential, write_catalog


def _count_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = catalog_module.check_file

    def counting(item: tuple[object, Path, str]) -> catalog_module.FileResult:
        seen.append(item[2])
        return real(item)  # type: ignore[arg-type]

    monkeypatch.setattr(catalog_module, "check_file", counting)
    return seen


def test_second_build_reuses_checked_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = write_catalog(tmp_path, {"credentials/second.md": credential(title="Second")})
    out = tmp_path / "site"
    seen = _count_checks(monkeypatch)
    assert build(content, Report(), output=out) is not None
    assert sorted(seen) == ["data-basics", "second", "test-uni"]
    assert (tmp_path / ".credcat-cache" / "site.pickle").is_file()

    seen.clear()
    assert build(content, Report(), output=out) is not None
    assert seen == []

    path = content / "credentials/second.md"
    path.write_text(credential(title="Second, edited"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    seen.clear()
    result = build(content, Report(), output=out)
    assert result is not None
    assert seen == ["second"]
    page = (out / "credentials/second/index.html").read_text(encoding="utf-8")
    assert "Second, edited" in page


def test_cached_errors_are_reported_again(tmp_path: Path) -> None:
    content = write_catalog(tmp_path, {"credentials/data-basics.md": credential(issuer="x-y")})
    for _ in range(2):
        report = Report()
        assert build(content, report, output=tmp_path / "site") is None
        assert [d.code for d in report.errors] == ["ref.unknown"]


def test_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    content = write_catalog(tmp_path)
    cache = tmp_path / ".credcat-cache" / "site.pickle"
    cache.parent.mkdir()
    cache.write_bytes(b"not a pickle")
    assert build(content, Report(), output=tmp_path / "site") is not None


def test_validate_writes_no_cache(tmp_path: Path) -> None:
    content = write_catalog(tmp_path)
    assert build(content, Report(), output=tmp_path / "site", write=False) is not None
    assert not (tmp_path / ".credcat-cache").exists()


def test_unchanged_credentials_are_not_rendered_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from credcat import build as build_module

    extra = "stacks_into: [second]\n"
    content = write_catalog(
        tmp_path,
        {
            "credentials/data-basics.md": credential(extra=extra),
            "credentials/second.md": credential(title="Second"),
            "credentials/third.md": credential(title="Third"),
        },
    )
    out = tmp_path / "site"
    assert build(content, Report(), output=out) is not None
    rendered: list[str] = []
    real = build_module._render_credential

    def counting(cid: str) -> list[object]:
        rendered.append(cid)
        return real(cid)  # type: ignore[return-value]

    monkeypatch.setattr(build_module, "_render_credential", counting)
    result = build(content, Report(), output=out)
    assert result is not None
    assert result.stats is not None
    assert rendered == []
    assert result.stats.written == 0

    path = content / "credentials/second.md"
    path.write_text(credential(title="Second, renamed"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    result = build(content, Report(), output=out)
    assert result is not None
    # The edited credential and the one that shows its title (a component of it).
    assert sorted(rendered) == ["data-basics", "second"]
    page = (out / "credentials/data-basics/index.html").read_text(encoding="utf-8")
    assert "Second, renamed" in page
