"""Notifications' handlers for what comments announce (comments.hooks), registered in NotificationsConfig.ready()."""

from django.template.loader import render_to_string

from comments.models import Comment
from moderation.permissions import is_moderator

from . import selectors, services
from .templatetags import notify_controls


def on_comment_created(*, comment_id: int) -> None:
    """Commenting in a thread follows it (a mute the user set stays). Imported comments never follow anything."""
    # With its parent: a reply to a thread's first comment then finds its thread without another query.
    comment = Comment.objects.select_related("commenter__user", "parent").filter(pk=comment_id).first()
    if comment is None or comment.source or comment.commenter.user is None:
        return
    services.thread_follow_on_comment(user=comment.commenter.user, comment=comment)


def on_comment_published(*, comment_id: int) -> None:
    """Plan who hears of the comment (a task). A broker that is down is caught by the sweeper."""
    services.comment_notifications_enqueue(comment_id=comment_id)


def on_comments_published(*, comment_ids: list[int]) -> None:
    """The care check published several comments together: one task plans them all."""
    services.comments_notifications_enqueue(comment_ids=comment_ids)


def post_controls(*, context, post) -> str:
    """Follow and mute buttons beside a post's byline."""
    return render_to_string("notifications/_controls.html", notify_controls.post_notify_controls(context, post))


def thread_controls(*, context, comment, post, tombstone: bool) -> str:
    """Follow and mute buttons on a thread's first comment (also its tombstone: its replies still notify)."""
    controls = notify_controls.thread_notify_controls(context, comment, post, tombstone=tombstone)
    return render_to_string("notifications/_controls.html", controls)


def publish_audience(*, comment_id: int) -> tuple[int, int]:
    """moderation.hooks.publish_audience: who publishing this held comment would e-mail (soon, in a digest)."""
    preview = services.comment_notifications_preview(comment_id=comment_id)
    return preview.immediate, preview.daily


def muted_writers(*, viewer) -> set[int]:
    """comments.hooks.muted_writers: whose comments fold for this viewer. Moderators see everything."""
    if not viewer.is_authenticated or is_moderator(viewer):
        return set()
    return selectors.muted_writer_ids(user=viewer)


def comment_menu(*, context, comment, post) -> str:
    """A "Mute <writer>" (or "Unmute") item in the menu of a comment by another signed-in writer."""
    user = context.get("user")
    writer_id = comment.commenter.user_id
    if user is None or not user.is_authenticated or writer_id is None or writer_id == user.pk:
        return ""
    if comment.status != Comment.Status.VISIBLE:
        return ""
    entry = context.get("entry")
    request = context.get("request")
    return render_to_string(
        "notifications/_writer_mute_item.html",
        {
            "comment": comment,
            "muted": bool(getattr(entry, "muted_writer", False)),
            "csrf_token": context.get("csrf_token"),
            "next": (request.get_full_path().split("#")[0] + f"#c{comment.pk}") if request else "",
        },
    )


def user_export(*, user_id: int) -> dict:
    """accounts.hooks.user_export: e-mail preferences, follows and mutes (never other people's addresses)."""
    from .models import NotificationPreference, Subscription, WriterMute

    prefs = (
        NotificationPreference.objects.filter(user_id=user_id)
        .values("replies", "post_comments", "following", "no_content")
        .first()
    )
    subscriptions = list(
        Subscription.objects.filter(user_id=user_id)
        .order_by("created")
        .values("thread_id", "post_id", "state", "created")
    )
    mutes = list(
        WriterMute.objects.filter(user_id=user_id).order_by("created").values("writer__display_name", "created")
    )
    return {
        "email_preferences": prefs,
        "follows_and_mutes": subscriptions,
        "muted_writers": [{"display_name": m["writer__display_name"], "since": m["created"]} for m in mutes],
    }
