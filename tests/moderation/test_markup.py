"""Markup of the moderation pages and the crisis panel: heading levels, focusable scroll areas, valid roles."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from moderation.services import decisions, items
from tests.factories import UserFactory
from tests.markup import VALID_DATETIME, elements, skipped_headings

from .queue_support import make_item, make_moderator

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(client):
    """An item with audit rows that carry before and after states, a moderator signed in."""
    moderator = make_moderator(display_name="Robin")
    item = make_item()
    items.item_claim(item_id=item.pk, moderator=moderator)
    decisions.item_warn(item_id=item.pk, moderator=moderator, message="Please be kind.", note="first time")
    client.force_login(moderator)
    return item, moderator


def test_audit_blocks_skip_no_heading_level(client, decided):
    item, moderator = decided
    pages = [
        reverse("moderation:audit"),
        reverse("moderation:audit_moderator", args=[moderator.pk]),
        reverse("moderation:item", args=[item.pk]),
        reverse("moderation:author", args=[item.comment.commenter.user_id]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "Before" in html and "After" in html, url  # the before/after block is on the page
        assert skipped_headings(html) == [], url
        assert all(VALID_DATETIME.match(attrs["datetime"]) for _, attrs in elements(html, "time")), url


def test_the_stats_tables_scroll_areas_are_reachable_by_keyboard_and_named(client, decided):
    html = client.get(reverse("moderation:stats")).content.decode()
    wraps = [attrs for _, attrs in elements(html, "div") if "table-wrap" in attrs.get("class", "").split()]
    assert len(wraps) >= 3
    for attrs in wraps:
        assert attrs.get("tabindex") == "0" and attrs.get("role") == "region"
        assert attrs.get("aria-label", "").startswith("Table: ")
    # Each region's name differs from its section's, so no two landmarks share a name (axe "landmark-unique").
    assert len({attrs["aria-label"] for attrs in wraps}) == len(wraps)


def test_the_crisis_panel_is_a_status_section_not_an_aside():
    html = render_to_string(
        "moderation/_resources_notice.html",
        {"CRISIS_RESOURCES": [{"region": "US", "name": "988 Lifeline", "contact": "call or text 988"}]},
    )
    [(tag, attrs)] = [(t, a) for t, a in elements(html) if a.get("id") == "you-matter"]
    # role="status" is not allowed on aside (Nu checker); a section may carry it and keeps its name.
    assert tag == "section" and attrs["role"] == "status" and attrs["aria-labelledby"] == "you-matter-heading"
    assert not any(a.get("role") for t, a in elements(html) if t in ("ul", "aside"))


def test_a_readers_notices_page_carries_valid_datetimes(client):
    from moderation.services.notices import author_notice_create

    user = UserFactory()
    author_notice_create(user=user, comment=None, kind="warned", message="Please be gentle.", send_email=False)
    client.force_login(user)
    html = client.get(reverse("moderation:notices")).content.decode()
    values = [attrs["datetime"] for _, attrs in elements(html, "time")]
    assert values and all(VALID_DATETIME.match(value) for value in values)
