"""Find, read and vet the images a catalog references (badges and issuer logos).

Each image is checked for what it claims to be, by an allow list. An SVG must be a plain
drawing (see svg.py); what is published is the checked tree written out again, never the
uploaded bytes. A PNG must be a well-formed PNG: its chunks known, their checksums right,
its dimensions within ``MAX_SIDE`` and ``MAX_PIXELS``, and its pixel data decompressing to
exactly the size its header implies (so a small file cannot expand without bound), with
nothing after its end. Other formats (JPEG, GIF, WebP) are named as such and refused:
Open Badges images are PNG or SVG.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from credcat.check.svg import check_svg
from credcat.core.diagnostics import Diagnostic, Location
from credcat.core.files import FileProblem, read_inside
from credcat.core.sources import display_path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_SIDE = 8192
"""Widest or tallest PNG allowed, in pixels (badges display at about 300 px)."""
MAX_PIXELS = 4096 * 4096
"""Most pixels one PNG may have (its decompressed size follows from this)."""
MAX_TEXT = 1024 * 1024
"""Largest decompressed size of one compressed text chunk (zTXt, iTXt) of a PNG."""
_SHOWN_PROBLEMS = 10

_PNG_CHUNKS = frozenset(
    b"IHDR PLTE IDAT IEND tRNS cHRM gAMA iCCP sBIT sRGB cICP mDCV cLLI tEXt zTXt iTXt bKGD "
    b"hIST pHYs sPLT eXIf tIME".split()
)
"""Chunk types of a still PNG (PNG Third Edition); anything else, APNG frames included, is
refused."""
_BIT_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_ADAM7: tuple[tuple[int, int, int, int], ...] = (
    (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
    (0, 1, 1, 2),
)  # fmt: skip
"""Adam7 interlacing: each pass's first column and row, and its steps."""
_MAGIC = (
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"BM", "a BMP image"),
    (PNG_SIGNATURE, "a PNG image"),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Image:
    """An image file ready to publish."""

    path: str
    """Catalog-relative POSIX path, also its path in the output."""
    data: bytes
    """The bytes to publish (for an SVG, the checked drawing written out again)."""
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
    try:
        data = read_inside(root, str(pure), max_bytes)
    except FileProblem as exc:
        code = {"missing": "image.missing", "outside": "path.outside"}.get(exc.kind)
        if exc.kind == "too-large":
            return None, [
                _err(
                    where,
                    "image.too-large",
                    f"image '{rel}' is {exc.size // 1024} KiB; the limit is "
                    f"{max_bytes // 1024} KiB",
                    "shrink it (badges display at about 300 px) or raise max_image_kb",
                )
            ]
        hint = f"expected at {pure}" if exc.kind == "missing" else None
        return None, [_err(where, code or "image.unreadable", f"image '{rel}' {exc}", hint)]
    if pure.suffix == ".png":
        problem = png_problem(data)
        if problem:
            return None, [_err(where, "image.invalid", f"'{rel}': {problem}")]
        return Image(path=str(pure), data=data, media_type="image/png"), []
    result = check_svg(data)
    if result.problems or result.data is None:
        shown = display_path(root / pure)
        problems = [
            _err(Location(path=shown, line=p.line, col=p.col), "image.unsafe-svg", p.message)
            for p in result.problems[:_SHOWN_PROBLEMS]
        ]
        if len(result.problems) > _SHOWN_PROBLEMS:
            more = len(result.problems) - _SHOWN_PROBLEMS
            problems.append(
                _err(Location(path=shown), "image.unsafe-svg", f"and {more} more problems")
            )
        problems[0] = Diagnostic(
            location=problems[0].location,
            code=problems[0].code,
            message=problems[0].message,
            hint="a badge SVG may hold only drawing elements; save it as plain SVG (for "
            "example Inkscape's 'Plain SVG' or an SVG optimiser) without script, links, "
            "animation or embedded files",
        )
        return None, problems
    return Image(path=str(pure), data=result.data, media_type="image/svg+xml"), []


def png_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG's IHDR header (its first 24 bytes are enough); None for
    bytes that do not start as a PNG does. Checks nothing else: see ``png_problem``."""
    if len(data) < 24 or data[:8] != PNG_SIGNATURE or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def sniff(data: bytes) -> str:
    """What kind of file ``data`` looks like, for messages."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "a WebP image"
    if data.lstrip()[:1] == b"<":
        return "an XML or HTML file"
    return "not an image credcat knows"


def png_problem(data: bytes) -> str | None:
    """Why ``data`` is not a PNG that may be published, or None."""
    if not data.startswith(PNG_SIGNATURE):
        return f"named .png but is {sniff(data)}; badges are PNG or SVG"
    pos = len(PNG_SIGNATURE)
    header: tuple[int, int, int, int, int] | None = None
    inflater = zlib.decompressobj()
    expected = produced = 0
    seen_idat = ended_idat = False
    while True:
        if pos + 12 > len(data):
            return f"PNG ends inside a chunk at byte {pos} (the file is cut short)"
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if length > 2**31 - 1 or pos + 12 + length > len(data):
            return f"PNG chunk at byte {pos} runs past the end of the file"
        name = kind.decode("ascii", "backslashreplace")
        if kind not in _PNG_CHUNKS:
            return f"PNG chunk '{name}' at byte {pos} is not one a still PNG image has"
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        if zlib.crc32(kind + body) != crc:
            return f"PNG chunk '{name}' at byte {pos} is damaged (wrong checksum)"
        if header is None:
            if kind != b"IHDR" or length != 13:
                return "PNG does not start with its IHDR header"
            problem, header = _png_header(body)
            if problem:
                return problem
            assert header is not None
            expected = _raw_size(header)
        elif kind == b"IHDR":
            return f"PNG has a second IHDR at byte {pos}"
        elif kind == b"IDAT":
            if ended_idat:
                return f"PNG image data at byte {pos} is split by other chunks"
            seen_idat = True
            try:
                produced += _inflate(inflater, body, expected - produced)
            except zlib.error:
                return f"PNG image data at byte {pos} is not valid compressed data"
            if produced > expected:
                return (
                    f"PNG image data decompresses to more than the {expected} bytes its "
                    f"{header[0]}x{header[1]} header allows"
                )
        elif kind in (b"zTXt", b"iTXt") and _text_too_large(kind, body):
            return f"PNG text chunk at byte {pos} decompresses to more than {MAX_TEXT} bytes"
        elif kind == b"IEND":
            if pos + 12 + length != len(data):
                return f"PNG has {len(data) - pos - 12 - length} bytes after its end"
            break
        if seen_idat and kind != b"IDAT":
            ended_idat = True
        pos += 12 + length
    if not seen_idat:
        return "PNG has no image data"
    if header[3] == 3 and b"PLTE" not in _chunk_types(data):
        return "PNG with a palette has no PLTE chunk"
    if produced != expected or not inflater.eof:
        return f"PNG image data is cut short ({produced} of {expected} bytes)"
    return None


def _png_header(body: bytes) -> tuple[str | None, tuple[int, int, int, int, int] | None]:
    width, height, depth, colour, compression, filtering, interlace = struct.unpack(
        ">IIBBBBB", body
    )
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE) or width * height > MAX_PIXELS:
        return (
            f"PNG is {width}x{height} pixels; the limit is {MAX_SIDE} on a side and "
            f"{MAX_PIXELS} pixels (badges display at about 300 px)",
            None,
        )
    if depth not in _BIT_DEPTHS.get(colour, ()) or compression or filtering or interlace > 1:
        return "PNG header has an invalid colour type, bit depth or method", None
    return None, (width, height, depth, colour, interlace)


def _raw_size(header: tuple[int, int, int, int, int]) -> int:
    """Bytes the pixel data decompresses to: each row's filter byte and pixels, per pass."""
    width, height, depth, colour, interlace = header
    bits = _CHANNELS[colour] * depth
    passes = _ADAM7 if interlace else ((0, 0, 1, 1),)
    total = 0
    for x0, y0, dx, dy in passes:
        w = (width - x0 + dx - 1) // dx if width > x0 else 0
        h = (height - y0 + dy - 1) // dy if height > y0 else 0
        if w and h:
            total += h * (1 + (w * bits + 7) // 8)
    return total


def _inflate(inflater: zlib._Decompress, data: bytes, room: int) -> int:
    """Feed ``data``; return how many bytes came out, stopping once past ``room``."""
    produced = 0
    while data and produced <= room:
        out = inflater.decompress(data, min(room - produced + 1, 1 << 20))
        produced += len(out)
        data = inflater.unconsumed_tail
    return produced


def _text_too_large(kind: bytes, body: bytes) -> bool:
    _keyword, _, rest = body.partition(b"\0")
    if kind == b"zTXt":
        compressed = rest[1:]
    else:
        flag, rest = rest[:1], rest[2:]  # compression flag and method
        if flag != b"\x01":
            return False
        compressed = rest.split(b"\0", 2)[-1]  # after language tag and translated keyword
    try:
        return _inflate(zlib.decompressobj(), compressed, MAX_TEXT) > MAX_TEXT
    except zlib.error:
        return True


def _chunk_types(data: bytes) -> set[bytes]:
    types: set[bytes] = set()
    pos = len(PNG_SIGNATURE)
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        types.add(data[pos + 4 : pos + 8])
        pos += 12 + length
    return types


def _err(where: Location, code: str, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(location=where, code=code, message=message, hint=hint)
