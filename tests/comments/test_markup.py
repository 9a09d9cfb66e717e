"""Markup of the reader's pages and the site frame: valid datetimes, the message region, the navigation labels."""

from datetime import UTC, datetime

import pytest
from django.contrib import messages
from django.urls import reverse

from comments.models import Comment
from tests.factories import PostFactory, UserFactory, make_comment
from tests.markup import VALID_DATETIME, elements

pytestmark = pytest.mark.django_db


def test_time_elements_carry_valid_datetimes_to_the_second(client):
    # Stored times carry microseconds; HTML allows at most three digits of a second (the Nu checker's error).
    when = datetime(2026, 11, 30, 21, 5, 9, 123456, tzinfo=UTC)
    post = PostFactory(published_at=when)
    comment = make_comment(post=post, body="Thank you for this.")
    Comment.objects.filter(pk=comment.pk).update(created=when)
    for url in (reverse("comments:post_list"), post.get_absolute_url()):
        html = client.get(url).content.decode()
        values = [attrs["datetime"] for _, attrs in elements(html, "time")]
        assert values, url
        assert all(VALID_DATETIME.match(value) for value in values), values
        assert "2026-11-30T21:05:09+0000" in values


def test_success_messages_are_a_list_inside_a_status_region(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("notifications:preferences"),
        {"replies": "immediate", "post_comments": "immediate", "following": "immediate"},
        follow=True,
    )
    html = response.content.decode()
    assert [m.level for m in response.context["messages"]] == [messages.SUCCESS]
    # role="status" on the ul took its list role away (axe "listitem"; the Nu checker: not allowed on ul).
    assert not any("role" in attrs for _, attrs in elements(html, "ul"))
    region = html.index('<div role="status">')
    assert region < html.index('<ul class="messages">') < html.index('class="message success"')


def test_the_navigation_names_notices_and_email_settings_for_what_they_hold(client):
    from moderation.services.notices import author_notice_create

    user = UserFactory()
    author_notice_create(user=user, comment=None, kind="warned", message="Please be gentle.", send_email=False)
    client.force_login(user)
    html = client.get(reverse("comments:post_list")).content.decode()
    nav = html[html.index('<nav aria-label="Site">') : html.index("</nav>")]
    assert f'<a href="{reverse("moderation:notices")}">About your comments <span class="badge">1' in nav
    assert f'<a href="{reverse("notifications:preferences")}">E-mail settings</a>' in nav
    assert "Notices" not in nav and "Notifications" not in nav
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "<h1>E-mail settings</h1>" in page
