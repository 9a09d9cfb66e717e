"""Long threads stay readable and muting means muting (issue 15, items 5 and 6), through the reader pages."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments import services
from comments.models import Comment, PostVisit
from comments.text import quotable_sentences, render_text
from moderation.models import CareFlag
from notifications import services as notify_services
from tests.factories import PostFactory, UserFactory, make_comment
from tests.moderation.queue_support import make_moderator

pytestmark = pytest.mark.django_db


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def page_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def order_of(html: str, comments) -> list[int]:
    """The comments' ids in the order their articles appear in the page."""
    return sorted((c.pk for c in comments), key=lambda pk: html.index(f'id="c{pk}"'))


def aged(comment, *, hours: float):
    Comment.objects.filter(pk=comment.pk).update(created=timezone.now() - timedelta(hours=hours))


# --- order of threads ---------------------------------------------------------------------------------------


def test_threads_in_the_order_asked_for(settings):
    post = PostFactory()
    first, second, third = (make_comment(post=post, body=f"Thread {n}.") for n in (1, 2, 3))
    for comment, hours in ((first, 30), (second, 20), (third, 10)):
        aged(comment, hours=hours)
    late_reply = make_comment(post=post, parent=first, body="A late answer in the oldest thread.")
    url = post.get_absolute_url()
    client = client_for()

    assert order_of(page_of(client, url), [first, second, third]) == [first.pk, second.pk, third.pk]
    assert order_of(page_of(client, url + "?sort=newest"), [first, second, third]) == [third.pk, second.pk, first.pk]
    activity = page_of(client, url + "?sort=activity")
    assert order_of(activity, [first, second, third]) == [first.pk, third.pk, second.pk]
    # A thread keeps its replies under its first comment whatever the order.
    assert (
        activity.index(f'id="c{first.pk}"')
        < activity.index(f'id="c{late_reply.pk}"')
        < activity.index(f'id="c{third.pk}"')
    )
    assert 'aria-current="true" class="current">Recent activity' in activity
    # Anything else is the default order.
    assert order_of(page_of(client, url + "?sort=%3Cx%3E"), [first, second, third]) == [first.pk, second.pk, third.pk]


def test_pages_keep_the_order(settings):
    settings.COMMENTS_PAGE_THREADS = 1
    post = PostFactory()
    make_comment(post=post)
    make_comment(post=post)
    html = page_of(client_for(), post.get_absolute_url() + "?sort=newest")
    assert 'href="?page=2&amp;sort=newest"' in html


# --- one menu per comment -----------------------------------------------------------------------------------


def test_secondary_actions_are_behind_one_menu():
    post = PostFactory()
    reader, writer = UserFactory(), UserFactory(display_name="Jonah")
    root = make_comment(post=post, user=writer, body="Some days are heavy.")
    own = make_comment(post=post, user=reader, parent=root, body="I know that feeling.")
    html = page_of(client_for(reader), post.get_absolute_url())

    article = html[html.index(f'id="c{root.pk}"') : html.index(f'id="c{own.pk}"')]
    menu = article[article.index('<details class="comment-menu"') : article.index("</details>")]
    for inside in (
        reverse("moderation:comment_report", args=[root.pk]),
        reverse("comments:permalink", args=[root.pk]),
        reverse("comments:thread", args=[root.pk]),
        reverse("notifications:subscription"),  # follow or mute the thread
        reverse("notifications:writer_mute", args=[root.pk]),
        f'data-collapse="{root.pk}"',
    ):
        assert inside in menu, inside
    # Outside the menu: the reply link, and readers' support signals (one toolbar with the menu's button, made
    # by threads.js: tests/comments/test_browser_threads.py counts the tab stops).
    outside = article.replace(menu, "").split('class="comment-actions"')[1]
    assert re.findall(r"<a |<button(?! type=\"submit\" class=\"signal-button\")|<summary", outside) == ["<a "]
    assert "data-comment-toolbar" in article
    assert 'class="comment-time" href' not in html
    # The reader's own comment: edit and delete in its menu, no report and no mute of herself.
    own_article = html[html.index(f'id="c{own.pk}"') :]
    own_menu = own_article[own_article.index('<details class="comment-menu"') : own_article.index("</details>")]
    assert reverse("comments:comment_edit", args=[own.pk]) in own_menu
    assert reverse("comments:comment_delete", args=[own.pk]) in own_menu
    assert "report" not in own_menu and "mute-writer" not in own_menu


def test_anonymous_visitors_get_the_link_and_thread_page_in_the_menu():
    post = PostFactory()
    root = make_comment(post=post)
    html = page_of(client_for(), post.get_absolute_url())
    assert reverse("comments:permalink", args=[root.pk]) in html
    assert reverse("comments:thread", args=[root.pk]) in html  # collapsing without JavaScript: the thread alone
    assert "mute-writer" not in html and "/report/" not in html


# --- preview and quote --------------------------------------------------------------------------------------


def test_preview_shows_the_sanitized_text_and_saves_nothing():
    post = PostFactory()
    reader = UserFactory()
    parent = make_comment(post=post, body="It has been a long week.")
    body = "> It has been a long week.\n\nIt has. <script>alert(1)</script> https://example.org/help"
    response = client_for(reader).post(
        reverse("comments:comment_create", args=[post.slug]),
        {"body": body, "parent": parent.pk, "key": "k" * 24, "preview": "1", "content_note": "mentions grief and loss"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert Comment.objects.filter(post=post).count() == 1
    preview = html[html.index('id="preview"') : html.index("</section>", html.index('id="preview"'))]
    assert str(render_text(body)) in preview  # exactly what the posted comment would show
    assert "<blockquote><p>It has been a long week.</p></blockquote>" in preview
    assert "<script>" not in html.replace('<script src="', "")
    assert "Content note: mentions grief and loss" in preview
    assert 'name="key" value="' + "k" * 24 + '"' in html  # posting from here still sends once
    assert 'value="mentions grief and loss" selected' in html


def test_quoting_a_sentence_of_the_parent_without_javascript():
    post = PostFactory()
    parent = make_comment(post=post, body="I told her today. It went better than I feared! Now I'm tired.")
    reader = UserFactory()
    url = reverse("comments:comment_reply", args=[parent.pk])
    html = page_of(client_for(reader), url)
    assert 'href="?quote=1#reply-body"' in html
    quoted = page_of(client_for(reader), url + "?quote=1")
    assert "&gt; It went better than I feared!\n\n</textarea>" in quoted
    for bad in ("9", "-1", "x"):
        assert "&gt; " not in page_of(client_for(reader), url + f"?quote={bad}").split("<textarea")[1]


def test_quotable_sentences_and_the_quote_markup():
    assert quotable_sentences("One. Two!\n\n> quoted\nThree?") == ["One.", "Two!", "Three?"]
    assert str(render_text("> <b>hi</b>\n\nok")) == "<blockquote><p>&lt;b&gt;hi&lt;/b&gt;</p></blockquote>\n\n<p>ok</p>"
    assert str(render_text("no quote here\n> not a quote")) == "<p>no quote here<br>&gt; not a quote</p>"


# --- content notes and folds --------------------------------------------------------------------------------


def test_a_content_note_folds_the_comment_for_others_only():
    post = PostFactory()
    writer, reader = UserFactory(), UserFactory()
    response = client_for(writer).post(
        reverse("comments:comment_create", args=[post.slug]),
        {"body": "Last year I hurt myself a lot. I'm doing better.", "content_note": "mentions self-harm"},
    )
    assert response.status_code == 302
    comment = Comment.objects.get(post=post)
    assert comment.content_note == "mentions self-harm"
    services.comment_publish(comment=comment)

    other = page_of(client_for(reader), post.get_absolute_url())
    assert '<details class="fold fold-note" data-fold>' in other
    assert "Content note: mentions self-harm. Show this comment</summary>" in other
    own = page_of(client_for(writer), post.get_absolute_url())
    assert "fold-note" not in own and '<p class="content-note-label">Content note: mentions self-harm</p>' in own


@pytest.mark.parametrize(
    ("note", "status", "stored"),
    [
        ("mentions suicide", 302, "mentions suicide"),
        ("", 302, ""),
        ("you are all idiots", 400, None),  # only the list: a note is not read by the care check
    ],
)
def test_content_notes_come_from_a_fixed_list(note, status, stored):
    post = PostFactory()
    response = client_for(UserFactory()).post(
        reverse("comments:comment_create", args=[post.slug]), {"body": "Thinking of you.", "content_note": note}
    )
    assert response.status_code == status
    if stored is None:
        assert not Comment.objects.exists()
        assert "Select a valid choice" in response.content.decode()
    else:
        assert Comment.objects.get().content_note == stored


def test_the_writer_changes_the_content_note_when_editing():
    post = PostFactory()
    writer = UserFactory()
    comment = make_comment(post=post, user=writer, body="It was a hard year.")
    url = reverse("comments:comment_edit", args=[comment.pk])
    client = client_for(writer)
    assert '<option value="" selected>No note</option>' in page_of(client, url)
    response = client.post(url, {"body": "It was a hard year.", "content_note": "mentions grief and loss"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.content_note == "mentions grief and loss"
    assert client.post(url, {"body": "It was a hard year.", "content_note": "free words"}).status_code == 400
    comment.refresh_from_db()
    assert comment.content_note == "mentions grief and loss"


def flag_crisis(comment, *, dismissed=False):
    CareFlag.objects.create(
        post=comment.post,
        comment=comment,
        revision=comment.revision,
        category="crisis",
        severity="medium",
        score=0.9,
        classifier="test",
        classifier_version="1",
        dismissed=dismissed,
    )


def test_a_visible_crisis_flagged_comment_is_folded_behind_a_gentle_note():
    post = PostFactory()
    writer = UserFactory()
    at_risk = make_comment(post=post, user=writer, body="I don't think I'll be around much longer.")
    calm = make_comment(post=post, body="Same, long week.")
    dismissed = make_comment(post=post, body="I'd kill for a nap.")
    flag_crisis(at_risk)
    flag_crisis(dismissed, dismissed=True)
    note = "This comment shares something painful. Open it when you feel ready</summary>"

    for viewer in (None, UserFactory()):
        html = page_of(client_for(viewer), post.get_absolute_url())
        assert html.count(note) == 1
        fold = html.index(note)
        assert html.index(f'id="c{at_risk.pk}"') < fold < html.index(f'id="c{calm.pk}"')
        # The body and the reply link are inside the fold; nothing names a care label.
        assert fold < html.index("around much longer") < html.index(f'id="c{calm.pk}"')
        assert "crisis" not in html.split("<main", 1)[1].split("</main>")[0].lower()
    assert note not in page_of(client_for(writer), post.get_absolute_url())
    assert note not in page_of(client_for(make_moderator()), post.get_absolute_url())


# --- muting a writer ----------------------------------------------------------------------------------------


def test_a_muted_writers_comments_fold_for_the_reader_and_not_for_moderators():
    post = PostFactory()
    priya, jonah = UserFactory(display_name="Priya"), UserFactory(display_name="Jonah")
    moderator = make_moderator()
    root = make_comment(post=post, user=priya, body="Hard day.")
    reply = make_comment(post=post, user=jonah, parent=root, body="Words from Jonah.")
    under = make_comment(post=post, parent=reply, body="Someone else answers Jonah.")

    client = client_for(priya)
    response = client.post(
        reverse("notifications:writer_mute", args=[reply.pk]), {"next": post.get_absolute_url() + f"#c{reply.pk}"}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#c{reply.pk}")
    html = page_of(client, post.get_absolute_url())
    summary = "You muted <bdi>Jonah</bdi>. Show this comment</summary>"
    assert html.count(summary) == 1
    assert html.index(f'id="c{reply.pk}"') < html.index(summary) < html.index("Words from Jonah.")
    assert "fold-muted" not in html[html.index(f'id="c{under.pk}"') :]  # others' answers stay open
    assert "Unmute <bdi>Jonah</bdi>" in html

    notify_services.writer_mute_set(user=moderator, writer=jonah, muted=True)
    assert summary not in page_of(client_for(moderator), post.get_absolute_url())  # moderators see everything

    # Unmuting from the menu goes back to the comment.
    response = client.post(
        reverse("notifications:writer_unmute", args=[jonah.pk]), {"next": post.get_absolute_url() + f"#c{reply.pk}"}
    )
    assert response["Location"].endswith(f"#c{reply.pk}")
    assert summary not in page_of(client, post.get_absolute_url())


# --- new since your last visit ------------------------------------------------------------------------------


def test_new_since_the_last_visit():
    post = PostFactory()
    reader = UserFactory()
    old = make_comment(post=post, body="Before.")
    aged(old, hours=2)
    client = client_for(reader)
    first = page_of(client, post.get_absolute_url())
    assert "new since your last visit" not in first  # a first visit marks nothing

    # The reader comes back an hour later: what others wrote in between is new, her own words are not.
    PostVisit.objects.filter(user=reader, post=post).update(seen_at=timezone.now() - timedelta(hours=1))
    fresh = make_comment(post=post, body="While you were away.")
    own = make_comment(post=post, user=reader, body="Mine.")
    html = page_of(client, post.get_absolute_url())
    assert f'<a href="#c{fresh.pk}">1 new since your last visit</a>' in html
    marked = re.findall(r'id="c(\d+)"[^>]*>\s*<header class="comment-meta">(?:(?!</header>).)*new-badge', html, re.S)
    assert [int(pk) for pk in marked] == [fresh.pk]
    assert old.pk != fresh.pk != own.pk

    # Reloads and other pages of the same visit keep the markers; the thread page shows them too.
    assert "1 new since your last visit" in page_of(client, post.get_absolute_url())
    assert "new-badge" in page_of(client, reverse("comments:thread", args=[fresh.pk]))
    # Anonymous visitors: no markers, nothing recorded.
    assert "new-badge" not in page_of(client_for(), post.get_absolute_url())
    assert PostVisit.objects.count() == 1
