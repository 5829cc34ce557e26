"""The offline harness around the official Open Badges 2.0 validator, on hand-written badges.

No credcat here: a tiny folder with an issuer Profile, a BadgeClass, its image and hosted
Assertions is served on 127.0.0.1, and ``tests/ob2/harness.py`` runs 1EdTech's validator
(``openbadges`` 1.1.2, in its own venv under ``.cache/``) on the Assertion URLs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import struct
import threading
import zlib
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.ob2.harness import (
    make_hosted_assertion,
    problems,
    validate,
    validate_assertion,
    write_hosted_assertion,
)

OB2 = "https://w3id.org/openbadges/v2"
PLATFORM = "badges.platform.example"  # a badge platform's host, played by a second local server


class _Handler(SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 (the stdlib's own attribute)
        ".json": "application/json",
        ".png": "image/png",
        ".svg": "image/svg+xml",
        ".html": "text/html; charset=utf-8",
        "": "application/octet-stream",
    }

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet."""


@contextlib.contextmanager
def _serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` at http://127.0.0.1:<free port>/ from a thread; yield that base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _png(width: int = 4, height: int = 4) -> bytes:
    """A real (tiny, solid green) PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x2e\x8b\x57" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
    '<circle cx="32" cy="32" r="30" fill="#2e8b57"/></svg>\n'
)


def _profile(base: str, **changes: Any) -> dict[str, Any]:
    profile: dict[str, Any] = {
        "@context": OB2,
        "type": "Profile",
        "id": base + "issuers/acme.json",
        "name": "Acme Training Institute",
        "url": "https://www.acme.example/",
        "email": "badges@acme.example",
        "description": "Short courses in data skills.",
        "image": base + "images/acme.svg",
    }
    profile.update(changes)
    return profile


def _badge_class(base: str, **changes: Any) -> dict[str, Any]:
    badge: dict[str, Any] = {
        "@context": OB2,
        "type": "BadgeClass",
        "id": base + "badges/x.json",
        "name": "Data Basics",
        "description": "Cleans, summarises and charts a small tabular data set.",
        "image": base + "images/x.png",
        "criteria": {
            "id": base + "badges/x.html",
            "narrative": "Pass the *Data Basics* assessment:\n\n1. clean a CSV file\n2. chart it",
        },
        "issuer": base + "issuers/acme.json",
        "alignment": [
            {
                "targetName": "Data literacy",
                "targetUrl": "https://framework.example/skills/data-literacy",
                "targetFramework": "Example Skills Framework",
                "targetCode": "DL-1",
            }
        ],
        "tags": ["data", "spreadsheets"],
    }
    badge.update(changes)
    return {k: v for k, v in badge.items() if v is not None}


def _publish(folder: Path, profile: dict[str, Any], badge: dict[str, Any]) -> None:
    """Write the issuer Profile, the BadgeClass, its criteria page and the images."""
    for name, document in (("issuers/acme.json", profile), ("badges/x.json", badge)):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(json.dumps(document, indent=2), encoding="utf-8")
    (folder / "badges/x.html").write_text("<!doctype html><title>Data Basics</title>\n", "utf-8")
    (folder / "images").mkdir(exist_ok=True)
    (folder / "images/x.png").write_bytes(_png())
    (folder / "images/acme.svg").write_text(SVG, encoding="utf-8")


def _answers(result: dict[str, Any]) -> set[str]:
    return {request["answer"] for request in result["requests"]}


def test_valid_badge_class_and_profile_pass_with_no_errors_or_warnings(tmp_path: Path) -> None:
    with _serve(tmp_path) as base:
        _publish(tmp_path, _profile(base), _badge_class(base))
        url = write_hosted_assertion(tmp_path, "assertions/1.json", base, base + "badges/x.json")
        result = validate_assertion(url)
    assert problems(result) == []
    assert result["valid"] is True
    assert result["errors"] == result["warnings"] == []
    assert result["report"]["errorCount"] == result["report"]["warningCount"] == 0
    assert result["report"]["validationSubject"] == url
    types = {node["id"]: node["type"] for node in result["graph"]}
    assert types[base + "badges/x.json"] == "BadgeClass"
    assert types[base + "issuers/acme.json"] == "Profile"
    fetched = {r["url"]: r["status"] for r in result["requests"] if r["answer"] == "local server"}
    assert fetched == {url: 200, base + "badges/x.json": 200, base + "issuers/acme.json": 200,
                       base + "images/x.png": 200}  # fmt: skip
    # the JSON-LD context came from tests/ob2/context-v2.json, and nothing left the machine
    assert _answers(result) == {"local server", "local context copy"}
    assert {OB2} == {r["url"] for r in result["requests"] if r["answer"] == "local context copy"}


def test_assertion_json_file_and_batch_input(tmp_path: Path) -> None:
    """A file of Assertion JSON is verified at its id URL; ``validate`` takes many URLs at once."""
    with _serve(tmp_path) as base:
        _publish(tmp_path, _profile(base), _badge_class(base))
        urls = [
            write_hosted_assertion(tmp_path, f"assertions/{n}.json", base, base + "badges/x.json")
            for n in (1, 2)
        ]
        results = validate(urls)
        as_file = validate_assertion(str(tmp_path / "assertions/1.json"))
    assert list(results) == urls
    assert all(problems(r) == [] and r["valid"] for r in results.values())
    assert problems(as_file) == []
    assert as_file["report"]["validationSubject"] == urls[0]


def test_make_hosted_assertion_is_a_hashed_hosted_assertion() -> None:
    assertion = make_hosted_assertion(
        "https://b.example/badges/x.json", "https://b.example/a/1.json", "ada@example.org"
    )
    recipient = assertion["recipient"]
    expected = hashlib.sha256(("ada@example.org" + recipient["salt"]).encode()).hexdigest()
    assert recipient == {
        "type": "email",
        "hashed": True,
        "salt": recipient["salt"],
        "identity": "sha256$" + expected,
    }
    assert assertion["@context"] == OB2
    assert assertion["type"] == "Assertion"
    assert assertion["id"] == "https://b.example/a/1.json"
    assert assertion["badge"] == "https://b.example/badges/x.json"
    assert assertion["verification"] == {"type": "hosted"}
    assert assertion["issuedOn"].endswith("+00:00")


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        ("badge without criteria", "Required property criteria not present"),
        ("badge without description", "Required property description not present"),
        ("profile without name", "Required property name not present"),
        ("profile id is not its URL", "declared its id as"),
        ("badge issuer is another URL", "issuers/missing.json"),
    ],
)
def test_broken_badge_class_or_profile_gives_errors(
    tmp_path: Path, broken: str, expected: str
) -> None:
    with _serve(tmp_path) as base:
        profile, badge = _profile(base), _badge_class(base)
        if broken == "badge without criteria":
            del badge["criteria"]
        elif broken == "badge without description":
            del badge["description"]
        elif broken == "profile without name":
            del profile["name"]
        elif broken == "profile id is not its URL":
            profile["id"] = base + "issuers/acme-old.json"
        else:
            badge["issuer"] = base + "issuers/missing.json"
        _publish(tmp_path, profile, badge)
        url = write_hosted_assertion(tmp_path, "assertions/1.json", base, badge["id"])
        result = validate_assertion(url)
    assert result["valid"] is False
    assert result["errors"], problems(result)
    assert expected in "\n".join(problems(result))


def test_requests_off_the_machine_are_refused(tmp_path: Path) -> None:
    """An image on a real-looking host is not fetched: refused, and reported as an error."""
    with _serve(tmp_path) as base:
        badge = _badge_class(base, image="https://cdn.acme.example/x.png")
        _publish(tmp_path, _profile(base), badge)
        url = write_hosted_assertion(tmp_path, "assertions/1.json", base, badge["id"])
        result = validate_assertion(url)
    refused = [r["url"] for r in result["requests"] if r["answer"].startswith("refused")]
    assert refused == ["https://cdn.acme.example/x.png"]
    assert result["valid"] is False
    assert "Could not fetch image at https://cdn.acme.example/x.png" in problems(result)[0]


@pytest.mark.parametrize(
    ("verification", "clean"),
    [
        (None, False),  # default policy: only the issuer id's own origin (127.0.0.1:PORT)
        ({"type": "VerificationObject", "allowedOrigins": [PLATFORM]}, True),
        ({"type": "VerificationObject", "allowedOrigins": PLATFORM}, True),  # one value
        ({"type": "VerificationObject", "startsWith": f"http://{PLATFORM}/"}, False),
    ],
)
def test_assertion_on_another_origin_needs_allowed_origins(
    tmp_path: Path, verification: dict[str, Any] | None, clean: bool
) -> None:
    site, platform = tmp_path / "site", tmp_path / "platform"
    site.mkdir()
    platform.mkdir()
    with _serve(site) as base, _serve(platform) as platform_base:
        _publish(site, _profile(base, verification=verification), _badge_class(base))
        url = write_hosted_assertion(
            platform, "a/1.json", f"http://{PLATFORM}/", base + "badges/x.json"
        )
        authority = platform_base.split("//", 1)[1].rstrip("/")
        result = validate_assertion(url, hosts={PLATFORM: authority})
    assert f"local server {authority}" in _answers(result)
    if clean:
        assert problems(result) == []
        assert result["valid"] is True
    else:
        assert result["valid"] is False
        assert f"Assertion {url} not hosted in allowed origins" in "\n".join(problems(result))


def test_localhost_is_another_origin_than_127_0_0_1(tmp_path: Path) -> None:
    """Same server, other spelling of the host: outside the default policy."""
    with _serve(tmp_path) as base:
        _publish(tmp_path, _profile(base), _badge_class(base))
        local = base.replace("127.0.0.1", "localhost")
        url = write_hosted_assertion(tmp_path, "assertions/1.json", local, base + "badges/x.json")
        result = validate_assertion(url)
    assert result["valid"] is False
    assert f"Assertion {url} not hosted in allowed origins" in "\n".join(problems(result))


def test_allowed_origins_replace_the_issuer_origin_and_take_host_names_only(
    tmp_path: Path,
) -> None:
    with _serve(tmp_path) as base:
        authority = base.split("//", 1)[1].rstrip("/")
        badge = base + "badges/x.json"
        _publish(tmp_path, _profile(base), _badge_class(base))
        own = write_hosted_assertion(tmp_path, "assertions/1.json", base, badge)
        results: dict[str, dict[str, Any]] = {}
        for case, origins in (("platform only", [PLATFORM]), ("ip:port", [authority])):
            verification = {"type": "VerificationObject", "allowedOrigins": origins}
            _publish(tmp_path, _profile(base, verification=verification), _badge_class(base))
            results[case] = validate_assertion(own)
    # listing other origins drops the issuer's own: Assertions beside the issuer now fail
    assert results["platform only"]["valid"] is False
    assert "not hosted in allowed origins" in "\n".join(problems(results["platform only"]))
    # allowedOrigins holds host names (RFC 3986 reg-name): an IP address with a port is rejected
    assert results["ip:port"]["valid"] is False
    assert "allowedOrigins" in "\n".join(problems(results["ip:port"]))


def test_starts_with_narrows_hosted_verification(tmp_path: Path) -> None:
    with _serve(tmp_path) as base:
        verification = {"type": "VerificationObject", "startsWith": base + "assertions/"}
        _publish(tmp_path, _profile(base, verification=verification), _badge_class(base))
        badge = base + "badges/x.json"
        inside = write_hosted_assertion(tmp_path, "assertions/1.json", base, badge)
        outside = write_hosted_assertion(tmp_path, "elsewhere/1.json", base, badge)
        results = validate([inside, outside])
    assert problems(results[inside]) == []
    assert results[outside]["valid"] is False
    assert "does not start with any permitted values" in "\n".join(problems(results[outside]))


def test_venv_is_made_once_and_rebuilt_when_the_pinned_list_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The marker logic, with ``python -m venv`` and pip replaced by a recorder."""
    import subprocess

    from tests.ob2 import harness

    requirements = tmp_path / "tests/ob2/requirements-ob2.txt"
    requirements.parent.mkdir(parents=True)
    requirements.write_text("openbadges==1.1.2\n", encoding="utf-8")
    calls: list[list[str]] = []

    def fake_run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        calls.append(command)
        if command[1:3] == ["-m", "venv"]:
            python = harness.venv_python(Path(command[-1]))
            python.parent.mkdir(parents=True, exist_ok=True)
            python.write_text("", encoding="utf-8")
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_run)
    venv = harness.ensure_ob2_venv(tmp_path)
    assert venv == tmp_path / ".cache/ob2-venv"
    assert [c[1:3] for c in calls] == [["-m", "venv"], ["-m", "pip"]]
    assert calls[1][-3:] == ["--no-deps", "-r", str(requirements)]
    assert harness.ensure_ob2_venv(tmp_path) == venv
    assert len(calls) == 2  # cached: the marker matches
    requirements.write_text("openbadges==1.1.2\nsix==1.17.0\n", encoding="utf-8")
    harness.ensure_ob2_venv(tmp_path)
    assert len(calls) == 4  # the list changed: made again
    assert "--clear" in calls[2]


def test_what_the_validator_does_not_check(tmp_path: Path) -> None:
    """Blind spots of openbadges 1.1.2: credcat's own tests must cover these, not this one."""
    with _serve(tmp_path) as base:
        _publish(tmp_path, _profile(base), _badge_class(base))
        (tmp_path / "images/x.txt").write_text("not an image", encoding="utf-8")
        cases = {
            "profile without email": (_profile(base, email=None), {}),
            "profile of another type": (_profile(base, type="Organization"), {}),
            "image not PNG or SVG": (_profile(base), {"image": base + "images/x.txt"}),
        }
        urls = {}
        for n, (case, (profile, badge_changes)) in enumerate(cases.items()):
            profile = {k: v for k, v in profile.items() if v is not None}
            profile["id"] = base + f"issuers/{n}.json"
            badge = _badge_class(base, id=base + f"badges/{n}.json", issuer=profile["id"])
            badge.update(badge_changes)
            for name, document in ((f"issuers/{n}.json", profile), (f"badges/{n}.json", badge)):
                (tmp_path / name).write_text(json.dumps(document), encoding="utf-8")
            urls[case] = write_hosted_assertion(tmp_path, f"a/{n}.json", base, badge["id"])
        results = validate(list(urls.values()))
    found = {case: problems(results[url]) for case, url in urls.items()}
    assert found == {case: [] for case in cases}
