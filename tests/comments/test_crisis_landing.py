"""After posting: the request's own crisis check opens the page on the resources, and the page tells the truth about
where the comment stands. The real engine (RuleClassifier), no worker unless a test starts one."""

import json
import re

import pytest
from django.test import Client

from comments.models import Comment
from moderation.models import CareFlag, PolicyDecision, ReviewItem, ScanRecord
from moderation.services import scan
from tests.conftest import wait_for
from tests.factories import PostFactory, UserFactory, make_comment
from tests.moderation.queue_support import moderator_group

# Written for these tests; `manage.py classify` reads it as crisis (medium: no plan or means, so it stays visible).
CRISIS_TEXT = (
    "I keep thinking my family would cope better if I just wasn't here any more, "
    "and I've started giving my things away."
)
HOSTILE_TEXT = "Honestly you are pathetic, stop whining, nobody cares about your sad little life."
KIND_TEXT = "Reading this made me feel less alone. Thank you for sharing it."

Action = PolicyDecision.Action


def send(client, post, text, parent=None, **extra):
    data = {"body": text, **extra}
    if parent is not None:
        data["parent"] = str(parent.pk)
    return client.post(f"/p/{post.slug}/comment/", data)


def said(html: str) -> str:
    """What the page says to the author about their comment (not the texts the script keeps for later)."""
    found = re.findall(r'<p class="notice comment-state" id="comment-state">(.*?)</p>', html, re.S)
    found += re.findall(r"<p role=\"status\" data-check-message>(.*?)</p>", html, re.S)
    return " ".join(found)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_engine_reads_the_test_texts_as_the_tests_expect():
    from moderation.classifiers.base import CareContext
    from moderation.pipeline import classify

    assert [(f.category, f.severity) for f in classify(CareContext(text=CRISIS_TEXT))] == [("crisis", "medium")]
    assert [f.category for f in classify(CareContext(text=HOSTILE_TEXT))] == ["hostile"]
    assert classify(CareContext(text=KIND_TEXT)) == []


@pytest.mark.django_db
def test_a_crisis_comment_lands_on_the_resources_before_any_worker_has_checked_it():
    post = PostFactory()
    for _ in range(3):
        make_comment(post=post)
    reader = UserFactory()
    client = logged_in(reader)

    response = send(client, post, CRISIS_TEXT)

    comment = Comment.objects.get(body=CRISIS_TEXT)
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}?page=1#you-matter"
    # No worker has run: the request's check alone opened the urgent item and asked for the resources.
    assert comment.status == Comment.Status.PENDING
    assert not ScanRecord.objects.filter(comment=comment).exists()
    assert not CareFlag.objects.filter(comment=comment).exists()  # flags are the worker's record
    item = ReviewItem.objects.get(comment=comment, status="open")
    assert item.crisis and item.urgent and item.reasons == ["crisis"]
    decision = PolicyDecision.objects.get(comment=comment, action=Action.RESOURCES_SHOWN)
    assert decision.detail == "checked in the request"

    html = client.get(response["Location"]).content.decode()
    assert 'id="you-matter"' in html and "data-focus-on-load" in html and 'tabindex="-1"' in html
    # The panel comes before the author's own comment, and the page says the comment is still being checked.
    assert html.index('id="you-matter"') < html.index(f'id="c{comment.pk}"')
    assert 'href="tel:988"' in html and 'href="sms:988"' in html and 'href="tel:116123"' in html
    assert "Your comment is being checked" in said(html) and "is posted" not in said(html)
    assert "http-equiv" not in html and "js/care.js" in html

    # The landing is said once; later visits still show the panel, without taking focus.
    again = client.get(post.get_absolute_url()).content.decode()
    assert 'id="you-matter"' in again and "data-focus-on-load" not in again


@pytest.mark.django_db
def test_the_worker_scan_after_the_request_check_records_everything_once(django_capture_on_commit_callbacks):
    post = PostFactory()
    reader = UserFactory()
    send(logged_in(reader), post, CRISIS_TEXT)
    comment = Comment.objects.get(body=CRISIS_TEXT)

    with django_capture_on_commit_callbacks():
        scan.comment_scan(comment_id=comment.pk)  # what the worker runs
        scan.comment_scan(comment_id=comment.pk)  # and a redelivered task
    assert scan.comment_crisis_check(comment_id=comment.pk) is True  # a repeated request: no new rows

    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE  # a medium crisis stays visible by default
    assert CareFlag.objects.filter(comment=comment).count() == 1
    assert ScanRecord.objects.filter(comment=comment).count() == 1
    assert ReviewItem.objects.filter(comment=comment).count() == 1
    shown = PolicyDecision.objects.get(comment=comment, action=Action.RESOURCES_SHOWN)
    # The decision the request recorded first now carries the scan's flag.
    assert list(shown.flags.values_list("category", flat=True)) == ["crisis"]
    assert PolicyDecision.objects.filter(comment=comment, action=Action.URGENT_ITEM).count() == 1


@pytest.mark.django_db
def test_a_request_check_after_the_scan_leaves_the_scan_s_record_alone():
    post = PostFactory()
    comment = make_comment(post=post, body=KIND_TEXT, checked=False)
    scan.comment_scan(comment_id=comment.pk)
    assert scan.comment_crisis_check(comment_id=comment.pk) is False
    assert not ReviewItem.objects.filter(comment=comment).exists()


@pytest.mark.django_db(transaction=True)
def test_with_a_real_worker_the_crisis_is_recorded_once_and_moderators_hear_once(celery_worker, mailoutbox):
    moderator = UserFactory(email="mod@example.org")
    moderator.groups.add(moderator_group("moderators"))
    post = PostFactory()
    reader = UserFactory()

    response = send(logged_in(reader), post, CRISIS_TEXT)
    assert response["Location"].endswith("#you-matter")
    comment = Comment.objects.get(body=CRISIS_TEXT)
    wait_for(lambda: ScanRecord.objects.filter(comment=comment).exists())
    wait_for(lambda: any("Urgent" in m.subject for m in mailoutbox))

    assert CareFlag.objects.filter(comment=comment, category="crisis").count() == 1
    assert ReviewItem.objects.filter(comment=comment).count() == 1
    assert PolicyDecision.objects.filter(comment=comment, action=Action.RESOURCES_SHOWN).count() == 1
    assert PolicyDecision.objects.filter(comment=comment, action=Action.ALERT_SENT).count() == 1
    assert [m.to for m in mailoutbox if "Urgent" in m.subject] == [["mod@example.org"]]


@pytest.mark.django_db
def test_the_landing_message_says_posted_only_when_others_can_read_it():
    post = PostFactory()
    parent = make_comment(post=post)
    reader = UserFactory()
    client = logged_in(reader)

    # Checked and visible.
    send(client, post, KIND_TEXT)
    kind = Comment.objects.get(body=KIND_TEXT)
    scan.comment_scan(comment_id=kind.pk)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Thank you. Your comment is posted" in said(html) and "being checked" not in html

    # Held for a moderator.
    send(client, post, HOSTILE_TEXT, parent=parent)
    held = Comment.objects.get(body=HOSTILE_TEXT)
    scan.comment_scan(comment_id=held.pk)
    html = client.get(post.get_absolute_url()).content.decode()
    assert said(html).startswith("Thank you. Your comment is waiting for a moderator")
    assert "is posted" not in said(html) and 'id="you-matter"' not in html

    # Not checked yet: a delayed check says it appears once checked, never "in a second", and offers a link.
    send(client, post, "Sending you a hug from far away.")
    waiting = Comment.objects.get(body="Sending you a hug from far away.")
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Your comment is being checked" in said(html) and "once it has been checked" in said(html)
    assert "a second" not in said(html) and "http-equiv" not in html and "is posted" not in said(html)
    assert f'href="/c/{waiting.pk}/?check=1"' in html and f'data-comment-check="/c/{waiting.pk}/state/"' in html


@pytest.mark.django_db
def test_check_again_without_javascript_says_where_the_comment_stands():
    post = PostFactory()
    reader = UserFactory()
    client = logged_in(reader)
    send(client, post, HOSTILE_TEXT)
    comment = Comment.objects.get(body=HOSTILE_TEXT)
    client.get(post.get_absolute_url())  # the landing, still being checked
    scan.comment_scan(comment_id=comment.pk)

    response = client.get(f"/c/{comment.pk}/?check=1", follow=True)
    html = response.content.decode()
    assert "Your comment is waiting for a moderator" in said(html) and "being checked" not in html
    # Someone else's ?check=1 changes nothing for them: the held comment stays hidden.
    assert Client().get(f"/c/{comment.pk}/?check=1").status_code == 404


@pytest.mark.django_db
def test_the_state_endpoint_answers_the_author_and_hides_held_comments_from_others():
    post = PostFactory()
    reader = UserFactory()
    client = logged_in(reader)
    send(client, post, HOSTILE_TEXT)
    comment = Comment.objects.get(body=HOSTILE_TEXT)
    url = f"/c/{comment.pk}/state/"

    first = client.get(url)
    assert first.status_code == 200 and json.loads(first.content) == {"state": "checking"}
    assert first["Cache-Control"] == "no-store"
    scan.comment_scan(comment_id=comment.pk)
    assert json.loads(client.get(url).content) == {"state": "held"}
    assert logged_in(UserFactory()).get(url).status_code == 404
    assert Client().get(url).status_code == 404
    assert client.post(url).status_code == 405


@pytest.mark.django_db
def test_an_edit_that_reads_as_crisis_opens_the_page_on_the_resources():
    post = PostFactory()
    reader = UserFactory()
    client = logged_in(reader)
    send(client, post, KIND_TEXT)
    comment = Comment.objects.get(body=KIND_TEXT)
    scan.comment_scan(comment_id=comment.pk)

    response = client.post(f"/c/{comment.pk}/edit/", {"body": CRISIS_TEXT})
    assert response.status_code == 302 and response["Location"].endswith("#you-matter")
    assert ReviewItem.objects.filter(comment=comment, crisis=True, status="open").exists()


@pytest.mark.django_db
def test_resources_without_numbers_keep_working_and_numbers_become_links(settings):
    settings.CRISIS_RESOURCES = [{"region": "Testland", "name": "Night Line", "contact": "Call 555 0100"}]
    html = Client().get("/help/").content.decode()
    assert "Night Line" in html and "Call 555 0100" in html and "tel:" not in html

    settings.CRISIS_RESOURCES = [
        {"region": "Testland", "name": "Night Line", "contact": "Call 555 0100", "tel": "+44 (0)20-555 0100"},
        {"region": "Testland", "name": "Text Line", "contact": "Text SHOUT", "sms": "85258"},
    ]
    html = Client().get("/help/").content.decode()
    assert 'href="tel:+440205550100"' in html and ">Call +44 (0)20-555 0100<" in html
    assert 'href="sms:85258"' in html and ">text 85258<" in html


@pytest.mark.django_db
def test_a_crisis_reply_deep_in_a_long_thread_lands_on_the_thread_page_s_panel(settings):
    settings.COMMENTS_PAGE_COMMENTS = 10
    post = PostFactory()
    root = make_comment(post=post)
    parent = root
    for _ in range(12):
        parent = make_comment(post=post, parent=parent)
    reader = UserFactory()
    client = logged_in(reader)

    response = send(client, post, CRISIS_TEXT, parent=parent)

    comment = Comment.objects.get(body=CRISIS_TEXT)
    assert response["Location"] == f"/c/{root.pk}/thread/?page=2#you-matter"
    html = client.get(response["Location"]).content.decode()
    assert "data-focus-on-load" in html and html.index('id="you-matter"') < html.index(f'id="c{comment.pk}"')
    assert "Your comment is being checked" in said(html)
