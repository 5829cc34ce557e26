"""Issuer signing keys: checked public JWKs (#19); ``render/did.py`` publishes them.

An issuer file lists the public keys its Open Badges 3.0 credentials are signed with
(``keys:``, JWKs: Ed25519 as ``kty: OKP``, P-256 as ``kty: EC``). The build publishes them at
the issuer's stable path as a ``did:web`` document, ``issuers/<id>/did.json`` for
``did:web:HOST:PATH:issuers:<id>``, in ``catalog.json`` (for the "Check a badge" page) and, through
``key_material``, in the issuer's Open Badges 3.0 Profile. A retired key stays listed (with its
retirement date) so that credentials signed before it was retired stay checkable; the ledger
(published.lock) records every published key, so one can never silently disappear.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterator
from typing import Any

from credcat.core.diagnostics import Diagnostic
from credcat.core.sources import SourceDoc
from credcat.model.records import IssuerKey

ALGORITHMS = {"Ed25519": "EdDSA", "P-256": "ES256"}
"""The JWS ``alg`` of each curve."""
CURVES = {"OKP": "Ed25519", "EC": "P-256"}
"""The one curve credcat accepts for each key type."""

# P-256 (NIST SP 800-186): y^2 = x^3 - 3x + b over GF(p).
_P256_P = 2**256 - 2**224 + 2**192 + 2**96 - 1
_P256_B = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B
# Ed25519 (RFC 8032): -x^2 + y^2 = 1 + d x^2 y^2 over GF(2^255 - 19).
_ED_P = 2**255 - 19
_ED_D = (-121665 * pow(121666, -1, _ED_P)) % _ED_P


_BASE64URL_32 = re.compile(r"[A-Za-z0-9_-]{43}")
"""32 bytes, base64url without padding."""


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def thumbprint(key: IssuerKey) -> str:
    """RFC 7638 JWK thumbprint (SHA-256, base64url): what the ledger records of a key."""
    canonical = json.dumps(key.jwk(), sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def _on_p256(x: bytes, y: bytes) -> bool:
    px, py = int.from_bytes(x, "big"), int.from_bytes(y, "big")
    if px >= _P256_P or py >= _P256_P:
        return False
    return (py * py - (px**3 - 3 * px + _P256_B)) % _P256_P == 0


def _on_ed25519(encoded: bytes) -> bool:
    """Whether 32 bytes decode to a point of Ed25519 (RFC 8032, section 5.1.3)."""
    value = int.from_bytes(encoded, "little")
    sign, y = value >> 255, value & ((1 << 255) - 1)
    if y >= _ED_P:
        return False
    x2 = (y * y - 1) * pow(_ED_D * y * y + 1, -1, _ED_P) % _ED_P
    if x2 == 0:
        return sign == 0
    return pow(x2, (_ED_P - 1) // 2, _ED_P) == 1


def check_keys(doc: SourceDoc) -> Iterator[Diagnostic]:
    """Keys of a schema-valid issuer file: type and curve agree, a real point, unique ids."""
    seen_ids: dict[str, int] = {}
    seen_keys: dict[str, int] = {}
    keys = doc.data.get("keys")
    for n, key in enumerate(keys if isinstance(keys, list) else ()):
        where = f"/keys/{n}"
        if not _well_formed(key):
            continue  # the schema explains what is wrong
        kty, crv = key.get("kty"), key.get("crv")
        if CURVES.get(kty) != crv:
            yield _error(
                doc,
                f"{where}/crv",
                f"{kty} keys use the curve {CURVES.get(kty)}, not {crv}",
                "Ed25519 keys are `kty: OKP, crv: Ed25519`; P-256 keys `kty: EC, crv: P-256`",
            )
            continue
        alg = key.get("alg")
        if alg is not None and alg != ALGORITHMS[crv]:
            yield _error(
                doc, f"{where}/alg", f"{crv} keys sign with {ALGORITHMS[crv]}, not {alg}", None
            )
        x = _b64decode(key["x"])
        if crv == "Ed25519":
            if "y" in key:
                yield _error(doc, f"{where}/y", "an Ed25519 key has no y coordinate", None)
                continue
            valid = _on_ed25519(x)
        elif "y" not in key:
            yield _error(doc, where, "a P-256 key needs its y coordinate", None)
            continue
        else:
            valid = _on_p256(x, _b64decode(key["y"]))
        if not valid:
            yield _error(
                doc,
                f"{where}/x",
                f"this is not a valid {crv} public key",
                "copy the public JWK exactly as your signing tool exported it",
            )
            continue
        ident = key["id"]
        if ident in seen_ids:
            yield _error(
                doc,
                f"{where}/id",
                f"key id '{ident}' is already used by keys[{seen_ids[ident]}]",
                "each key needs its own id: signatures name the key by it",
            )
        seen_ids.setdefault(ident, n)
        material = f"{crv}:{key['x']}:{key.get('y', '')}"
        if material in seen_keys:
            yield _error(
                doc,
                f"{where}/x",
                f"this key is already listed as keys[{seen_keys[material]}]",
                "list each key once",
            )
        seen_keys.setdefault(material, n)


def _well_formed(key: Any) -> bool:
    if not isinstance(key, dict) or not all(
        isinstance(key.get(name), str) for name in ("id", "kty", "crv")
    ):
        return False
    coordinates = [key.get("x"), *([key["y"]] if "y" in key else [])]
    return all(isinstance(c, str) and _BASE64URL_32.fullmatch(c) for c in coordinates)


def _error(doc: SourceDoc, pointer: str, message: str, hint: str | None) -> Diagnostic:
    return Diagnostic(location=doc.locate(pointer), code="key.invalid", message=message, hint=hint)
