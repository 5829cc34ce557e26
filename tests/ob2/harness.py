"""The official Open Badges 2.0 validator in its own virtual environment, called from the tests.

Importable from credcat's test environment, which does not (and cannot) have ``openbadges``:
``ensure_ob2_venv`` makes the validator's venv once under ``<repo>/.cache/ob2-venv`` and
``validate_assertion`` runs ``ob2_check.py`` there as a subprocess. See README.md beside this file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CHECKER = HERE / "ob2_check.py"
REQUIREMENTS_IN_REPO = Path("tests") / "ob2" / "requirements-ob2.txt"
VENV_IN_REPO = Path(".cache") / "ob2-venv"
MARKER_NAME = ".requirements-sha256"
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy")


def venv_python(venv: Path) -> Path:
    """The interpreter of a virtual environment."""
    if os.name == "nt":
        return venv / "Scripts" / "python.exe"
    return venv / "bin" / "python"


def _fingerprint(requirements: Path) -> str:
    """What the venv was built from: the pinned list and the interpreter's minor version."""
    digest = hashlib.sha256(requirements.read_bytes())
    digest.update(f"\npython {sys.version_info.major}.{sys.version_info.minor}\n".encode())
    return digest.hexdigest()


def _is_current(venv: Path, fingerprint: str) -> bool:
    marker = venv / MARKER_NAME
    return (
        marker.is_file()
        and marker.read_text(encoding="utf-8").strip() == fingerprint
        and venv_python(venv).is_file()
    )


@contextlib.contextmanager
def _exclusive(lock_file: Path) -> Iterator[None]:
    """Hold an inter-process lock (pytest-xdist workers may all want the venv at once)."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("w") as handle:
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock, concurrent first runs may race
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_ob2_venv(repo_root: Path | None = None) -> Path:
    """Create the validator's venv once; return its directory (``<repo>/.cache/ob2-venv``).

    Made with ``python -m venv`` and ``pip install --no-deps -r tests/ob2/requirements-ob2.txt``.
    A marker file in the venv holds the sha256 of that list (and the Python minor version); when
    it no longer matches, the venv is rebuilt from scratch. Needs a package index the first time.
    """
    root = Path(repo_root) if repo_root is not None else REPO
    requirements = root / REQUIREMENTS_IN_REPO
    venv = root / VENV_IN_REPO
    fingerprint = _fingerprint(requirements)
    if _is_current(venv, fingerprint):
        return venv
    with _exclusive(venv.with_name(venv.name + ".lock")):
        if _is_current(venv, fingerprint):  # another process built it meanwhile
            return venv
        steps = [
            [sys.executable, "-m", "venv", "--clear", str(venv)],
            [
                str(venv_python(venv)),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--no-input",
                "--no-deps",
                "-r",
                str(requirements),
            ],
        ]
        for step in steps:
            proc = subprocess.run(step, capture_output=True, text=True, check=False)
            if proc.returncode != 0:
                raise RuntimeError(
                    f"could not build the OB 2.0 validator venv ({' '.join(step[1:4])} ...):\n"
                    f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
                )
        (venv / MARKER_NAME).write_text(fingerprint + "\n", encoding="utf-8")
    return venv


def _run_checker(
    targets: list[str], hosts: Mapping[str, str] | None, repo_root: Path | None, batch: bool
) -> Any:
    python = venv_python(ensure_ob2_venv(repo_root))
    # Loopback requests must not go through a proxy; the checker refuses everything else anyway.
    env = {k: v for k, v in os.environ.items() if k.lower() not in PROXY_VARIABLES}
    env["PYTHONIOENCODING"] = "utf-8"
    command = [str(python), str(CHECKER)]
    for name, authority in (hosts or {}).items():
        command += ["--host", f"{name}={authority}"]
    if batch:
        command.append("--batch")
    command += ["--", *targets]
    proc = subprocess.run(
        command, capture_output=True, text=True, encoding="utf-8", env=env, timeout=600
    )
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"ob2_check.py failed (exit {proc.returncode}):\n{proc.stderr[-4000:]}")
    try:
        return json.loads(proc.stdout)
    except ValueError as exc:
        raise RuntimeError(
            f"ob2_check.py printed no JSON report:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
        ) from exc


def validate_assertion(
    url: str, hosts: Mapping[str, str] | None = None, repo_root: Path | None = None
) -> dict[str, Any]:
    """Verify one hosted Assertion (its URL, or a JSON file) with the official validator.

    Returns ``{"valid", "errors", "warnings", "report", "graph", "requests"}``: ``report`` is the
    validator's own report, ``errors``/``warnings`` its messages of those levels, ``requests``
    every fetch it attempted and how it was answered. ``hosts`` maps test host names (e.g. a
    badge platform's) to ``127.0.0.1:PORT`` of the local server that plays that host.
    """
    result: dict[str, Any] = _run_checker([url], hosts, repo_root, batch=False)
    return result


def validate(
    urls: list[str], hosts: Mapping[str, str] | None = None, repo_root: Path | None = None
) -> dict[str, dict[str, Any]]:
    """Like ``validate_assertion`` for many URLs in one validator process: report per URL."""
    if not urls:
        return {}
    results: dict[str, dict[str, Any]] = _run_checker(urls, hosts, repo_root, batch=True)
    return results


def problems(result: Mapping[str, Any]) -> list[str]:
    """The errors and warnings of one report as readable lines (empty when clean)."""
    lines = [f"{m.get('messageLevel')}: {m.get('result', m)}" for m in result["errors"]]
    lines += [f"{m.get('messageLevel')}: {m.get('result', m)}" for m in result["warnings"]]
    if not result["valid"] and not lines:
        lines.append("invalid (no messages; nothing could be fetched?)")
    return lines


def make_hosted_assertion(
    badgeclass_url: str, assertion_url: str, recipient_email: str = "learner@example.org"
) -> dict[str, Any]:
    """A realistic hosted OB 2.0 Assertion of a BadgeClass (test data: credcat issues none).

    The recipient is a salted sha256 identity hash of the e-mail address; the salt is derived
    from the Assertion URL, so the same arguments always give the same document.
    """
    salt = hashlib.sha256(("salt:" + assertion_url).encode()).hexdigest()[:16]
    identity = "sha256$" + hashlib.sha256((recipient_email + salt).encode()).hexdigest()
    return {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": assertion_url,
        "recipient": {"type": "email", "hashed": True, "salt": salt, "identity": identity},
        "badge": badgeclass_url,
        "verification": {"type": "hosted"},
        "issuedOn": datetime(2026, 3, 14, 9, 30, tzinfo=UTC).isoformat(),
    }


def write_hosted_assertion(
    folder: Path,
    relative_path: str,
    base_url: str,
    badgeclass_url: str,
    recipient_email: str = "learner@example.org",
) -> str:
    """Write a hosted Assertion into a served ``folder`` (served at ``base_url``); its URL."""
    url = base_url.rstrip("/") + "/" + relative_path.lstrip("/")
    target = folder / relative_path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    document = make_hosted_assertion(badgeclass_url, url, recipient_email)
    target.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return url


def hosted_assertion(
    badge_class_url: str, assertion_url: str, email: str = "learner@example.org"
) -> dict[str, Any]:
    """Older name of ``make_hosted_assertion``, kept for existing callers."""
    return make_hosted_assertion(badge_class_url, assertion_url, email)
