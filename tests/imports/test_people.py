"""Imported commenters: taken over by the user who verifies their address, never e-mailed about history."""

from pathlib import Path

import pytest
from django.urls import reverse

from accounts import services as account_services
from comments import services as comment_services
from comments.models import Comment, Commenter
from moderation.models import ReviewItem
from moderation.services import decisions
from tests.factories import UserFactory
from tests.moderation.queue_support import moderator_group

from .test_wordpress import run

DATA = Path(__file__).parent / "data"
SOURCE = "wordpress:quietharbour.example"


@pytest.fixture
def imported(db):
    UserFactory(email="jo@quietharbour.example", display_name="Jo")
    UserFactory(email="sam@kindred.example")
    code, output = run("import_wordpress", str(DATA / "blog-wxr12.xml"), "--author", "sam=sam@kindred.example")
    assert code == 1, output


def priya_comments():
    return Comment.objects.filter(source=SOURCE, source_id__in=["201", "205"])


def test_verifying_the_address_takes_over_imported_comments(imported, client):
    # Signing up with the address proves nothing yet: the comments stay with the account-less record.
    user = account_services.user_signup(email="PRIYA.K@example.net", display_name="Priya K", password="pw-123456789")
    assert all(c.commenter.user is None for c in priya_comments())

    response = client.get(
        reverse("accounts:verify_email", kwargs={"token": account_services.email_verification_token(user=user)})
    )
    assert response.status_code == 200  # the "address confirmed" page
    own = Commenter.objects.get(user=user)
    assert {c.commenter_id for c in priya_comments()} == {own.pk}
    assert not Commenter.objects.filter(user__isnull=True, email__iexact="priya.k@example.net").exists()
    # Other people's comments are untouched.
    assert Comment.objects.get(source=SOURCE, source_id="204").commenter.user is None
    # Safe to run again.
    assert comment_services.commenters_take_over(user=user) == 0


def test_unverified_user_takes_nothing_and_password_reset_counts_as_proof(imported):
    user = UserFactory(email="lena@example.org", email_verified_at=None)
    assert comment_services.commenters_take_over(user=user) == 0
    lena = Comment.objects.get(source=SOURCE, source_id="208")
    assert lena.commenter.user is None
    account_services.user_mark_email_verified(user=user)
    lena.refresh_from_db()
    assert lena.commenter.user == user


def test_import_attaches_comments_to_a_user_who_already_verified_the_address(db):
    tomasz = UserFactory(email="TOMASZ@example.org")  # verified (factory default)
    UserFactory(email="jo@quietharbour.example")
    UserFactory(email="sam@kindred.example")
    run("import_wordpress", str(DATA / "blog-wxr12.xml"), "--author", "sam=sam@kindred.example")
    assert Comment.objects.get(source=SOURCE, source_id="204").commenter.user == tomasz


def test_approving_an_imported_comment_emails_nobody(
    imported, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    import notifications.services as notification_services
    from notifications.models import Delivery

    enqueued = []
    real_enqueue = notification_services.comment_notifications_enqueue
    monkeypatch.setattr(
        notification_services,
        "comment_notifications_enqueue",
        lambda *, comment_id: enqueued.append(comment_id) or real_enqueue(comment_id=comment_id),
    )
    moderator = UserFactory(email="mod@example.org")
    moderator.groups.add(moderator_group("moderators"))
    # The held comment's writer has an account here by now.
    reader = UserFactory(email="reader@example.com")
    comment_services.commenters_take_over(user=reader)
    held = Comment.objects.get(source=SOURCE, source_id="203")
    assert held.commenter.user == reader
    item = ReviewItem.objects.get(comment=held, status="open")

    with django_capture_on_commit_callbacks(execute=True):
        decisions.item_approve(item_id=item.pk, moderator=moderator)
    held.refresh_from_db()
    assert held.status == "visible" and held.published_at is not None
    assert mailoutbox == []
    assert not reader.author_notices.exists()
    # No reply notifications are even planned: not on approval, and not if planning were asked for anyway.
    assert enqueued == []
    assert notification_services.comment_notifications_plan(comment_id=held.pk) == []
    assert not Delivery.objects.filter(comment=held).exists()
