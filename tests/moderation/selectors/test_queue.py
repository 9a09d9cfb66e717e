"""The queue's reads: order, filters, counts, the item page in context, highlighting, and query counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from moderation.models import CareFlag, Report, ReviewItem
from moderation.selectors import item_detail, queue
from tests.factories import PostFactory, UserFactory, make_comment

from ..queue_support import make_item, make_moderator, make_post_item, minutes_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return make_moderator()


def listed(viewer, **filters) -> list[int]:
    return list(queue.review_queue(filters=queue.QueueFilters(**filters), viewer=viewer).values_list("pk", flat=True))


# --- order ---------------------------------------------------------------------------------------------------


def test_crisis_first_then_severity_then_reports_then_age(moderator):
    old_low = make_item(flags=(("spam", "low"),), opened_at=minutes_ago(300))
    new_low = make_item(flags=(("spam", "low"),), opened_at=minutes_ago(5))
    reported = make_item(flags=(("spam", "low"),), report_count=4, opened_at=minutes_ago(1))
    high = make_item(flags=(("hostile", "high"),), opened_at=minutes_ago(2))
    crisis = make_item(flags=(("crisis", "low"),), crisis=True, opened_at=minutes_ago(1))
    done = make_item(opened_at=minutes_ago(999))
    ReviewItem.objects.filter(pk=done.pk).update(status="resolved")
    assert listed(moderator) == [crisis.pk, high.pk, reported.pk, old_low.pk, new_low.pk]


def test_escalated_items_lead_for_seniors_and_wait_aside_for_moderators(moderator):
    crisis = make_item(flags=(("crisis", "high"),), crisis=True)
    escalated = make_item(flags=(("spam", "low"),), escalated=True, reasons=["held", "escalated"])
    plain = make_item(flags=(("spam", "low"),))
    senior = make_moderator(senior=True)
    assert listed(senior) == [escalated.pk, crisis.pk, plain.pk]
    # Decision: plain moderators can't decide escalated items, so their default list leaves them out; a filter
    # (and the count in the summary) shows them.
    assert listed(moderator) == [crisis.pk, plain.pk]
    assert listed(moderator, escalated=True) == [escalated.pk]


# --- filters and counts ----------------------------------------------------------------------------------------


def test_filters_by_category_reason_status_and_post(moderator):
    post = PostFactory()
    spam = make_item(post=post, flags=(("spam", "low"),))
    hostile = make_item(flags=(("hostile", "medium"),))
    reported = make_item(flags=(), reason="reported", report_count=1)
    Report.objects.create(
        post=reported.post, comment=reported.comment, item=reported, reporter=UserFactory(), reason="personal_info"
    )
    post_item = make_post_item()
    dismissed = make_item(flags=(("distress", "low"),))
    CareFlag.objects.filter(comment=dismissed.comment).update(dismissed=True)
    done = make_item(flags=(("spam", "low"),), status=Comment.Status.VISIBLE)
    ReviewItem.objects.filter(pk=done.pk).update(status="resolved", resolved_at=timezone.now())

    assert set(listed(moderator, category="spam")) == {spam.pk}
    assert set(listed(moderator, category="hostile")) == {hostile.pk}
    assert set(listed(moderator, category="personal_info")) == {reported.pk, post_item.pk}  # report or post flag
    assert listed(moderator, category="distress") == []  # dismissed flags don't count
    assert set(listed(moderator, reason="reported")) == {reported.pk}
    assert set(listed(moderator, reason="post_flagged")) == {post_item.pk}
    assert listed(moderator, post_id=post.pk) == [spam.pk]
    assert listed(moderator, status="resolved") == [done.pk]


def test_counts_per_category_and_the_oldest_wait():
    make_item(flags=(("spam", "low"),), opened_at=minutes_ago(90))
    make_item(flags=(("spam", "low"), ("hostile", "low")), opened_at=minutes_ago(10))
    make_item(flags=(("crisis", "medium"),), crisis=True, opened_at=minutes_ago(20))
    make_item(flags=(("hostile", "low"),), escalated=True)
    counts = queue.review_queue_counts()
    by_category = {category: count for category, _, count in counts.by_category}
    assert by_category == {"crisis": 1, "distress": 0, "hostile": 2, "spam": 2, "personal_info": 0, "other": 0}
    assert counts.open == 4 and counts.escalated == 1
    assert timedelta(minutes=89) < counts.oldest_wait < timedelta(minutes=91)
    assert timedelta(minutes=19) < counts.oldest_crisis_wait < timedelta(minutes=21)


def test_the_list_page_shows_the_wait_prominently_and_filters(client, moderator):
    make_item(flags=(("crisis", "medium"),), crisis=True, opened_at=minutes_ago(125))
    make_item(flags=(("spam", "low"),))
    client.force_login(moderator)
    page = client.get(reverse("moderation:queue")).content.decode()
    assert "The oldest has waited <strong>2\xa0hours, 5\xa0minutes</strong>" in page
    assert "the oldest crisis item has waited" in page
    assert 'href="?category=spam"' in page
    page = client.get(reverse("moderation:queue") + "?category=spam").content.decode()
    assert page.count("data-queue-row") == 1


@pytest.mark.parametrize("query", ["?status=maybe", "?category=nope", "?post=abc", "?page=0", "?reason=x"])
def test_bad_filters_answer_400(client, moderator, query):
    client.force_login(moderator)
    assert client.get(reverse("moderation:queue") + query).status_code == 400


def test_the_list_paginates(client, moderator, settings):
    for _ in range(queue.PAGE_SIZE + 2):
        make_item()
    client.force_login(moderator)
    first = client.get(reverse("moderation:queue")).content.decode()
    assert first.count("data-queue-row") == queue.PAGE_SIZE
    assert "Page 1 of 2" in first
    second = client.get(reverse("moderation:queue") + "?page=2").content.decode()
    assert second.count("data-queue-row") == 2


def test_the_list_page_costs_the_same_queries_for_few_and_many_items(client, moderator, django_assert_num_queries):
    client.force_login(moderator)
    make_item(flags=(("spam", "low"),))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("moderation:queue")).status_code == 200
    claimer = make_moderator()
    for index in range(queue.PAGE_SIZE + 5):
        item = make_item(flags=(("spam", "low"), ("hostile", "medium")), report_count=index % 3)
        if index % 4 == 0:
            ReviewItem.objects.filter(pk=item.pk).update(
                claimed_by=claimer, claimed_until=timezone.now() + timedelta(minutes=5)
            )
    make_post_item()
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(reverse("moderation:queue")).status_code == 200
    # Two more than before the workstation issue: the moderator filter's choices and the rows' report reasons.
    assert len(few.captured_queries) <= 12


# --- one item --------------------------------------------------------------------------------------------------


def test_highlight_escapes_everything_and_marks_evidence():
    text = "<b>hi</b> & I want to <script>x</script> end it"
    spans = [(text.index("end it"), len(text), "crisis: ends"), (0, 3, "other: tag")]
    html = item_detail.highlight(text, spans)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "&amp;" in html
    assert '<mark class="evidence" title="crisis: ends">end it</mark>' in html
    assert html.startswith('<mark class="evidence" title="other: tag">&lt;b&gt;</mark>')


def test_overlapping_evidence_merges():
    html = item_detail.highlight("abcdefgh", [(1, 4, "r1"), (3, 6, "r2")])
    assert html == 'a<mark class="evidence" title="r1; r2">bcdef</mark>gh'


def test_evidence_spans_use_offsets_or_find_the_text():
    flag = CareFlag(
        category="crisis",
        evidence=[
            {"start": 0, "end": 5, "text": "Hello", "rule": "greeting"},
            {"start": 50, "end": 55, "text": "world", "rule": "moved"},  # stale offsets: found by text
            {"start": 0, "end": 3, "text": "gone", "rule": "edited away"},
            "not a dict",
        ],
    )
    assert item_detail.evidence_spans("Hello world", [flag]) == [(0, 5, "crisis: greeting"), (6, 11, "crisis: moved")]


def test_the_item_page_shows_the_comment_in_its_conversation(client, moderator):
    post = PostFactory(title="Hard week", body="The post's own words.")
    parent = make_comment(post=post, body="How is everyone doing?")
    earlier_reply = make_comment(post=post, parent=parent, body="Not great honestly.")
    author = UserFactory(display_name="Jamie")
    make_comment(post=post, user=author, body="An older comment of mine.")
    text = "I <3 you all but I can't do this & want to disappear"
    item = make_item(
        post=post,
        parent=earlier_reply,
        author=author,
        body=text,
        status=Comment.Status.VISIBLE,
        flags=(("crisis", "medium"),),
        crisis=True,
        evidence=[{"start": text.index("want"), "end": len(text), "text": "want to disappear", "rule": "wish_gone"}],
    )
    make_comment(post=post, parent=item.comment, body="I'm here with you.")
    Report.objects.create(
        post=post,
        comment=item.comment,
        item=item,
        reporter=UserFactory(display_name="Kit"),
        reason="crisis",
        note="<i>worried</i>",
    )
    client.force_login(moderator)
    page = client.get(reverse("moderation:item", kwargs={"pk": item.pk})).content.decode()

    assert "I &lt;3 you all but I can&#x27;t do this &amp; " in page
    assert '<mark class="evidence" title="crisis: wish_gone">want to disappear</mark>' in page
    for context in (
        "How is everyone doing?",
        "Not great honestly.",
        "I&#x27;m here with you.",
        "The post&#x27;s own words.",
    ):
        assert context in page
    assert (
        page.index("How is everyone doing?") < page.index("Not great honestly.") < page.index("I&#x27;m here with you.")
    )
    assert "the comment it answers" in page and "a reply to it" in page
    assert "rules test-1" in page and "0.80" in page  # classifier, version and score
    assert "wish_gone" in page
    assert "Kit" in page and "&lt;i&gt;worried&lt;/i&gt;" in page
    assert "<dt>Comments</dt><dd>2</dd>" in page  # the author's own history
    assert "Account age" in page
    assert '<details class="graphic">' not in page  # not graphic: shown at once


def test_graphic_self_harm_is_folded_until_asked_for(client, moderator):
    high = make_item(flags=(("crisis", "high"),), crisis=True, body="a detailed plan")
    means = make_item(
        flags=(("crisis", "medium"),),
        crisis=True,
        body="I have the means here",
        evidence=[{"start": 11, "end": 21, "text": "means here", "rule": "sat_with_means"}],
    )
    mild = make_item(flags=(("crisis", "medium"),), crisis=True, body="it's all too much")
    client.force_login(moderator)
    for item in (high, means):
        page = client.get(reverse("moderation:item", kwargs={"pk": item.pk})).content.decode()
        assert '<details class="graphic">' in page
        folded = page[page.index('<details class="graphic">') :]
        assert folded.index("<summary>") < folded.index('id="item-text"')
    page = client.get(reverse("moderation:item", kwargs={"pk": mild.pk})).content.decode()
    assert '<details class="graphic">' not in page
    listing = client.get(reverse("moderation:queue")).content.decode()
    assert "a detailed plan" not in listing and "I have the means" not in listing
    # The workstation issue: the list never shows a crisis item's words, graphic or not.
    assert "all too much" not in listing
    assert listing.count("Someone may be in crisis. Open the item to read it.") == 3


def test_a_post_item_page(client, moderator):
    item = make_post_item(body="Text me on 07700 900123")
    client.force_login(moderator)
    page = client.get(reverse("moderation:item", kwargs={"pk": item.pk})).content.decode()
    assert "Text me on 07700 900123" in page
    assert "item_remove" not in page and f"/moderation/items/{item.pk}/remove/" not in page


def test_next_and_previous_follow_the_queue_order(moderator):
    crisis = make_item(crisis=True, flags=(("crisis", "medium"),))
    middle = make_item(flags=(("hostile", "high"),))
    last = make_item(flags=(("spam", "low"),))
    detail = item_detail.review_item_detail(item_id=middle.pk, viewer=moderator)
    assert (detail.previous_id, detail.next_id) == (crisis.pk, last.pk)
    detail = item_detail.review_item_detail(item_id=crisis.pk, viewer=moderator)
    assert (detail.previous_id, detail.next_id) == (None, middle.pk)


def test_the_item_page_costs_a_bounded_number_of_queries(client, moderator, django_assert_max_num_queries):
    item = make_item(status=Comment.Status.VISIBLE)
    for _ in range(5):
        make_comment(post=item.post, parent=item.comment)
    client.force_login(moderator)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("moderation:item", kwargs={"pk": item.pk})).status_code == 200


def test_evidence_in_the_parent_is_highlighted_in_the_parent_only():
    parent, reply = "I've written my note and tonight is the night.", "same here honestly"
    flag = CareFlag(
        category="crisis",
        evidence=[
            {"start": 0, "end": len(reply), "text": reply, "rule": "identifies_with_crisis"},
            {"start": 0, "end": 22, "text": parent[:22], "rule": "note_written", "in": "parent"},
        ],
    )
    assert item_detail.evidence_spans(reply, [flag]) == [(0, len(reply), "crisis: identifies_with_crisis")]
    assert item_detail.evidence_spans(parent, [flag], within="parent") == [(0, 22, "crisis: note_written")]
