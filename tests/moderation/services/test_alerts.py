"""The crisis re-alert: nobody acted within the configured time, so every moderator, then the fallback address."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from moderation.models import ModeratorAlertSetting, ReviewItem
from moderation.services import alerts
from moderation.tasks import crisis_realert_email_task, crisis_realert_task
from tests.factories import PostFactory, UserFactory, make_comment

pytestmark = pytest.mark.django_db

WORDS = "the exact words of the person in crisis"


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.CARE_CRISIS_REALERT_MINUTES = 15
    settings.CARE_ALERT_EMAIL = "on-call@example.org"


@pytest.fixture
def send_now(monkeypatch, inline_email):
    """Queued reminders are sent in-process, as the care worker (and then the e-mail worker) would."""
    monkeypatch.setattr(crisis_realert_email_task, "delay", lambda *args: crisis_realert_email_task(*args))
    return inline_email


@pytest.fixture
def moderators():
    group = Group.objects.get(name="moderators")
    senior = Group.objects.get(name="senior moderators")
    keen = UserFactory(email="keen@example.org")
    quiet = UserFactory(email="quiet@example.org")
    boss = UserFactory(email="senior@example.org")
    keen.groups.add(group)
    quiet.groups.add(group)
    boss.groups.add(senior)
    # Only one opted in to the first alert; the reminder goes to everyone.
    ModeratorAlertSetting.objects.create(user=keen, urgent_alerts=True)
    ModeratorAlertSetting.objects.create(user=quiet, urgent_alerts=False)
    UserFactory(email="reader@example.org")  # not a moderator
    UserFactory(email="gone@example.org", is_active=False).groups.add(group)
    return ["keen@example.org", "quiet@example.org", "senior@example.org"]


@pytest.fixture
def opened():
    return timezone.now() - timedelta(hours=1)


def crisis_item(opened, **extra):
    comment = make_comment(post=PostFactory(title="A hard night"), body=WORDS)
    fields = {"crisis": True, "urgent": True, "reasons": ["crisis"], "opened_at": opened, **extra}
    return ReviewItem.objects.create(post=comment.post, comment=comment, **fields)


def run(at, capture):
    with capture(execute=True):
        return alerts.crisis_realert_run(now=at)


def test_the_default_wait_is_15_minutes():
    assert django_settings.CARE_CRISIS_REALERT_MINUTES == 15


def test_nothing_before_the_wait_is_over(opened, moderators, send_now, django_capture_on_commit_callbacks):
    item = crisis_item(opened)
    assert run(opened + timedelta(minutes=14, seconds=59), django_capture_on_commit_callbacks) == {
        "moderators": 0,
        "fallback": 0,
    }
    item.refresh_from_db()
    assert item.realerted_at is None and send_now == []


def test_every_moderator_then_the_fallback_address_each_once(
    opened, moderators, send_now, django_capture_on_commit_callbacks
):
    item = crisis_item(opened)
    first = opened + timedelta(minutes=15)
    assert run(first, django_capture_on_commit_callbacks)["moderators"] == 1
    item.refresh_from_db()
    assert item.realerted_at == first and item.realerted_fallback_at is None
    # One message per moderator, each addressed to that moderator alone.
    assert sorted(m.to[0] for m in send_now) == moderators
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in send_now)
    for mail in send_now:
        assert "Still waiting" in mail.subject
        assert WORDS not in mail.body and WORDS not in mail.alternatives[0][0]
        assert "A hard night" in mail.body
        assert django_settings.SITE_URL + reverse("moderation:item", kwargs={"pk": item.pk}) in mail.body
        assert all(other not in mail.body for other in moderators if other != mail.to[0])

    # Re-running at once, or a minute later, sends nothing more.
    assert run(first, django_capture_on_commit_callbacks) == {"moderators": 0, "fallback": 0}
    assert run(first + timedelta(minutes=14), django_capture_on_commit_callbacks) == {"moderators": 0, "fallback": 0}
    assert len(send_now) == 3

    second = first + timedelta(minutes=15)
    assert run(second, django_capture_on_commit_callbacks)["fallback"] == 1
    item.refresh_from_db()
    assert item.realerted_fallback_at == second
    fallback = send_now[3:]
    assert [m.to for m in fallback] == [["on-call@example.org"]]
    assert "No moderator has answered" in fallback[0].subject
    assert WORDS not in fallback[0].body

    assert run(second + timedelta(hours=5), django_capture_on_commit_callbacks) == {"moderators": 0, "fallback": 0}
    assert len(send_now) == 4


def test_the_wait_counts_from_the_first_alert_when_an_older_item_became_a_crisis(
    opened, moderators, send_now, django_capture_on_commit_callbacks
):
    from moderation.models import PolicyDecision

    # Reported as unkind an hour ago; a crisis report joined it, and the urgent alert went out just now.
    item = crisis_item(opened, reasons=["reported"])
    alerted = opened + timedelta(minutes=58)
    PolicyDecision.objects.create(
        post=item.post, comment=item.comment, revision=1, action=PolicyDecision.Action.ALERT_SENT, created=alerted
    )
    assert run(opened + timedelta(minutes=60), django_capture_on_commit_callbacks)["moderators"] == 0
    assert run(alerted + timedelta(minutes=15), django_capture_on_commit_callbacks)["moderators"] == 1


def test_the_wait_is_configurable(opened, moderators, send_now, settings, django_capture_on_commit_callbacks):
    settings.CARE_CRISIS_REALERT_MINUTES = 5
    crisis_item(opened)
    assert run(opened + timedelta(minutes=5), django_capture_on_commit_callbacks)["moderators"] == 1


@pytest.mark.parametrize(
    "extra",
    [
        {"first_action_at": "opened"},
        {"status": ReviewItem.Status.RESOLVED},
        {"crisis": False},
        {"urgent": False},  # crisis found in an old backlog: no repeated alarms
    ],
    ids=["acted-on", "resolved", "not-crisis", "not-urgent"],
)
def test_items_someone_acted_on_or_not_urgent_crises_are_left_alone(
    opened, moderators, send_now, extra, django_capture_on_commit_callbacks
):
    extra = {k: (opened + timedelta(minutes=3) if v == "opened" else v) for k, v in extra.items()}
    item = crisis_item(opened, **extra)
    assert run(opened + timedelta(hours=2), django_capture_on_commit_callbacks) == {"moderators": 0, "fallback": 0}
    item.refresh_from_db()
    assert item.realerted_at is None and send_now == []


def test_no_fallback_once_a_moderator_acted(opened, moderators, send_now, django_capture_on_commit_callbacks):
    item = crisis_item(opened)
    run(opened + timedelta(minutes=15), django_capture_on_commit_callbacks)
    ReviewItem.objects.filter(pk=item.pk).update(first_action_at=opened + timedelta(minutes=20))
    assert run(opened + timedelta(minutes=40), django_capture_on_commit_callbacks)["fallback"] == 0
    assert len(send_now) == 3


def test_a_reminder_queued_before_a_moderator_acted_is_not_sent(opened, moderators, mailoutbox):
    item = crisis_item(opened)
    ReviewItem.objects.filter(pk=item.pk).update(first_action_at=timezone.now())
    assert alerts.crisis_realert_email_send(item_id=item.pk, stage=alerts.MODERATORS, to="keen@example.org") is False
    assert mailoutbox == []


def test_without_a_fallback_address_the_stage_is_still_recorded_once(
    opened, moderators, send_now, settings, django_capture_on_commit_callbacks
):
    settings.CARE_ALERT_EMAIL = ""
    item = crisis_item(opened)
    run(opened + timedelta(minutes=15), django_capture_on_commit_callbacks)
    assert run(opened + timedelta(minutes=30), django_capture_on_commit_callbacks)["fallback"] == 0
    item.refresh_from_db()
    assert item.realerted_fallback_at is not None
    assert len(send_now) == 3


def test_post_items_are_reminded_too(opened, moderators, send_now, django_capture_on_commit_callbacks):
    post = PostFactory(title="About my brother")
    ReviewItem.objects.create(post=post, crisis=True, urgent=True, reasons=["crisis"], opened_at=opened)
    run(opened + timedelta(minutes=15), django_capture_on_commit_callbacks)
    assert len(send_now) == 3 and "(the post itself)" in send_now[0].body


def test_the_beat_runs_the_reminder_every_minute(opened, moderators, send_now, django_capture_on_commit_callbacks):
    schedule = django_settings.CELERY_BEAT_SCHEDULE["care-crisis-realert"]
    assert schedule == {"task": "moderation.tasks.crisis_realert_task", "schedule": 60.0}
    item = crisis_item(opened)
    with django_capture_on_commit_callbacks(execute=True):
        crisis_realert_task()
    item.refresh_from_db()
    assert item.realerted_at is not None and len(send_now) == 3
