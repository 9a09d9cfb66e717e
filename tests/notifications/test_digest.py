"""Daily digests: one per person per day at the configured hour, grouped by post and thread (fixed clock)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from comments.models import Comment, Post
from moderation.models import CareFlag
from notifications import services
from notifications.models import Delivery, Digest
from tests.factories import PostFactory, UserFactory, make_comment

pytestmark = pytest.mark.django_db

NINE_AM = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # a fixed clock, in the past of any run


def plan(comment):
    for chunk in services.comment_notifications_plan(comment_id=comment.pk):
        services.comment_notifications_plan_chunk(comment_id=comment.pk, user_ids=chunk)


def run_digests(now):
    """What beat's digests_plan_task and the digest_send_tasks it queues do."""
    for digest_id in services.digests_plan(now=now):
        services.digest_send(digest_id=digest_id)


@pytest.fixture
def daily_readers():
    author = UserFactory(display_name="Wren")
    priya, jonah, lena = UserFactory(display_name="Priya"), UserFactory(display_name="Jonah"), UserFactory()
    for user in (author, priya, lena):
        services.preferences_update(user=user, replies="daily", post_comments="daily", following="daily")
    first, second = PostFactory(author=author, title="First post"), PostFactory(author=author, title="Second post")
    services.subscription_set(user=lena, post=second, state="following")
    a = make_comment(post=first, user=priya, body="Thread A starts")
    a1 = make_comment(post=first, user=jonah, parent=a, body="A reply in thread A")
    b = make_comment(post=first, user=jonah, body="Thread B starts")
    c = make_comment(post=second, user=jonah, body="On the second post")
    for comment in (a, a1, b, c):
        plan(comment)
    return author, priya, jonah, lena, (a, a1, b, c)


def test_the_digest_runs_twice_for_one_day_and_sends_one_per_person(daily_readers, mailoutbox):
    author, priya, jonah, lena, comments = daily_readers
    # Created "before" nine: the fixed clock of the beat run is after every delivery.
    Delivery.objects.update(created=NINE_AM - timedelta(hours=3))

    run_digests(NINE_AM)
    run_digests(NINE_AM + timedelta(minutes=15))  # beat runs again in the same hour
    run_digests(NINE_AM + timedelta(minutes=30))

    assert sorted(m.to[0] for m in mailoutbox) == sorted([author.email, priya.email, lena.email])
    assert Digest.objects.filter(day=NINE_AM.date()).count() == 3
    by_person = {m.to[0]: m for m in mailoutbox}
    wren_mail = by_person[author.email]
    assert wren_mail.subject == "Your daily Kindred digest: 4 new comments"
    body = wren_mail.body
    # Grouped by post, then thread, in conversation order.
    assert body.index("== First post ==") < body.index("Thread A starts") < body.index("A reply in thread A")
    assert body.index("A reply in thread A") < body.index("Thread B starts") < body.index("== Second post ==")
    assert wren_mail.message()["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert by_person[priya.email].subject.endswith(": 1 new comment")  # jonah's reply to her
    assert by_person[lena.email].subject.endswith(": 1 new comment")  # she follows the second post
    assert set(Delivery.objects.filter(mode="daily").values_list("status", flat=True)) == {"sent"}


def test_deliveries_after_a_users_digest_wait_for_the_next_day(daily_readers, mailoutbox):
    author, priya, jonah, lena, comments = daily_readers
    Delivery.objects.update(created=NINE_AM - timedelta(hours=3))
    run_digests(NINE_AM)
    late = make_comment(post=comments[0].post, user=jonah, body="Written after the digest")
    plan(late)
    Delivery.objects.filter(comment=late).update(created=NINE_AM + timedelta(minutes=5))
    run_digests(NINE_AM + timedelta(minutes=15))
    assert len(mailoutbox) == 3
    assert Delivery.objects.get(comment=late, recipient=author).status == "planned"
    run_digests(NINE_AM + timedelta(days=1))
    assert len(mailoutbox) == 4 and "Written after the digest" in mailoutbox[-1].body


def test_a_comment_removed_before_the_digest_is_left_out(daily_readers, mailoutbox):
    author, priya, jonah, lena, (a, a1, b, c) = daily_readers
    Delivery.objects.update(created=NINE_AM - timedelta(hours=3))
    Comment.objects.filter(pk=a1.pk).update(status="removed")
    run_digests(NINE_AM)
    assert priya.email not in [m.to[0] for m in mailoutbox]  # her only item is gone
    assert Digest.objects.get(user=priya).status == "empty"
    assert "A reply in thread A" not in next(m for m in mailoutbox if m.to == [author.email]).body
    assert Delivery.objects.get(comment=a1, recipient=priya).skip_reason == "not_visible"


def test_the_beat_entry_runs_in_the_configured_hour(settings):
    from support_site.settings import CELERY_BEAT_SCHEDULE

    entry = CELERY_BEAT_SCHEDULE["notify-digest"]
    assert entry["task"] == "notifications.tasks.digests_plan_task"
    assert entry["schedule"].hour == {settings.NOTIFY_DIGEST_HOUR}


def test_digest_created_only_for_users_with_daily_deliveries(daily_readers):
    author, priya, jonah, lena, comments = daily_readers
    Delivery.objects.update(created=timezone.now() - timedelta(hours=1))
    created = services.digests_plan()
    assert sorted(Digest.objects.filter(pk__in=created).values_list("user_id", flat=True)) == sorted(
        [author.pk, priya.pk, lena.pk]
    )


def test_comments_on_a_post_taken_back_to_draft_are_left_out(daily_readers, mailoutbox):
    author, priya, jonah, lena, (a, a1, b, c) = daily_readers
    Delivery.objects.update(created=NINE_AM - timedelta(hours=3))
    Post.objects.filter(pk=c.post_id).update(published=False)  # the second post, which lena follows
    run_digests(NINE_AM)
    assert lena.email not in [m.to[0] for m in mailoutbox]
    assert Digest.objects.get(user=lena).status == "empty"
    wren_mail = next(m for m in mailoutbox if m.to == [author.email])
    assert "Second post" not in wren_mail.body and "On the second post" not in wren_mail.body
    assert Delivery.objects.get(comment=c, recipient=lena).skip_reason == "post_unpublished"


def test_each_digest_item_says_why_it_is_there(daily_readers, mailoutbox):
    author, priya, jonah, lena, comments = daily_readers
    Delivery.objects.update(created=NINE_AM - timedelta(hours=3))
    run_digests(NINE_AM)
    by_person = {m.to[0]: m for m in mailoutbox}
    for person, why in [
        (priya, "someone replied to your comment"),
        (author, "this is a comment on your post"),
        (lena, "you follow this conversation"),
    ]:
        message = by_person[person.email]
        assert why in message.body and why in message.alternatives[0][0]


def test_a_digest_leaves_out_the_words_of_comments_flagged_for_personal_details(daily_readers, mailoutbox):
    author, priya, jonah, lena, (a, a1, b, c) = daily_readers
    Comment.objects.filter(pk=b.pk).update(body="Text me on 07700 900123")
    CareFlag.objects.create(
        post=b.post,
        comment=b,
        revision=b.revision,
        category="personal_info",
        severity="medium",
        score=0.9,
        classifier="test",
        classifier_version="1",
    )
    Delivery.objects.update(created=NINE_AM - timedelta(hours=3))
    run_digests(NINE_AM)
    [wren_mail] = [m for m in mailoutbox if m.to == [author.email]]
    for part in (wren_mail.body, wren_mail.alternatives[0][0]):
        assert "07700" not in part
        assert "personal details" in part
        assert "Thread A starts" in part  # the other comments keep their words
