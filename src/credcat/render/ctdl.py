"""CTDL terms that both the CTDL documents and the Open Badges documents use: the CTID of
an object, and the CreditUnit concept of a credit system."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from credcat.load.catalog import Catalog

_CTID_NAMESPACE = uuid.UUID("6f1c3b52-4d0e-5a7b-9c1d-2e3f4a5b6c7d")

CREDIT_UNITS: Mapping[str, str] = {
    "ECTS": "creditUnit:DegreeCredit",
    "MQA": "creditUnit:DegreeCredit",
    "CATS": "creditUnit:DegreeCredit",
    "SKS": "creditUnit:SemesterHour",
    "US": "creditUnit:SemesterHour",
    "CEU": "creditUnit:ContinuingEducationUnit",
}
"""Credit systems (``credits.system``, upper-cased) -> their concept in CTDL's CreditUnit
scheme; another system is described by ``creditUnitTypeDescription`` alone."""


def ctid(catalog: Catalog, kind: str, ident: str) -> str:
    """A stable CTID (ce-UUID) derived from the catalog's base URL and the object's id."""
    name = f"{catalog.config.base_url}{kind}/{ident}"
    return f"ce-{uuid.uuid5(_CTID_NAMESPACE, name)}"
