"""The moderators' stats page: response times, load per moderator, flag precision, access and query count."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from moderation.models import CareFlag, ReviewItem
from moderation.selectors.stats import duration_text, moderation_stats, percentile
from moderation.services import decisions
from tests.factories import PostFactory, UserFactory

from ..queue_support import make_item, make_moderator, minutes_ago

pytestmark = pytest.mark.django_db

STATS_URL = "/moderation/stats/"


@pytest.mark.parametrize(
    "values,fraction,expected",
    [
        ([], 0.5, None),
        ([7], 0.5, 7),
        ([7], 0.95, 7),
        ([1, 2, 3, 4], 0.5, 2.5),
        (list(range(11)), 0.5, 5),
        (list(range(11)), 0.95, 9.5),
        ([3, 1, 2], 0.0, 1),
        ([3, 1, 2], 1.0, 3),
    ],
)
def test_percentile_interpolates_between_ranks(values, fraction, expected):
    assert percentile(values, fraction) == expected


@pytest.mark.parametrize(
    "seconds,text",
    [(None, "–"), (45, "45 s"), (60, "1 min"), (570, "9 min"), (3600, "1 h"), (8400, "2 h 20 min"), (93600, "1 d 2 h")],
)
def test_duration_text(seconds, text):
    assert duration_text(None if seconds is None else timedelta(seconds=seconds)) == text


def _acted_item(*, post, opened_days_ago: float, minutes_to_act: float | None, now):
    opened = now - timedelta(days=opened_days_ago)
    first = opened + timedelta(minutes=minutes_to_act) if minutes_to_act is not None else None
    return make_item(post=post, opened_at=opened, first_action_at=first)


def test_median_and_p95_time_to_first_action_per_window():
    now = timezone.now()
    post = PostFactory()
    for minutes in range(11):  # 0..10 minutes, opened yesterday: in both windows
        _acted_item(post=post, opened_days_ago=1, minutes_to_act=minutes, now=now)
    for minutes in (100, 200):  # opened 20 days ago: only in the 30-day window
        _acted_item(post=post, opened_days_ago=20, minutes_to_act=minutes, now=now)
    _acted_item(post=post, opened_days_ago=40, minutes_to_act=5000, now=now)  # outside both windows
    _acted_item(post=post, opened_days_ago=2, minutes_to_act=None, now=now)  # nobody has acted yet

    week, month = moderation_stats(now=now).response_times
    assert (week.days, week.acted, week.waiting) == (7, 11, 1)
    assert week.median == timedelta(minutes=5)
    assert week.p95 == timedelta(minutes=9.5)
    assert (week.median_text, week.p95_text) == ("5 min", "9 min")
    # 30 days: 0..10, 100, 200 -> median is the 7th of 13 (6 min); p95 sits at rank 11.4: 100 + 0.4 * 100.
    assert (month.days, month.acted, month.waiting) == (30, 13, 1)
    assert month.median == timedelta(minutes=6)
    assert month.p95 == timedelta(minutes=140)


def test_no_data_reads_as_a_dash(client):
    week, month = moderation_stats().response_times
    assert week.median is None and month.p95 is None and week.median_text == "–"
    client.force_login(make_moderator())
    response = client.get(STATS_URL)
    assert response.status_code == 200
    assert "No crisis item is waiting right now." in response.content.decode()


def _precision(stats, category, version="test-1"):
    (row,) = [r for r in stats.precision if r.category == category and r.classifier_version == version]
    return row


def test_flag_precision_follows_moderators_decisions():
    moderator = make_moderator()
    removed = make_item(flags=(("hostile", "medium"),))
    kept = make_item(flags=(("hostile", "medium"),))
    approved = make_item(flags=(("hostile", "medium"),))
    make_item(flags=(("hostile", "medium"),))  # still open: undecided
    newer_version = make_item(flags=(("hostile", "medium"),))
    CareFlag.objects.filter(comment=newer_version.comment).update(classifier_version="test-2")
    crisis = make_item(flags=(("crisis", "high"),), crisis=True)
    # Decided before this flag was raised: that decision says nothing about the flag.
    stale = make_item(flags=(("spam", "low"),))

    decisions.item_remove(item_id=removed.pk, moderator=moderator, reason="hostile")
    decisions.item_keep(item_id=kept.pk, moderator=moderator, confirmed=True)
    decisions.item_approve(item_id=approved.pk, moderator=moderator, confirmed=True)
    decisions.item_remove(item_id=newer_version.pk, moderator=moderator, reason="hostile")
    crisis_flag = CareFlag.objects.get(comment=crisis.comment)
    decisions.item_dismiss_flag(item_id=crisis.pk, moderator=moderator, flag=crisis_flag.pk, confirmed=True)
    decisions.item_keep(item_id=stale.pk, moderator=moderator, now=minutes_ago(60), confirmed=True)

    stats = moderation_stats()
    hostile = _precision(stats, "hostile")
    assert (hostile.correct, hostile.false_alarm, hostile.undecided) == (1, 2, 1)
    assert hostile.precision == pytest.approx(100 / 3)
    newer = _precision(stats, "hostile", "test-2")
    assert (newer.correct, newer.false_alarm, newer.precision) == (1, 0, 100)
    crisis_row = _precision(stats, "crisis")
    assert (crisis_row.correct, crisis_row.false_alarm, crisis_row.precision) == (0, 1, 0)
    spam = _precision(stats, "spam")
    assert (spam.undecided, spam.decided, spam.precision) == (1, 0, None)


def test_a_dismissed_flag_is_a_false_alarm_even_when_the_comment_is_removed():
    moderator = make_moderator()
    item = make_item(flags=(("hostile", "medium"), ("spam", "low")))
    spam_flag = CareFlag.objects.get(comment=item.comment, category="spam")
    decisions.item_dismiss_flag(item_id=item.pk, moderator=moderator, flag=spam_flag.pk, confirmed=True)
    decisions.item_remove(item_id=item.pk, moderator=moderator, reason="hostile")
    stats = moderation_stats()
    assert (_precision(stats, "spam").false_alarm, _precision(stats, "spam").correct) == (1, 0)
    assert (_precision(stats, "hostile").correct, _precision(stats, "hostile").false_alarm) == (1, 0)


def test_items_handled_per_moderator_in_the_last_30_days():
    ana = make_moderator(display_name="Ana", email="ana.private@example.org")
    ben = make_moderator(display_name="Ben", email="ben.private@example.org")
    for _ in range(3):
        decisions.item_keep(item_id=make_item().pk, moderator=ana, confirmed=True)
    decisions.item_remove(item_id=make_item().pk, moderator=ana, reason="spam")
    decisions.item_approve(item_id=make_item().pk, moderator=ben, confirmed=True)
    old = make_item()
    decisions.item_keep(item_id=old.pk, moderator=ben, confirmed=True)
    ReviewItem.objects.filter(pk=old.pk).update(resolved_at=timezone.now() - timedelta(days=31))

    loads = moderation_stats().moderators
    assert [(m.name, m.handled, m.kept, m.removed, m.approved) for m in loads] == [
        ("Ana", 4, 3, 1, 0),
        ("Ben", 1, 0, 0, 1),
    ]
    assert [m.share for m in loads] == [100, 25]


def test_the_page_links_the_oldest_open_crisis_item_and_shows_no_email(client):
    author = UserFactory(display_name="Sam", email="sam.private@example.org")
    older = make_item(author=author, crisis=True, flags=(("crisis", "high"),), opened_at=minutes_ago(90))
    make_item(crisis=True, flags=(("crisis", "high"),), opened_at=minutes_ago(30))
    resolved = make_item(crisis=True, flags=(("crisis", "high"),), opened_at=minutes_ago(500))
    moderator = make_moderator(display_name="Rowan", email="rowan.private@example.org")
    decisions.item_keep(item_id=resolved.pk, moderator=moderator, confirmed=True)

    assert moderation_stats().oldest_crisis == older
    client.force_login(moderator)
    page = client.get(STATS_URL).content.decode()
    item_url = reverse("moderation:item", kwargs={"pk": older.pk})
    assert f'<a href="{item_url}" data-oldest-crisis>a comment by <bdi>Sam</bdi></a>' in page
    assert "Rowan" in page
    assert "private@example.org" not in page
    assert '<rect width="100.0"' in page  # the busiest moderator's bar is full width, with a dot decimal


def test_the_queue_links_to_the_stats_page(client):
    client.force_login(make_moderator())
    assert f'href="{STATS_URL}"' in client.get(reverse("moderation:queue")).content.decode()


def test_access(client):
    login_url = reverse("accounts:login")
    response = client.get(STATS_URL)
    assert response.status_code == 302 and response["Location"].startswith(login_url)
    assert client.post(STATS_URL).status_code == 403
    client.force_login(UserFactory())
    assert client.get(STATS_URL).status_code == 403
    client.force_login(make_moderator())
    assert client.get(STATS_URL).status_code == 200
    assert client.post(STATS_URL).status_code == 405


def _fill(*, moderators: int, items: int):
    post = PostFactory()
    for index in range(moderators):
        moderator = make_moderator()
        for _ in range(items):
            item = make_item(post=post, crisis=index == 0, flags=(("crisis", "high"), ("distress", "medium")))
            decisions.item_keep(item_id=item.pk, moderator=moderator, confirmed=True)
    make_item(post=post, crisis=True, flags=(("crisis", "high"),))


def test_the_selector_costs_five_queries(django_assert_num_queries):
    _fill(moderators=2, items=2)
    with django_assert_num_queries(5):
        moderation_stats()


def test_the_page_costs_the_same_number_of_queries_whatever_the_data(client):
    viewer = make_moderator()
    client.force_login(viewer)
    _fill(moderators=1, items=1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(STATS_URL).status_code == 200
    _fill(moderators=3, items=3)
    with CaptureQueriesContext(connection) as large:
        assert client.get(STATS_URL).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
