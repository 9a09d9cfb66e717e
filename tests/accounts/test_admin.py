"""The User admin: lists and searches, never shows a password hash, creates and deletes through the rules."""

import pytest
from django.urls import reverse

from accounts.models import User
from comments.models import Commenter
from tests.factories import PostFactory, UserFactory, make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    admin_user = User.objects.create_superuser(email="admin@example.org", password="x", display_name="Admin")
    client.force_login(admin_user)
    return client


def test_changelist_lists_searches_and_filters(staff_client):
    UserFactory(email="sam@example.org", display_name="Sam")
    UserFactory(email="jo@example.org", display_name="Jo", email_verified_at=None)
    url = reverse("admin:accounts_user_changelist")

    html = staff_client.get(url).content.decode()
    assert "sam@example.org" in html and "jo@example.org" in html

    html = staff_client.get(url, {"q": "SAM"}).content.decode()
    assert "sam@example.org" in html and "jo@example.org" not in html

    response = staff_client.get(url, {"verified": "no"})
    assert [u.email for u in response.context["cl"].result_list] == ["jo@example.org"]


def test_change_page_never_shows_the_password_hash(staff_client):
    user = UserFactory()
    html = staff_client.get(reverse("admin:accounts_user_change", args=[user.pk])).content.decode()
    assert user.password not in html
    algorithm, *_rest = user.password.split("$")
    assert f"{algorithm}$" not in html
    assert "salt" not in html.lower()
    assert reverse("admin:auth_user_password_change", args=[user.pk]) in html


def test_add_user_with_email_and_password(staff_client):
    html = staff_client.get(reverse("admin:accounts_user_add")).content.decode()
    assert 'name="email"' in html and 'name="password1"' in html
    response = staff_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new@example.org",
            "display_name": "New reader",
            "password1": "quiet river morning 42",
            "password2": "quiet river morning 42",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(email="new@example.org")
    assert user.check_password("quiet river morning 42")
    assert not user.is_staff


def test_add_user_refuses_an_address_taken_in_another_case(staff_client):
    UserFactory(email="sam@example.org")
    response = staff_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "SAM@example.org",
            "display_name": "Sam again",
            "password1": "quiet river morning 42",
            "password2": "quiet river morning 42",
        },
    )
    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    assert User.objects.filter(email__iexact="sam@example.org").count() == 1


def test_changing_the_address_in_admin_unconfirms_it_and_updates_the_comment_author(staff_client):
    user = UserFactory(email="old@example.org", display_name="Sam")
    make_comment(post=PostFactory(), user=user)
    response = staff_client.post(
        reverse("admin:accounts_user_change", args=[user.pk]),
        {
            "email": "new@example.org",
            "display_name": "Sam",
            "email_verified_at_0": user.email_verified_at.strftime("%Y-%m-%d"),
            "email_verified_at_1": user.email_verified_at.strftime("%H:%M:%S"),
            "is_active": "on",
            "last_login_0": "",
            "last_login_1": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert user.email == "new@example.org"
    assert user.email_verified_at is None
    assert Commenter.objects.get(user=user).email == "new@example.org"


def test_deleting_in_admin_anonymizes_the_comment_author(staff_client):
    user = UserFactory(display_name="Sam")
    comment = make_comment(post=PostFactory(), user=user, body="Still here.")
    commenter_id = comment.commenter_id
    response = staff_client.post(reverse("admin:accounts_user_delete", args=[user.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    commenter = Commenter.objects.get(pk=commenter_id)
    assert (commenter.display_name, commenter.email, commenter.user) == ("Former member", "", None)
    comment.refresh_from_db()
    assert comment.body == "Still here."
