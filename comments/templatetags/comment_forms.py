"""Template tags for the comment form."""

import re

from django import template

from ..forms import FORM_KEY_PATTERN, new_form_key

register = template.Library()


@register.simple_tag
def comment_form_key(form) -> str:
    """The key of one rendered comment form: the one it was sent with when it comes back after an error (so
    sending it again still counts as the same comment), else a fresh one for every form on the page."""
    sent = form["key"].value() if form is not None and form.is_bound else ""
    return sent if sent and re.match(FORM_KEY_PATTERN, sent) else new_form_key()
