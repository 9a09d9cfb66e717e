"""The post page's query count does not grow with the conversation: 10 comments cost what 2,000 cost."""

import re

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from comments.services import comment_create, comment_delete
from tests.factories import PostFactory, UserFactory

Status = Comment.Status


def _add(*, user, post, parent=None, status=Status.VISIBLE, body="I hear you."):
    comment = comment_create(user=user, post=post, parent_id=parent.pk if parent else None, body=body)
    if comment.status != status:  # status is not a tree field; set it the way moderation would
        Comment.objects.filter(pk=comment.pk).update(status=status)
        comment.status = status
    return comment


def _mixed_statuses(*, post, parent, me, others):
    """A few comments in every state under `parent`: each viewer must see a different set of them."""
    _add(user=me, post=post, parent=parent, status=Status.PENDING, body="my pending")
    _add(user=me, post=post, parent=parent, status=Status.HELD, body="my held")
    # Replies first: nobody can answer a comment once it is held or removed.
    held = _add(user=others[0], post=post, parent=parent, body="their held")
    _add(user=others[1], post=post, parent=held, body="reply under held")
    Comment.objects.filter(pk=held.pk).update(status=Status.HELD)
    removed = _add(user=others[1], post=post, parent=parent, body="removed")
    _add(user=others[0], post=post, parent=removed, body="reply under removed")
    Comment.objects.filter(pk=removed.pk).update(status=Status.REMOVED)
    deleted = _add(user=others[2], post=post, parent=parent, body="soon deleted")
    _add(user=others[0], post=post, parent=deleted, body="reply under deleted")
    comment_delete(comment=deleted, user=others[2])
    return 8


def _build():
    me, staff = UserFactory(display_name="Me"), UserFactory(display_name="Staff", is_staff=True)
    others = [UserFactory() for _ in range(6)]
    small, big = PostFactory(title="Small"), PostFactory(title="Big")

    root = _add(user=others[0], post=small)
    _add(user=others[1], post=small, parent=root)
    assert 2 + _mixed_statuses(post=small, parent=root, me=me, others=others) == 10

    # One thread with 1,000 replies: 124 chains of 8 (so it reaches depth 8) and the mixed set.
    long_root = _add(user=others[0], post=big, body="the long thread")
    made = 1
    deepest = None
    for branch in range(124):
        parent = long_root
        for depth in range(8):
            parent = _add(user=others[(branch + depth) % len(others)], post=big, parent=parent)
            deepest = parent
        made += 8
    assert deepest.level == 8
    mixed_parent = Comment.objects.filter(tree_id=long_root.tree_id, level=3).order_by("lft").first()
    made += _mixed_statuses(post=big, parent=mixed_parent, me=me, others=others)
    assert made == 1001
    # The remaining 999 comments in 333 short threads (seven pages of threads).
    remaining = 2000 - made
    while remaining:
        thread_root = _add(user=others[remaining % len(others)], post=big)
        remaining -= 1
        for _ in range(min(2, remaining)):
            _add(user=others[remaining % len(others)], post=big, parent=thread_root)
            remaining -= 1
    return {"me": me, "staff": staff, "small": small, "big": big, "deepest": deepest, "long_root": long_root}


@pytest.fixture(scope="module")
def conversations(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction rolled back at the end (like setUpTestData).

    Each test's own `db` transaction nests inside it as a savepoint.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _client_for(who, data) -> Client:
    client = Client()
    if who != "anonymous":
        client.force_login(data[who])
    return client


def _count_queries(client: Client, url: str) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content


@pytest.mark.slow
@pytest.mark.parametrize("who", ["anonymous", "me", "staff"])
def test_post_page_query_count_does_not_grow_with_comments(db, conversations, who):
    assert conversations["small"].comments.count() == 10
    assert conversations["big"].comments.count() == 2000
    client = _client_for(who, conversations)
    client.get(conversations["small"].get_absolute_url())  # warm-up: session, permissions cache
    client.get(conversations["big"].get_absolute_url())  # and a first visit (issue 15's last-visit row) for both

    small, small_html = _count_queries(client, conversations["small"].get_absolute_url())
    big, big_html = _count_queries(client, conversations["big"].get_absolute_url())
    big_page_3, _ = _count_queries(client, conversations["big"].get_absolute_url() + "?page=3")
    # Issue 15: the other thread orders cost the same.
    sorted_counts = {
        _count_queries(client, conversations["big"].get_absolute_url() + f"?sort={sort}&page={page}")[0]
        for sort in ("newest", "activity")
        for page in (1, 3)
    }

    assert small == big == big_page_3
    assert sorted_counts == {big}
    # 15 since issue 15's readers app: support signals on the post and on the page's comments (two queries) and, for
    # a signed-in reader, whether to offer them the waiting list (one). Issue 15's threads add the crisis-flagged
    # comments to fold (everyone) and, for signed-in readers, the writers they muted and their last visit (read,
    # then recorded).
    assert small <= (12 if who == "anonymous" else 15) + (1 if who == "anonymous" else 4)
    # The viewer's view of the statuses reached the page in both cases.
    for html in (small_html, big_html):
        assert (b"my pending" in html) is (who != "anonymous")
        assert (b"their held" in html) is (who == "staff")
        assert b"Comment deleted" in html
        assert b"soon deleted" not in html and b">removed<" not in html


@pytest.mark.slow
def test_big_post_page_holds_about_300_comments_and_links_the_rest(db, conversations):
    html = Client().get(conversations["big"].get_absolute_url()).content.decode()
    assert html.count('class="comment"') + html.count('class="comment flattened"') <= settings.COMMENTS_PAGE_COMMENTS
    assert html.count("<article") <= settings.COMMENTS_PAGE_COMMENTS
    assert html.count("<article") >= settings.COMMENTS_PAGE_COMMENTS - 60
    assert "more replies" in html
    thread_url = f"/c/{conversations['long_root'].pk}/thread/?page="
    assert thread_url in html


@pytest.mark.slow
@pytest.mark.parametrize("who", ["anonymous", "me", "staff"])
def test_thread_page_query_count_is_constant(db, conversations, who):
    client = _client_for(who, conversations)
    url = f"/c/{conversations['long_root'].pk}/thread/"
    client.get(url)
    counts = {_count_queries(client, f"{url}?page={page}")[0] for page in (1, 2, 4)}
    assert len(counts) == 1


ARTICLE_ID = re.compile(r'<article class="comment(?! tombstone)[^"]*" id="c(\d+)"')


@pytest.mark.slow
def test_a_thread_of_over_500_comments_reads_page_by_page(db, conversations):
    """Issue 15: the 1,001-comment thread is read whole, page by page, each comment once, at a constant cost."""
    root = conversations["long_root"]
    client = _client_for("me", conversations)
    url = f"/c/{root.pk}/thread/"
    client.get(url)
    shown, counts, page = [], set(), 1
    while True:
        count, html = _count_queries(client, f"{url}?page={page}")
        counts.add(count)
        shown += [int(pk) for pk in ARTICLE_ID.findall(html.decode())]
        if b'rel="next"' not in html:
            break
        page += 1
    assert page == 4  # 1,001 comments, COMMENTS_PAGE_COMMENTS (300) a page
    assert len(counts) == 1
    readable = (
        Comment.objects.filter(tree_id=root.tree_id)
        .exclude(status__in=[Status.REMOVED, Status.DELETED])
        .exclude(status=Status.HELD, body="their held")
    )
    assert len(shown) == len(set(shown))
    assert set(shown) == set(readable.values_list("pk", flat=True))


@pytest.mark.slow
def test_permalink_deep_in_the_long_thread_lands_on_the_thread_view(db, conversations):
    deepest = conversations["deepest"]
    response = Client().get(f"/c/{deepest.pk}/")
    assert response.status_code == 302
    rank = Comment.objects.filter(tree_id=deepest.tree_id, lft__lt=deepest.lft).count()
    page = rank // settings.COMMENTS_PAGE_COMMENTS + 1
    assert response["Location"] == f"/c/{conversations['long_root'].pk}/thread/?page={page}#c{deepest.pk}"
    html = Client().get(response["Location"]).content.decode()
    assert f'id="c{deepest.pk}"' in html
    assert "replying to" in html


# The posting request (issue 16): a reply to a thread's first comment, sent from the post page by a reader who
# already follows the thread, with the on-commit handlers run as after the real commit (the care drain's wake-up,
# which reads no rows, is left out). Counted inside the test's transaction, so the insert's transaction is a
# savepoint: the post, the session and the user; the form key (once); the draft's crisis reading (its parent's
# text) and the nudge's outcome; the commenter, the thread's lock and the parent under it, the room and the insert;
# the follow (the comment with its parent, the subscription); the request's crisis check (one query, which also
# serves the wait for the worker); the session's landing. 30 before issue 16's posting request work.
POST_REPLY_QUERIES = 20


def _reply(client: Client, *, post, parent, key: str) -> None:
    body = {"body": "Same here, it helps to read this.", "parent": parent.pk, "key": key}
    assert client.post(f"/p/{post.slug}/comment/", body).status_code == 302


@pytest.mark.django_db
def test_posting_a_reply_costs_the_same_queries_in_a_small_and_a_big_thread(
    clear_cache, monkeypatch, settings, django_capture_on_commit_callbacks
):
    from moderation.services import scan_batch

    settings.COMMENT_RATE_LIMIT = "100/m"

    monkeypatch.setattr(scan_batch, "care_check_wake", lambda **ids: None)
    others = [UserFactory() for _ in range(4)]
    small, big = PostFactory(title="Small"), PostFactory(title="Big")
    small_root = _add(user=others[0], post=small)
    big_root = _add(user=others[0], post=big)
    for n in range(60):  # 60 replies, many of them deep
        parent = big_root if n % 3 == 0 else Comment.objects.filter(tree_id=big_root.tree_id).order_by("-pk").first()
        _add(user=others[n % len(others)], post=big, parent=parent)
    client = _client_for("me", {"me": UserFactory()})
    threads = ((small, small_root), (big, big_root))
    for post, root in threads:  # the first reply makes the commenter and follows the thread
        with django_capture_on_commit_callbacks(execute=True):
            _reply(client, post=post, parent=root, key=f"first-reply-key-{post.pk:04d}")

    counts = []
    for n in range(2):
        for post, root in threads:
            with CaptureQueriesContext(connection) as captured, django_capture_on_commit_callbacks(execute=True):
                _reply(client, post=post, parent=root, key=f"posting-key-{post.pk:04d}-{n:04d}")
            counts.append(len(captured))
    assert counts == [POST_REPLY_QUERIES] * 4
    assert Comment.objects.filter(parent=big_root).count() == 20 + 3
