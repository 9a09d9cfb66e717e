"""Sending deliveries and digests: claim (planned -> sending), re-check, send once, record the outcome."""

import logging
import re
import smtplib
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from core.email import EmailBatch, email_queue, send_email
from core.links import absolute_url

from ..models import Delivery, Digest, NotificationPreference
from .audience import (
    Audience,
    audience_for,
    comment_unreadable_skip,
    delivery_decide,
    delivery_recheck,
    with_recipient_states,
)
from .links import link_url
from .subscriptions import preferences_for

logger = logging.getLogger(__name__)

Status = Delivery.Status
# The top-level domain may be in any script (.рф, .ελ) or in its punycode form (.xn--p1ai).
_EMAIL_LIKE = re.compile(r"[^\s<>()\[\]@,;:\"]+@[^\s<>()\[\]@,;:\"]+\.(?:xn--[A-Za-z0-9-]+|[^\W\d_]{2,})")
_REASON_LINES = {
    Delivery.Reason.REPLY: "You are getting this because someone replied to your comment.",
    Delivery.Reason.POST: "You are getting this because this is a comment on your post.",
    Delivery.Reason.FOLLOWING: "You are getting this because you follow this conversation.",
}


@dataclass(frozen=True)
class SendResult:
    outcome: str  # "sent", "skipped", "not_claimed", "to_digest", "retry", "failed"
    retry_in: float = 0.0


# --- what an e-mail says ---------------------------------------------------------------------------------


def without_addresses(text: str) -> str:
    """Names and excerpts go to other people: anything shaped like an e-mail address is left out."""
    return _EMAIL_LIKE.sub("[address hidden]", text)


def excerpt(text: str, *, limit: int | None = None) -> str:
    """The start of a comment on one line, cut at a word near `limit` characters. Hand-written rather than
    Truncator: chars() cuts inside a word, words() counts words rather than characters."""
    limit = limit or settings.NOTIFY_EXCERPT_CHARS
    flat = " ".join(without_addresses(text).split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:-") + "…"


def comment_summary(*, comment: Comment, prefs: NotificationPreference, withheld: str = "") -> dict:
    """The part of an e-mail that describes one comment (also one item of a digest). `withheld` is the flag
    category ("crisis" or "personal_info") that keeps the comment's words out of e-mail, if any."""
    if withheld == "crisis":
        hidden = "We have left the words out of this e-mail. You can read them on the site when you are ready."
    elif withheld:
        hidden = "We have left the words out of this e-mail, as they may hold someone's personal details."
    elif prefs.no_content:
        hidden = "You asked for e-mails without the words of comments."
    else:
        hidden = ""
    return {
        "writer": without_addresses(comment.commenter.display_name),
        "post_title": without_addresses(comment.post.title),
        "excerpt": "" if hidden else excerpt(comment.body),
        "excerpt_hidden": hidden,
        "comment_url": absolute_url(comment.get_absolute_url()),
        "is_reply": comment.parent_id is not None,
    }


def delivery_email(
    *, delivery: Delivery, prefs: NotificationPreference, root_id: int, withheld: str | None = None
) -> tuple[dict, str]:
    """Context and List-Unsubscribe URL of one delivery's e-mail. `withheld` as comment_summary's, when the
    caller has read it (else one query)."""
    comment, user = delivery.comment, delivery.recipient
    if withheld is None:
        withheld = _withheld_comments([comment.pk]).get(comment.pk, "")
    context = comment_summary(comment=comment, prefs=prefs, withheld=withheld)
    # Unsubscribing stops every reply notification: switching off only this e-mail's reason would let the next
    # reason take over ("you follow this conversation"), and the next e-mail would look like a broken unsubscribe.
    # Finer choices are the mute links and the notifications page.
    unsubscribe_url = link_url(user_id=user.pk, kind="off", target="all")
    context.update(
        {
            "recipient_name": without_addresses(user.display_name),
            "reason": delivery.reason,
            "Reason": Delivery.Reason,  # the templates compare reason == Reason.REPLY
            "reason_line": _REASON_LINES[delivery.reason],
            "mute_thread_url": link_url(user_id=user.pk, kind="thread", target=root_id),
            "mute_writer_url": (
                link_url(user_id=user.pk, kind="writer", target=comment.commenter.user_id)
                if comment.commenter.user_id
                else ""
            ),
            "unsubscribe_url": unsubscribe_url,
            "preferences_url": absolute_url(reverse("notifications:preferences")),
        }
    )
    return context, unsubscribe_url


# --- errors ----------------------------------------------------------------------------------------------


def classify_error(error: Exception) -> str:
    """ "transient" (retry later), "recipient" (this address is refused for good) or "permanent"."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = list(error.recipients.values())
        if not any(500 <= code < 600 for code, _ in answers):
            return "transient"
        return "recipient" if all(_about_the_address(code, text) for code, text in answers) else "permanent"
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return "transient"
    if isinstance(error, smtplib.SMTPResponseException):
        return "transient" if 400 <= error.smtp_code < 500 else "permanent"
    if isinstance(error, smtplib.SMTPException):
        return "permanent"
    if isinstance(error, OSError):  # refused connection, timeout, reset: the server may be back soon
        return "transient"
    return "permanent"


# RFC 3463 enhanced status codes: X.1.x is about the address, X.2.x about the mailbox; others (X.7.x security
# or policy, such as "relay access denied") are about our server or its setup.
_ENHANCED_STATUS = re.compile(rb"^\s*[245]\.(\d{1,3})\.\d{1,3}\b")


def _about_the_address(code: int, text: bytes | str) -> bool:
    """Whether a 5xx refusal at RCPT TO blames this recipient's address, rather than our sending setup."""
    if not 500 <= code < 600:
        return False
    text = text.encode(errors="replace") if isinstance(text, str) else bytes(text or b"")
    enhanced = _ENHANCED_STATUS.match(text)
    if enhanced:
        return enhanced.group(1) in (b"1", b"2")
    return b"relay" not in text.lower()  # no enhanced code: only a refusal to relay is clearly ours


def retry_delay(attempts: int) -> float:
    """Exponential backoff after the n-th failed attempt."""
    return min(settings.NOTIFY_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), settings.NOTIFY_RETRY_MAX_SECONDS)


def operators_alert(*, subject: str, detail: str, kind: str = "") -> None:
    """A mail problem no single recipient caused: log it and e-mail the operators when configured.

    One e-mail per `kind` of problem per NOTIFY_OPERATOR_ALERT_INTERVAL_SECONDS (0: every time): a broken mail
    setup fails every delivery of a 500-follower thread, and the operators need one alert, not 500. The log
    line is written every time.
    """
    logger.error("notifications: %s: %s", subject, detail)
    interval = settings.NOTIFY_OPERATOR_ALERT_INTERVAL_SECONDS
    if not settings.NOTIFY_OPERATOR_EMAILS:
        return
    if interval and not _first_alert_in_interval(kind, interval):
        return
    try:
        email_queue(
            template_prefix="notifications/email/operator_alert",
            to=settings.NOTIFY_OPERATOR_EMAILS,
            context={"subject": subject, "detail": detail, "quiet_minutes": round(interval / 60)},
        )
    except Exception:  # a wrong address in the setting must not hide the failure; the log line stays
        logger.exception("notifications: could not queue the operator alert")


def _first_alert_in_interval(kind: str, interval: int) -> bool:
    try:
        return cache.add(f"notifications:operator-alert:{kind}", 1, timeout=interval)
    except Exception:  # no cache to count with: better a second alert than none
        logger.exception("notifications: cannot throttle operator alerts")
        return True


def _mark_address_failing(*, user, error: Exception) -> None:
    prefs, _ = NotificationPreference.objects.get_or_create(user=user)
    NotificationPreference.objects.filter(pk=prefs.pk).update(
        failing_address=user.email, failing_since=timezone.now(), failing_error=str(error)[:500]
    )


# --- one delivery ----------------------------------------------------------------------------------------


def _claim(model, pk: int, *, now, **conditions) -> bool:
    # Compare-and-set: of two workers holding the same task, only one moves the row from planned to sending.
    return bool(
        model.objects.filter(pk=pk, status=Status.PLANNED, send_after__lte=now, **conditions).update(
            status=Status.SENDING, sending_started=now, attempts=F("attempts") + 1
        )
    )


# How old the facts an e-mail is sent on may be: a chunk re-reads them for the deliveries it has left when its last
# reading is older than this (a slow mail server).
RECHECK_MAX_AGE_SECONDS = 1.0


def deliveries_send(*, delivery_ids: list[int]) -> list[tuple[int, float]]:
    """Send immediate deliveries over one SMTP connection, each at most once, in the order given.

    The chunk's deliveries are re-checked together (one query: is the comment still visible, does the recipient
    still want it), and again for those left whenever that reading is older than RECHECK_MAX_AGE_SECONDS. Then
    each delivery is claimed (planned -> sending, committed) just before its own e-mail, sent and recorded on its
    own: a worker killed mid-chunk leaves only the e-mail in flight "sending" (failed as interrupted by
    deliveries_resolve_stuck, never sent again) and the rest "planned" for the sweeper; a refusal of one address
    fails that delivery only. Safe to call twice and from two workers at once: a delivery claimed by another is
    left alone. Returns (delivery id, seconds until its retry) for the deliveries put back after a temporary error.
    """
    results = _deliveries_send(delivery_ids)
    return [(pk, result.retry_in) for pk, result in results.items() if result.outcome == "retry"]


def delivery_send(*, delivery_id: int) -> SendResult:
    """Send one immediate delivery at most once, over a connection of its own (deliveries_send for one).

    Re-checks that the comment is still visible and the recipient still wants it, claims the row (planned ->
    sending, committed before any SMTP traffic), sends, and records sent / skipped / failed, or puts the row back
    to planned with a later send_after for a transient error. Safe to call twice and from two workers at once:
    the loser of the claim does nothing. A worker killed after the claim leaves "sending" for
    deliveries_resolve_stuck, which fails it without sending again (at most once).
    """
    return _deliveries_send([delivery_id])[delivery_id]


def _deliveries_send(delivery_ids: list[int]) -> dict[int, SendResult]:
    results: dict[int, SendResult] = {}
    audiences: dict[int, Audience] = {}
    waiting: dict[int, Delivery] = {}
    read_at = None
    # Outcomes (sent, skipped) not yet written: each is committed with the next claim, in one transaction, so it is
    # recorded before the next e-mail leaves, and a chunk commits once per e-mail rather than twice.
    outcomes: list[tuple[Delivery, dict]] = []
    try:
        with EmailBatch() as batch:
            for position, delivery_id in enumerate(delivery_ids):
                if read_at is None or time.monotonic() - read_at > RECHECK_MAX_AGE_SECONDS:
                    waiting, read_at = _deliveries_for_sending(delivery_ids[position:]), time.monotonic()
                delivery = waiting.pop(delivery_id, None)
                if delivery is None:
                    results.setdefault(delivery_id, SendResult("not_claimed"))
                    continue
                now = timezone.now()
                with transaction.atomic():
                    _write_outcomes(outcomes)
                    claimed = _claim(Delivery, delivery_id, now=now, mode=Delivery.Mode.IMMEDIATE)
                outcomes.clear()
                if not claimed:
                    results.setdefault(delivery_id, SendResult("not_claimed"))
                    continue
                delivery.status, delivery.sending_started, delivery.attempts = (
                    Status.SENDING,
                    now,
                    delivery.attempts + 1,
                )
                results[delivery_id] = _delivery_send(delivery, batch=batch, audiences=audiences, outcomes=outcomes)
    finally:
        _write_outcomes(outcomes)
    return results


def _write_outcomes(outcomes: list[tuple[Delivery, dict]]) -> None:
    for delivery, fields in outcomes:
        _finish(delivery, **fields)


def _delivery_send(
    delivery: Delivery, *, batch: EmailBatch, audiences: dict[int, Audience], outcomes: list[tuple[Delivery, dict]]
) -> SendResult:
    """One claimed delivery, read by _deliveries_for_sending: skip it, move it to the digest or send it. Sent and
    skipped go to `outcomes`, for the caller to write before anything else is sent."""
    comment = delivery.comment
    unreadable = comment_unreadable_skip(comment)
    if unreadable:
        outcomes.append((delivery, {"status": Status.SKIPPED, "skip_reason": unreadable}))
        return SendResult("skipped")
    # Who wrote the comment, what it answers and its thread do not change while a chunk is sent.
    audience = audiences.get(comment.pk) or audiences.setdefault(comment.pk, audience_for(comment))
    decision = delivery_decide(delivery, audience=audience)
    if decision is None:
        outcomes.append((delivery, {"status": Status.SKIPPED, "skip_reason": Delivery.Skip.NO_LONGER_CONCERNED}))
        return SendResult("skipped")
    if decision.skip:
        outcomes.append((delivery, {"status": Status.SKIPPED, "skip_reason": decision.skip, "reason": decision.reason}))
        return SendResult("skipped")
    if decision.mode == Delivery.Mode.DAILY:  # the user switched to the digest since planning
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Status.PLANNED, mode=decision.mode, reason=decision.reason
        )
        return SendResult("to_digest")
    if decision.reason != delivery.reason:
        delivery.reason = decision.reason
        Delivery.objects.filter(pk=delivery.pk).update(reason=decision.reason)

    prefs = preferences_for(user=delivery.recipient)
    context, unsubscribe_url = delivery_email(
        delivery=delivery, prefs=prefs, root_id=audience.root_id, withheld=delivery.withheld
    )
    try:
        batch.send(
            template_prefix="notifications/email/comment",
            to=delivery.recipient.email,
            context=context,
            unsubscribe_url=unsubscribe_url,
        )
    except Exception as error:  # every outcome is recorded on the row; nothing is left "sending"
        return _failed(delivery, error=error, label=f"delivery {delivery.pk}")
    outcomes.append((delivery, {"status": Status.SENT, "sent_at": timezone.now(), "error": ""}))
    return SendResult("sent")


def _deliveries_for_sending(delivery_ids: list[int]) -> dict[int, Delivery]:
    """The planned immediate deliveries among these, by id, with everything their re-check and their e-mails read,
    in one query: their recipient and preferences, the comment, its post and writer, with_recipient_states, and
    `withheld` (the flag category that keeps the comment's words out of e-mail, or "")."""
    from moderation.models import CareFlag

    flags = CareFlag.objects.filter(comment_id=OuterRef("comment_id"), dismissed=False)
    deliveries = (
        with_recipient_states(
            Delivery.objects.select_related(
                "recipient__notify_prefs", "comment__post", "comment__commenter", "comment__parent__commenter"
            )
        )
        .filter(pk__in=delivery_ids, status=Status.PLANNED, mode=Delivery.Mode.IMMEDIATE)
        .annotate(
            crisis=Exists(flags.filter(category="crisis")),
            personal_info=Exists(flags.filter(category="personal_info")),
        )
    )
    found = {}
    for delivery in deliveries:
        delivery.withheld = "crisis" if delivery.crisis else "personal_info" if delivery.personal_info else ""
        found[delivery.pk] = delivery
    return found


def _finish(row, **fields) -> None:
    type(row).objects.filter(pk=row.pk).update(**fields)
    for name, value in fields.items():
        setattr(row, name, value)


def _failed(row, *, error: Exception, label: str) -> SendResult:
    kind = classify_error(error)
    text = f"{type(error).__name__}: {error}"[:2000]
    user = row.recipient if isinstance(row, Delivery) else row.user
    if kind == "transient" and row.attempts < settings.NOTIFY_MAX_ATTEMPTS:
        delay = retry_delay(row.attempts)
        fields = {"status": Status.PLANNED, "send_after": timezone.now() + timedelta(seconds=delay), "error": text}
        # Only from "sending": a send slower than NOTIFY_SENDING_TIMEOUT_SECONDS was already failed as
        # interrupted by the sweeper, and putting it back to "planned" could make a second e-mail.
        if type(row).objects.filter(pk=row.pk, status=Status.SENDING).update(**fields):
            for name, value in fields.items():
                setattr(row, name, value)
            logger.warning("notifications: %s will be retried in %.1f s: %s", label, delay, text)
            return SendResult("retry", retry_in=delay)
        logger.warning("notifications: %s was settled as interrupted while sending; not retried: %s", label, text)
        return SendResult("failed")
    if kind == "recipient":
        # Before the row says "failed": whoever sees the failure also sees the address marked.
        _mark_address_failing(user=user, error=error)
        _finish(row, status=Status.FAILED, error=text)
        logger.warning("notifications: the address of user %s is refused: %s", user.pk, text)
    else:
        _finish(row, status=Status.FAILED, error=text)
        operators_alert(
            subject=f"{label} failed after {row.attempts} attempt(s)",
            detail=text,
            kind=f"{type(error).__name__}:{getattr(error, 'smtp_code', '')}",
        )
    return SendResult("failed")


def deliveries_due(*, now=None, grace_seconds: int = 300, limit: int = 1000) -> list[int]:
    """Immediate deliveries past their time that no task took (broker down at planning, lost task).

    The grace is generous: under a backlog the worker is merely late, and re-enqueueing what is already queued
    every minute would only grow the queue (the claim makes such duplicates harmless, not free)."""
    now = now or timezone.now()
    return list(
        Delivery.objects.filter(
            status=Status.PLANNED, mode=Delivery.Mode.IMMEDIATE, send_after__lte=now - timedelta(seconds=grace_seconds)
        )
        .order_by("send_after")
        .values_list("pk", flat=True)[:limit]
    )


def deliveries_resolve_stuck(*, now=None) -> int:
    """Fail deliveries and digests left "sending" by a worker that died mid-send.

    The guarantee is at most once: the e-mail may or may not have left before the worker died, and sending it
    again could make a second one, so it is never retried. The row says so, and the user's page shows it.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.NOTIFY_SENDING_TIMEOUT_SECONDS)
    message = "interrupted while sending (the worker stopped); not retried, so it may not have arrived"
    with transaction.atomic():
        stuck_digests = list(
            Digest.objects.select_for_update(skip_locked=True)
            .filter(status=Digest.Status.SENDING, sending_started__lt=cutoff)
            .values_list("pk", flat=True)
        )
        Digest.objects.filter(pk__in=stuck_digests).update(status=Digest.Status.FAILED, error=message)
        Delivery.objects.filter(digest_id__in=stuck_digests, status=Status.SENDING).update(
            status=Status.FAILED, error=message
        )
        count = Delivery.objects.filter(
            status=Status.SENDING, mode=Delivery.Mode.IMMEDIATE, sending_started__lt=cutoff
        ).update(status=Status.FAILED, error=message)
    if count or stuck_digests:
        logger.warning("notifications: %s deliveries and %s digests were interrupted", count, len(stuck_digests))
    return count + len(stuck_digests)


# --- daily digests ---------------------------------------------------------------------------------------


def digests_plan(*, now=None) -> list[int]:
    """Create today's (UTC) digest for everyone with daily deliveries waiting, and attach those deliveries.

    Safe to run any number of times a day: the (user, day) constraint means a second run finds the digest and
    leaves it alone; deliveries planned after a user's digest was made wait for the next day's.
    Returns the ids of the digests created by this call.
    """
    now = now or timezone.now()
    day = now.date()
    user_ids = (
        Delivery.objects.filter(status=Status.PLANNED, mode=Delivery.Mode.DAILY, digest__isnull=True, created__lte=now)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    created_ids = []
    for user_id in list(user_ids):
        with transaction.atomic():
            digest, created = Digest.objects.get_or_create(user_id=user_id, day=day, defaults={"send_after": now})
            if not created:
                continue
            Delivery.objects.filter(
                recipient_id=user_id,
                status=Status.PLANNED,
                mode=Delivery.Mode.DAILY,
                digest__isnull=True,
                created__lte=now,
            ).update(digest=digest)
        created_ids.append(digest.pk)
    return created_ids


def digests_due(*, now=None, grace_seconds: int = 300) -> list[int]:
    now = now or timezone.now()
    return list(
        Digest.objects.filter(
            status=Digest.Status.PLANNED, send_after__lte=now - timedelta(seconds=grace_seconds)
        ).values_list("pk", flat=True)[:1000]
    )


def digest_send(*, digest_id: int) -> SendResult:
    """Send one digest at most once (the same claim and outcomes as delivery_send), grouped by post and thread."""
    now = timezone.now()
    if not _claim(Digest, digest_id, now=now):
        return SendResult("not_claimed")
    digest = Digest.objects.select_related("user__notify_prefs").get(pk=digest_id)
    included = _digest_recheck(digest)
    if not included:
        _finish(digest, status=Digest.Status.EMPTY)
        return SendResult("skipped")
    Delivery.objects.filter(pk__in=[d.pk for d in included]).update(status=Status.SENDING, sending_started=now)
    context, unsubscribe_url = _digest_email(digest=digest, included=included)
    try:
        send_email(
            template_prefix="notifications/email/digest",
            to=digest.user.email,
            context=context,
            unsubscribe_url=unsubscribe_url,
        )
    except Exception as error:
        result = _failed(digest, error=error, label=f"digest {digest.pk}")
        status = Status.PLANNED if result.outcome == "retry" else Status.FAILED
        Delivery.objects.filter(pk__in=[d.pk for d in included]).update(status=status, error=digest.error)
        return result
    sent_at = timezone.now()
    _finish(digest, status=Digest.Status.SENT, sent_at=sent_at, error="")
    Delivery.objects.filter(pk__in=[d.pk for d in included]).update(status=Status.SENT, sent_at=sent_at, error="")
    return SendResult("sent")


def _digest_recheck(digest: Digest) -> list[Delivery]:
    """The digest's deliveries that still go out, in post and thread order; the others are skipped with why."""
    deliveries = (
        Delivery.objects.filter(digest=digest, status__in=[Status.PLANNED, Status.SENDING])
        .select_related("recipient__notify_prefs", "comment__post", "comment__commenter", "comment__parent__commenter")
        .order_by("comment__post_id", "comment__tree_id", "comment__lft")
    )
    included = []
    for delivery in deliveries:
        unreadable = comment_unreadable_skip(delivery.comment)
        if unreadable:
            _finish(delivery, status=Status.SKIPPED, skip_reason=unreadable)
            continue
        decision = delivery_recheck(delivery)
        if decision is None or decision.skip:
            skip = decision.skip if decision else Delivery.Skip.NO_LONGER_CONCERNED
            _finish(delivery, status=Status.SKIPPED, skip_reason=skip)
            continue
        delivery.reason = decision.reason
        included.append(delivery)
    return included


def _digest_email(*, digest: Digest, included: list[Delivery]) -> tuple[dict, str]:
    """Context and List-Unsubscribe URL of a digest: its comments grouped by post, then by thread."""
    user = digest.user
    prefs = preferences_for(user=user)
    withheld = _withheld_comments([d.comment_id for d in included])
    posts: dict[int, dict] = {}
    for delivery in included:
        comment = delivery.comment
        group = posts.setdefault(
            comment.post_id,
            {
                "title": without_addresses(comment.post.title),
                "url": absolute_url(comment.post.get_absolute_url()),
                "threads": {},
            },
        )
        item = comment_summary(comment=comment, prefs=prefs, withheld=withheld.get(comment.pk, ""))
        item["reason_line"] = _REASON_LINES[delivery.reason]
        group["threads"].setdefault(comment.tree_id, []).append(item)
    unsubscribe_url = link_url(user_id=user.pk, kind="off", target="all")
    context = {
        "recipient_name": without_addresses(user.display_name),
        "day": digest.day.isoformat(),
        "count": len(included),
        "posts": [{**g, "threads": list(g["threads"].values())} for g in posts.values()],
        "preferences_url": absolute_url(reverse("notifications:preferences")),
        "unsubscribe_url": unsubscribe_url,
    }
    return context, unsubscribe_url


# Flags whose comments are never quoted in e-mail: a crisis, and contact or identifying details (an e-mail can be
# forwarded and kept where nobody can take the words back).
WITHHELD_CATEGORIES = ("crisis", "personal_info")


def _withheld_comments(comment_ids: list[int]) -> dict[int, str]:
    """{comment id: the category that keeps its words out of e-mail}, crisis first. One query."""
    from moderation.models import CareFlag

    flags = CareFlag.objects.filter(comment_id__in=comment_ids, category__in=WITHHELD_CATEGORIES, dismissed=False)
    withheld: dict[int, str] = {}
    for comment_id, category in flags.values_list("comment_id", "category"):
        if withheld.get(comment_id) != "crisis":
            withheld[comment_id] = category
    return withheld
