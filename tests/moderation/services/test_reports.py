"""Readers' reports: the link, the form, one report per reader, joining the item, hiding after trusted reports."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from comments.models import Comment
from moderation.models import AuthorNotice, CareFlag, ModerationAction, Report, ReviewItem
from moderation.services import reports
from tests.factories import PostFactory, UserFactory, make_comment

pytestmark = pytest.mark.django_db


def old_reader(**extra):
    """A trusted reader: verified address (the factory's default), account older than a day."""
    return UserFactory(date_joined=timezone.now() - timedelta(days=3), **extra)


@pytest.fixture(autouse=True)
def _fresh_rate_limits(clear_cache):
    pass


@pytest.fixture
def post():
    return PostFactory()


@pytest.fixture
def author():
    return UserFactory(display_name="Author")


@pytest.fixture
def comment(post, author):
    return make_comment(post=post, user=author, body="Honestly, just get over it.")


def report_url(comment):
    return f"/c/{comment.pk}/report/"


def crisis_flag(comment, *, dismissed=False):
    return CareFlag.objects.create(
        post=comment.post,
        comment=comment,
        revision=comment.revision,
        category="crisis",
        severity="medium",
        score=0.8,
        classifier="test",
        classifier_version="1",
        dismissed=dismissed,
    )


# --- the link ----------------------------------------------------------------------------------------------


def test_the_report_link_shows_on_others_comments_only(client, post, author, comment):
    reader = UserFactory()
    mine = make_comment(post=post, user=reader, body="My own words.")
    client.force_login(reader)
    html = client.get(post.get_absolute_url()).content.decode()
    assert f'href="/c/{comment.pk}/report/"' in html
    assert f'href="/c/{mine.pk}/report/"' not in html
    assert f'href="/p/{post.slug}/report/"' in html  # and the post itself


def test_no_report_link_for_anonymous_sanctioned_or_the_post_author(client, post, comment):
    assert "/report/" not in client.get(post.get_absolute_url()).content.decode()
    suspended = UserFactory(suspended_until=timezone.now() + timedelta(days=2))
    client.force_login(suspended)
    assert "/report/" not in client.get(post.get_absolute_url()).content.decode()
    client.force_login(post.author)
    html = client.get(post.get_absolute_url()).content.decode()
    assert f'href="/p/{post.slug}/report/"' not in html
    assert f'href="/c/{comment.pk}/report/"' in html


def test_no_report_link_on_tombstones(client, post, author):
    parent = make_comment(post=post, user=author, body="soon removed")
    make_comment(post=post, parent=parent, body="a reply that keeps the tombstone")
    Comment.objects.filter(pk=parent.pk).update(status=Comment.Status.REMOVED)
    client.force_login(UserFactory())
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Comment removed by a moderator" in html
    assert f'href="/c/{parent.pk}/report/"' not in html


# --- the form ----------------------------------------------------------------------------------------------


def test_the_form_offers_the_reasons_in_plain_words_and_the_guidelines(client, comment):
    client.force_login(UserFactory())
    response = client.get(report_url(comment))
    assert response.status_code == 200
    html = response.content.decode()
    for value in ("crisis", "distress", "hostile", "spam", "personal_info", "other"):
        assert f'value="{value}"' in html
    assert "Someone may be in danger" in html and "Something else" in html
    assert 'href="/guidelines/"' in html
    assert "Honestly, just get over it." in html  # the reader sees what they report
    assert "csrfmiddlewaretoken" in html


def test_anonymous_readers_are_sent_to_log_in_and_their_posts_refused(client, comment):
    response = client.get(report_url(comment))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert client.post(report_url(comment), {"reason": "spam"}).status_code == 403
    assert client.get(f"/p/{comment.post.slug}/report/").status_code == 302
    assert client.post(f"/p/{comment.post.slug}/report/", {"reason": "spam"}).status_code == 403
    assert not Report.objects.exists()


def test_reports_and_appeals_need_the_csrf_token(comment):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    assert client.post(report_url(comment), {"reason": "spam"}).status_code == 403
    assert client.post(f"/p/{comment.post.slug}/report/", {"reason": "spam"}).status_code == 403
    assert client.post("/notices/1/appeal/", {"text": "please"}).status_code == 403
    assert not Report.objects.exists()


def test_a_report_opens_an_item_and_later_reports_join_it(client, comment):
    first, second = UserFactory(), UserFactory()
    client.force_login(first)
    response = client.post(report_url(comment), {"reason": "hostile", "note": "Unkind to the poster."})
    assert response.status_code == 302
    assert response["Location"] == comment.get_absolute_url()
    item = ReviewItem.objects.get(comment=comment, status="open")
    assert item.reasons == ["reported"] and item.report_count == 1
    report = Report.objects.get()
    assert (report.reporter, report.reason, report.note, report.item) == (
        first,
        "hostile",
        "Unkind to the poster.",
        item,
    )

    client.force_login(second)
    client.post(report_url(comment), {"reason": "spam"})
    item.refresh_from_db()
    assert ReviewItem.objects.filter(comment=comment).count() == 1
    assert item.report_count == 2


def test_a_report_joins_the_item_the_care_check_opened(comment):
    from moderation.services.items import review_item_open

    existing = review_item_open(post=comment.post, comment=comment, reason="held", severity_rank=1)
    result = reports.report_create(reporter=UserFactory(), comment=comment, reason="hostile")
    assert result.item.pk == existing.pk
    existing.refresh_from_db()
    assert existing.reasons == ["held", "reported"] and existing.report_count == 1 and existing.severity_rank == 1


def test_reporting_the_same_comment_twice_is_refused_kindly(client, comment):
    reader = UserFactory()
    client.force_login(reader)
    client.post(report_url(comment), {"reason": "hostile"})
    again = client.post(report_url(comment), {"reason": "spam"}, follow=True)
    assert again.status_code == 200
    assert "already reported" in again.content.decode()
    page = client.get(report_url(comment))
    assert page.status_code == 200 and "reported this already" in page.content.decode()
    assert Report.objects.count() == 1
    assert ReviewItem.objects.get(comment=comment).report_count == 1
    with pytest.raises(reports.AlreadyReported):
        reports.report_create(reporter=reader, comment=comment, reason="spam")


def test_authors_cannot_report_their_own_comment(client, comment, author):
    client.force_login(author)
    assert client.get(report_url(comment)).status_code == 403
    response = client.post(report_url(comment), {"reason": "spam"})
    assert response.status_code == 403
    assert "your own comment" in response.content.decode()
    with pytest.raises(reports.ReportRefused) as refused:
        reports.report_create(reporter=author, comment=comment, reason="spam")
    assert refused.value.status == 403
    assert not Report.objects.exists() and not ReviewItem.objects.exists()


@pytest.mark.parametrize(
    "sanction", [{"suspended_until": timedelta(days=3)}, {"banned_at": timedelta(0)}], ids=["suspended", "banned"]
)
def test_suspended_and_banned_readers_cannot_report(client, comment, sanction):
    now = timezone.now()
    reader = UserFactory(**{field: now + delta for field, delta in sanction.items()})
    client.force_login(reader)
    assert client.get(report_url(comment)).status_code == 403
    response = client.post(report_url(comment), {"reason": "spam"})
    assert response.status_code == 403
    assert "can't send reports" in response.context["message"]
    assert client.post(f"/p/{comment.post.slug}/report/", {"reason": "spam"}).status_code == 403
    with pytest.raises(reports.ReportRefused):
        reports.report_create(reporter=reader, comment=comment, reason="spam")
    assert not Report.objects.exists()


def test_an_ended_suspension_lets_the_reader_report_again(client, comment):
    client.force_login(UserFactory(suspended_until=timezone.now() - timedelta(minutes=1)))
    assert client.post(report_url(comment), {"reason": "spam"}).status_code == 302
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    "data, field",
    [
        ({}, "reason"),
        ({"reason": "nonsense"}, "reason"),
        ({"reason": "other"}, "note"),
        ({"reason": "other", "note": "  "}, "note"),
        ({"reason": "spam", "note": "x" * 1001}, "note"),
    ],
)
def test_bad_input_is_a_clear_400_and_records_nothing(client, comment, data, field):
    client.force_login(UserFactory())
    response = client.post(report_url(comment), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Report.objects.exists() and not ReviewItem.objects.exists()


def test_something_else_with_a_note_is_accepted(client, comment):
    client.force_login(UserFactory())
    assert client.post(report_url(comment), {"reason": "other", "note": "It names my workplace."}).status_code == 302
    assert Report.objects.get().note == "It names my workplace."


def test_gone_comments_and_unknown_ids_are_404(client, post, author):
    client.force_login(UserFactory())
    assert client.get("/c/999999/report/").status_code == 404
    for status in (Comment.Status.REMOVED, Comment.Status.DELETED, Comment.Status.PENDING):
        gone = make_comment(post=post, user=author, body=f"{status} one")
        Comment.objects.filter(pk=gone.pk).update(status=status)
        assert client.post(report_url(gone), {"reason": "spam"}).status_code == 404
    draft = PostFactory(published=False)
    assert client.get(f"/p/{draft.slug}/report/").status_code == 404
    assert not Report.objects.exists()


def test_a_comment_hidden_meanwhile_gets_a_kind_answer(client, comment):
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.HELD)
    client.force_login(UserFactory())
    response = client.post(report_url(comment), {"reason": "hostile"})
    assert response.status_code == 200
    assert "already looking" in response.content.decode()


def test_reports_are_rate_limited_per_reader(client, post, author, settings):
    settings.REPORT_RATE_LIMIT = "2/m"
    comments = [make_comment(post=post, user=author, body=f"comment {n}") for n in range(3)]
    client.force_login(UserFactory())
    assert client.post(report_url(comments[0]), {"reason": "spam"}).status_code == 302
    assert client.post(report_url(comments[1]), {"reason": "spam"}).status_code == 302
    response = client.post(report_url(comments[2]), {"reason": "spam"})
    assert response.status_code == 429
    assert Report.objects.count() == 2
    client.force_login(UserFactory())  # the limit is per reader
    assert client.post(report_url(comments[2]), {"reason": "spam"}).status_code == 302


# --- crisis reports ----------------------------------------------------------------------------------------


def test_a_crisis_report_makes_the_item_urgent_and_alerts_moderators(
    client, comment, inline_email, monkeypatch, django_capture_on_commit_callbacks, settings
):
    mailoutbox = inline_email
    from django.contrib.auth.models import Group

    from moderation.tasks import care_alert_task

    settings.CARE_ALERT_EMAIL = ""
    monkeypatch.setattr(care_alert_task, "delay", lambda item_id: care_alert_task(item_id))
    moderator = UserFactory(email="mod@example.org")
    moderator.groups.add(Group.objects.get(name="moderators"))
    quiet = make_comment(post=comment.post, body="a calmer comment")
    reports.report_create(reporter=UserFactory(), comment=quiet, reason="spam")

    client.force_login(UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(report_url(comment), {"reason": "crisis"}, follow=True)
    assert "moderators have been alerted" in response.content.decode()
    item = ReviewItem.objects.get(comment=comment)
    assert item.crisis and item.urgent
    assert [m.to for m in mailoutbox] == [["mod@example.org"]]
    assert "Urgent" in mailoutbox[0].subject
    assert comment.body not in mailoutbox[0].body
    # First in the queue's order: crisis, then severity, then reports, then age.
    order = ReviewItem.objects.filter(status="open").order_by("-crisis", "-severity_rank", "-report_count", "opened_at")
    assert order.first() == item


# --- hiding after reports ----------------------------------------------------------------------------------


def test_three_trusted_readers_hide_the_comment_pending_review(comment, author):
    for _ in range(2):
        assert not reports.report_create(reporter=old_reader(), comment=comment, reason="hostile").hidden
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE
    result = reports.report_create(reporter=old_reader(), comment=comment, reason="hostile")
    assert result.hidden
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HELD
    assert result.item.report_count == 3
    action = ModerationAction.objects.get(comment=comment)
    assert action.action == reports.HIDE_ACTION and action.moderator is None
    assert action.before == {"status": "visible"} and action.after == {"status": "held"}
    # The author is told, gently, without who reported it.
    notice = AuthorNotice.objects.get(user=author, comment=comment)
    assert notice.kind == "held" and "readers asked" in notice.message


def test_the_reader_who_hid_it_goes_back_to_the_post(client, comment):
    for _ in range(2):
        reports.report_create(reporter=old_reader(), comment=comment, reason="hostile")
    client.force_login(old_reader())
    response = client.post(report_url(comment), {"reason": "hostile"})
    assert response["Location"] == comment.post.get_absolute_url()
    page = client.get(comment.post.get_absolute_url()).content.decode()
    assert "Honestly, just get over it." not in page


def test_unverified_and_new_accounts_do_not_count_towards_hiding(comment):
    reports.report_create(reporter=old_reader(), comment=comment, reason="spam")
    reports.report_create(reporter=old_reader(), comment=comment, reason="spam")
    reports.report_create(reporter=old_reader(email_verified_at=None), comment=comment, reason="spam")
    reports.report_create(
        reporter=UserFactory(date_joined=timezone.now() - timedelta(hours=20)), comment=comment, reason="spam"
    )
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE
    assert ReviewItem.objects.get(comment=comment).report_count == 4  # they still count for the queue
    assert reports.report_create(reporter=old_reader(), comment=comment, reason="spam").hidden


def test_account_age_is_measured_at_the_time_of_the_report(comment):
    joined = timezone.now()
    readers = [UserFactory(date_joined=joined) for _ in range(3)]
    later = joined + timedelta(days=1, minutes=1)
    for reader in readers[:2]:
        reports.report_create(reporter=reader, comment=comment, reason="spam", now=later)
    assert reports.report_create(reporter=readers[2], comment=comment, reason="spam", now=later).hidden


def test_reports_never_hide_a_comment_with_a_crisis_flag(comment):
    crisis_flag(comment)
    for _ in range(4):
        assert not reports.report_create(reporter=old_reader(), comment=comment, reason="hostile").hidden
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE
    assert ReviewItem.objects.get(comment=comment).report_count == 4


def test_readers_worried_someone_is_in_danger_do_not_hide_their_words(comment):
    for _ in range(3):
        assert not reports.report_create(reporter=old_reader(), comment=comment, reason="crisis").hidden
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE
    item = ReviewItem.objects.get(comment=comment)
    assert item.crisis and item.urgent and item.report_count == 3


def test_a_dismissed_crisis_flag_does_not_protect_the_comment(comment):
    crisis_flag(comment, dismissed=True)
    hidden = [reports.report_create(reporter=old_reader(), comment=comment, reason="spam").hidden for _ in range(3)]
    assert hidden == [False, False, True]


@pytest.mark.parametrize("action", ["approve", "approved", "keep_visible", "kept"])
def test_reports_never_hide_a_comment_a_moderator_approved(comment, action):
    ModerationAction.objects.create(comment=comment, post=comment.post, moderator=UserFactory(), action=action)
    for _ in range(4):
        assert not reports.report_create(reporter=old_reader(), comment=comment, reason="hostile").hidden
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE


def test_once_a_moderator_approves_a_hidden_comment_reports_never_hide_it_again(comment):
    from django.contrib.auth.models import Group

    from moderation.services import decisions

    results = [reports.report_create(reporter=old_reader(), comment=comment, reason="hostile") for _ in range(3)]
    assert results[-1].hidden
    moderator = UserFactory()
    moderator.groups.add(Group.objects.get(name="moderators"))
    decisions.item_approve(
        item_id=results[-1].item.pk, moderator=moderator, confirmed=True
    )  # the queue's approve action
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE

    later = [reports.report_create(reporter=old_reader(), comment=comment, reason="hostile") for _ in range(3)]
    assert not any(result.hidden for result in later)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE
    assert later[-1].item.pk != results[-1].item.pk and later[-1].item.report_count == 3  # a new item to look at


# --- posts -------------------------------------------------------------------------------------------------


def test_reports_on_posts_open_one_item_for_the_post(client, post):
    client.force_login(UserFactory())
    page = client.get(f"/p/{post.slug}/report/")
    assert page.status_code == 200 and "Report this post" in page.content.decode()
    assert client.post(f"/p/{post.slug}/report/", {"reason": "personal_info"}).status_code == 302
    client.force_login(UserFactory())
    client.post(f"/p/{post.slug}/report/", {"reason": "spam"})
    item = ReviewItem.objects.get(post=post, comment=None)
    assert item.reasons == ["reported"] and item.report_count == 2
    assert Report.objects.filter(post=post, comment=None).count() == 2


def test_a_post_is_reported_once_per_reader_and_never_by_its_author(client, post):
    reader = UserFactory()
    reports.report_create(reporter=reader, post=post, reason="spam")
    with pytest.raises(reports.AlreadyReported):
        reports.report_create(reporter=reader, post=post, reason="hostile")
    client.force_login(post.author)
    assert client.post(f"/p/{post.slug}/report/", {"reason": "spam"}).status_code == 403
    assert Report.objects.count() == 1


def test_a_comment_report_and_a_post_report_are_separate(post, comment):
    reader = UserFactory()
    reports.report_create(reporter=reader, post=post, reason="spam")
    reports.report_create(reporter=reader, comment=comment, reason="spam")
    assert ReviewItem.objects.filter(post=post).count() == 2


# --- races -------------------------------------------------------------------------------------------------


def _race(fns):
    barrier = threading.Barrier(len(fns))
    results: list = [None] * len(fns)

    def run(index, fn):
        try:
            barrier.wait()
            results[index] = fn()
        except BaseException as error:  # looked at by the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(fns)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.django_db(transaction=True)
def test_the_same_reader_reporting_twice_at_once_ends_with_one_report(postgres):
    comment = make_comment(post=PostFactory(), body="reported twice at once")
    reader = UserFactory()
    results = _race([lambda: reports.report_create(reporter=reader, comment=comment, reason="spam")] * 2)
    assert sum(isinstance(r, reports.ReportResult) for r in results) == 1
    assert sum(isinstance(r, reports.AlreadyReported) for r in results) == 1
    assert Report.objects.count() == 1
    assert ReviewItem.objects.get(comment=comment).report_count == 1


def test_the_unique_constraint_backs_up_the_check(comment):
    # Past the early check (as two requests may be together), the constraint still refuses, kindly.
    reader = UserFactory()
    reports.report_create(reporter=reader, comment=comment, reason="spam")
    with pytest.raises(reports.AlreadyReported):
        reports._record(reporter=reader, post=comment.post, comment=comment, reason="hostile", note="", now=None)
    assert Report.objects.count() == 1
    assert ReviewItem.objects.get(comment=comment).report_count == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_trusted_reports_hide_the_comment_exactly_once(postgres, monkeypatch):
    from core.models import OutgoingEmail
    from core.tasks import email_send_task

    queued = []
    monkeypatch.setattr(email_send_task, "delay", queued.extend)  # no broker here
    comment = make_comment(post=PostFactory(), body="reported by many at once")
    readers = [old_reader() for _ in range(5)]
    results = _race([lambda r=r: reports.report_create(reporter=r, comment=comment, reason="hostile") for r in readers])
    assert all(isinstance(r, reports.ReportResult) for r in results), results
    assert sum(r.hidden for r in results) == 1
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HELD
    item = ReviewItem.objects.get(comment=comment)
    assert item.report_count == 5 and Report.objects.filter(item=item).count() == 5
    assert ModerationAction.objects.filter(comment=comment, action=reports.HIDE_ACTION).count() == 1
    assert AuthorNotice.objects.filter(comment=comment).count() == 1
    assert [OutgoingEmail.objects.get(pk=pk).to for pk in queued] == [comment.commenter.user.email]  # told once
