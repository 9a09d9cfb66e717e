"""Author notices: held comments are explained on the site and by e-mail; the notices page; the shared function."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments import services as comment_services
from moderation.models import AuthorNotice, NoticeKind
from moderation.services import notices
from moderation.services import scan as care_scan
from tests.factories import PostFactory, UserFactory, make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _markers(marker_pipeline):
    """Every test here runs the policy with the marker classifier."""


@pytest.fixture
def deliver(inline_email):
    """E-mails queued on commit are sent in-process (after a JSON round trip, as through the broker)."""
    return inline_email


@pytest.fixture
def post():
    return PostFactory(title="Getting through winter")


def scan(comment, capture):
    with capture(execute=True):
        care_scan.comment_scan(comment_id=comment.pk)
    comment.refresh_from_db()
    return comment


# --- held by the care policy -------------------------------------------------------------------------------


def test_a_held_comment_is_explained_to_its_author_on_the_site_and_by_email(
    post, deliver, django_capture_on_commit_callbacks
):
    author = UserFactory(display_name="Robin", email="robin@example.org")
    comment = scan(
        make_comment(checked=False, post=post, user=author, body="call me [personal_info]"),
        django_capture_on_commit_callbacks,
    )
    assert comment.status == "held"
    notice = AuthorNotice.objects.get(user=author)
    assert notice.kind == "held" and notice.comment == comment and notice.read_at is None
    assert "waiting for a moderator" in notice.message
    assert "personal details" in notice.message
    assert "doesn't mean you did anything wrong" in notice.message

    [mail] = deliver
    assert mail.to == ["robin@example.org"]
    assert "waiting for a moderator" in mail.subject
    assert "Hello Robin" in mail.body
    assert "Getting through winter" in mail.body
    assert "/notices/" in mail.body and f"/c/{comment.pk}/" in mail.body
    assert "call me" not in mail.body  # the e-mail leaves the comment's words out
    html = mail.alternatives[0][0]
    assert "personal details" in html


@pytest.mark.parametrize(
    "marker, words",
    [
        ("[hostile]", "land harder than you meant"),
        ("[spam]", "looked like advertising"),
        ("[crisis:high]", "Need help now?"),
    ],
)
def test_the_reason_is_given_in_gentle_words(post, marker, words, django_capture_on_commit_callbacks):
    author = UserFactory()
    scan(make_comment(checked=False, post=post, user=author, body=f"text {marker}"), django_capture_on_commit_callbacks)
    message = AuthorNotice.objects.get(user=author).message
    assert words in message
    for accusing in ("violat", "offensive", "abuse", "inappropriate", "banned"):
        assert accusing not in message.lower()


def test_clean_and_crisis_but_visible_comments_bring_no_notice(post, django_capture_on_commit_callbacks):
    scan(make_comment(checked=False, post=post, body="Sending a hug."), django_capture_on_commit_callbacks)
    scan(make_comment(checked=False, post=post, body="it's so hard [crisis]"), django_capture_on_commit_callbacks)
    assert not AuthorNotice.objects.exists()


def test_no_email_to_an_unverified_address_but_the_notice_is_kept(post, deliver, django_capture_on_commit_callbacks):
    author = UserFactory(email_verified_at=None)
    scan(make_comment(checked=False, post=post, user=author, body="[spam]"), django_capture_on_commit_callbacks)
    assert AuthorNotice.objects.filter(user=author, kind="held").count() == 1
    assert deliver == []


def test_no_email_to_a_sanctioned_author(post, deliver, django_capture_on_commit_callbacks):
    author = UserFactory()
    comment = make_comment(checked=False, post=post, user=author, body="[hostile]")
    author.suspended_until = timezone.now() + timedelta(days=2)
    author.save()
    scan(comment, django_capture_on_commit_callbacks)
    assert AuthorNotice.objects.filter(user=author, kind="held").count() == 1
    assert deliver == []


def test_an_edited_held_comment_is_not_announced_twice(post, deliver, django_capture_on_commit_callbacks):
    author = UserFactory()
    comment = scan(
        make_comment(checked=False, post=post, user=author, body="[hostile] first"), django_capture_on_commit_callbacks
    )
    comment_services.comment_edit(comment=comment, user=author, body="[hostile] softer now")
    comment = scan(comment, django_capture_on_commit_callbacks)
    assert comment.status == "held" and comment.revision == 2
    assert AuthorNotice.objects.filter(user=author).count() == 1
    assert len(deliver) == 1


def test_a_failed_check_also_tells_the_author(post, django_capture_on_commit_callbacks):
    author = UserFactory()
    comment = make_comment(checked=False, post=post, user=author, body="anything")
    care_scan.comment_scan_failed(comment_id=comment.pk, error="boom")
    care_scan.comment_scan_failed(comment_id=comment.pk, error="boom")  # re-run: nothing new
    notice = AuthorNotice.objects.get(user=author)
    assert notice.kind == "held" and "couldn't finish" in notice.message


# --- the shared function -----------------------------------------------------------------------------------


def test_author_notice_create_records_and_emails_with_the_default_template(
    post, deliver, django_capture_on_commit_callbacks
):
    author = UserFactory(email="sam@example.org", display_name="Sam")
    comment = make_comment(post=post, user=author)
    with django_capture_on_commit_callbacks(execute=True):
        notice = notices.author_notice_create(
            user=author,
            comment=comment,
            kind=NoticeKind.REMOVED,
            message="We took your comment down because it named someone's workplace. <b>Thank you</b>.",
        )
    assert AuthorNotice.objects.get() == notice
    [mail] = deliver
    assert mail.to == ["sam@example.org"]
    assert mail.subject.startswith("Your comment was removed")
    assert "named someone's workplace" in mail.body and "/notices/" in mail.body
    html = mail.alternatives[0][0]
    assert "&lt;b&gt;Thank you&lt;/b&gt;" in html and "<b>Thank you</b>" not in html


def test_author_notice_create_takes_a_template_and_context(post, deliver, django_capture_on_commit_callbacks):
    author = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notices.author_notice_create(
            user=author,
            comment=None,
            kind=NoticeKind.WARNED,
            message="Please be gentle.",
            email_template="moderation/email/author_notice",
            context={"title": "A kind word from the team"},
        )
    assert deliver[0].subject.startswith("A kind word from the team")


def test_author_notice_create_without_a_user_or_without_email(post, deliver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert notices.author_notice_create(user=None, comment=None, kind="removed", message="x") is None
        notice = notices.author_notice_create(
            user=UserFactory(), comment=None, kind="warned", message="x", send_email=False
        )
    assert notice.pk and deliver == []


# --- the notices page --------------------------------------------------------------------------------------


def test_the_notices_page_needs_a_log_in(client):
    response = client.get("/notices/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_notices_page_lists_own_notices_newest_first_and_marks_them_read(client, post):
    me, other = UserFactory(), UserFactory()
    now = timezone.now()
    older = AuthorNotice.objects.create(
        user=me, kind="warned", message="The older note.", created=now - timedelta(days=1)
    )
    newer = AuthorNotice.objects.create(user=me, kind="held", message="The newer note.", created=now)
    AuthorNotice.objects.create(user=other, kind="removed", message="Someone else's note.")
    client.force_login(me)

    home = client.get("/").content.decode()
    assert 'href="/notices/"' in home and ">2<" in home  # the unread count in the header

    response = client.get("/notices/")
    html = response.content.decode()
    assert html.index("The newer note.") < html.index("The older note.")
    assert "Someone else" not in html
    assert html.count(">New<") == 2  # shown as new this once
    assert [e["notice"] for e in response.context["entries"]] == [newer, older]
    assert not AuthorNotice.objects.filter(user=me, read_at__isnull=True).exists()
    assert AuthorNotice.objects.filter(user=other, read_at__isnull=True).count() == 1

    assert ">New<" not in client.get("/notices/").content.decode()
    assert 'href="/notices/"' not in client.get("/").content.decode()  # nothing unread: no header link
    assert 'href="/notices/"' in client.get("/accounts/").content.decode()  # always on the account page


def test_the_header_count_costs_one_query(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(UserFactory())
    client.get("/help/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/help/")
    notice_queries = [q for q in captured.captured_queries if "moderation_authornotice" in q["sql"]]
    assert len(notice_queries) == 1 and "COUNT(*)" in notice_queries[0]["sql"]
    with CaptureQueriesContext(connection) as anonymous:
        client.logout()
        client.get("/help/")
    assert not any("moderation_authornotice" in q["sql"] for q in anonymous.captured_queries)


def test_a_sanctioned_reader_can_read_their_notices(client):
    banned = UserFactory(banned_at=timezone.now())
    AuthorNotice.objects.create(user=banned, kind="banned", message="Your account can no longer post.")
    client.force_login(banned)
    response = client.get("/notices/")
    assert response.status_code == 200
    assert "Your account can no longer post." in response.content.decode()
