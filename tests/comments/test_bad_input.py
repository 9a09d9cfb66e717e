"""Bad input to the comment pages (issue 12): every case answers a clear 4xx and saves nothing."""

import time
from urllib.parse import quote_from_bytes

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment, Post
from comments.services import comment_create
from tests.factories import PostFactory, UserFactory, make_chain, make_comment

pytestmark = pytest.mark.django_db
Status = Comment.Status


@pytest.fixture
def writer():
    return UserFactory(display_name="Robin")


@pytest.fixture
def post():
    return PostFactory(title="Scared to talk to my therapist")


def client_for(user=None, **kwargs) -> Client:
    client = Client(**kwargs)
    if user is not None:
        client.force_login(user)
    return client


def create_url(post: Post) -> str:
    return reverse("comments:comment_create", kwargs={"slug": post.slug})


# --- Bodies ---------------------------------------------------------------------------------------------

# (case id, body, a few words of the message the reader must see)
BAD_BODIES = [
    ("empty", "", "Please write something"),
    ("spaces", "   ", "Please write something"),
    ("whitespace-mix", " \n\t\r\n  \u00a0\u3000", "Please write something"),
    ("zero-width-space", "\u200b\u200b\u200b", "no visible characters"),
    ("zero-width-mix", "\u200b\u200c\u200d\ufeff\u2060", "no visible characters"),
    ("zero-width-with-spaces", " \u200b \u200d \n\u2060 ", "no visible characters"),
    ("bidi-marks-only", "\u200e\u200f\u202e\u202d\u2066\u2069", "no visible characters"),
    ("hangul-filler", "\u3164\u3164\u115f", "no visible characters"),
    ("braille-blank", "\u2800\u2800\u2800", "no visible characters"),
    ("combining-marks-only", "\u0301\u0308\u20dd", "no visible characters"),
    ("soft-hyphen-only", "\u00ad\u00ad", "no visible characters"),
    ("tag-characters", "\U000e0041\U000e0042", "no visible characters"),
    ("nul", "hello\x00there", "Null characters are not allowed"),
    ("nul-only", "\x00", "Null characters are not allowed"),
    ("escape-sequence", "\x1b[31mred alert\x1b[0m", "control characters"),
    ("bell", "ring\x07", "control characters"),
    ("delete-char", "oops\x7f", "control characters"),
    ("c1-control", "csi\x9b2J", "control characters"),
    ("vertical-tab", "a\x0bb", "control characters"),
    ("one-over-the-limit", "a" * 10_001, "under 10,000 characters"),
    ("far-over-the-limit", "word " * 40_000, "under 10,000 characters"),
]


@pytest.mark.parametrize("body,message", [case[1:] for case in BAD_BODIES], ids=[case[0] for case in BAD_BODIES])
def test_a_bad_body_is_refused_with_a_clear_message_and_nothing_saved(writer, post, body, message):
    response = client_for(writer).post(create_url(post), {"body": body})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("body,message", [case[1:] for case in BAD_BODIES[:8]], ids=[c[0] for c in BAD_BODIES[:8]])
def test_a_bad_edit_is_refused_and_the_old_text_stays(writer, post, body, message):
    comment = make_comment(post=post, user=writer, body="The words I meant.")
    response = client_for(writer).post(reverse("comments:comment_edit", args=[comment.pk]), {"body": body})
    assert response.status_code == 400
    assert message in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "The words I meant." and not comment.unchecked_body and comment.edited is None


def test_a_missing_body_field_is_refused(writer, post):
    response = client_for(writer).post(create_url(post), {"parent": ""})
    assert response.status_code == 400
    assert not Comment.objects.exists()


# --- Markup and tricks that are accepted but must stay inert ----------------------------------------------

INERT = [
    ("script", "<script>alert('x')</script>", "&lt;script&gt;alert('x')&lt;/script&gt;"),
    ("img-onerror", '<img src=x onerror="alert(1)">', '&lt;img src=x onerror="alert(1)"&gt;'),
    ("javascript-link", "javascript:alert(1)", "javascript:alert(1)"),
    ("html-comment", "<!-- hidden --><b>bold</b>", "&lt;!-- hidden --&gt;&lt;b&gt;bold&lt;/b&gt;"),
    ("template-syntax", "{{ request.user.email }} {% debug %}", "{{ request.user.email }} {% debug %}"),
]


@pytest.mark.parametrize("body,shown", [case[1:] for case in INERT], ids=[case[0] for case in INERT])
def test_markup_in_a_body_is_shown_as_text(writer, post, body, shown):
    comment = make_comment(post=post, user=writer, body=body)
    page = Client().get(post.get_absolute_url()).content.decode()
    assert shown in page
    assert "<script>alert" not in page and "<img src=x" not in page and 'href="javascript' not in page
    assert writer.email not in page
    assert Comment.objects.get(pk=comment.pk).body == body  # stored as written; escaped when shown


def test_a_right_to_left_override_in_a_body_is_isolated(writer, post):
    make_comment(post=post, user=writer, body="file\u202egnp.exe is what they sent")
    page = Client().get(post.get_absolute_url()).content.decode()
    assert '<div class="comment-body" dir="auto">' in page


def test_names_are_isolated_on_the_page(post):
    someone = UserFactory(display_name="\u05e9\u05e8\u05d4 123")  # a right-to-left name with digits
    make_comment(post=post, user=someone, body="Hello")
    page = Client().get(post.get_absolute_url()).content.decode()
    assert "<bdi>\u05e9\u05e8\u05d4 123</bdi>" in page


# --- Parents ----------------------------------------------------------------------------------------------


def _parent_cases():
    return [
        "missing",
        "other-post",
        "removed",
        "deleted",
        "someone-elses-held",
        "someone-elses-pending",
        "not-a-number",
        "negative",
        "zero",
        "fraction",
        "beyond-bigint",
        "hex",
    ]


@pytest.mark.parametrize("case", _parent_cases())
def test_a_bad_parent_is_refused_and_nothing_saved(writer, post, case):
    other = UserFactory()
    parent_value = {
        "not-a-number": "abc",
        "negative": "-1",
        "zero": "0",
        "fraction": "1.5",
        "beyond-bigint": "99999999999999999999999",
        "hex": "0x10",
    }.get(case)
    # A number too big for an id is simply no such comment.
    expected = {"other-post": 400, "removed": 409, "deleted": 409, "beyond-bigint": 404}.get(
        case, 404 if parent_value is None else 400
    )
    if case == "missing":
        parent_value = str(make_comment(post=post, user=other).pk + 10_000)
    elif case == "other-post":
        parent_value = str(make_comment(post=PostFactory(), user=other).pk)
    elif case in ("removed", "deleted", "someone-elses-held", "someone-elses-pending"):
        status = {
            "removed": Status.REMOVED,
            "deleted": Status.DELETED,
            "someone-elses-held": Status.HELD,
            "someone-elses-pending": Status.PENDING,
        }[case]
        parent = make_comment(post=post, user=other)
        Comment.objects.filter(pk=parent.pk).update(status=status)
        parent_value = str(parent.pk)
    before = Comment.objects.count()
    response = client_for(writer).post(create_url(post), {"body": "I know that feeling.", "parent": parent_value})
    assert response.status_code == expected, response.content.decode()[:400]
    assert Comment.objects.count() == before
    # The reader's text comes back in the form, so nothing they wrote is lost.
    assert "I know that feeling." in response.content.decode()


def test_a_thousand_level_reply_chain_takes_one_more_reply_and_renders(writer, post):
    started = time.monotonic()
    chain = make_chain(post=post, depth=1000)
    deepest = chain[-1]
    response = client_for(writer).post(create_url(post), {"body": "Still here.", "parent": str(deepest.pk)})
    assert response.status_code == 302
    reply = Comment.objects.get(body="Still here.")
    assert reply.parent_id == deepest.pk and reply.level == 1001
    for url in (post.get_absolute_url(), reverse("comments:thread", args=[chain[0].pk]), reply.get_absolute_url()):
        assert client_for(writer).get(url, follow=True).status_code == 200
    assert time.monotonic() - started < 20


# --- Whose comment ----------------------------------------------------------------------------------------


@pytest.fixture
def someone_elses(post):
    return make_comment(post=post, user=UserFactory(display_name="Kai"), body="Mine, not yours.")


@pytest.mark.parametrize("action", ["edit", "delete"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_editing_or_deleting_someone_elses_comment_is_refused(writer, someone_elses, action, method):
    url = reverse(f"comments:comment_{action}", args=[someone_elses.pk])
    response = getattr(client_for(writer), method)(url, {"body": "Hijacked."})
    assert response.status_code == 403
    someone_elses.refresh_from_db()
    assert someone_elses.body == "Mine, not yours." and someone_elses.status == Status.VISIBLE
    assert not someone_elses.unchecked_body


@pytest.mark.parametrize("action", ["comment_edit", "comment_delete", "comment_reply", "permalink", "thread"])
def test_a_comment_id_that_is_not_there_is_404(writer, action):
    assert client_for(writer).get(reverse(f"comments:{action}", args=[987_654_321])).status_code == 404


def test_anonymous_posting_is_refused(post):
    response = Client().post(create_url(post), {"body": "Hello"})
    assert response.status_code == 403
    assert not Comment.objects.exists()


@pytest.mark.parametrize("state", ["closed", "unpublished", "no-such-post"])
def test_posting_where_comments_are_not_taken(writer, state):
    post = PostFactory(comments_open=state != "closed", published=state != "unpublished")
    url = create_url(post) if state != "no-such-post" else "/p/no-such-post/comment/"
    response = client_for(writer).post(url, {"body": "Hello"})
    assert response.status_code == (403 if state == "closed" else 404)
    assert not Comment.objects.exists()


# --- CSRF, charsets, encodings, sizes ---------------------------------------------------------------------


@pytest.mark.parametrize("token", ["missing", "wrong", "from-another-session"])
def test_a_post_without_the_right_csrf_token_is_refused(writer, post, token):
    client = client_for(writer, enforce_csrf_checks=True)
    client.get(post.get_absolute_url())  # the comment form sets the CSRF cookie
    data = {"body": "Hello"}
    if token == "wrong":
        data["csrfmiddlewaretoken"] = "x" * 64
    elif token == "from-another-session":
        other = Client(enforce_csrf_checks=True)
        other.get(reverse("accounts:login"))
        data["csrfmiddlewaretoken"] = other.cookies["csrftoken"].value
    response = client.post(create_url(post), data)
    assert response.status_code == 403
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "charset", ["utf-16", "utf-32", "latin-1", "ascii", "iso-8859-15", "no-such-charset", "utf8", "utf-7"]
)
@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_a_form_in_another_charset_is_a_clear_400(writer, post, charset, who):
    client = client_for(writer if who == "reader" else None, enforce_csrf_checks=True)
    client.get(post.get_absolute_url() if who == "reader" else reverse("accounts:login"))  # a page with a form
    token = client.cookies["csrftoken"].value
    body = f"csrfmiddlewaretoken={token}&body=Hello".encode()
    response = client.generic(
        "POST", create_url(post), body, content_type=f"application/x-www-form-urlencoded; charset={charset}"
    )
    assert response.status_code == 400
    assert "only UTF-8" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("charset", ["utf-16", "latin-1"])
def test_a_multipart_form_in_another_charset_is_a_clear_400(writer, post, charset):
    boundary = "BoUnDaRy"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="body"\r\n\r\nHello\r\n--{boundary}--\r\n').encode()
    response = client_for(writer).generic(
        "POST", create_url(post), body, content_type=f"multipart/form-data; boundary={boundary}; charset={charset}"
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_a_multipart_form_in_utf8_still_posts(writer, post):
    response = client_for(writer).post(
        create_url(post), {"body": "Hello from a multipart form"}
    )  # the client's default
    assert response.status_code == 302
    assert Comment.objects.get().body == "Hello from a multipart form"


def test_a_utf8_charset_label_is_accepted(writer, post):
    response = client_for(writer).generic(
        "POST", create_url(post), b"body=Hello", content_type='application/x-www-form-urlencoded; charset="UTF-8"'
    )
    assert response.status_code == 302
    assert Comment.objects.get().body == "Hello"


@pytest.mark.parametrize(
    "raw", [b"caf\xe9", b"\xff\xfe\xfd", b"half \xe2\x82", b"\xc0\xafoverlong", b"\xed\xa0\x80surrogate"]
)
def test_invalid_utf8_in_form_data_is_a_clear_400(writer, post, raw):
    body = b"body=" + quote_from_bytes(raw).encode()
    response = client_for(writer).generic(
        "POST", create_url(post), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_a_body_past_the_upload_limit_is_a_clear_400(writer, post, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    response = client_for(writer).post(create_url(post), {"body": "a" * 200_000})
    assert response.status_code == 400
    assert not Comment.objects.exists()


# --- Rate limit -------------------------------------------------------------------------------------------


def test_posting_past_the_rate_limit_is_429_and_keeps_the_text(writer, post, settings, clear_cache):
    settings.COMMENT_RATE_LIMIT = "2/m"
    client = client_for(writer)
    for n in range(2):
        assert client.post(create_url(post), {"body": f"Comment {n}"}).status_code == 302
    response = client.post(create_url(post), {"body": "One too many"})
    assert response.status_code == 429
    assert "One too many" in response.content.decode()
    assert Comment.objects.count() == 2


# --- next= ------------------------------------------------------------------------------------------------

OPEN_REDIRECTS = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    " https://evil.example",
    "http://testserver@evil.example/",
]


@pytest.mark.parametrize("target", OPEN_REDIRECTS)
def test_next_never_leads_off_the_site_after_log_in(target):
    UserFactory(email="sam@example.org")
    response = Client().post(
        reverse("accounts:login") + "?next=" + target,
        {"username": "sam@example.org", "password": "correct horse battery"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/") and not response["Location"].startswith(("//", "/\\"))


@pytest.mark.parametrize("target", OPEN_REDIRECTS)
def test_next_never_leads_off_the_site_after_following(writer, post, target):
    root = make_comment(post=post, user=UserFactory())
    response = client_for(writer).post(
        reverse("notifications:subscription"), {"action": "follow", "target": "thread", "id": root.pk, "next": target}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/") and not response["Location"].startswith(("//", "/\\"))


def test_comment_create_service_is_all_or_nothing(writer, post):
    """A rejected reply inside the service leaves no row and no half-built tree (checked by the tree checker)."""
    from django.core.management import call_command

    from comments.services import CommentRejected

    with pytest.raises(CommentRejected):
        comment_create(user=writer, post=post, parent_id=123_456_789, body="Hello")
    assert not Comment.objects.exists()
    call_command("check_trees", stdout=open("/dev/null", "w"))


def _broken_body(kind: str):
    """(body, content type, extra request headers) of a request no form sends."""
    if kind == "too-many-fields":
        return "&".join(f"f{i}=x" for i in range(1200)).encode(), "application/x-www-form-urlencoded", {}
    if kind == "too-many-multipart-fields":
        parts = "".join(f'--b\r\nContent-Disposition: form-data; name="f{i}"\r\n\r\nx\r\n' for i in range(1200))
        return (parts + "--b--\r\n").encode(), "multipart/form-data; boundary=b", {}
    if kind == "multipart-without-boundary":
        return b"body=Hello", "multipart/form-data", {}
    return b"body=Hello", "application/x-www-form-urlencoded", {"CONTENT_LENGTH": "abc"}


@pytest.mark.parametrize(
    "kind",
    [
        "too-many-fields",
        "too-many-multipart-fields",
        "multipart-without-boundary",
        "non-numeric-content-length",
    ],
)
def test_a_malformed_request_body_is_a_clear_400(writer, post, kind):
    body, content_type, extra = _broken_body(kind)
    response = client_for(writer).generic("POST", create_url(post), body, content_type=content_type, **extra)
    assert response.status_code == 400
    assert not Comment.objects.exists()
