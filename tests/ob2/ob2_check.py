"""Run the official Open Badges 2.0 validator (openbadges 1.1.2) offline on one badge.

Runs INSIDE the validator's own virtual environment (made by ``harness.ensure_ob2_venv``): the
validator pins Python 2-era packages that cannot share credcat's environment.

    python ob2_check.py [--host NAME=127.0.0.1:PORT ...] URL-OR-JSON-FILE
    python ob2_check.py --batch [--host ...] TARGET [TARGET ...]

A target is the URL of a hosted Assertion (hosted verification) or a file holding Assertion JSON
(the validator then verifies it at its ``id`` URL). Prints a JSON report to stdout:
``{"valid", "errors", "warnings", "report", "graph", "requests"}`` (``--batch``: an object of
those, one per target). Exit status 0 when every target is valid with no errors and no warnings,
1 otherwise, 2 on bad usage.

The network is cut off. Every fetch the validator makes (``fetch_http_node``, image validation,
and the JSON-LD document loader behind pyld) goes through requests' ``HTTPAdapter.send``, which
is patched:

- ``https://w3id.org/openbadges/v2`` and ``https://openbadgespec.org/v2/context.json`` (either
  scheme) are answered from ``context-v2.json`` beside this file;
- ``--host NAME=127.0.0.1:PORT`` answers that host name from a local test server (the validator
  only accepts registered host names in an issuer's ``verification.allowedOrigins``, so
  cross-origin tests need one); the target must be a loopback address;
- requests to 127.0.0.1 / ``localhost`` / ``::1`` reach the real local servers;
- everything else is refused (``requests.ConnectionError``) and listed in ``requests``.

pyld's default document loader (urllib-based) is replaced by a requests-based one, and name
resolution itself (``socket.getaddrinfo``) refuses every non-loopback host as a last guard.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import json
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
CONTEXT_FILE = HERE / "context-v2.json"
# host + path (no scheme, no trailing slash) of the URLs answered with the local context copy
CONTEXT_LOCATIONS = frozenset({"w3id.org/openbadges/v2", "openbadgespec.org/v2/context.json"})

RequestLog = list[dict[str, Any]]


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    name = host.strip("[]").lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _is_context_url(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.query or parts.fragment:
        return False
    return f"{(parts.hostname or '').lower()}{parts.path.rstrip('/')}" in CONTEXT_LOCATIONS


def _parse_hosts(values: list[str]) -> dict[str, str]:
    hosts: dict[str, str] = {}
    for value in values:
        name, sep, target = value.partition("=")
        host = urlsplit(f"http://{target}").hostname
        if not sep or not name or not is_loopback(host):
            raise SystemExit(f"ob2_check: --host wants NAME=127.0.0.1:PORT, got {value!r}")
        hosts[name.lower()] = target
    return hosts


def install_offline_network(hosts: dict[str, str], log: RequestLog) -> None:
    """Patch requests, pyld and name resolution as described in the module docstring."""
    import requests
    from pyld import jsonld
    from requests.adapters import HTTPAdapter
    from requests.structures import CaseInsensitiveDict

    context_bytes = CONTEXT_FILE.read_bytes()
    real_send: Callable[..., Any] = HTTPAdapter.send

    def context_response(request: Any) -> Any:
        response = requests.Response()
        response.status_code = 200
        response.reason = "OK"
        response._content = context_bytes
        response.headers = CaseInsensitiveDict({"Content-Type": "application/ld+json"})
        response.encoding = "utf-8"
        response.url = request.url
        response.request = request
        return response

    def send(self: Any, request: Any, **kwargs: Any) -> Any:
        url = request.url
        host = (urlsplit(url).hostname or "").lower()
        if _is_context_url(url):
            log.append({"url": url, "answer": "local context copy", "status": 200})
            return context_response(request)
        if host in hosts:
            parts = urlsplit(url)
            request.url = parts._replace(scheme="http", netloc=hosts[host]).geturl()
            try:
                response = real_send(self, request, **kwargs)
            finally:
                request.url = url
            response.url = url
            answer = f"local server {hosts[host]}"
            log.append({"url": url, "answer": answer, "status": response.status_code})
            return response
        if is_loopback(host):
            response = real_send(self, request, **kwargs)
            log.append({"url": url, "answer": "local server", "status": response.status_code})
            return response
        log.append({"url": url, "answer": "refused", "status": None})
        raise requests.ConnectionError(
            f"ob2_check: refused non-loopback request to {url}", request=request
        )

    HTTPAdapter.send = send  # type: ignore[method-assign,assignment]

    from openbadges.verifier.utils import CachableDocumentLoader

    jsonld.set_document_loader(CachableDocumentLoader(use_cache=False))

    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode("ascii", "replace") if isinstance(host, bytes) else host
        if name is None or is_loopback(str(name)):
            return real_getaddrinfo(host, *args, **kwargs)
        log.append({"url": f"//{name}", "answer": "refused (name resolution)", "status": None})
        raise socket.gaierror(socket.EAI_NONAME, f"ob2_check: refused to resolve {name}")

    socket.getaddrinfo = getaddrinfo


def check(target: str, log: RequestLog) -> dict[str, Any]:
    """Verify one hosted Assertion (URL, or a file of its JSON); the summarised report."""
    from openbadges.verifier import verify

    badge_input = target
    if not target.startswith(("http://", "https://")):
        badge_input = Path(target).read_text(encoding="utf-8")
    start = len(log)
    result = verify(badge_input, use_cache=False)
    report: dict[str, Any] = result.get("report", {})
    messages = report.get("messages", [])
    errors = [m for m in messages if m.get("messageLevel") == "ERROR"]
    warnings = [m for m in messages if m.get("messageLevel") == "WARNING"]
    return {
        "valid": bool(report.get("valid")) and not errors,
        "errors": errors,
        "warnings": warnings,
        "report": report,
        "graph": result.get("graph", []),
        "requests": log[start:],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="+", metavar="URL-OR-JSON-FILE")
    parser.add_argument("--host", action="append", default=[], metavar="NAME=127.0.0.1:PORT")
    parser.add_argument("--batch", action="store_true", help="several targets: one report each")
    args = parser.parse_args(argv)
    if len(args.targets) > 1 and not args.batch:
        parser.error("several targets need --batch")
    log: RequestLog = []
    install_offline_network(_parse_hosts(args.host), log)
    # stdout carries only the JSON report: anything the validator prints goes to stderr
    with contextlib.redirect_stdout(sys.stderr):
        results = {target: check(target, log) for target in args.targets}
    output: Any = results if args.batch else results[args.targets[0]]
    sys.stdout.write(json.dumps(output, indent=2, sort_keys=True, default=str) + "\n")
    clean = all(r["valid"] and not r["errors"] and not r["warnings"] for r in results.values())
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
