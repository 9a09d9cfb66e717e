"""comments_notifications_plan: many comments planned together give the deliveries of one-by-one planning."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from notifications import services
from notifications.models import Delivery, NotificationPlan, Subscription
from tests.factories import PostFactory, UserFactory, make_comment

pytestmark = pytest.mark.django_db


class _Undo(Exception):
    pass


def _rows(comments) -> set:
    return set(
        Delivery.objects.filter(comment__in=comments).values_list(
            "comment_id", "recipient_id", "reason", "status", "skip_reason", "mode"
        )
    )


def _one_by_one(comments) -> set:
    """What the one-comment tasks plan, undone afterwards."""
    try:
        with transaction.atomic():
            for comment in comments:
                for chunk in services.comment_notifications_plan(comment_id=comment.pk):
                    services.comment_notifications_plan_chunk(comment_id=comment.pk, user_ids=chunk)
            rows = _rows(comments)
            raise _Undo
    except _Undo:
        return rows


def _conversation():
    author, priya, jonah, lena, sam = (UserFactory() for _ in range(5))
    post = PostFactory(author=author)
    top = make_comment(post=post, user=priya, body="This is so familiar to me.")
    reply = make_comment(post=post, user=jonah, parent=top)
    services.subscription_set(user=lena, post=post, state=Subscription.State.FOLLOWING)
    services.subscription_set(user=sam, thread=top, state=Subscription.State.FOLLOWING)
    services.preferences_update(user=priya, replies="daily")
    services.writer_mute_set(user=sam, writer=lena, muted=True)
    other = make_comment(post=PostFactory(author=author), user=sam, body="Elsewhere.")
    comments = [
        make_comment(post=post, user=lena, parent=reply),  # deep: its thread's root is read, not loaded
        make_comment(post=post, user=jonah, parent=top),
        make_comment(post=post, user=sam, body="A new thread."),
        make_comment(post=other.post, user=priya, parent=other),
    ]
    services.subscription_set(user=jonah, thread=top, state=Subscription.State.MUTED)
    return comments


def test_a_batch_plans_what_one_by_one_planning_plans():
    comments = _conversation()
    expected = _one_by_one(comments)
    assert expected  # the scenario has deliveries, planned and skipped
    due, chunked = services.comments_notifications_plan(comment_ids=[c.pk for c in comments])
    assert chunked == []
    assert _rows(comments) == expected
    planned = Delivery.objects.filter(comment__in=comments, status="planned", mode="immediate")
    assert sorted(pk for pk, _ in due) == sorted(planned.values_list("pk", flat=True))
    assert NotificationPlan.objects.filter(comment__in=comments).count() == len(comments)

    # Planned already: a second run (a redelivered task, the sweeper's single task) adds nothing.
    assert services.comments_notifications_plan(comment_ids=[c.pk for c in comments]) == ([], [])
    assert not any(services.comment_notifications_plan(comment_id=c.pk) for c in comments)
    assert _rows(comments) == expected


def test_an_audience_of_several_chunks_is_left_to_its_own_task(settings):
    settings.NOTIFY_CHUNK_SIZE = 2
    post = PostFactory()
    for _ in range(3):
        services.subscription_set(user=UserFactory(), post=post, state=Subscription.State.FOLLOWING)
    big = make_comment(post=post, body="Many are listening.")
    assert services.comments_notifications_plan(comment_ids=[big.pk]) == ([], [big.pk])
    assert not NotificationPlan.objects.filter(comment=big).exists()


def test_a_batch_costs_the_same_queries_whatever_its_size():
    def queries(count: int) -> int:
        post = PostFactory()
        top = make_comment(post=post)
        comments = [make_comment(post=post, parent=top) for _ in range(count)]
        with CaptureQueriesContext(connection) as captured:
            services.comments_notifications_plan(comment_ids=[c.pk for c in comments])
        assert Delivery.objects.filter(comment__in=comments).exists()
        return len(captured)

    assert queries(2) == queries(8)
