"""Turning what blogs export into what this site stores: comment HTML to plain text, post HTML to sanitized HTML."""

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from comments.presentation import sanitize_post_html
from core.text import BIDI_CONTROLS as _BIDI_CONTROLS  # what the site refuses in new text; imports drop it
from core.text import CONTROL_CHARS as _CONTROL_CHARS

_BLOCK_TAGS = {
    "p", "div", "blockquote", "ul", "ol", "li", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr",
    "figure", "figcaption", "hr", "section", "article",
}  # fmt: skip
_DROP_CONTENT_TAGS = {"script", "style", "template", "head", "title", "iframe", "object", "noscript"}


class _CommentTextParser(HTMLParser):
    """Collects text with paragraph breaks; a link becomes "text (url)" so the address is not lost."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._links: list[tuple[str, int]] = []  # (href, index in parts where the link text starts)
        self._dropping = 0
        self._quote_depth = 0

    def _newlines(self, count: int) -> None:
        self.parts.append("\n" * count)

    def handle_starttag(self, tag, attrs):
        if tag in _DROP_CONTENT_TAGS:
            self._dropping += 1
        elif tag == "br":
            self._newlines(1)
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self._links.append((href.strip(), len(self.parts)))
        elif tag == "li":
            self._newlines(1)
            self.parts.append("- ")
        elif tag == "img":
            alt = (dict(attrs).get("alt") or "").strip()
            if alt:
                self.parts.append(f"[{alt}]")
        elif tag in _BLOCK_TAGS:
            if tag == "blockquote":
                self._quote_depth += 1
                self.parts.append("\n\n\x00QS\x00")
            else:
                self._newlines(2)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "a":
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in _DROP_CONTENT_TAGS:
            self._dropping = max(0, self._dropping - 1)
        elif tag == "a" and self._links:
            href, start = self._links.pop()
            text = "".join(self.parts[start:]).strip()
            if href.lower().startswith(("http://", "https://")) and href.rstrip("/") != text.rstrip("/"):
                self.parts.append(f" ({href})" if text else href)
        elif tag == "blockquote" and self._quote_depth:
            self._quote_depth -= 1
            self.parts.append("\x00QE\x00\n\n")
        elif tag in _BLOCK_TAGS and tag != "li":  # list items are one per line; the list ends the block
            self._newlines(2)

    def handle_data(self, data):
        if not self._dropping:
            self.parts.append(data)

    def text(self) -> str:
        return "".join(self.parts)


def _quote_blocks(text: str) -> str:
    """Mark quoted passages with "> " at the start of each line, as people do in plain-text mail."""
    out: list[str] = []
    depth = 0
    for piece in re.split(r"(\x00Q[SE]\x00)", text):
        if piece == "\x00QS\x00":
            depth += 1
        elif piece == "\x00QE\x00":
            depth = max(0, depth - 1)
        elif depth:
            lines = [line.strip() for line in piece.split("\n")]
            out.append("\n".join(("> " * depth + line) if line else "" for line in lines))
        else:
            out.append(piece)
    return "".join(out)


def comment_html_to_text(html: str) -> str:
    """Comment HTML (or WordPress's text-with-a-few-tags) to plain text: paragraphs and links kept.

    WordPress stores comments with blank lines between paragraphs and adds <p> only when showing them, so both
    forms give the same paragraphs here. Tags other than links, quotes, lists and line breaks are dropped, their
    text kept; entities are decoded; control characters go.

    Not comments.presentation.html_to_plain, on purpose: this text is stored once as the comment readers see, so
    link addresses, quotes and lists survive; that one reads imported post HTML on every check, words only.
    """
    parser = _CommentTextParser()
    parser.feed(html.replace("\r\n", "\n").replace("\r", "\n"))
    parser.close()
    text = _quote_blocks(parser.text())
    text = _CONTROL_CHARS.sub("", text).replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return text.strip()


# --- post bodies -----------------------------------------------------------------------------------------------

_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.S)
# WordPress shortcodes. Bracketed text is common in writing ("[sic]", "[1]"), so only these are dropped: the
# names WordPress itself registers and popular plugins use, any [name attr="..."] with attributes, and any
# [name]...[/name] pair. Their enclosed text (a caption, an embedded URL) is kept.
_KNOWN_SHORTCODES = (
    "caption|wp_caption|gallery|embed|audio|video|playlist|contact-form|contact-form-7|gravityform|"
    "vc_[a-z_]+|et_pb_[a-z_]+|fusion_[a-z_]+|su_[a-z_]+|button|column|one_half|one_third|tweet|youtube|"
    "soundcloud|spotify|instagram|googlemaps|recipe|toc|more"
)
_ESCAPED_SHORTCODE = re.compile(r"\[(\[[^\[\]]+\])\]")
_KNOWN_SHORTCODE = re.compile(rf"\[/?(?:{_KNOWN_SHORTCODES})\b[^\]]*\]", re.I)
_ATTR_SHORTCODE = re.compile(r"\[[a-zA-Z][\w-]*\s+[\w-]+\s*=[^\]]*\]")
_PAIRED_SHORTCODE = re.compile(r"\[([a-zA-Z][\w-]*)(?:\s[^\]]*)?\](.*?)\[/\1\]", re.S)
_BLOCK_START = re.compile(
    r"^\s*<(?:p|div|blockquote|ul|ol|li|pre|h[1-6]|table|thead|tbody|tr|figure|hr|section|img|iframe|script|"
    r"style|video|audio|object|embed|form|address|aside|nav|header|footer|details)\b",
    re.I,
)
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|<br>)*</p>\n?")


def _drop_shortcodes(text: str) -> str:
    escaped: list[str] = []

    def keep_escaped(match: re.Match) -> str:
        escaped.append(match.group(1))
        return f"\x00{len(escaped) - 1}\x00"

    text = _ESCAPED_SHORTCODE.sub(keep_escaped, text)  # [[gallery]] shows "[gallery]" in WordPress
    text = _KNOWN_SHORTCODE.sub("", text)
    text = _ATTR_SHORTCODE.sub("", text)
    previous = None
    while previous != text:  # nested pairs, innermost first
        previous, text = text, _PAIRED_SHORTCODE.sub(r"\2", text)
    return re.sub(r"\x00(\d+)\x00", lambda m: escaped[int(m.group(1))], text)


def _autop(html: str) -> str:
    """WordPress's classic editor saves paragraphs as blank lines and adds <p> when showing a post: do it here."""
    chunks = re.split(r"\n\s*\n", html.replace("\r\n", "\n").replace("\r", "\n"))
    out = []
    for chunk in chunks:
        chunk = chunk.strip()
        if not chunk:
            continue
        if _BLOCK_START.match(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    return "\n".join(out)


def post_html_clean(html: str) -> str:
    """A post's exported HTML to what the site stores: block comments and shortcodes gone, paragraphs made,
    sanitized by the allow-list the post page uses again when it shows it."""
    html = _CONTROL_CHARS.sub("", html)
    html = _BLOCK_COMMENT.sub("", html)
    html = _drop_shortcodes(html)
    return _EMPTY_PARAGRAPH.sub("", sanitize_post_html(_autop(html))).strip()


# --- small values ----------------------------------------------------------------------------------------------


def clean_line(value: str, *, limit: int) -> str:
    """A one-line value (a name, a title): control and direction-override characters and line breaks gone,
    spaces squeezed, cut."""
    value = _BIDI_CONTROLS.sub("", _CONTROL_CHARS.sub("", value or "")).replace("\xa0", " ")
    return re.sub(r"\s+", " ", value).strip()[:limit]


def clean_email(value: str) -> str:
    """A commenter's address as the old blog kept it, or "" when it is not shaped like one."""
    value = clean_line(value, limit=254)
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


def parse_wp_datetime(value: str, *, assume_utc: bool) -> datetime | None:
    """ "2014-03-01 12:00:00" (WordPress's MySQL format) to an aware datetime; None for empty or zero dates.

    Raises ValueError for anything else.
    """
    value = (value or "").strip()
    if not value or value.startswith("0000-00-00"):
        return None
    parsed = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    if assume_utc:
        return parsed.replace(tzinfo=UTC)
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def parse_rfc822(value: str) -> datetime | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_iso_datetime(value: str) -> datetime | None:
    """Disqus's "2014-03-01T12:00:00Z"; None when empty. Raises ValueError for anything else."""
    value = (value or "").strip()
    if not value:
        return None
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


SHORTENED_MARK = " […]"


def comment_shorten(text: str, *, limit: int | None = None) -> str:
    """The text cut to the site's comment limit (mark included), at a word boundary when one is near the end."""
    limit = limit or settings.COMMENT_MAX_LENGTH
    if len(text) <= limit:
        return text
    cut = text[: limit - len(SHORTENED_MARK)]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space > len(cut) - 200:  # a word boundary close to the limit; otherwise cut mid-word
        cut = cut[:space]
    return cut.rstrip() + SHORTENED_MARK
