"""Markdown rendering: sanitised output, heading levels, located unsafe constructs."""

from __future__ import annotations

import pytest

from credcat.check.markdown import render_markdown

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<iframe src="https://evil.example"></iframe>',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<svg onload="alert(1)"><circle/></svg>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<object data=x></object><embed src=x>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "<style>body{display:none}</style>",
    '<form action="https://evil.example"><input name=x></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_script_survives(payload: str) -> None:
    html, problems = render_markdown(f"Text\n\n{payload}\n\nMore {payload}\n")
    lowered = html.lower()
    for bad in (
        "<script",
        "onerror",
        "onload",
        'href="javascript:',
        "style=",
        "<iframe",
        "<object",
        "<embed",
        "<style",
        "<form",
        "data:text",
    ):
        assert bad not in lowered, (payload, html)
    assert problems, f"{payload} should be reported"


def test_allowed_markup_is_kept() -> None:
    text = (
        "**bold** <abbr title='Malaysian Qualifications Agency'>MQA</abbr>, "
        "H<sub>2</sub>O and [a link](https://example.org/)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    html, problems = render_markdown(text)
    assert problems == []
    assert "<strong>bold</strong>" in html
    assert '<abbr title="Malaysian Qualifications Agency">MQA</abbr>' in html
    assert "<sub>2</sub>" in html
    assert '<a href="https://example.org/" rel="noopener noreferrer">a link</a>' in html
    assert "<table>" in html


def test_headings_are_shifted_below_the_page_heading() -> None:
    html, _ = render_markdown("# Top\n\n## Sub\n")
    assert "<h2>Top</h2>" in html
    assert "<h3>Sub</h3>" in html
    html, _ = render_markdown("# Top\n", top_level=3)
    assert "<h3>Top</h3>" in html
    html, _ = render_markdown("### Already low\n")
    assert "<h3>Already low</h3>" in html


def test_problem_lines_are_counted_from_the_text_start() -> None:
    _, problems = render_markdown("line one\n\nline three\n\n<script>x</script>\n")
    assert [(p.line, p.code) for p in problems] == [(4, "markdown.unsafe-html")]


def test_images_are_dropped_with_a_warning_code() -> None:
    html, problems = render_markdown("![a chart](https://tracker.example/pixel.png)\n")
    assert "<img" not in html
    assert [p.code for p in problems] == ["markdown.image"]
