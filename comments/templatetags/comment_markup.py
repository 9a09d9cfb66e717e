"""Comments written out by comments.rendering: a whole conversation, or one comment on its own."""

from django import template

from ..rendering import PageMarkup

register = template.Library()


@register.simple_tag(takes_context=True)
def conversation(context, entries, closing):
    """Every entry of a conversation page, with one PageMarkup (one reverse() per link name) for the page."""
    return PageMarkup(context).conversation(entries, closing)


@register.simple_tag(takes_context=True)
def comment_item(context, entry, hide_actions=False):
    """One comment shown on its own (the reply, delete and compose pages)."""
    return PageMarkup(context, hide_actions=hide_actions).conversation([entry], "")
