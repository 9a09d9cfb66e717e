"""On the demo: loading it e-mails nobody; a reply then reaches exactly the people it should, once each."""

import pytest

from accounts.models import User
from comments.models import Comment
from demo.content import demo_load
from notifications import services
from notifications.models import Delivery, NotificationPlan
from tests.factories import make_comment

pytestmark = pytest.mark.django_db


def test_loading_the_demo_plans_nothing_and_a_new_reply_reaches_the_thread(mailoutbox):
    demo_load()
    # Demo comments are back-dated history: old news is never planned, now or by the sweeper.
    assert services.unplanned_comment_ids(grace_seconds=0) == []
    for comment_id in Comment.objects.values_list("pk", flat=True):
        assert services.comment_notifications_plan(comment_id=comment_id) == []
    assert not NotificationPlan.objects.exists() and mailoutbox == []

    users = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.example")}
    parent = Comment.objects.filter(commenter__user=users["priya"], parent__isnull=True).first()
    reply = make_comment(post=parent.post, user=users["tom"], parent=parent, body="Thinking of you today.")
    for chunk in services.comment_notifications_plan(comment_id=reply.pk):
        services.comment_notifications_plan_chunk(comment_id=reply.pk, user_ids=chunk)
    for delivery_id in Delivery.objects.filter(comment=reply).values_list("pk", flat=True):
        services.delivery_send(delivery_id=delivery_id)

    # Everyone who wrote in that thread follows it; the post's author hears as its author; never Tom.
    thread_writers = set(
        Comment.objects.filter(tree_id=parent.tree_id).values_list("commenter__user__email", flat=True)
    )
    expected = (thread_writers | {parent.post.author.email}) - {users["tom"].email}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(expected)
    by_person = {m.to[0]: m for m in mailoutbox}
    assert by_person[users["priya"].email].subject.startswith("Tom B. replied to you")
    assert by_person[parent.post.author.email].subject.startswith("New comment from Tom B. on your post")


def test_loading_the_demo_checks_its_history_quietly():
    from moderation.models import AuthorNotice, ReviewItem, ScanRecord

    demo_load()
    demo_comments = Comment.objects.filter(commenter__user__email__endswith="@demo.example")
    assert not demo_comments.exclude(pk__in=ScanRecord.objects.filter(backlog=True).values("comment_id")).exists(), (
        "every demo comment is checked as history"
    )
    assert ReviewItem.objects.filter(comment__in=demo_comments).exists(), "the queue shows what needs care"
    assert not AuthorNotice.objects.exists(), "no author is told about history (no notice, so no e-mail)"
