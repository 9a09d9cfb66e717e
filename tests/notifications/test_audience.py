"""Who hears of a published comment, and why (in-process: services called directly, no worker)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments.models import Comment, Post
from notifications import services
from notifications.models import Delivery, NotificationPlan, Subscription, WriterMute
from tests.factories import PostFactory, UserFactory, make_comment

pytestmark = pytest.mark.django_db

REPLY, POST, FOLLOWING = Delivery.Reason.REPLY, Delivery.Reason.POST, Delivery.Reason.FOLLOWING


def plan(comment) -> dict:
    """Plan a comment as the tasks would, and return {user: (reason, status, skip_reason, mode)}."""
    for chunk in services.comment_notifications_plan(comment_id=comment.pk):
        services.comment_notifications_plan_chunk(comment_id=comment.pk, user_ids=chunk)
    return {
        d.recipient: (d.reason, d.status, d.skip_reason, d.mode)
        for d in Delivery.objects.filter(comment=comment).select_related("recipient")
    }


def planned(reason, mode="immediate"):
    return (reason, "planned", "", mode)


def skipped(reason, why):
    return (reason, "skipped", why, "immediate")


@pytest.fixture
def conversation():
    author, priya, jonah = UserFactory(display_name="Wren"), UserFactory(), UserFactory()
    post = PostFactory(author=author)
    top = make_comment(post=post, user=priya, body="This is so familiar to me.")
    return post, author, priya, jonah, top


def test_reply_post_author_and_followers_each_hear_once_with_the_most_specific_reason(conversation):
    post, author, priya, jonah, top = conversation
    lena = UserFactory()
    services.subscription_set(user=lena, post=post, state=Subscription.State.FOLLOWING)
    reply = make_comment(post=post, user=jonah, parent=top)

    assert plan(reply) == {priya: planned(REPLY), author: planned(POST), lena: planned(FOLLOWING)}
    # The writer hears nothing, and commenting followed the thread.
    assert Subscription.objects.filter(user=jonah, thread=top, state="following").exists()


def test_the_author_replying_on_their_own_post_hears_nothing_of_it(conversation):
    post, author, priya, jonah, top = conversation
    answer = make_comment(post=post, user=author, parent=top)
    assert plan(answer) == {priya: planned(REPLY)}


def test_a_reason_switched_off_gives_way_to_the_next(conversation):
    post, author, priya, jonah, top = conversation
    make_comment(post=post, user=author, parent=top)  # the post's author now follows the thread too
    reply = make_comment(post=post, user=jonah, parent=top)
    services.preferences_update(user=author, post_comments="off")
    # priya follows her own thread (she started it): with replies off, "following" decides, here daily.
    services.preferences_update(user=priya, replies="off", following="daily")
    assert plan(reply) == {author: planned(FOLLOWING), priya: planned(FOLLOWING, mode="daily")}

    another = make_comment(post=post, user=jonah, parent=top)
    services.preferences_update(user=priya, following="off")
    assert plan(another)[priya] == skipped(REPLY, "preference_off")


def test_daily_digest_preference_plans_a_daily_delivery(conversation):
    post, author, priya, jonah, top = conversation
    services.preferences_update(user=priya, replies="daily")
    reply = make_comment(post=post, user=jonah, parent=top)
    assert plan(reply)[priya] == planned(REPLY, mode="daily")


@pytest.mark.parametrize(
    "change, why",
    [
        (lambda u: setattr(u, "email_verified_at", None), "unverified"),
        (lambda u: setattr(u, "suspended_until", timezone.now() + timedelta(days=2)), "sanctioned"),
        (lambda u: setattr(u, "banned_at", timezone.now()), "sanctioned"),
        (lambda u: setattr(u, "is_active", False), "inactive"),
    ],
)
def test_unverified_sanctioned_and_inactive_recipients_are_skipped_with_the_reason(conversation, change, why):
    post, author, priya, jonah, top = conversation
    change(priya)
    priya.save()
    reply = make_comment(post=post, user=jonah, parent=top)
    assert plan(reply)[priya] == skipped(REPLY, why)


def test_an_expired_suspension_no_longer_blocks(conversation):
    post, author, priya, jonah, top = conversation
    priya.suspended_until = timezone.now() - timedelta(minutes=1)
    priya.save()
    assert plan(make_comment(post=post, user=jonah, parent=top))[priya] == planned(REPLY)


def test_mutes_of_thread_post_and_writer(conversation):
    post, author, priya, jonah, top = conversation
    lena, tom = UserFactory(), UserFactory()
    services.subscription_set(user=lena, post=post, state="following")
    services.subscription_set(user=priya, thread=top, state="muted")  # her own thread: a mute outranks a reply
    services.subscription_set(user=author, post=post, state="muted")
    services.writer_mute_set(user=lena, writer=jonah, muted=True)
    # A followed thread outranks a muted post.
    services.subscription_set(user=tom, post=post, state="muted")
    services.subscription_set(user=tom, thread=top, state="following")
    reply = make_comment(post=post, user=jonah, parent=top)
    assert plan(reply) == {
        priya: skipped(REPLY, "muted_thread"),
        author: skipped(POST, "muted_post"),
        lena: skipped(FOLLOWING, "muted_writer"),
        tom: planned(FOLLOWING),
    }


def test_a_muted_writer_replying_to_you_does_not_notify_you(conversation):
    """Issue 15 ("muting means muting"): the writer mute already outranks "someone replied to you"."""
    post, author, priya, jonah, top = conversation
    services.writer_mute_set(user=priya, writer=jonah, muted=True)
    assert plan(make_comment(post=post, user=jonah, parent=top))[priya] == skipped(REPLY, "muted_writer")


def test_commenting_does_not_undo_a_mute(conversation):
    post, author, priya, jonah, top = conversation
    services.subscription_set(user=jonah, thread=top, state="muted")
    make_comment(post=post, user=jonah, parent=top)
    assert Subscription.objects.get(user=jonah, thread=top).state == "muted"


def test_a_failing_address_is_skipped_until_it_changes(conversation):
    post, author, priya, jonah, top = conversation
    prefs = services.preferences_update(user=priya)
    prefs.failing_address = priya.email.upper()
    prefs.save()
    assert plan(make_comment(post=post, user=jonah, parent=top))[priya] == skipped(REPLY, "address_failing")
    priya.email = "priya.new@example.org"
    priya.save()
    assert plan(make_comment(post=post, user=jonah, parent=top))[priya] == planned(REPLY)


@pytest.mark.parametrize("status", ["pending", "held", "removed", "deleted"])
def test_a_comment_that_is_not_visible_plans_nothing(conversation, status):
    post, author, priya, jonah, top = conversation
    reply = make_comment(post=post, user=jonah, parent=top)
    Comment.objects.filter(pk=reply.pk).update(status=status)
    assert plan(reply) == {}
    assert not NotificationPlan.objects.filter(comment=reply).exists()


def test_imported_comments_never_notify(conversation):
    post, author, priya, jonah, top = conversation
    reply = make_comment(post=post, user=jonah, parent=top)
    Comment.objects.filter(pk=reply.pk).update(source="wordpress:https://blog.example", source_id="17")
    assert plan(reply) == {}
    assert reply.pk not in services.unplanned_comment_ids(grace_seconds=0)


def test_old_news_is_not_planned(conversation):
    post, author, priya, jonah, top = conversation
    reply = make_comment(post=post, user=jonah, parent=top)
    Comment.objects.filter(pk=reply.pk).update(published_at=timezone.now() - timedelta(days=1))
    assert plan(reply) == {}


def test_planning_twice_changes_nothing(conversation):
    post, author, priya, jonah, top = conversation
    reply = make_comment(post=post, user=jonah, parent=top)
    first = plan(reply)
    assert services.comment_notifications_plan(comment_id=reply.pk) == []
    # A chunk task delivered twice: ignore_conflicts against the unique constraint.
    services.comment_notifications_plan_chunk(comment_id=reply.pk, user_ids=[priya.pk, author.pk])
    assert plan(reply) == first
    assert Delivery.objects.filter(comment=reply).count() == 2


def test_the_sweeper_finds_published_comments_without_a_plan(conversation):
    post, author, priya, jonah, top = conversation
    reply = make_comment(post=post, user=jonah, parent=top)
    assert reply.pk in services.unplanned_comment_ids(grace_seconds=0)
    plan(reply)
    assert reply.pk not in services.unplanned_comment_ids(grace_seconds=0)


def test_500_followers_are_planned_in_chunks_of_100_with_few_queries(conversation, django_assert_max_num_queries):
    post, author, priya, jonah, top = conversation
    followers = UserFactory.create_batch(500)
    Subscription.objects.bulk_create(Subscription(user=u, thread=top, state="following") for u in followers)
    WriterMute.objects.create(user=followers[3], writer=jonah)
    reply = make_comment(post=post, user=jonah, parent=top)

    chunks = services.comment_notifications_plan(comment_id=reply.pk)
    assert [len(c) for c in chunks] == [100, 100, 100, 100, 100, 2]  # 500 followers, priya (reply), the author
    for chunk in chunks:
        with django_assert_max_num_queries(20):
            due = services.comment_notifications_plan_chunk(comment_id=reply.pk, user_ids=chunk)
        assert len(due) <= len(chunk)
    assert Delivery.objects.filter(comment=reply).count() == 502
    assert Delivery.objects.filter(comment=reply, status="skipped", skip_reason="muted_writer").count() == 1
    assert Delivery.objects.filter(comment=reply, status="planned").count() == 501


def test_a_broker_failure_while_enqueueing_chunks_leaves_the_comment_to_the_sweeper(
    conversation, settings, monkeypatch
):
    from notifications import tasks

    post, author, priya, jonah, top = conversation
    settings.NOTIFY_CHUNK_SIZE = 1
    reply = make_comment(post=post, user=jonah, parent=top)
    sent = []

    def delay(*args):
        if sent:
            raise ConnectionError("broker gone")
        sent.append(args)

    monkeypatch.setattr(tasks.comment_notifications_plan_chunk_task, "delay", delay)
    with pytest.raises(ConnectionError):
        tasks.comment_notifications_plan_task(reply.pk)
    assert len(sent) == 1
    assert not NotificationPlan.objects.filter(comment=reply).exists()
    assert reply.pk in services.unplanned_comment_ids(grace_seconds=0)


def test_a_comment_on_a_post_taken_back_to_draft_plans_nothing(conversation):
    # Only the post's author and staff can read a draft: nobody else may hear of its comments.
    post, author, priya, jonah, top = conversation
    reply = make_comment(post=post, user=jonah, parent=top)
    Post.objects.filter(pk=post.pk).update(published=False)
    assert reply.pk not in services.unplanned_comment_ids(grace_seconds=0)
    assert plan(reply) == {}
    assert not NotificationPlan.objects.filter(comment=reply).exists()
