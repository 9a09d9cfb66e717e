"""The care policy, service by service; a marker classifier stands in for the engine."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments import services as comment_services
from comments.models import Comment
from moderation.models import CareFlag, PolicyDecision, ReviewItem, ScanRecord
from moderation.services import alerts
from moderation.services import scan as care_scan
from tests.factories import PostFactory, UserFactory, make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _markers(marker_pipeline):
    """Every test here runs the policy with the marker classifier."""


@pytest.fixture
def post():
    return PostFactory()


def scan(comment):
    care_scan.comment_scan(comment_id=comment.pk)
    comment.refresh_from_db()
    return comment


def actions(comment):
    return set(PolicyDecision.objects.filter(comment=comment).values_list("action", flat=True))


def test_a_clean_comment_starts_pending_and_becomes_visible(post):
    comment = make_comment(checked=False, post=post, body="Sending you a hug.")
    assert comment.status == Comment.Status.PENDING
    comment = scan(comment)
    assert comment.status == Comment.Status.VISIBLE
    assert comment.published_at is not None
    assert actions(comment) == {"published"}
    assert not ReviewItem.objects.exists()


def test_scanning_twice_changes_nothing(post):
    comment = make_comment(checked=False, post=post, body="[hostile] go away")
    scan(comment)
    scan(comment)
    assert ScanRecord.objects.filter(comment=comment).count() == 1
    assert CareFlag.objects.filter(comment=comment).count() == 1
    assert ReviewItem.objects.filter(comment=comment).count() == 1


@pytest.mark.parametrize("category", ["hostile", "spam", "personal_info"])
def test_hold_categories_hold_and_open_an_item(post, category):
    comment = scan(make_comment(checked=False, post=post, body=f"text [{category}]"))
    assert comment.status == Comment.Status.HELD
    item = ReviewItem.objects.get(comment=comment)
    assert item.status == "open" and item.reasons == ["held"] and not item.crisis
    held = PolicyDecision.objects.get(comment=comment, action="held")
    assert list(held.flags.values_list("category", flat=True)) == [category]


def test_crisis_stays_visible_opens_an_urgent_item_and_alerts(post, django_capture_on_commit_callbacks):
    comment = make_comment(checked=False, post=post, body="i can't do this anymore [crisis]")
    with django_capture_on_commit_callbacks() as callbacks:
        comment = scan(comment)
    assert comment.status == Comment.Status.VISIBLE
    item = ReviewItem.objects.get(comment=comment)
    assert item.crisis and item.urgent and "crisis" in item.reasons
    assert {"kept_visible", "urgent_item", "resources_shown"} <= actions(comment)
    # The urgent alert task, enqueued on commit (the other callback plans reply notifications: comment_publish).
    assert len([c for c in callbacks if "comment_publish" not in c.__qualname__]) == 1


def test_high_crisis_is_held_by_default_and_sites_may_hold_all_crisis(post, settings):
    assert scan(make_comment(checked=False, post=post, body="[crisis:high]")).status == Comment.Status.HELD
    settings.CARE_HOLD_CRISIS = True
    assert scan(make_comment(checked=False, post=post, body="[crisis:low]")).status == Comment.Status.HELD


def test_the_alert_goes_to_opted_in_moderators_only_when_someone_opted_in(
    post, inline_email, settings, django_capture_on_commit_callbacks
):
    mailoutbox = inline_email
    from django.contrib.auth.models import Group

    from moderation.models import ModeratorAlertSetting

    settings.CARE_ALERT_EMAIL = "on-call@example.org"
    moderators = Group.objects.get(name="moderators")
    keen, other = UserFactory(email="keen@example.org"), UserFactory(email="other@example.org")
    keen.groups.add(moderators)
    other.groups.add(moderators)
    comment = scan(make_comment(checked=False, post=post, body="[crisis]"))
    item = ReviewItem.objects.get(comment=comment)

    with django_capture_on_commit_callbacks(execute=True):  # the alert e-mails are queued on commit
        assert alerts.care_alert_send(item_id=item.pk) == 3
    assert sorted(m.to[0] for m in mailoutbox) == [
        "keen@example.org",
        "on-call@example.org",
        "other@example.org",
    ]
    assert alerts.care_alert_send(item_id=item.pk) == 0  # once per item and revision

    ModeratorAlertSetting.objects.create(user=keen, urgent_alerts=True)
    assert alerts.moderators_to_alert() == (["keen@example.org"], False)


def test_distress_stays_visible_and_needs_a_reply_after_the_wait(post, settings):
    settings.CARE_DISTRESS_REPLY_MINUTES = 240
    comment = scan(make_comment(checked=False, post=post, body="everything is too much [distress]"))
    assert comment.status == Comment.Status.VISIBLE
    assert not ReviewItem.objects.exists()
    assert care_scan.distress_needing_reply() == 0  # too early

    later = timezone.now() + timedelta(hours=5)
    assert care_scan.distress_needing_reply(now=later) == 1
    assert care_scan.distress_needing_reply(now=later) == 0  # safe to re-run
    assert ReviewItem.objects.get(comment=comment).reasons == ["needs_reply"]


def test_a_reply_from_someone_else_means_no_needs_reply_item(post):
    comment = scan(make_comment(checked=False, post=post, body="[distress]"))
    scan(make_comment(checked=False, post=post, parent=comment, body="I'm here. You're not alone."))
    assert care_scan.distress_needing_reply(now=timezone.now() + timedelta(hours=5)) == 0


def test_an_edit_is_scanned_as_a_new_revision_and_others_keep_the_checked_text(post):
    user = UserFactory()
    comment = scan(make_comment(checked=False, post=post, user=user, body="I hear you."))
    comment_services.comment_edit(comment=comment, user=user, body="I hear you. [hostile] idiot")
    comment.refresh_from_db()
    assert (comment.revision, comment.body, comment.status) == (2, "I hear you.", Comment.Status.VISIBLE)
    assert comment.unchecked_body == "I hear you. [hostile] idiot"

    comment = scan(comment)
    assert comment.status == Comment.Status.HELD
    assert comment.body == "I hear you. [hostile] idiot"  # moderators review what was written
    assert ScanRecord.objects.filter(comment=comment).count() == 2


def test_a_clean_edit_replaces_the_public_text_once_checked(post):
    user = UserFactory()
    comment = scan(make_comment(checked=False, post=post, user=user, body="first"))
    comment_services.comment_edit(comment=comment, user=user, body="second thoughts")
    comment = scan(comment)
    assert (comment.body, comment.unchecked_body, comment.status) == ("second thoughts", "", "visible")


def test_a_check_that_fails_for_good_holds_the_comment_for_people(post):
    comment = make_comment(checked=False, post=post, body="hello")
    care_scan.comment_scan_failed(comment_id=comment.pk, error="boom")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HELD
    assert ReviewItem.objects.get(comment=comment).reasons == ["check_failed"]
    assert ScanRecord.objects.get(comment=comment).outcome == "failed"


def test_a_failed_backlog_check_opens_an_item_but_leaves_history_visible_and_tells_nobody(post):
    from moderation.models import AuthorNotice

    comment = make_comment(checked=True, post=post, body="an old comment from the blog")
    care_scan.comment_scan_failed(comment_id=comment.pk, error="boom", backlog=True)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE
    assert ReviewItem.objects.get(comment=comment).reasons == ["check_failed"]
    assert ScanRecord.objects.get(comment=comment).backlog is True
    assert not AuthorNotice.objects.filter(comment=comment).exists()


def test_posts_are_never_held_but_crisis_opens_an_item(post):
    author = post.author
    flagged = comment_services.post_save(
        author=author,
        title="Tonight",
        body="[crisis] I wrote my goodbye",
        published=True,
        comments_open=True,
        post=post,
    )
    care_scan.post_scan(post_id=flagged.pk)
    flagged.refresh_from_db()
    assert flagged.published
    item = ReviewItem.objects.get(post=flagged, comment=None)
    assert item.crisis and item.urgent


def test_the_sweeper_finds_revisions_without_a_scan(post, settings):
    settings.CARE_SWEEP_GRACE_SECONDS = 0
    comment = make_comment(checked=False, post=post, body="hello")
    assert comment.pk in care_scan.unscanned_comment_ids()
    scan(comment)
    assert comment.pk not in care_scan.unscanned_comment_ids()


def test_a_failure_at_one_recipient_of_the_urgent_alert_neither_undoes_it_nor_repeats_the_others(
    post, settings, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    """Issue 14: the first urgent alert used to send N messages inside the transaction that records it, so a
    failure at recipient k rolled the record back and the retry e-mailed recipients 1..k-1 again."""
    import smtplib

    from django.contrib.auth.models import Group
    from django.core import mail
    from django.utils import timezone

    from core.email import emails_send
    from core.models import OutgoingEmail
    from core.tasks import email_send_task
    from moderation.models import PolicyDecision

    settings.CARE_ALERT_EMAIL = ""
    moderators = Group.objects.get(name="moderators")
    for address in ("a@example.org", "b@example.org", "c@example.org"):
        UserFactory(email=address).groups.add(moderators)
    comment = scan(make_comment(checked=False, post=post, body="[crisis]"))
    item = ReviewItem.objects.get(comment=comment)
    queued = []
    monkeypatch.setattr(email_send_task, "delay", queued.append)

    with django_capture_on_commit_callbacks(execute=True):
        assert alerts.care_alert_send(item_id=item.pk) == 3
    assert mailoutbox == []  # nothing is sent inside the recording transaction
    [email_ids] = queued
    real_send = mail.EmailMultiAlternatives.send

    def send(message, *args, **kwargs):
        if message.to == ["b@example.org"]:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", send)
    retry = emails_send(email_ids=email_ids)
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.org", "c@example.org"]
    assert PolicyDecision.objects.filter(comment=comment, action=PolicyDecision.Action.ALERT_SENT).count() == 1
    assert len(retry) == 1 and OutgoingEmail.objects.get(pk=retry[0]).to == "b@example.org"

    # The alert task delivered again (a lost ack) queues nothing; the e-mail retry sends only b's message.
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts.care_alert_send(item_id=item.pk) == 0
    assert len(queued) == 1
    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", real_send)
    OutgoingEmail.objects.filter(pk__in=retry).update(send_after=timezone.now())
    assert emails_send(email_ids=email_ids) == []
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.org", "b@example.org", "c@example.org"]
