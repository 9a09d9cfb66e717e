"""Log-in protection (issue 12, item 4): per-account waits on every log-in form, per-address limits, proxies."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.models import LoginThrottle, User
from accounts.throttle import login_delay_seconds
from support_site.net import client_ip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
ADMIN_LOGIN = reverse("admin:login")
RIGHT = "correct horse battery"


def logged_in(client) -> bool:
    return client.session.get(SESSION_KEY) is not None


def wait_passes():
    """Time passing, without sleeping: the account's current wait is over."""
    LoginThrottle.objects.update(blocked_until=timezone.now())


@pytest.fixture
def throttle_settings(settings):
    settings.LOGIN_THROTTLE_FREE_FAILURES = 3
    settings.LOGIN_THROTTLE_MAX_DELAY_SECONDS = 30
    settings.ACCOUNTS_LOGIN_RATE_LIMIT = "1000/m"  # the per-address limit has its own tests
    return settings


@pytest.mark.parametrize(
    "failures, delay",
    [(0, 0), (1, 0), (3, 0), (4, 1), (5, 2), (6, 4), (7, 8), (8, 16), (9, 30), (10, 30), (500, 30)],
)
def test_the_wait_grows_and_is_capped_at_30_seconds(throttle_settings, failures, delay):
    assert login_delay_seconds(failures=failures) == delay


def test_wrong_passwords_from_many_addresses_slow_down_one_account(client, throttle_settings):
    UserFactory(email="sam@example.org")
    for n in range(3):
        response = client.post(LOGIN, {"username": "sam@example.org", "password": "guess"}, REMOTE_ADDR=f"10.1.0.{n}")
        assert response.status_code == 200
    # The fourth wrong password sets a 1 s wait; the next try, from yet another address, even with the right
    # password, is refused before the password is looked at.
    client.post(LOGIN, {"username": "sam@example.org", "password": "guess"}, REMOTE_ADDR="10.1.0.3")
    response = client.post(LOGIN, {"username": "Sam@Example.org", "password": RIGHT}, REMOTE_ADDR="10.1.0.4")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many wrong passwords for this e-mail address. Please wait 1 second" in html
    assert "reset your password" in html
    assert not logged_in(client)
    assert LoginThrottle.objects.get().failures == 4  # a refused try is not counted

    # Each wait is longer (2 s after the fifth), never more than 30 s, and once it has passed the owner gets in.
    wait_passes()
    client.post(LOGIN, {"username": "sam@example.org", "password": "guess"}, REMOTE_ADDR="10.1.0.5")
    response = client.post(LOGIN, {"username": "sam@example.org", "password": RIGHT})
    assert "wait 2 seconds" in response.content.decode()
    for _ in range(20):
        wait_passes()
        client.post(LOGIN, {"username": "sam@example.org", "password": "guess"})
    throttle = LoginThrottle.objects.get()
    assert (throttle.blocked_until - throttle.last_failure_at).total_seconds() == 30
    wait_passes()
    response = client.post(LOGIN, {"username": "sam@example.org", "password": RIGHT})
    assert response.status_code == 302
    assert logged_in(client)
    assert not LoginThrottle.objects.exists()  # a correct password clears the count


def test_the_throttle_answers_the_same_for_an_address_without_an_account(client, throttle_settings):
    UserFactory(email="sam@example.org")
    answers = {}
    for address in ("sam@example.org", "nobody@example.org"):
        for _ in range(4):
            client.post(LOGIN, {"username": address, "password": "guess"})
        response = client.post(LOGIN, {"username": address, "password": "guess"})
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        answers[address] = (response.status_code, html.replace(address, "X"))
    assert answers["sam@example.org"][0] == 429
    assert answers["sam@example.org"] == answers["nobody@example.org"]
    assert LoginThrottle.objects.filter(key__contains="example").count() == 0  # no address kept in clear


def test_a_password_reset_clears_the_wait(client, throttle_settings, email_queue, mailoutbox):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = UserFactory(email="sam@example.org")
    for _ in range(9):
        wait_passes()
        client.post(LOGIN, {"username": "sam@example.org", "password": "guess"})
    assert client.post(LOGIN, {"username": "sam@example.org", "password": RIGHT}).status_code == 429

    owner = Client()
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    set_password_path = owner.get(path, follow=True).redirect_chain[-1][0]
    new = "a brand new lantern 77"
    response = owner.post(set_password_path, {"new_password1": new, "new_password2": new})
    assert response["Location"] == reverse("accounts:password_reset_complete")
    assert not LoginThrottle.objects.exists()
    assert owner.post(LOGIN, {"username": "sam@example.org", "password": new}).status_code == 302


def test_admin_login_is_throttled_per_account(client, throttle_settings):
    User.objects.create_superuser(email="admin@example.org", password=RIGHT, display_name="Admin")
    for n in range(4):
        response = client.post(
            ADMIN_LOGIN, {"username": "admin@example.org", "password": "guess"}, REMOTE_ADDR=f"10.2.0.{n}"
        )
        assert response.status_code == 200
    response = client.post(ADMIN_LOGIN, {"username": "admin@example.org", "password": RIGHT}, REMOTE_ADDR="10.2.0.9")
    assert "Too many wrong passwords for this e-mail address" in response.content.decode()
    assert not logged_in(client)
    wait_passes()
    response = client.post(ADMIN_LOGIN, {"username": "admin@example.org", "password": RIGHT})
    assert response.status_code == 302
    assert logged_in(client)


def test_admin_login_is_limited_per_address(client, settings):
    settings.ACCOUNTS_LOGIN_RATE_LIMIT = "5/m"
    settings.LOGIN_THROTTLE_FREE_FAILURES = 1000  # only the per-address limit here
    User.objects.create_superuser(email="admin@example.org", password=RIGHT, display_name="Admin")
    for n in range(5):
        client.post(ADMIN_LOGIN, {"username": f"guess{n}@example.org", "password": "guess"})
    response = client.post(ADMIN_LOGIN, {"username": "admin@example.org", "password": RIGHT})
    assert "Too many log-in attempts from your network" in response.content.decode()
    assert not logged_in(client)
    response = client.post(ADMIN_LOGIN, {"username": "admin@example.org", "password": RIGHT}, REMOTE_ADDR="10.3.0.1")
    assert response.status_code == 302


@pytest.mark.parametrize(
    "proxies, remote, forwarded, expected",
    [
        (0, "203.0.113.5", "198.51.100.7", "203.0.113.5"),  # no proxy configured: the header is ignored
        (1, "10.0.0.2", "198.51.100.7", "198.51.100.7"),
        (1, "10.0.0.2", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the client's own entry is not trusted
        (2, "10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.9", "198.51.100.7"),
        (1, "10.0.0.2", "", "10.0.0.2"),  # not through the proxy
        (1, "10.0.0.2", "not-an-address", "10.0.0.2"),
    ],
)
def test_the_forwarded_address_is_used_only_behind_configured_proxies(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_behind_a_proxy_readers_are_limited_separately(client, settings):
    """Everyone arrives from the proxy's address; with TRUSTED_PROXY_COUNT=1 one reader's failures lock only them."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNTS_LOGIN_RATE_LIMIT = "3/m"
    settings.LOGIN_THROTTLE_FREE_FAILURES = 1000
    UserFactory(email="jo@example.org")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(3):
        client.post(
            LOGIN, {"username": f"x{n}@example.org", "password": "guess"}, HTTP_X_FORWARDED_FOR="6.6.6.6", **proxy
        )
    limited = client.post(
        LOGIN, {"username": "jo@example.org", "password": RIGHT}, HTTP_X_FORWARDED_FOR="6.6.6.6", **proxy
    )
    assert limited.status_code == 429
    other = Client().post(
        LOGIN, {"username": "jo@example.org", "password": RIGHT}, HTTP_X_FORWARDED_FOR="7.7.7.7", **proxy
    )
    assert other.status_code == 302
