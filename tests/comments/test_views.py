"""Reader pages end to end: who sees what, permalinks, replying, rejections, rate limit, edit, delete."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from comments.models import Comment
from comments.services import comment_create, comment_delete
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Comment.Status


def add(*, post, user, parent=None, status=Status.VISIBLE, body="I hear you."):
    comment = comment_create(user=user, post=post, parent_id=parent.pk if parent else None, body=body)
    if comment.status != status:  # not a tree field: set it the way moderation would
        Comment.objects.filter(pk=comment.pk).update(status=status)
        comment.status = status
    return comment


def set_status(comment, status):
    Comment.objects.filter(pk=comment.pk).update(status=status)
    comment.status = status


def client_for(user=None, **kwargs) -> Client:
    client = Client(**kwargs)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def people():
    return {
        "anonymous": None,
        "author": UserFactory(display_name="Robin"),
        "other": UserFactory(display_name="Kai"),
        "staff": UserFactory(display_name="Moderator Sam", is_staff=True),
    }


@pytest.fixture
def post():
    return PostFactory(title="Scared to talk to my therapist", body="I almost cancelled.\n\nThen I went anyway.")


class Page(HTMLParser):
    """What a page offers: articles by id, forms, textareas, links, and how deeply lists nest."""

    def __init__(self, html: str):
        super().__init__()
        self.html = html
        self.articles: list[str] = []
        self.forms: list[dict] = []
        self.textareas = 0
        self.links: list[str] = []
        self.hidden_inputs: dict[str, str] = {}
        self.ids: set[str] = set()
        self._ol = 0
        self.max_ol = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            assert attrs["id"] not in self.ids, f"duplicate id {attrs['id']}"
            self.ids.add(attrs["id"])
        if tag == "article" and attrs.get("id"):
            self.articles.append(attrs["id"])
        elif tag == "form":
            self.forms.append(attrs)
        elif tag == "textarea":
            self.textareas += 1
        elif tag == "a":
            self.links.append(attrs.get("href", ""))
        elif tag == "input" and attrs.get("type") == "hidden":
            self.hidden_inputs[attrs["name"]] = attrs.get("value", "")
        elif tag == "ol":
            self._ol += 1
            self.max_ol = max(self.max_ol, self._ol)

    def handle_endtag(self, tag):
        if tag == "ol":
            self._ol -= 1


def get_page(client: Client, url: str, status: int = 200) -> Page:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return Page(response.content.decode())


# --- the post list and the post page ----------------------------------------------------------------------


def test_post_list_shows_published_posts_newest_first_with_visible_counts(people):
    older = PostFactory(title="First week back at work", published_at=timezone.now() - timedelta(days=2))
    PostFactory(title="On bad sleep", published_at=timezone.now() - timedelta(days=1))
    PostFactory(title="Unfinished draft", published=False, published_at=None)
    add(post=older, user=people["other"])
    add(post=older, user=people["other"], status=Status.HELD)
    html = get_page(Client(), "/").html
    assert html.index("On bad sleep") < html.index("First week back at work")
    assert "Unfinished draft" not in html
    assert "1 comment<" in html.replace("\n", "").replace("  ", "") or "1 comment\n" in html
    assert "Need help now?" in html


def test_post_page_shows_the_post_and_its_nested_conversation(post, people):
    root = add(post=post, user=people["other"], body="You did it. That took courage.")
    reply = add(post=post, user=people["author"], parent=root, body="Thank you, it helped to hear.")
    page = get_page(client_for(people["other"]), post.get_absolute_url())
    html = page.html
    assert "<h1" in html and "Scared to talk to my therapist" in html
    assert "<p>I almost cancelled.</p>" in html  # the body is rendered in paragraphs
    assert page.articles == [f"c{root.pk}", f"c{reply.pk}"]
    assert page.max_ol == 2
    assert html.count("<time datetime=") >= 2
    assert 'aria-labelledby="conversation-heading"' in html and "<main" in html
    assert "Join the conversation" in html
    assert "/guidelines/" in html and "Need help now?" in html
    assert f'href="/c/{root.pk}/"' in html  # the permalink


def test_post_page_offers_one_form_and_reply_links_not_a_form_per_comment(post, people):
    root = add(post=post, user=people["other"])
    for _ in range(5):
        add(post=post, user=people["other"], parent=root)
    page = get_page(client_for(people["author"]), post.get_absolute_url())
    # The "join" form and the single template that comments.js moves under a comment.
    assert page.textareas == 2
    reply_links = [link for link in page.links if re.fullmatch(r"/c/\d+/reply/", link)]
    assert len(reply_links) == 6
    assert 'data-reply-to="' in page.html and "js/comments.js" in page.html
    assert 'id="reply-form-template"' in page.html


def test_readers_who_are_not_signed_in_see_log_in_links_and_no_form(post, people):
    root = add(post=post, user=people["other"])
    page = get_page(Client(), post.get_absolute_url())
    assert page.textareas == 0 and "js/comments.js" not in page.html
    assert f"/accounts/login/?next=/c/{root.pk}/reply/" in page.links
    assert page.html.count("Log in to reply") == 2  # on the comment, and at the end


def test_closed_posts_say_so_and_offer_no_reply(post, people):
    root = add(post=post, user=people["other"])
    post.comments_open = False
    post.save()
    page = get_page(client_for(people["author"]), post.get_absolute_url())
    assert "Comments are closed" in page.html
    assert page.textareas == 0
    assert f"/c/{root.pk}/reply/" not in page.links
    reply_page = get_page(client_for(people["author"]), f"/c/{root.pk}/reply/")
    assert "Comments are closed" in reply_page.html and reply_page.textareas == 0


def test_readers_who_may_not_comment_yet_are_told_why_and_cannot_post(post, people, settings):
    settings.COMMENTS_REQUIRE_VERIFIED_EMAIL = True
    unverified = UserFactory(email_verified_at=None)
    root = add(post=post, user=people["other"])
    client = client_for(unverified)
    page = get_page(client, post.get_absolute_url())
    assert page.textareas == 0 and "confirm your e-mail address" in page.html
    assert f"/c/{root.pk}/reply/" not in page.links
    response = client.post(f"/p/{post.slug}/comment/", {"body": "hello", "parent": root.pk})
    assert response.status_code == 403 and "hello" in response.content.decode()
    assert Comment.objects.count() == 1


def test_a_draft_shows_its_author_no_comment_form(people):
    draft = PostFactory(author=people["author"], published=False, published_at=None)
    page = get_page(client_for(people["author"]), draft.get_absolute_url())
    assert "This post is a draft" in page.html and page.textareas == 0
    assert "opens once this post is published" in page.html


@pytest.mark.parametrize("who, status", [("anonymous", 404), ("other", 404), ("author", 200), ("staff", 200)])
def test_drafts_are_404_except_to_their_author_and_staff(people, who, status):
    draft = PostFactory(author=people["author"], published=False, published_at=None)
    client = client_for(people[who])
    assert client.get(draft.get_absolute_url()).status_code == status


def test_comments_on_an_unpublished_post_are_404_to_others(post, people):
    comment = add(post=post, user=people["other"])
    post.published = False
    post.save()
    client = client_for(people["other"])
    for url in (f"/c/{comment.pk}/", f"/c/{comment.pk}/reply/", f"/c/{comment.pk}/thread/"):
        assert client.get(url).status_code == 404, url
    response = client.post(f"/p/{post.slug}/comment/", {"body": "still here"})
    assert response.status_code == 404
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("page", ["0", "2", "abc", "-1"])
def test_post_pages_that_do_not_exist_are_404(post, people, page):
    add(post=post, user=people["other"])
    assert Client().get(f"{post.get_absolute_url()}?page={page}").status_code == 404


# --- who sees what ----------------------------------------------------------------------------------------

MATRIX = {
    # who: (sees "my pending", sees "my held", sees "their held")
    "anonymous": (False, False, False),
    "other": (False, False, True),  # "other" wrote the held comment below
    "author": (True, True, False),
    "staff": (True, True, True),
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_visibility_matrix_on_the_post_page(post, people, who):
    author, other = people["author"], people["other"]
    root = add(post=post, user=other, body="plain visible")
    pending = add(post=post, user=author, parent=root, status=Status.PENDING, body="my pending text")
    held = add(post=post, user=author, parent=root, status=Status.HELD, body="my held text")
    their_held = add(post=post, user=other, parent=root, status=Status.HELD, body="their held text")
    removed = add(post=post, user=other, parent=root, status=Status.REMOVED, body="removed text")

    page = get_page(client_for(people[who]), post.get_absolute_url())
    sees_pending, sees_held, sees_their_held = MATRIX[who]
    assert ("my pending text" in page.html) is sees_pending
    assert ("my held text" in page.html) is sees_held
    assert ("their held text" in page.html) is sees_their_held
    assert "plain visible" in page.html and "removed text" not in page.html
    assert f"c{removed.pk}" not in page.articles  # hidden without replies: gone
    for comment, seen in ((pending, sees_pending), (held, sees_held), (their_held, sees_their_held)):
        assert (f"c{comment.pk}" in page.articles) is seen
        status = 200 if seen else 404
        client = client_for(people[who])
        assert client.get(f"/c/{comment.pk}/").status_code == (302 if seen else 404)
        assert client.get(f"/c/{comment.pk}/reply/").status_code == status
    if who == "author":
        assert "being checked" in page.html and "awaiting review" in page.html
        assert "Staff view" not in page.html
    if who == "staff":
        assert "Staff view: being checked" in page.html and "Staff view: awaiting review" in page.html


def test_tombstones_keep_replies_in_place_without_text_or_name(post, people):
    author, other = people["author"], people["other"]
    root = add(post=post, user=other)
    deleted = add(post=post, user=author, parent=root, body="deleted words")
    add(post=post, user=other, parent=deleted, body="answer to deleted")
    removed = add(post=post, user=author, parent=root, body="removed words")
    add(post=post, user=other, parent=removed, body="answer to removed")
    held = add(post=post, user=author, parent=root, body="held words")
    add(post=post, user=other, parent=held, body="answer to held")
    comment_delete(comment=deleted, user=author)
    set_status(removed, Status.REMOVED)
    set_status(held, Status.HELD)

    page = get_page(client_for(people["other"]), post.get_absolute_url())
    for text in ("Comment deleted", "Comment removed by a moderator", "Comment awaiting review"):
        assert text in page.html
    for text in ("deleted words", "removed words", "held words", "Robin"):
        assert text not in page.html
    for text in ("answer to deleted", "answer to removed", "answer to held"):
        assert text in page.html
    assert page.max_ol == 3  # the answers stay nested under their tombstones
    for tombstone in (deleted, removed, held):
        assert f"c{tombstone.pk}" in page.articles
        assert Client().get(f"/c/{tombstone.pk}/").status_code == 404


# --- permalinks and thread pages --------------------------------------------------------------------------


def test_permalink_redirects_to_the_post_page_and_anchor(post, people, settings):
    settings.COMMENTS_PAGE_THREADS = 2
    roots = [add(post=post, user=people["other"]) for _ in range(5)]
    reply = add(post=post, user=people["other"], parent=roots[4])
    response = Client().get(f"/c/{reply.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}?page=3#c{reply.pk}"
    assert Client().get(f"/c/{roots[0].pk}/")["Location"] == f"{post.get_absolute_url()}?page=1#c{roots[0].pk}"
    page = get_page(Client(), response["Location"].split("#")[0])
    assert f"c{reply.pk}" in page.articles
    assert Client().get("/c/999999/").status_code == 404


def test_permalink_beyond_the_post_page_share_lands_on_the_thread_view(post, people, settings):
    settings.COMMENTS_PAGE_COMMENTS = 10
    root = add(post=post, user=people["other"])
    parent = root
    chain = []
    for _ in range(25):
        parent = add(post=post, user=people["author"], parent=parent)
        chain.append(parent)
    deep = chain[-1]  # rank 25: the third thread page
    response = Client().get(f"/c/{deep.pk}/")
    assert response["Location"] == f"/c/{root.pk}/thread/?page=3#c{deep.pk}"
    page = get_page(Client(), f"/c/{root.pk}/thread/?page=3")
    assert f"c{deep.pk}" in page.articles
    assert re.search(r"replying to <a [^>]*><bdi>Robin</bdi></a>", page.html)
    post_page = get_page(Client(), post.get_absolute_url())
    assert len(post_page.articles) == 10
    assert "16 more replies" in post_page.html
    assert f"/c/{root.pk}/thread/?page=2#c{chain[9].pk}" in post_page.links
    assert get_page(Client(), f"/c/{root.pk}/thread/?page=4", status=404)
    assert get_page(Client(), f"/c/{chain[0].pk}/thread/", status=404)  # threads are opened at their root


# --- replying ---------------------------------------------------------------------------------------------


def test_reply_page_shows_the_comment_and_one_form(post, people):
    root = add(post=post, user=people["other"], body="Does anyone else feel this?")
    page = get_page(client_for(people["author"]), f"/c/{root.pk}/reply/")
    assert page.articles == [f"c{root.pk}"]
    assert page.textareas == 1
    assert page.hidden_inputs["parent"] == str(root.pk)
    assert [form.get("action") for form in page.forms if form.get("action", "").endswith("/comment/")] == [
        f"/p/{post.slug}/comment/"
    ]
    assert "/guidelines/" in page.links
    anonymous = get_page(Client(), f"/c/{root.pk}/reply/")
    assert anonymous.textareas == 0 and "Log in to reply" in anonymous.html


def test_posting_a_reply_saves_it_and_redirects_to_its_permalink(post, people):
    root = add(post=post, user=people["other"])
    response = client_for(people["author"]).post(
        f"/p/{post.slug}/comment/", {"body": "Me too.\n\nEvery week.", "parent": root.pk}
    )
    reply = Comment.objects.get(parent=root)
    assert response.status_code == 302 and response["Location"] == f"/c/{reply.pk}/"
    assert reply.body == "Me too.\n\nEvery week." and reply.commenter.user == people["author"]
    follow = client_for(people["author"]).get(f"/c/{reply.pk}/", follow=True)
    assert f'id="c{reply.pk}"' in follow.content.decode()


def test_a_new_thread_from_the_join_form(post, people):
    response = client_for(people["author"]).post(f"/p/{post.slug}/comment/", {"body": "Thank you for this."})
    comment = Comment.objects.get()
    assert response["Location"] == f"/c/{comment.pk}/" and comment.parent is None


def _rejection_cases(post, people):
    other_post = PostFactory()
    elsewhere = add(post=other_post, user=people["other"])
    deleted = add(post=post, user=people["other"])
    comment_delete(comment=deleted, user=people["other"])
    removed = add(post=post, user=people["other"], status=Status.REMOVED)
    held = add(post=post, user=people["other"], status=Status.HELD)
    return {
        "empty": ({"body": "   "}, 400),
        "too long": ({"body": "x" * 10_001}, 400),
        "control characters": ({"body": "hello\x00there"}, 400),
        "escape character": ({"body": "hello\x1b[31m"}, 400),
        "parent on another post": ({"body": "kept words", "parent": elsewhere.pk}, 400),
        "missing parent": ({"body": "kept words", "parent": 999_999}, 404),
        "deleted parent": ({"body": "kept words", "parent": deleted.pk}, 409),
        "removed parent": ({"body": "kept words", "parent": removed.pk}, 409),
        "someone else's held parent": ({"body": "kept words", "parent": held.pk}, 404),
        "junk parent": ({"body": "kept words", "parent": "abc"}, 400),
    }


@pytest.mark.parametrize(
    "case",
    [
        "empty",
        "too long",
        "control characters",
        "escape character",
        "parent on another post",
        "missing parent",
        "deleted parent",
        "removed parent",
        "someone else's held parent",
        "junk parent",
    ],
)
def test_rejected_comments_answer_4xx_keep_the_text_and_save_nothing(post, people, case):
    data, status = _rejection_cases(post, people)[case]
    before = Comment.objects.count()
    response = client_for(people["author"]).post(f"/p/{post.slug}/comment/", data)
    assert response.status_code == status
    assert Comment.objects.count() == before
    html = response.content.decode()
    assert "Nothing was saved" in html
    if data["body"].strip() and "\x00" not in data["body"]:
        assert data["body"].replace("\x1b", "") in html.replace("\x1b", "")
    assert Page(html).textareas == 1


def test_posting_on_a_closed_post_is_403_and_keeps_the_text(post, people):
    post.comments_open = False
    post.save()
    response = client_for(people["author"]).post(f"/p/{post.slug}/comment/", {"body": "my careful words"})
    assert response.status_code == 403
    assert "Comments are closed" in response.content.decode()
    assert "my careful words" in response.content.decode()
    assert not Comment.objects.exists()


def test_anonymous_posts_are_refused_and_save_nothing(post):
    response = Client().post(f"/p/{post.slug}/comment/", {"body": "hello from nowhere"})
    assert response.status_code == 403
    assert "log in" in response.content.decode().lower()
    assert not Comment.objects.exists()


def test_posts_without_a_csrf_token_are_refused(post, people):
    client = client_for(people["author"], enforce_csrf_checks=True)
    response = client.post(f"/p/{post.slug}/comment/", {"body": "no token"})
    assert response.status_code == 403
    assert not Comment.objects.exists()
    # The page's own form carries the token, and with it the same post goes through.
    client.get(post.get_absolute_url())
    token = client.cookies["csrftoken"].value
    response = client.post(f"/p/{post.slug}/comment/", {"body": "with token", "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and Comment.objects.count() == 1


def test_edit_and_delete_posts_need_a_csrf_token(post, people):
    comment = add(post=post, user=people["author"], body="original")
    client = client_for(people["author"], enforce_csrf_checks=True)
    assert client.post(f"/c/{comment.pk}/edit/", {"body": "changed"}).status_code == 403
    assert client.post(f"/c/{comment.pk}/delete/").status_code == 403
    comment.refresh_from_db()
    assert (comment.body, comment.status) == ("original", Status.VISIBLE)


# --- rate limit -------------------------------------------------------------------------------------------


@pytest.fixture(params=["redis", "database"])
def rate_cache(request, settings):
    if request.param == "redis":
        request.getfixturevalue("redis_url")
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": settings.REDIS_URL,
            }
        }
    else:  # the embedded mode's cache, shared by web, worker and beat
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "test_rate_cache",
            }
        }
        call_command("createcachetable", verbosity=0)
    settings.COMMENT_RATE_LIMIT = "3/h"  # an hour: the test cannot straddle a window boundary
    request.getfixturevalue("clear_cache")
    return request.param


def test_rate_limit_answers_429_keeps_the_text_and_saves_nothing(post, people, rate_cache):
    client = client_for(people["author"])
    for n in range(3):
        assert client.post(f"/p/{post.slug}/comment/", {"body": f"comment {n}"}).status_code == 302
    response = client.post(f"/p/{post.slug}/comment/", {"body": "one more thought"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "short pause" in html and "one more thought" in html and "Nothing was saved" in html
    assert Comment.objects.count() == 3
    # The limit is per person.
    assert client_for(people["other"]).post(f"/p/{post.slug}/comment/", {"body": "hi"}).status_code == 302


def test_a_posts_author_answering_readers_has_a_higher_limit_of_their_own(people, rate_cache, settings):
    settings.POST_AUTHOR_COMMENT_RATE_LIMIT = "6/h"
    own = PostFactory(author=people["author"], title="My first week back at work")
    other = PostFactory(title="Somebody else's post")
    reader_comment = add(post=own, user=people["other"], body="This helped me, thank you.")
    client = client_for(people["author"])
    for n in range(6):  # more than COMMENT_RATE_LIMIT (3/h here): answering readers in their own post's threads
        data = {"body": f"thank you, reader {n}", "parent": reader_comment.pk if n % 2 else ""}
        assert client.post(f"/p/{own.slug}/comment/", data).status_code == 302
    assert client.post(f"/p/{own.slug}/comment/", {"body": "and one more"}).status_code == 429
    # Counted apart: elsewhere they are an ordinary reader with the ordinary limit.
    for n in range(3):
        assert client.post(f"/p/{other.slug}/comment/", {"body": f"elsewhere {n}"}).status_code == 302
    assert client.post(f"/p/{other.slug}/comment/", {"body": "one too many"}).status_code == 429
    assert Comment.objects.filter(commenter__user=people["author"]).count() == 9
    assert Comment.objects.filter(commenter__user=people["author"], parent=reader_comment).count() == 3


# --- edit and delete --------------------------------------------------------------------------------------


def test_authors_edit_within_the_window_and_it_shows_as_edited(post, people):
    comment = add(post=post, user=people["author"], body="first try")
    client = client_for(people["author"])
    page = get_page(client, post.get_absolute_url())
    assert f"/c/{comment.pk}/edit/" in page.links
    form = get_page(client, f"/c/{comment.pk}/edit/")
    assert "first try" in form.html
    response = client.post(f"/c/{comment.pk}/edit/", {"body": "second try"})
    assert response.status_code == 302 and response["Location"] == f"/c/{comment.pk}/"
    comment.refresh_from_db()
    # The edit waits for its care check; meanwhile its author sees it and others the checked text.
    assert (comment.unchecked_body, comment.body, comment.revision) == ("second try", "first try", 2)
    assert comment.edited is not None
    own_view = get_page(client, post.get_absolute_url()).html
    assert ">edited<" in own_view and "second try" in own_view


def test_an_edit_waiting_for_its_check_shows_only_to_its_author(post, people):
    comment = add(post=post, user=people["author"], body="checked words")
    Comment.objects.filter(pk=comment.pk).update(unchecked_body="newer words")
    mine = get_page(client_for(people["author"]), post.get_absolute_url()).html
    assert "newer words" in mine and "checked words" not in mine and "edit while it is being checked" in mine
    theirs = get_page(client_for(people["other"]), post.get_absolute_url()).html
    assert "checked words" in theirs and "newer words" not in theirs
    assert "newer words" in get_page(client_for(people["author"]), f"/c/{comment.pk}/edit/").html


def test_after_the_edit_window_the_link_goes_and_posts_get_403(post, people, settings):
    comment = add(post=post, user=people["author"], body="settled words")
    Comment.objects.filter(pk=comment.pk).update(
        created=timezone.now() - timedelta(minutes=settings.COMMENT_EDIT_WINDOW_MINUTES + 1)
    )
    client = client_for(people["author"])
    page = get_page(client, post.get_absolute_url())
    assert f"/c/{comment.pk}/edit/" not in page.links
    assert f"/c/{comment.pk}/delete/" in page.links  # deleting stays possible
    assert client.get(f"/c/{comment.pk}/edit/").status_code == 403
    assert client.post(f"/c/{comment.pk}/edit/", {"body": "too late"}).status_code == 403
    comment.refresh_from_db()
    assert comment.body == "settled words" and comment.edited is None


def test_only_the_author_may_edit_or_delete(post, people):
    comment = add(post=post, user=people["author"], body="mine")
    for who in ("other", "staff", "anonymous"):
        client = client_for(people[who])
        assert client.post(f"/c/{comment.pk}/edit/", {"body": "theirs"}).status_code == 403
        assert client.post(f"/c/{comment.pk}/delete/").status_code == 403
    comment.refresh_from_db()
    assert (comment.body, comment.status) == ("mine", Status.VISIBLE)


def test_an_invalid_edit_is_400_keeps_the_text_and_changes_nothing(post, people):
    comment = add(post=post, user=people["author"], body="kept")
    response = client_for(people["author"]).post(f"/c/{comment.pk}/edit/", {"body": "bad\x00text"})
    assert response.status_code == 400
    comment.refresh_from_db()
    assert comment.body == "kept"


def test_deleting_with_replies_leaves_a_tombstone(post, people):
    comment = add(post=post, user=people["author"], body="I regret posting this")
    reply = add(post=post, user=people["other"], parent=comment, body="sending care")
    client = client_for(people["author"])
    confirm = get_page(client, f"/c/{comment.pk}/delete/")
    assert "I regret posting this" in confirm.html and len(confirm.forms) >= 1
    assert client.post(f"/c/{comment.pk}/delete/").status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.DELETED and comment.body == ""
    page = get_page(Client(), post.get_absolute_url())
    assert "Comment deleted" in page.html and "I regret posting this" not in page.html
    assert page.articles == [f"c{comment.pk}", f"c{reply.pk}"]
    assert client.get(f"/c/{comment.pk}/").status_code == 404
    assert client.get(f"/c/{comment.pk}/edit/").status_code == 404
    assert client.get(f"/c/{comment.pk}/delete/").status_code == 404


def test_deleting_without_replies_removes_it_from_view(post, people):
    comment = add(post=post, user=people["author"], body="never mind")
    client = client_for(people["author"])
    assert client.post(f"/c/{comment.pk}/delete/").status_code == 302
    page = get_page(Client(), post.get_absolute_url())
    assert page.articles == [] and "Comment deleted" not in page.html


# --- deep chains and hostile input ------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_thousand_deep_chain_renders_on_every_page(post, people, settings):
    # Committed inserts: in one long transaction every insert re-versions all 1,000 ancestors and PostgreSQL
    # cannot prune the old versions until the end, which makes the build minutes instead of seconds.
    user = people["other"]
    root = parent = add(post=post, user=user, body="the start")
    for _ in range(1000):
        parent = add(post=post, user=user, parent=parent, body="and deeper")
    client = client_for(people["author"])
    page = get_page(client, post.get_absolute_url())
    assert len(page.articles) == settings.COMMENTS_PAGE_COMMENTS
    assert page.max_ol <= settings.COMMENTS_DISPLAY_DEPTH
    assert "more replies" in page.html
    seen = []
    for number in range(1, 5):
        thread = get_page(client, f"/c/{root.pk}/thread/?page={number}")
        assert thread.max_ol <= settings.COMMENTS_DISPLAY_DEPTH
        assert re.search(r"replying to <a [^>]*><bdi>Kai</bdi></a>", thread.html)
        seen.extend(thread.articles)
    assert len(seen) == 1001 and seen[-1] == f"c{parent.pk}"
    location = client.get(f"/c/{parent.pk}/")["Location"]
    assert location == f"/c/{root.pk}/thread/?page=4#c{parent.pk}"


HOSTILE_NAME = '<script>alert("name")</script>"><img src=x onerror=alert(1)>'
HOSTILE_BODY = '<script>alert("body")</script>\n\n<a href="javascript:alert(2)">click</a>'


def test_hostile_names_and_bodies_are_escaped_everywhere(post, people):
    hostile = UserFactory(display_name=HOSTILE_NAME)
    root = add(post=post, user=hostile, body=HOSTILE_BODY)
    add(post=post, user=people["other"], parent=root, body="gentle reply")
    client = client_for(people["author"])
    for url in (post.get_absolute_url(), f"/c/{root.pk}/thread/", f"/c/{root.pk}/reply/"):
        page = get_page(client, url)
        assert "<script>alert" not in page.html, url
        assert "<img src=x" not in page.html, url
        assert not [link for link in page.links if "javascript" in link.lower()], url
        assert "&lt;script&gt;alert(&quot;name&quot;)" in page.html, url  # the name, escaped
        assert "&lt;script&gt;alert(" in page.html, url
    rejected = client.post(f"/p/{post.slug}/comment/", {"body": HOSTILE_BODY + "\x00", "parent": root.pk})
    assert rejected.status_code == 400
    html = rejected.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
