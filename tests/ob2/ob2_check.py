"""Run the official Open Badges 2.0 validator (openbadges 1.1.2) offline.

Runs inside its own virtual environment (see harness.py): the validator pins Python 2-era
packages that cannot share credcat's environment. Every HTTP request it makes goes through
requests' HTTPAdapter, which is patched here: loopback addresses reach the real local test
servers, the Open Badges 2.0 JSON-LD context is answered from a local copy, and anything
else is refused, so validation never needs the internet.

Usage: python ob2_check.py URL [URL ...]
Prints a JSON object mapping each URL to its report; exit 0 when every one is valid with no
warnings.
"""

import json
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

CONTEXT = Path(__file__).resolve().parent.parent / "standards" / "ob2" / "context-v2.json"
CONTEXT_URLS = {
    "https://w3id.org/openbadges/v2",
    "https://openbadgespec.org/v2/context.json",
}
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# Test host names (like a badge platform's) answered by local servers: {"name": "127.0.0.1:port"}
HOSTS = json.loads(os.environ.get("OB2_HOST_MAP", "{}"))
_send = HTTPAdapter.send


def _local_send(self, request, **kwargs):
    url = request.url
    parts = urlsplit(url)
    if parts.hostname in HOSTS:
        request.url = parts._replace(scheme="http", netloc=HOSTS[parts.hostname]).geturl()
        response = _send(self, request, **kwargs)
        response.url = url
        request.url = url
        return response
    if parts.hostname in LOOPBACK:
        return _send(self, request, **kwargs)
    if url.rstrip("/") in CONTEXT_URLS:
        response = requests.Response()
        response.status_code = 200
        response._content = CONTEXT.read_bytes()
        response.headers["Content-Type"] = "application/ld+json"
        response.encoding = "utf-8"
        response.url = url
        response.request = request
        return response
    raise requests.ConnectionError("refused non-loopback request to " + url)


def main():
    HTTPAdapter.send = _local_send
    from openbadges import verify

    results = {}
    for url in sys.argv[1:]:
        report = verify(url, options={"use_cache": False}).get("report", {})
        messages = report.get("messages", [])
        results[url] = {
            "valid": bool(report.get("valid")),
            "errors": [m for m in messages if m.get("messageLevel") == "ERROR"],
            "warnings": [m for m in messages if m.get("messageLevel") == "WARNING"],
            "report": report,
        }
    print(json.dumps(results, indent=2, sort_keys=True, default=str))
    clean = all(r["valid"] and not r["warnings"] for r in results.values())
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
