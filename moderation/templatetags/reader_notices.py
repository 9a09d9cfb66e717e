"""{% unread_notice_count as n %}: the signed-in reader's unread notices, for the page header (one COUNT query)."""

from django import template

from ..notices import author_notice_unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notice_count(context) -> int:
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return 0
    return author_notice_unread_count(user=user)
