"""The draft the nudge endpoint reads: the same fields as the comment form, plus the post."""

from django import forms

from comments.forms import CommentForm


class DraftForm(CommentForm):
    post = forms.SlugField(max_length=200)
