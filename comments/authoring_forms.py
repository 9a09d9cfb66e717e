"""Forms of the authors' pages: the input rules for a post's title and body."""

from django import forms
from django.core.exceptions import ValidationError

# The same characters comments refuse (core.text), so posts and comments follow one rule.
from core.text import BIDI_CONTROLS as _BIDI_CONTROLS
from core.text import CONTROL_CHARS as _CONTROL_CHARS
from core.text import has_visible_text

POST_TITLE_MAX_LENGTH = 200
# Posts may be much longer than comments (COMMENT_MAX_LENGTH), but not unbounded.
POST_BODY_MAX_LENGTH = 100_000
_CONTROL_CHARS_MESSAGE = "Your text contains control characters that can't be shown. Please remove them."
# Zero-width spaces and the like: readers would see an empty title or post (the rule comments and names follow).
_INVISIBLE_MESSAGE = "This has no visible characters. Please write something readers can see."


def validate_post_title(title: str) -> str:
    """Return the stripped title, or raise ValidationError: one line, no control or bidi characters."""
    if _CONTROL_CHARS.search(title) or any(c in title for c in "\n\r\t"):
        raise ValidationError("The title can't contain control characters or line breaks.")
    if _BIDI_CONTROLS.search(title):
        raise ValidationError("The title can't contain text-direction override characters.")
    title = title.strip()
    if not title:
        raise ValidationError("Please give your post a title.")
    if not has_visible_text(title):
        raise ValidationError(_INVISIBLE_MESSAGE)
    if len(title) > POST_TITLE_MAX_LENGTH:
        raise ValidationError(
            f"Please keep the title to {POST_TITLE_MAX_LENGTH} characters or fewer (this is {len(title)})."
        )
    return title


def validate_post_body(body: str) -> str:
    """Return the stripped body, or raise ValidationError (same character rules as comments, longer limit)."""
    if _CONTROL_CHARS.search(body):
        raise ValidationError(_CONTROL_CHARS_MESSAGE)
    body = body.strip()
    if not body:
        raise ValidationError("Please write something before saving.")
    if not has_visible_text(body):
        raise ValidationError(_INVISIBLE_MESSAGE)
    if len(body) > POST_BODY_MAX_LENGTH:
        raise ValidationError(
            f"Please keep a post to {POST_BODY_MAX_LENGTH:,} characters or fewer (this is {len(body):,})."
        )
    return body


class PostForm(forms.Form):
    # strip=False: the validators see the raw text, so a control character at either end is refused too.
    title = forms.CharField(
        strip=False,
        error_messages={"required": "Please give your post a title."},
        widget=forms.TextInput(attrs={"maxlength": POST_TITLE_MAX_LENGTH, "autocomplete": "off"}),
    )
    body = forms.CharField(
        strip=False,
        error_messages={"required": "Please write something before saving."},
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text="Plain text. Leave a blank line between paragraphs; web addresses become links.",
    )
    published = forms.BooleanField(
        required=False,
        label="Published",
        help_text="Published posts are listed on the site and anyone can read them.",
    )
    comments_open = forms.BooleanField(
        required=False,
        label="Comments open",
        help_text="When comments are closed, the conversation stays visible but nobody can add to it.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_title(self) -> str:
        return validate_post_title(self.cleaned_data["title"])

    def clean_body(self) -> str:
        return validate_post_body(self.cleaned_data["body"])
