"""Suspensions and bans of authors, and lifting them; each one audited and told to the author."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import BannedEmail

from ..models import (
    NoticeKind,
    ReviewAction,
    ReviewItem,
)
from ..permissions import is_moderator, is_senior
from . import messages, notices
from .items import ActionRefused, _audit

MAX_SUSPENSION_DAYS = 7


def _sanction_target(*, user_id: int, moderator, item_id: int | None):
    User = get_user_model()
    target = User.objects.select_for_update().filter(pk=user_id).first()
    if target is None:
        raise ActionRefused("There is no such account.", status=404)
    if target.pk == moderator.pk:
        raise ActionRefused("You can't apply this to your own account.")
    if target.is_staff or is_moderator(target):
        raise ActionRefused("Moderators and staff can't be suspended or banned here; please ask an administrator.")
    item = None
    if item_id is not None:
        item = ReviewItem.objects.select_related("comment__commenter", "post").filter(pk=item_id).first()
        author_id = None
        if item is not None:
            author_id = item.comment.commenter.user_id if item.comment_id else item.post.author_id
        if item is None or author_id != target.pk:
            raise ActionRefused("That item isn't about this person.", status=400)
    return target, item


def _sanction_state(user) -> dict:
    return {
        "suspended_until": user.suspended_until.isoformat() if user.suspended_until else None,
        "banned": user.banned_at is not None,
    }


def _sanction_notice(user, *, kind: str, message: str) -> None:
    notices.author_notice_create(user=user, comment=None, kind=kind, message=message)


@transaction.atomic
def author_suspend(*, user_id: int, moderator, days: int, note: str = "", item_id: int | None = None, now=None) -> None:
    """Suspend an author for 1 to 7 days: they can read but not comment or report. Moderators may."""
    now = now or timezone.now()
    if not is_moderator(moderator):
        raise ActionRefused("Only moderators can suspend accounts.", status=403)
    if not 1 <= days <= MAX_SUSPENSION_DAYS:
        raise ActionRefused(f"A suspension lasts from 1 to {MAX_SUSPENSION_DAYS} days.", status=400)
    target, item = _sanction_target(user_id=user_id, moderator=moderator, item_id=item_id)
    if target.banned_at is not None:
        raise ActionRefused("This account is banned already.")
    before = _sanction_state(target)
    until = now + timedelta(days=days)
    until_text = f"{date_format(timezone.localtime(until), 'j F Y, H:i')} ({timezone.get_current_timezone_name()})"
    # The notice goes first, so its e-mail still reaches them (sanctioned people get no e-mail).
    _sanction_notice(
        target,
        kind=NoticeKind.SUSPENDED,
        message=messages.suspended_message(days=days, until_text=until_text),
    )
    get_user_model().objects.filter(pk=target.pk).update(suspended_until=until)
    target.suspended_until = until
    _audit(
        moderator=moderator,
        action=ReviewAction.SUSPENDED,
        now=now,
        item=item,
        note=note,
        before=before,
        after={**_sanction_state(target), "days": days},
        subject_user=target,
    )


@transaction.atomic
def author_lift_suspension(*, user_id: int, moderator, note: str = "", item_id: int | None = None, now=None) -> None:
    now = now or timezone.now()
    if not is_moderator(moderator):
        raise ActionRefused("Only moderators can lift suspensions.", status=403)
    target, item = _sanction_target(user_id=user_id, moderator=moderator, item_id=item_id)
    if target.suspended_until is None or target.suspended_until <= now:
        raise ActionRefused("This account isn't suspended.")
    before = _sanction_state(target)
    get_user_model().objects.filter(pk=target.pk).update(suspended_until=None)
    target.suspended_until = None
    _sanction_lifted(
        target, action=ReviewAction.SUSPENSION_LIFTED, moderator=moderator, now=now, item=item, note=note, before=before
    )


@transaction.atomic
def author_ban(*, user_id: int, moderator, note: str = "", item_id: int | None = None, now=None) -> None:
    """Ban an author (senior moderators): no commenting or reporting, and the address can't sign up again."""
    now = now or timezone.now()
    if not is_senior(moderator):
        raise ActionRefused("Only senior moderators can ban accounts.", status=403)
    target, item = _sanction_target(user_id=user_id, moderator=moderator, item_id=item_id)
    if target.banned_at is not None:
        raise ActionRefused("This account is banned already.")
    before = _sanction_state(target)
    _sanction_notice(
        target,
        kind=NoticeKind.BANNED,
        message=messages.BANNED_MESSAGE,
    )
    get_user_model().objects.filter(pk=target.pk).update(banned_at=now)
    target.banned_at = now
    if target.email:
        BannedEmail.objects.get_or_create(email=target.email.lower())
    _audit(
        moderator=moderator,
        action=ReviewAction.BANNED,
        now=now,
        item=item,
        note=note,
        before=before,
        after=_sanction_state(target),  # never the address itself: the log is read by moderators
        subject_user=target,
    )


@transaction.atomic
def author_lift_ban(*, user_id: int, moderator, note: str = "", item_id: int | None = None, now=None) -> None:
    """Lift a ban (senior moderators): clears banned_at and lets the address sign up again."""
    now = now or timezone.now()
    if not is_senior(moderator):
        raise ActionRefused("Only senior moderators can lift bans.", status=403)
    target, item = _sanction_target(user_id=user_id, moderator=moderator, item_id=item_id)
    if target.banned_at is None:
        raise ActionRefused("This account isn't banned.")
    before = _sanction_state(target)
    get_user_model().objects.filter(pk=target.pk).update(banned_at=None)
    target.banned_at = None
    if target.email:
        BannedEmail.objects.filter(email__iexact=target.email).delete()
    _sanction_lifted(
        target, action=ReviewAction.BAN_LIFTED, moderator=moderator, now=now, item=item, note=note, before=before
    )


def _sanction_lifted(target, *, action: str, moderator, now, item, note: str, before: dict) -> None:
    """After a suspension or ban is cleared: welcome the author back if nothing else holds, and audit it."""
    if not target.is_sanctioned:
        _sanction_notice(
            target,
            kind=NoticeKind.SANCTION_LIFTED,
            message=messages.SANCTION_LIFTED_MESSAGE,
        )
    _audit(
        moderator=moderator,
        action=action,
        now=now,
        item=item,
        note=note,
        before=before,
        after=_sanction_state(target),
        subject_user=target,
    )
