"""Reads for the notifications page and the follow/mute controls."""

from django.db.models import Q, QuerySet

from .models import Delivery, Subscription, WriterMute


def subscriptions_of(*, user) -> QuerySet:
    return (
        Subscription.objects.filter(user=user)
        .select_related("post", "thread__post", "thread__commenter")
        .order_by("-created")
    )


def writer_mutes_of(*, user) -> QuerySet:
    return WriterMute.objects.filter(user=user).select_related("writer").order_by("-created")


def deliveries_recent(*, user, limit: int = 50) -> list[Delivery]:
    """The user's latest deliveries, with the comment's post and writer, for "why didn't I get an e-mail?"."""
    return list(
        Delivery.objects.filter(recipient=user)
        .select_related("comment__post", "comment__commenter")
        .order_by("-created", "-pk")[:limit]
    )


def states_on_post(*, user, post) -> dict:
    """{"post": state or None, "threads": {root comment id: state}} for one viewer on one post (one query)."""
    states = {"post": None, "threads": {}}
    if not user.is_authenticated:
        return states
    rows = Subscription.objects.filter(Q(post=post) | Q(thread__post=post), user=user)
    for thread_id, state in rows.values_list("thread_id", "state"):
        if thread_id:
            states["threads"][thread_id] = state
        else:
            states["post"] = state
    return states
