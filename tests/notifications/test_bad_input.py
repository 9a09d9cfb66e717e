"""Bad input to the notification links and buttons (issue 12): a clear 4xx, nothing changed, nothing leaked."""

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from notifications.models import Delivery, NotificationPreference, Subscription, WriterMute
from notifications.services import link_token
from notifications.services.links import _SALT
from notifications.services.sending import delivery_send
from tests.factories import PostFactory, UserFactory, make_comment

pytestmark = pytest.mark.django_db


def client_for(user=None, **kwargs) -> Client:
    client = Client(**kwargs)
    if user is not None:
        client.force_login(user)
    return client


def _signed(payload) -> str:
    return signing.dumps(payload, salt=_SALT, compress=True)


def _tokens(reader, root, post) -> dict[str, str]:
    good = link_token(user_id=reader.pk, kind="thread", target=root.pk)
    return {
        "garbage": "not-a-token",
        "cut-short": good[: len(good) // 2],
        "one-character-changed": good[:-2] + ("AA" if not good.endswith("AA") else "BB"),
        "other-salt": signing.dumps([reader.pk, "thread", root.pk], salt="accounts.verify", compress=True),
        "signed-text-target": _signed([reader.pk, "thread", "abc"]),  # the 500 the issue found
        "signed-float-target": _signed([reader.pk, "post", 1.5]),
        "signed-list-target": _signed([reader.pk, "writer", [reader.pk]]),
        "signed-huge-target": _signed([reader.pk, "post", 10**30]),
        "signed-negative-target": _signed([reader.pk, "post", -post.pk]),
        "signed-text-user": _signed(["abc", "thread", root.pk]),
        "signed-boolean-user": _signed([True, "thread", root.pk]),
        "signed-unknown-kind": _signed([reader.pk, "everything", root.pk]),
        "signed-list-kind": _signed([reader.pk, ["thread"], root.pk]),
        "signed-off-with-number": _signed([reader.pk, "off", 3]),
        "signed-off-unknown-name": _signed([reader.pk, "off", "password"]),
        "signed-dict": _signed({"user": reader.pk, "kind": "thread", "target": root.pk}),
        "signed-two-parts": _signed([reader.pk, "thread"]),
        "signed-missing-user": _signed([reader.pk + 10_000, "thread", root.pk]),
        "signed-missing-target": _signed([reader.pk, "thread", root.pk + 10_000]),
        "very-long": "a" * 4000,
    }


LINK_CASES = [
    "garbage",
    "cut-short",
    "one-character-changed",
    "other-salt",
    "signed-text-target",
    "signed-float-target",
    "signed-list-target",
    "signed-huge-target",
    "signed-negative-target",
    "signed-text-user",
    "signed-boolean-user",
    "signed-unknown-kind",
    "signed-list-kind",
    "signed-off-with-number",
    "signed-off-unknown-name",
    "signed-dict",
    "signed-two-parts",
    "signed-missing-user",
    "signed-missing-target",
    "very-long",
]


@pytest.mark.parametrize("case", LINK_CASES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_unsubscribe_link_is_a_clear_400_and_changes_nothing(case, method):
    reader = UserFactory()
    post = PostFactory()
    root = make_comment(post=post)
    token = _tokens(reader, root, post)[case]
    response = getattr(Client(enforce_csrf_checks=True), method)(reverse("notifications:link", args=[token]))
    assert response.status_code == 400
    assert "link" in response.content.decode()
    # (The comment's own writer follows their thread; the reader the link names has nothing.)
    assert not Subscription.objects.filter(user=reader).exists() and not WriterMute.objects.exists()
    assert not NotificationPreference.objects.exclude(replies="immediate").exists()


# --- Writer mutes -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["never-muted", "missing-user", "someone-elses-mute", "zero"])
def test_unmuting_a_writer_one_has_not_muted_is_404_and_names_nobody(case):
    reader = UserFactory()
    writer = UserFactory(display_name="Secret Name")
    other = UserFactory()
    if case == "someone-elses-mute":
        WriterMute.objects.create(user=other, writer=writer)
    user_id = {"missing-user": writer.pk + 10_000, "zero": 0}.get(case, writer.pk)
    response = client_for(reader).post(reverse("notifications:writer_unmute", args=[user_id]), follow=True)
    assert response.status_code == 404
    assert "Secret Name" not in response.content.decode()
    assert WriterMute.objects.count() == (1 if case == "someone-elses-mute" else 0)


def test_unmuting_a_writer_one_muted_works_and_names_them():
    reader, writer = UserFactory(), UserFactory(display_name="Kai")
    WriterMute.objects.create(user=reader, writer=writer)
    response = client_for(reader).post(reverse("notifications:writer_unmute", args=[writer.pk]), follow=True)
    assert response.status_code == 200
    assert "comments by Kai again" in response.content.decode()
    assert not WriterMute.objects.exists()


@pytest.mark.parametrize("case", ["missing", "held", "removed", "own"])
def test_muting_the_writer_of_a_comment_one_cannot_mute(case):
    reader = UserFactory()
    comment = make_comment(post=PostFactory(), user=reader if case == "own" else UserFactory(display_name="Hidden"))
    if case in ("held", "removed"):
        Comment.objects.filter(pk=comment.pk).update(status=case)
    pk = comment.pk + 10_000 if case == "missing" else comment.pk
    response = client_for(reader).post(reverse("notifications:writer_mute", args=[pk]))
    assert response.status_code == (400 if case == "own" else 404)
    assert "Hidden" not in response.content.decode()
    assert not WriterMute.objects.exists()


# --- Follow and mute buttons ----------------------------------------------------------------------------

BAD_SUBSCRIPTIONS = [
    ("unknown-action", {"action": "delete", "target": "thread"}, 400),
    ("unknown-target", {"action": "follow", "target": "user"}, 400),
    ("id-not-a-number", {"action": "follow", "target": "thread", "id": "abc"}, 400),
    ("id-negative", {"action": "follow", "target": "post", "id": "-3"}, 400),
    ("missing-thread", {"action": "follow", "target": "thread", "id": "missing"}, 404),
    ("missing-post", {"action": "mute", "target": "post", "id": "missing"}, 404),
    ("unpublished-post", {"action": "follow", "target": "post", "id": "unpublished"}, 404),
    ("held-thread", {"action": "follow", "target": "thread", "id": "held"}, 404),
]


@pytest.mark.parametrize("data,status", [c[1:] for c in BAD_SUBSCRIPTIONS], ids=[c[0] for c in BAD_SUBSCRIPTIONS])
def test_a_bad_follow_or_mute_request_changes_nothing(data, status):
    reader = UserFactory()
    post = PostFactory()
    root = make_comment(post=post, user=UserFactory())
    data = dict(data)
    if data.get("id") == "missing":
        data["id"] = str(root.pk + post.pk + 10_000)
    elif data.get("id") == "unpublished":
        data["id"] = str(PostFactory(published=False).pk)
    elif data.get("id") == "held":
        Comment.objects.filter(pk=root.pk).update(status=Comment.Status.HELD)
        data["id"] = str(root.pk)
    data.setdefault("id", str(root.pk))
    response = client_for(reader).post(reverse("notifications:subscription"), data)
    assert response.status_code == status
    assert not Subscription.objects.filter(user=reader).exists()


def test_following_without_a_csrf_token_is_refused():
    root = make_comment(post=PostFactory())
    client = client_for(UserFactory(), enforce_csrf_checks=True)
    response = client.post(
        reverse("notifications:subscription"), {"action": "follow", "target": "thread", "id": root.pk}
    )
    assert response.status_code == 403
    assert not Subscription.objects.filter(state=Subscription.State.FOLLOWING).exclude(thread=root).exists()
    assert Subscription.objects.count() == 1  # only the writer's own, from commenting


# --- E-mails ------------------------------------------------------------------------------------------------


def test_a_hostile_name_and_body_are_inert_in_a_reply_e_mail(settings):
    settings.SITE_URL = "https://kindred.example"
    reader = UserFactory(display_name="Robin")
    writer = UserFactory(display_name='<a href="https://evil.example">Admin</a>')
    post = PostFactory()
    parent = make_comment(post=post, user=reader)
    reply = make_comment(post=post, user=writer, parent=parent, body="<script>alert(1)</script> \u202eevil")
    delivery = Delivery.objects.create(recipient=reader, comment=reply, reason=Delivery.Reason.REPLY)
    delivery_send(delivery_id=delivery.pk)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert '<a href="https://evil.example">' not in html and "<script>alert" not in html
    assert "<bdi>&lt;a href=&quot;https://evil.example&quot;&gt;Admin&lt;/a&gt;</bdi>" in html
    assert '<blockquote dir="auto"' in html
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.to == [reader.email] and not message.cc and not message.bcc


def test_markup_in_a_post_title_is_inert_in_a_reply_e_mail(settings):
    settings.SITE_URL = "https://kindred.example"
    reader = UserFactory(display_name="Robin")
    post = PostFactory(title='<a href="https://evil.example">Win</a><script>alert(1)</script>')
    parent = make_comment(post=post, user=reader)
    reply = make_comment(post=post, user=UserFactory(display_name="Sam"), parent=parent, body="Hello")
    delivery = Delivery.objects.create(recipient=reader, comment=reply, reason=Delivery.Reason.REPLY)
    delivery_send(delivery_id=delivery.pk)
    [message] = mail.outbox
    html = message.alternatives[0][0]
    assert '<a href="https://evil.example">' not in html and "<script>alert" not in html
    assert "&lt;a href=&quot;https://evil.example&quot;&gt;Win&lt;/a&gt;&lt;script&gt;" in html
    # The plain part and the subject are text: the title is there as written, on one line.
    assert post.title in message.subject and "\n" not in message.subject
    assert message.recipients() == [reader.email]


def test_a_line_break_in_a_writers_name_cannot_add_e_mail_headers(settings):
    """Names with line breaks are refused at sign-up; one that got in some other way (an import, the admin) still
    cannot add a header: the subject is one line and only the recipient is addressed."""
    settings.SITE_URL = "https://kindred.example"
    reader = UserFactory(display_name="Robin")
    writer = UserFactory(display_name="Sam\r\nBcc: everyone@evil.example\r\nX-Evil: 1")
    post = PostFactory()
    parent = make_comment(post=post, user=reader)
    reply = make_comment(post=post, user=writer, parent=parent, body="Hello")
    delivery = Delivery.objects.create(recipient=reader, comment=reply, reason=Delivery.Reason.REPLY)
    delivery_send(delivery_id=delivery.pk)
    message = mail.outbox[0]
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.recipients() == [reader.email]
    headers = message.message().as_string().split("\n\n", 1)[0]
    assert "\nBcc:" not in headers and "\nX-Evil:" not in headers
