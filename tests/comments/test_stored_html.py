"""Each comment body's HTML is stored when it is written (issue 16), and stale HTML is never shown."""

import pytest
from django.core.management import call_command
from django.test import Client

from comments import services, text
from comments.models import Comment
from comments.text import body_html, body_html_key
from moderation.services import decisions
from moderation.services.items import review_item_open
from tests.factories import PostFactory, UserFactory, make_comment
from tests.moderation.queue_support import make_moderator

pytestmark = pytest.mark.django_db


def stored(comment) -> tuple[str, str]:
    return tuple(Comment.objects.filter(pk=comment.pk).values_list("body_html", "body_html_key").get())


def page(post) -> str:
    response = Client().get(post.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_comment_stores_its_sanitized_isolated_html():
    body = "Look <script>alert(1)</script> at https://example.org/x\n\nand \u05e9\u05dc\u05d5\u05dd"
    comment = make_comment(post=PostFactory(), body=body)
    html, key = stored(comment)
    assert html == str(body_html(body)) and key == body_html_key(body)
    assert html.startswith('<div class="comment-body" dir="auto">') and html.endswith("</div>")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<a href="https://example.org/x" rel="nofollow ugc noopener">' in html
    assert html in page(comment.post)


def test_an_edit_is_stored_when_its_check_publishes_it():
    user = UserFactory()
    comment = make_comment(post=PostFactory(), user=user, body="First words.")
    services.comment_edit(comment=comment, user=user, body="Second words.")
    assert stored(comment)[1] == body_html_key("First words.")  # others still read the checked text
    assert "Second words." not in page(comment.post)

    services.comment_publish(comment=comment)
    assert stored(comment) == (str(body_html("Second words.")), body_html_key("Second words."))
    assert "Second words." in page(comment.post) and "First words." not in page(comment.post)


def test_an_edit_published_by_a_batch_of_checks_is_stored_too():
    user = UserFactory()
    comment = make_comment(post=PostFactory(), user=user, body="First words.")
    services.comment_edit(comment=comment, user=user, body="Second words.")
    fresh = make_comment(post=comment.post, body="Brand new.", checked=False)
    locked = list(Comment.objects.select_for_update().filter(pk__in=[comment.pk, fresh.pk]).order_by("pk"))
    services.comments_publish(comments=locked)
    assert stored(comment) == (str(body_html("Second words.")), body_html_key("Second words."))
    assert stored(fresh) == (str(body_html("Brand new.")), body_html_key("Brand new."))
    assert "Second words." in page(comment.post) and "First words." not in page(comment.post)


def test_a_redaction_replaces_the_stored_html():
    comment = make_comment(post=PostFactory(), body="Call me on 555 0100.")
    item = review_item_open(post=comment.post, comment=comment, reason="reported")
    decisions.item_redact(item_id=item.pk, moderator=make_moderator(), body="Call me on [removed].")
    assert stored(comment) == (str(body_html("Call me on [removed].")), body_html_key("Call me on [removed]."))
    html = page(comment.post)
    assert "[removed]" in html and "555 0100" not in html


def test_a_body_written_without_its_html_never_shows_the_old_html():
    comment = make_comment(post=PostFactory(), body="Old words.")
    Comment.objects.filter(pk=comment.pk).update(body="New words.")  # any writer that forgets the HTML
    html = page(comment.post)
    assert "New words." in html and "Old words." not in html


def test_deleting_wipes_the_stored_html_with_the_text():
    user = UserFactory()
    comment = make_comment(post=PostFactory(), user=user, body="Gone soon.")
    services.comment_delete(comment=comment, user=user)
    assert stored(comment) == ("", "")


def test_a_new_renderer_version_renders_afresh_until_the_command_stores_it(monkeypatch):
    comment = make_comment(post=PostFactory(), body="Kind words.")
    Comment.objects.filter(pk=comment.pk).update(body_html='<div class="comment-body" dir="auto">stale</div>')
    monkeypatch.setattr(text, "BODY_HTML_VERSION", text.BODY_HTML_VERSION + 1)
    html = page(comment.post)
    assert "Kind words." in html and "stale" not in html

    call_command("render_comment_bodies")
    assert stored(comment) == (str(body_html("Kind words.")), body_html_key("Kind words."))
    assert stored(comment)[1].startswith(f"{text.BODY_HTML_VERSION}:")


def test_the_backfill_stores_only_what_is_missing_or_stale_and_can_run_again():
    post = PostFactory()
    fresh = make_comment(post=post, body="Already stored.")
    missing = make_comment(post=post, body="Imported before issue 16.")
    Comment.objects.filter(pk=missing.pk).update(body_html="", body_html_key="")
    assert services.comment_bodies_store(batch_size=1) == 1
    assert stored(missing) == (str(body_html("Imported before issue 16.")), body_html_key("Imported before issue 16."))
    assert stored(fresh)[1] == body_html_key("Already stored.")
    assert services.comment_bodies_store() == 0
