"""Stalled work is noticed: how far care checks and e-mails are behind, and one alert per incident."""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.email import email_queue
from core.hooks import bound
from core.links import absolute_url
from core.models import OutgoingEmail
from moderation.selectors.care import checks_behind_note, oldest_unchecked_comment_since
from moderation.services.alerts import moderators_to_alert

from .models import StallIncident
from .selectors import oldest_due_email_since

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Backlog:
    oldest_unchecked_seconds: int | None  # None: nothing waits
    oldest_due_email_seconds: int | None
    alert_after_seconds: int

    @property
    def checks_behind(self) -> bool:
        return (self.oldest_unchecked_seconds or 0) > self.alert_after_seconds

    @property
    def emails_behind(self) -> bool:
        return (self.oldest_due_email_seconds or 0) > self.alert_after_seconds

    @property
    def stalled(self) -> bool:
        return self.checks_behind or self.emails_behind

    def as_dict(self) -> dict:
        return {
            "oldest_unchecked_comment_seconds": self.oldest_unchecked_seconds,
            "oldest_due_email_seconds": self.oldest_due_email_seconds,
            "stall_alert_seconds": self.alert_after_seconds,
            "checks_behind": self.checks_behind,
            "emails_behind": self.emails_behind,
            "stalled": self.stalled,
        }


def _age(since: datetime | None, now: datetime) -> int | None:
    return None if since is None else max(0, int((now - since).total_seconds()))


def backlog_report(*, now: datetime | None = None, unchecked_since: datetime | None = None) -> Backlog:
    """Two aggregate queries. The unchecked one is an anti-join over all comments (about 0.3 s per 100,000 on
    PostgreSQL): fine for monitoring once a minute, not for every page view."""
    now = now or timezone.now()
    if unchecked_since is None:
        unchecked_since = oldest_unchecked_comment_since()
    return Backlog(
        oldest_unchecked_seconds=_age(unchecked_since, now),
        oldest_due_email_seconds=_age(oldest_due_email_since(now=now), now),
        alert_after_seconds=settings.CARE_STALL_ALERT_SECONDS,
    )


def stall_alert_recipients() -> list[str]:
    """Moderators with urgent alerts (or, if none opted in, every moderator and CARE_ALERT_EMAIL) and the
    operators (NOTIFY_OPERATOR_EMAILS), each address once."""
    moderators, _fallback = moderators_to_alert()
    seen: dict[str, None] = {}
    for address in [*moderators, *settings.NOTIFY_OPERATOR_EMAILS]:
        if address:
            seen.setdefault(address.lower(), None)
    return list(seen)


def stall_check_run(*, now: datetime | None = None) -> StallIncident | None:
    """Open, alert and close stall incidents; returns the open incident, if any. Safe to re-run and to run twice
    at once: one open incident at a time (a unique constraint), and its alert is claimed before it is sent."""
    now = now or timezone.now()
    unchecked_since = oldest_unchecked_comment_since()
    backlog = backlog_report(now=now, unchecked_since=unchecked_since)
    # For the queue page's warning (read from the cache there, so a page view costs no backlog query).
    checks_behind_note(since=unchecked_since if backlog.checks_behind else None)
    incident = StallIncident.objects.filter(is_open=True).first()
    if not backlog.stalled:
        if incident is not None:
            StallIncident.objects.filter(pk=incident.pk, is_open=True).update(is_open=False, ended_at=now)
            logger.warning("checks and e-mails caught up: stall incident %s closed", incident.pk)
        return None
    if incident is None:
        try:
            with transaction.atomic():
                incident = StallIncident.objects.create(
                    started_at=now,
                    unchecked_seconds=backlog.oldest_unchecked_seconds,
                    due_email_seconds=backlog.oldest_due_email_seconds,
                )
        except IntegrityError:  # another run opened it first
            incident = StallIncident.objects.get(is_open=True)
        logger.error("work is stalled: %s", backlog.as_dict())
    if incident.alerted_at is None:
        _incident_alert(incident=incident, backlog=backlog, now=now)
    return incident


def _incident_alert(*, incident: StallIncident, backlog: Backlog, now: datetime) -> int:
    # Claimed first, so two runs never both send; given back if no e-mail could go out, so the next run retries.
    if not StallIncident.objects.filter(pk=incident.pk, alerted_at__isnull=True).update(alerted_at=now):
        return 0
    context = {
        "checks_minutes": (backlog.oldest_unchecked_seconds or 0) // 60,
        "emails_minutes": (backlog.oldest_due_email_seconds or 0) // 60,
        "checks_behind": backlog.checks_behind,
        "emails_behind": backlog.emails_behind,
        "alert_minutes": backlog.alert_after_seconds // 60,
        "queue_url": absolute_url(reverse("moderation:queue")),
        "health_url": absolute_url(reverse("healthz_backlog")),
    }
    # Sent from this task on commit, not through the broker: the e-mail queue may be what is stuck.
    ids = email_queue(
        template_prefix="notifications/email/stall_alert",
        to=stall_alert_recipients(),
        context=context,
        in_this_process=True,
    )
    transaction.on_commit(bound(_alert_given_back_unless_sent, incident_id=incident.pk, email_ids=ids))
    return len(ids)


def _alert_given_back_unless_sent(*, incident_id: int, email_ids: list[int]) -> None:
    # Runs after the sends (on-commit callbacks run in order): with nothing sent, the next run tries again.
    if not OutgoingEmail.objects.filter(pk__in=email_ids, status=OutgoingEmail.Status.SENT).exists():
        StallIncident.objects.filter(pk=incident_id).update(alerted_at=None)
