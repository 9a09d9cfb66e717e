"""Reads for the metrics endpoint: aggregates over rows the apps already write (one query each)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Case, Count, DurationField, ExpressionWrapper, F, Min, Q, Sum, Value, When

from comments.models import Comment
from core.models import OutgoingEmail
from moderation.models import ReviewItem, ScanRecord
from moderation.selectors.care import oldest_unchecked_comment_since
from notifications.models import Delivery
from notifications.selectors import oldest_due_email_since

# Upper bounds (seconds) of the check-latency histogram: "well under a second" normally, the sweeper's ~90 s
# when a task was lost, CARE_STALL_ALERT_SECONDS (300) when checks stall.
CHECK_LATENCY_BUCKETS = (0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900)


def comments_posted_count() -> int:
    """Comments written on this site (imports excluded), whatever became of them since."""
    return Comment.objects.filter(source="").count()


def checks_done_counts() -> dict[str, int]:
    """{outcome: care checks recorded}, comments and posts, live and scan_backlog's history."""
    rows = ScanRecord.objects.values("outcome").annotate(n=Count("pk")).order_by()
    return {row["outcome"]: row["n"] for row in rows}


def check_latency_buckets() -> tuple[list[int], int, float]:
    """Live checks of comments (not scan_backlog's history): cumulative counts per bucket of CHECK_LATENCY_BUCKETS,
    the count and the sum of seconds, from when the revision was written to its scan record.

    A first revision is timed from `created`, a later one from `edited` (the last edit: an earlier revision's
    time is not kept, so such a check is timed from the edit that followed it, never longer than it took)."""
    written = Case(When(revision=1, then=F("comment__created")), default=F("comment__edited"))
    waited = ExpressionWrapper(F("created") - written, output_field=DurationField())
    live = ScanRecord.objects.filter(comment__isnull=False, backlog=False).annotate(waited=waited)
    buckets = {
        f"b{n}": Count("pk", filter=Q(waited__lte=timedelta(seconds=bound)))
        for n, bound in enumerate(CHECK_LATENCY_BUCKETS)
    }
    result = live.filter(waited__isnull=False).aggregate(count=Count("pk"), total=Sum("waited"), **buckets)
    total = result["total"].total_seconds() if result["total"] is not None else 0.0
    return [result[f"b{n}"] for n in range(len(CHECK_LATENCY_BUCKETS))], result["count"], total


def oldest_unchecked_age(*, now: datetime) -> float:
    since = oldest_unchecked_comment_since()
    return max(0.0, (now - since).total_seconds()) if since else 0.0


def oldest_due_email_age(*, now: datetime) -> float:
    since = oldest_due_email_since(now=now)
    return max(0.0, (now - since).total_seconds()) if since else 0.0


def reply_email_counts() -> dict[tuple[str, str, str], int]:
    """{(status, reason, mode): reply e-mails}. Skipped: the skip reason; failed: "interrupted" (a worker died
    mid-send) or "error"; waiting ones are "planned" or "sending" with no reason."""
    reason = Case(
        When(status=Delivery.Status.SKIPPED, then=F("skip_reason")),
        When(status=Delivery.Status.FAILED, error__startswith="interrupted", then=Value("interrupted")),
        When(status=Delivery.Status.FAILED, then=Value("error")),
        default=Value(""),
    )
    rows = Delivery.objects.annotate(why=reason).values("status", "why", "mode").annotate(n=Count("pk")).order_by()
    return {(row["status"], row["why"], row["mode"]): row["n"] for row in rows}


def other_email_counts() -> dict[tuple[str, str], int]:
    """{(template, status): e-mails} of core.email (verification, reset, alerts, moderation messages)."""
    rows = OutgoingEmail.objects.values("template_prefix", "status").annotate(n=Count("pk")).order_by()
    return {(row["template_prefix"].rsplit("/", 1)[-1], row["status"]): row["n"] for row in rows}


REVIEW_REASONS = tuple(ReviewItem.Reason.values)


def open_review_items_by_reason() -> dict[str, int]:
    """{reason: open items with that reason}; an item with several reasons counts under each."""
    counts: dict[str, int] = {}
    for reasons in ReviewItem.objects.filter(status=ReviewItem.Status.OPEN).values_list("reasons", flat=True):
        for reason in set(reasons or ()):
            counts[reason] = counts.get(reason, 0) + 1
    return counts


def oldest_open_crisis_item_age(*, now: datetime) -> float:
    since = ReviewItem.objects.filter(status=ReviewItem.Status.OPEN, crisis=True).aggregate(since=Min("opened_at"))[
        "since"
    ]
    return max(0.0, (now - since).total_seconds()) if since else 0.0


def celery_queue_names() -> list[str]:
    return [queue.name for queue in settings.CELERY_TASK_QUEUES]
