"""The care flow end to end: the site, Redis and a real Celery worker (no eager mode)."""

import time

import pytest
from django.urls import reverse

from comments.models import Comment
from moderation import pipeline
from moderation.models import CareFlag, PolicyDecision, ReviewItem, ScanRecord
from tests.conftest import celery_broker, running_worker, wait_for
from tests.factories import PostFactory, UserFactory, make_comment
from tests.moderation.queue_support import moderator_group

CRISIS_TEXT = "I've been saving up my pills for weeks and tonight I'm going to take all of them."
HOSTILE_TEXT = "Honestly you're such a drama queen. Nobody wants to read your moaning, get a grip."


@pytest.fixture
def moderator(db):
    user = UserFactory(email="mod@example.org", display_name="Mod")
    # get_or_create: a transactional test's flush also empties what migrations created.
    user.groups.add(moderator_group("moderators"))
    return user


def post_comment(client, post, text, parent=None):
    data = {"body": text}
    if parent is not None:
        data["parent"] = str(parent.pk)
    return client.post(reverse("comments:comment_create", kwargs={"slug": post.slug}), data)


@pytest.mark.django_db(transaction=True)
def test_crisis_comment_is_flagged_alerted_and_the_author_sees_resources(
    client, celery_worker, mailoutbox, moderator, settings
):
    settings.CARE_ALERT_EMAIL = "on-call@example.org"
    post = PostFactory()
    reader = UserFactory()
    client.force_login(reader)

    started = time.monotonic()
    response = post_comment(client, post, CRISIS_TEXT)
    assert response.status_code == 302
    assert time.monotonic() - started < 5

    comment = Comment.objects.get(body=CRISIS_TEXT)
    flag = wait_for(lambda: CareFlag.objects.filter(comment=comment, category="crisis").first())
    assert flag.severity == "high"  # a stated plan and means
    item = ReviewItem.objects.get(comment=comment, status="open")
    assert item.crisis and item.urgent
    # A plan and means: held by default, so it reaches moderators before other readers.
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HELD

    page = client.get(response["Location"], follow=True)
    assert page.status_code == 200
    assert b"988" in page.content and b"Need help now?" in page.content
    assert "you-matter" in page.content.decode()

    # Nobody opted in to urgent alerts, so every moderator and the configured address hear of it.
    # (The author also hears that the comment waits for a moderator: moderation.services.notices.)
    wait_for(lambda: len(mailoutbox) >= 3)
    alerts = [m for m in mailoutbox if "Urgent" in m.subject]
    assert sorted(m.to[0] for m in alerts) == ["mod@example.org", "on-call@example.org"]
    assert [m.to[0] for m in mailoutbox if m not in alerts] == [reader.email]
    assert all(CRISIS_TEXT not in m.body for m in mailoutbox)  # alerts leave the words out


@pytest.mark.django_db(transaction=True)
def test_hostile_reply_is_held_and_invisible_to_others(client, celery_worker):
    post = PostFactory()
    author = UserFactory()
    parent = make_comment(post=post, user=author, body="I finally told my therapist I felt hurt.")
    troll = UserFactory()
    client.force_login(troll)
    assert post_comment(client, post, HOSTILE_TEXT, parent=parent).status_code == 302

    reply = Comment.objects.get(parent=parent)
    wait_for(lambda: ScanRecord.objects.filter(comment=reply).exists())
    reply.refresh_from_db()
    assert reply.status == Comment.Status.HELD
    assert ReviewItem.objects.filter(comment=reply, status="open").exists()
    assert PolicyDecision.objects.get(comment=reply, action="held").flags.filter(category="hostile").exists()

    client.force_login(author)
    assert HOSTILE_TEXT.encode() not in client.get(post.get_absolute_url()).content
    client.logout()
    assert HOSTILE_TEXT.encode() not in client.get(post.get_absolute_url()).content
    assert client.get(reply.get_absolute_url()).status_code == 404

    client.force_login(troll)
    own_view = client.get(post.get_absolute_url()).content.decode()
    assert "awaiting review" in own_view.lower()


@pytest.mark.django_db(transaction=True)
def test_broker_down_then_back_and_the_sweeper_scans_the_comment(client, redis_server, settings):
    settings.CARE_SWEEP_GRACE_SECONDS = 0
    post = PostFactory()
    client.force_login(UserFactory())
    redis_server.start()
    with celery_broker(redis_server.url) as app:
        redis_server.stop()
        started = time.monotonic()
        response = post_comment(client, post, "Thank you for writing this, it helped me today.")
        assert response.status_code == 302
        assert time.monotonic() - started < 2.5, "the reader's request must not hang on a dead broker"
        comment = Comment.objects.get(post=post)
        assert comment.status == Comment.Status.PENDING
        assert not ScanRecord.objects.filter(comment=comment).exists()

        redis_server.start()
        with running_worker(app):
            from moderation.tasks import care_sweep_task

            care_sweep_task.delay()  # what beat sends every minute
            wait_for(lambda: ScanRecord.objects.filter(comment=comment).exists())
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE


class FailsOnceClassifier:
    """Raises on its first call in this process, then behaves like the built-in engine."""

    name = "fails-once"
    version = "1"
    calls = 0

    def classify(self, context):
        from moderation.classifiers.rules import RuleClassifier

        type(self).calls += 1
        if type(self).calls == 1:
            raise ConnectionError("simulated transient failure")
        return RuleClassifier().classify(context)


@pytest.mark.django_db(transaction=True)
def test_a_failing_classifier_is_retried_by_the_worker_without_duplicate_flags(client, celery_worker, settings):
    settings.CARE_CLASSIFIERS = [f"{__name__}.FailsOnceClassifier"]
    pipeline.configured_classifiers.cache_clear()
    FailsOnceClassifier.calls = 0
    try:
        post = PostFactory()
        client.force_login(UserFactory())
        post_comment(client, post, HOSTILE_TEXT)
        comment = Comment.objects.get(post=post)
        wait_for(lambda: ScanRecord.objects.filter(comment=comment).exists())
        # The worker's failed try and its retry; the posting request runs the engine once too (issue 11: help
        # never waits for the worker), and whichever of them met the failure, the records below are single.
        assert FailsOnceClassifier.calls in (2, 3)
        assert CareFlag.objects.filter(comment=comment, category="hostile").count() == 1
        assert ScanRecord.objects.filter(comment=comment).count() == 1
    finally:
        pipeline.configured_classifiers.cache_clear()
