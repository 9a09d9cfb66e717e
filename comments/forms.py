"""Forms for writing a comment; the rules themselves live in comments.text and comments.services."""

import secrets

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator

from .text import CONTENT_NOTES, validate_body

FORM_KEY_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"


def new_form_key() -> str:
    """A fresh key for one rendered comment form (see Comment.form_key)."""
    return secrets.token_urlsafe(18)


class CommentBodyField(forms.CharField):
    def __init__(self, **kwargs):
        # Not required at the form level, so an empty body gets the same friendly message as the service's.
        super().__init__(
            required=False,
            strip=False,
            widget=forms.Textarea(attrs={"rows": 6, "maxlength": settings.COMMENT_MAX_LENGTH}),
            **kwargs,
        )

    def clean(self, value):
        return validate_body(super().clean(value) or "")


CONTENT_NOTE_CHOICES = [("", "No note"), *((note, note) for note in CONTENT_NOTES)]


class CommentForm(forms.Form):
    body = CommentBodyField(label="Your reply")
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    # Optional, so forms rendered before keys existed still post.
    key = forms.CharField(
        required=False,
        max_length=64,
        widget=forms.HiddenInput,
        validators=[RegexValidator(FORM_KEY_PATTERN, "This form is out of date. Please send your words again.")],
    )
    # Issue 15: the writer's own content note, one of a fixed list (comments.text.CONTENT_NOTES).
    content_note = forms.ChoiceField(required=False, choices=CONTENT_NOTE_CHOICES)


class CommentEditForm(forms.Form):
    body = CommentBodyField(label="Your comment")
    content_note = forms.ChoiceField(required=False, choices=CONTENT_NOTE_CHOICES)
