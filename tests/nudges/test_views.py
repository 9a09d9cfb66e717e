"""The nudge endpoint and the comment form's own check (no JavaScript): CSRF, rate limit, crisis first, outcomes."""

import json

import pytest
from django.test import Client

from comments.models import Comment
from moderation.models import CareFlag
from nudges.detector import SENTENCES
from nudges.models import NudgeEvent, NudgeOutcome
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/nudges/check/"
KEY = "nudgeformkey_0123456789"
PROMISE = "It will definitely get better by next month, I promise you."
CLEAN = "I'm sorry it's so heavy right now. I hope the next weeks are gentler."
CRISIS = (
    "I keep thinking my family would cope better if I just wasn't here any more, and I've started giving my "
    "things away. Just get over it, I tell myself."
)


@pytest.fixture
def writer(clear_cache):
    return UserFactory()


@pytest.fixture
def post():
    return PostFactory()


def check(client, post, body, **extra):
    return client.post(URL, {"body": body, "post": post.slug, "key": KEY, **extra})


def answer(response) -> dict:
    return json.loads(response.content)


# --- the endpoint ----------------------------------------------------------------------------------------------


def test_the_answer_is_only_the_sentence(client, writer, post):
    client.force_login(writer)
    response = check(client, post, PROMISE)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert answer(response) == {"nudge": SENTENCES["promise"]}
    assert answer(check(client, post, CLEAN)) == {"nudge": ""}


def test_a_crisis_draft_gets_nothing_and_is_not_recorded(client, writer, post):
    client.force_login(writer)
    assert answer(check(client, post, CRISIS)) == {"nudge": ""}
    assert not NudgeEvent.objects.exists()


def test_csrf_is_required(writer, post):
    client = Client(enforce_csrf_checks=True)
    client.force_login(writer)
    assert check(client, post, PROMISE).status_code == 403
    client.get(post.get_absolute_url())  # sets the CSRF cookie, as the page does
    token = client.cookies["csrftoken"].value
    response = client.post(URL, {"body": PROMISE, "post": post.slug, "key": KEY}, headers={"X-CSRFToken": token})
    assert answer(response) == {"nudge": SENTENCES["promise"]}


def test_only_signed_in_writers_who_may_comment(client, post, clear_cache):
    assert check(client, post, PROMISE).status_code == 403
    suspended = UserFactory()
    client.force_login(suspended)
    type(suspended).objects.filter(pk=suspended.pk).update(is_active=False)
    assert answer(check(client, post, PROMISE)) == {"nudge": ""}


def test_get_is_not_allowed(client, writer):
    client.force_login(writer)
    assert client.get(URL).status_code == 405


def test_an_unknown_or_hidden_post_answers_nothing(client, writer):
    client.force_login(writer)
    response = client.post(URL, {"body": PROMISE, "post": "no-such-post", "key": KEY})
    assert response.status_code == 404 and answer(response) == {"nudge": ""}
    hidden = PostFactory(published=False)
    assert answer(check(client, hidden, PROMISE)) == {"nudge": ""}


def test_the_rate_limit_is_strict_and_per_writer(client, writer, post, settings):
    settings.NUDGE_CHECK_RATE_LIMIT = "2/m"
    client.force_login(writer)
    assert answer(check(client, post, PROMISE))["nudge"]
    assert answer(check(client, post, PROMISE))["nudge"]
    limited = check(client, post, PROMISE)
    assert limited.status_code == 429 and answer(limited) == {"nudge": ""}
    client.force_login(UserFactory())
    assert answer(check(client, post, PROMISE))["nudge"]


def test_the_hourly_limit_counts_too(client, writer, post, settings):
    settings.NUDGE_CHECK_HOURLY_RATE_LIMIT = "1/h"
    client.force_login(writer)
    assert answer(check(client, post, PROMISE))["nudge"]
    assert check(client, post, PROMISE).status_code == 429


# --- the comment form's POST, without JavaScript ------------------------------------------------------------


def send(client, post, body, **extra):
    return client.post(f"/p/{post.slug}/comment/", {"body": body, "key": KEY, **extra})


def test_without_javascript_the_form_comes_back_with_the_sentence_and_the_words(client, writer, post):
    client.force_login(writer)
    response = send(client, post, PROMISE)
    html = response.content.decode()
    assert response.status_code == 200
    assert SENTENCES["promise"] in html
    assert 'name="nudge_anyway" value="1"' in html
    assert PROMISE in html  # the draft is kept
    assert f'name="key" value="{KEY}"' in html  # the same form
    assert 'aria-live="polite"' in html and "Post anyway" in html
    assert not Comment.objects.exists()
    # Post anyway: posted, and the usual policy applies from there.
    assert send(client, post, PROMISE, nudge_anyway="1").status_code == 302
    assert Comment.objects.get().body == PROMISE
    assert NudgeEvent.objects.get().outcome == NudgeOutcome.POSTED_ANYWAY


def test_without_javascript_editing_then_sending_counts_as_edited(client, writer, post):
    client.force_login(writer)
    send(client, post, PROMISE)
    assert send(client, post, CLEAN, nudge_anyway="1").status_code == 302
    assert NudgeEvent.objects.get().outcome == NudgeOutcome.EDITED
    assert Comment.objects.get().body == CLEAN


def test_a_clean_draft_posts_at_once(client, writer, post):
    client.force_login(writer)
    assert send(client, post, CLEAN).status_code == 302
    assert not NudgeEvent.objects.exists()


def test_a_crisis_draft_is_never_delayed_and_lands_on_the_resources(client, writer, post):
    client.force_login(writer)
    response = send(client, post, CRISIS)
    assert response.status_code == 302 and response["Location"].endswith("#you-matter")
    assert not NudgeEvent.objects.exists()


def test_over_the_limit_the_form_posts_instead_of_answering(client, writer, post, settings):
    settings.NUDGE_CHECK_RATE_LIMIT = "1/m"
    client.force_login(writer)
    assert check(client, post, PROMISE).status_code == 200  # the one check of this minute
    assert send(client, post, PROMISE).status_code == 302  # the check never blocks posting
    assert Comment.objects.count() == 1


def test_nudges_are_never_care_flags(client, writer, post):
    client.force_login(writer)
    send(client, post, PROMISE)
    send(client, post, PROMISE, nudge_anyway="1")
    comment = Comment.objects.get()
    from moderation.services import scan as care_services

    care_services.comment_scan(comment_id=comment.pk)
    assert not CareFlag.objects.filter(category__in=list(SENTENCES)).exists()
