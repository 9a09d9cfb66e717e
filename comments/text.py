"""Rules for what people may write, and how it is shown: everything escaped, only http(s) links."""

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
