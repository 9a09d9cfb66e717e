"""Signed mute/unsubscribe links, the notifications page and the follow/mute buttons."""

import json

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from notifications import services
from notifications.models import Delivery, NotificationPreference, Subscription, WriterMute
from tests.factories import PostFactory, UserFactory, make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def thread():
    author, priya, jonah = UserFactory(display_name="Wren"), UserFactory(display_name="Priya"), UserFactory()
    post = PostFactory(author=author, title="Small steps")
    top = make_comment(post=post, user=priya, body="Thread start")
    return post, author, priya, jonah, top


def link_path(user, kind, target):
    return reverse(
        "notifications:link", kwargs={"token": services.link_token(user_id=user.pk, kind=kind, target=target)}
    )


def test_get_shows_one_button_and_changes_nothing_post_mutes(csrf_client, thread):
    post, author, priya, jonah, top = thread
    path = link_path(priya, "thread", top.pk)
    page = csrf_client.get(path)
    assert page.status_code == 200
    assert "Stop e-mails about the conversation on “Small steps”." in page.content.decode()
    assert page.content.decode().count('type="submit"') == 1
    assert Subscription.objects.get(user=priya, thread=top).state == "following"

    done = csrf_client.post(path)  # no session and no CSRF token: the signature is the authorization
    assert done.status_code == 200
    assert Subscription.objects.get(user=priya, thread=top).state == "muted"
    assert csrf_client.post(path).status_code == 200  # safe to repeat


def test_rfc_8058_one_click_post(csrf_client, thread):
    post, author, priya, jonah, top = thread
    path = link_path(priya, "off", "replies")
    response = csrf_client.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    prefs = NotificationPreference.objects.get(user=priya)
    assert (prefs.replies, prefs.post_comments, prefs.following) == ("off", "immediate", "immediate")


@pytest.mark.parametrize(
    "kind, target, check",
    [
        ("post", "post", lambda p, a, pr, j, t: Subscription.objects.filter(user=pr, post=p, state="muted").exists()),
        ("writer", "jonah", lambda p, a, pr, j, t: WriterMute.objects.filter(user=pr, writer=j).exists()),
        (
            "off",
            "all",
            lambda p, a, pr, j, t: NotificationPreference.objects.filter(
                user=pr, replies="off", post_comments="off", following="off"
            ).exists(),
        ),
    ],
)
def test_every_kind_of_link(csrf_client, thread, kind, target, check):
    post, author, priya, jonah, top = thread
    target_id = {"post": post.pk, "jonah": jonah.pk, "all": "all"}[target]
    path = link_path(priya, kind, target_id)
    csrf_client.get(path)
    assert not check(post, author, priya, jonah, top)
    assert csrf_client.post(path).status_code == 200
    assert check(post, author, priya, jonah, top)


@pytest.mark.parametrize("token", ["nonsense", "eyJhIjoxfQ:1:bad"])
def test_a_bad_token_is_refused_and_changes_nothing(csrf_client, thread, token):
    response = csrf_client.post(reverse("notifications:link", kwargs={"token": token}))
    assert response.status_code == 400
    assert not Subscription.objects.filter(state="muted").exists()


def test_a_tampered_token_does_not_act_for_someone_else(csrf_client, thread):
    post, author, priya, jonah, top = thread
    token = services.link_token(user_id=priya.pk, kind="thread", target=top.pk)
    # Jonah's id in the payload, with the signature of priya's link.
    payload = signing.b64_encode(json.dumps([jonah.pk, "thread", top.pk], separators=(",", ":")).encode()).decode()
    forged = payload + token[token.index(":") :]
    assert csrf_client.post(reverse("notifications:link", kwargs={"token": forged})).status_code == 400


def test_the_other_notification_views_keep_csrf(csrf_client, thread):
    post, author, priya, jonah, top = thread
    csrf_client.force_login(jonah)
    data = {"target": "thread", "id": top.pk, "action": "mute"}
    assert csrf_client.post(reverse("notifications:subscription"), data).status_code == 403
    assert csrf_client.post(reverse("notifications:preferences"), {"replies": "off"}).status_code == 403


def test_follow_and_mute_buttons(client, thread):
    post, author, priya, jonah, top = thread
    lena = UserFactory()
    client.force_login(lena)
    page = client.get(post.get_absolute_url()).content.decode()
    assert page.count('name="action" value="follow"') == 2  # the post and its one thread

    url = reverse("notifications:subscription")
    response = client.post(url, {"target": "post", "id": post.pk, "action": "follow", "next": post.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    client.post(url, {"target": "thread", "id": top.pk, "action": "mute"})
    assert Subscription.objects.get(user=lena, post=post).state == "following"
    assert Subscription.objects.get(user=lena, thread=top).state == "muted"
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Following" in page and "Muted" in page
    client.post(url, {"target": "thread", "id": top.pk, "action": "clear"})
    assert not Subscription.objects.filter(user=lena, thread=top).exists()


def test_follow_refuses_what_the_reader_cannot_see_and_bad_input(client, thread):
    post, author, priya, jonah, top = thread
    reply = make_comment(post=post, user=jonah, parent=top)
    held = make_comment(post=post, user=jonah, checked=False)
    draft = PostFactory(published=False)
    client.force_login(UserFactory())
    url = reverse("notifications:subscription")
    assert client.post(url, {"target": "thread", "id": reply.pk, "action": "follow"}).status_code == 404
    assert client.post(url, {"target": "thread", "id": held.pk, "action": "follow"}).status_code == 404
    assert client.post(url, {"target": "post", "id": draft.pk, "action": "follow"}).status_code == 404
    assert client.post(url, {"target": "user", "id": 1, "action": "follow"}).status_code == 400
    assert (
        client.post(url, {"target": "post", "id": post.pk, "action": "follow", "next": "https://evil.example/"})[
            "Location"
        ]
        == post.get_absolute_url()
    )
    assert Subscription.objects.filter(user__in=[]).count() == 0
    client.logout()
    assert client.post(url, {"target": "post", "id": post.pk, "action": "follow"}).status_code == 302  # to log in


def test_the_page_shows_preferences_follows_and_why_no_email_came(client, thread):
    post, author, priya, jonah, top = thread
    services.subscription_set(user=priya, post=post, state="muted")
    reply = make_comment(post=post, user=jonah, parent=top, body="hello")
    services.writer_mute_set(user=priya, writer=jonah, muted=True)
    for chunk in services.comment_notifications_plan(comment_id=reply.pk):
        services.comment_notifications_plan_chunk(comment_id=reply.pk, user_ids=chunk)
    assert Delivery.objects.get(recipient=priya).skip_reason == "muted_writer"

    client.force_login(priya)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "not e-mailed: you muted this writer" in page
    assert "Following: the conversation started by <bdi>Priya</bdi>" in page
    assert "Muted: every comment on" in page
    assert jonah.email not in page and author.email not in page

    response = client.post(
        reverse("notifications:preferences"),
        {"replies": "daily", "post_comments": "off", "following": "immediate", "no_content": "on"},
    )
    assert response.status_code == 302
    prefs = NotificationPreference.objects.get(user=priya)
    assert (prefs.replies, prefs.post_comments, prefs.following, prefs.no_content) == (
        "daily",
        "off",
        "immediate",
        True,
    )
    bad = client.post(reverse("notifications:preferences"), {"replies": "hourly", "post_comments": "off"})
    assert bad.status_code == 400
    assert NotificationPreference.objects.get(user=priya).replies == "daily"


def test_writer_mute_and_unmute_buttons(client, thread):
    post, author, priya, jonah, top = thread
    client.force_login(priya)
    assert client.post(reverse("notifications:writer_mute", args=[top.pk])).status_code == 400  # herself
    reply = make_comment(post=post, user=jonah, parent=top)
    client.post(reverse("notifications:writer_mute", args=[reply.pk]))
    assert WriterMute.objects.filter(user=priya, writer=jonah).exists()
    client.post(reverse("notifications:writer_unmute", args=[jonah.pk]))
    assert not WriterMute.objects.filter(user=priya, writer=jonah).exists()


def test_a_failing_address_can_be_tried_again(client, thread):
    post, author, priya, jonah, top = thread
    NotificationPreference.objects.create(user=priya, failing_address=priya.email)
    client.force_login(priya)
    assert "refuses our e-mails" in client.get(reverse("notifications:preferences")).content.decode()
    client.post(reverse("notifications:address_retry"))
    assert not NotificationPreference.objects.get(user=priya).address_failing(priya.email)


def test_unmuting_yourself_is_a_harmless_no_op_not_a_server_error(client, thread):
    post, author, priya, jonah, top = thread
    client.force_login(priya)
    response = client.post(reverse("notifications:writer_unmute", args=[priya.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("notifications:preferences")
    assert not WriterMute.objects.filter(user=priya).exists()


def test_a_thread_whose_first_comment_was_deleted_can_still_be_unfollowed_from_the_page(client, thread):
    # Replies to its visible replies keep coming (and keep e-mailing followers), so the Unfollow button on the
    # notifications page must work although the thread's first comment is now a tombstone.
    from comments.services import comment_delete

    post, author, priya, jonah, top = thread
    reply = make_comment(post=post, user=jonah, parent=top, body="Still here.")
    comment_delete(comment=top, user=priya)
    client.force_login(jonah)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert f'name="id" value="{top.pk}"' in page  # his follow of that thread is listed, with its button
    response = client.post(
        reverse("notifications:subscription"),
        {"target": "thread", "id": top.pk, "action": "clear", "next": reverse("notifications:preferences")},
    )
    assert response.status_code == 302 and response["Location"] == reverse("notifications:preferences")
    assert not Subscription.objects.filter(user=jonah, thread=top).exists()
    # Following or muting it anew needs a thread the reader can see something of: here, its reply.
    data = {"target": "thread", "id": top.pk, "action": "mute"}
    assert client.post(reverse("notifications:subscription"), data).status_code == 302
    assert Subscription.objects.get(user=jonah, thread=top).state == "muted"
    services.subscription_set(user=jonah, thread=top, state=None)
    comment_delete(comment=reply, user=jonah)  # now nothing of the thread is left to read
    for action in ("follow", "mute", "clear"):
        data = {"target": "thread", "id": top.pk, "action": action}
        assert client.post(reverse("notifications:subscription"), data).status_code == 404
    assert not Subscription.objects.filter(user=jonah, thread=top).exists()


def test_a_post_taken_back_to_draft_can_still_be_unfollowed_from_the_page(client, thread):
    post, author, priya, jonah, top = thread
    lena = UserFactory()
    services.subscription_set(user=lena, post=post, state="following")
    post.published = False
    post.save()
    client.force_login(lena)
    response = client.post(reverse("notifications:subscription"), {"target": "post", "id": post.pk, "action": "clear"})
    assert response.status_code == 302
    assert not Subscription.objects.filter(user=lena, post=post).exists()


def _page_of(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("notifications:preferences"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_names_no_writer_nor_title_the_reader_may_no_longer_read(client, thread):
    from comments.models import Comment

    post, author, priya, jonah, top = thread
    jonah.display_name = "Jonah Quill"
    jonah.save()
    kept = make_comment(post=post, user=UserFactory(display_name="Ada Still"), parent=top, body="Still here")
    removed = make_comment(post=post, user=jonah, parent=top, body="Gone soon")
    deleted = make_comment(post=post, user=UserFactory(display_name="Bea Gone"), parent=top, body="Gone too")
    draft = PostFactory(author=UserFactory(), title="Back in the drawer")
    on_draft = make_comment(post=draft, user=UserFactory(display_name="Cy Drawer"), body="On a draft")
    own = PostFactory(author=priya, title="My own draft")
    on_own = make_comment(post=own, user=UserFactory(display_name="Dee Own"), body="On her post")
    for comment, reason in [(kept, "reply"), (removed, "reply"), (deleted, "reply"), (on_draft, "following")]:
        Delivery.objects.create(recipient=priya, comment=comment, reason=reason, status="sent")
    Delivery.objects.create(recipient=priya, comment=on_own, reason="post", status="sent")
    Comment.objects.filter(pk=removed.pk).update(status="removed")
    Comment.objects.filter(pk=deleted.pk).update(status="deleted")
    draft.published = own.published = False
    draft.save()
    own.save()

    page = _page_of(client, priya)
    for secret in ("Jonah Quill", "Bea Gone", "Cy Drawer", "Back in the drawer"):
        assert secret not in page
    assert page.count("A comment that is no longer available") == 3
    # What she may still read keeps its writer, title, link and mute button; her own draft keeps its title.
    assert "Ada Still" in page and "Small steps" in page and "My own draft" in page and "Dee Own" in page
    assert reverse("notifications:writer_mute", args=[kept.pk]) in page
    for gone in (removed, deleted, on_draft):
        assert reverse("notifications:writer_mute", args=[gone.pk]) not in page  # would answer 404
        assert reverse("comments:permalink", args=[gone.pk]) not in page
    assert draft.get_absolute_url() not in page
    # Every button left on the page works.
    assert client.post(reverse("notifications:writer_mute", args=[kept.pk])).status_code == 302


def test_the_page_lists_follows_and_mutes_of_what_is_gone_without_naming_it(client, thread):
    post, author, priya, jonah, top = thread
    lena = UserFactory()
    draft = PostFactory(author=UserFactory(), title="Back in the drawer")
    draft_thread = make_comment(post=draft, user=UserFactory(display_name="Cy Drawer"))
    own = PostFactory(author=lena, title="My own draft")
    services.subscription_set(user=lena, thread=top, state="following")
    services.subscription_set(user=lena, thread=draft_thread, state="muted")
    services.subscription_set(user=lena, post=draft, state="following")
    services.subscription_set(user=lena, post=own, state="muted")
    from comments.services import comment_delete

    comment_delete(comment=top, user=priya)
    draft.published = own.published = False
    draft.save()
    own.save()

    page = _page_of(client, lena)
    for secret in ("Priya", "Cy Drawer", "Back in the drawer"):
        assert secret not in page
    assert "Following: a conversation whose first comment is no longer available" in page
    assert "Muted: a conversation on a post that is no longer published" in page
    assert "Following: every comment on a post that is no longer published" in page
    assert "Muted: every comment on <a" in page and "My own draft" in page
    assert reverse("comments:permalink", args=[top.pk]) not in page
    assert reverse("comments:permalink", args=[draft_thread.pk]) not in page
    # Each one can still be dropped from here.
    for target, target_id in [("thread", top.pk), ("thread", draft_thread.pk), ("post", draft.pk), ("post", own.pk)]:
        assert f'name="id" value="{target_id}"' in page
        data = {"target": target, "id": target_id, "action": "clear"}
        assert client.post(reverse("notifications:subscription"), data).status_code == 302
    assert not Subscription.objects.filter(user=lena).exists()


def test_the_page_costs_the_same_queries_however_much_it_lists(client, thread, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from comments.models import Comment

    post, author, priya, jonah, top = thread

    def add_items(count):
        for _ in range(count):
            other = PostFactory(author=UserFactory())
            root = make_comment(post=other, user=UserFactory())
            reply = make_comment(post=other, user=UserFactory(), parent=root)
            services.subscription_set(user=jonah, thread=root, state="following")
            services.subscription_set(user=jonah, post=other, state="muted")
            services.writer_mute_set(user=jonah, writer=reply.commenter.user, muted=True)
            Delivery.objects.create(recipient=jonah, comment=reply, reason="following", status="sent")
            Delivery.objects.create(recipient=jonah, comment=root, reason="following", status="skipped")
            Comment.objects.filter(pk=root.pk).update(status="removed")
            other.published = False
            other.save()

    client.force_login(jonah)
    add_items(1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("notifications:preferences")).status_code == 200
    add_items(6)
    with django_assert_max_num_queries(len(few)):
        assert client.get(reverse("notifications:preferences")).status_code == 200


def _thread_controls(page: str, root_id: int) -> bool:
    return f'name="target" value="thread"><input type="hidden" name="id" value="{root_id}">' in page


@pytest.mark.parametrize("gone", ["deleted", "removed"])
def test_a_thread_whose_first_comment_is_a_tombstone_keeps_its_controls_on_the_post_page(client, thread, gone):
    # Its replies still e-mail the thread's followers, so a reader must be able to follow or mute it there.
    from comments.models import Comment
    from comments.services import comment_delete

    post, author, priya, jonah, top = thread
    reply = make_comment(post=post, user=jonah, parent=top, body="Still here.")
    if gone == "deleted":
        comment_delete(comment=top, user=priya)
    else:
        Comment.objects.filter(pk=top.pk).update(status="removed")
    lena = UserFactory()
    client.force_login(lena)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Thread start" not in page and _thread_controls(page, top.pk)
    assert page.count('name="action" value="follow"') == 2  # the post and the thread

    url = reverse("notifications:subscription")
    response = client.post(url, {"target": "thread", "id": top.pk, "action": "follow", "next": post.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    assert Subscription.objects.get(user=lena, thread=top).state == "following"
    assert "Following" in client.get(post.get_absolute_url()).content.decode()

    later = make_comment(post=post, user=UserFactory(), parent=reply, body="And one more.")
    for chunk in services.comment_notifications_plan(comment_id=later.pk):
        services.comment_notifications_plan_chunk(comment_id=later.pk, user_ids=chunk)
    assert Delivery.objects.get(recipient=lena, comment=later).reason == "following"

    # Without a follow target in the address, the button goes back to where the thread starts on the post page.
    response = client.post(url, {"target": "thread", "id": top.pk, "action": "mute"})
    assert response.status_code == 302 and response["Location"] == f"{post.get_absolute_url()}?page=1#c{top.pk}"
    assert Subscription.objects.get(user=lena, thread=top).state == "muted"


def test_tombstone_thread_controls_keep_the_post_page_query_count(client, thread):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from comments.services import comment_delete

    post, author, priya, jonah, top = thread
    client.force_login(UserFactory())

    def add_tombstone_thread():
        root = make_comment(post=post, user=priya)
        make_comment(post=post, user=jonah, parent=root)
        comment_delete(comment=root, user=priya)
        return root

    first = add_tombstone_thread()
    client.get(post.get_absolute_url())  # a first visit writes the reader's last-visit row (issue 15)
    with CaptureQueriesContext(connection) as one:
        page = client.get(post.get_absolute_url()).content.decode()
    more = [add_tombstone_thread() for _ in range(4)]
    with CaptureQueriesContext(connection) as five:
        page = client.get(post.get_absolute_url()).content.decode()
    assert len(five) == len(one)
    assert all(_thread_controls(page, root.pk) for root in [top, first, *more])
