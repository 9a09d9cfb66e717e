"""Item 4: "Sending support" and "I relate": one per person per item, undo, counts, limits, mutes, crisis."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from notifications.models import WriterMute
from readers.models import SupportSignal
from tests.factories import PostFactory, UserFactory, make_comment
from tests.readers.support import flag, logged_in

pytestmark = pytest.mark.django_db


def _send(client, post, kind, *, comment=None, on=True, json=False):
    data = {"post": str(post.pk), "kind": kind, "on": "1" if on else "0", "next": post.get_absolute_url()}
    if comment is not None:
        data["comment"] = str(comment.pk)
    headers = {"HTTP_ACCEPT": "application/json"} if json else {}
    return client.post("/readers/signal/", data, **headers)


def test_send_twice_counts_once_and_undo_takes_it_back(clear_cache):
    post = PostFactory()
    comment = make_comment(post=post)
    client = logged_in(UserFactory())
    for _ in range(2):
        response = _send(client, post, "support", comment=comment)
        assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    assert SupportSignal.objects.filter(comment=comment, kind="support").count() == 1
    _send(client, post, "relate", comment=comment)
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in html
    _send(client, post, "support", comment=comment, on=False)
    assert not SupportSignal.objects.filter(comment=comment, kind="support").exists()
    assert SupportSignal.objects.filter(comment=comment, kind="relate").count() == 1


def test_the_database_keeps_one_per_person_per_item():
    post = PostFactory()
    comment = make_comment(post=post)
    user = UserFactory()
    SupportSignal.objects.create(user=user, kind="support", post=post, comment=comment)
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportSignal.objects.create(user=user, kind="support", post=post, comment=comment)
    SupportSignal.objects.create(user=user, kind="support", post=post)
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportSignal.objects.create(user=user, kind="support", post=post)


def test_counts_show_to_everyone_buttons_only_to_signed_in_readers_and_anonymous_cannot_send(clear_cache):
    post = PostFactory()
    comment = make_comment(post=post)
    for _ in range(3):
        _send(logged_in(UserFactory()), post, "support", comment=comment)
    html = Client().get(post.get_absolute_url()).content.decode()
    assert "3 sending support" in html and "signal-form" not in html
    response = _send(Client(), post, "support", comment=comment)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert _send(Client(), post, "support", comment=comment, json=True).status_code == 403
    assert SupportSignal.objects.count() == 3


def test_a_post_receives_them_too_and_the_writer_cannot_send_to_their_own(clear_cache):
    post = PostFactory()
    reader = logged_in(UserFactory())
    answer = _send(reader, post, "relate", json=True)
    assert answer.status_code == 200 and answer.json() == {"kind": "relate", "on": True, "count": 1}
    assert SupportSignal.objects.get().comment is None
    assert _send(logged_in(post.author), post, "support").status_code == 403
    writer = UserFactory()
    own = make_comment(post=post, user=writer)
    assert _send(logged_in(writer), post, "support", comment=own).status_code == 403
    thread = logged_in(writer).get(f"/c/{own.pk}/thread/").content.decode()
    assert "signal-form" not in thread.split(f'id="c{own.pk}"')[1]


def test_on_a_crisis_comment_only_sending_support_is_offered(clear_cache):
    post = PostFactory()
    comment = make_comment(post=post)
    flag(comment, category="crisis")
    client = logged_in(UserFactory())
    html = client.get(post.get_absolute_url()).content.decode()
    block = html.split(f'id="c{comment.pk}"')[1].split("</article>")[0]
    assert "Sending support" in block and "I relate" not in block
    assert _send(client, post, "relate", comment=comment).status_code == 403
    assert _send(client, post, "support", comment=comment).status_code == 302
    # The flag itself is never named.
    assert "crisis" not in block.lower()


def test_not_shown_to_and_not_accepted_from_a_reader_the_writer_muted(clear_cache):
    post = PostFactory()
    writer, muted = UserFactory(), UserFactory()
    comment = make_comment(post=post, user=writer)
    _send(logged_in(UserFactory()), post, "support", comment=comment)
    WriterMute.objects.create(user=writer, writer=muted)
    client = logged_in(muted)
    block = client.get(post.get_absolute_url()).content.decode().split(f'id="c{comment.pk}"')[1].split("</article>")[0]
    assert "data-signals" not in block and "sending support" not in block.lower()
    assert _send(client, post, "support", comment=comment).status_code == 403


def test_rate_limited(settings, clear_cache):
    settings.READERS_SIGNAL_RATE_LIMIT = "3/m"
    post = PostFactory()
    comments = [make_comment(post=post) for _ in range(4)]
    client = logged_in(UserFactory())
    statuses = [_send(client, post, "support", comment=c).status_code for c in comments]
    assert statuses == [302, 302, 302, 429]
    assert _send(client, post, "relate", json=True).status_code == 429


def test_no_email_is_sent_for_them(clear_cache, mailoutbox):
    post = PostFactory()
    comment = make_comment(post=post)
    mailoutbox.clear()
    _send(logged_in(UserFactory()), post, "support", comment=comment)
    assert mailoutbox == []


def test_a_hidden_comment_cannot_receive_them(clear_cache):
    post = PostFactory()
    comment = make_comment(post=post, checked=False)  # still being checked: only its writer can read it
    assert _send(logged_in(UserFactory()), post, "support", comment=comment).status_code == 404


def test_on_a_crisis_flagged_post_only_sending_support_too_and_a_sanctioned_reader_cannot_send(clear_cache):
    from datetime import timedelta

    from django.utils import timezone

    post = PostFactory()
    flag(post=post, category="crisis")
    client = logged_in(UserFactory())
    header = client.get(post.get_absolute_url()).content.decode().split('id="conversation-heading"')[0]
    assert "Sending support" in header and "I relate" not in header
    assert _send(client, post, "relate").status_code == 403
    sanctioned = UserFactory(suspended_until=timezone.now() + timedelta(days=1))
    assert _send(logged_in(sanctioned), post, "support").status_code == 403
