"""Imported history stays quiet: the sweeper leaves it alone and scan_backlog checks it through a real worker."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from comments.models import Comment, Post
from moderation.models import PolicyDecision, ReviewItem, ScanRecord
from moderation.services import scan
from moderation.tasks import care_sweep_task
from tests.factories import PostFactory, UserFactory, make_comment
from tests.moderation.queue_support import moderator_group

DATA = Path(__file__).parent / "data"
SOURCE = "wordpress:winterlight.example"


def import_winterlight():
    call_command("import_wordpress", str(DATA / "winterlight-backlog.xml"), stdout=StringIO())


def comment(source_id: str) -> Comment:
    return Comment.objects.get(source=SOURCE, source_id=source_id)


@pytest.fixture
def moderator(db):
    user = UserFactory(email="mod@example.org", display_name="Mod")
    user.groups.add(moderator_group("moderators"))
    return user


def test_sweeper_leaves_imported_comments_and_posts_alone(db, settings):
    settings.CARE_SWEEP_GRACE_SECONDS = 0
    UserFactory(email="ren@winterlight.example")
    import_winterlight()
    site_post = PostFactory()
    site_comment = make_comment(post=site_post, checked=False)
    Comment.objects.filter(pk=site_comment.pk).update(created=timezone.now() - timezone.timedelta(minutes=5))
    Post.objects.filter(pk=site_post.pk).update(updated=timezone.now() - timezone.timedelta(minutes=5))

    assert scan.unscanned_comment_ids() == [site_comment.pk]
    assert scan.unscanned_post_ids() == [site_post.pk]

    # An edit made here after the import is a new revision: the sweeper checks it like any other.
    edited = comment("14")
    Comment.objects.filter(pk=edited.pk).update(revision=2)
    assert sorted(scan.unscanned_comment_ids()) == sorted([site_comment.pk, edited.pk])


@pytest.mark.django_db(transaction=True)
def test_scan_backlog_opens_items_quietly_through_a_worker(celery_worker, mailoutbox, moderator, settings):
    settings.CARE_ALERT_EMAIL = "on-call@example.org"
    settings.CARE_SWEEP_GRACE_SECONDS = 0
    UserFactory(email="ren@winterlight.example")
    import_winterlight()
    imported = Comment.objects.filter(source=SOURCE)
    assert imported.count() == 8 and not ScanRecord.objects.exists()

    # The minute-by-minute sweeper, run by the real worker's task, enqueues nothing for imported history.
    care_sweep_task()
    assert not ScanRecord.objects.exists()

    # --post narrows it to one post (and the post itself).
    out = StringIO()
    call_command("scan_backlog", "--post", "a-gentle-june", "--timeout", "60", stdout=out)
    assert "enqueued 2 comment checks and 1 post checks" in out.getvalue()
    assert ScanRecord.objects.filter(backlog=True).count() == 3
    assert "open review items for what was checked: 0" in out.getvalue()

    # --since: only what was written on or after that day (the two comments awaiting approval).
    out = StringIO()
    call_command("scan_backlog", "--since", "2015-02-03", "--timeout", "60", stdout=out)
    since_output = out.getvalue()
    assert "enqueued 2 comment checks and 0 post checks" in since_output
    assert "open review items for what was checked: 2 (crisis: 0)" in since_output
    assert "imported, awaiting approval: 2" in since_output and "held by the care check: 1" in since_output

    out = StringIO()
    call_command("scan_backlog", "--timeout", "60", stdout=out)
    output = out.getvalue()
    assert "enqueued 4 comment checks and 1 post checks" in output
    assert ScanRecord.objects.filter(backlog=True, comment__source=SOURCE).count() == 8

    # Crisis: an item that says so, but not urgent; no resources message, no alert.
    crisis = comment("11")
    crisis.refresh_from_db()
    crisis_item = ReviewItem.objects.get(comment=crisis, status="open")
    assert crisis_item.crisis and not crisis_item.urgent
    assert crisis.status == "held"  # a stated plan and means: the usual policy holds it
    assert not PolicyDecision.objects.filter(action__in=["resources_shown", "alert_sent"]).exists()
    # Hostile history is held with an item, as any comment would be.
    hostile = comment("13")
    assert hostile.status == "held"
    assert ReviewItem.objects.get(comment=hostile, status="open").reasons == ["held"]
    # Personal details in a comment awaiting approval: its import item gains the reason.
    assert ReviewItem.objects.get(comment=comment("16"), status="open").reasons == ["imported", "held"]
    # Awaiting approval and clean: only its import item.
    assert ReviewItem.objects.get(comment=comment("15"), status="open").reasons == ["imported"]
    # Distress nobody answered, long ago: no "needs a reply" item, now or later.
    assert comment("14").status == "visible"
    assert scan.distress_needing_reply() == 0
    assert not ReviewItem.objects.filter(reasons__contains=["needs_reply"]).exists()
    assert comment("12").status == "visible" and comment("21").status == "visible"

    assert "open review items for what was checked: 2 (crisis: 1)" in output
    assert "crisis signals: 1" in output and "held by the care check: 2" in output
    # Nobody was e-mailed: not moderators, not the on-call address, not authors. Every e-mail is a row written in
    # the transaction that decides it (core.email, or a reply notification's delivery) before any task runs, so
    # a later e-mail would already show here.
    from core.models import OutgoingEmail
    from moderation.models import AuthorNotice
    from notifications.models import Delivery

    assert not OutgoingEmail.objects.exists() and not Delivery.objects.exists()
    assert not AuthorNotice.objects.exists()
    assert mailoutbox == []

    out = StringIO()
    call_command("scan_backlog", stdout=out)
    assert "nothing to check" in out.getvalue()


def test_scan_backlog_rejects_a_bad_filter(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no post has that slug"):
        call_command("scan_backlog", "--post", "nope", stdout=StringIO())
    with pytest.raises(CommandError, match="expected a date"):
        call_command("scan_backlog", "--since", "last tuesday", stdout=StringIO())
    # Well-formed but impossible dates get the same clear error (exit status 2), not a traceback.
    for impossible in ("2015-13-01", "2015-02-30", "2015-01-01 25:00"):
        with pytest.raises(CommandError, match="expected a date") as raised:
            call_command("scan_backlog", "--since", impossible, stdout=StringIO())
        assert raised.value.returncode == 2


@pytest.mark.django_db(transaction=True)
def test_scan_backlog_stops_waiting_when_nothing_enqueued_is_left_unchecked(redis_url, monkeypatch):
    """Checks the live flow did first, and targets deleted meanwhile, never get a backlog record: the wait ends."""
    import threading
    import time

    from django.db import connection, transaction

    from comments.services import comment_purge
    from moderation.management.commands import scan_backlog
    from support_site.celery import app

    monkeypatch.setattr(scan_backlog, "RECHECK_SECONDS", 0.3, raising=False)
    UserFactory(email="ren@winterlight.example")
    import_winterlight()
    app.amqp.queues.select(["default", "care", "email"])
    app.control.purge()
    out, finished = StringIO(), threading.Event()

    def scan():  # no worker consumes: the enqueued checks stay queued
        try:
            call_command("scan_backlog", "--post", "a-gentle-june", "--timeout", "30", "--no-progress", stdout=out)
        finally:
            connection.close()
            finished.set()

    thread = threading.Thread(target=scan)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while "enqueued" not in out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "enqueued 2 comment checks and 1 post checks" in out.getvalue()
        # The live care check gets to the post and one comment first; the other comment is purged.
        post = Post.objects.get(slug="a-gentle-june")
        first, second = Comment.objects.filter(post=post).order_by("pk")
        ScanRecord.objects.create(post=post, comment=None, revision=post.revision, outcome="checked")
        ScanRecord.objects.create(post=post, comment=first, revision=first.revision, outcome="checked")
        with transaction.atomic():
            comment_purge(comment_id=second.pk)
        assert finished.wait(10), "scan_backlog kept waiting for checks that will never be recorded"
    finally:
        thread.join(35)
        app.control.purge()
    assert "checked 0 of 3; the other 3 needed no backlog check any more" in out.getvalue()
