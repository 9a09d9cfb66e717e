"""The live care check in batches: several comments per transaction, read and written in bulk."""

import logging
import time
from collections import defaultdict
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from comments.models import Comment
from comments.services import comments_publish

from ..classifiers.base import CareContext, Flag
from ..models import CareFlag, PolicyDecision, ReviewItem, ScanRecord
from ..pipeline import classify, reads_author_history
from ..selectors.care import IMPORTED_UNCHANGED
from .scan import _apply_comment_policy, care_check_broker_failed, comment_scan, comment_text_to_check

BATCH_SIZE = 50
# A drain runs this long, then hands over to a new task, so e-mail and alerts on the same worker are not held up.
DRAIN_SECONDS = 2.0
# How far below its lead a drain looks: comments written at the same moment may take their ids in one order and
# commit in another (at most the site's concurrent requests apart).
REORDER_MARGIN = 200
# Set while a drain's wake-up is on its way: the comments written meanwhile send none (care_check_wake).
DRAIN_PENDING_KEY = "moderation:care-drain-pending"
DRAIN_PENDING_SECONDS = 10  # a wake-up lost with its broker is replaced by the next comment's after this
# Live work only: a batch takes comments written or edited this recently (history is scan_backlog's, one by one).
LIVE_WINDOW = timedelta(hours=1)
AUTHOR_RECENT_TEXTS = 5
AUTHOR_RECENT_FLAGS = 20
CHECKED = ScanRecord.Outcome.CHECKED

logger = logging.getLogger(__name__)


def comment_scanned(*, comment_id: int) -> bool:
    """Whether the comment's current revision has a scan record (one query)."""
    scanned = ScanRecord.objects.filter(comment=OuterRef("pk"), revision=OuterRef("revision"))
    return Comment.objects.filter(pk=comment_id).filter(Exists(scanned)).exists()


def comments_scan_batch(*, lead_id: int, limit: int = BATCH_SIZE) -> None:
    """Check the lead comment's current revision, and with it other comments waiting for their live check, and
    apply the care policy: what comment_scan does, for up to `limit` comments in one transaction.

    Comments whose request found a crisis (an open urgent item, their revision not checked yet) come first,
    whatever their place in the queue; then the lead and the comments after it. Each is taken with its row lock
    (SKIP LOCKED: a comment another batch holds is left to it). On return the lead's current revision has its scan
    record, made here or by whoever held it (comment_scan waits for that lock), so a task may be acknowledged.
    Idempotent like comment_scan. A classifier error for one comment leaves it to its own task (it stays
    unchecked and its message is still queued); for the lead it is raised after the others are committed, so the
    task retries it.
    """
    lead_error, lead_done = None, False
    with transaction.atomic():
        comments = _claim(floor=lead_id, lead_id=lead_id, limit=limit)
        if comments:
            checked, errors = _classify(comments)
            lead_error = errors.get(lead_id)
            lead_done = any(comment.pk == lead_id for comment, _ in checked)
            _record(checked)
    if lead_error is not None:
        raise lead_error
    if not lead_done and not comment_scanned(comment_id=lead_id):
        # Not taken above: another batch holds it (wait for it), or it is not live work (removed, history).
        comment_scan(comment_id=lead_id)


def care_check_wake(*, comment_id: int) -> None:
    """A new comment was committed: make sure a drain is on its way (care_checks_drain). Sends one wake-up for all
    the comments written until a drain starts, instead of a task each. Called on commit. If the broker is down,
    nothing is lost (the sweeper enqueues the check) and the crisis part of the policy runs here at once."""
    from ..tasks import care_checks_drain_task

    try:
        if not cache.add(DRAIN_PENDING_KEY, comment_id, timeout=DRAIN_PENDING_SECONDS):
            return  # a drain's wake-up is on its way, and the drain takes this comment too
    except Exception:  # no cache at all: send the wake-up anyway
        logger.warning("cache unavailable: a care drain is woken for comment %s", comment_id)
    try:
        care_checks_drain_task.delay(comment_id)
    except Exception:
        cache.delete(DRAIN_PENDING_KEY)  # the next comment tries again
        care_check_broker_failed(comment_id=comment_id)


def care_checks_drain(*, lead_id: int, floor: int | None = None, seconds: float = DRAIN_SECONDS) -> int | None:
    """Check new comments in batches until none is waiting, or for about `seconds` (then returns the floor to go on
    from, for another drain task; None when done). One wake-up (care_check_wake) stands for every comment written
    until this starts: from the lead's id up, less REORDER_MARGIN for comments that took their ids earlier and
    committed later (or from `floor`, where an earlier drain stopped). Comments found at risk by their request
    come first. Safe to run twice and beside other drains and checks (rows are taken with SKIP LOCKED). A comment
    the engine cannot read is sent to its own task (comment_scan_task: retried, then held for a person); anything
    this drain misses, the sweeper finds.
    """
    cache.delete(DRAIN_PENDING_KEY)  # from now on, a new comment sends a new wake-up
    floor, skip = max(0, lead_id - REORDER_MARGIN) if floor is None else floor, set()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with transaction.atomic():
            comments = _claim(floor=floor, limit=BATCH_SIZE, skip=skip)
            if comments:
                checked, errors = _classify(comments)
                _record(checked)
        if not comments:
            _check_locked(floor=floor, skip=skip)
            return None
        for comment_id in errors:
            _scan_alone(comment_id)
            skip.add(comment_id)
        # Due comments below the lowest one taken in order were locked by other batches, which check them.
        floor = max(floor, min((comment.pk for comment in comments if comment.pk >= floor), default=floor))
    return floor


def _check_locked(*, floor: int, skip: set[int]) -> None:
    """The claims skipped rows someone else held: another batch (which checks them), but also a request's crisis
    check or an edit, which do not. Whatever is still waiting is checked one by one, waiting for its lock."""
    for comment_id in (
        _due().filter(_live(), pk__gte=floor).exclude(pk__in=skip).values_list("pk", flat=True)[:BATCH_SIZE]
    ):
        try:
            comment_scan(comment_id=comment_id)
        except Exception:  # the engine cannot read it: its own task retries it, then holds it for a person
            _scan_alone(comment_id)


def _scan_alone(comment_id: int) -> None:
    from ..tasks import comment_scan_task

    try:
        comment_scan_task.delay(comment_id)
    except Exception:  # the broker went away: the sweeper enqueues it
        logger.warning("broker unavailable: the care check of %s waits for the sweeper", comment_id)


def _due():
    scanned = ScanRecord.objects.filter(comment=OuterRef("pk"), revision=OuterRef("revision"))
    return (
        Comment.objects.filter(status__in=[Comment.Status.PENDING, Comment.Status.VISIBLE, Comment.Status.HELD])
        .exclude(IMPORTED_UNCHANGED)
        .filter(~Exists(scanned))
    )


def _live(since=None) -> Q:
    since = since or timezone.now() - LIVE_WINDOW
    return Q(created__gte=since) | Q(edited__gte=since)


def _locked(queryset, limit: int) -> list[Comment]:
    return list(
        queryset.select_for_update(skip_locked=True, of=("self",))
        .select_related("post", "commenter__user")
        .order_by("pk")[:limit]
    )


def _claim(*, floor: int, limit: int, lead_id: int | None = None, skip: set[int] = frozenset()) -> list[Comment]:
    """Lock the batch's comments: urgent ones first, then live ones from `floor` up (the primary key's order is the
    queue's), the lead whatever its age. Rows are read under their locks, so what they say is current."""
    since = timezone.now() - LIVE_WINDOW
    urgent = ReviewItem.objects.filter(
        status=ReviewItem.Status.OPEN, crisis=True, urgent=True, comment__isnull=False, opened_at__gte=since
    ).values("comment_id")
    comments = _locked(_due().filter(pk__in=urgent).exclude(pk__in=skip), limit)
    live = _live(since)
    if lead_id is not None:
        live |= Q(pk=lead_id)
    if len(comments) < limit:
        taken = skip | {comment.pk for comment in comments}
        comments += _locked(_due().filter(live, pk__gte=floor).exclude(pk__in=taken), limit - len(comments))
    if not comments:
        return []
    # A scan committed between the claim's snapshot and its lock is seen now: every writer of scan records holds
    # the comment's lock first.
    done = set(ScanRecord.objects.filter(comment__in=comments).values_list("comment_id", "revision").order_by())
    return [comment for comment in comments if (comment.pk, comment.revision) not in done]


def _contexts(comments: list[Comment]) -> dict[int, CareContext]:
    """CareContexts for a batch with a few queries in all, whatever its size."""
    parent_ids = {comment.parent_id for comment in comments if comment.parent_id}
    parents = dict(Comment.objects.filter(pk__in=parent_ids).values_list("pk", "body").order_by())
    post_texts = {}
    for comment in comments:
        if comment.post_id not in post_texts:
            post_texts[comment.post_id] = comment.post.plain_text()  # imports: HTML bodies read as text
    history = _author_history(comments) if reads_author_history() else None
    contexts = {}
    for comment in comments:
        fields = {}
        if history is not None:
            fields = history(comment)
        contexts[comment.pk] = CareContext(
            text=comment_text_to_check(comment),
            parent_text=parents.get(comment.parent_id, ""),
            post_text=post_texts[comment.post_id],
            **fields,
        )
    return contexts


def _author_history(comments: list[Comment]):
    """What comment_care_context says of each author, read for the whole batch (three queries)."""
    authors = {comment.commenter_id for comment in comments}
    in_batch = defaultdict(int)
    for comment in comments:
        in_batch[comment.commenter_id] += 1
    depth = AUTHOR_RECENT_TEXTS + max(in_batch.values())  # each comment leaves itself out
    recent = defaultdict(list)
    ranked = (
        Comment.objects.filter(commenter_id__in=authors)
        .annotate(rank=Window(RowNumber(), partition_by=[F("commenter_id")], order_by=F("created").desc()))
        .filter(rank__lte=depth)
        .order_by("commenter_id", "rank")
        .values_list("commenter_id", "pk", "body")
    )
    for author, pk, body in ranked:
        recent[author].append((pk, body))
    counts = dict(
        Comment.objects.filter(commenter_id__in=authors)
        .values("commenter_id")
        .annotate(n=Count("pk"))
        .values_list("commenter_id", "n")
        .order_by()
    )
    flags = defaultdict(list)
    for author, category in CareFlag.objects.filter(
        comment__commenter_id__in=authors, created__gte=timezone.now() - timedelta(days=30)
    ).values_list("comment__commenter_id", "category"):
        if len(flags[author]) < AUTHOR_RECENT_FLAGS:
            flags[author].append(category)
    now = timezone.now()

    def fields(comment: Comment) -> dict:
        user = comment.commenter.user
        texts = [body for pk, body in recent[comment.commenter_id] if pk != comment.pk][:AUTHOR_RECENT_TEXTS]
        return {
            "author_recent_texts": tuple(texts),
            "author_comment_count": counts.get(comment.commenter_id, 0),
            "author_account_age_days": (now - user.date_joined).total_seconds() / 86400 if user else None,
            "author_recent_flag_categories": tuple(flags[comment.commenter_id]),
        }

    return fields


def _classify(comments: list[Comment]) -> tuple[list[tuple[Comment, list[Flag]]], dict[int, Exception]]:
    contexts = _contexts(comments)
    checked, errors = [], {}
    for comment in comments:
        try:
            checked.append((comment, classify(contexts[comment.pk])))
        except Exception as error:  # one text the engine cannot read must not hold back the others
            errors[comment.pk] = error
    return checked, errors


def _record(checked: list[tuple[Comment, list[Flag]]]) -> None:
    """Flags, scan records and the policy for a batch; in the caller's transaction, under the rows' locks."""
    if not checked:
        return
    rows = [
        CareFlag(
            post_id=comment.post_id,
            comment=comment,
            revision=comment.revision,
            classifier=flag.classifier,
            category=flag.category,
            severity=flag.severity,
            score=flag.score,
            classifier_version=flag.version,
            evidence=[e.as_json() for e in flag.evidence],
        )
        for comment, flags in checked
        for flag in flags
    ]
    stored = defaultdict(list)
    if rows:
        CareFlag.objects.bulk_create(rows, ignore_conflicts=True)  # a flag already stored stays as it was
        flagged = {comment.pk: comment.revision for comment, flags in checked if flags}
        for flag in CareFlag.objects.filter(comment_id__in=flagged).order_by("category"):
            if flagged[flag.comment_id] == flag.revision:
                stored[flag.comment_id].append(flag)
    ScanRecord.objects.bulk_create(
        ScanRecord(post_id=comment.post_id, comment=comment, revision=comment.revision, outcome=CHECKED)
        for comment, _ in checked
    )
    # Most comments read clean: published together, one decision row each. Anything flagged or held takes the
    # policy's own path, one comment at a time.
    clean = [
        comment
        for comment, _ in checked
        if not stored[comment.pk] and comment.status in (Comment.Status.PENDING, Comment.Status.VISIBLE)
    ]
    comments_publish(comments=clean)
    PolicyDecision.objects.bulk_create(
        (
            PolicyDecision(
                post_id=comment.post_id,
                comment=comment,
                revision=comment.revision,
                action=PolicyDecision.Action.PUBLISHED,
            )
            for comment in clean
        ),
        ignore_conflicts=True,
    )
    clean_ids = {comment.pk for comment in clean}
    for comment, _ in checked:
        if comment.pk not in clean_ids:
            _apply_comment_policy(comment=comment, revision=comment.revision, flags=stored[comment.pk], backlog=False)
