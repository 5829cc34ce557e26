"""Progress and colour: shown on a terminal only, quiet in CI, with -q and with NO_COLOR."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from credcat.core import progress
from credcat.core.diagnostics import Diagnostic, Location, Report, Severity
from tests.catalogs import credential, write_catalog
from tests.generate import write_varied_catalog

REPO = Path(__file__).resolve().parents[1]


def _in_terminal(cwd: Path, *args: str, **env: str) -> str:
    """Run credcat with stdout and stderr on a pseudo-terminal; return what it showed."""
    main, child = pty.openpty()
    clean = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS", "NO_COLOR")}
    clean.update(PYTHONPATH=str(REPO / "src"), TERM="xterm", **env)
    proc = subprocess.Popen(
        [sys.executable, "-m", "credcat", *args], cwd=cwd, stdout=child, stderr=child, env=clean
    )
    os.close(child)
    chunks = []
    while True:
        ready, _, _ = select.select([main], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(main)
    return b"".join(chunks).decode("utf-8", "replace")


def test_the_progress_line_shows_each_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "REFRESH", 0.01)
    stream = io.StringIO()
    with progress.Progress(enabled=True, stream=stream) as shown:
        for name in ("checking", "rendering 3 credentials", "writing 40 files"):
            shown.stage(name)
            time.sleep(0.1)
    text = stream.getvalue()
    for name in ("checking…", "rendering 3 credentials…", "writing 40 files…"):
        assert f"\r\x1b[K{name}" in text
    last = text.rsplit("\r\x1b[K", 1)[1]
    assert last.startswith("checking 0.1 s, rendering 0.1 s, writing 0.1 s")


def test_quick_work_shows_nothing() -> None:
    stream = io.StringIO()
    with progress.Progress(enabled=True, stream=stream) as shown:
        shown.stage("checking")
    assert stream.getvalue() == ""


@pytest.mark.slow
def test_a_long_build_on_a_terminal_shows_progress_and_ci_stays_quiet(tmp_path: Path) -> None:
    write_varied_catalog(tmp_path, 1000)
    shown = _in_terminal(tmp_path, "build")
    # The first stage shown is the one running after about a second: checking on a quiet
    # machine, rendering on a loaded one.
    assert re.search("\r\x1b\\[K(checking|rendering [0-9,]+ credentials)… ", shown), shown[-2000:]
    assert "\x1b[Kwriting " in shown
    assert "built " in shown  # the summary
    assert "checking " in shown.rsplit("\x1b[K", 1)[1]  # how long each stage took
    for quiet in (_in_terminal(tmp_path, "build", "-q"), _in_terminal(tmp_path, "build", CI="1")):
        assert "\x1b[K" not in quiet
        assert "checking…" not in quiet


def test_colour_on_a_terminal_only_and_never_with_no_color(tmp_path: Path) -> None:
    write_catalog(tmp_path, {"credentials/data-basics.md": credential(issuer="ghost")})
    coloured = _in_terminal(tmp_path, "validate")
    assert "\x1b[1;31merror[ref.unknown]\x1b[0m" in coloured
    plain = _in_terminal(tmp_path, "validate", NO_COLOR="1")
    assert "\x1b[" not in plain
    assert "error[ref.unknown]: " in plain
    piped = subprocess.run(
        [sys.executable, "-m", "credcat", "validate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    assert "\x1b[" not in piped.stderr
    assert "error[ref.unknown]: " in piped.stderr


def test_diagnostic_text_is_the_same_with_colour() -> None:
    d = Diagnostic(
        location=Location(path="a.md", line=2, col=3),
        code="ref.draft",
        message="m",
        hint="h",
        severity=Severity.WARNING,
    )
    strip = d.format(colour=True)
    for code in ("\x1b[1m", "\x1b[0m", "\x1b[1;33m", "\x1b[36m"):
        strip = strip.replace(code, "")
    assert strip == d.format() == "a.md:2:3: warning[ref.draft]: m\n  hint: h"
    assert Report().summary() == "0 errors, 0 warnings"


def test_a_short_stage_after_the_line_is_up_is_shown() -> None:
    """Once the line shows, each new stage appears at once, not at the next refresh: a
    quick last stage (writing) is not skipped."""
    stream = io.StringIO()
    with progress.Progress(enabled=True, stream=stream) as shown:
        shown.stage("rendering")
        time.sleep(progress.DELAY + 2 * progress.REFRESH)
        shown.stage("writing 40 files")
    assert "\r\x1b[Kwriting 40 files… " in stream.getvalue()
