"""Reads for the notifications page and the follow/mute controls."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from comments.selectors import comment_visible_to, post_visible_to

from .models import Delivery, Subscription, WriterMute

# The notifications page shows each item as its user may read it now: when the comment was removed or deleted,
# or the post taken back to draft, after the delivery or the follow was made, the page names neither the writer
# nor the title, and offers no link or button that would answer 404.


@dataclass(frozen=True)
class SubscriptionEntry:
    subscription: Subscription
    thread_shown: bool  # the thread's first comment is still readable: its writer and its link
    post_shown: bool  # the post is still readable: its title and its link


@dataclass(frozen=True)
class DeliveryEntry:
    delivery: Delivery
    comment_shown: bool  # the comment is still readable: its writer, its link and "Mute <writer>"
    post_shown: bool


def _comment_readable(*, comment, viewer) -> bool:
    # The same test as the comment pages and the writer-mute view (comments.selectors.comment_for_viewer).
    return comment_visible_to(comment=comment, viewer=viewer) and post_visible_to(post=comment.post, viewer=viewer)


def subscriptions_of(*, user) -> list[SubscriptionEntry]:
    """The user's follows and mutes, newest first, each with what may still be shown of its target (one query)."""
    entries = []
    for sub in (
        Subscription.objects.filter(user=user)
        .select_related("post", "thread__post", "thread__commenter")
        .order_by("-created")
    ):
        post = sub.thread.post if sub.thread_id else sub.post
        entries.append(
            SubscriptionEntry(
                subscription=sub,
                thread_shown=bool(sub.thread_id) and _comment_readable(comment=sub.thread, viewer=user),
                post_shown=post_visible_to(post=post, viewer=user),
            )
        )
    return entries


def writer_mutes_of(*, user) -> QuerySet:
    return WriterMute.objects.filter(user=user).select_related("writer").order_by("-created")


def muted_writer_ids(*, user) -> set[int]:
    """Ids of the writers this user muted (one query)."""
    return set(WriterMute.objects.filter(user=user).values_list("writer_id", flat=True))


def deliveries_recent(*, user, limit: int = 50) -> list[DeliveryEntry]:
    """The user's latest deliveries, for "why didn't I get an e-mail?", each with what may still be shown of its
    comment and post (one query)."""
    return [
        DeliveryEntry(
            delivery=delivery,
            comment_shown=_comment_readable(comment=delivery.comment, viewer=user),
            post_shown=post_visible_to(post=delivery.comment.post, viewer=user),
        )
        for delivery in Delivery.objects.filter(recipient=user)
        .select_related("comment__post", "comment__commenter")
        .order_by("-created", "-pk")[:limit]
    ]


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


def oldest_due_email_since(*, now):
    """The send time of the longest-overdue e-mail (a reply e-mail or a digest still planned past its send_after),
    or None when nothing is due."""
    from django.db.models import Min

    from .models import Digest

    delivery = Delivery.objects.filter(
        status=Delivery.Status.PLANNED, mode=Delivery.Mode.IMMEDIATE, send_after__lte=now
    ).aggregate(since=Min("send_after"))["since"]
    digest = Digest.objects.filter(status=Digest.Status.PLANNED, send_after__lte=now).aggregate(
        since=Min("send_after")
    )["since"]
    return min((t for t in (delivery, digest) if t is not None), default=None)
