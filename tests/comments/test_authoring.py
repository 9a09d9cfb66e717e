"""Authors' pages: who may open them, writing, editing, publishing, closing comments, and input rules."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from comments.models import Comment, Post
from tests.factories import PostFactory, UserFactory, make_comment

pytestmark = pytest.mark.django_db

LIST = reverse("comments:author_posts")
NEW = reverse("comments:author_post_new")


def edit_url(post):
    return reverse("comments:author_post_edit", kwargs={"pk": post.pk})


def toggle_url(post):
    return reverse("comments:author_post_toggle", kwargs={"pk": post.pk})


def make_author(**kwargs):
    user = UserFactory(**kwargs)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="comments", codename="write_posts"))
    return user


@pytest.fixture
def author():
    return make_author(display_name="Wren")


@pytest.fixture
def author_client(client, author):
    client.force_login(author)
    return client


def post_data(**overrides):
    data = {
        "title": "Learning to ask for help",
        "body": "It took me a long time.\n\nThis is about the first step.",
        "published": "on",
        "comments_open": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- Who may open the pages --------------------------------------------------------------------------------


@pytest.fixture
def someone_elses_post():
    return PostFactory(author=make_author(), title="Not yours", body="Someone else's words.")


def all_requests(post):
    return [
        ("get", LIST, {}),
        ("get", NEW, {}),
        ("post", NEW, post_data()),
        ("get", edit_url(post), {}),
        ("post", edit_url(post), post_data()),
        ("post", toggle_url(post), {"action": "close_comments"}),
    ]


def test_anonymous_visitors_are_sent_to_log_in(client, someone_elses_post):
    for method, url, data in all_requests(someone_elses_post):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url
    assert Post.objects.count() == 1


def test_signed_in_readers_without_the_permission_get_403(client, someone_elses_post):
    client.force_login(UserFactory())
    for method, url, data in all_requests(someone_elses_post):
        assert getattr(client, method)(url, data).status_code == 403, url
    someone_elses_post.refresh_from_db()
    assert someone_elses_post.comments_open and someone_elses_post.title == "Not yours"
    assert Post.objects.count() == 1


def test_an_author_cannot_open_or_change_another_authors_post(author_client, someone_elses_post):
    assert author_client.get(edit_url(someone_elses_post)).status_code == 404
    assert author_client.post(edit_url(someone_elses_post), post_data(title="Mine now")).status_code == 404
    response = author_client.post(toggle_url(someone_elses_post), {"action": "unpublish"})
    assert response.status_code == 404
    someone_elses_post.refresh_from_db()
    assert someone_elses_post.title == "Not yours" and someone_elses_post.published
    assert "Not yours" not in author_client.get(LIST).content.decode()


def test_a_missing_post_is_404(author_client):
    assert author_client.get(reverse("comments:author_post_edit", kwargs={"pk": 999999})).status_code == 404


def test_the_write_link_shows_only_for_authors(client, author):
    reader = UserFactory()
    client.force_login(reader)
    assert LIST not in client.get(reverse("comments:post_list")).content.decode()
    client.force_login(author)
    assert LIST in client.get(reverse("comments:post_list")).content.decode()


# --- Writing and editing -----------------------------------------------------------------------------------


def test_the_list_shows_own_posts_with_status_and_counts(author_client, author):
    open_post = PostFactory(author=author, title="An open post")
    PostFactory(author=author, title="A quiet draft", published=False, published_at=None)
    make_comment(post=open_post)
    make_comment(post=open_post, parent=make_comment(post=open_post))
    held = make_comment(post=open_post)
    removed = make_comment(post=open_post)
    Comment.objects.filter(post=open_post).update(status=Comment.Status.VISIBLE)
    Comment.objects.filter(pk=held.pk).update(status=Comment.Status.HELD)
    Comment.objects.filter(pk=removed.pk).update(status=Comment.Status.REMOVED)

    response = author_client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "An open post" in html and "A quiet draft" in html
    assert "Draft" in html and "Published" in html
    assert "3 comments" in html and "1 awaiting review" in html  # removed ones are not counted
    assert NEW in html and edit_url(open_post) in html


def test_new_post_form_renders(author_client):
    response = author_client.get(NEW)
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()


def test_create_a_published_post(author_client, author):
    response = author_client.post(NEW, post_data())
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"] == edit_url(post)
    assert post.author == author
    assert post.slug == "learning-to-ask-for-help"
    assert post.published and post.published_at is not None and post.comments_open
    assert post.body == "It took me a long time.\n\nThis is about the first step."


def test_create_a_draft_with_comments_closed(author_client):
    author_client.post(NEW, post_data(published=None, comments_open=None))
    post = Post.objects.get()
    assert not post.published and post.published_at is None and not post.comments_open


def test_edit_keeps_the_slug_and_shows_a_safe_preview(author_client, author):
    post = PostFactory(author=author, title="First title", slug="first-title", published=False, published_at=None)
    response = author_client.post(
        edit_url(post), post_data(title="A better title", body="Line <b>one</b>\n\nhttps://example.org/x")
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "A better title" and post.slug == "first-title"
    assert post.published and post.published_at is not None

    html = author_client.get(edit_url(post)).content.decode()
    assert "Line &lt;b&gt;one&lt;/b&gt;" in html and "<b>one</b>" not in html
    assert 'href="https://example.org/x"' in html and 'rel="nofollow ugc noopener"' in html


def test_publish_unpublish_open_and_close_from_the_edit_page(author_client, author):
    post = PostFactory(author=author)
    first_published_at = post.published_at
    author_client.post(edit_url(post), post_data(title=post.title, body=post.body, published=None, comments_open=None))
    post.refresh_from_db()
    assert not post.published and not post.comments_open
    author_client.post(edit_url(post), post_data(title=post.title, body=post.body))
    post.refresh_from_db()
    assert post.published and post.comments_open
    assert post.published_at == first_published_at  # the first publication date is kept


@pytest.mark.parametrize(
    ("action", "field", "value"),
    [
        ("unpublish", "published", False),
        ("publish", "published", True),
        ("close_comments", "comments_open", False),
        ("open_comments", "comments_open", True),
    ],
)
def test_quick_toggles_on_the_list(author_client, author, action, field, value):
    post = PostFactory(author=author, published=not value, comments_open=not value)
    other_field = "comments_open" if field == "published" else "published"
    for _ in range(2):  # a resubmitted form sets the same value again, it does not flip back
        response = author_client.post(toggle_url(post), {"action": action})
        assert response.status_code == 302 and response["Location"] == LIST
        post.refresh_from_db()
        assert getattr(post, field) is value
        assert getattr(post, other_field) is (not value)


def test_toggle_refuses_unknown_actions_and_get(author_client, author):
    post = PostFactory(author=author)
    assert author_client.post(toggle_url(post), {"action": "delete"}).status_code == 400
    assert author_client.post(toggle_url(post), {}).status_code == 400
    assert author_client.get(toggle_url(post)).status_code == 405
    post.refresh_from_db()
    assert post.published and post.comments_open


def test_post_without_csrf_token_is_refused(author):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(author)
    assert client.post(NEW, post_data()).status_code == 403
    post = PostFactory(author=author)
    assert client.post(toggle_url(post), {"action": "unpublish"}).status_code == 403
    post.refresh_from_db()
    assert post.published
    assert Post.objects.count() == 1


# --- Input rules -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Please give your post a title."),
        ({"title": "   "}, "Please give your post a title."),
        ({"title": "x" * 201}, "200 characters or fewer"),
        ({"title": "Two\nlines"}, "line breaks"),
        ({"title": "Bell\x07"}, "control characters"),
        ({"title": "Spoof \u202egnp.exe"}, "text-direction"),
        ({"title": "\u200b\u200d\u2060"}, "no visible characters"),
        ({"title": "\u3164 \u2800"}, "no visible characters"),
        ({"body": ""}, "Please write something"),
        ({"body": " \n\n "}, "Please write something"),
        ({"body": "Hello\x1bworld"}, "control characters"),
        ({"body": "Hello\x00world"}, "Null characters are not allowed"),
        ({"body": "\u200b\n\n\ufeff"}, "no visible characters"),
        ({"body": "a" * 100_001}, "100,000 characters or fewer"),
    ],
)
def test_invalid_input_is_refused_and_changes_nothing(author_client, author, overrides, message):
    response = author_client.post(NEW, post_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Post.objects.exists()

    post = PostFactory(author=author, title="Kept", body="Kept body.")
    response = author_client.post(edit_url(post), post_data(**overrides))
    assert response.status_code == 400
    post.refresh_from_db()
    assert (post.title, post.body, post.published) == ("Kept", "Kept body.", True)


def test_long_posts_are_allowed_up_to_the_limit(author_client):
    body = ("A paragraph that goes on a while. " * 20 + "\n\n") * 140
    assert 10_000 < len(body.strip()) <= 100_000
    assert author_client.post(NEW, post_data(body=body)).status_code == 302
    assert Post.objects.get().body == body.strip()


def test_tabs_and_newlines_are_fine_in_the_body(author_client):
    assert author_client.post(NEW, post_data(body="A list:\n\tone\r\n\ttwo")).status_code == 302
