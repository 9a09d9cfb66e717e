"""The metrics endpoint (issue 17): figures read from rows and Redis at scrape time, for staff or the token only."""

from datetime import timedelta

import pytest
import redis
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from core.models import OutgoingEmail
from moderation.models import ReviewItem, ScanRecord
from notifications.models import Delivery
from ops.metrics import queue_lengths
from tests.factories import PostFactory, UserFactory, make_comment
from tests.faults.stack import free_port

pytestmark = pytest.mark.django_db


def samples(client, **headers) -> dict[tuple, float]:
    response = client.get("/metrics", **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain; version=")
    found = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def _scanned(comment, *, after: float, outcome="checked", backlog=False):
    ScanRecord.objects.create(
        post=comment.post,
        comment=comment,
        revision=comment.revision,
        outcome=outcome,
        backlog=backlog,
        created=comment.created + timedelta(seconds=after),
    )


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True))
    return client


def test_only_staff_or_the_token_read_the_metrics(client, settings):
    settings.METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    client.force_login(UserFactory())
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token").status_code == 200
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/metrics").status_code == 200
    assert client.post("/metrics").status_code == 405


def test_without_a_token_setting_no_bearer_is_accepted(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403


def test_figures_come_from_the_rows(staff_client):
    now = timezone.now()
    post = PostFactory()
    fast, slow, failed, history = (make_comment(post=post) for _ in range(4))
    _scanned(fast, after=0.2)
    _scanned(slow, after=40)
    _scanned(failed, after=3, outcome="failed")
    _scanned(history, after=86400, backlog=True)  # scan_backlog's history: counted, not timed
    waiting = make_comment(post=post, checked=False)
    type(waiting).objects.filter(pk=waiting.pk).update(created=now - timedelta(seconds=120))

    reader = UserFactory()
    for comment, status, skip, error in [
        (fast, "sent", "", ""),
        (slow, "skipped", "muted_thread", ""),
        (failed, "failed", "", "interrupted while sending (the worker stopped)"),
        (history, "failed", "", "SMTPDataError: (554, b'no')"),
        (waiting, "planned", "", ""),
    ]:
        Delivery.objects.create(
            recipient=reader, comment=comment, reason="reply", status=status, skip_reason=skip, error=error
        )
    OutgoingEmail.objects.create(to="a@example.org", template_prefix="accounts/email/verify", status="sent")
    OutgoingEmail.objects.create(to="b@example.org", template_prefix="accounts/email/verify", status="queued")
    ReviewItem.objects.create(
        post=post, comment=fast, reasons=["crisis"], crisis=True, opened_at=now - timedelta(minutes=20)
    )
    ReviewItem.objects.create(post=post, comment=slow, reasons=["held", "reported"])
    ReviewItem.objects.create(post=post, comment=failed, reasons=["held"], status="resolved")

    found = samples(staff_client)

    assert found[("kindred_comments_posted_total", ())] == 5
    assert found[("kindred_care_checks_total", (("outcome", "checked"),))] == 3
    assert found[("kindred_care_checks_total", (("outcome", "failed"),))] == 1
    assert found[("kindred_care_check_latency_seconds_count", ())] == 3
    assert found[("kindred_care_check_latency_seconds_bucket", (("le", "0.25"),))] == 1
    assert found[("kindred_care_check_latency_seconds_bucket", (("le", "5.0"),))] == 2
    assert found[("kindred_care_check_latency_seconds_bucket", (("le", "60.0"),))] == 3
    assert found[("kindred_care_check_latency_seconds_sum", ())] == pytest.approx(43.2, abs=0.01)
    assert 119 <= found[("kindred_oldest_unchecked_comment_age_seconds", ())] < 180

    def reply(status, reason):
        return found[("kindred_reply_emails_total", (("mode", "immediate"), ("reason", reason), ("status", status)))]

    assert reply("sent", "") == 1
    assert reply("skipped", "muted_thread") == 1
    assert reply("failed", "interrupted") == 1
    assert reply("failed", "error") == 1
    assert found[("kindred_reply_emails_waiting", (("mode", "immediate"), ("status", "planned")))] == 1
    assert found[("kindred_emails_total", (("status", "sent"), ("template", "verify")))] == 1
    assert found[("kindred_emails_waiting", (("status", "queued"), ("template", "verify")))] == 1

    assert found[("kindred_review_items_open", (("reason", "crisis"),))] == 1
    assert found[("kindred_review_items_open", (("reason", "held"),))] == 1
    assert found[("kindred_review_items_open", (("reason", "reported"),))] == 1
    assert found[("kindred_review_items_open", (("reason", "appeal"),))] == 0  # every reason, even at 0
    # By care category, as the queue's filters count them: the crisis item; nothing flagged spam.
    assert found[("kindred_review_items_open_by_category", (("category", "crisis"),))] == 1
    assert found[("kindred_review_items_open_by_category", (("category", "spam"),))] == 0
    assert 1199 <= found[("kindred_oldest_open_crisis_item_age_seconds", ())] < 1260


def test_an_idle_site_reports_zeros(staff_client):
    found = samples(staff_client)
    assert found[("kindred_oldest_unchecked_comment_age_seconds", ())] == 0
    assert found[("kindred_oldest_open_crisis_item_age_seconds", ())] == 0
    assert found[("kindred_care_check_latency_seconds_count", ())] == 0


def test_queue_lengths_count_every_priority_list(redis_url):
    client = redis.Redis.from_url(redis_url)
    names = ["ops-test-care", "ops-test-email"]
    client.delete(*names, "ops-test-care\x06\x163", "ops-test-care\x06\x169")
    try:
        client.rpush("ops-test-care", "a", "b")
        client.rpush("ops-test-care\x06\x163", "c")
        client.rpush("ops-test-care\x06\x169", "d")
        assert queue_lengths(redis_url, names, {}) == {"ops-test-care": 4, "ops-test-email": 0}
    finally:
        client.delete(*names, "ops-test-care\x06\x163", "ops-test-care\x06\x169")


def test_a_broker_that_does_not_answer_is_reported_not_raised(staff_client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"
    found = samples(staff_client)
    assert found[("kindred_broker_up", ())] == 0
    assert not [name for name, _ in found if name == "kindred_celery_queue_length"]
    # The database figures are there all the same.
    assert ("kindred_comments_posted_total", ()) in found


def test_the_queues_named_in_settings_are_reported(staff_client, settings, redis_url):
    settings.CELERY_BROKER_URL = redis_url
    found = samples(staff_client)
    assert found[("kindred_broker_up", ())] == 1
    assert {dict(labels)["queue"] for name, labels in found if name == "kindred_celery_queue_length"} == {
        "default",
        "care",
        "email",
    }
