"""Forms for writing a comment; the rules themselves live in comments.text and comments.services."""

from django import forms
from django.conf import settings

from .text import validate_body


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


class CommentForm(forms.Form):
    body = CommentBodyField(label="Your reply")
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class CommentEditForm(forms.Form):
    body = CommentBodyField(label="Your comment")
