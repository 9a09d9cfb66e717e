"""The queue as a workstation: filters in the URL, a constant number of queries, the next item after a decision,
the list beside the item, and decisions from the list for spam and reports only."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from moderation.models import ModerationAction, Report, ReviewItem
from moderation.selectors import queue
from moderation.services import items as item_services
from tests.factories import PostFactory, UserFactory

from .queue_support import make_item, make_moderator, make_post_item, minutes_ago

pytestmark = pytest.mark.django_db

QUEUE = reverse("moderation:queue")


@pytest.fixture
def moderator():
    return make_moderator(display_name="Morgan")


def item_url(item, query: str = "") -> str:
    return reverse("moderation:item", args=[item.pk]) + (f"?{query}" if query else "")


def rows_of(page: str) -> int:
    return page.count("data-queue-row")


def spam_item(**fields) -> ReviewItem:
    return make_item(flags=(("spam", "low"),), body=fields.pop("body", "Cheap followers at my shop"), **fields)


# --- filters and search ----------------------------------------------------------------------------------------


def test_filters_by_writer_post_category_moderator_and_date(client, moderator):
    lena, tom = UserFactory(display_name="Lena Park"), UserFactory(display_name="Tom")
    grief = PostFactory(title="Grief at Christmas")
    other = PostFactory(title="Starting therapy")
    by_lena = spam_item(post=grief, author=lena, opened_at=timezone.now() - timedelta(days=3))
    hostile_by_tom = make_item(post=other, author=tom)
    spam_by_tom = spam_item(post=other, author=tom)
    post_by_lena = make_post_item()
    post_by_lena.post.author = lena
    post_by_lena.post.save()
    helper = make_moderator(display_name="Robin")
    item_services.item_claim(item_id=hostile_by_tom.pk, moderator=helper)
    client.force_login(moderator)

    def found(query: str) -> set[int]:
        response = client.get(QUEUE + "?" + query)
        assert response.status_code == 200, query
        return set(response.context["result"].page.object_list.values_list("pk", flat=True))

    assert found("writer=lena") == {by_lena.pk, post_by_lena.pk}  # a comment's writer or a post's author
    assert found("writer=tom&category=spam") == {spam_by_tom.pk}
    assert found("title=christmas") == {by_lena.pk}
    assert found(f"moderator={helper.pk}") == {hostile_by_tom.pk}
    today = timezone.now().date()
    assert found(f"since={today.isoformat()}") == {hostile_by_tom.pk, spam_by_tom.pk, post_by_lena.pk}
    assert found(f"until={(today - timedelta(days=1)).isoformat()}") == {by_lena.pk}
    page = client.get(QUEUE + "?writer=tom&category=spam").content.decode()
    assert 'value="tom"' in page and "Reset filters" in page
    # The filters travel with the moderator: into each item, and back to the list.
    assert f'href="{item_url(spam_by_tom, "category=spam&amp;writer=tom")}"' in page


def test_filter_values_are_escaped_everywhere_they_reappear(client, moderator):
    item = spam_item()
    client.force_login(moderator)
    nasty = '"><script>alert(1)</script>'
    page = client.get(QUEUE, {"writer": nasty}).content.decode()
    assert "<script>alert(1)" not in page
    page = client.get(item_url(item), {"writer": nasty}).content.decode()
    assert "<script>alert(1)" not in page
    assert "writer=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E" in page  # carried, URL-encoded


@pytest.mark.parametrize(
    "query",
    ["since=2026-13-45", "until=yesterday", "since=2026-12-03&until=2026-12-01", "category=nope", "moderator=99999"],
)
def test_bad_filters_are_a_clear_message_not_an_error(client, moderator, query):
    client.force_login(moderator)
    response = client.get(QUEUE + "?" + query)
    assert response.status_code == 400
    page = response.content.decode()
    assert "These filters can&#x27;t be used" in page and "Reset filters" in page


def test_an_item_page_ignores_filters_it_cannot_use(client, moderator):
    item = spam_item()
    client.force_login(moderator)
    assert client.get(item_url(item, "since=nonsense")).status_code == 200


# --- a constant number of queries ------------------------------------------------------------------------------


def fill_queue(count: int, *, claimer) -> None:
    """`count` open items of every kind the list shows: spam, hostile, reported, claimed, escalated, posts."""
    post = PostFactory()
    for index in range(count):
        kind = index % 5
        if kind == 0:
            item = spam_item(post=post)
        elif kind == 1:
            item = make_item(post=post, flags=(("hostile", "medium"), ("spam", "low")), report_count=1)
            Report.objects.create(post=post, comment=item.comment, item=item, reporter=UserFactory(), reason="spam")
        elif kind == 2:
            item = make_item(post=post, flags=(("crisis", "medium"),), crisis=True)
        elif kind == 3:
            item = make_post_item()
        else:
            item = spam_item(post=post, escalated=True)
        if index % 4 == 0:
            ReviewItem.objects.filter(pk=item.pk).update(
                claimed_by=claimer, claimed_until=timezone.now() + timedelta(minutes=5)
            )
        ModerationAction.objects.create(item=item, moderator=claimer, action="claimed")


@pytest.mark.parametrize("query", ["", "?category=spam&writer=a&moderator={claimer}&since=2020-01-01"])
def test_the_list_costs_the_same_queries_with_20_and_200_items(client, query):
    senior = make_moderator(senior=True)
    claimer = make_moderator(display_name="Robin")
    client.force_login(senior)
    url = QUEUE + query.format(claimer=claimer.pk)
    fill_queue(20, claimer=claimer)
    with CaptureQueriesContext(connection) as twenty:
        assert client.get(url).status_code == 200
    fill_queue(180, claimer=claimer)
    with CaptureQueriesContext(connection) as two_hundred:
        response = client.get(url)
        assert response.status_code == 200
    assert len(two_hundred.captured_queries) == len(twenty.captured_queries)
    assert len(twenty.captured_queries) >= 8  # the count is real: session, user, permissions, page, flags, counts
    if not query:
        assert response.context["result"].page.paginator.count == 200


def test_the_item_page_with_the_list_beside_it_costs_the_same_queries(client):
    senior = make_moderator(senior=True)
    claimer = make_moderator()
    client.force_login(senior)
    fill_queue(20, claimer=claimer)
    first = ReviewItem.objects.filter(status="open").order_by("pk").first()
    with CaptureQueriesContext(connection) as twenty:
        assert client.get(item_url(first, "category=spam")).status_code == 200
    fill_queue(180, claimer=claimer)
    with CaptureQueriesContext(connection) as two_hundred:
        assert client.get(item_url(first, "category=spam")).status_code == 200
    assert len(two_hundred.captured_queries) == len(twenty.captured_queries)


# --- the list beside the item ----------------------------------------------------------------------------------


def test_the_list_beside_an_item_shows_the_page_that_holds_it(client, moderator):
    items = [spam_item(opened_at=minutes_ago(500 - index)) for index in range(queue.PAGE_SIZE + 3)]
    client.force_login(moderator)
    last = items[-1]
    response = client.get(item_url(last, "category=spam"))
    pane = response.context["pane"]
    assert pane.page.number == 2
    page = response.content.decode()
    assert 'class="queue-pane"' in page and 'aria-current="page"' in page
    # On the item page the keys belong to the item, not to the list beside it.
    assert "data-queue-row" not in page


def test_the_list_never_shows_a_crisis_items_words(client, moderator):
    crisis = make_item(flags=(("crisis", "medium"),), crisis=True, body="I can't see a way through this week")
    spam_item(body="Visit my shop for cheap followers")
    client.force_login(moderator)
    listing = client.get(QUEUE).content.decode()
    assert "a way through" not in listing and "cheap followers" in listing
    beside = client.get(item_url(spam_item())).content.decode()
    pane = beside[beside.index('class="queue-pane"') :]
    assert "a way through" not in pane and "Someone may be in crisis" in pane
    assert crisis.pk


# --- the next item after a decision ----------------------------------------------------------------------------


def test_after_a_decision_the_next_item_of_the_same_filters_opens(client, moderator):
    first = spam_item(opened_at=minutes_ago(30))
    make_item(opened_at=minutes_ago(20))  # hostile: not in the spam filter
    taken = spam_item(opened_at=minutes_ago(15))
    ReviewItem.objects.filter(pk=taken.pk).update(
        claimed_by=make_moderator(), claimed_until=timezone.now() + timedelta(minutes=5)
    )
    third = spam_item(opened_at=minutes_ago(10))
    client.force_login(moderator)
    response = client.post(
        reverse("moderation:item_remove", args=[first.pk]) + "?category=spam", {"reason": "spam"}, follow=True
    )
    # Someone else's item is skipped; the hostile one is outside the filter.
    assert response.redirect_chain[-1][0] == item_url(third, "category=spam")
    page = response.content.decode()
    assert "The next item is open." in page and "next-opened" in page
    assert 'id="item-heading" tabindex="-1"' in page
    response = client.post(reverse("moderation:item_approve", args=[third.pk]) + "?category=spam", follow=True)
    assert response.redirect_chain[-1][0] == QUEUE + "?category=spam"
    assert "Nothing else is waiting here." in response.content.decode()


def test_a_step_that_leaves_the_item_open_stays_on_it(client, moderator):
    item = make_item(flags=(("personal_info", "medium"),), body="Call me on 07700 900123")
    spam_item()
    client.force_login(moderator)
    response = client.post(
        reverse("moderation:item_redact", args=[item.pk]) + "?writer=a", {"body": "Call me"}, follow=False
    )
    assert response.url == item_url(item, "writer=a")


def test_a_confirmation_keeps_the_filters(client, moderator):
    item = make_item()  # hostile and held: publishing it asks first
    client.force_login(moderator)
    page = client.post(reverse("moderation:item_approve", args=[item.pk]) + "?category=hostile").content.decode()
    assert f'action="{reverse("moderation:item_approve", args=[item.pk])}?category=hostile"' in page
    item.comment.refresh_from_db()
    assert item.comment.status == Comment.Status.HELD


# --- decisions from the list -----------------------------------------------------------------------------------


def test_only_spam_and_report_rows_offer_decisions_in_the_list(client, moderator):
    spam = spam_item()
    reported = make_item(flags=(), status=Comment.Status.VISIBLE, reason="reported", report_count=1)
    Report.objects.create(
        post=reported.post, comment=reported.comment, item=reported, reporter=UserFactory(), reason="other"
    )
    hostile = make_item()
    crisis = make_item(flags=(("crisis", "medium"),), crisis=True)
    spam_and_hostile_report = spam_item()
    Report.objects.create(
        post=spam_and_hostile_report.post,
        comment=spam_and_hostile_report.comment,
        item=spam_and_hostile_report,
        reporter=UserFactory(),
        reason="hostile",
    )
    client.force_login(moderator)
    rows = {row.item.pk: row.quick for row in client.get(QUEUE).context["result"].rows}
    assert rows[spam.pk] == ("remove_spam", "approve")
    assert rows[reported.pk] == ("keep",)
    assert rows[hostile.pk] == rows[crisis.pk] == rows[spam_and_hostile_report.pk] == ()
    page = client.get(QUEUE).content.decode()
    assert page.count('form="quick-form"') == 3
    assert 'id="quick-form"' in page


def test_a_decision_from_the_list_returns_to_the_same_list(client, moderator):
    spam = spam_item()
    spam_item()
    client.force_login(moderator)
    url = reverse("moderation:item_remove", args=[spam.pk]) + "?category=spam&page=1"
    response = client.post(url, {"reason": "spam", "from": "list"})
    assert response.status_code == 302 and response.url == QUEUE + "?category=spam&page=1"
    spam.refresh_from_db()
    assert spam.status == ReviewItem.Status.RESOLVED and spam.resolved_by == moderator
    assert ModerationAction.objects.filter(item=spam, action="removed", moderator=moderator).exists()
    assert f"Item {spam.pk}: Removed." in client.get(response.url).content.decode()


def test_a_refused_decision_from_the_list_says_why(client, moderator):
    spam = spam_item()
    item_services.item_claim(item_id=spam.pk, moderator=make_moderator(display_name="Robin"))
    client.force_login(moderator)
    response = client.post(reverse("moderation:item_remove", args=[spam.pk]), {"reason": "spam", "from": "list"})
    assert response.status_code >= 400
    assert "Robin" in response.content.decode()
    spam.refresh_from_db()
    assert spam.status == ReviewItem.Status.OPEN


def test_a_sensitive_item_sent_from_the_list_still_asks_to_confirm(client, moderator):
    """Should a hostile item's row ever carry a quick button (a stale page), the server still asks first."""
    hostile = make_item()
    client.force_login(moderator)
    response = client.post(reverse("moderation:item_approve", args=[hostile.pk]), {"from": "list"})
    assert response.status_code == 200 and "Check before it is shown" in response.content.decode()
    hostile.comment.refresh_from_db()
    assert hostile.comment.status == Comment.Status.HELD


def test_a_bulk_action_returns_to_the_same_filtered_list(client, moderator):
    spam = spam_item()
    client.force_login(moderator)
    page = client.get(QUEUE + "?category=spam").content.decode()
    assert f'action="{reverse("moderation:queue_bulk")}?category=spam"' in page
    response = client.post(
        reverse("moderation:queue_bulk") + "?category=spam", {"items": [spam.pk], "action": "remove"}
    )
    assert response.status_code == 302 and response.url == QUEUE + "?category=spam"
    spam.refresh_from_db()
    assert spam.status == ReviewItem.Status.RESOLVED


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(0, "0 min"), (4, "4 min"), (60, "1 h"), (125, "2 h 5 min"), (1440 * 3, "3 d"), (1440 * 3 + 120, "3 d 2 h")],
)
def test_waits_are_short_in_a_dense_row(minutes, shown):
    from moderation.templatetags.queue_tags import duration_short

    assert duration_short(timedelta(minutes=minutes, seconds=30)) == shown
