"""The Nu HTML Checker (vnu.jar from node_modules), run once over many files."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def check_html(paths: list[Path]) -> list[str]:
    """Return 'file:line:col: message' for every error; an empty list means all valid.

    One Java start-up for up to 2,000 files at a time (the JVM takes seconds to start).
    """
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        raise RuntimeError("the Nu HTML Checker needs java and 'npm ci' (scripts/test.sh)")
    errors: list[str] = []
    for start in range(0, len(paths), 2000):
        chunk = [str(p) for p in paths[start : start + 2000]]
        proc = subprocess.run(
            [
                java,
                "-Xss4m",
                "-jar",
                str(VNU),
                "--skip-non-html",
                "--errors-only",
                "--format",
                "json",
                *chunk,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        try:
            report = json.loads(proc.stderr or proc.stdout or '{"messages": []}')
        except json.JSONDecodeError as exc:
            output = (proc.stderr or proc.stdout)[-2000:]
            raise RuntimeError(f"vnu.jar exited {proc.returncode}: {output}") from exc
        for message in report.get("messages", []):
            where = message.get("url", "").removeprefix("file:")
            errors.append(
                f"{where}:{message.get('lastLine', 0)}:{message.get('firstColumn', 0)}: "
                f"{message.get('message')}"
            )
    return errors
