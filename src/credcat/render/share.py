"""Links that let a holder put a credential on their profile (#18), built by the documented
parameters only: no widget, script or request to a third party.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

LINKEDIN_ADD = "https://www.linkedin.com/profile/add"
"""LinkedIn's "Add to Profile" address for certifications."""


def linkedin_add_url(name: str, organization: str, cert_url: str) -> str:
    """The "Add to LinkedIn profile" link of a credential.

    LinkedIn's add-to-profile parameters: ``startTask=CERTIFICATION_NAME`` opens the
    "Add license or certification" form, filled with ``name``, ``organizationName`` and
    ``certUrl``. The issue date (``issueYear``, ``issueMonth``) is left for the holder to
    give, since the catalog knows when the credential was defined, not when it was earned;
    ``certId`` (an assertion's id) is the holder's too.
    """
    query = urlencode(
        {
            "startTask": "CERTIFICATION_NAME",
            "name": name,
            "organizationName": organization,
            "certUrl": cert_url,
        },
        quote_via=quote,
        safe="",
    )
    return f"{LINKEDIN_ADD}?{query}"
