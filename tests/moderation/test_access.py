"""Who may use the moderators' queue: every URL, walked through the resolver, as every kind of visitor."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from moderation.models import ModerationAction, ReviewItem
from moderation.services.decisions import item_keep
from tests.factories import UserFactory

from .queue_support import make_item, make_moderator

pytestmark = pytest.mark.django_db


def _queue_patterns(resolver=None, namespace=""):
    """(namespaced name, URLPattern) for every URL that moderation/queue_urls.py contributes."""
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if getattr(entry.urlconf_module, "__name__", "") == "moderation.queue_urls":
                found.extend((f"{inner}{p.name}", p) for p in entry.url_patterns)
            else:
                found.extend(_queue_patterns(entry, inner))
    return found


QUEUE_PATTERNS = _queue_patterns()


def test_the_walk_finds_the_queue():
    names = {name for name, _ in QUEUE_PATTERNS}
    assert {"moderation:queue", "moderation:item", "moderation:item_approve", "moderation:author_ban"} <= names
    assert all(isinstance(pattern, URLPattern) and pattern.name for _, pattern in QUEUE_PATTERNS)


def _kwargs(pattern: URLPattern, *, item: ReviewItem, moderator) -> dict:
    """Values for the pattern's arguments: an existing item, its author, the moderator, a real message key."""
    values = {
        "pk": item.pk,
        "user_id": item.comment.commenter.user_id,
        "moderator_id": moderator.pk,
        "key": "warn",
    }
    kwargs = {}
    for name in pattern.pattern.converters:
        assert name in values, f"{pattern.name}: add a value for the new URL argument {name!r} to this test"
        kwargs[name] = values[name]
    return kwargs


@pytest.mark.parametrize("name,pattern", QUEUE_PATTERNS, ids=[name for name, _ in QUEUE_PATTERNS])
def test_every_queue_url_checks_permissions(name, pattern):
    access = getattr(pattern.callback, "moderation_access", None)
    assert access in ("moderator", "senior"), f"{name} is not wrapped in moderator_required"
    login_url = reverse("accounts:login")
    visitors = {
        "anonymous": None,
        "reader": UserFactory(),
        "moderator": make_moderator(),
        "senior": make_moderator(senior=True),
    }
    for role, user in visitors.items():
        for method in ("get", "post"):
            # A fresh item each time: one visitor's successful POST must not change what the next one meets.
            item = make_item()
            client = Client()
            if user is not None:
                client.force_login(user)
            url = reverse(name, kwargs=_kwargs(pattern, item=item, moderator=visitors["moderator"]))
            response = getattr(client, method)(url)
            where = f"{role} {method.upper()} {url}"
            if role == "anonymous" and method == "get":
                assert response.status_code == 302, where
                assert response["Location"].startswith(login_url), where
            elif role in ("anonymous", "reader") or (role == "moderator" and access == "senior"):
                assert response.status_code == 403, where
            else:
                assert response.status_code not in (403, 500), f"{where}: {response.status_code}"
                if response.status_code == 302:
                    assert not response["Location"].startswith(login_url), where


@pytest.mark.parametrize("action", ["approve", "remove", "keep", "escalate", "claim"])
def test_readers_get_403_for_guessed_ids_and_nothing_changes(client, action):
    item = make_item()
    client.force_login(UserFactory())
    for pk in (item.pk, item.pk + 1000):
        response = client.post(f"/moderation/items/{pk}/{action}/", {"reason": "spam", "note": "x"})
        assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == ReviewItem.Status.OPEN and item.claimed_by is None
    assert not ModerationAction.objects.exists()


def test_a_moderator_gets_404_for_a_missing_item(client):
    client.force_login(make_moderator())
    assert client.get(reverse("moderation:item", kwargs={"pk": 999_999})).status_code == 404
    assert client.post(reverse("moderation:item_approve", kwargs={"pk": 999_999})).status_code == 404


def test_anonymous_posts_are_refused_not_redirected(client):
    item = make_item()
    response = client.post(reverse("moderation:item_approve", kwargs={"pk": item.pk}))
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == ReviewItem.Status.OPEN


def test_an_inactive_moderator_is_refused(client):
    moderator = make_moderator()
    client.force_login(moderator)
    moderator.is_active = False
    moderator.save()
    # The session no longer authenticates an inactive user: the page asks them to log in, like anyone anonymous.
    response = client.get(reverse("moderation:queue"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_actions_need_the_csrf_token():
    item = make_item()
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_moderator())
    response = client.post(reverse("moderation:item_approve", kwargs={"pk": item.pk}))
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == ReviewItem.Status.OPEN


def test_ban_and_lift_are_for_senior_moderators_only(client):
    item = make_item()
    author_id = item.comment.commenter.user_id
    client.force_login(make_moderator())
    for name in ("moderation:author_ban", "moderation:author_lift_ban"):
        assert client.post(reverse(name, kwargs={"user_id": author_id})).status_code == 403
    assert not ModerationAction.objects.exists()


def test_plain_moderators_cannot_decide_escalated_items_but_may_reach_out(client):
    item = make_item(escalated=True, reasons=["held", "escalated"])
    client.force_login(make_moderator())
    for action in ("approve", "keep", "claim"):
        response = client.post(f"/moderation/items/{item.pk}/{action}/")
        assert response.status_code == 403, action
        assert b"senior moderators" in response.content
    response = client.post(f"/moderation/items/{item.pk}/reached-out/", {"message": "We're thinking of you."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ReviewItem.Status.OPEN
    assert item.claimed_by is None  # seniors are not locked out by a plain moderator's care message

    client.force_login(make_moderator(senior=True))
    # The comment is flagged hostile: publishing it takes the confirmation (safe-moderation issue).
    assert client.post(f"/moderation/items/{item.pk}/approve/", {"confirmed": "on"}).status_code == 302
    item.refresh_from_db()
    assert item.status == ReviewItem.Status.RESOLVED


def test_message_templates_are_for_senior_moderators(client):
    client.force_login(make_moderator())
    assert client.get(reverse("moderation:messages")).status_code == 403
    assert (
        client.post(
            reverse("moderation:message_edit", kwargs={"key": "warn"}), {"subject": "s", "body": "b"}
        ).status_code
        == 403
    )
    client.force_login(make_moderator(senior=True))
    response = client.post(
        reverse("moderation:message_edit", kwargs={"key": "warn"}), {"subject": "Hello", "body": "Hi {name}"}
    )
    assert response.status_code == 302
    assert ModerationAction.objects.get(action="template_edited").after["body"] == "Hi {name}"
    assert client.get(reverse("moderation:message_edit", kwargs={"key": "nope"})).status_code == 404


def test_moderators_never_see_email_addresses(client):
    author = UserFactory(email="author.secret@example.org")
    reporter = UserFactory(email="reporter.secret@example.org")
    item = make_item(author=author, report_count=1)
    from moderation.models import Report

    Report.objects.create(post=item.post, comment=item.comment, item=item, reporter=reporter, reason="hostile")
    moderator = make_moderator(senior=True)
    client.force_login(moderator)
    client.post(reverse("moderation:item_warn", kwargs={"pk": item.pk}), {"message": "Please be kind."})
    client.post(reverse("moderation:author_ban", kwargs={"user_id": author.pk}), {"item": item.pk})
    pages = [
        reverse("moderation:queue"),
        reverse("moderation:item", kwargs={"pk": item.pk}),
        reverse("moderation:author", kwargs={"user_id": author.pk}),
        reverse("moderation:author", kwargs={"user_id": reporter.pk}),
        reverse("moderation:audit"),
        reverse("moderation:audit_moderator", kwargs={"moderator_id": moderator.pk}),
    ]
    for url in pages:
        content = client.get(url).content.decode()
        assert "secret@example.org" not in content, url
    csv_text = b"".join(client.get(reverse("moderation:audit_csv")).streaming_content).decode()
    assert "secret@example.org" not in csv_text
    assert "banned" in csv_text


def test_the_header_shows_the_open_count_to_moderators_only(client):
    make_item()
    make_item()
    reader = UserFactory()
    client.force_login(reader)
    page = client.get("/").content.decode()
    assert "Review queue" not in page

    client.force_login(make_moderator())
    page = client.get("/").content.decode()
    assert 'href="/moderation/"' in page
    assert '<span class="badge">2<span class="visually-hidden"> open</span>' in page


def test_the_header_count_costs_readers_no_query(client):
    make_item()
    client.force_login(UserFactory())
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert not any("moderation_reviewitem" in q["sql"] for q in queries.captured_queries)
    client.force_login(make_moderator())
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert sum("moderation_reviewitem" in q["sql"] for q in queries.captured_queries) == 1


def test_the_admin_shows_moderation_records_read_only(client):
    item = make_item()
    item_keep(item_id=item.pk, moderator=make_moderator(), confirmed=True)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for model in ("reviewitem", "careflag", "moderationaction", "report", "authornotice", "policydecision"):
        assert client.get(f"/admin/moderation/{model}/").status_code == 200, model
    row = ModerationAction.objects.get()
    assert client.get(f"/admin/moderation/moderationaction/{row.pk}/change/").status_code == 200
    assert client.post(f"/admin/moderation/moderationaction/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/moderation/moderationaction/add/").status_code == 403
    assert client.get("/admin/moderation/messagetemplate/add/").status_code == 200


@pytest.mark.parametrize(
    "path,data",
    [
        ("/moderation/items/99999999999999999999999/", None),
        ("/moderation/items/99999999999999999999999/approve/", {}),
        ("/moderation/authors/99999999999999999999999/suspend/", {"days": 1}),
        ("/moderation/audit/moderators/99999999999999999999999/", None),
        ("/moderation/audit/export.csv?item=99999999999999999999999", None),
        ("/moderation/?post=99999999999999999999999", None),
        ("/moderation/bulk/", {"action": "approve", "items": ["99999999999999999999999"]}),
    ],
)
def test_huge_ids_are_a_clean_4xx(client, path, data):
    client.force_login(make_moderator(senior=True))
    response = client.get(path) if data is None else client.post(path, data)
    assert 400 <= response.status_code < 500
