"""{% unread_notice_count as n %}: the signed-in reader's unread notices, for the page header (one COUNT query);
`number_links`: the crisis lines' numbers in a notice as links."""

import re

from django import template
from django.utils.safestring import mark_safe

from ..selectors.notices import author_notice_unread_count

register = template.Library()

# What actions.crisis_resources_text writes after a line's text, once `linebreaks` has escaped it.
_ESCAPED_NUMBER = re.compile(r"&lt;(tel|sms):(\+?[0-9]{2,15})&gt;")
_VERB = {"tel": "Call", "sms": "Text"}


@register.simple_tag(takes_context=True)
def unread_notice_count(context) -> int:
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return 0
    return author_notice_unread_count(user=user)


@register.filter
def number_links(escaped_html):
    """Apply after `linebreaks` (which escapes the text): turns <tel:…> and <sms:…> into links. Only digits are
    matched, so nothing else of the text can become markup."""
    return mark_safe(
        _ESCAPED_NUMBER.sub(lambda m: f'<a href="{m[1]}:{m[2]}">{_VERB[m[1]]} {m[2]}</a>', str(escaped_html))
    )
