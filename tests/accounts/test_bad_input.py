"""Bad input to the account pages (issue 12): refused clearly, nothing saved, nothing leaked, no 500."""

import base64

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import services
from accounts.models import User
from core.email import send_email
from tests.comments.test_bad_input import OPEN_REDIRECTS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = reverse("accounts:signup")
ACCOUNT = reverse("accounts:account")
RESET = reverse("accounts:password_reset")
GOOD_PASSWORD = "a quiet harbour at dawn 42"

STAFF_NAME = "suggest you speak for the site"
INVISIBLE_NAME = "no visible characters"

# (case id, display name, words of the message shown)
BAD_NAMES = [
    ("zero-width-only", "\u200b\u200c\u200d", INVISIBLE_NAME),
    ("zero-width-and-spaces", " \u200b \u2060 ", INVISIBLE_NAME),
    ("hangul-fillers", "\u3164\u3164", INVISIBLE_NAME),
    ("braille-blank", "\u2800\u2800", INVISIBLE_NAME),
    ("combining-only", "\u0301\u0301", INVISIBLE_NAME),
    ("whitespace-only", "   ", "This field is required"),
    ("moderator-in-brackets", "Sam (moderator)", STAFF_NAME),
    ("mod-in-square-brackets", "Sam [mod]", STAFF_NAME),
    ("staff-in-brackets", "Jo (Staff)", STAFF_NAME),
    ("admin", "Admin", STAFF_NAME),
    ("administrator-fullwidth", "ＡＤＭＩＮＩＳＴＲＡＴＯＲ", STAFF_NAME),
    ("admin-with-digits", "4dm1n", STAFF_NAME),
    ("admin-spelled-out", "a.d.m.i.n", STAFF_NAME),
    ("site-team", "Kindred team", STAFF_NAME),
    ("site-support", "Kindred Support", STAFF_NAME),
    ("the-moderators", "The Moderators", STAFF_NAME),
    ("mod-prefix", "Mod Sam", STAFF_NAME),
    ("zero-width-hidden-role", "Sam\u200b(moderator)", STAFF_NAME),
    ("header-injection-crlf", "Sam\r\nBcc: everyone@evil.example", "control characters"),
    ("header-injection-lf", "Sam\nSubject: you won", "control characters"),
    ("nul", "Sam\x00", "Null characters are not allowed"),
    ("escape", "Sam\x1b[2J", "control characters"),
    ("right-to-left-override", "Sam\u202eexe.gnp", "text-direction"),
    ("isolate", "Sam\u2067evil\u2069", "text-direction"),
    ("too-long", "S" * 61, "at most 60 characters"),
]


def _signup(client: Client, **fields):
    data = {"display_name": "Robin", "email": "robin@example.org", "password": GOOD_PASSWORD, **fields}
    return client.post(SIGNUP, data)


@pytest.mark.parametrize("name,message", [c[1:] for c in BAD_NAMES], ids=[c[0] for c in BAD_NAMES])
def test_signup_refuses_a_bad_display_name_and_creates_nothing(client, name, message, clear_cache):
    response = _signup(client, display_name=name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize("name,message", [c[1:] for c in BAD_NAMES[:18]], ids=[c[0] for c in BAD_NAMES[:18]])
def test_the_account_page_refuses_a_bad_display_name_and_keeps_the_old_one(client, name, message):
    user = UserFactory(display_name="Robin")
    client.force_login(user)
    response = client.post(ACCOUNT, {"display_name": name})
    assert response.status_code == 400
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.display_name == "Robin"


@pytest.mark.parametrize("name", ["Sam", "Modesty Blaise", "Admiral Ackbar", "Stafford", "Team Rocket", "نور", "Zoë"])
def test_ordinary_names_that_contain_role_letters_are_accepted(client, name):
    user = UserFactory(display_name="Robin")
    client.force_login(user)
    assert client.post(ACCOUNT, {"display_name": name}).status_code == 302
    user.refresh_from_db()
    assert user.display_name == name


BAD_EMAILS = [
    ("header-injection", "robin@example.org\r\nBcc: everyone@evil.example"),
    ("header-injection-lf", "robin@example.org\nCc: x@evil.example"),
    ("two-addresses", "robin@example.org, x@evil.example"),
    ("angle-brackets", "Robin <robin@example.org>"),
    ("script", "<script>alert(1)</script>@example.org"),
    ("nul", "robin\x00@example.org"),
    ("too-long", "r" * 250 + "@example.org"),
    ("no-domain", "robin@"),
]


@pytest.mark.parametrize("email", [c[1] for c in BAD_EMAILS], ids=[c[0] for c in BAD_EMAILS])
def test_signup_refuses_a_bad_address_and_creates_nothing(client, email, clear_cache):
    response = _signup(client, email=email)
    assert response.status_code == 400
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert not User.objects.exists()


@pytest.mark.parametrize("email", [c[1] for c in BAD_EMAILS], ids=[c[0] for c in BAD_EMAILS])
def test_password_reset_with_a_bad_address_sends_nothing(
    client, email, clear_cache, django_capture_on_commit_callbacks
):
    UserFactory(email="robin@example.org")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(RESET, {"email": email})
    assert response.status_code == 400
    assert "<script>alert(1)" not in response.content.decode()
    assert callbacks == []


def test_a_script_display_name_is_inert_in_pages_and_e_mails(client, settings):
    settings.SITE_URL = "https://kindred.example"
    name = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    user = UserFactory(display_name=name[:60])
    client.force_login(user)
    page = client.get(ACCOUNT).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page
    send_email(
        template_prefix="accounts/email/password_reset",
        to=user.email,
        context={"display_name": user.display_name, "reset_url": "https://kindred.example/r/", "valid_days": 3},
    )
    message = mail.outbox[-1]
    html = message.alternatives[0][0]
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<bdi>&lt;script&gt;" in html
    assert message.to == [user.email] and not message.cc and not message.bcc


# --- Tokens -----------------------------------------------------------------------------------------------


def _verify_tokens(user) -> dict[str, str]:
    good = services.email_verification_token(user=user)
    return {
        "garbage": "not-a-token",
        "empty-looking": ":",
        "one-character-changed": good[:-1] + ("A" if good[-1] != "A" else "B"),
        "cut-short": good[: len(good) // 2],
        "other-salt": signing.dumps([user.pk, "x"], salt="something.else"),
        "signed-non-integer-id": signing.dumps(["abc", "x"], salt=services._VERIFY_SALT),
        "signed-boolean-id": signing.dumps([True, "x"], salt=services._VERIFY_SALT),
        "signed-list-id": signing.dumps([[1], "x"], salt=services._VERIFY_SALT),
        "signed-three-parts": signing.dumps([user.pk, "x", 3], salt=services._VERIFY_SALT),
        "signed-huge-id": signing.dumps([10**30, "x"], salt=services._VERIFY_SALT),
        "signed-missing-user": signing.dumps([user.pk + 10_000, "x"], salt=services._VERIFY_SALT),
        "very-long": "a" * 5000,
        "unicode": "ünïcödé:tökén",
    }


VERIFY_CASES = [
    "garbage",
    "empty-looking",
    "one-character-changed",
    "cut-short",
    "other-salt",
    "signed-non-integer-id",
    "signed-boolean-id",
    "signed-list-id",
    "signed-three-parts",
    "signed-huge-id",
    "signed-missing-user",
    "very-long",
    "unicode",
]


@pytest.mark.parametrize("case", VERIFY_CASES)
def test_a_tampered_verification_link_is_a_clear_400_and_verifies_nothing(client, case):
    user = UserFactory(email_verified_at=None)
    token = _verify_tokens(user)[case]
    response = client.get(reverse("accounts:verify_email", kwargs={"token": token}))
    assert response.status_code == 400
    assert "link" in response.content.decode()
    user.refresh_from_db()
    assert not user.email_verified


RESET_CASES = ["bad-uid", "uid-not-base64", "uid-of-text", "uid-of-huge-number", "bad-token", "other-users-token"]


@pytest.mark.parametrize("case", RESET_CASES)
def test_a_tampered_password_reset_link_is_a_clear_400_and_changes_nothing(client, case):
    from django.contrib.auth.tokens import default_token_generator

    user, other = UserFactory(), UserFactory()
    uid, token = urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
    if case == "bad-uid":
        uid = urlsafe_base64_encode(force_bytes(user.pk + 10_000))
    elif case == "uid-not-base64":
        uid = "!!!"
    elif case == "uid-of-text":
        uid = base64.urlsafe_b64encode(b"robin").decode().rstrip("=")
    elif case == "uid-of-huge-number":
        uid = urlsafe_base64_encode(force_bytes(10**30))
    elif case == "bad-token":
        token = "abc-123"
    elif case == "other-users-token":
        token = default_token_generator.make_token(other)
    url = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    response = client.get(url, follow=True)
    assert response.status_code == 400
    assert not response.context["validlink"]
    response = client.post(url, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD}, follow=True)
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.check_password(GOOD_PASSWORD)


# --- Rate limits --------------------------------------------------------------------------------------------


def test_signup_past_the_rate_limit_is_429(client, settings, clear_cache):
    settings.ACCOUNTS_SIGNUP_RATE_LIMIT = "2/h"
    for n in range(2):
        Client().post(SIGNUP, {"display_name": f"R{n}", "email": f"r{n}@example.org", "password": GOOD_PASSWORD})
    response = _signup(client, email="late@example.org")
    assert response.status_code == 429
    assert not User.objects.filter(email="late@example.org").exists()


def test_password_reset_past_the_per_address_limit_is_429(settings, clear_cache, django_capture_on_commit_callbacks):
    settings.ACCOUNTS_PASSWORD_RESET_ADDRESS_RATE_LIMIT = "2/h"
    settings.ACCOUNTS_PASSWORD_RESET_RATE_LIMIT = "100/m"
    UserFactory(email="robin@example.org")
    for _ in range(2):
        assert Client().post(RESET, {"email": "robin@example.org"}).status_code == 302
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = Client().post(RESET, {"email": "ROBIN@example.org"})
    assert response.status_code == 429
    assert callbacks == []


def test_password_reset_past_the_per_client_limit_is_429(settings, clear_cache):
    settings.ACCOUNTS_PASSWORD_RESET_RATE_LIMIT = "2/m"
    for n in range(2):
        assert Client().post(RESET, {"email": f"n{n}@example.org"}).status_code == 302
    assert Client().post(RESET, {"email": "n9@example.org"}).status_code == 429


@pytest.mark.parametrize("target", OPEN_REDIRECTS)
@pytest.mark.parametrize("where", ["form", "query"])
def test_next_never_leads_off_the_site_after_sign_up(client, target, where, email_queue, clear_cache):
    data = {"display_name": "Robin", "email": "robin@example.org", "password": GOOD_PASSWORD}
    url = SIGNUP + (f"?next={target}" if where == "query" else "")
    response = client.post(url, {**data, **({"next": target} if where == "form" else {})})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_sent")
    # Where the confirmation link will lead this browser once opened (accounts.views.verify_email).
    assert client.session["accounts.pending_signup"]["next"] == ""
    page = Client().get(SIGNUP + f"?next={target}")  # nor does the form carry it on
    assert page.status_code == 200 and 'name="next"' not in page.content.decode()
