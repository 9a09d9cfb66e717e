"""Appeals: an author may appeal a removal once, from their notices; the appeal lands in the queue."""

import threading

import pytest
from django.db import connection

from comments.models import Comment
from moderation.models import Appeal, AuthorNotice, NoticeKind, ReviewItem
from moderation.services import appeals, notices
from tests.factories import PostFactory, UserFactory, make_comment

pytestmark = pytest.mark.django_db


def removed_comment_with_notice(*, author=None):
    """A comment a moderator removed, and the notice the author got (as the queue's remove action does)."""
    author = author or UserFactory()
    comment = make_comment(post=PostFactory(), user=author, body="What I wrote that night.")
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.REMOVED)
    comment.refresh_from_db()
    notice = notices.author_notice_create(
        user=author,
        comment=comment,
        kind=NoticeKind.REMOVED,
        message="We removed it because it included a phone number.",
        send_email=False,
    )
    return author, comment, notice


def appeal_url(notice):
    return f"/notices/{notice.pk}/appeal/"


def test_a_removal_notice_offers_an_appeal_form(client):
    author, comment, notice = removed_comment_with_notice()
    client.force_login(author)
    html = client.get("/notices/").content.decode()
    assert f'action="{appeal_url(notice)}"' in html
    assert "Ask for another look" in html
    assert "csrfmiddlewaretoken" in html


def test_an_appeal_opens_a_review_item_with_reason_appeal(client):
    author, comment, notice = removed_comment_with_notice()
    client.force_login(author)
    response = client.post(appeal_url(notice), {"text": "It was my own number, shared by mistake. Please restore it."})
    assert response.status_code == 302 and response["Location"] == "/notices/"
    appeal = Appeal.objects.get(comment=comment)
    assert appeal.user == author and "my own number" in appeal.text
    item = ReviewItem.objects.get(comment=comment, status="open")
    assert item.reasons == ["appeal"]
    html = client.get("/notices/").content.decode()
    assert "You appealed on" in html and f'action="{appeal_url(notice)}"' not in html


def test_a_second_appeal_gets_a_clear_message(client):
    author, comment, notice = removed_comment_with_notice()
    client.force_login(author)
    client.post(appeal_url(notice), {"text": "Please look again."})
    again = client.post(appeal_url(notice), {"text": "Please, once more."})
    assert again.status_code == 409
    assert "already appealed" in again.content.decode()
    assert Appeal.objects.count() == 1
    assert ReviewItem.objects.filter(comment=comment).count() == 1
    with pytest.raises(appeals.AlreadyAppealed):
        appeals.appeal_create(user=author, comment=comment, text="and again")


def test_an_appeal_after_the_item_was_resolved_opens_a_new_item():
    from moderation.services.items import review_item_open

    author, comment, _notice = removed_comment_with_notice()
    old = review_item_open(post=comment.post, comment=comment, reason="reported")
    ReviewItem.objects.filter(pk=old.pk).update(status="resolved", resolution="removed")
    appeals.appeal_create(user=author, comment=comment, text="Please look again.")
    new = ReviewItem.objects.get(comment=comment, status="open")
    assert new.pk != old.pk and new.reasons == ["appeal"]


def test_only_the_author_may_appeal(client):
    author, comment, notice = removed_comment_with_notice()
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(appeal_url(notice)).status_code == 404  # someone else's notice
    assert client.post(appeal_url(notice), {"text": "let it back"}).status_code == 404
    with pytest.raises(appeals.AppealRefused) as refused:
        appeals.appeal_create(user=stranger, comment=comment, text="let it back")
    assert refused.value.status == 403
    assert not Appeal.objects.exists()


def test_anonymous_appeals_are_refused(client):
    _author, _comment, notice = removed_comment_with_notice()
    assert client.get(appeal_url(notice)).status_code == 302
    assert client.post(appeal_url(notice), {"text": "hi"}).status_code == 403
    assert not Appeal.objects.exists()


def test_only_removals_can_be_appealed(client):
    author = UserFactory()
    comment = make_comment(post=PostFactory(), user=author)
    held = notices.author_notice_create(user=author, comment=comment, kind="held", message="waiting", send_email=False)
    client.force_login(author)
    assert client.post(appeal_url(held), {"text": "why"}).status_code == 404
    # A removal notice whose comment came back since: nothing to appeal.
    removed = notices.author_notice_create(
        user=author, comment=comment, kind="removed", message="removed", send_email=False
    )
    response = client.post(appeal_url(removed), {"text": "why"})
    assert response.status_code == 409
    assert not Appeal.objects.exists()


def test_an_empty_appeal_is_a_400_and_records_nothing(client):
    author, _comment, notice = removed_comment_with_notice()
    client.force_login(author)
    response = client.post(appeal_url(notice), {"text": "   "})
    assert response.status_code == 400
    assert response.context["form"].errors["text"]
    response = client.post(appeal_url(notice), {"text": "x" * 2001})
    assert response.status_code == 400
    assert not Appeal.objects.exists() and not ReviewItem.objects.exists()


def test_the_appeal_page_also_works_on_its_own(client):
    author, _comment, notice = removed_comment_with_notice()
    client.force_login(author)
    page = client.get(appeal_url(notice))
    assert page.status_code == 200
    assert "included a phone number" in page.content.decode()


def test_a_suspended_author_may_still_appeal(client):
    from datetime import timedelta

    from django.utils import timezone

    author, comment, notice = removed_comment_with_notice()
    author.suspended_until = timezone.now() + timedelta(days=3)
    author.save()
    client.force_login(author)
    assert client.post(appeal_url(notice), {"text": "I was upset; please look again."}).status_code == 302
    assert Appeal.objects.filter(comment=comment).exists()


@pytest.mark.django_db(transaction=True)
def test_two_appeals_at_once_end_with_one(postgres):
    author, comment, _notice = removed_comment_with_notice()
    barrier = threading.Barrier(2)
    results: list = []

    def appeal():
        try:
            barrier.wait()
            results.append(appeals.appeal_create(user=author, comment=comment, text="please"))
        except BaseException as error:  # looked at below
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=appeal) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sum(isinstance(r, Appeal) for r in results) == 1
    assert sum(isinstance(r, appeals.AlreadyAppealed) for r in results) == 1
    assert Appeal.objects.count() == 1
    assert ReviewItem.objects.filter(comment=comment, status="open").count() == 1
    assert AuthorNotice.objects.count() == 1
