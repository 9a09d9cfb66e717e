"""Rules for what people may write, and how it is shown: everything escaped, only http(s) links."""

import hashlib
import re

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import linebreaks
from django.utils.html import urlize as django_urlize
from django.utils.safestring import SafeString, mark_safe

from core.text import CONTROL_CHARS, has_visible_text

LINK_REL = "nofollow ugc noopener"


def validate_body(body: str) -> str:
    """Return the body stripped of surrounding whitespace, or raise ValidationError with a reader's message."""
    if CONTROL_CHARS.search(body):
        raise ValidationError("Your text contains control characters that can't be shown. Please remove them.")
    body = body.strip()
    if not body:
        raise ValidationError("Please write something before posting.")
    if not has_visible_text(body):
        # Zero-width spaces and the like: the comment would be invisible to everyone who reads it.
        raise ValidationError("Your text has no visible characters. Please write something others can read.")
    if len(body) > settings.COMMENT_MAX_LENGTH:
        raise ValidationError(
            f"Please keep it under {settings.COMMENT_MAX_LENGTH:,} characters (this is {len(body):,})."
        )
    return body


def _paragraphs(text: str) -> str:
    return linebreaks(django_urlize(text, trim_url_limit=60, nofollow=True, autoescape=True), autoescape=False)


def _is_quote(block: str) -> bool:
    return all(line.lstrip().startswith(">") for line in block.split("\n"))


def render_text(text: str) -> SafeString:
    """Plain text to safe HTML: paragraphs from blank lines, http(s) URLs as nofollow links, and a paragraph whose
    every line starts with ">" as a quotation (issue 15: quoting a sentence of the comment one answers)."""
    blocks = re.split(r"\n{2,}", re.sub(r"\r\n|\r", "\n", text).strip("\n"))
    if any(_is_quote(block) for block in blocks):
        html = "\n\n".join(
            "<blockquote>"
            + _paragraphs("\n".join(line.lstrip()[1:].lstrip() for line in block.split("\n")))
            + "</blockquote>"
            if _is_quote(block)
            else _paragraphs(block)
            for block in blocks
        )
    else:
        html = _paragraphs(text)
    # urlize also links mailto: and bare domains; nh3 keeps only http(s) hrefs and sets the rel we want.
    cleaned = nh3.clean(
        html,
        tags={"p", "br", "a", "blockquote"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel=LINK_REL,
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitized by nh3 just above


# --- stored HTML (issue 16) ------------------------------------------------------------------------------------

# Bump when render_text or body_html changes what they write: every stored key goes stale at once, pages render
# bodies afresh (never showing the old markup), and `manage.py render_comment_bodies` stores the new HTML.
BODY_HTML_VERSION = 1
_BODY_OPEN = '<div class="comment-body" dir="auto">'


def body_html(text: str) -> SafeString:
    """A comment body as pages show it: rendered, sanitized, and isolated (dir="auto") so right-to-left text never
    reorders what is around it."""
    return mark_safe(_BODY_OPEN + render_text(text) + "</div>")  # noqa: S308 - render_text is nh3 output


def body_html_key(text: str) -> str:
    """What stored HTML was made from: the renderer's version and a digest of the text. A body written anywhere
    without its HTML (an UPDATE, a redaction) no longer matches its key, so stale HTML is never shown."""
    return f"{BODY_HTML_VERSION}:{hashlib.blake2b(text.encode(), digest_size=10).hexdigest()}"


def stored_body_fields(text: str) -> dict:
    """The columns that go with writing `text` as a comment's body: its HTML and key (both empty for no text)."""
    if not text:
        return {"body_html": "", "body_html_key": ""}
    return {"body_html": str(body_html(text)), "body_html_key": body_html_key(text)}


def shown_body_html(*, text: str, stored_html: str, stored_key: str) -> SafeString:
    """The stored HTML when it was made from this text by this renderer, else the text rendered now."""
    if stored_key and stored_key == body_html_key(text):
        return mark_safe(stored_html)  # noqa: S308 - written by body_html for exactly this text
    return body_html(text)


# Content notes a writer can put on their own comment (issue 15). A fixed list, not free text: a note is shown
# before the comment and is not read by the care check, so it must not be a way to write unchecked words.
CONTENT_NOTES = (
    "mentions self-harm",
    "mentions suicide",
    "mentions abuse",
    "mentions eating and food",
    "mentions grief and loss",
    "mentions medication",
)


def validate_content_note(note: str) -> str:
    """One of CONTENT_NOTES, or "" for none; raises ValidationError otherwise."""
    note = (note or "").strip()
    if note and note not in CONTENT_NOTES:
        raise ValidationError("Please choose a content note from the list.")
    return note


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")


def quotable_sentences(text: str, *, limit: int = 30, max_length: int = 300) -> list[str]:
    """The sentences of a comment a reply may quote, in order (quote lines left out), each at most max_length."""
    sentences = []
    for part in _SENTENCE_END.split(text):
        part = part.strip()
        if not part or part.startswith(">") or not has_visible_text(part):
            continue
        sentences.append(part if len(part) <= max_length else part[: max_length - 1].rstrip() + "…")
        if len(sentences) == limit:
            break
    return sentences


def quote(sentence: str) -> str:
    """A sentence as a quotation at the start of a reply."""
    return "> " + " ".join(sentence.split()) + "\n\n"
