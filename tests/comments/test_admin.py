"""Admin for posts, comment trees and commenters: pages load, tree fields stay read-only, deletes go through
the locked tree service and leave every tree valid."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments import services
from comments.integrity import check_trees
from comments.models import Comment, Commenter, Post
from tests.factories import PostFactory, UserFactory, make_chain, make_comment

pytestmark = pytest.mark.django_db

TREE_COLUMNS = ("lft", "rght", "tree_id", "level", "parent_id", "post_id", "commenter_id")


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def conversation():
    """A post with two threads: root -> child -> grandchild (+ a second child), and a lone root."""
    post = PostFactory(title="A conversation")
    root = make_comment(post=post, body="The first thread starts here.")
    child = make_comment(post=post, parent=root, body="A reply to the first thread.")
    grandchild = make_comment(post=post, parent=child, body="A reply to the reply.")
    sibling = make_comment(post=post, parent=root, body="Another reply.")
    other = make_comment(post=post, body="A second thread.")
    return {
        "post": post,
        "root": root,
        "child": child,
        "grandchild": grandchild,
        "sibling": sibling,
        "other": other,
    }


def assert_trees_clean():
    call_command("check_trees")  # raises CommandError (exit 1) on any problem
    assert not check_trees().problems


@pytest.fixture
def purge_calls(monkeypatch):
    calls = []
    real = services.comment_purge

    def recording_purge(*, comment_id):
        calls.append(comment_id)
        return real(comment_id=comment_id)

    monkeypatch.setattr(services, "comment_purge", recording_purge)
    return calls


# --- Pages load --------------------------------------------------------------------------------------------


def test_post_admin_pages_load(admin_client, conversation):
    post = conversation["post"]
    changelist = admin_client.get(reverse("admin:comments_post_changelist"))
    assert changelist.status_code == 200 and "A conversation" in changelist.content.decode()
    assert admin_client.get(reverse("admin:comments_post_changelist"), {"q": "conversation"}).status_code == 200
    assert admin_client.get(reverse("admin:comments_post_changelist"), {"published__exact": "1"}).status_code == 200
    assert admin_client.get(reverse("admin:comments_post_change", args=[post.pk])).status_code == 200
    assert admin_client.get(reverse("admin:comments_post_add")).status_code == 200


def test_comment_changelist_is_an_indented_tree_with_filters_and_search(admin_client, conversation):
    url = reverse("admin:comments_comment_changelist")
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    # Tree order (tree_id, lft): the reply to the reply comes before the thread's second reply.
    assert html.index("A reply to the reply.") < html.index("Another reply.")
    assert "padding-left:48px" in html.replace(" ", "")  # grandchild: level 2, 20px per level + 8
    assert admin_client.get(url, {"status__exact": "visible"}).status_code == 200
    filtered = admin_client.get(url, {"post__id__exact": conversation["post"].pk})
    assert filtered.status_code == 200 and "A second thread." in filtered.content.decode()
    searched = admin_client.get(url, {"q": "second thread"}).content.decode()
    assert "A second thread." in searched and "Another reply." not in searched


def test_comment_change_view_shows_tree_fields_read_only(admin_client, conversation):
    child = conversation["child"]
    response = admin_client.get(reverse("admin:comments_comment_change", args=[child.pk]))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert set(form.fields) == {"body", "status"}
    html = response.content.decode()
    for name in ("parent", "lft", "rght", "tree_id", "level", "post", "commenter"):
        assert f'name="{name}"' not in html
    assert "field-lft" in html and "field-parent" in html  # shown, read-only


def test_comments_cannot_be_added_in_the_admin(admin_client, conversation):
    assert admin_client.get(reverse("admin:comments_comment_add")).status_code == 403
    before = Comment.objects.count()
    response = admin_client.post(
        reverse("admin:comments_comment_add"),
        {"post": conversation["post"].pk, "body": "Sneaky", "status": "visible"},
    )
    assert response.status_code == 403 and Comment.objects.count() == before


def test_commenter_admin_shows_emails_to_staff(admin_client):
    user = UserFactory(email="private.person@example.org", display_name="Quiet Reader")
    post = PostFactory()
    make_comment(post=post, user=user)
    response = admin_client.get(reverse("admin:comments_commenter_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Quiet Reader" in html and "private.person@example.org" in html
    commenter = Commenter.objects.get(user=user)
    change = admin_client.get(reverse("admin:comments_commenter_change", args=[commenter.pk]))
    assert change.status_code == 200 and 'name="user"' not in change.content.decode()


def test_non_staff_cannot_open_the_admin(client, conversation):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:comments_comment_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# --- Editing writes no tree field --------------------------------------------------------------------------


def test_editing_a_comment_ignores_tree_fields_and_writes_only_what_changed(admin_client, conversation):
    child = conversation["child"]
    before = Comment.objects.values(*TREE_COLUMNS).get(pk=child.pk)
    url = reverse("admin:comments_comment_change", args=[child.pk])
    data = {
        "body": "Edited by a moderator.",
        "status": "held",
        # Tampered tree fields must be ignored.
        "parent": conversation["other"].pk,
        "lft": 99,
        "rght": 100,
        "tree_id": 12345,
        "level": 7,
        "post": PostFactory().pk,
        "commenter": Commenter.objects.exclude(pk=child.commenter_id).first().pk,
    }
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.post(url, data)
    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.body, child.status) == ("Edited by a moderator.", "held")
    assert Comment.objects.values(*TREE_COLUMNS).get(pk=child.pk) == before
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "comments_comment"')]
    assert len(updates) == 1
    set_clause = updates[0].split(" SET ", 1)[1].split(" WHERE ", 1)[0]
    for column in TREE_COLUMNS:
        assert f'"{column}"' not in set_clause
    assert_trees_clean()


def test_admin_edit_refuses_control_characters(admin_client, conversation):
    child = conversation["child"]
    url = reverse("admin:comments_comment_change", args=[child.pk])
    response = admin_client.post(url, {"body": "Bad\x1b text", "status": "visible"})
    assert response.status_code == 200 and "control characters" in response.content.decode()
    child.refresh_from_db()
    assert child.body == "A reply to the first thread."


def test_a_deleted_comment_can_change_status_with_its_empty_body(admin_client, conversation):
    child = conversation["child"]
    services.comment_delete(comment=child, user=child.commenter.user)
    url = reverse("admin:comments_comment_change", args=[child.pk])
    assert admin_client.post(url, {"body": "", "status": "removed"}).status_code == 302
    child.refresh_from_db()
    assert (child.body, child.status) == ("", "removed")


def test_post_admin_validates_and_dates_first_publication(admin_client):
    author = UserFactory()
    url = reverse("admin:comments_post_add")
    data = {
        "title": "From the admin",
        "slug": "from-the-admin",
        "author": author.pk,
        "body": "Hello.",
        "published": "on",
    }
    assert admin_client.post(url, {**data, "body": "Bad\x07"}).status_code == 200
    assert not Post.objects.exists()
    assert admin_client.post(url, data).status_code == 302
    post = Post.objects.get()
    assert post.published_at is not None and post.slug == "from-the-admin"


# --- Deleting goes through the locked service --------------------------------------------------------------


def test_delete_view_purges_the_subtree_through_the_service(admin_client, conversation, purge_calls):
    child = conversation["child"]
    url = reverse("admin:comments_comment_delete", args=[child.pk])
    confirm = admin_client.get(url)
    assert confirm.status_code == 200
    assert "A reply to the first thread." in confirm.content.decode()
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert purge_calls == [child.pk]
    assert not Comment.objects.filter(pk__in=[child.pk, conversation["grandchild"].pk]).exists()
    assert Comment.objects.filter(pk=conversation["sibling"].pk).exists()
    assert_trees_clean()


def test_bulk_delete_action_goes_through_the_service(admin_client, conversation, purge_calls):
    selected = [conversation["child"].pk, conversation["grandchild"].pk, conversation["other"].pk]
    url = reverse("admin:comments_comment_changelist")
    confirm = admin_client.post(url, {"action": "delete_selected", ACTION_CHECKBOX_NAME: selected})
    assert confirm.status_code == 200 and "Are you sure" in confirm.content.decode()
    assert Comment.objects.count() == 5  # nothing deleted before confirmation

    response = admin_client.post(url, {"action": "delete_selected", ACTION_CHECKBOX_NAME: selected, "post": "yes"})
    assert response.status_code == 302
    assert sorted(purge_calls) == sorted(selected)
    assert set(Comment.objects.values_list("pk", flat=True)) == {
        conversation["root"].pk,
        conversation["sibling"].pk,
    }
    assert_trees_clean()


def test_delete_confirmation_survives_a_very_deep_chain(admin_client):
    """Django's own nested summary recurses once per reply level and overflows around 300 levels."""
    post = PostFactory()
    user = UserFactory()
    root = make_chain(post=post, user=user, depth=350)[0]
    response = admin_client.get(reverse("admin:comments_comment_delete", args=[root.pk]))
    assert response.status_code == 200
    assert "351" in response.content.decode()  # the summary counts the whole chain
    post_response = admin_client.get(reverse("admin:comments_post_delete", args=[post.pk]))
    assert post_response.status_code == 200


def test_deleting_a_post_removes_its_threads_through_the_service(admin_client, conversation, purge_calls):
    keep = PostFactory()
    kept_comment = make_comment(post=keep)
    post = conversation["post"]
    url = reverse("admin:comments_post_delete", args=[post.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert sorted(purge_calls) == sorted([conversation["root"].pk, conversation["other"].pk])
    assert not Post.objects.filter(pk=post.pk).exists()
    assert list(Comment.objects.values_list("pk", flat=True)) == [kept_comment.pk]
    assert_trees_clean()


def test_bulk_deleting_posts_goes_through_the_service(admin_client, conversation, purge_calls):
    second = PostFactory()
    make_comment(post=second, parent=make_comment(post=second))
    url = reverse("admin:comments_post_changelist")
    selected = [conversation["post"].pk, second.pk]
    response = admin_client.post(url, {"action": "delete_selected", ACTION_CHECKBOX_NAME: selected, "post": "yes"})
    assert response.status_code == 302
    assert len(purge_calls) == 3
    assert not Post.objects.exists() and not Comment.objects.exists()
    assert_trees_clean()


def test_staff_without_delete_permission_cannot_delete(client, conversation):
    from django.contrib.auth.models import Permission

    moderator = UserFactory(is_staff=True)
    moderator.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="comments", codename__in=["view_comment", "change_comment"])
    )
    client.force_login(moderator)
    child = conversation["child"]
    assert client.get(reverse("admin:comments_comment_change", args=[child.pk])).status_code == 200
    assert client.post(reverse("admin:comments_comment_delete", args=[child.pk]), {"post": "yes"}).status_code == 403
    assert Comment.objects.filter(pk=child.pk).exists()


# --- Admin writes go through the services (issue 14) ---------------------------------------------------------


@pytest.fixture
def enqueued(monkeypatch):
    """What the hooks' handlers would send to the workers after commit: care checks and notification plans."""
    from moderation.services import scan
    from notifications import services as notify_services

    calls = []
    monkeypatch.setattr(scan, "care_check_enqueue", lambda **ids: calls.append(("check", ids)))
    monkeypatch.setattr(
        notify_services, "comment_notifications_enqueue", lambda *, comment_id: calls.append(("notify", comment_id))
    )
    return calls


def test_editing_a_post_in_the_admin_is_a_new_revision_checked_again(
    admin_client, enqueued, django_capture_on_commit_callbacks
):
    post = PostFactory(title="Old title", body="Old words.")
    url = reverse("admin:comments_post_change", args=[post.pk])
    data = {
        "title": "Old title",
        "slug": post.slug,
        "author": post.author_id,
        "body": "New words.",
        "published": "on",
        "comments_open": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, data).status_code == 302
    post.refresh_from_db()
    assert (post.body, post.revision) == ("New words.", 2)
    assert enqueued == [("check", {"post_id": post.pk})]


def test_making_a_comment_visible_in_the_admin_publishes_it_and_is_audited(
    admin_client, conversation, enqueued, django_capture_on_commit_callbacks
):
    from moderation.models import ModerationAction

    held = make_comment(post=conversation["post"], body="Waiting for a person.", checked=False)
    Comment.objects.filter(pk=held.pk).update(status=Comment.Status.HELD)
    enqueued.clear()
    url = reverse("admin:comments_comment_change", args=[held.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, {"body": held.body, "status": "visible"}).status_code == 302
    held.refresh_from_db()
    assert held.status == Comment.Status.VISIBLE and held.published_at is not None
    assert enqueued == [("notify", held.pk)]
    [audit] = ModerationAction.objects.filter(comment=held)
    assert (audit.action, audit.before, audit.after) == ("admin_edit", {"status": "held"}, {"status": "visible"})


def test_a_new_text_from_the_admin_is_checked_again(
    admin_client, conversation, enqueued, django_capture_on_commit_callbacks
):
    child = conversation["child"]
    url = reverse("admin:comments_comment_change", args=[child.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, {"body": "Details edited out.", "status": "visible"}).status_code == 302
    child.refresh_from_db()
    assert (child.body, child.revision) == ("Details edited out.", 2)
    assert enqueued == [("check", {"comment_id": child.pk})]
