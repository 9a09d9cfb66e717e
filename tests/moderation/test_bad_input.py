"""Bad input to reports, the review queue and `manage.py classify` (issue 12): refused, nothing saved, no 500."""

import json
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from comments.models import Comment
from moderation.management.commands.classify import parse_line
from moderation.models import ModerationAction, Report, ReviewItem
from tests.factories import PostFactory, UserFactory, make_comment

from .queue_support import make_item, make_moderator
from .test_access import QUEUE_PATTERNS, _kwargs
from .test_classify_command import ROOT

pytestmark = pytest.mark.django_db
Status = Comment.Status


def client_for(user=None, **kwargs) -> Client:
    client = Client(**kwargs)
    if user is not None:
        client.force_login(user)
    return client


# --- Every queue action, by someone who is not a moderator --------------------------------------------------

POST_FIELDS = {"reason": "spam", "note": "x", "body": "redacted", "message": "hello", "days": "7", "items": "1"}


@pytest.mark.parametrize("name,pattern", QUEUE_PATTERNS, ids=[name for name, _ in QUEUE_PATTERNS])
@pytest.mark.parametrize("who", ["anonymous", "reader", "staff-without-the-group"])
def test_no_queue_action_works_for_a_non_moderator_and_nothing_changes(name, pattern, who):
    item = make_item()
    author = User.objects.get(pk=item.comment.commenter.user_id)
    visitor = {"anonymous": None, "reader": UserFactory(), "staff-without-the-group": UserFactory(is_staff=True)}[who]
    url = reverse(name, kwargs=_kwargs(pattern, item=item, moderator=make_moderator()))
    response = client_for(visitor).post(url, {**POST_FIELDS, "items": str(item.pk)})
    assert response.status_code == 403
    item.refresh_from_db()
    item.comment.refresh_from_db()
    author.refresh_from_db()
    assert item.status == ReviewItem.Status.OPEN and item.claimed_by is None
    assert item.comment.status == Status.HELD and item.comment.body == "Everything feels heavy today."
    assert author.suspended_until is None and author.banned_at is None
    assert not ModerationAction.objects.exists()
    assert "Everything feels heavy today." not in response.content.decode()


# --- Markup in what moderators read ----------------------------------------------------------------------

SCRIPT = "<script>alert('queue')</script>"


def test_markup_in_a_body_and_a_name_is_inert_in_the_queue():
    author = UserFactory(display_name="<img src=x onerror=alert(1)>")
    item = make_item(author=author, body=f"Look: {SCRIPT} and \u202eevil")
    moderator = make_moderator()
    client = client_for(moderator)
    for url in (
        reverse("moderation:queue"),
        reverse("moderation:item", args=[item.pk]),
        reverse("moderation:author", args=[author.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, url
        assert "&lt;img src=x onerror=alert(1)&gt;" in html, url
    item_html = client.get(reverse("moderation:item", args=[item.pk])).content.decode()
    assert 'id="item-text" dir="auto"' in item_html
    assert "<bdi>&lt;img src=x onerror=alert(1)&gt;</bdi>" in item_html


TITLE = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
TITLE_SHOWN = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"


def test_markup_in_a_post_title_is_inert_in_pages_and_the_queue():
    post = PostFactory(title=TITLE)
    make_comment(post=post, body="hello")
    item = make_item(post=post)
    pages = {
        "post list": (Client(), reverse("comments:post_list")),
        "post page": (Client(), post.get_absolute_url()),
        "queue": (client_for(make_moderator()), reverse("moderation:queue")),
        "queue item": (client_for(make_moderator()), reverse("moderation:item", args=[item.pk])),
    }
    for name, (client, url) in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, name
        assert TITLE_SHOWN in html, name


def test_markup_in_a_post_title_is_inert_on_the_report_page():
    post = PostFactory(title=SCRIPT)
    comment = make_comment(post=post, body="hello")
    response = client_for(UserFactory()).get(reverse("moderation:comment_report", args=[comment.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html and "&lt;script&gt;" in html


# --- Reports --------------------------------------------------------------------------------------------


def _report_target(case: str, reporter) -> int:
    post = PostFactory()
    if case == "missing":
        return make_comment(post=post).pk + 10_000
    if case == "own":
        return make_comment(post=post, user=reporter).pk
    comment = make_comment(post=post, user=UserFactory())
    status = {"removed": Status.REMOVED, "deleted": Status.DELETED, "pending": Status.PENDING}.get(case)
    if status:
        Comment.objects.filter(pk=comment.pk).update(status=status)
    if case == "unpublished-post":
        type(post).objects.filter(pk=post.pk).update(published=False)
    return comment.pk


REPORT_TARGETS = [("missing", 404), ("own", 403), ("removed", 404), ("deleted", 404), ("pending", 404)]
REPORT_TARGETS += [("unpublished-post", 404)]


@pytest.mark.parametrize("case,status", REPORT_TARGETS, ids=[c for c, _ in REPORT_TARGETS])
def test_reporting_a_comment_that_cannot_be_reported_by_id(case, status, clear_cache):
    reporter = UserFactory()
    pk = _report_target(case, reporter)
    response = client_for(reporter).post(reverse("moderation:comment_report", args=[pk]), {"reason": "hostile"})
    assert response.status_code == status
    assert not Report.objects.exists() and not ReviewItem.objects.exists()


BAD_REPORTS = [
    ("no-reason", {}),
    ("unknown-reason", {"reason": "boring"}),
    ("reason-as-script", {"reason": SCRIPT}),
    ("other-without-a-note", {"reason": "other", "note": "   "}),
    ("note-too-long", {"reason": "hostile", "note": "x" * 1001}),
    ("note-with-nul", {"reason": "hostile", "note": "bad\x00note"}),
]


@pytest.mark.parametrize("data", [c[1] for c in BAD_REPORTS], ids=[c[0] for c in BAD_REPORTS])
def test_a_bad_report_is_a_clear_400_and_saves_nothing(data, clear_cache):
    comment = make_comment(post=PostFactory(), user=UserFactory())
    response = client_for(UserFactory()).post(reverse("moderation:comment_report", args=[comment.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "<script>alert" not in html
    assert not Report.objects.exists() and not ReviewItem.objects.exists()


def test_reporting_anonymously_is_refused(clear_cache):
    comment = make_comment(post=PostFactory(), user=UserFactory())
    response = Client().post(reverse("moderation:comment_report", args=[comment.pk]), {"reason": "hostile"})
    assert response.status_code == 403
    assert not Report.objects.exists()


def test_reporting_without_a_csrf_token_is_refused(clear_cache):
    comment = make_comment(post=PostFactory(), user=UserFactory())
    client = client_for(UserFactory(), enforce_csrf_checks=True)
    response = client.post(reverse("moderation:comment_report", args=[comment.pk]), {"reason": "hostile"})
    assert response.status_code == 403
    assert not Report.objects.exists()


def test_reporting_past_the_rate_limit_is_429(settings, clear_cache):
    settings.REPORT_RATE_LIMIT = "2/h"
    post = PostFactory()
    client = client_for(UserFactory())
    for _ in range(2):
        comment = make_comment(post=post, user=UserFactory())
        response = client.post(reverse("moderation:comment_report", args=[comment.pk]), {"reason": "spam"})
        assert response.status_code == 302  # back to the comment: the report was taken
    late = make_comment(post=post, user=UserFactory())
    response = client.post(reverse("moderation:comment_report", args=[late.pk]), {"reason": "spam"})
    assert response.status_code == 429
    assert not Report.objects.filter(comment=late).exists()


# --- manage.py classify -------------------------------------------------------------------------------------

MALFORMED_LINES = [
    ("not-json", "hello there", "invalid JSON"),
    ("truncated", '{"id": 1, "text": "unfinished', "invalid JSON"),
    ("array", '[{"id": 1, "text": "x"}]', "expected a JSON object"),
    ("string", '"just a string"', "expected a JSON object"),
    ("number", "42", "expected a JSON object"),
    ("null", "null", "expected a JSON object"),
    ("nan-id", '{"id": NaN, "text": "x"}', "invalid JSON"),
    ("infinity-id", '{"id": Infinity, "text": "x"}', "invalid JSON"),
    ("text-null", '{"id": 1, "text": null}', "'text' must be a string"),
    ("text-list", '{"id": 1, "text": ["a"]}', "'text' must be a string"),
    ("no-id", '{"text": "x"}', "missing 'id'"),
    ("no-text", '{"id": 1}', "missing 'text'"),
    ("deeply-nested", '{"id": 1, "text": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    ("lone-surrogate-text", '{"id": 1, "text": "a\\ud800b"}', "lone surrogate"),
    ("lone-surrogate-id", '{"id": {"k": ["\\udfff"]}, "text": "ok"}', "lone surrogate"),
    ("huge-integer-id", '{"id": ' + "9" * 5000 + ', "text": "x"}', "invalid JSON"),
    ("trailing-garbage", '{"id": 1, "text": "x"} extra', "invalid JSON"),
    ("single-quotes", "{'id': 1, 'text': 'x'}", "invalid JSON"),
]


@pytest.mark.parametrize("line,reason", [c[1:] for c in MALFORMED_LINES], ids=[c[0] for c in MALFORMED_LINES])
def test_classify_names_what_is_wrong_with_a_malformed_line(line, reason):
    record, why = parse_line(line)
    assert record is None
    assert reason in why


def test_classify_survives_every_malformed_line_in_one_run():
    lines = [c[1] for c in MALFORMED_LINES] + ['{"id": "ok", "text": "a good day"}']
    stdin = ("\n".join(lines) + "\n").encode("utf-8") + b'\xff\xfe{"id": 2}\n'
    env = {"DJANGO_SETTINGS_MODULE": "support_site.settings", "PATH": "/usr/bin:/bin"}
    import os

    env = dict(os.environ, **env, CELERY_BROKER_URL="redis://127.0.0.1:1/0")
    done = subprocess.run(
        [sys.executable, "manage.py", "classify"], input=stdin, capture_output=True, cwd=ROOT, env=env, timeout=120
    )
    assert done.returncode == 1
    stderr = done.stderr.decode()
    assert "Traceback" not in stderr
    assert stderr.count("\n") == len(MALFORMED_LINES) + 1
    assert f"line {len(lines) + 1}: not valid UTF-8" in stderr
    out = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [row["id"] for row in out] == ["ok"]
