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
