"""Rules for what people may write, and how it is shown: everything escaped, only http(s) links."""

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
