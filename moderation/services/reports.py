"""Readers' reports of comments and posts: they open or join the target's review item, and may hide a comment."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from comments.models import Comment, Post

from ..models import CareFlag, ModerationAction, Report, ReviewAction, ReviewItem
from .alerts import _alert_moderators_on_commit
from .items import review_item_open
from .notices import comment_held_notify

# Reports from this many distinct trusted readers hide a comment until a moderator has looked at it.
HIDE_AFTER_REPORTS = 3

# A trusted reader: a verified address, and an account at least this old (a fresh account can't tip the scale).
TRUSTED_READER_MIN_AGE = timedelta(days=1)

# Moderators' decisions (ModerationAction.action) after which reports never hide the comment again. Both the
# imperative and the past-tense spelling count, so a renamed audit verb can't quietly re-enable hiding.
APPROVING_ACTIONS = (
    ReviewAction.APPROVED,
    ReviewAction.KEPT,
    ReviewAction.APPROVE_LEGACY,
    ReviewAction.KEEP_VISIBLE_LEGACY,
)

HIDE_ACTION = ReviewAction.HIDDEN_BY_REPORTS

NOTE_MAX_LENGTH = 1000

REASONS = {value for value, _label in Report.REASON_CHOICES}

# Comments that can still be reported: a held one already waits for a moderator, and its report still counts.
_REPORTABLE = (Comment.Status.VISIBLE, Comment.Status.HELD)


class ReportRefused(Exception):
    """A report that can't be accepted; `status` is the HTTP status a view should answer."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


class AlreadyReported(ReportRefused):
    def __init__(self):
        super().__init__("You have already reported this. Thank you: a moderator will look at it.", status=409)


@dataclass
class ReportResult:
    report: Report
    item: ReviewItem
    hidden: bool  # this report made the comment wait for a moderator


def user_may_report(*, user) -> bool:
    """Signed in, active, and not suspended or banned."""
    return bool(user.is_authenticated and user.is_active and not user.is_sanctioned)


def comment_reportable_by(*, comment: Comment, user) -> bool:
    """Whether to offer the report link: someone else's comment, still up. Needs comment.commenter."""
    return user_may_report(user=user) and comment.status in _REPORTABLE and comment.commenter.user_id != user.pk


def already_reported(*, user, comment: Comment | None = None, post: Post | None = None) -> bool:
    if not user.is_authenticated:
        return False
    if comment is not None:
        return Report.objects.filter(reporter=user, comment=comment).exists()
    return Report.objects.filter(reporter=user, post=post, comment__isnull=True).exists()


def _clean(*, reporter, reason: str, note: str) -> str:
    if not user_may_report(user=reporter):
        raise ReportRefused("Your account can't send reports at the moment.", status=403)
    if reason not in REASONS:
        raise ReportRefused("Please choose one of the reasons.")
    note = (note or "").strip()
    if reason == Report.OTHER and not note:
        raise ReportRefused("Please tell us a little about what's wrong.")
    if len(note) > NOTE_MAX_LENGTH:
        raise ReportRefused(f"Please keep the note under {NOTE_MAX_LENGTH:,} characters.")
    return note


def _item_open(*, post: Post, comment: Comment | None, reason: str) -> ReviewItem:
    crisis = reason == "crisis"
    return review_item_open(post=post, comment=comment, reason=ReviewItem.Reason.REPORTED, crisis=crisis, urgent=crisis)


def _record(*, reporter, post: Post, comment: Comment | None, reason: str, note: str, now) -> tuple:
    """Store the report and count it on the target's one open item (which review_item_open locks)."""
    try:
        with transaction.atomic():
            report = Report.objects.create(
                post=post, comment=comment, reporter=reporter, reason=reason, note=note, created=now
            )
    except IntegrityError:
        raise AlreadyReported() from None
    item = _item_open(post=post, comment=comment, reason=reason)
    ReviewItem.objects.filter(pk=item.pk).update(report_count=F("report_count") + 1)
    item.refresh_from_db(fields=["report_count"])
    Report.objects.filter(pk=report.pk).update(item=item)
    report.item = item
    if reason == "crisis":
        # The same urgent e-mail as the care check's; sent once per comment revision.
        _alert_moderators_on_commit(item_id=item.pk)
    return report, item


def trusted_report_count(*, comment: Comment, now=None) -> int:
    """Distinct readers with a verified address and an account older than a day who reported the comment.

    "Someone may be in danger" reports are left out: they make the item urgent instead, and a person in crisis
    should not find their words hidden because readers worried about them.
    """
    cutoff = (now or timezone.now()) - TRUSTED_READER_MIN_AGE
    return (
        Report.objects.filter(
            comment=comment, reporter__email_verified_at__isnull=False, reporter__date_joined__lte=cutoff
        )
        .exclude(reason="crisis")
        .values("reporter_id")
        .distinct()
        .count()
    )


def comment_protected_from_reports(*, comment: Comment) -> bool:
    """Reports never hide a comment with an undismissed crisis flag (a person in crisis must stay heard and
    the urgent item takes care of it) nor one a moderator approved or chose to keep visible."""
    if CareFlag.objects.filter(comment=comment, category="crisis", dismissed=False).exists():
        return True
    return ModerationAction.objects.filter(comment=comment, action__in=APPROVING_ACTIONS).exists()


def _maybe_hide(*, comment: Comment, item: ReviewItem, now) -> bool:
    if comment.status != Comment.Status.VISIBLE:
        return False
    count = trusted_report_count(comment=comment, now=now)
    if count < HIDE_AFTER_REPORTS or comment_protected_from_reports(comment=comment):
        return False
    # Conditional on the status: a moderator's decision that landed first wins.
    if not Comment.objects.filter(pk=comment.pk, status=Comment.Status.VISIBLE).update(status=Comment.Status.HELD):
        return False
    comment.status = Comment.Status.HELD
    ModerationAction.objects.create(
        item=item,
        post=comment.post,
        comment=comment,
        subject_user=comment.commenter.user,
        moderator=None,
        action=HIDE_ACTION,
        note=f"Hidden automatically after reports from {count} readers.",
        before={"status": Comment.Status.VISIBLE},
        after={"status": Comment.Status.HELD},
        created=now,
    )
    comment_held_notify(comment=comment, causes=["reported"])
    return True


@transaction.atomic
def report_create(
    *, reporter, comment: Comment | None = None, post: Post | None = None, reason: str, note: str = "", now=None
) -> ReportResult:
    """A reader reports a comment (or, with comment=None, a post).

    Opens the target's review item with reason "reported" or joins the open one, raising its report_count;
    a "crisis" report makes it crisis and urgent and sends the urgent alert on commit. For a comment, holds its
    row lock (SELECT FOR UPDATE) while counting, so simultaneous reports are counted one after another and the
    comment is hidden exactly once. Raises ReportRefused (AlreadyReported for a second report by the same
    reader, also under a race) and writes nothing when the report is not allowed.
    """
    now = now or timezone.now()
    note = _clean(reporter=reporter, reason=reason, note=note)
    if comment is not None:
        target = (
            Comment.objects.select_for_update(of=("self",))
            .select_related("post", "commenter__user")
            .filter(pk=comment.pk)
            .first()
        )
        if target is None or target.status not in _REPORTABLE or not target.post.published:
            raise ReportRefused("This comment is no longer there.", status=404)
        if target.commenter.user_id == reporter.pk:
            raise ReportRefused("You can't report your own comment. You can edit or delete it instead.", status=403)
        if Report.objects.filter(reporter=reporter, comment=target).exists():
            raise AlreadyReported()
        report, item = _record(reporter=reporter, post=target.post, comment=target, reason=reason, note=note, now=now)
        hidden = _maybe_hide(comment=target, item=item, now=now)
        comment.status = target.status
        return ReportResult(report=report, item=item, hidden=hidden)

    if post is None:
        raise TypeError("report_create needs a comment or a post")
    target_post = Post.objects.select_for_update().filter(pk=post.pk).first()
    if target_post is None or not target_post.published:
        raise ReportRefused("This post is no longer there.", status=404)
    if target_post.author_id == reporter.pk:
        raise ReportRefused("You can't report your own post.", status=403)
    if Report.objects.filter(reporter=reporter, post=target_post, comment__isnull=True).exists():
        raise AlreadyReported()
    report, item = _record(reporter=reporter, post=target_post, comment=None, reason=reason, note=note, now=now)
    return ReportResult(report=report, item=item, hidden=False)
