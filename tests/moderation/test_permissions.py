"""moderation.permissions: one definition of "moderator", by permission, that every caller agrees with."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory
from django.urls import reverse

from moderation import permissions
from moderation.context_processors import open_items
from moderation.models import ReviewItem
from moderation.services import alerts
from tests.factories import PostFactory, UserFactory, make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    plain = UserFactory(email="plain@example.org")
    plain.groups.add(Group.objects.get(name="moderators"))
    senior = UserFactory(email="senior@example.org")
    senior.groups.add(Group.objects.get(name="senior moderators"))  # only the senior group
    direct = UserFactory(email="direct@example.org")
    direct.user_permissions.add(Permission.objects.get(codename="moderate", content_type__app_label="moderation"))
    root = UserFactory(email="root@example.org", is_superuser=True)
    gone = UserFactory(email="gone@example.org", is_active=False)
    gone.groups.add(Group.objects.get(name="moderators"))
    reader = UserFactory(email="reader@example.org")
    return {"plain": plain, "senior": senior, "direct": direct, "root": root, "gone": gone, "reader": reader}


def test_every_caller_agrees_on_who_moderates(people, client):
    expected = {"plain", "senior", "direct", "root"}
    assert {name for name, user in people.items() if permissions.is_moderator(user)} == expected
    assert set(permissions.moderators()) == {people[name] for name in expected}
    assert permissions.moderator_addresses() == sorted(f"{name}@example.org" for name in expected)
    for name, user in people.items():
        if not user.is_active:
            continue
        request = RequestFactory().get("/")
        request.user = user
        assert ("moderation_open_items" in open_items(request)) == (name in expected), name
        client.force_login(user)
        assert client.get(reverse("moderation:queue")).status_code == (200 if name in expected else 403), name


def test_only_senior_permission_holders_are_senior(people):
    assert {name for name, user in people.items() if permissions.is_senior(user)} == {"senior", "root"}


def test_someone_only_in_the_senior_group_gets_the_first_urgent_alert(
    people, settings, inline_email, django_capture_on_commit_callbacks
):
    settings.CARE_ALERT_EMAIL = ""
    comment = make_comment(post=PostFactory(), body="words")
    item = ReviewItem.objects.create(post=comment.post, comment=comment, crisis=True, urgent=True, reasons=["crisis"])
    with django_capture_on_commit_callbacks(execute=True):
        alerts.care_alert_send(item_id=item.pk)
    assert "senior@example.org" in [m.to[0] for m in inline_email]
    assert sorted(m.to[0] for m in inline_email) == [
        "direct@example.org",
        "plain@example.org",
        "root@example.org",
        "senior@example.org",
    ]
