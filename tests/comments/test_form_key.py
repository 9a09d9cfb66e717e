"""A comment form sent twice (a double click, a retry) makes one comment and one e-mail: each rendered form carries
a key, unique per author, and the second sending is answered as the first was, even while the first still runs."""

import re
import threading

import pytest
from django.db import connection, connections, transaction
from django.test import Client

from comments import trees
from comments.models import Comment
from notifications.models import Delivery, NotificationPlan
from tests.conftest import wait_for
from tests.factories import PostFactory, UserFactory, make_comment
from tests.notifications.conftest import smtp_settings, smtp_sink  # noqa: F401  (fixtures)

KEY = "k" * 8 + "Z0_-" * 4


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def send(client, post, body, *, key=None, parent=None):
    data = {"body": body}
    if key is not None:
        data["key"] = key
    if parent is not None:
        data["parent"] = str(parent.pk)
    return client.post(f"/p/{post.slug}/comment/", data)


def keys_in(html: str) -> list[str]:
    return re.findall(r'<input type="hidden" name="key" value="([^"]*)"', html)


@pytest.mark.django_db
def test_every_rendered_comment_form_carries_its_own_key():
    post = PostFactory()
    root = make_comment(post=post)
    client = logged_in(UserFactory())
    on_post = keys_in(client.get(post.get_absolute_url()).content.decode())
    on_reply = keys_in(client.get(f"/c/{root.pk}/reply/").content.decode())
    on_thread = keys_in(client.get(f"/c/{root.pk}/thread/").content.decode())
    keys = on_post + on_reply + on_thread
    assert len(on_post) == 2 and len(on_reply) == 1 and len(on_thread) == 1  # post page: join form and reply template
    assert len(set(keys)) == len(keys) and all(re.fullmatch(r"[A-Za-z0-9_-]{16,64}", key) for key in keys)


@pytest.mark.django_db
def test_the_same_form_sent_twice_makes_one_comment_and_the_same_answer(clear_cache):
    post = PostFactory()
    root = make_comment(post=post)
    client = logged_in(UserFactory())
    first = send(client, post, "Same here, every single week.", key=KEY, parent=root)
    second = send(client, post, "Same here, every single week.", key=KEY, parent=root)
    reply = Comment.objects.get(parent=root)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"/c/{reply.pk}/"
    assert reply.form_key == KEY


@pytest.mark.django_db
def test_another_author_may_send_the_same_key(clear_cache):
    post = PostFactory()
    send(logged_in(UserFactory()), post, "Thank you for this.", key=KEY)
    send(logged_in(UserFactory()), post, "Thank you for this.", key=KEY)
    assert Comment.objects.filter(post=post).count() == 2


@pytest.mark.django_db
def test_forms_without_a_key_keep_working(clear_cache):
    post = PostFactory()
    client = logged_in(UserFactory())
    assert send(client, post, "Thank you for this.").status_code == 302
    assert send(client, post, "Thank you for this.", key="").status_code == 302
    assert Comment.objects.filter(post=post).count() == 2  # no key, no claim that they are the same sending


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["short", "x" * 65, "has spaces in it ok?", "<script>alert(1)</script>xxxxxxx"])
def test_a_malformed_key_is_a_clear_400_and_saves_nothing(key, clear_cache):
    post = PostFactory()
    response = send(logged_in(UserFactory()), post, "Thank you for this.", key=key)
    html = response.content.decode()
    assert response.status_code == 400 and "This form was out of date" in html
    assert "Thank you for this." in html and "<script>alert" not in html
    assert not Comment.objects.filter(post=post).exists()


@pytest.mark.django_db
def test_a_used_key_with_other_words_is_refused_with_the_words_kept_and_a_new_key(clear_cache):
    post = PostFactory()
    client = logged_in(UserFactory())
    send(client, post, "My first words.", key=KEY)
    # Back in the browser, the same form, new words: they must not vanish into the first comment.
    response = send(client, post, "Something else I wanted to say.", key=KEY)
    html = response.content.decode()
    assert response.status_code == 409 and "already sent a comment" in html
    assert "Something else I wanted to say." in html
    assert keys_in(html) and KEY not in keys_in(html)
    assert list(Comment.objects.filter(post=post).values_list("body", flat=True)) == ["My first words."]


@pytest.mark.django_db
def test_a_second_sending_is_not_counted_by_the_rate_limit(settings, clear_cache):
    settings.COMMENT_RATE_LIMIT = "2/m"
    post = PostFactory()
    client = logged_in(UserFactory())
    assert send(client, post, "One.", key="a" * 20).status_code == 302
    second = send(client, post, "Two.", key="b" * 20)
    assert second.status_code == 302
    again = send(client, post, "Two.", key="b" * 20)  # the limit is reached, but this is the same form
    assert again.status_code == 302 and again["Location"] == second["Location"]
    assert send(client, post, "Three.", key="c" * 20).status_code == 429
    assert Comment.objects.filter(post=post).count() == 2


def _post_in_thread(results, index, user, post, body, key, parent):
    try:
        response = send(logged_in(user), post, body, key=key, parent=parent)
        results[index] = (response.status_code, response.get("Location"))
    except Exception as error:  # reported by the main thread
        results[index] = error
    finally:
        connection.close()


def _sessions_waiting_on_a_lock() -> int:
    """Connections to this test database that wait for a lock (the tree lock, or a row another one inserted)."""
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("reply", [True, False], ids=["reply", "new thread"])
def test_two_simultaneous_sendings_of_one_form_make_one_comment(postgres, clear_cache, reply):
    """Both requests are in flight at once: a third connection holds the tree lock they need until both wait on
    it, then lets go. The unique constraint, not timing, decides which one inserts."""
    post = PostFactory()
    root = make_comment(post=post)
    user = UserFactory()
    parent = root if reply else None
    holding, release = threading.Event(), threading.Event()

    def hold_lock():
        try:
            with transaction.atomic():
                if reply:
                    trees.lock_node(root.pk)
                else:
                    trees.lock_new_trees()
                holding.set()
                release.wait(30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    assert holding.wait(10)
    results = [None, None]
    senders = [
        threading.Thread(target=_post_in_thread, args=(results, i, user, post, "Me too, me too.", KEY, parent))
        for i in range(2)
    ]
    for thread in senders:
        thread.start()
    try:
        wait_for(lambda: _sessions_waiting_on_a_lock() == 2, timeout=15)
    finally:
        release.set()
        holder.join(30)
        for thread in senders:
            thread.join(60)

    assert not any(isinstance(result, Exception) for result in results), results
    made = Comment.objects.filter(post=post, body="Me too, me too.")
    assert made.count() == 1
    assert results[0] == results[1] == (302, f"/c/{made.get().pk}/")
    connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_post_reply_sends_one_email(celery_worker, smtp_settings, clear_cache):  # noqa: F811
    sink = smtp_settings
    post = PostFactory()
    answered = UserFactory(email="answered@example.org")
    root = make_comment(post=post, user=answered, body="I told my sister today. It went better than I feared.")
    replier = UserFactory()
    client = logged_in(replier)

    first = send(client, post, "That is wonderful to hear, well done.", key=KEY, parent=root)
    second = send(client, post, "That is wonderful to hear, well done.", key=KEY, parent=root)

    reply = Comment.objects.get(parent=root)
    assert first["Location"] == second["Location"] == f"/c/{reply.pk}/"
    wait_for(lambda: NotificationPlan.objects.filter(comment=reply).exists(), timeout=30)
    wait_for(lambda: not Delivery.objects.filter(comment=reply, status__in=["planned", "sending"]).exists(), timeout=30)
    assert len(sink.to("answered@example.org")) == 1
