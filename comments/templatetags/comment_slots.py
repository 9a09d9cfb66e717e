"""Places in comment pages that the apps above fill (comments.hooks.post_controls, thread_controls, comment_menu)."""

from django import template
from django.utils.html import format_html_join

from .. import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def post_controls(context, post):
    return format_html_join("", "{}", ((html,) for html in hooks.post_controls(context=context, post=post)))


@register.simple_tag(takes_context=True)
def thread_controls(context, comment, post, tombstone=False):
    provided = hooks.thread_controls(context=context, comment=comment, post=post, tombstone=tombstone)
    return format_html_join("", "{}", ((html,) for html in provided))


@register.simple_tag(takes_context=True)
def comment_menu(context, comment, post):
    provided = hooks.comment_menu(context=context, comment=comment, post=post)
    return format_html_join("", "{}", ((html,) for html in provided))


@register.simple_tag(takes_context=True)
def comment_controls(context, comment, post):
    """Controls of the apps above in a comment's footer (comment None: under the post itself)."""
    provided = hooks.comment_controls(context=context, comment=comment, post=post)
    return format_html_join("", "{}", ((html,) for html in provided))


@register.simple_tag
def reply_notes(parent, viewer):
    """Notes of the apps above a reply form that answers `parent` (readers: safe-messaging guidance)."""
    if parent is None:
        return ""
    return format_html_join("", "{}", ((html,) for html in hooks.reply_notes(parent=parent, viewer=viewer)))
