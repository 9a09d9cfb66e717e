"""The crisis re-alert: an urgent item nobody acted on reaches every moderator again, then the configured address."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, OuterRef, Subquery, When
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.email import email_queue
from core.links import absolute_url

from .models import PolicyDecision, ReviewItem
from .permissions import moderator_addresses

logger = logging.getLogger(__name__)

MODERATORS = "moderators"
FALLBACK = "fallback"
REALERT_TEMPLATE = "moderation/email/crisis_realert"


def _period() -> timedelta:
    return timedelta(minutes=settings.CARE_CRISIS_REALERT_MINUTES)


def _waiting():
    """Crisis items that went out as urgent, are still open, and that no moderator has acted on.

    `alerted_since` is when the first urgent alert went out for this item (an item opened for an ordinary report
    may become a crisis much later), or, without one, when the item was opened.
    """
    first_alert = PolicyDecision.objects.filter(
        action=PolicyDecision.Action.ALERT_SENT, created__gte=OuterRef("opened_at")
    ).order_by("created")
    for_comment = first_alert.filter(comment_id=OuterRef("comment_id")).values("created")[:1]
    for_post = first_alert.filter(post_id=OuterRef("post_id"), comment__isnull=True).values("created")[:1]
    return ReviewItem.objects.filter(
        status=ReviewItem.Status.OPEN, crisis=True, urgent=True, first_action_at__isnull=True
    ).annotate(
        alerted_since=Coalesce(
            Subquery(for_comment),
            Case(When(comment__isnull=True, then=Subquery(for_post))),
            F("opened_at"),
        )
    )


def all_moderator_addresses() -> list[str]:
    """Every active moderator's address, whatever their alert setting: the first alert went unanswered."""
    return moderator_addresses()


def review_item_url(item: ReviewItem) -> str:
    """The item in the queue; the comment's (or post's) own page if the queue is not installed."""
    try:
        return absolute_url(reverse("moderation:item", kwargs={"pk": item.pk}))
    except NoReverseMatch:
        target = item.comment if item.comment_id else item.post
        return absolute_url(target.get_absolute_url())


def alert_item_context(item: ReviewItem) -> dict:
    """What an alert e-mail says about its item (JSON for the e-mail queue): never the comment's words."""
    return {
        "pk": item.pk,
        "post": {"title": item.post.title},
        "comment": bool(item.comment_id),
        "comment_id": item.comment_id,
    }


def _send(*, item_id: int, stage: str, recipients: list[str]) -> None:
    from .tasks import crisis_realert_email_task

    for address in recipients:
        # One message per recipient: nobody sees anyone else's address.
        transaction.on_commit(
            lambda address=address: crisis_realert_email_task.delay(item_id, stage, address), robust=True
        )


def crisis_realert_run(*, now=None) -> dict[str, int]:
    """Remind people of crisis items nobody has acted on. Run every minute by the beat; safe to re-run.

    After CARE_CRISIS_REALERT_MINUTES without a first action, every moderator is e-mailed again (realerted_at);
    after the same time once more, settings.CARE_ALERT_EMAIL (realerted_fallback_at). Each stage is claimed
    with a conditional update before its e-mails are queued (on commit), so two overlapping runs never send it
    twice. Returns how many items reached each stage in this run.
    """
    now = now or timezone.now()
    period = _period()
    sent = {MODERATORS: 0, FALLBACK: 0}

    for item_id in (
        _waiting().filter(realerted_at__isnull=True, alerted_since__lte=now - period).values_list("pk", flat=True)[:100]
    ):
        with transaction.atomic():
            claimed = _waiting().filter(pk=item_id, realerted_at__isnull=True).update(realerted_at=now)
            if claimed:
                _send(item_id=item_id, stage=MODERATORS, recipients=all_moderator_addresses())
                sent[MODERATORS] += 1

    for item_id in (
        _waiting()
        .filter(realerted_at__lte=now - period, realerted_fallback_at__isnull=True)
        .values_list("pk", flat=True)[:100]
    ):
        with transaction.atomic():
            claimed = (
                _waiting().filter(pk=item_id, realerted_fallback_at__isnull=True).update(realerted_fallback_at=now)
            )
            if not claimed:
                continue
            if settings.CARE_ALERT_EMAIL:
                _send(item_id=item_id, stage=FALLBACK, recipients=[settings.CARE_ALERT_EMAIL])
                sent[FALLBACK] += 1
            else:
                logger.warning("crisis item %s is still waiting and CARE_ALERT_EMAIL is not set", item_id)
    return sent


def crisis_realert_email_send(*, item_id: int, stage: str, to: str) -> bool:
    """Send one reminder, unless a moderator has acted meanwhile. Leaves the comment's words out on purpose."""
    item = _waiting().select_related("post").filter(pk=item_id).first()
    if item is None:
        return False  # acted on (or resolved) since the reminder was queued
    waited_minutes = max(1, int((timezone.now() - item.alerted_since).total_seconds() // 60))
    email_queue(
        template_prefix=REALERT_TEMPLATE,
        to=to,
        key=f"crisis-realert:{item.pk}:{stage}",
        context={
            "item": alert_item_context(item),
            "stage": stage,
            "fallback": stage == FALLBACK,
            "waited_minutes": waited_minutes,
            "item_url": review_item_url(item),
        },
    )
    return True
