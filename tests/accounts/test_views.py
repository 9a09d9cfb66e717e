"""Account pages end to end through the test client: sign-up, verification, log in/out, reset, deletion."""

import re
import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import signing
from django.test import Client
from django.urls import reverse
from kombu.exceptions import OperationalError

from accounts import services
from accounts.models import User
from comments.integrity import check_trees
from comments.models import Comment, Commenter
from core.tasks import email_send_task
from tests.factories import PostFactory, UserFactory, make_comment

pytestmark = pytest.mark.django_db

STRONG = "quiet river morning 42"
SIGNUP = reverse("accounts:signup")
LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")
ACCOUNT = reverse("accounts:account")
RESET = reverse("accounts:password_reset")


def logged_in_user_id(client):
    value = client.session.get(SESSION_KEY)
    return int(value) if value is not None else None


def link_in(text: str, prefix: str) -> str:
    match = re.search(re.escape(prefix) + r"\S+", text)
    assert match, f"no link starting with {prefix} in:\n{text}"
    return match.group(0)


def field_error_is_described(html: str, field: str) -> bool:
    """The input carries aria-invalid and points at its error list by id."""
    tag = re.search(rf'<input[^>]*name="{field}"[^>]*>', html).group(0)
    return 'aria-invalid="true"' in tag and f"id_{field}_error" in tag and f'id="id_{field}_error"' in html


# --- Sign-up ------------------------------------------------------------------------------------------------


def test_signup_page_links_the_guidelines_and_labels_its_fields(client):
    response = client.get(SIGNUP)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{reverse("guidelines")}"' in html
    for field, autocomplete in [
        ("display_name", "nickname"),
        ("email", "email"),
        ("password", "new-password"),
    ]:
        assert f'<label for="id_{field}"' in html
        assert re.search(rf'<input[^>]*name="{field}"[^>]*autocomplete="{autocomplete}"', html) or re.search(
            rf'<input[^>]*autocomplete="{autocomplete}"[^>]*name="{field}"', html
        )
    assert "csrfmiddlewaretoken" in html


SENT = reverse("accounts:signup_sent")


def test_signup_logs_in_only_once_the_link_is_opened_in_the_same_browser(
    client, email_queue, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://kindred.example"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP, {"display_name": " Sam ", "email": "Sam@Example.ORG", "password": STRONG})
    assert response.status_code == 302
    assert response["Location"] == SENT
    user = User.objects.get()
    assert (user.display_name, user.email) == ("Sam", "Sam@example.org")
    assert user.check_password(STRONG)
    assert user.email_verified_at is None
    assert logged_in_user_id(client) is None
    page = client.get(SENT)
    assert page.status_code == 200
    assert "Check your e-mail" in page.content.decode()

    # Queued for the worker, not sent during the request.
    assert mailoutbox == []
    assert email_queue.deliver() == 1
    [message] = mailoutbox
    assert message.to == ["Sam@example.org"]
    assert "confirm" in message.subject.lower()
    url = link_in(message.body, "https://kindred.example/accounts/verify/")
    assert url in message.alternatives[0][0]

    response = client.get(url.removeprefix("https://kindred.example"))
    assert response.status_code == 302
    assert response["Location"] == reverse("comments:post_list")
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert logged_in_user_id(client) == user.pk

    # The same link again (or in another browser) confirms nothing new and logs nobody in.
    client.logout()
    response = client.get(url.removeprefix("https://kindred.example"))
    assert response.status_code == 200
    assert logged_in_user_id(client) is None


def test_the_link_opened_in_another_browser_confirms_but_does_not_log_in(
    client, email_queue, mailoutbox, django_capture_on_commit_callbacks, settings
):
    """A link scanner, or someone else the mail reached, gets no session for the account."""
    settings.SITE_URL = "https://kindred.example"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP, {"display_name": "Sam", "email": "sam@example.org", "password": STRONG})
    email_queue.deliver()
    url = link_in(mailoutbox[0].body, "https://kindred.example/accounts/verify/")
    scanner = Client()
    response = scanner.get(url.removeprefix("https://kindred.example"))
    assert response.status_code == 200
    assert logged_in_user_id(scanner) is None
    assert User.objects.get().email_verified
    assert 'href="/accounts/login/"' in response.content.decode()
    # The browser that signed up now meets an address already confirmed: it logs in with its password.
    assert client.get(url.removeprefix("https://kindred.example")).status_code == 200
    assert logged_in_user_id(client) is None
    assert client.post(LOGIN, {"username": "sam@example.org", "password": STRONG}).status_code == 302


def test_signup_returns_to_a_safe_next_page_only(client, email_queue, mailoutbox, django_capture_on_commit_callbacks):
    for email, next_page, expected in [
        ("sam@example.org", "/p/a-post/", "/p/a-post/"),
        ("jo@example.org", "https://evil.example/", reverse("comments:post_list")),
    ]:
        browser = Client()
        with django_capture_on_commit_callbacks(execute=True):
            response = browser.post(
                SIGNUP, {"display_name": "Sam", "email": email, "password": STRONG, "next": next_page}
            )
        assert response["Location"] == SENT
        mailoutbox.clear()
        email_queue.deliver()
        url = link_in(mailoutbox[0].body, "/accounts/verify/")
        assert browser.get(url[url.index("/accounts/verify/") :])["Location"] == expected


def test_an_unconfirmed_account_answers_its_right_password_like_a_wrong_one_and_gets_its_link_again(
    client, email_queue, mailoutbox, django_capture_on_commit_callbacks, settings
):
    """Issue 12: otherwise a stranger could sign up with an address, try the password they chose, and learn from the
    answer whether the address already had an account."""
    settings.ACCOUNTS_VERIFY_RESEND_RATE_LIMIT = "2/h"
    existing = UserFactory(email="taken@example.org")
    existing.set_password("the owner's own secret 9")
    existing.save()
    for address in ["taken@example.org", "fresh@example.org"]:
        Client().post(SIGNUP, {"display_name": "Sam", "email": address, "password": STRONG})
    answers = {}
    for address in ["taken@example.org", "fresh@example.org"]:
        with django_capture_on_commit_callbacks(execute=True):
            response = Client().post(LOGIN, {"username": address, "password": STRONG})
        answers[address] = (
            response.status_code,
            without_per_response_tokens(response.content.decode()).replace(address, "X"),
        )
    assert answers["taken@example.org"] == answers["fresh@example.org"]
    assert answers["fresh@example.org"][0] == 200
    assert "open the link we e-mailed you first" in answers["fresh@example.org"][1]
    # Only the unconfirmed account's owner is sent the link again; at most the resend limit allows.
    assert [call[0][1] for call in email_queue.calls if call[0][0] == "accounts/email/verify_email"] == [
        "fresh@example.org"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            Client().post(LOGIN, {"username": "fresh@example.org", "password": STRONG})
    assert len([call for call in email_queue.calls if call[0][0] == "accounts/email/verify_email"]) == 2


def test_staff_made_by_operators_log_in_without_a_confirmed_address(client):
    staff = UserFactory(email="op@example.org", email_verified_at=None, is_staff=True)
    staff.set_password(STRONG)
    staff.save()
    assert client.post(LOGIN, {"username": "op@example.org", "password": STRONG}).status_code == 302


def _signup_answer(client, email: str) -> tuple[int, str, list[str], str, set[str]]:
    response = client.post(SIGNUP, {"display_name": "Sam", "email": email, "password": STRONG})
    page = client.get(response["Location"])
    shown = [str(message) for message in page.context["messages"]]
    return response.status_code, response["Location"], shown, page.content.decode(), set(response.cookies)


def test_signup_with_a_taken_address_answers_as_a_new_signup_and_emails_the_owner(
    client, email_queue, mailoutbox, django_capture_on_commit_callbacks, settings
):
    """Issue 12: sign-up does not reveal which addresses have accounts; the owner hears of the attempt instead."""
    settings.SITE_URL = "https://kindred.example"
    owner = UserFactory(email="sam@example.org", display_name="Sam Owner")
    with django_capture_on_commit_callbacks(execute=True):
        taken = _signup_answer(client, "SAM@example.org")
    assert logged_in_user_id(client) is None
    assert User.objects.count() == 1
    assert email_queue.deliver() == 1
    [message] = mailoutbox
    assert message.to == [owner.email]
    assert "tried to create" in message.subject
    assert "https://kindred.example/accounts/password/reset/" in message.body
    assert "https://kindred.example/accounts/login/" in message.alternatives[0][0]

    # A brand-new address gets the same status, next page, words and cookies, and nobody is logged in either.
    fresh_client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        fresh = _signup_answer(fresh_client, "SAM@example.net")
    assert logged_in_user_id(fresh_client) is None
    assert taken[:3] == fresh[:3]
    assert taken[:2] == (302, SENT)
    assert without_per_response_tokens(taken[3]) == without_per_response_tokens(fresh[3])
    assert taken[4] == fresh[4]


def without_per_response_tokens(html: str) -> str:
    """Pages carry a per-response CSRF token and script nonce; compare the rest."""
    return re.sub(r'(value|nonce)="[A-Za-z0-9+/=_-]{20,}"', r'\1=""', html)


def test_signup_race_on_the_same_address_is_the_same_answer_not_a_500(
    client, email_queue, monkeypatch, django_capture_on_commit_callbacks
):
    """Two sign-ups for one address: the insert's unique constraint decides; the second owner-mail, no 500."""
    UserFactory(email="sam@example.org")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(SIGNUP, {"display_name": "Sam", "email": "Sam@example.org", "password": STRONG})
    assert len(callbacks) == 1
    assert response.status_code == 302
    assert User.objects.count() == 1
    assert [call[0][0] for call in email_queue.calls] == ["accounts/email/signup_existing"]


@pytest.mark.parametrize(
    "display_name, message",
    [
        ("Sam\u202eevil", "text-direction"),
        ("Sam\u2066", "text-direction"),
        ("Sam\x07", "control characters"),
        ("Sam\nJo", "control characters"),
        ("   ", "required"),
        ("x" * 61, "at most 60"),
    ],
)
def test_signup_refuses_a_bad_display_name(client, email_queue, display_name, message):
    response = client.post(SIGNUP, {"display_name": display_name, "email": "sam@example.org", "password": STRONG})
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["display_name"])
    assert field_error_is_described(response.content.decode(), "display_name")
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "password, message",
    [
        ("short1", "too short"),
        ("password123", "too common"),
        ("4815162342", "entirely numeric"),
        ("sam.walker.writes@example.org", "too similar"),
    ],
)
def test_signup_refuses_a_weak_password(client, email_queue, password, message):
    response = client.post(
        SIGNUP, {"display_name": "Sam Walker", "email": "sam.walker.writes@example.org", "password": password}
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["password"])
    assert field_error_is_described(response.content.decode(), "password")
    assert not User.objects.exists()


def test_signup_works_when_the_broker_is_down(client, monkeypatch, django_capture_on_commit_callbacks):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")

    monkeypatch.setattr(email_send_task, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(SIGNUP, {"display_name": "Sam", "email": "sam@example.org", "password": STRONG})
    assert len(callbacks) == 1
    assert response.status_code == 302
    assert User.objects.filter(email="sam@example.org").exists()


def test_signup_needs_csrf(email_queue):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        SIGNUP, {"display_name": "Sam", "email": "sam@example.org", "password": STRONG}
    )
    assert response.status_code == 403
    assert not User.objects.exists()


def test_signed_in_reader_visiting_signup_goes_to_the_account_page(client):
    client.force_login(UserFactory())
    assert client.get(SIGNUP)["Location"] == ACCOUNT


# --- Verification links -------------------------------------------------------------------------------------


def verify_path(token: str) -> str:
    return reverse("accounts:verify_email", kwargs={"token": token})


def test_verification_link_valid(client):
    user = UserFactory(email_verified_at=None)
    response = client.get(verify_path(services.email_verification_token(user=user)))
    assert response.status_code == 200
    assert "confirmed" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified


def test_verification_link_tampered(client):
    user = UserFactory(email_verified_at=None)
    token = services.email_verification_token(user=user)
    response = client.get(verify_path(token[:-2] + ("AA" if token[-2:] != "AA" else "BB")))
    assert response.status_code == 400
    assert "isn't valid" in response.context["reason"]
    user.refresh_from_db()
    assert not user.email_verified


def test_verification_link_expired(client, settings, monkeypatch):
    user = UserFactory(email_verified_at=None)
    issued = time.time() - settings.EMAIL_VERIFICATION_MAX_AGE - 60
    monkeypatch.setattr(signing.time, "time", lambda: issued)
    token = services.email_verification_token(user=user)
    monkeypatch.undo()
    response = client.get(verify_path(token))
    assert response.status_code == 400
    assert "expired" in response.context["reason"]
    user.refresh_from_db()
    assert not user.email_verified


def test_verification_link_after_the_address_changed(client):
    user = UserFactory(email="old@example.org", email_verified_at=None)
    token = services.email_verification_token(user=user)
    User.objects.filter(pk=user.pk).update(email="new@example.org")
    response = client.get(verify_path(token))
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.email_verified


def test_resend_verification(client, email_queue, mailoutbox, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://kindred.example"
    user = UserFactory(email_verified_at=None)
    client.force_login(user)

    page = client.get(ACCOUNT).content.decode()
    assert reverse("accounts:verify_resend") in page
    assert client.get(reverse("accounts:verify_resend")).status_code == 405

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:verify_resend"))
    assert response.status_code == 302
    assert email_queue.deliver() == 1
    url = link_in(mailoutbox[0].body, "https://kindred.example/accounts/verify/")
    client.get(url.removeprefix("https://kindred.example"))
    user.refresh_from_db()
    assert user.email_verified


def test_resend_for_a_verified_address_sends_nothing(client, email_queue, django_capture_on_commit_callbacks):
    client.force_login(UserFactory())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(reverse("accounts:verify_resend"))
    assert callbacks == []
    assert email_queue.calls == []


def test_resend_needs_login(client, email_queue):
    response = client.post(reverse("accounts:verify_resend"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert email_queue.calls == []


# --- Log in and out -----------------------------------------------------------------------------------------


def test_login_with_a_differently_cased_address(client, password):
    user = UserFactory(email="sam@example.org")
    response = client.post(LOGIN, {"username": "SAM@Example.org", "password": password})
    assert response.status_code == 302
    assert logged_in_user_id(client) == user.pk


def test_login_page_fields(client):
    html = client.get(LOGIN).content.decode()
    assert 'autocomplete="email"' in html
    assert 'autocomplete="current-password"' in html
    assert reverse("accounts:password_reset") in html


def test_login_with_a_wrong_password(client):
    UserFactory(email="sam@example.org")
    response = client.post(LOGIN, {"username": "sam@example.org", "password": "not it at all"})
    assert response.status_code == 200
    assert "don't match an account" in response.context["form"].non_field_errors()[0]
    assert logged_in_user_id(client) is None


def test_login_follows_a_safe_next(client, password):
    UserFactory(email="sam@example.org")
    response = client.post(LOGIN + "?next=/p/a-post/", {"username": "sam@example.org", "password": password})
    assert response["Location"] == "/p/a-post/"


def test_logout_requires_post(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(LOGOUT).status_code == 405
    assert logged_in_user_id(client) == user.pk
    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert logged_in_user_id(client) is None


# --- Password reset -----------------------------------------------------------------------------------------


def test_password_reset_end_to_end(client, email_queue, mailoutbox, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://kindred.example"
    user = UserFactory(email="sam@example.org", email_verified_at=None)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RESET, {"email": "Sam@EXAMPLE.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mailoutbox == []
    [(args, _kwargs)] = email_queue.calls
    assert args[0] == "accounts/email/password_reset"  # through the project's one e-mail function
    email_queue.deliver()

    [message] = mailoutbox
    assert message.to == ["sam@example.org"]
    assert message.subject == f"Reset your password on {settings.SITE_NAME}"
    assert message.alternatives[0][1] == "text/html"
    url = link_in(message.body, "https://kindred.example/accounts/password/reset/")
    assert url in message.alternatives[0][0]

    # Django swaps the token into the session and redirects to the set-password form.
    response = client.get(url.removeprefix("https://kindred.example"), follow=True)
    assert response.status_code == 200
    assert response.context["validlink"]
    set_password_path = response.redirect_chain[-1][0]
    new_password = "a brand new lantern 77"
    response = client.post(set_password_path, {"new_password1": new_password, "new_password2": new_password})
    assert response["Location"] == reverse("accounts:password_reset_complete")

    user.refresh_from_db()
    assert user.check_password(new_password)
    assert user.email_verified  # the link proved the address

    # The link works once.
    response = client.get(url.removeprefix("https://kindred.example"), follow=True)
    assert not response.context["validlink"]

    client.post(LOGIN, {"username": "sam@example.org", "password": new_password})
    assert logged_in_user_id(client) == user.pk


def test_password_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(RESET, {"email": "nobody@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert callbacks == []


def test_password_change(client, password):
    user = UserFactory()
    client.force_login(user)
    new_password = "a brand new lantern 77"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": new_password, "new_password2": new_password},
    )
    assert response["Location"] == reverse("accounts:password_change_done")
    user.refresh_from_db()
    assert user.check_password(new_password)
    assert logged_in_user_id(client) == user.pk


# --- Account page -------------------------------------------------------------------------------------------


def test_account_page_needs_login(client):
    response = client.get(ACCOUNT)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_account_page_shows_the_owner_their_details(client):
    user = UserFactory(email="sam@example.org", display_name="Sam", email_verified_at=None)
    client.force_login(user)
    html = client.get(ACCOUNT).content.decode()
    assert "sam@example.org" in html
    assert "Not confirmed yet" in html
    assert reverse("accounts:password_change") in html
    assert reverse("accounts:delete") in html


def test_account_page_updates_the_display_name(client):
    user = UserFactory(display_name="Sam")
    make_comment(post=PostFactory(), user=user)
    client.force_login(user)
    response = client.post(ACCOUNT, {"display_name": "Sam W."})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Sam W."
    assert Commenter.objects.get(user=user).display_name == "Sam W."


def test_account_page_refuses_a_bad_display_name(client):
    user = UserFactory(display_name="Sam")
    client.force_login(user)
    response = client.post(ACCOUNT, {"display_name": "\u202eSam"})
    assert response.status_code == 400
    assert field_error_is_described(response.content.decode(), "display_name")
    user.refresh_from_db()
    assert user.display_name == "Sam"


# --- Deleting an account ------------------------------------------------------------------------------------


@pytest.fixture
def commented_user():
    post = PostFactory()
    user, other = UserFactory(email="sam@example.org"), UserFactory()
    root = make_comment(post=post, user=user, body="I finally told my therapist.")
    reply = make_comment(post=post, user=other, parent=root, body="That took courage.")
    make_comment(post=post, user=user, parent=reply, body="Thank you.")
    return user


@pytest.mark.parametrize("choice, wiped", [("keep", False), ("wipe", True)])
def test_delete_account(client, commented_user, password, choice, wiped):
    user = commented_user
    commenter_id = user.commenter.pk
    client.force_login(user)
    assert client.get(reverse("accounts:delete")).status_code == 200

    response = client.post(reverse("accounts:delete"), {"comments": choice, "password": password})
    assert response.status_code == 302
    assert logged_in_user_id(client) is None
    assert not User.objects.filter(pk=user.pk).exists()
    commenter = Commenter.objects.get(pk=commenter_id)
    assert (commenter.display_name, commenter.email, commenter.user) == ("Former member", "", None)
    mine = Comment.objects.filter(commenter=commenter)
    if wiped:
        assert set(mine.values_list("status", "body")) == {("deleted", "")}
    else:
        assert set(mine.values_list("body", flat=True)) == {"I finally told my therapist.", "Thank you."}
    assert Comment.objects.exclude(commenter=commenter).get().body == "That took courage."
    assert not check_trees().problems


@pytest.mark.parametrize(
    "data, field",
    [
        ({"comments": "keep", "password": "wrong password"}, "password"),
        ({"password": "correct horse battery"}, "comments"),
        ({"comments": "everything", "password": "correct horse battery"}, "comments"),
    ],
)
def test_delete_account_refuses_bad_input(client, commented_user, data, field):
    client.force_login(commented_user)
    response = client.post(reverse("accounts:delete"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert User.objects.filter(pk=commented_user.pk).exists()
    assert Commenter.objects.get(user=commented_user).display_name == commented_user.display_name


def test_delete_account_of_a_post_author_is_refused_with_a_clear_message(client, commented_user, password):
    PostFactory(author=commented_user)
    client.force_login(commented_user)
    page = client.get(reverse("accounts:delete")).content.decode()
    assert "contact the site team" in page
    response = client.post(reverse("accounts:delete"), {"comments": "wipe", "password": password})
    assert response.status_code == 409
    assert User.objects.filter(pk=commented_user.pk).exists()
    assert Comment.objects.filter(status="deleted").count() == 0


def test_delete_account_needs_login(client):
    response = client.post(reverse("accounts:delete"), {"comments": "wipe", "password": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


# --- Rate limits --------------------------------------------------------------------------------------------


def test_login_rate_limit_answers_429(client, settings):
    settings.ACCOUNTS_LOGIN_RATE_LIMIT = "3/m"
    UserFactory(email="sam@example.org")
    for _ in range(3):
        assert client.post(LOGIN, {"username": "sam@example.org", "password": "guess"}).status_code == 200
    response = client.post(LOGIN, {"username": "sam@example.org", "password": "correct horse battery"})
    assert response.status_code == 429
    assert "Please wait a moment" in response.content.decode()
    assert logged_in_user_id(client) is None
    # Reading the page is not limited; another address (IP) is not affected.
    assert client.get(LOGIN).status_code == 200
    response = client.post(
        LOGIN, {"username": "sam@example.org", "password": "correct horse battery"}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 302


def test_password_reset_rate_limit_per_ip_answers_429(
    client, settings, email_queue, django_capture_on_commit_callbacks
):
    settings.ACCOUNTS_PASSWORD_RESET_RATE_LIMIT = "2/m"
    UserFactory(email="sam@example.org")
    for n in range(2):
        assert client.post(RESET, {"email": f"someone{n}@example.org"}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(RESET, {"email": "sam@example.org"})
    assert response.status_code == 429
    assert "Please wait a moment" in response.content.decode()
    assert callbacks == []


def test_password_reset_rate_limit_per_address_answers_429(
    client, settings, email_queue, django_capture_on_commit_callbacks
):
    settings.ACCOUNTS_PASSWORD_RESET_ADDRESS_RATE_LIMIT = "2/h"
    UserFactory(email="sam@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        for n, address in enumerate(["sam@example.org", "SAM@example.org"]):
            response = client.post(RESET, {"email": address}, REMOTE_ADDR=f"10.0.1.{n}")
            assert response.status_code == 302
        response = client.post(RESET, {"email": "Sam@Example.org"}, REMOTE_ADDR="10.0.1.99")
    assert response.status_code == 429
    assert len(email_queue.calls) == 2


def test_signup_rate_limit_answers_429(client, settings, email_queue):
    settings.ACCOUNTS_SIGNUP_RATE_LIMIT = "1/h"
    client.post(SIGNUP, {"display_name": "Sam", "email": "sam@example.org", "password": STRONG})
    response = client.post(SIGNUP, {"display_name": "Jo", "email": "jo@example.org", "password": STRONG})
    assert response.status_code == 429
    assert not User.objects.filter(email="jo@example.org").exists()


def test_resend_rate_limit_answers_429(client, settings, email_queue, django_capture_on_commit_callbacks):
    settings.ACCOUNTS_VERIFY_RESEND_RATE_LIMIT = "1/h"
    client.force_login(UserFactory(email_verified_at=None))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("accounts:verify_resend")).status_code == 302
        assert client.post(reverse("accounts:verify_resend")).status_code == 429
    assert len(email_queue.calls) == 1


# --- End to end with a real worker --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_signup_email_reaches_the_inbox_through_a_real_worker(client, redis_url, mailoutbox, settings):
    """Real commits, the real on_commit hook, Redis and a worker consuming the "email" queue."""
    from celery.contrib.testing.worker import start_worker

    from support_site.celery import app

    settings.SITE_URL = "https://kindred.example"
    with start_worker(app, queues=["email"], perform_ping_check=False, shutdown_timeout=10):
        response = client.post(SIGNUP, {"display_name": "Sam", "email": "sam.e2e@example.org", "password": STRONG})
        assert response.status_code == 302
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not any(m.to == ["sam.e2e@example.org"] for m in mailoutbox):
            time.sleep(0.1)
    [message] = [m for m in mailoutbox if m.to == ["sam.e2e@example.org"]]
    url = link_in(message.body, "https://kindred.example/accounts/verify/")
    assert client.get(url.removeprefix("https://kindred.example")).status_code == 302
    user = User.objects.get(email="sam.e2e@example.org")
    assert user.email_verified
    assert logged_in_user_id(client) == user.pk
