"""Writes of readers' choices and the support they send."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from comments.models import Comment, Post
from core.errors import Refused
from notifications.models import WriterMute

from .models import ReaderSettings, SignalKind, SupportSignal
from .selectors import comment_is_crisis_flagged, post_is_crisis_flagged


class SignalRefused(Refused):
    pass


def reader_settings_for(*, user) -> ReaderSettings:
    settings_row, _ = ReaderSettings.objects.get_or_create(user=user)
    return settings_row


def waiting_listed_set(*, user, listed: bool) -> None:
    """The writer's answer to "list my comments on the waiting page"; safe to re-run."""
    ReaderSettings.objects.update_or_create(user=user, defaults={"waiting_listed": listed})


def guidelines_accept(*, user) -> None:
    """Record that the reader accepted the community guidelines (the first time only counts)."""
    row = reader_settings_for(user=user)
    if row.guidelines_accepted_at is None:
        ReaderSettings.objects.filter(pk=row.pk, guidelines_accepted_at__isnull=True).update(
            guidelines_accepted_at=timezone.now()
        )


def guidelines_accepted(*, user) -> bool:
    return ReaderSettings.objects.filter(user=user, guidelines_accepted_at__isnull=False).exists()


def _writer_of(*, post: Post, comment: Comment | None):
    return comment.commenter.user_id if comment is not None else post.author_id


def signal_set(*, user, kind: str, post: Post, comment: Comment | None, on: bool) -> bool:
    """Send (on) or take back one "sending support" / "I relate". Returns whether the viewer's signal is now on.

    Refused (SignalRefused) for: a sanctioned account, one's own writing, a comment that is not visible, a writer
    who muted the reader, and "I relate" on a crisis-flagged comment or post (identifying with someone at risk is
    itself a risk signal). Safe to re-run: the unique constraints make a second "on" a no-op."""
    if kind not in SignalKind.values:
        raise SignalRefused("That is not something you can send here.", status=400)
    if comment is not None and (comment.status != Comment.Status.VISIBLE or comment.post_id != post.pk):
        raise SignalRefused("This comment can't receive support right now.", status=404)
    if comment is None and not post.published:
        raise SignalRefused("This post can't receive support right now.", status=404)
    if getattr(user, "is_sanctioned", False):
        raise SignalRefused("Your account can't send this right now.", status=403)
    writer = _writer_of(post=post, comment=comment)
    if writer == user.pk:
        raise SignalRefused("You can't send this to your own words.", status=403)
    if writer is not None and WriterMute.objects.filter(user_id=writer, writer=user).exists():
        raise SignalRefused("This isn't available here.", status=403)
    if on and kind == SignalKind.RELATE:
        if comment_is_crisis_flagged(comment=comment) if comment is not None else post_is_crisis_flagged(post=post):
            raise SignalRefused("Only “sending support” is offered on this comment.", status=403)
    existing = SupportSignal.objects.filter(user=user, kind=kind, comment=comment, post=post)
    if not on:
        existing.delete()
        return False
    try:
        with transaction.atomic():
            SupportSignal.objects.get_or_create(user=user, kind=kind, comment=comment, post=post)
    except IntegrityError:
        pass  # the same signal sent twice at once: the first one stands
    return True
