"""Issuers' keys as published: the did:web document, the key material of the Open Badges 3.0
Profile and the keys ``catalog.json`` lists (checked in ``check/keys.py``)."""

from __future__ import annotations

from typing import Any

from credcat.check.keys import ALGORITHMS
from credcat.core import urls
from credcat.core.output import Output, json_bytes
from credcat.load.catalog import Catalog
from credcat.model.records import Issuer, IssuerKey

DID_CONTEXT = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"]
METHOD_TYPE = "JsonWebKey2020"


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
