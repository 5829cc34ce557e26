"""Find, read and vet the images a catalog references (badges and issuer logos).

Images are published as they are, so each one is checked for what it claims to be: a PNG
must carry the PNG signature, and an SVG must be plain XML drawing with no script, event
handlers, external references or entity declarations.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from credcat.diagnostics import Diagnostic, Location

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_SVG_NS = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_FORBIDDEN_ELEMENTS = frozenset(
    {"script", "foreignObject", "iframe", "embed", "object", "audio", "video", "handler"}
)
_CSS_DANGER = re.compile(r"url\s*\(\s*['\"]?\s*(?!#)|@import|expression\s*\(|javascript:", re.I)


@dataclass(frozen=True, slots=True, kw_only=True)
class Image:
    """An image file ready to publish."""

    path: str
    """Catalog-relative POSIX path, also its path in the output."""
    data: bytes
    media_type: str
    """image/png or image/svg+xml."""

    @property
    def digest(self) -> str:
        """Short content hash."""
        return hashlib.sha256(self.data).hexdigest()[:16]


def load_image(
    root: Path, rel: str, max_bytes: int, where: Location
) -> tuple[Image | None, list[Diagnostic]]:
    """Read and vet the image at catalog-relative path ``rel``."""
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or rel.startswith("."):
        return None, [_err(where, "path.outside", f"image path '{rel}' leaves the catalog folder")]
    path = root / pure
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None, [
            _err(where, "image.missing", f"image '{rel}' not found", f"expected at {pure}")
        ]
    if not real.is_relative_to(root.resolve()):
        return None, [
            _err(where, "path.outside", f"image '{rel}' is a link to a file outside the catalog")
        ]
    if not real.is_file():
        return None, [_err(where, "image.missing", f"image '{rel}' is not a file")]
    size = real.stat().st_size
    if size > max_bytes:
        return None, [
            _err(
                where,
                "image.too-large",
                f"image '{rel}' is {size // 1024} KiB; the limit is {max_bytes // 1024} KiB",
                "shrink it (badges display at about 300 px) or raise max_image_kb",
            )
        ]
    try:
        data = real.read_bytes()
    except OSError as exc:
        return None, [_err(where, "image.unreadable", f"cannot read '{rel}': {exc.strerror}")]
    if pure.suffix == ".png":
        if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
            return None, [
                _err(where, "image.invalid", f"'{rel}' is named .png but is not a PNG image")
            ]
        return Image(path=str(pure), data=data, media_type="image/png"), []
    problem = svg_problem(data)
    if problem:
        return None, [_err(where, "image.unsafe-svg", f"'{rel}': {problem}")]
    return Image(path=str(pure), data=data, media_type="image/svg+xml"), []


def svg_problem(data: bytes) -> str | None:
    """Return why an SVG may not be published, or None when it is a safe drawing."""
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        return "SVG with a DOCTYPE or entity declarations is not allowed"
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return f"not a well-formed SVG file ({exc})"
    if root.tag not in (f"{_SVG_NS}svg", "svg"):
        return "not an SVG image (the root element is not <svg>)"
    for element in root.iter():
        name = str(element.tag).rsplit("}", 1)[-1]
        if name in _FORBIDDEN_ELEMENTS:
            return f"SVG contains a <{name}> element"
        if name == "style" and element.text and _CSS_DANGER.search(element.text):
            return "SVG style loads external resources"
        for attr, value in element.attrib.items():
            local = attr.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                return f"SVG has an event handler attribute '{local}'"
            if (attr == _XLINK_HREF or local == "href") and not value.strip().startswith("#"):
                return "SVG references an external resource; only #fragment links are allowed"
            if local == "style" and _CSS_DANGER.search(value):
                return "SVG style loads external resources"
    return None


def _err(where: Location, code: str, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(location=where, code=code, message=message, hint=hint)
