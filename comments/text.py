"""Rules for what people may write, and how it is shown: everything escaped, only http(s) links."""

import re

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import linebreaks
from django.utils.html import urlize as django_urlize
from django.utils.safestring import SafeString, mark_safe

# C0 controls except tab, newline and carriage return; DEL and the C1 block.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Embeddings, overrides and isolates let a name display as something it is not.
_BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")

LINK_REL = "nofollow ugc noopener"


def validate_body(body: str) -> str:
    """Return the body stripped of surrounding whitespace, or raise ValidationError with a reader's message."""
    if _CONTROL_CHARS.search(body):
        raise ValidationError("Your text contains control characters that can't be shown. Please remove them.")
    body = body.strip()
    if not body:
        raise ValidationError("Please write something before posting.")
    if len(body) > settings.COMMENT_MAX_LENGTH:
        raise ValidationError(
            f"Please keep it under {settings.COMMENT_MAX_LENGTH:,} characters (this is {len(body):,})."
        )
    return body


def validate_display_name(name: str) -> str:
    if _CONTROL_CHARS.search(name) or "\n" in name or "\t" in name or "\r" in name:
        raise ValidationError("Display names can't contain control characters.")
    if _BIDI_CONTROLS.search(name):
        raise ValidationError("Display names can't contain text-direction override characters.")
    name = name.strip()
    if not name:
        raise ValidationError("Please choose a display name.")
    return name


def render_text(text: str) -> SafeString:
    """Plain text to safe HTML: paragraphs from blank lines, http(s) URLs as nofollow links."""
    html = linebreaks(django_urlize(text, trim_url_limit=60, nofollow=True, autoescape=True), autoescape=False)
    # urlize also links mailto: and bare domains; nh3 keeps only http(s) hrefs and sets the rel we want.
    cleaned = nh3.clean(
        html,
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel=LINK_REL,
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitized by nh3 just above
