"""Check and rewrite SVG images by an allow list: a badge is a drawing, nothing more.

An SVG is parsed with the standard library's expat, which here never reads a DOCTYPE,
entity declarations or external entities (any DOCTYPE refuses the file). Only the elements,
attributes and CSS properties a static drawing needs are kept; everything else (script,
event handlers, SMIL animation, links, ``foreignObject`` and every element or attribute in
another namespace, processing instructions such as ``<?xml-stylesheet?>``, CSS at-rules,
escapes and ``url()`` other than ``url(#id)``) is a problem. References may only point
inside the same document (``#id``): a badge is shown both inside an ``<img>``, where a
browser loads nothing else, and opened on its own, and must look and behave the same.

What is published is not the uploaded file but the allowed tree written out again
(``SvgResult.data``), so the bytes served are exactly the ones checked: no comment, DOCTYPE,
CDATA trick or parser difference survives to a browser. ``credcat build`` refuses an SVG with
any problem; ``credcat import`` keeps the cleaned drawing and reports what it removed.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from dataclasses import dataclass, field

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MAX_ELEMENTS = 20_000
"""Most elements one badge may have."""
MAX_DEPTH = 64
"""Deepest nesting of elements."""

ELEMENTS = _words(
    """svg g defs title desc symbol use path rect circle ellipse line polyline polygon text
    tspan textPath linearGradient radialGradient stop pattern clipPath mask marker style
    filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix
    feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB
    feFuncG feFuncR feGaussianBlur feMerge feMergeNode feMorphology feOffset fePointLight
    feSpecularLighting feSpotLight feTile feTurbulence"""
)
"""SVG elements a static drawing uses. Not here, so refused: script, a, image, feImage,
foreignObject, animate, set, animateMotion, animateTransform, mpath, switch, view, cursor,
font-face, iframe and anything else."""

PROPERTIES = _words(
    """alignment-baseline baseline-shift clip clip-path clip-rule color color-interpolation
    color-interpolation-filters direction display dominant-baseline fill fill-opacity
    fill-rule filter flood-color flood-opacity font font-family font-feature-settings
    font-kerning font-size font-size-adjust font-stretch font-style font-variant font-weight
    image-rendering isolation letter-spacing lighting-color marker marker-end marker-mid
    marker-start mask mask-type mix-blend-mode opacity overflow paint-order shape-rendering
    stop-color stop-opacity stroke stroke-dasharray stroke-dashoffset stroke-linecap
    stroke-linejoin stroke-miterlimit stroke-opacity stroke-width text-anchor
    text-decoration text-rendering transform transform-box transform-origin unicode-bidi
    vector-effect visibility white-space word-spacing writing-mode"""
)
"""CSS properties allowed in ``style`` (and, as presentation attributes, on elements)."""

ATTRIBUTES = PROPERTIES | _words(
    """id class style lang tabindex role aria-label aria-labelledby aria-describedby
    aria-hidden focusable version baseProfile viewBox preserveAspectRatio width height x y
    x1 y1 x2 y2 cx cy r rx ry fx fy fr d points pathLength dx dy rotate textLength
    lengthAdjust startOffset method spacing side gradientUnits gradientTransform
    spreadMethod offset patternUnits patternContentUnits patternTransform clipPathUnits
    maskUnits maskContentUnits markerWidth markerHeight markerUnits refX refY orient
    filterUnits primitiveUnits in in2 result stdDeviation edgeMode mode operator k1 k2 k3 k4
    values type tableValues slope intercept amplitude exponent baseFrequency numOctaves seed
    stitchTiles scale xChannelSelector yChannelSelector radius order kernelMatrix divisor
    bias targetX targetY kernelUnitLength preserveAlpha surfaceScale specularConstant
    specularExponent diffuseConstant azimuth elevation z pointsAtX pointsAtY pointsAtZ
    limitingConeAngle href"""
)
"""Attributes without a namespace that may appear on any allowed element; ``href`` (also as
``xlink:href``) only as ``#id``. ``xml:space`` and ``xml:lang`` are allowed too."""

_XML_ATTRIBUTES = frozenset({"space", "lang"})
_FRAGMENT = re.compile(r"#[A-Za-z_][A-Za-z0-9_.:-]*")
_URL = re.compile(r"url\(\s*(['\"]?)\s*(.*?)\s*\1\s*\)", re.I | re.S)
_CSS_FORBIDDEN = re.compile(r"\\|@|<|>|expression\s*\(|javascript:|-moz-binding|behavior", re.I)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_SELECTOR = re.compile(r"[A-Za-z0-9_\-#.,:>+~*\s\[\]=\"'()|^$]*")


@dataclass(frozen=True, slots=True)
class SvgProblem:
    """Something an SVG may not contain, with its 1-based position in the file."""

    line: int
    col: int
    message: str


@dataclass(frozen=True, slots=True)
class SvgResult:
    """The outcome of checking one SVG."""

    data: bytes | None
    """The allowed drawing written out again (None when nothing usable was found)."""
    problems: tuple[SvgProblem, ...]
    """What was refused (and, in ``data``, removed)."""


def strip_css_comments(text: str) -> str:
    """CSS without its comments (checked and published so, with nothing hidden in them)."""
    return _CSS_COMMENT.sub(" ", text)


def css_problem(text: str, *, sheet: bool) -> str | None:
    """Why CSS (a style sheet, or with ``sheet`` False one ``style`` attribute) is refused."""
    text = strip_css_comments(text)
    if "/*" in text:
        return "CSS comment without its end"
    bad = _CSS_FORBIDDEN.search(text)
    if bad:
        found = bad.group(0).strip() or bad.group(0)
        return f"CSS may not contain '{found}' (no escapes, at-rules or script)"
    if sheet:
        rules = text.split("}")
        if rules[-1].strip():
            return "CSS rule without a closing '}'"
        for rule in rules[:-1]:
            selector, brace, body = rule.partition("{")
            if not brace or "{" in body or not _SELECTOR.fullmatch(selector):
                return "CSS rule that is not 'selector { property: value }'"
            problem = _declarations_problem(body)
            if problem:
                return problem
        return None
    if "{" in text or "}" in text:
        return "CSS braces in a style attribute"
    return _declarations_problem(text)


def _declarations_problem(text: str) -> str | None:
    for declaration in text.split(";"):
        if not declaration.strip():
            continue
        name, colon, value = declaration.partition(":")
        name = name.strip().lower()
        if not colon or name not in PROPERTIES:
            return f"CSS property '{name[:40]}' is not one a badge needs"
        problem = value_problem(value)
        if problem:
            return problem
    return None


def value_problem(value: str) -> str | None:
    """Why a CSS or presentation attribute value is refused (only ``url(#id)`` may load)."""
    if _CSS_FORBIDDEN.search(value):
        return "value may not contain escapes, '<', '>', '@' or script"
    for match in re.finditer(r"url\s*\(", value, re.I):
        url = _URL.match(value, match.start())
        if url is None or not _FRAGMENT.fullmatch(url.group(2)):
            return "url() may only point to an element of the same drawing: url(#id)"
    if re.search(r"\b(?:image|image-set|cross-fade|element|src)\s*\(", value, re.I):
        return "value may not load an image"
    return None


@dataclass(slots=True)
class _Element:
    name: str
    attributes: list[tuple[str, str]]
    children: list[_Element | str] = field(default_factory=list)


class _Checker:
    def __init__(self) -> None:
        self.parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
        self.parser.ordered_attributes = True
        self.parser.buffer_text = True
        self.parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.text
        self.parser.ProcessingInstructionHandler = self.instruction
        self.parser.StartDoctypeDeclHandler = self.doctype
        self.parser.EntityDeclHandler = self.entity
        self.parser.ExternalEntityRefHandler = self.external
        self.problems: list[SvgProblem] = []
        self.root: _Element | None = None
        self.stack: list[_Element | None] = []
        self.count = 0
        self.xlink = False

    def problem(self, message: str) -> None:
        p = self.parser
        self.problems.append(SvgProblem(p.CurrentLineNumber, p.CurrentColumnNumber + 1, message))

    def doctype(self, *_args: object) -> None:
        self.problem("an SVG may not have a DOCTYPE (or declare entities)")
        raise _Stop

    def entity(self, *_args: object) -> None:
        self.problem("an SVG may not declare entities")
        raise _Stop

    def external(self, *_args: object) -> int:
        self.problem("an SVG may not refer to external entities")
        raise _Stop

    def instruction(self, target: str, _data: str) -> None:
        self.problem(f"processing instruction <?{target}?> is not allowed (it can style or run)")

    def start(self, name: str, attrs: list[str]) -> None:
        self.count += 1
        if self.count > MAX_ELEMENTS or len(self.stack) >= MAX_DEPTH:
            self.problem(f"more than {MAX_ELEMENTS} elements or {MAX_DEPTH} levels of nesting")
            raise _Stop
        parent_skipped = bool(self.stack) and self.stack[-1] is None
        if parent_skipped:
            self.stack.append(None)
            return
        ns, _, local = name.rpartition(" ")
        if not self.stack and (ns, local) != (SVG_NS, "svg"):
            self.problem(f'the root element is not <svg xmlns="{SVG_NS}">')
            raise _Stop
        if ns != SVG_NS:
            self.problem(f"element <{local}> from namespace '{ns or 'none'}' is not allowed")
            self.stack.append(None)
            return
        if local not in ELEMENTS:
            self.problem(f"element <{local}> is not allowed in a badge")
            self.stack.append(None)
            return
        element = _Element(local, self.attributes(local, attrs))
        if self.stack:
            parent = self.stack[-1]
            assert parent is not None
            parent.children.append(element)
        else:
            self.root = element
        self.stack.append(element)

    def attributes(self, element: str, attrs: list[str]) -> list[tuple[str, str]]:
        kept: list[tuple[str, str]] = []
        for name, value in zip(attrs[::2], attrs[1::2], strict=True):
            ns, _, local = name.rpartition(" ")
            if ns == XML_NS and local in _XML_ATTRIBUTES:
                kept.append((f"xml:{local}", value))
                continue
            if (ns, local) == (XLINK_NS, "href") or (not ns and local == "href"):
                if _FRAGMENT.fullmatch(value.strip()):
                    kept.append(("xlink:href" if ns else "href", value.strip()))
                    self.xlink = self.xlink or bool(ns)
                else:
                    self.problem(f"<{element}> links to '{value[:60]}'; only #id links are allowed")
                continue
            if ns or local not in ATTRIBUTES:
                shown = f"{{{ns}}}{local}" if ns else local
                self.problem(f"attribute '{shown}' on <{element}> is not allowed")
                continue
            if local == "style":
                value = strip_css_comments(value)
            problem = (
                css_problem(value, sheet=False)
                if local == "style"
                else value_problem(value)
                if local in PROPERTIES or "url" in value.lower()
                else None
            )
            if problem:
                self.problem(f"attribute '{local}' on <{element}>: {problem}")
                continue
            kept.append((local, value))
        return kept

    def end(self, _name: str) -> None:
        element = self.stack.pop()
        if element is not None and element.name == "style":
            text = strip_css_comments("".join(c for c in element.children if isinstance(c, str)))
            problem = css_problem(text, sheet=True)
            if any(not isinstance(c, str) for c in element.children):
                problem = "it may hold only CSS text, not elements"
            element.children[:] = [] if problem else [text]
            if problem:
                self.problem(f"<style>: {problem}")

    def text(self, data: str) -> None:
        if self.stack and self.stack[-1] is not None:
            self.stack[-1].children.append(data)


class _Stop(Exception):
    """Parsing ends: the file cannot be used at all."""


def check_svg(data: bytes) -> SvgResult:
    """Check an SVG against the allow list and write out what is allowed."""
    checker = _Checker()
    try:
        checker.parser.Parse(data, True)
    except _Stop:
        return SvgResult(None, tuple(checker.problems))
    except xml.parsers.expat.ExpatError as exc:
        message = xml.parsers.expat.errors.messages.get(exc.code, str(exc))
        problem = SvgProblem(exc.lineno, exc.offset + 1, f"not well-formed XML ({message})")
        return SvgResult(None, (*checker.problems, problem))
    if checker.root is None:
        return SvgResult(None, tuple(checker.problems))
    out: list[str] = []
    _write(checker.root, out, root=True, xlink=checker.xlink)
    return SvgResult(("".join(out) + "\n").encode("utf-8"), tuple(checker.problems))


_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;"}
    | {"\r": "&#13;"}
)


def _write(element: _Element, out: list[str], *, root: bool = False, xlink: bool = False) -> None:
    out.append(f"<{element.name}")
    if root:
        out.append(f' xmlns="{SVG_NS}"')
        if xlink:
            out.append(f' xmlns:xlink="{XLINK_NS}"')
    for name, value in element.attributes:
        out.append(f' {name}="{value.translate(_ATTR_ESCAPES)}"')
    if not element.children:
        out.append("/>")
        return
    out.append(">")
    for child in element.children:
        if isinstance(child, str):
            out.append(child.translate(_TEXT_ESCAPES))
        else:
            _write(child, out)
    out.append(f"</{element.name}>")
