"""Issue 12, item 6: stalled checks and e-mails are noticed, reported, alerted once per incident, and shown."""

from datetime import timedelta

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from moderation.models import ModeratorAlertSetting
from moderation.services.scan import comment_scan
from notifications.models import Delivery, StallIncident
from notifications.tasks import stall_check_task as _stall_check_task
from tests.factories import PostFactory, UserFactory, make_comment
from tests.moderation.queue_support import make_moderator

pytestmark = pytest.mark.django_db


def stall_check_task():
    """The beat task, as after its commit: its alert e-mails are sent from the task itself (not the queue)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        _stall_check_task()


def unchecked_comment(*, minutes_ago: float) -> Comment:
    comment = make_comment(post=PostFactory(), checked=False, body="Nobody has read this yet.")
    Comment.objects.filter(pk=comment.pk).update(created=timezone.now() - timedelta(minutes=minutes_ago))
    return comment


def test_healthz_keeps_its_contract(client):
    unchecked_comment(minutes_ago=60)
    response = client.get("/healthz")
    assert (response.status_code, response.content, response["Content-Type"]) == (200, b"ok", "text/plain")


def test_backlog_endpoint_reports_the_ages_and_answers_503_when_stalled(client, settings):
    settings.CARE_STALL_ALERT_SECONDS = 300
    response = client.get(reverse("healthz_backlog"))
    assert response.status_code == 200
    assert response.json() == {
        "oldest_unchecked_comment_seconds": None,
        "oldest_due_email_seconds": None,
        "stall_alert_seconds": 300,
        "checks_behind": False,
        "emails_behind": False,
        "stalled": False,
    }

    unchecked_comment(minutes_ago=2)
    reader = UserFactory()
    visible = make_comment(post=PostFactory())
    Delivery.objects.create(
        recipient=reader,
        comment=visible,
        reason=Delivery.Reason.REPLY,
        send_after=timezone.now() - timedelta(minutes=1),
    )
    body = client.get(reverse("healthz_backlog")).json()
    assert 110 <= body["oldest_unchecked_comment_seconds"] <= 130
    assert 50 <= body["oldest_due_email_seconds"] <= 70
    assert body["stalled"] is False

    unchecked_comment(minutes_ago=7)
    response = client.get(reverse("healthz_backlog"))
    assert response.status_code == 503
    assert response.json()["checks_behind"] is True
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_stall_alerts_urgent_moderators_and_operators_once_per_incident(settings, smtp_settings):
    sink = smtp_settings
    settings.CARE_STALL_ALERT_SECONDS = 300
    settings.NOTIFY_OPERATOR_EMAILS = ["ops@example.org", "Keen@example.org"]
    keen = make_moderator(email="keen@example.org")
    quiet = make_moderator(email="quiet@example.org")
    ModeratorAlertSetting.objects.create(user=keen, urgent_alerts=True)
    ModeratorAlertSetting.objects.create(user=quiet, urgent_alerts=False)

    comment = unchecked_comment(minutes_ago=4)
    stall_check_task()  # 4 minutes behind: not yet
    assert not StallIncident.objects.exists() and sink.received == []

    Comment.objects.filter(pk=comment.pk).update(created=timezone.now() - timedelta(minutes=6))
    for _ in range(3):  # beat every minute, and a duplicate delivery of the task: one alert
        stall_check_task()
    assert sorted(m.to for m in sink.received) == ["keen@example.org", "ops@example.org"]
    message = sink.to("ops@example.org")[0].message
    assert message["Subject"] == "[Kindred] Comment checks are 6 minutes behind"
    text = message.get_body(("plain",)).get_content()
    assert "https://kindred.example/moderation/" in text and "https://kindred.example/healthz/backlog" in text
    incident = StallIncident.objects.get()
    assert incident.is_open and incident.alerted_at and incident.unchecked_seconds >= 360

    # The worker catches up: the incident closes. A later stall is a new incident with its own alert.
    comment_scan(comment_id=comment.pk)
    stall_check_task()
    incident.refresh_from_db()
    assert not incident.is_open and incident.ended_at
    unchecked_comment(minutes_ago=10)
    stall_check_task()
    stall_check_task()
    assert StallIncident.objects.count() == 2
    assert len(sink.received) == 4


def test_a_stall_alert_that_could_not_be_sent_is_tried_again(settings, smtp_settings):
    sink = smtp_settings
    settings.NOTIFY_OPERATOR_EMAILS = ["ops@example.org"]
    settings.CARE_ALERT_EMAIL = ""
    unchecked_comment(minutes_ago=30)
    sink.misbehave("ops@example.org", "451")
    stall_check_task()
    assert StallIncident.objects.get().alerted_at is None
    stall_check_task()
    assert [m.to for m in sink.received] == ["ops@example.org"]
    assert StallIncident.objects.get().alerted_at is not None


def test_due_emails_past_the_limit_are_a_stall_too(settings, smtp_settings):
    sink = smtp_settings
    settings.NOTIFY_OPERATOR_EMAILS = ["ops@example.org"]
    Delivery.objects.create(
        recipient=UserFactory(),
        comment=make_comment(post=PostFactory()),
        reason=Delivery.Reason.REPLY,
        send_after=timezone.now() - timedelta(minutes=12),
    )
    stall_check_task()
    [received] = sink.received
    assert received.message["Subject"] == "[Kindred] E-mails are 12 minutes behind"


def test_the_queue_page_says_when_checks_are_behind(client, settings, clear_cache):
    settings.CARE_STALL_ALERT_SECONDS = 300
    client.force_login(make_moderator())
    url = reverse("moderation:queue")
    stall_check_task()
    assert "Care checks are behind" not in client.get(url).content.decode()
    comment = unchecked_comment(minutes_ago=9)
    stall_check_task()  # what beat runs every minute
    text = " ".join(client.get(url).content.decode().replace("\xa0", " ").split())
    assert "Care checks are behind" in text
    assert "was written 9 minutes ago" in text
    comment_scan(comment_id=comment.pk)
    stall_check_task()
    assert "Care checks are behind" not in client.get(url).content.decode()


def test_the_stall_check_runs_every_minute_on_the_default_queue(settings):
    from support_site.celery import app

    [entry] = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == _stall_check_task.name]
    assert entry["schedule"] == 60.0
    assert app.amqp.router.route({}, _stall_check_task.name)["queue"].name == "default"
