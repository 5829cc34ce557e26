"""Issuer keys (#19): did:web documents, catalog.json, the ledger, private keys refused.

The "Check a badge" page that uses them runs in Chromium in test_verify_browser.py; bad keys
and private keys have their folders under tests/cases/invalid/key-*.
"""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from credcat.commands.cli import main
from credcat.core import urls
from credcat.core.diagnostics import Report
from credcat.load.pipeline import load_catalog
from credcat.publish.build import build
from credcat.render.did import key_material
from tests.catalogs import ISSUER, credential, write_catalog

REPO = Path(__file__).resolve().parent.parent


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def ed25519_jwk(seed: int) -> dict[str, str]:
    """The public JWK of a fixed Ed25519 key."""
    key = ed25519.Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32)
    return {"kty": "OKP", "crv": "Ed25519", "x": _b64(key.public_key().public_bytes_raw())}


def p256_jwk(secret: int) -> dict[str, str]:
    """The public JWK of a fixed P-256 key."""
    numbers = ec.derive_private_key(secret, ec.SECP256R1()).public_key().public_numbers()
    return {
        "kty": "EC",
        "crv": "P-256",
        "x": _b64(numbers.x.to_bytes(32, "big")),
        "y": _b64(numbers.y.to_bytes(32, "big")),
    }


def keys_yaml(*keys: tuple[str, dict[str, str], str | None]) -> str:
    """A `keys:` block for an issuer file."""
    lines = ["keys:"]
    for ident, jwk, retired in keys:
        lines.append(f"  - id: {ident}")
        lines += [f"    {k}: {v}" for k, v in jwk.items()]
        if retired:
            lines.append(f"    retired: {retired}")
    return "\n".join(lines) + "\n"


KEYS = keys_yaml(
    ("key-2020", ed25519_jwk(1), "2021-01-01"),
    ("key-2026", ed25519_jwk(2), None),
    ("ecdsa-1", p256_jwk(12345), None),
)


def test_did_document_lists_every_key_and_asserts_with_the_current_ones(tmp_path: Path) -> None:
    write_catalog(tmp_path, {"issuers/test-uni.yaml": ISSUER + KEYS})
    report = Report()
    result = build(tmp_path / "content", report, output=tmp_path / "site")
    assert result is not None, report.diagnostics
    did = "did:web:example.org:catalog:issuers:test-uni"
    doc = json.loads((tmp_path / "site" / "issuers/test-uni/did.json").read_text())
    assert doc["id"] == did
    assert doc["@context"][0] == "https://www.w3.org/ns/did/v1"
    methods = {m["id"]: m for m in doc["verificationMethod"]}
    assert sorted(methods) == [f"{did}#ecdsa-1", f"{did}#key-2020", f"{did}#key-2026"]
    assert all(m["type"] == "JsonWebKey2020" and m["controller"] == did for m in methods.values())
    assert methods[f"{did}#key-2020"]["retired"] == "2021-01-01"
    assert methods[f"{did}#ecdsa-1"]["publicKeyJwk"] == p256_jwk(12345)
    assert doc["assertionMethod"] == [f"{did}#key-2026", f"{did}#ecdsa-1"]
    assert all("d" not in m["publicKeyJwk"] for m in methods.values())

    index = json.loads((tmp_path / "site" / "catalog.json").read_text())
    (issuer,) = index["issuers"]
    assert issuer["did"] == did
    assert issuer["did_document"] == "https://example.org/catalog/issuers/test-uni/did.json"
    assert did in issuer["identifiers"]
    assert [(k["kid"], k["alg"]) for k in issuer["keys"]] == [
        ("key-2020", "EdDSA"),
        ("key-2026", "EdDSA"),
        ("ecdsa-1", "ES256"),
    ]
    assert key_material(result.catalog, result.catalog.issuers["test-uni"]) == {
        "otherIdentifier": [
            {"type": "IdentifierEntry", "identifier": did, "identifierType": "identifier"}
        ]
    }


def test_issuer_without_keys_publishes_no_did_document(tmp_path: Path) -> None:
    write_catalog(tmp_path)
    assert build(tmp_path / "content", Report(), output=tmp_path / "site") is not None
    assert not (tmp_path / "site" / "issuers/test-uni/did.json").exists()
    index = json.loads((tmp_path / "site" / "catalog.json").read_text())
    assert "keys" not in index["issuers"][0]


def test_did_web_names_the_document_under_any_base() -> None:
    assert urls.did_web("https://example.org/", "a") == "did:web:example.org:issuers:a"
    assert (
        urls.did_web("http://127.0.0.1:8000/x/y/", "a") == "did:web:127.0.0.1%3A8000:x:y:issuers:a"
    )
    # did:web resolves host:path... to https://host/path.../did.json
    assert urls.did_document("a") == "issuers/a/did.json"


def _validate(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["validate", str(root / "content")])
    return code, capsys.readouterr().err


def test_a_published_key_can_be_retired_but_never_removed_or_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_catalog(tmp_path, {"issuers/test-uni.yaml": ISSUER + KEYS})
    content = tmp_path / "content"
    assert main(["lock", str(content)]) == 0
    lock = (content / "published.lock").read_text()
    assert "key test-uni key-2026 thumbprint=" in lock
    assert "url /issuers/test-uni/did.json " in lock
    capsys.readouterr()

    issuer = content / "issuers/test-uni.yaml"
    retired = keys_yaml(
        ("key-2020", ed25519_jwk(1), "2021-01-01"),
        ("key-2026", ed25519_jwk(2), "2026-12-01"),
        ("ecdsa-1", p256_jwk(12345), None),
    )
    issuer.write_text(ISSUER + retired)
    assert _validate(tmp_path, capsys)[0] == 0

    issuer.write_text(ISSUER + keys_yaml(("ecdsa-1", p256_jwk(12345), None)))
    code, err = _validate(tmp_path, capsys)
    assert code == 1
    assert err.count("error[ledger.key-removed]") == 2
    assert "content/issuers/test-uni.yaml:8:3: error[ledger.key-removed]: key 'key-2020'" in err
    assert "a published key is retired, never removed" in err

    changed = keys_yaml(
        ("key-2020", ed25519_jwk(1), "2021-01-01"),
        ("key-2026", ed25519_jwk(3), None),
        ("ecdsa-1", p256_jwk(12345), None),
    )
    issuer.write_text(ISSUER + changed)
    code, err = _validate(tmp_path, capsys)
    assert code == 1
    assert "content/issuers/test-uni.yaml:16:8: error[ledger.key-changed]: key 'key-2026'" in err

    issuer.write_text(ISSUER)  # every key gone: the did:web document would go too
    code, err = _validate(tmp_path, capsys)
    assert code == 1
    assert err.count("error[ledger.key-removed]") == 3


def test_a_renamed_issuer_keeps_its_did_document_at_the_old_id(tmp_path: Path) -> None:
    write_catalog(
        tmp_path,
        {
            "issuers/test-uni.yaml": "",
            "issuers/new-uni.yaml": ISSUER + "renamed_from: [test-uni]\n" + KEYS,
            "credentials/data-basics.md": credential(issuer="new-uni"),
        },
    )
    report = Report()
    assert build(tmp_path / "content", report, output=tmp_path / "site") is not None, report
    old = json.loads((tmp_path / "site/issuers/test-uni/did.json").read_text())
    new = json.loads((tmp_path / "site/issuers/new-uni/did.json").read_text())
    assert old["id"].endswith(":issuers:test-uni")
    assert new["id"].endswith(":issuers:new-uni")
    index = json.loads((tmp_path / "site/catalog.json").read_text())
    assert old["id"] in index["issuers"][0]["identifiers"]


def test_private_jwk_in_any_json_file_is_refused(tmp_path: Path) -> None:
    jwk = {**ed25519_jwk(1), "d": _b64(bytes([1]) * 32)}
    text = json.dumps({"note": "backup", "keys": [jwk]}, indent=2)
    write_catalog(tmp_path, {"backup/keys.json": text})
    report = Report()
    assert load_catalog(tmp_path / "content", report) is None
    (problem,) = report.diagnostics
    assert problem.code == "key.private"
    assert problem.location.path.endswith("content/backup/keys.json")
    assert problem.location.line == text.splitlines().index('      "d": "' + jwk["d"] + '"') + 1


def test_catalog_json_lists_every_open_badges_document_of_each_credential(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "tests/cases/basic/content", content)
    report = Report()
    assert build(content, report, output=tmp_path / "site") is not None
    site = tmp_path / "site"
    index = json.loads((site / "catalog.json").read_text())
    base = index["url"]
    listed: dict[str, str] = {}
    for cred in index["credentials"]:
        for doc in cred["documents"]:
            assert doc["url"] not in listed, doc["url"]
            listed[doc["url"]] = cred["id"]
    published = {
        base + p.relative_to(site).as_posix()
        for folder in ("badges", "achievements")
        for p in (site / folder).rglob("*.json")
    }
    assert set(listed) == published
    assert listed[base + "badges/data-tidying.json"] == "data-cleaning"
    assert listed[base + "achievements/data-cleaning/v1.9.json"] == "data-cleaning"
