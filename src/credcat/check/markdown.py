"""Markdown to sanitised HTML, with located diagnostics for unsafe raw HTML and links.

markdown-it-py (CommonMark) parses; nh3 (the Rust ammonia sanitiser) then removes anything
outside a small allowlist, so no script can reach a page even if a check is missed. The
checks here exist to tell the author, at the right line, that something was refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

ALLOWED_TAGS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "code",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
    ]
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang", "lang"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "ol": {"start"},
    "*": {"lang", "dir"},
}
_TAG = re.compile(r"<\s*([A-Za-z][A-Za-z0-9-]*)")
_EVENT_ATTR = re.compile(r"\s(on[a-z]+)\s*=", re.I)
_BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file)\s*:", re.I)
_MD_LINK = re.compile(r"\]\(\s*<?\s*((?:javascript|vbscript|data|file)\s*:)", re.I)


@dataclass(frozen=True, slots=True)
class MarkdownProblem:
    """An unsafe construct found in Markdown, at a 0-based line of the text."""

    line: int
    code: str
    message: str


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True, "typographer": False}).enable(
        ["table", "strikethrough"]
    )


def render_markdown(text: str, *, top_level: int = 2) -> tuple[str, list[MarkdownProblem]]:
    """Render Markdown to safe HTML whose highest heading is ``top_level``."""
    md = _parser()
    tokens = md.parse(text)
    problems = list(_inspect(tokens, text))
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    shift = max(0, top_level - min(levels)) if levels else 0
    if shift:
        for token in tokens:
            if token.type in ("heading_open", "heading_close"):
                token.tag = f"h{min(6, int(token.tag[1]) + shift)}"
    html = md.renderer.render(tokens, md.options, {})
    return sanitize_html(html), problems


def sanitize_html(html: str) -> str:
    """Keep only allowlisted tags, attributes and URL schemes."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _inspect(tokens: list[Token], text: str) -> list[MarkdownProblem]:
    problems: list[MarkdownProblem] = []
    last_line = 0
    for token in tokens:
        if token.map:
            last_line = token.map[0]
        problems.extend(_check_html(token, last_line))
        for child in token.children or ():
            problems.extend(_check_html(child, last_line))
            if child.type == "image":
                problems.append(
                    MarkdownProblem(
                        last_line,
                        "markdown.image",
                        "images in descriptions are not published; use the badge image instead",
                    )
                )
    for number, line in enumerate(text.splitlines()):
        if _MD_LINK.search(line):
            problems.append(
                MarkdownProblem(
                    number,
                    "markdown.unsafe-link",
                    "a link with a javascript:, data: or file: URL is not allowed",
                )
            )
    return problems


def _check_html(token: Token, line: int) -> list[MarkdownProblem]:
    if token.type not in ("html_block", "html_inline"):
        return []
    problems: list[MarkdownProblem] = []
    content = token.content
    for match in _TAG.finditer(content):
        name = match.group(1).lower()
        if name not in ALLOWED_TAGS:
            at = line + content.count("\n", 0, match.start())
            problems.append(
                MarkdownProblem(
                    at, "markdown.unsafe-html", f"raw HTML <{name}> is not allowed and is removed"
                )
            )
    for match in _EVENT_ATTR.finditer(content):
        at = line + content.count("\n", 0, match.start())
        problems.append(
            MarkdownProblem(
                at,
                "markdown.unsafe-html",
                f"HTML event handler '{match.group(1)}' is not allowed and is removed",
            )
        )
    for attr in re.finditer(
        r"(?:href|src|style|action|data)\s*=\s*[\"']?([^\"'>]*)", content, re.I
    ):
        value = attr.group(1)
        if _BAD_SCHEME.match(value) or re.search(r"javascript:|expression\(", value, re.I):
            at = line + content.count("\n", 0, attr.start())
            problems.append(
                MarkdownProblem(
                    at, "markdown.unsafe-link", "a javascript:, data: or file: URL is not allowed"
                )
            )
    return problems
