"""Issuer signing keys: checked public JWKs, published as a did:web document (#19).

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
from typing import TYPE_CHECKING, Any

from credcat.core import urls
from credcat.core.diagnostics import Diagnostic
from credcat.core.output import Output, json_bytes
from credcat.core.sources import SourceDoc
from credcat.model.records import Issuer, IssuerKey

if TYPE_CHECKING:  # catalog.py checks keys with this module while loading
    from credcat.load.catalog import Catalog

DID_CONTEXT = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"]
METHOD_TYPE = "JsonWebKey2020"
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


def did(catalog: Catalog, issuer: Issuer) -> str:
    """The issuer's did:web identifier on the catalog's (canonical) base URL."""
    return urls.did_web(catalog.config.base_url, issuer.id)


def verification_method(controller: str, key: IssuerKey) -> dict[str, Any]:
    """One key as a DID verification method (JsonWebKey2020), its retirement noted."""
    method: dict[str, Any] = {
        "id": f"{controller}#{key.id}",
        "type": METHOD_TYPE,
        "controller": controller,
        "publicKeyJwk": key.jwk(),
    }
    if key.retired:
        method["retired"] = key.retired
    return method


def render_did_document(catalog: Catalog, issuer: Issuer) -> Output:
    """``issuers/<id>/did.json``: every key; ``assertionMethod`` only those not retired.

    A retired key stays under ``verificationMethod`` with its ``retired`` date, so that a
    verifier can still check what was signed with it before that date.
    """
    controller = did(catalog, issuer)
    u = urls.Urls(catalog.config.base_url, catalog.config.base_path)
    doc = {
        "@context": DID_CONTEXT,
        "id": controller,
        "alsoKnownAs": [u.absolute(urls.issuer_profile(issuer.id))],
        "verificationMethod": [verification_method(controller, k) for k in issuer.keys],
        "assertionMethod": [f"{controller}#{k.id}" for k in issuer.keys if not k.retired],
    }
    return Output(urls.did_document(issuer.id), json_bytes(doc))


def key_material(catalog: Catalog, issuer: Issuer) -> dict[str, Any]:
    """What an issuer's Open Badges 3.0 Profile says about its keys ({} without keys).

    The Profile names the did:web identifier (an ``otherIdentifier``); a verifier resolves the
    keys from it (``issuers/<id>/did.json``). Merge the result into the Profile document.
    """
    if not issuer.keys:
        return {}
    return {
        "otherIdentifier": [
            {
                "type": "IdentifierEntry",
                "identifier": did(catalog, issuer),
                "identifierType": "identifier",
            }
        ]
    }


def public_keys(catalog: Catalog, issuer: Issuer) -> list[dict[str, Any]]:
    """Every key of an issuer as catalog.json lists it (verification methods with kid/alg)."""
    controller = did(catalog, issuer)
    return [
        {
            **verification_method(controller, key),
            "kid": key.id,
            "alg": ALGORITHMS[key.crv],
        }
        for key in issuer.keys
    ]
