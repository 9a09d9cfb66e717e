"""What people may write and how it is shown: escaped, paragraphs, only http(s) links with a safe rel."""

from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError

from accounts.names import validate_display_name
from comments.text import LINK_REL, render_text, validate_body


class _Tags(HTMLParser):
    """Every element and attribute that a browser would build from the HTML."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_only_safe_markup(html: str) -> list[dict]:
    """Only p, br and a; links only http(s) with href and rel. Returns the links' attributes."""
    links = []
    for tag, attrs in _Tags(html).tags:
        assert tag in {"p", "br", "a"}, tag
        if tag == "a":
            assert set(attrs) <= {"href", "rel"}, attrs
            if "href" in attrs:
                assert attrs["href"].startswith(("http://", "https://")), attrs
                links.append(attrs)
        else:
            assert not attrs, attrs
    return links


@pytest.mark.parametrize(
    "text, present",
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('<img src=x onerror="alert(1)">', "&lt;img src=x"),
        ("javascript:alert(1)", "javascript:alert(1)"),
        ("[x](javascript:alert(1))", "javascript:alert(1)"),
        ("JaVaScRiPt:alert(1) vbscript:msgbox(1)", "vbscript:msgbox(1)"),
        ("mail me at someone@example.org", "someone@example.org"),
        ("data:text/html,<b>hi</b>", "&lt;b&gt;"),
        ("<a href='javascript:alert(1)'>click</a>", "&lt;a href="),
        ("<p onclick=alert(1)>hi</p>", "&lt;p onclick"),
    ],
)
def test_render_text_escapes_markup_and_never_links_other_schemes(text, present):
    html = str(render_text(text))
    assert present in html
    assert assert_only_safe_markup(html) == []


@pytest.mark.parametrize("url", ["https://example.org/a?b=1&c=2", "http://example.org/help"])
def test_http_links_get_nofollow_ugc_noopener(url):
    links = assert_only_safe_markup(str(render_text(f"This helped me: {url} really.")))
    assert len(links) == 1
    assert links[0]["rel"] == LINK_REL == "nofollow ugc noopener"
    assert links[0]["href"] == url


@pytest.mark.parametrize(
    "text", ['https://example.org/"onmouseover="alert(1)', "https://example.org/<script>x</script>"]
)
def test_a_link_cannot_smuggle_attributes_or_tags(text):
    links = assert_only_safe_markup(str(render_text(text)))
    assert len(links) == 1


def test_paragraphs_from_blank_lines_and_line_breaks_within():
    html = str(render_text("First part.\n\nSecond part,\nstill second."))
    assert html.count("<p>") == 2
    assert "<br>" in html
    assert html.startswith("<p>First part.</p>")


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f"])
def test_validate_body_refuses_control_characters(char):
    with pytest.raises(ValidationError):
        validate_body(f"hello{char}there")


def test_validate_body_allows_tab_newline_and_carriage_return():
    assert validate_body("line one\r\n\tline two\n") == "line one\r\n\tline two"


@pytest.mark.parametrize("body", ["", "   ", "\n\n\t"])
def test_validate_body_requires_text(body):
    with pytest.raises(ValidationError):
        validate_body(body)


def test_validate_body_length_limit(settings):
    assert validate_body("a" * settings.COMMENT_MAX_LENGTH)
    with pytest.raises(ValidationError, match="10,000"):
        validate_body("a" * (settings.COMMENT_MAX_LENGTH + 1))


@pytest.mark.parametrize("char", ["\u202e", "\u202a", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200f"])
def test_validate_display_name_refuses_bidi_overrides(char):
    with pytest.raises(ValidationError, match="direction"):
        validate_display_name(f"Sam{char}gnp.exe")


@pytest.mark.parametrize("name", ["Sam\x00", "Sam\nSmith", "Sam\tSmith", "\x1bSam", "   "])
def test_validate_display_name_refuses_controls_and_blank(name):
    with pytest.raises(ValidationError):
        validate_display_name(name)


def test_validate_display_name_keeps_ordinary_names():
    assert validate_display_name("  Zoë Ó Briain  ") == "Zoë Ó Briain"
    assert validate_display_name("نور") == "نور"
