"""Item 2: the safe-messaging guidance on a reply to someone who is struggling, naming no label."""

import pytest
from django.test import Client

from comments.models import Comment
from tests.factories import PostFactory, UserFactory, make_comment
from tests.readers.support import flag, logged_in

pytestmark = pytest.mark.django_db
GUIDANCE = "data-reply-guidance"


def _reply_page(client, comment) -> str:
    response = client.get(f"/c/{comment.pk}/reply/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("category", ["distress", "crisis"])
def test_the_reply_form_to_a_struggling_comment_shows_the_guidance(category):
    comment = make_comment(post=PostFactory(), body="I can't stop crying and nothing works.")
    flag(comment, category=category)
    html = _reply_page(logged_in(UserFactory()), comment)
    assert GUIDANCE in html
    assert "Listen rather than fix" in html and "keep a secret" in html and "Look after yourself" in html
    assert 'href="tel:988"' in html  # the site's crisis lines (core.crisis_resources)
    # The same words for both categories; no care label anywhere on the page.
    assert "distress" not in html.lower() and "flag" not in html.lower()
    assert html.index(GUIDANCE) < html.index('id="reply-body"')


def test_no_guidance_for_an_ordinary_comment_a_dismissed_flag_or_an_older_revision():
    post = PostFactory()
    plain = make_comment(post=post)
    dismissed = make_comment(post=post)
    flag(dismissed).__class__.objects.filter(comment=dismissed).update(dismissed=True)
    edited = make_comment(post=post)
    flag(edited)
    Comment.objects.filter(pk=edited.pk).update(revision=2)  # the flag was on a revision nobody sees any more
    client = logged_in(UserFactory())
    for comment in (plain, dismissed, edited):
        assert GUIDANCE not in _reply_page(client, comment)


def test_no_guidance_on_ones_own_comment_for_anonymous_or_when_it_is_not_visible():
    writer = UserFactory()
    comment = make_comment(post=PostFactory(), user=writer)
    flag(comment)
    assert GUIDANCE not in _reply_page(logged_in(writer), comment)
    assert GUIDANCE not in _reply_page(Client(), comment)
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.HELD)
    assert Client().get(f"/readers/c/{comment.pk}/guidance/").status_code == 302  # log in first


def test_the_post_page_never_carries_it_and_the_inline_form_asks_for_it():
    post = PostFactory()
    comment = make_comment(post=post)
    flag(comment)
    reader = logged_in(UserFactory())
    page = reader.get(post.get_absolute_url()).content.decode()
    assert GUIDANCE not in page and "js/readers.js" in page
    answer = reader.get(f"/readers/c/{comment.pk}/guidance/")
    assert answer.status_code == 200 and answer["Cache-Control"] == "no-store"
    assert GUIDANCE in answer.json()["html"]
    calm = make_comment(post=post)
    assert reader.get(f"/readers/c/{calm.pk}/guidance/").json() == {"html": ""}


def test_a_compose_page_after_a_refusal_keeps_the_guidance(settings):
    settings.COMMENT_RATE_LIMIT = "0/m"
    post = PostFactory()
    comment = make_comment(post=post)
    flag(comment)
    response = logged_in(UserFactory()).post(
        f"/p/{post.slug}/comment/", {"body": "I'm here with you.", "parent": str(comment.pk)}
    )
    assert response.status_code == 429
    assert GUIDANCE in response.content.decode()
