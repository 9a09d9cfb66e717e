"""Suspended and banned readers can sign in and read, but not comment or report; a banned address can't sign up."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.forms import EMAIL_REFUSED_MESSAGE
from accounts.models import BannedEmail, User
from comments.models import Comment
from moderation.models import Report
from tests.factories import PostFactory, UserFactory, make_comment

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(clear_cache):
    pass


def sanctioned(kind: str) -> User:
    if kind == "suspended":
        return UserFactory(suspended_until=timezone.now() + timedelta(days=3))
    return UserFactory(banned_at=timezone.now())


@pytest.mark.parametrize("kind", ["suspended", "banned"])
def test_a_sanctioned_reader_signs_in_and_reads(client, kind):
    user = sanctioned(kind)
    post = PostFactory()
    make_comment(post=post, body="A kind word for everyone.")
    response = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    page = client.get(post.get_absolute_url())
    assert page.status_code == 200
    assert "A kind word for everyone." in page.content.decode()


@pytest.mark.parametrize("kind", ["suspended", "banned"])
def test_the_post_page_tells_them_why_there_is_no_form(client, kind):
    user = sanctioned(kind)
    post = PostFactory()
    client.force_login(user)
    page = client.get(post.get_absolute_url())
    html = page.content.decode()
    assert page.context["form"] is None
    assert 'action="/p/' + post.slug + '/comment/"' not in html
    expected = "can no longer write comments" if kind == "banned" else "paused until"
    assert expected in html
    assert 'href="/notices/"' in html
    assert "confirm your e-mail" not in html  # not the message meant for unverified readers


@pytest.mark.parametrize("kind", ["suspended", "banned"])
def test_a_sanctioned_reader_cannot_comment_or_report(client, kind):
    user = sanctioned(kind)
    post = PostFactory()
    other = make_comment(post=post, body="Someone else's words.")
    client.force_login(user)
    response = client.post(f"/p/{post.slug}/comment/", {"body": "Let me in."})
    assert response.status_code == 403
    assert client.post(f"/c/{other.pk}/report/", {"reason": "spam"}).status_code == 403
    assert client.post(f"/p/{post.slug}/report/", {"reason": "spam"}).status_code == 403
    assert not Comment.objects.filter(body="Let me in.").exists()
    assert not Report.objects.exists()


def test_an_ended_suspension_lifts_every_limit(client):
    user = UserFactory(suspended_until=timezone.now() - timedelta(seconds=1))
    post = PostFactory()
    client.force_login(user)
    assert client.get(post.get_absolute_url()).context["form"] is not None
    assert client.post(f"/p/{post.slug}/comment/", {"body": "Back again."}).status_code == 302


@pytest.mark.parametrize("typed", ["gone@example.org", "Gone@Example.ORG", "GONE@example.org"])
def test_a_banned_address_cannot_sign_up_again(client, typed):
    BannedEmail.objects.create(email="Gone@example.org")  # stored lower-case
    response = client.post(
        "/accounts/signup/", {"display_name": "New me", "email": typed, "password": "a quiet walk by the sea"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["email"] == [EMAIL_REFUSED_MESSAGE]
    assert not User.objects.filter(email__iexact=typed).exists()


def test_the_refusal_does_not_say_why():
    lowered = EMAIL_REFUSED_MESSAGE.lower()
    assert "ban" not in lowered and "suspend" not in lowered and "already" not in lowered


def test_other_addresses_still_sign_up(client):
    BannedEmail.objects.create(email="gone@example.org")
    response = client.post(
        "/accounts/signup/",
        {"display_name": "Fresh start", "email": "gone2@example.org", "password": "a quiet walk by the sea"},
    )
    assert response.status_code == 302
    assert User.objects.filter(email="gone2@example.org").exists()
