"""Item 3: "Waiting for a kind word": opt-in, unanswered, distress only, muting both ways, oldest first, no label."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment
from notifications.models import WriterMute
from readers import services
from readers.models import ReaderSettings
from tests.factories import PostFactory, UserFactory, make_comment
from tests.readers.support import flag, logged_in

pytestmark = pytest.mark.django_db


def _listed_writer(**kwargs):
    writer = UserFactory(**kwargs)
    services.waiting_listed_set(user=writer, listed=True)
    return writer


def _waiting(post, *, body, writer=None, category="distress"):
    comment = make_comment(post=post, user=writer or _listed_writer(), body=body)
    flag(comment, category=category)
    return comment


def _page(client) -> str:
    response = client.get("/readers/waiting/")
    assert response.status_code == 200
    return response.content.decode()


def test_lists_listed_unanswered_distress_oldest_first_with_first_lines_and_a_reply_link():
    post = PostFactory()
    newer = _waiting(post, body="Second one.\nIt has been a long week.")
    older = _waiting(post, body="First one. Nobody at home understands.")
    Comment.objects.filter(pk=older.pk).update(created=timezone.now() - timedelta(hours=5))
    html = _page(logged_in(UserFactory()))
    assert html.index("First one.") < html.index("Second one. It has been a long week.")
    assert f'href="/c/{older.pk}/reply/"' in html and f'href="/c/{newer.pk}/reply/"' in html
    assert "distress" not in html.lower() and "flag" not in html.lower()


def test_leaves_out_the_unlisted_the_calm_the_crisis_the_held_and_the_old():
    post = PostFactory()
    not_listed = UserFactory()
    declined = UserFactory()
    services.waiting_listed_set(user=declined, listed=False)
    _waiting(post, body="unlisted words", writer=not_listed)
    _waiting(post, body="declined words", writer=declined)
    make_comment(post=post, user=_listed_writer(), body="calm words")
    _waiting(post, body="crisis words", category="crisis")
    held = _waiting(post, body="held words")
    Comment.objects.filter(pk=held.pk).update(status=Comment.Status.HELD)
    old = _waiting(post, body="old words")
    Comment.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=30))
    shown = _waiting(post, body="shown words")
    html = _page(logged_in(UserFactory()))
    assert "shown words" in html
    for hidden in ("unlisted", "declined", "calm", "crisis words", "held words", "old words"):
        assert hidden not in html
    assert shown


def test_a_reply_by_someone_else_removes_the_entry_but_the_writers_own_does_not():
    post = PostFactory()
    writer = _listed_writer()
    comment = _waiting(post, body="anyone there?", writer=writer)
    reader = logged_in(UserFactory())
    make_comment(post=post, user=writer, parent=comment, body="adding a bit more")
    assert "anyone there?" in _page(reader)
    make_comment(post=post, parent=comment, body="I'm here. That sounds so hard.")
    assert "anyone there?" not in _page(reader)


def test_muting_counts_both_ways_and_ones_own_words_are_not_listed():
    post = PostFactory()
    reader = UserFactory()
    muted_by_reader, muting_reader = _listed_writer(), _listed_writer()
    _waiting(post, body="from someone I muted", writer=muted_by_reader)
    _waiting(post, body="from someone who muted me", writer=muting_reader)
    WriterMute.objects.create(user=reader, writer=muted_by_reader)
    WriterMute.objects.create(user=muting_reader, writer=reader)
    services.waiting_listed_set(user=reader, listed=True)
    _waiting(post, body="my own words", writer=reader)
    html = _page(logged_in(reader))
    assert "muted" not in html and "my own words" not in html
    assert "from someone I muted" in _page(logged_in(UserFactory()))


def test_a_listed_post_nobody_answered_is_there_until_a_reader_comments():
    author = _listed_writer()
    post = PostFactory(author=author, body="I don't know how to keep going with work like this.")
    flag(post=post)
    reader = logged_in(UserFactory())
    assert "how to keep going" in _page(reader) and f'href="{post.get_absolute_url()}#join-heading"' in _page(reader)
    make_comment(post=post, body="Sending you strength.")
    assert "how to keep going" not in _page(reader)


def test_only_for_signed_in_readers():
    assert Client().get("/readers/waiting/").status_code == 302


def test_the_page_costs_the_same_queries_for_two_entries_or_twelve():
    post = PostFactory()
    client = logged_in(UserFactory())
    for n in range(2):
        _waiting(post, body=f"entry {n}")
    client.get("/readers/waiting/")
    with CaptureQueriesContext(connection) as few:
        _page(client)
    for n in range(10):
        _waiting(post, body=f"more {n}")
    with CaptureQueriesContext(connection) as many:
        html = _page(client)
    assert html.count('class="waiting-entry"') == 12
    assert len(few) == len(many)


def test_the_offer_after_a_hard_comment_is_kind_once_and_remembered():
    post = PostFactory()
    writer = UserFactory()
    comment = make_comment(post=post, user=writer, body="Everything feels too heavy this week.")
    flag(comment)
    client = logged_in(writer)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Would you like someone to answer?" in html and "distress" not in html.lower()
    response = client.post("/readers/waiting/choice/", {"listed": "yes", "next": post.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    assert ReaderSettings.objects.get(user=writer).waiting_listed is True
    assert "Would you like someone to answer?" not in client.get(post.get_absolute_url()).content.decode()
    # Nobody else sees the offer; a crisis comment's writer sees the resources, not this offer.
    assert "Would you like someone" not in logged_in(UserFactory()).get(post.get_absolute_url()).content.decode()
    other = UserFactory()
    flag(make_comment(post=post, user=other, body="x"), category="crisis")
    assert "Would you like someone" not in logged_in(other).get(post.get_absolute_url()).content.decode()
    # And it can be changed on the waiting page.
    client.post("/readers/waiting/choice/", {"listed": "no"})
    assert ReaderSettings.objects.get(user=writer).waiting_listed is False
