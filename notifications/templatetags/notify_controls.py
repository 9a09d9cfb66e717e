"""Follow and mute buttons for posts and threads; the viewer's states load once per post and request."""

from django import template

from comments.models import Comment

from ..models import Subscription
from ..selectors import states_on_post

register = template.Library()


def _states(context, post) -> dict:
    request = context.get("request")
    cache = getattr(request, "_notify_states", None)
    if cache is None:
        cache = {}
        if request is not None:
            request._notify_states = cache
    if post.pk not in cache:
        cache[post.pk] = states_on_post(user=context["user"], post=post)
    return cache[post.pk]


@register.inclusion_tag("notifications/_controls.html", takes_context=True)
def post_notify_controls(context, post):
    user = context["user"]
    show = user.is_authenticated and post.published
    return {
        "show": show,
        "target": "post",
        "id": post.pk,
        "state": _states(context, post)["post"] if show else None,
        "label": "this post",
        "csrf_token": context.get("csrf_token"),
        "SubscriptionState": Subscription.State,  # rendered on its own (render_to_string): no context processors
        "next": context["request"].get_full_path() if context.get("request") else "",
    }


@register.inclusion_tag("notifications/_controls.html", takes_context=True)
def thread_notify_controls(context, comment, post, tombstone=False):
    """For a thread's first comment; also when it shows as a tombstone, since its replies still notify."""
    user = context["user"]
    show = (
        user.is_authenticated and comment.parent_id is None and (comment.status == Comment.Status.VISIBLE or tombstone)
    )
    return {
        "show": show,
        "target": "thread",
        "id": comment.pk,
        "state": _states(context, post)["threads"].get(comment.pk) if show else None,
        "label": "this conversation",
        "csrf_token": context.get("csrf_token"),
        "SubscriptionState": Subscription.State,  # rendered on its own (render_to_string): no context processors
        "next": (context["request"].get_full_path() + f"#c{comment.pk}") if context.get("request") else "",
    }
