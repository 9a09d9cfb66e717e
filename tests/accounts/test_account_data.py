"""Issue 15 item 8: change your e-mail address (confirmed from the new one, the old one told) and download
everything you wrote."""

import json
import re

import pytest

from accounts.models import User
from notifications.models import WriterMute
from readers.models import SupportSignal
from tests.factories import PostFactory, UserFactory, make_comment

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


def _link(body: str) -> str:
    return re.search(r"https?://\S+/accounts/email/confirm/\S+/", body).group(0).split("://", 1)[1].split("/", 1)[1]


@pytest.fixture
def user(client):
    user = UserFactory(email="old@example.org")
    client.force_login(user)
    return user


def test_the_new_address_takes_effect_only_once_confirmed_and_the_old_one_is_told(
    client, user, email_queue, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/email/", {"email": "new@example.org", "password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.email, user.pending_email) == ("old@example.org", "new@example.org")
    assert "Waiting for you to confirm" in client.get("/accounts/").content.decode()

    email_queue.deliver()
    [confirm] = mailoutbox
    assert confirm.to == ["new@example.org"]
    assert "new@example.org" not in _link(confirm.body)  # digests in the link, never the addresses

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/" + _link(confirm.body))
    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.email, user.pending_email) == ("new@example.org", "")
    assert user.email_verified_at is not None
    email_queue.deliver()
    told = mailoutbox[-1]
    assert told.to == ["old@example.org"] and "n…@example.org" in told.body and "new@example.org" not in told.body

    # A used link fails kindly.
    assert client.get("/" + _link(confirm.body)).status_code == 400


def test_a_wrong_password_the_same_address_or_a_stale_link_changes_nothing(
    client, user, email_queue, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.ACCOUNTS_EMAIL_CHANGE_RATE_LIMIT = "10/h"
    assert client.post("/accounts/email/", {"email": "new@example.org", "password": "wrong"}).status_code == 400
    assert client.post("/accounts/email/", {"email": "OLD@example.org", "password": PASSWORD}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/email/", {"email": "first@example.org", "password": PASSWORD})
        client.post("/accounts/email/", {"email": "second@example.org", "password": PASSWORD})
    email_queue.deliver()
    first, second = mailoutbox
    assert client.get("/" + _link(first.body)).status_code == 400  # replaced by the second request
    user.refresh_from_db()
    assert user.email == "old@example.org"
    assert client.get("/" + _link(second.body)).status_code == 200
    user.refresh_from_db()
    assert user.email == "second@example.org"


def test_an_address_another_account_took_meanwhile_is_refused(
    client, user, email_queue, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/email/", {"email": "wanted@example.org", "password": PASSWORD})
    email_queue.deliver()
    UserFactory(email="Wanted@example.org")
    response = client.get("/" + _link(mailoutbox[0].body))
    assert response.status_code == 400 and "Another account uses this address" in response.content.decode()
    assert User.objects.get(pk=user.pk).email == "old@example.org"


def test_changing_the_address_is_rate_limited(client, user, settings, email_queue):
    settings.ACCOUNTS_EMAIL_CHANGE_RATE_LIMIT = "2/h"
    codes = [
        client.post("/accounts/email/", {"email": f"n{n}@example.org", "password": PASSWORD}).status_code
        for n in range(3)
    ]
    assert codes == [302, 302, 429]


def test_the_download_holds_posts_comments_and_preferences_and_nothing_of_others(client, user):
    post = PostFactory(author=user, title="My own post")
    other_post = PostFactory(title="Someone's post")
    mine = make_comment(post=other_post, user=user, body="My words on their post.")
    make_comment(post=other_post, parent=mine, body="Someone else's reply.")
    WriterMute.objects.create(user=user, writer=UserFactory(display_name="Loud one", email="loud@example.org"))
    SupportSignal.objects.create(user=user, kind="support", post=other_post)
    assert client.get("/accounts/export/").status_code == 200
    response = client.post("/accounts/export/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="kindred-export.json"'
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["account"]["email"] == "old@example.org"
    assert [p["title"] for p in data["posts"]] == [post.title]
    assert [c["body"] for c in data["comments"]] == ["My words on their post."]
    assert data["comments"][0]["post_title"] == "Someone's post"
    assert data["email_preferences"] is None or "replies" in data["email_preferences"]
    assert data["follows_and_mutes"]  # commenting followed the thread
    assert data["muted_writers"][0]["display_name"] == "Loud one"
    assert data["support_sent"][0]["kind"] == "support"
    text = response.content.decode()
    assert "Someone else's reply." not in text and "loud@example.org" not in text


def test_the_download_needs_a_signed_in_post(client):
    assert client.post("/accounts/export/").status_code == 302
    assert client.get("/accounts/export/").status_code == 302
