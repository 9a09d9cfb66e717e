"""Reads for the moderators' stats page: queue load, response times, who handled what, and flag precision."""

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Case, Count, OuterRef, Q, Subquery, When
from django.utils import timezone

from comments.models import Comment

from ..models import CareFlag, Resolution, ReviewItem
from .queue import CATEGORY_LABELS, QueueCounts, review_queue_counts

WINDOWS_DAYS = (7, 30)

HANDLED_DAYS = 30

# How a moderator's decision on an item judges the flags that brought it there.
CORRECT_RESOLUTIONS = {Resolution.REMOVED, Resolution.KEPT_PRIVATE}  # kept private: the crisis was real

FALSE_ALARM_RESOLUTIONS = {Resolution.APPROVED, Resolution.KEPT, Resolution.FALSE_ALARM}


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """Linear interpolation between the closest ranks (numpy's default, statistics' "inclusive" method) at a
    whole percent; None for no values."""
    if not values:
        return None
    percent = round(fraction * 100)
    if len(values) == 1 or percent in (0, 100):
        return min(values) if percent == 0 else max(values)
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def duration_text(value: timedelta | None) -> str:
    """A short reading of a duration: "45 s", "12 min", "3 h 5 min", "2 d 4 h"; a dash for none."""
    if value is None:
        return "–"
    seconds = round(value.total_seconds())
    if seconds < 60:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


@dataclass
class ResponseTimes:
    days: int
    acted: int  # items opened in the window that someone has acted on
    waiting: int  # items opened in the window that nobody has acted on yet
    median: timedelta | None
    p95: timedelta | None

    @property
    def median_text(self) -> str:
        return duration_text(self.median)

    @property
    def p95_text(self) -> str:
        return duration_text(self.p95)


@dataclass
class ModeratorLoad:
    moderator_id: int
    name: str
    handled: int
    approved: int
    removed: int
    kept: int
    false_alarm: int
    share: float = 0.0  # of the busiest moderator's count, 0..100, for the bar


@dataclass
class FlagPrecision:
    category: str
    classifier: str
    classifier_version: str
    correct: int = 0
    false_alarm: int = 0
    undecided: int = 0

    @property
    def label(self) -> str:
        return CATEGORY_LABELS.get(self.category, self.category)

    @property
    def decided(self) -> int:
        return self.correct + self.false_alarm

    @property
    def precision(self) -> float | None:
        """Share of decided flags that moderators agreed with, 0..100; None before any decision."""
        return 100 * self.correct / self.decided if self.decided else None


@dataclass
class CategoryBar:
    category: str
    label: str
    count: int
    share: float  # of the largest category, 0..100


@dataclass
class ModerationStats:
    counts: QueueCounts
    categories: list[CategoryBar]
    oldest_crisis: ReviewItem | None
    response_times: list[ResponseTimes]
    moderators: list[ModeratorLoad]
    precision: list[FlagPrecision] = field(default_factory=list)


def _share(value: int, largest: int) -> float:
    return 100 * value / largest if largest else 0.0


def response_times(*, now: datetime) -> list[ResponseTimes]:
    """Median and 95th percentile of first_action_at - opened_at for items opened in each window: one query."""
    since = now - timedelta(days=max(WINDOWS_DAYS))
    rows = list(ReviewItem.objects.filter(opened_at__gte=since).values_list("opened_at", "first_action_at"))
    result = []
    for days in WINDOWS_DAYS:
        start = now - timedelta(days=days)
        in_window = [(opened, first) for opened, first in rows if opened >= start]
        seconds = [(first - opened).total_seconds() for opened, first in in_window if first is not None]
        median, p95 = percentile(seconds, 0.5), percentile(seconds, 0.95)
        result.append(
            ResponseTimes(
                days=days,
                acted=len(seconds),
                waiting=len(in_window) - len(seconds),
                median=timedelta(seconds=median) if median is not None else None,
                p95=timedelta(seconds=p95) if p95 is not None else None,
            )
        )
    return result


def oldest_open_crisis_item() -> ReviewItem | None:
    return (
        ReviewItem.objects.filter(status=ReviewItem.Status.OPEN, crisis=True)
        .select_related("post", "comment__commenter")
        .order_by("opened_at", "pk")
        .first()
    )


def moderator_loads(*, now: datetime) -> list[ModeratorLoad]:
    """Items each moderator resolved in the last HANDLED_DAYS, by resolution: one query. Names only, no e-mail."""
    resolutions = {
        r.value: r for r in (Resolution.APPROVED, Resolution.REMOVED, Resolution.KEPT, Resolution.FALSE_ALARM)
    }
    rows = (
        ReviewItem.objects.filter(
            status=ReviewItem.Status.RESOLVED,
            resolved_by__isnull=False,
            resolved_at__gte=now - timedelta(days=HANDLED_DAYS),
        )
        .values("resolved_by_id", "resolved_by__display_name")
        .annotate(
            handled=Count("pk"),
            **{name: Count("pk", filter=Q(resolution=value)) for name, value in resolutions.items()},
        )
        .order_by("-handled", "resolved_by__display_name", "resolved_by_id")
    )
    loads = [
        ModeratorLoad(
            moderator_id=row["resolved_by_id"],
            # Never fall back to the e-mail address (User.__str__ would).
            name=row["resolved_by__display_name"] or f"Moderator #{row['resolved_by_id']}",
            handled=row["handled"],
            **{name: row[name] for name in resolutions},
        )
        for row in rows
    ]
    busiest = max((load.handled for load in loads), default=0)
    for load in loads:
        load.share = _share(load.handled, busiest)
    return loads


def flag_precision() -> list[FlagPrecision]:
    """Per category and classifier version: flags moderators confirmed versus false alarms. One grouped query.

    A flag counts as a false alarm when it was dismissed, or when the latest decision on its comment (or post)
    taken after the flag was raised kept or approved it; as correct when that decision removed the comment or the
    comment stands removed. Flags nobody has decided on are counted apart and left out of the precision.
    """
    resolved = ReviewItem.objects.filter(
        status=ReviewItem.Status.RESOLVED, resolved_at__gte=OuterRef("created")
    ).order_by("-resolved_at", "-pk")
    on_comment = resolved.filter(comment_id=OuterRef("comment_id")).values("resolution")[:1]
    on_post = resolved.filter(post_id=OuterRef("post_id"), comment__isnull=True).values("resolution")[:1]
    rows = (
        CareFlag.objects.annotate(
            decision=Case(When(comment__isnull=True, then=Subquery(on_post)), default=Subquery(on_comment))
        )
        .values("category", "classifier", "classifier_version", "dismissed", "comment__status", "decision")
        .annotate(n=Count("pk"))
        .order_by()
    )
    grouped: dict[tuple[str, str, str], FlagPrecision] = {}
    for row in rows:
        key = (row["category"], row["classifier"], row["classifier_version"])
        entry = grouped.setdefault(key, FlagPrecision(*key))
        if row["dismissed"]:
            entry.false_alarm += row["n"]
        elif row["decision"] in CORRECT_RESOLUTIONS or row["comment__status"] == Comment.Status.REMOVED:
            entry.correct += row["n"]
        elif row["decision"] in FALSE_ALARM_RESOLUTIONS:
            entry.false_alarm += row["n"]
        else:
            entry.undecided += row["n"]
    return [grouped[key] for key in sorted(grouped)]


def moderation_stats(*, now: datetime | None = None) -> ModerationStats:
    """Everything the stats page shows, in a fixed number of queries (five) whatever the amount of data."""
    now = now or timezone.now()
    counts = review_queue_counts()
    largest = max((count for _, _, count in counts.by_category), default=0)
    return ModerationStats(
        counts=counts,
        categories=[
            CategoryBar(category=category, label=label, count=count, share=_share(count, largest))
            for category, label, count in counts.by_category
        ],
        oldest_crisis=oldest_open_crisis_item(),
        response_times=response_times(now=now),
        moderators=moderator_loads(now=now),
        precision=flag_precision(),
    )
