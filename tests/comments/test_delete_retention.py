"""A deleted comment's text is kept only while a review item needs it."""

import pytest

from comments import services
from comments.models import Comment
from moderation.services import decisions
from moderation.services.items import review_item_open
from tests.factories import PostFactory, UserFactory, make_comment
from tests.moderation.queue_support import make_moderator

pytestmark = pytest.mark.django_db


def test_deleting_without_an_open_item_wipes_the_text_at_once():
    user = UserFactory()
    comment = make_comment(post=PostFactory(), user=user, body="gone now")
    services.comment_delete(comment=comment, user=user)
    comment.refresh_from_db()
    assert (comment.status, comment.body) == (Comment.Status.DELETED, "")


def test_the_text_waits_for_the_review_item_and_goes_when_it_is_resolved():
    user = UserFactory()
    comment = make_comment(post=PostFactory(), user=user, body="reported words")
    item = review_item_open(post=comment.post, comment=comment, reason="reported")
    services.comment_delete(comment=comment, user=user)
    comment.refresh_from_db()
    assert (comment.status, comment.body) == (Comment.Status.DELETED, "reported words")

    decisions.item_keep(item_id=item.pk, moderator=make_moderator())
    comment.refresh_from_db()
    assert comment.body == ""
