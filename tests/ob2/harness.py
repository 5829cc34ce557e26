"""Create the Open Badges 2.0 validator's own virtual environment and call it."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
REQUIREMENTS = HERE / "requirements-ob2.txt"
VENV = REPO / ".cache" / "ob2-venv"


def _python() -> Path:
    return VENV / "bin" / "python"


def ensure_ob2_venv() -> Path:
    """Create (once, cached in .cache/) the validator's venv; rebuild it if the pins change."""
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    marker = VENV / ".requirements-sha256"
    if marker.is_file() and marker.read_text(encoding="utf-8") == digest and _python().is_file():
        return _python()
    lock = REPO / ".cache" / "ob2-venv.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("w") as handle:
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_EX)  # pytest-xdist workers may race here
        if marker.is_file() and marker.read_text(encoding="utf-8") == digest:
            return _python()
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
        subprocess.run(
            [
                str(_python()),
                "-m",
                "pip",
                "install",
                "-q",
                "--disable-pip-version-check",
                "--no-deps",
                "-r",
                str(REQUIREMENTS),
            ],
            check=True,
        )
        marker.write_text(digest, encoding="utf-8")
    return _python()


def validate(urls: list[str], hosts: dict[str, str] | None = None) -> dict[str, dict[str, Any]]:
    """Validate Open Badges documents (e.g. hosted Assertions) by URL; one report per URL.

    ``hosts`` maps test host names (e.g. a learning platform's) to the 127.0.0.1:port of the
    local server that plays that host.
    """
    python = ensure_ob2_venv()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HTTP_PROXY", "HTTPS_PROXY"))}
    env["OB2_HOST_MAP"] = json.dumps(hosts or {})
    proc = subprocess.run(
        [str(python), str(HERE / "ob2_check.py"), *urls],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=600,
    )
    if proc.returncode not in (0, 1) or not proc.stdout.strip():
        raise RuntimeError(f"the OB 2.0 validator crashed:\n{proc.stderr[-4000:]}")
    result: dict[str, dict[str, Any]] = json.loads(proc.stdout)
    return result


def hosted_assertion(
    badge_class_url: str, assertion_url: str, email: str = "learner@example.org"
) -> dict[str, Any]:
    """A realistic hosted OB 2.0 Assertion (test data: credcat never issues Assertions)."""
    salt = hashlib.sha256(assertion_url.encode()).hexdigest()[:16]
    identity = "sha256$" + hashlib.sha256((email + salt).encode()).hexdigest()
    issued = datetime(2026, 3, 14, 9, 30, tzinfo=UTC).isoformat()
    return {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": assertion_url,
        "recipient": {"type": "email", "hashed": True, "salt": salt, "identity": identity},
        "badge": badge_class_url,
        "verification": {"type": "hosted"},
        "issuedOn": issued,
    }
