"""The care check and its policy: scan a revision, store flags, hold or publish, open review items; sweeps."""

import itertools
import logging
import time
from dataclasses import replace
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from comments.models import Comment, Post
from comments.services import comment_publish
from comments.text import stored_body_fields

from ..classifiers.base import CareContext, Flag
from ..models import CareFlag, PolicyDecision, ReviewItem, ScanRecord, Severity
from ..models import severity_rank as models_severity_rank
from ..pipeline import classify, classify_remembered, reads_author_history
from ..selectors.care import IMPORTED_UNCHANGED, comment_kept_private
from .alerts import _alert_moderators_on_commit
from .items import review_item_open
from .notices import comment_held_notify

logger = logging.getLogger(__name__)
Reason = ReviewItem.Reason
Action = PolicyDecision.Action

HOLD_CATEGORIES = {"hostile", "spam", "personal_info"}


def comment_text_to_check(comment: Comment) -> str:
    """The newest text of a comment: an unchecked edit if there is one, else its body."""
    return comment.unchecked_body or comment.body


def comment_care_context(comment: Comment, *, parent_text: str | None = None) -> CareContext:
    """Plain data for the classifiers: the text, what it answers, the post, and the author's recent history (read
    only when a configured classifier reads it). `parent_text`: the parent's body when the caller has read it."""
    if parent_text is None:
        parent_text = ""
        if comment.parent_id:
            parent_text = Comment.objects.filter(pk=comment.parent_id).values_list("body", flat=True).first() or ""
    context = CareContext(
        text=comment_text_to_check(comment),
        parent_text=parent_text,
        post_text=comment.post.plain_text(),  # imports: HTML bodies read as text
    )
    if not reads_author_history():
        return context
    recent = list(
        Comment.objects.filter(commenter_id=comment.commenter_id)
        .exclude(pk=comment.pk)
        .order_by("-created")
        .values_list("body", flat=True)[:5]
    )
    user = comment.commenter.user
    recent_flags = CareFlag.objects.filter(
        comment__commenter_id=comment.commenter_id, created__gte=timezone.now() - timedelta(days=30)
    ).values_list("category", flat=True)[:20]
    return replace(
        context,
        author_recent_texts=tuple(recent),
        author_comment_count=Comment.objects.filter(commenter_id=comment.commenter_id).count(),
        author_account_age_days=(timezone.now() - user.date_joined).total_seconds() / 86400 if user else None,
        author_recent_flag_categories=tuple(recent_flags),
    )


def _store_flags(*, post: Post, comment: Comment | None, revision: int, flags: list[Flag]) -> list[CareFlag]:
    stored = []
    for flag in flags:
        row, _ = CareFlag.objects.get_or_create(
            post=post,
            comment=comment,
            revision=revision,
            classifier=flag.classifier,
            category=flag.category,
            defaults={
                "severity": flag.severity,
                "score": flag.score,
                "classifier_version": flag.version,
                "evidence": [e.as_json() for e in flag.evidence],
            },
        )
        stored.append(row)
    return stored


def _decide(*, post, comment, revision, action, flags=(), detail="") -> None:
    decision, created = PolicyDecision.objects.get_or_create(
        post=post, comment=comment, revision=revision, action=action, defaults={"detail": detail[:200]}
    )
    # A decision the request recorded first (comment_crisis_check) gets the scan's flags when the scan comes.
    if flags and (created or not decision.flags.exists()):
        decision.flags.set(flags)


@transaction.atomic
def comment_scan(*, comment_id: int, backlog: bool = False) -> ScanRecord | None:
    """Check the current revision of a comment and apply the care policy.

    Idempotent: returns at once when that revision already has a scan record. Holds the comment's row lock
    (SELECT FOR UPDATE) while deciding, so an edit or a moderator's action waits for it. Urgent e-mails are
    enqueued on commit. Returns None when the comment is gone.
    """
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("post", "commenter__user")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        return None
    revision = comment.revision
    existing = ScanRecord.objects.filter(comment=comment, revision=revision).first()
    if existing:
        return existing
    flags = classify(comment_care_context(comment))
    stored = _store_flags(post=comment.post, comment=comment, revision=revision, flags=flags)
    record = ScanRecord.objects.create(
        post=comment.post, comment=comment, revision=revision, outcome=ScanRecord.Outcome.CHECKED, backlog=backlog
    )
    _apply_comment_policy(comment=comment, revision=revision, flags=stored, backlog=backlog)
    return record


def _apply_comment_policy(*, comment: Comment, revision: int, flags: list[CareFlag], backlog: bool) -> None:
    by_category = {flag.category: flag for flag in flags}
    if comment.status in (Comment.Status.REMOVED, Comment.Status.DELETED):
        return  # gone already; the flags stay on record

    crisis = by_category.get("crisis")
    hold_flags = [by_category[c] for c in sorted(HOLD_CATEGORIES & by_category.keys())]
    if crisis and (settings.CARE_HOLD_CRISIS or (crisis.severity == Severity.HIGH and settings.CARE_HOLD_HIGH_CRISIS)):
        hold_flags.append(crisis)
    severity_rank = max((models_severity_rank(f.severity) for f in flags), default=0)

    if hold_flags or comment.status == Comment.Status.HELD:
        _hold(comment, revision=revision, hold_flags=hold_flags, crisis=crisis, rank=severity_rank, backlog=backlog)
    else:
        comment_publish(comment=comment)
        action = Action.KEPT_VISIBLE if flags else Action.PUBLISHED
        _decide(post=comment.post, comment=comment, revision=revision, action=action, flags=flags)
    if crisis:
        _open_crisis_item(comment, revision=revision, crisis=crisis, rank=severity_rank, backlog=backlog)


def _hold(comment: Comment, *, revision: int, hold_flags: list, crisis, rank: int, backlog: bool) -> None:
    """Hold the comment (a held comment stays held until a moderator decides, even if an edit reads clean now),
    open or join its item and tell its author."""
    post = comment.post
    text = comment_text_to_check(comment)
    Comment.objects.filter(pk=comment.pk).update(
        status=Comment.Status.HELD, body=text, unchecked_body="", **stored_body_fields(text)
    )
    comment.status, comment.body, comment.unchecked_body = Comment.Status.HELD, text, ""
    # A moderator decided to keep it private ("Handled, keep private"): a clean edit stays held quietly, with
    # no new item and no "held" notice; anything the edit raises still opens its item below.
    kept_private = not hold_flags and comment_kept_private(comment_id=comment.pk)
    _decide(
        post=post,
        comment=comment,
        revision=revision,
        action=Action.HELD,
        flags=hold_flags,
        detail="kept private by a moderator" if kept_private else "",
    )
    # Backlog (imports, issue 6): a comment held already (e.g. imported awaiting approval) keeps its own
    # item when the check finds nothing, and nobody is told about history.
    if (hold_flags or not backlog) and not kept_private:
        review_item_open(
            post=post,
            comment=comment,
            reason=Reason.HELD,
            crisis=bool(crisis),
            urgent=bool(crisis) and not backlog,
            severity_rank=rank,
        )
        _decide(post=post, comment=comment, revision=revision, action=Action.ITEM_OPENED, flags=hold_flags)
    if not backlog and not kept_private:
        comment_held_notify(comment=comment, causes=[flag.category for flag in hold_flags])


def _open_crisis_item(comment: Comment, *, revision: int, crisis: CareFlag, rank: int, backlog: bool) -> None:
    """The urgent item of a crisis; live (not history), the resources are shown and moderators alerted."""
    post = comment.post
    item = review_item_open(
        post=post, comment=comment, reason=Reason.CRISIS, crisis=True, urgent=not backlog, severity_rank=rank
    )
    _decide(post=post, comment=comment, revision=revision, action=Action.URGENT_ITEM, flags=[crisis])
    if not backlog:
        _decide(post=post, comment=comment, revision=revision, action=Action.RESOURCES_SHOWN, flags=[crisis])
        _alert_moderators_on_commit(item_id=item.pk)


@transaction.atomic
def post_scan(*, post_id: int, backlog: bool = False) -> ScanRecord | None:
    """Check the current revision of a post. Posts are never held; crisis or personal details open an item."""
    post = Post.objects.select_for_update().select_related("author").filter(pk=post_id).first()
    if post is None:
        return None
    existing = ScanRecord.objects.filter(post=post, comment=None, revision=post.revision).first()
    if existing:
        return existing
    user = post.author
    context = CareContext(
        text=f"{post.title}\n\n{post.plain_text()}",  # imports: HTML bodies read as text
        author_account_age_days=(timezone.now() - user.date_joined).total_seconds() / 86400,
    )
    stored = _store_flags(post=post, comment=None, revision=post.revision, flags=classify(context))
    record = ScanRecord.objects.create(
        post=post, comment=None, revision=post.revision, outcome=ScanRecord.Outcome.CHECKED, backlog=backlog
    )
    serious = [f for f in stored if f.category in ("crisis", "personal_info")]
    if serious:
        crisis = any(f.category == "crisis" for f in serious)
        item = review_item_open(
            post=post,
            comment=None,
            reason=Reason.CRISIS if crisis else Reason.POST_FLAGGED,
            crisis=crisis,
            urgent=crisis and not backlog,
            severity_rank=max(models_severity_rank(f.severity) for f in serious),
        )
        _decide(post=post, comment=None, revision=post.revision, action=Action.ITEM_OPENED, flags=serious)
        if crisis and not backlog:
            _decide(post=post, comment=None, revision=post.revision, action=Action.RESOURCES_SHOWN, flags=serious)
            _alert_moderators_on_commit(item_id=item.pk)
    return record


@transaction.atomic
def comment_scan_failed(*, comment_id: int, error: str, backlog: bool = False) -> None:
    """The check could not run after every retry: hold the comment for a person to look at. Never drops it.

    A backlog check (scan_backlog) only opens the item: history that has been visible for years stays so,
    and nobody is told."""
    comment = Comment.objects.select_for_update(of=("self",)).select_related("post").filter(pk=comment_id).first()
    if comment is None:
        return
    revision = comment.revision
    _, created = ScanRecord.objects.get_or_create(
        comment=comment,
        revision=revision,
        defaults={"post": comment.post, "outcome": ScanRecord.Outcome.FAILED, "backlog": backlog},
    )
    if not created:
        return
    logger.error("care check of comment %s revision %s failed: %s", comment_id, revision, error)
    if comment.status in (Comment.Status.PENDING, Comment.Status.VISIBLE) and not backlog:
        text = comment_text_to_check(comment)
        Comment.objects.filter(pk=comment.pk).update(
            status=Comment.Status.HELD, body=text, unchecked_body="", **stored_body_fields(text)
        )
        comment_held_notify(comment=comment, causes=["check_failed"])
    _decide(post=comment.post, comment=comment, revision=revision, action=Action.CHECK_FAILED, detail=error)
    review_item_open(post=comment.post, comment=comment, reason=Reason.CHECK_FAILED)


# When this process last failed to reach the broker: for a while after, requests don't wait for a check.
_broker_failed_at = float("-inf")

BROKER_DOWN_SKIP_WAIT_SECONDS = 30


def care_check_enqueue(*, comment_id: int | None = None, post_id: int | None = None) -> None:
    """Send a check to the workers; called on commit. If the broker is down, nothing is lost (the sweeper
    re-enqueues it), and for a comment the crisis part of the policy runs here at once."""
    from ..tasks import comment_scan_task, post_scan_task

    global _broker_failed_at
    try:
        if comment_id is not None:
            comment_scan_task.delay(comment_id)
        else:
            post_scan_task.delay(post_id)
    except Exception:
        if comment_id is not None:
            care_check_broker_failed(comment_id=comment_id)
        else:
            care_check_broker_failed(post_id=post_id)
    else:
        _broker_failed_at = float("-inf")


def care_check_broker_failed(*, comment_id: int | None = None, post_id: int | None = None) -> None:
    """A check could not be sent: the sweeper will send it; for a comment the crisis part runs here at once."""
    global _broker_failed_at
    _broker_failed_at = time.monotonic()
    logger.warning("broker unavailable: the care check of %s waits for the sweeper", comment_id or post_id)
    if comment_id is not None:
        comment_crisis_check(comment_id=comment_id, detail="checked in the request: broker unavailable")


def draft_crisis_check(*, text: str, parent_id: int | None, post: Post) -> bool:
    """Whether a draft (not yet a comment) reads as crisis to the engine, with its parent and post as context.
    Pure reading: records nothing. A failing engine answers True, so a draft is never nudged on a guess."""
    parent_text = ""
    if parent_id:
        parent_text = Comment.objects.filter(pk=parent_id, post_id=post.pk).values_list("body", flat=True).first() or ""
    try:
        flags = classify_remembered(CareContext(text=text, parent_text=parent_text, post_text=post.plain_text()))
    except Exception:
        logger.exception("the crisis check of a draft failed; it is not nudged")
        return True
    return any(flag.category == "crisis" for flag in flags)


def comment_for_crisis_check(*, comment_id: int) -> Comment | None:
    """The comment as comment_crisis_check reads it, in one query: its post and author, its parent's body
    (`parent_body`), and whether its current revision already has the resources shown (`resources_shown`) or a
    scan record (`scanned`). Read without locks: the check reads both again under the comment's row lock."""
    current = {"comment_id": OuterRef("pk"), "revision": OuterRef("revision")}
    return (
        Comment.objects.select_related("post", "commenter__user")
        .annotate(
            # A subquery, not a join: PostgreSQL plans it faster beside the other joins.
            parent_body=Subquery(Comment.objects.filter(pk=OuterRef("parent_id")).order_by().values("body")[:1]),
            resources_shown=Exists(PolicyDecision.objects.filter(**current, action=Action.RESOURCES_SHOWN)),
            scanned=Exists(ScanRecord.objects.filter(**current)),
        )
        .filter(pk=comment_id)
        .first()
    )


def comment_crisis_check(
    *, comment_id: int, detail: str = "checked in the request", comment: Comment | None = None
) -> bool:
    """The request's own crisis check, so the author sees the resources without waiting for a worker.

    A crisis opens (or joins) the urgent review item, records RESOURCES_SHOWN for the current revision and
    enqueues the moderators' alert (sent once per item). It stores no flags and holds nothing: the worker's scan
    stays the record, and joins the same item and decision when it comes (both unique), so nothing is doubled.
    Returns whether the author should see the resources. Safe to re-run and to run beside the worker's scan:
    both take the comment's row lock before writing, and a revision the scan has decided is left to it.
    Call outside any transaction of the comment's creation (it reads the committed comment). `comment`: the
    comment as comment_for_crisis_check has just loaded it (else it is loaded here).
    """
    if comment is None:
        comment = comment_for_crisis_check(comment_id=comment_id)
    if comment is None or comment.status in (Comment.Status.REMOVED, Comment.Status.DELETED):
        return False
    revision = comment.revision
    shown = PolicyDecision.objects.filter(comment_id=comment_id, revision=revision, action=Action.RESOURCES_SHOWN)
    scanned = ScanRecord.objects.filter(comment_id=comment_id, revision=revision)
    if comment.resources_shown:
        return True
    if comment.scanned:
        return False  # the scan has decided this revision, and it asked for no resources
    # The engine runs before the lock: it is pure, and the worker's scan must not wait for it.
    context = comment_care_context(comment, parent_text=comment.parent_body or "")
    try:
        crisis = [flag for flag in classify_remembered(context) if flag.category == "crisis"]
    except Exception:
        # The reader's request still answers; the worker's scan retries and, at worst, holds it for a person.
        logger.exception("the request's crisis check of comment %s failed; the worker's scan decides", comment_id)
        return False
    if not crisis:
        return False
    with transaction.atomic():
        # The scan's lock order: the comment row, then the item. Whatever finished meanwhile stands.
        current = Comment.objects.select_for_update(of=("self",)).filter(pk=comment_id).first()
        if current is None or current.revision != revision or scanned.exists():
            return shown.exists()
        if current.status in (Comment.Status.REMOVED, Comment.Status.DELETED):
            return False
        if shown.exists():
            return True
        item = review_item_open(
            post=comment.post,
            comment=comment,
            reason=Reason.CRISIS,
            crisis=True,
            urgent=True,
            severity_rank=models_severity_rank(crisis[0].severity),
        )
        _decide(post=comment.post, comment=comment, revision=revision, action=Action.RESOURCES_SHOWN, detail=detail)
        _alert_moderators_on_commit(item_id=item.pk)
    return True


def comment_needs_resources(*, comment: Comment) -> bool:
    """Whether the author should see the crisis-resources message for this comment's current revision."""
    return PolicyDecision.objects.filter(
        comment=comment, revision=comment.revision, action=Action.RESOURCES_SHOWN
    ).exists()


def comment_check_wait(*, comment: Comment, timeout: float) -> bool:
    """Wait up to `timeout` seconds for the check of the comment's current revision; True when it is done.

    Does not wait while the broker is down (no worker can answer): the reader is answered at once. A comment
    from comment_for_crisis_check carries its `scanned` reading, which stands for the first look."""
    seen = getattr(comment, "scanned", None)
    if seen:
        return True
    scanned = ScanRecord.objects.filter(comment=comment, revision=comment.revision)
    if time.monotonic() - _broker_failed_at < BROKER_DOWN_SKIP_WAIT_SECONDS:
        return scanned.exists() if seen is None else False
    deadline = time.monotonic() + timeout
    for attempt in itertools.count(1):
        if (attempt > 1 or seen is None) and scanned.exists():
            return True
        if time.monotonic() >= deadline:
            return False
        # A check usually takes tens of milliseconds: look often at first, then every 50 ms.
        time.sleep(min(0.05, 0.01 * attempt))


def unscanned_comment_ids(*, limit: int = 500) -> list[int]:
    """Comments whose current revision has no scan record: lost enqueues and work a killed worker held.

    A grace period leaves fresh comments to the task their request enqueued.
    """
    cutoff = timezone.now() - timedelta(seconds=settings.CARE_SWEEP_GRACE_SECONDS)
    scanned = ScanRecord.objects.filter(comment=OuterRef("pk"), revision=OuterRef("revision"))
    return list(
        Comment.objects.filter(status__in=[Comment.Status.PENDING, Comment.Status.VISIBLE, Comment.Status.HELD])
        .filter(Q(created__lt=cutoff) & (Q(edited__isnull=True) | Q(edited__lt=cutoff)))
        .exclude(IMPORTED_UNCHANGED)
        .filter(~Exists(scanned))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


def unscanned_post_ids(*, limit: int = 100) -> list[int]:
    cutoff = timezone.now() - timedelta(seconds=settings.CARE_SWEEP_GRACE_SECONDS)
    scanned = ScanRecord.objects.filter(post=OuterRef("pk"), comment=None, revision=OuterRef("revision"))
    return list(
        Post.objects.filter(updated__lt=cutoff)
        .exclude(IMPORTED_UNCHANGED)
        .filter(~Exists(scanned))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


def distress_needing_reply(*, now=None) -> int:
    """Open a "needs a reply" item for visible distress comments nobody else answered in time. Safe to re-run."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.CARE_DISTRESS_REPLY_MINUTES)
    others_replied = Comment.objects.filter(parent=OuterRef("comment_id"), status=Comment.Status.VISIBLE).exclude(
        commenter_id=OuterRef("comment__commenter_id")
    )
    already = PolicyDecision.objects.filter(comment=OuterRef("comment_id"), action=Action.NEEDS_REPLY)
    from_backlog = ScanRecord.objects.filter(
        comment=OuterRef("comment_id"), revision=OuterRef("revision"), backlog=True
    )
    flags = (
        CareFlag.objects.filter(
            category="distress",
            dismissed=False,
            comment__isnull=False,
            comment__status=Comment.Status.VISIBLE,
            comment__created__lt=cutoff,
        )
        .filter(~Exists(others_replied), ~Exists(already), ~Exists(from_backlog))
        .select_related("comment", "post")
    )
    opened = 0
    for flag in flags[:200]:
        with transaction.atomic():
            _, created = PolicyDecision.objects.get_or_create(
                post=flag.post, comment=flag.comment, revision=flag.revision, action=Action.NEEDS_REPLY
            )
            if created:
                review_item_open(post=flag.post, comment=flag.comment, reason=Reason.NEEDS_REPLY, severity_rank=1)
                opened += 1
    return opened
