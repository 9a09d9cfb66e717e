"""Item 7: the community guidelines once before a new reader's first comment; the draft kept on the server; a
crisis comment is never delayed (the help panel first)."""

import pytest

from comments.models import Comment
from readers.drafts import DRAFT_SESSION_KEY
from readers.models import ReaderSettings
from tests.comments.test_crisis_landing import CRISIS_TEXT
from tests.factories import PostFactory, UserFactory, make_comment
from tests.readers.support import logged_in

pytestmark = pytest.mark.django_db
KIND = "Thank you for writing this. I felt the same after my sister moved away."


@pytest.fixture
def guidelines_first(settings):
    settings.READERS_GUIDELINES_FIRST = True


def _send(client, post, body, parent=None):
    data = {"body": body, "key": "k" * 20}
    if parent is not None:
        data["parent"] = str(parent.pk)
    return client.post(f"/p/{post.slug}/comment/", data)


def test_the_first_comment_waits_for_the_guidelines_with_the_draft_kept_on_the_server(guidelines_first, clear_cache):
    post = PostFactory()
    parent = make_comment(post=post)
    reader = UserFactory()
    client = logged_in(reader)
    response = _send(client, post, KIND, parent=parent)
    assert response.status_code == 302 and response["Location"] == "/readers/guidelines/"
    assert not Comment.objects.filter(body=KIND).exists()
    assert client.session[DRAFT_SESSION_KEY]["body"] == KIND  # in the session store, not a cookie of its own
    page = client.get("/readers/guidelines/").content.decode()
    assert "Be kind first" in page and "Thank you for writing this." in page and "I agree, post my comment" in page

    response = client.post("/readers/guidelines/")
    comment = Comment.objects.get(body=KIND)
    assert comment.parent_id == parent.pk and comment.form_key == "k" * 20
    assert response.status_code == 302 and response["Location"] == f"/c/{comment.pk}/"
    assert ReaderSettings.objects.get(user=reader).guidelines_accepted_at is not None
    assert DRAFT_SESSION_KEY not in client.session

    # Once: the next comment is posted at once.
    response = client.post(f"/p/{post.slug}/comment/", {"body": "And one more thing: you are not alone."})
    assert response.status_code == 302 and Comment.objects.filter(body__startswith="And one more").exists()


def test_a_crisis_comment_is_never_delayed_and_the_help_panel_comes_first(guidelines_first, clear_cache):
    post = PostFactory()
    reader = UserFactory()
    client = logged_in(reader)
    response = _send(client, post, CRISIS_TEXT)
    assert response.status_code == 302 and response["Location"].endswith("#you-matter")
    assert Comment.objects.filter(body=CRISIS_TEXT).exists()
    # The guidelines wait for their next comment.
    assert not ReaderSettings.objects.filter(user=reader, guidelines_accepted_at__isnull=False).exists()


def test_readers_who_already_commented_are_not_asked(guidelines_first, clear_cache):
    post = PostFactory()
    reader = UserFactory()
    make_comment(post=post, user=reader)
    response = _send(logged_in(reader), post, KIND)
    assert response.status_code == 302 and response["Location"] != "/readers/guidelines/"
    assert Comment.objects.filter(body=KIND).exists()


def test_the_guidelines_page_without_a_draft_records_the_acceptance(guidelines_first):
    reader = UserFactory()
    client = logged_in(reader)
    assert "I agree" in client.get("/readers/guidelines/").content.decode()
    assert client.post("/readers/guidelines/").status_code == 302
    assert ReaderSettings.objects.get(user=reader).guidelines_accepted_at is not None


def test_the_rate_limit_still_counts_the_comment_sent_after_the_guidelines(guidelines_first, settings, clear_cache):
    settings.COMMENT_RATE_LIMIT = "0/m"
    post = PostFactory()
    client = logged_in(UserFactory())
    _send(client, post, KIND)
    response = client.post("/readers/guidelines/")
    assert response.status_code == 429 and KIND in response.content.decode()  # the words come back
    assert not Comment.objects.filter(body=KIND).exists()
