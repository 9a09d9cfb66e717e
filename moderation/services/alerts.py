"""Urgent alerts to moderators: the first alert of a crisis item and the re-alert when nobody acted on it."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Exists, F, OuterRef, Subquery, When
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.email import email_queue
from core.links import absolute_url

from .. import permissions
from ..models import ModeratorAlertSetting, PolicyDecision, ReviewItem
from ..permissions import moderator_addresses
from . import messages

logger = logging.getLogger(__name__)
Action = PolicyDecision.Action


def _alert_moderators_on_commit(*, item_id: int) -> None:
    transaction.on_commit(lambda: _alert_queue_or_send(item_id=item_id), robust=True)


def _alert_queue_or_send(*, item_id: int) -> None:
    from ..tasks import care_alert_task

    try:
        care_alert_task.delay(item_id)
    except Exception:
        # The broker (the one Redis) is down: an urgent alert must not wait for it, so send it from here (once per
        # item, recorded by care_alert_send). If mail fails too, robust=True logs it and the re-alert catches it.
        logger.warning("broker unavailable: sending the urgent alert of item %s from the request", item_id)
        care_alert_send(item_id=item_id)


def moderators_to_alert() -> tuple[list[str], bool]:
    """Addresses for an urgent alert, and whether the configured fallback address is included.

    Moderators who switched urgent alerts on; if none has, every moderator and settings.CARE_ALERT_EMAIL.
    """
    moderators = permissions.moderators().exclude(email="")
    opted_in = moderators.filter(Exists(ModeratorAlertSetting.objects.filter(user=OuterRef("pk"), urgent_alerts=True)))
    chosen = list(opted_in.values_list("email", flat=True))
    if chosen:
        return chosen, False
    everyone = list(moderators.values_list("email", flat=True))
    if settings.CARE_ALERT_EMAIL:
        everyone.append(settings.CARE_ALERT_EMAIL)
    return everyone, True


def care_alert_send(*, item_id: int) -> int:
    """E-mail the urgent alert of one review item, once per item (recorded as a decision). Returns e-mails sent."""
    item = ReviewItem.objects.select_related("post", "comment").filter(pk=item_id).first()
    if item is None or item.status != ReviewItem.Status.OPEN:
        return 0
    revision = item.comment.revision if item.comment else item.post.revision
    with transaction.atomic():
        _, created = PolicyDecision.objects.get_or_create(
            post=item.post, comment=item.comment, revision=revision, action=Action.ALERT_SENT
        )
        if not created:
            return 0
        recipients, _fallback = moderators_to_alert()
        # The item in the queue, never the public page: a held comment isn't there, and the item is where a
        # moderator acts.
        target_url = review_item_url(item)
        # One message per moderator (no moderator's address is ever shown to another), queued in this transaction
        # and sent by the worker once it commits: a failure at one recipient can neither undo the record nor
        # make a retry e-mail the others again.
        email_queue(
            template_prefix="moderation/email/urgent_alert",
            to=recipients,
            context={
                "item": alert_item_context(item),
                "target_url": target_url,
                "subject": messages.URGENT_ALERT_SUBJECT,
            },
            key=f"urgent-alert:{item.pk}",
        )
    return len(recipients)


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
    from ..tasks import crisis_realert_email_task

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
            "subject": messages.REALERT_FALLBACK_SUBJECT if stage == FALLBACK else messages.REALERT_SUBJECT,
            "waited_minutes": waited_minutes,
            "item_url": review_item_url(item),
        },
    )
    return True
