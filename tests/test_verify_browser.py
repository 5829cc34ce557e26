"""The "Check a badge" page (#19) in Chromium, against a built catalog over real HTTP.

The test catalog is tests/cases/basic with keys for North University (an Ed25519 key, a P-256
key and a retired Ed25519 key); the badges are made here: Open Badges 3.0 VC-JWTs signed with
those keys (``cryptography``), Open Badges 2.0 assertions hosted by a second local server
(another origin, with and without CORS) and baked into PNG (iTXt) and SVG images. Every case is
checked for its verdict and message, for script errors and with axe.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import struct
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from playwright.sync_api import Browser, FilePayload, Page, expect

from credcat.core.diagnostics import Report
from credcat.publish.build import build
from tests.support.axe import describe, run_axe
from tests.support.http import serve_directory

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.browser

EMAIL = "siti@example.com"
SALT = "pepper-42"
ED_KEY = ed25519.Ed25519PrivateKey.from_private_bytes(bytes([7]) * 32)
OLD_KEY = ed25519.Ed25519PrivateKey.from_private_bytes(bytes([8]) * 32)
EC_KEY = ec.derive_private_key(987654321, ec.SECP256R1())
OTHER_KEY = ed25519.Ed25519PrivateKey.from_private_bytes(bytes([9]) * 32)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _ed_jwk(key: ed25519.Ed25519PrivateKey) -> str:
    return f"kty: OKP\n    crv: Ed25519\n    x: {b64(key.public_key().public_bytes_raw())}"


def _ec_jwk(key: ec.EllipticCurvePrivateKey) -> str:
    n = key.public_key().public_numbers()
    return (
        f"kty: EC\n    crv: P-256\n    x: {b64(n.x.to_bytes(32, 'big'))}\n"
        f"    y: {b64(n.y.to_bytes(32, 'big'))}"
    )


def sign_jwt(payload: dict[str, Any], key: Any, kid: str) -> str:
    """A compact JWS (VC-JWT) of ``payload``, EdDSA or ES256 by the key's type."""
    alg = "ES256" if isinstance(key, ec.EllipticCurvePrivateKey) else "EdDSA"
    header = {"alg": alg, "kid": kid, "typ": "JWT"}
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}"
    if alg == "ES256":
        r, s = decode_dss_signature(key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256())))
        signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    else:
        signature = key.sign(signing_input.encode())
    return f"{signing_input}.{b64(signature)}"


def identity_hash(identity: str) -> str:
    return "sha256$" + hashlib.sha256((identity + SALT).encode()).hexdigest()


def png(extra_chunks: list[tuple[bytes, bytes]] | None = None) -> bytes:
    """A 1x1 PNG with ``extra_chunks`` (type, data) before IEND."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
    for kind, data in extra_chunks or []:
        body += chunk(kind, data)
    return b"\x89PNG\r\n\x1a\n" + body + chunk(b"IEND", b"")


def baked_png(text: str) -> bytes:
    """A PNG with the Open Badges iTXt chunk (keyword openbadges, uncompressed)."""
    return png([(b"iTXt", b"openbadges\x00\x00\x00\x00\x00" + text.encode("utf-8"))])


def baked_png_compressed(text: str) -> bytes:
    """A PNG whose openbadges iTXt chunk is zlib-compressed (compression flag 1)."""
    data = b"openbadges\x00\x01\x00\x00\x00" + zlib.compress(text.encode("utf-8"))
    return png([(b"iTXt", data)])


def baked_svg(assertion: dict[str, Any]) -> bytes:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org" '
        'width="40" height="40" viewBox="0 0 40 40">'
        f'<openbadges:assertion verify="{assertion["id"]}"><![CDATA[{json.dumps(assertion)}]]>'
        '</openbadges:assertion><circle cx="20" cy="20" r="18" fill="#0b5cad"/></svg>'
    ).encode()


@dataclass
class Host:
    """The issuer's own server for hosted assertions: another origin than the catalog."""

    routes: dict[str, tuple[int, bytes, bool]] = field(default_factory=dict)
    """path -> (status, body, send CORS header)."""
    base: str = ""
    seen: list[dict[str, str]] = field(default_factory=list)
    """The headers of every request, with its path as ``:path``."""


def _host_handler(host: Host) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Stay quiet."""

        def do_GET(self) -> None:
            host.seen.append({":path": self.path, **dict(self.headers)})
            status, body, cors = host.routes.get(self.path, (404, b"{}", True))
            self.send_response(status)
            self.send_header("Content-Type", "application/ld+json")
            self.send_header("Content-Length", str(len(body)))
            if cors:
                self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(body)

    return Handler


@dataclass
class World:
    base: str
    did: str
    host: Host
    badges: dict[str, Any]


def _credential(world_base: str, did: str, achievement: str, **extra: Any) -> dict[str, Any]:
    doc = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:2f1c8f0e-6c1b-4c55-9d39-6e5f6f1d4a01",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": did, "type": ["Profile"], "name": "North University"},
        "validFrom": "2025-03-01T00:00:00Z",
        "name": "Data Cleaning",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": identity_hash(EMAIL),
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": SALT,
                }
            ],
            "achievement": {"id": world_base + achievement, "type": ["Achievement"]},
        },
    }
    doc.update(extra)
    return doc


def _assertion(url: str, badge: str, **extra: Any) -> dict[str, Any]:
    doc = {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": url,
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": SALT,
            "identity": identity_hash(EMAIL),
        },
        "badge": badge,
        "issuedOn": "2024-09-01T00:00:00Z",
        "verification": {"type": "hosted"},
    }
    doc.update(extra)
    return doc


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    tmp = tmp_path_factory.mktemp("verify")
    content = tmp / "content"
    shutil.copytree(REPO / "tests/cases/basic/content", content)
    host = Host()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _host_handler(host))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host.base = f"http://127.0.0.1:{server.server_address[1]}/"
    issuer = content / "issuers/north-uni.yaml"
    text = issuer.read_text().replace(
        "  allowed_origins: [lms.north.example]", f"  starts_with: ['{host.base}badges/']"
    )
    text += (
        "keys:\n"
        f"  - id: key-2020\n    {_ed_jwk(OLD_KEY)}\n    retired: 2021-01-01\n"
        f"  - id: key-2026\n    {_ed_jwk(ED_KEY)}\n"
        f"  - id: ecdsa-1\n    {_ec_jwk(EC_KEY)}\n"
    )
    issuer.write_text(text)
    site = tmp / "site"
    site.mkdir()
    try:
        with serve_directory(site, prefix="/catalog/") as base:
            report = Report()
            assert build(content, report, output=site, base_url=base) is not None, report
            index = json.loads((site / "catalog.json").read_text())
            did = next(i for i in index["issuers"] if i["id"] == "north-uni")["did"]
            yield World(base=base, did=did, host=host, badges=_badges(base, did, host))
    finally:
        server.shutdown()
        server.server_close()


def _badges(base: str, did: str, host: Host) -> dict[str, Any]:
    cred = _credential(base, did, "achievements/data-cleaning.json")
    jwt = {"vc": cred, "iss": did, "nbf": 1740787200, "jti": cred["id"]}
    genuine = sign_jwt(jwt, ED_KEY, f"{did}#key-2026")
    header, payload, signature = genuine.split(".")
    raw = bytearray(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    at = raw.index(b"Data Cleaning")
    raw[at] = ord("X")  # one byte of the signed payload: "Xata Cleaning"
    tampered = f"{header}.{b64(bytes(raw))}.{signature}"

    badges: dict[str, Any] = {
        "genuine": genuine,
        "tampered": tampered,
        "es256": sign_jwt(cred, EC_KEY, f"{did}#ecdsa-1"),  # VC-JWT without the vc claim
        "expired": sign_jwt(
            {"vc": {**cred, "validUntil": "2025-06-01T00:00:00Z"}}, ED_KEY, f"{did}#key-2026"
        ),
        "earlier": sign_jwt(
            {"vc": _credential(base, did, "achievements/data-cleaning/v1.9.json")},
            ED_KEY,
            f"{did}#key-2026",
        ),
        "renamed": sign_jwt(
            {"vc": _credential(base, did, "achievements/data-tidying.json")},
            ED_KEY,
            f"{did}#key-2026",
        ),
        "retired-key": sign_jwt(
            {"vc": {**cred, "validFrom": "2020-06-01T00:00:00Z"}}, OLD_KEY, f"{did}#key-2020"
        ),
        "retired-key-late": sign_jwt({"vc": cred}, OLD_KEY, f"{did}#key-2020"),
        "unknown-signer": sign_jwt({"vc": cred}, OTHER_KEY, f"{did}#key-2026"),
        "wrong-iss": sign_jwt({"vc": cred, "iss": "https://evil.example/"}, ED_KEY, "key-2026"),
        "other-issuer": sign_jwt(
            {"vc": {**cred, "issuer": base + "issuers/skills-board.json"}}, ED_KEY, "key-2026"
        ),
        "no-key": sign_jwt(
            {
                "vc": {
                    **_credential(base, did, "achievements/old-spreadsheets.json"),
                    "issuer": base + "issuers/skills-board.json",
                }
            },
            ED_KEY,
            "key-2026",
        ),
        "profile-issuer": sign_jwt(
            {"vc": {**cred, "issuer": base + "issuers/northern-university.json"}},
            ED_KEY,
            "key-2026",
        ),
        "data-integrity": json.dumps(
            {
                **cred,
                "proof": {
                    "type": "DataIntegrityProof",
                    "cryptosuite": "eddsa-rdfc-2022",
                    "proofValue": "z3FXQ",
                },
            }
        ),
    }
    other = "https://badges.other.example/badges/data-cleaning.json"
    badges["foreign"] = json.dumps(_assertion("https://lms.other.example/a/1", other))
    badges["malformed"] = '{"type": "Assertion", "badge": "x",}'
    badges["huge"] = '{"x": "' + "a" * (1024 * 1024 + 10) + '"}'
    badges["png-empty"] = png([(b"tEXt", b"Comment\x00made by a test")])

    def hosted(
        name: str,
        status: int,
        doc: Callable[[str], dict[str, Any]] | dict[str, Any] | None,
        cors: bool = True,
    ) -> str:
        url = f"{host.base}badges/{name}.json"
        body = json.dumps(doc(url) if callable(doc) else doc or {}).encode()
        host.routes[f"/badges/{name}.json"] = (status, body, cors)
        return url

    badge_class = base + "badges/data-cleaning.json"
    badges["hosted-ok"] = hosted("ok", 200, lambda u: _assertion(u, badge_class))
    badges["hosted-revoked"] = hosted(
        "revoked",
        200,
        lambda u: _assertion(u, badge_class, revoked=True, revocationReason="Issued in error"),
    )
    badges["hosted-gone"] = hosted("gone", 410, None)
    elsewhere = f"{host.base}elsewhere/1.json"
    host.routes["/elsewhere/1.json"] = (
        200,
        json.dumps(_assertion(elsewhere, badge_class)).encode(),
        True,
    )
    badges["hosted-elsewhere"] = elsewhere
    badges["hosted-no-cors"] = hosted("no-cors", 200, lambda u: _assertion(u, badge_class), False)
    retired_url = f"{host.base}badges/old.json"
    badges["retired-png"] = baked_png(
        json.dumps(_assertion(retired_url, base + "badges/old-spreadsheets.json"))
    )
    signed = _assertion(
        "urn:uuid:5b1c2d7e-0a4f-4e0b-8a55-0c7d52a8f001",
        badge_class,
        verification={"type": "SignedBadge", "creator": did + "#ecdsa-1"},
    )
    badges["signed-png"] = baked_png_compressed(sign_jwt(signed, EC_KEY, "ecdsa-1"))
    badges["url-png"] = baked_png(badges["hosted-ok"])
    badges["renamed-svg"] = baked_svg(
        _assertion(f"{host.base}badges/renamed.json", base + "badges/data-tidying.json")
    )
    return badges


@dataclass
class Errors:
    page: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)


def _open(page: Page, url: str) -> Errors:
    errors = Errors()
    page.on("pageerror", lambda exc: errors.page.append(str(exc)))
    page.on("console", lambda m: errors.console.append(m.text) if m.type == "error" else None)
    page.goto(url)
    expect(page.locator("#verify")).to_be_visible()
    return errors


def _result(page: Page) -> tuple[str, str]:
    result = page.locator("#result")
    expect(result).to_be_visible()
    expect(page.locator("#check")).to_be_enabled()
    return result.get_attribute("data-verdict") or "", result.inner_text()


def check_text(page: Page, text: str, recipient: str = EMAIL) -> tuple[str, str]:
    page.locator("#badge-input").fill(text)
    page.locator("#recipient").fill(recipient)
    page.locator("#check").click()
    return _result(page)


def check_file(
    page: Page, name: str, data: bytes, mime: str, recipient: str = EMAIL
) -> tuple[str, str]:
    page.locator("#recipient").fill(recipient)
    page.locator("#badge-file").set_input_files(
        files=[FilePayload(name=name, mimeType=mime, buffer=data)]
    )
    return _result(page)


def _accessible(page: Page) -> None:
    violations = run_axe(page)
    assert violations == [], describe(violations)


# (badge, recipient, verdict, texts the result shows, network errors the case provokes)
TEXT_CASES: list[tuple[str, str, str, list[str], int]] = [
    (
        "genuine",
        EMAIL,
        "confirmed",
        ["Genuine: every check passed", "key “key-2026”", "matches"],
        0,
    ),
    ("es256", EMAIL, "confirmed", ["key “ecdsa-1”", "The credential is offered now."], 0),
    ("tampered", EMAIL, "invalid", ["Not genuine", "The signature does not match"], 0),
    (
        "genuine",
        "someone@example.com",
        "wrong-recipient",
        ["Awarded to someone else", "does not match the one"],
        0,
    ),
    ("expired", EMAIL, "expired", ["Expired", "It expired on Jun 1, 2025"], 0),
    (
        "earlier",
        EMAIL,
        "confirmed",
        [
            "Issued against version 1.9; the current version is 1.10.",
            "Changed since, in version 1.10 (Jun 1, 2024): The report is now required.",
            "Criteria of version 1.9:",
        ],
        0,
    ),
    ("renamed", EMAIL, "confirmed", ["earlier id “data-tidying”", "now “data-cleaning”"], 0),
    ("retired-key", EMAIL, "confirmed", ["retired on Jan 1, 2021, before that date"], 0),
    ("retired-key-late", EMAIL, "invalid", ["issued after that date"], 0),
    ("unknown-signer", EMAIL, "invalid", ["The signature does not match"], 0),
    (
        "data-integrity",
        EMAIL,
        "unconfirmed",
        ["signature format not supported here (eddsa-rdfc-2022)"],
        0,
    ),
    (
        "no-key",
        EMAIL,
        "unconfirmed",
        ["Signature not checked: this issuer publishes no key here."],
        0,
    ),
    ("wrong-iss", EMAIL, "invalid", ["names the issuer https://evil.example/"], 0),
    ("other-issuer", EMAIL, "invalid", ["issuers/skills-board.json, but this catalog's issuer"], 0),
    ("profile-issuer", EMAIL, "confirmed", ["The badge names North University"], 0),
    ("hosted-elsewhere", EMAIL, "invalid", ["is not an address where North University hosts"], 0),
    ("foreign", EMAIL, "foreign", ["Not from this catalog", "badges.other.example"], 0),
    ("malformed", EMAIL, "unreadable", ["No badge could be read", "This is not valid JSON"], 0),
    ("huge", EMAIL, "unreadable", ["far larger than any badge (the limit is 1 MiB)"], 0),
    ("hosted-ok", EMAIL, "confirmed", ["answers with this badge, and it is not revoked"], 0),
    ("hosted-revoked", EMAIL, "revoked", ["Revoked", "Reason given: Issued in error"], 0),
    ("hosted-gone", EMAIL, "revoked", ["answers that the badge is gone (revoked)"], 1),
    ("hosted-no-cors", EMAIL, "unconfirmed", ["does not allow other sites to read it (CORS)"], 2),
]


def test_each_badge_gets_its_verdict_accessibly_and_without_script_errors(
    world: World, page: Page
) -> None:
    errors = _open(page, world.base + "verify/")
    _accessible(page)  # the empty page
    asked = len(world.host.seen)
    audited: set[str] = set()
    for name, recipient, verdict, texts, network_errors in TEXT_CASES:
        before = len(errors.console)
        got, shown = check_text(page, world.badges[name], recipient)
        assert got == verdict, (name, shown)
        for text in texts:
            assert text in shown, (name, text, shown)
        if verdict not in ("confirmed", "partly-confirmed"):
            assert "Genuine" not in shown, (name, shown)
        if verdict not in audited:  # axe once in each state the page can be in
            _accessible(page)
            audited.add(verdict)
        # The only console errors are Chromium's own reports of a refused fetch (410, CORS).
        logged = errors.console[before:]
        assert len(logged) == network_errors, (name, logged)
        assert all(e.startswith(("Failed to load resource", "Access to fetch at")) for e in logged)
    assert audited == {v for _, _, v, *_ in TEXT_CASES}
    assert errors.page == []
    # the host was asked once per hosted address pasted, without cookies or referrer
    requests = world.host.seen[asked:]
    hosted = [n for n, *_ in TEXT_CASES if n.startswith("hosted-")]
    assert [r[":path"] for r in requests] == [
        "/" + world.badges[n].removeprefix(world.host.base) for n in hosted
    ]
    assert not any("Referer" in r or "Cookie" in r for r in requests)


def test_baked_images_and_files(world: World, page: Page) -> None:
    errors = _open(page, world.base + "verify/")
    verdict, shown = check_file(page, "old.png", world.badges["retired-png"], "image/png")
    assert verdict == "unconfirmed", shown
    assert "“Spreadsheets (retired) </script><script>alert(1)</script>”" in shown
    assert "it was replaced by “Data Cleaning”" in shown
    assert "Ask the issuer's copy" in shown
    replacement = page.locator("#checks a", has_text="Data Cleaning")
    assert (replacement.get_attribute("href") or "").endswith("credentials/data-cleaning/")
    _accessible(page)

    verdict, shown = check_file(page, "renamed.svg", world.badges["renamed-svg"], "image/svg+xml")
    assert verdict == "unconfirmed", shown
    assert "earlier id “data-tidying”" in shown
    assert "matches" in shown  # the hashed email, compared with WebCrypto

    verdict, shown = check_file(page, "signed.png", world.badges["signed-png"], "image/png")
    assert verdict == "confirmed", shown
    assert "A signed Open Badges 2.0 assertion." in shown
    assert "key “ecdsa-1”" in shown

    # a baked address is fetched only when the reader asks for it
    verdict, shown = check_file(page, "hosted.png", world.badges["url-png"], "image/png")
    assert verdict == "unconfirmed", shown
    page.locator("button.ask-host").click()
    expect(page.locator("#result")).to_have_attribute("data-verdict", "confirmed")
    _accessible(page)

    verdict, shown = check_file(page, "photo.png", world.badges["png-empty"], "image/png")
    assert verdict == "unreadable"
    assert "This PNG image holds no badge" in shown
    _accessible(page)

    jwt = world.badges["genuine"].encode()
    verdict, shown = check_file(page, "badge.jwt", jwt, "text/plain")
    assert verdict == "confirmed", shown

    # dropped on the page, as a reader drags a badge image from their files
    page.evaluate(
        """([name, bytes]) => {
            const file = new File([new Uint8Array(bytes)], name, {type: 'image/svg+xml'});
            const data = new DataTransfer();
            data.items.add(file);
            const zone = document.getElementById('drop');
            const init = {dataTransfer: data, bubbles: true, cancelable: true};
            zone.dispatchEvent(new DragEvent('dragover', init));
            zone.dispatchEvent(new DragEvent('drop', init));
        }""",
        ["renamed.svg", list(world.badges["renamed-svg"])],
    )
    expect(page.locator("#result")).to_contain_text("earlier id “data-tidying”")
    assert errors.page == []
    assert errors.console == []


def test_asking_the_host_by_keyboard_alone(world: World, page: Page) -> None:
    """Tab to each control, type, press Enter: the result takes focus, the host is asked."""
    errors = _open(page, world.base + "verify/")
    assertion = json.dumps(
        _assertion(world.badges["hosted-ok"], world.base + "badges/data-cleaning.json")
    )
    page.locator("body").focus()
    for target in ("badge-input", "recipient", "check"):
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == target:
                break
        else:
            pytest.fail(f"#{target} cannot be reached with Tab")
        if target == "badge-input":
            page.keyboard.insert_text(assertion)
        elif target == "recipient":
            page.keyboard.insert_text(EMAIL)
    page.keyboard.press("Enter")
    verdict, shown = _result(page)
    assert verdict == "unconfirmed", shown
    assert page.evaluate("document.activeElement.id") == "result"
    page.keyboard.press("Tab")
    for _ in range(10):
        if page.evaluate("document.activeElement.className") == "ask-host":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#result")).to_have_attribute("data-verdict", "confirmed")
    expect(page.locator("#status")).to_contain_text("Check finished: Genuine")
    _accessible(page)
    assert page.evaluate("document.activeElement.id") == "result"
    page.keyboard.press("Shift+Tab")
    for _ in range(10):
        if page.evaluate("document.activeElement.id") == "clear":
            break
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#result")).to_be_hidden()
    assert page.evaluate("document.activeElement.id") == "badge-input"
    assert errors.page == []
    assert errors.console == []


def test_page_in_malay_stores_nothing_and_fits_a_phone(world: World, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        errors = _open(page, world.base + "ms/verify/")
        assert page.locator("h1").inner_text() == "Semak lencana"
        verdict, shown = check_text(page, world.badges["genuine"])
        assert verdict == "confirmed"
        assert "Tulen: setiap semakan lulus" in shown
        _accessible(page)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        assert page.evaluate("localStorage.length + sessionStorage.length") == 0
        assert page.evaluate("document.cookie") == ""
        assert context.cookies() == []
        # only the page, its own files and catalog.json: the badge went nowhere
        assert all(u.startswith(world.base) for u in requests), requests
        assert not any(world.host.base in u for u in requests)
        assert errors.page == []
        assert errors.console == []
    finally:
        context.close()


def test_every_page_links_to_the_verify_page(world: World, page: Page) -> None:
    page.goto(world.base + "credentials/data-cleaning/")
    link = page.locator("main a", has_text="Check a badge of this credential")
    assert link.get_attribute("href") == page.locator(
        "footer a", has_text="Check a badge"
    ).get_attribute("href")
    page.goto(world.base + "ms/")
    page.locator("footer a", has_text="Semak lencana").click()
    expect(page).to_have_url(world.base + "ms/verify/")
    csp = page.locator("meta[http-equiv='Content-Security-Policy']").get_attribute("content") or ""
    assert "connect-src 'self' https: http:;" in csp
    assert "script-src 'self';" in csp
