"""Reads for the moderators' queue: the ordered list, counts, filters, and moving through it."""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.text import Truncator

from comments.models import Comment

from ..classifiers.base import CATEGORIES
from ..models import CareFlag, ModerationAction, Report, ReviewItem, Severity
from ..permissions import is_senior
from ..services.items import claim_active

Status = ReviewItem.Status
CommentStatus = Comment.Status
Reason = ReviewItem.Reason

PAGE_SIZE = 25

EXCERPT_CHARS = 180

# What a moderator can filter by: the care categories (of an item's live flags, or readers' reports) ...
FILTER_CATEGORIES = [*CATEGORIES, Report.OTHER]

CATEGORY_LABELS = {**{c: c.replace("_", " ") for c in CATEGORIES}, Report.OTHER: "something else (reports)"}

# Rows with only these categories (flags or reports) may be decided from the list.
QUICK_CATEGORIES = {"spam", Report.OTHER}

# ... and why the item is in the queue.
REASON_LABELS = dict(Reason.choices)

# Rule names that point at a method or the means to hurt oneself: such text is folded away until asked for.
_GRAPHIC_RULE_WORDS = ("method", "means")


@dataclass
class QueueFilters:
    status: str = Status.OPEN
    category: str = ""
    reason: str = ""
    post_id: int | None = None
    escalated: bool = False  # plain moderators: show the items waiting for senior moderators
    writer: str = ""  # part of the display name of the comment's writer (or the post's author)
    title: str = ""  # part of the post's title
    moderator_id: int | None = None  # items this moderator claimed, decided or acted on
    since: date | None = None  # opened on or after this day (UTC)
    until: date | None = None  # opened on or before this day (UTC)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _category_q(category: str) -> Q:
    """An item has a category when a live flag of its comment (or post) or a report joined to it says so."""
    flags = CareFlag.objects.filter(category=category, dismissed=False)
    condition = (
        Q(Exists(flags.filter(comment_id=OuterRef("comment_id"))))
        | Q(comment__isnull=True) & Q(Exists(flags.filter(post_id=OuterRef("post_id"), comment__isnull=True)))
        | Q(Exists(Report.objects.filter(item_id=OuterRef("pk"), reason=category)))
    )
    if category == "crisis":
        condition |= Q(crisis=True)
    return condition


def _reason_q(reason: str) -> Q:
    # reasons is a JSON list of short words: match the quoted word (works on PostgreSQL and SQLite alike).
    return Q(reasons__icontains=f'"{reason}"')


def _open_order(*, senior: bool) -> list[tuple[str, bool]]:
    """(field, descending) in queue order: crisis, severity, reports, then the longest wait; escalated items
    first for senior moderators."""
    keys = [("crisis", True), ("severity_rank", True), ("report_count", True), ("opened_at", False), ("pk", False)]
    return [("escalated", True), *keys] if senior else keys


def _order_by(keys: list[tuple[str, bool]]) -> list[str]:
    return [f"-{name}" if desc else name for name, desc in keys]


def review_queue(*, filters: QueueFilters, viewer) -> QuerySet[ReviewItem]:
    """Items in queue order (open) or most recently decided first (resolved)."""
    senior = is_senior(viewer)
    items = ReviewItem.objects.filter(status=filters.status)
    if filters.category:
        items = items.filter(_category_q(filters.category))
    if filters.reason:
        items = items.filter(_reason_q(filters.reason))
    if filters.post_id:
        items = items.filter(post_id=filters.post_id)
    if filters.writer:
        items = items.filter(
            Q(comment__commenter__display_name__icontains=filters.writer)
            | Q(comment__isnull=True, post__author__display_name__icontains=filters.writer)
        )
    if filters.title:
        items = items.filter(post__title__icontains=filters.title)
    if filters.moderator_id:
        acted = ModerationAction.objects.filter(item_id=OuterRef("pk"), moderator_id=filters.moderator_id)
        items = items.filter(
            Q(claimed_by_id=filters.moderator_id) | Q(resolved_by_id=filters.moderator_id) | Q(Exists(acted))
        )
    if filters.since:
        items = items.filter(opened_at__gte=_day_start(filters.since))
    if filters.until:
        items = items.filter(opened_at__lt=_day_start(filters.until) + timedelta(days=1))
    if filters.status == Status.OPEN:
        if not senior:
            # Escalated items wait for senior moderators; plain moderators see them on request.
            items = items.filter(escalated=filters.escalated)
        return items.order_by(*_order_by(_open_order(senior=senior)))
    return items.order_by("-resolved_at", "-pk")


@dataclass
class QueueRow:
    item: ReviewItem
    categories: list[str]
    reasons: list[str]
    graphic: bool
    excerpt: str
    waited: timedelta
    claimed: bool  # someone's claim is running (see item.claimed_by)
    claimed_by_me: bool
    resolution: str = ""
    writer: str = ""
    crisis: bool = False  # the list never shows a crisis item's words
    quick: tuple[str, ...] = ()  # decisions offered in the list itself: "remove_spam", "approve", "keep"


@dataclass
class QueueCounts:
    open: int
    escalated: int
    by_category: list[tuple[str, str, int]]  # (category, label, open items)
    oldest_opened_at: datetime | None
    oldest_crisis_opened_at: datetime | None

    @property
    def oldest_wait(self) -> timedelta | None:
        return timezone.now() - self.oldest_opened_at if self.oldest_opened_at else None

    @property
    def oldest_crisis_wait(self) -> timedelta | None:
        return timezone.now() - self.oldest_crisis_opened_at if self.oldest_crisis_opened_at else None


@dataclass
class QueuePage:
    page: Page
    rows: list[QueueRow]
    counts: QueueCounts | None  # None for the list beside an item
    filters: QueueFilters


def resolution_label(resolution: str) -> str:
    return resolution.replace("_", " ")


def open_item_count() -> int:
    """For the page header: one COUNT."""
    return ReviewItem.objects.filter(status=Status.OPEN).count()


def review_queue_counts() -> QueueCounts:
    """Open items in total, escalated, per category, and the oldest waits: one query."""
    aggregates = {f"c_{category}": Count("pk", filter=_category_q(category)) for category in FILTER_CATEGORIES}
    row = ReviewItem.objects.filter(status=Status.OPEN).aggregate(
        total=Count("pk"),
        escalated=Count("pk", filter=Q(escalated=True)),
        oldest=Min("opened_at"),
        oldest_crisis=Min("opened_at", filter=Q(crisis=True)),
        **aggregates,
    )
    return QueueCounts(
        open=row["total"],
        escalated=row["escalated"],
        by_category=[(c, CATEGORY_LABELS[c], row[f"c_{c}"]) for c in FILTER_CATEGORIES],
        oldest_opened_at=row["oldest"],
        oldest_crisis_opened_at=row["oldest_crisis"],
    )


def _flags_by_target(items: Iterable[ReviewItem]) -> dict[tuple[int, int | None], list[CareFlag]]:
    """Live flags of the items' comments and posts, in one query, keyed by (post_id, comment_id)."""
    items = list(items)
    comment_ids = [item.comment_id for item in items if item.comment_id]
    post_ids = [item.post_id for item in items if not item.comment_id]
    if not items:
        return {}
    flags = CareFlag.objects.filter(dismissed=False).filter(
        Q(comment_id__in=comment_ids) | Q(comment__isnull=True, post_id__in=post_ids)
    )
    grouped: dict[tuple[int, int | None], list[CareFlag]] = {}
    for flag in flags.order_by("-score", "pk"):
        grouped.setdefault((flag.post_id, flag.comment_id), []).append(flag)
    return grouped


def flags_graphic(flags: Iterable[CareFlag]) -> bool:
    """Graphic self-harm content: a high-severity crisis flag, or evidence from a method or means rule."""
    for flag in flags:
        if flag.dismissed:
            continue
        if flag.category == "crisis" and flag.severity == Severity.HIGH:
            return True
        for evidence in flag.evidence or []:
            rule = str(evidence.get("rule", "")).lower() if isinstance(evidence, dict) else ""
            if any(word in rule for word in _GRAPHIC_RULE_WORDS):
                return True
    return False


def _excerpt(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(EXCERPT_CHARS)


def _report_reasons(items: list[ReviewItem]) -> dict[int, set[str]]:
    """Readers' report reasons per item, in one query."""
    reasons: dict[int, set[str]] = {}
    if items:
        rows = Report.objects.filter(item_id__in=[item.pk for item in items]).values_list("item_id", "reason")
        for item_id, reason in rows.distinct():
            reasons.setdefault(item_id, set()).add(reason)
    return reasons


def _quick_decisions(item: ReviewItem, categories: set[str], *, mine_to_decide: bool) -> tuple[str, ...]:
    """The decisions the list offers for this row: only for spam and readers' reports, and only when nothing
    sensitive (crisis, hostile, personal details) or distressing is in play; those are read in full, one by one.
    The server still checks everything again when the decision arrives."""
    comment = item.comment
    if item.status != Status.OPEN or comment is None or not mine_to_decide or item.crisis:
        return ()
    if comment.status == CommentStatus.DELETED or categories - QUICK_CATEGORIES or Reason.APPEAL in item.reasons:
        return ()
    if "spam" in categories:
        return ("remove_spam", "approve") if comment.status != CommentStatus.VISIBLE else ("remove_spam", "keep")
    if Reason.REPORTED in item.reasons:
        return ("keep",) if comment.status == CommentStatus.VISIBLE else ()
    return ()


def review_queue_page(*, filters: QueueFilters, viewer, page_number, with_counts: bool = True) -> QueuePage:
    """One page of the queue with its rows' flags and reports, and the counts: a fixed number of queries,
    whatever the number of items (count, page, flags, reports, counts)."""
    items = review_queue(filters=filters, viewer=viewer).select_related(
        "post", "post__author", "comment", "comment__commenter", "claimed_by", "resolved_by"
    )
    page = Paginator(items, PAGE_SIZE).get_page(page_number)
    page_items = list(page.object_list)
    flags = _flags_by_target(page_items)
    reported = _report_reasons(page_items)
    senior = is_senior(viewer)
    now = timezone.now()
    rows = []
    for item in page_items:
        item_flags = flags.get((item.post_id, item.comment_id), [])
        categories = list(dict.fromkeys(flag.category for flag in item_flags))
        if item.crisis and "crisis" not in categories:
            categories.insert(0, "crisis")
        crisis = "crisis" in categories
        # A crisis item's words never leave its own page (and are not even read here).
        text = "" if crisis else item.comment.body if item.comment_id else item.post.plain_text()  # HTML imports
        active = claim_active(item, now=now)
        mine_to_decide = (not active or item.claimed_by_id == viewer.pk) and (senior or not item.escalated)
        writer = item.comment.commenter.display_name if item.comment_id else item.post.author.display_name
        rows.append(
            QueueRow(
                item=item,
                categories=[CATEGORY_LABELS.get(c, c) for c in categories],
                reasons=[REASON_LABELS.get(r, r) for r in item.reasons],
                graphic=flags_graphic(item_flags),
                excerpt=_excerpt(text),
                waited=now - item.opened_at,
                claimed=active,
                claimed_by_me=active and item.claimed_by_id == viewer.pk,
                resolution=resolution_label(item.resolution),
                writer=writer,
                crisis=crisis,
                quick=_quick_decisions(
                    item, set(categories) | reported.get(item.pk, set()), mine_to_decide=mine_to_decide
                ),
            )
        )
    counts = review_queue_counts() if with_counts else None
    return QueuePage(page=page, rows=rows, counts=counts, filters=filters)


def _beyond(item: ReviewItem, keys: list[tuple[str, bool]], *, after: bool) -> Q:
    """Lexicographic "comes after" (or before) `item` over the ordering keys."""
    condition, equal = Q(), Q()
    terms = []
    for name, desc in keys:
        value = getattr(item, name)
        later = (name + "__lt") if desc == after else (name + "__gt")
        terms.append(equal & Q(**{later: value}))
        equal &= Q(**{name: value})
    for term in terms:
        condition |= term
    return condition


def _open_around(item: ReviewItem, *, viewer, filters: QueueFilters) -> QuerySet[ReviewItem]:
    """The open items this item sits among: the viewer's filters, and escalated or not as the item is."""
    return review_queue(filters=replace(filters, status=Status.OPEN, escalated=item.escalated), viewer=viewer)


def _neighbours(item: ReviewItem, *, viewer, filters: QueueFilters) -> tuple[int | None, int | None]:
    """The items before and after this one in the viewer's filtered queue order, across pages (two queries)."""
    keys = _open_order(senior=is_senior(viewer))
    base = _open_around(item, viewer=viewer, filters=filters).exclude(pk=item.pk)
    following = base.filter(_beyond(item, keys, after=True)).values_list("pk", flat=True).first()
    previous = (
        base.filter(_beyond(item, keys, after=False))
        .order_by(*_order_by([(n, not d) for n, d in keys]))
        .values_list("pk", flat=True)
        .first()
    )
    return previous, following


def review_queue_page_of(*, item: ReviewItem, viewer, filters: QueueFilters) -> int:
    """The page of the filtered queue an open item is on (one COUNT), so the list beside it shows it."""
    if item.status != Status.OPEN or filters.status != Status.OPEN:
        return 1
    keys = _open_order(senior=is_senior(viewer))
    before = _open_around(item, viewer=viewer, filters=filters).filter(_beyond(item, keys, after=False)).count()
    return before // PAGE_SIZE + 1


def review_queue_after(*, item_id: int, viewer, filters: QueueFilters) -> int | None:
    """The item to open after deciding `item_id`: the next one in the viewer's filtered queue that nobody else
    is working on, else the first such item from the top; None when nothing is left."""
    item = ReviewItem.objects.filter(pk=item_id).first()
    now = timezone.now()
    free = Q(claimed_by__isnull=True) | Q(claimed_until__lte=now) | Q(claimed_by=viewer)
    items = review_queue(filters=replace(filters, status=Status.OPEN), viewer=viewer).filter(free)
    if item is None:
        return items.values_list("pk", flat=True).first()
    items = items.exclude(pk=item_id)
    following = items.filter(_beyond(item, _open_order(senior=is_senior(viewer)), after=True))
    return following.values_list("pk", flat=True).first() or items.values_list("pk", flat=True).first()


def review_item_waits_for(*, item_id: int, viewer) -> bool:
    """Whether the item is still open in this viewer's queue (escalated items leave a plain moderator's)."""
    item = ReviewItem.objects.filter(pk=item_id).only("status", "escalated").first()
    return item is not None and item.status == Status.OPEN and (is_senior(viewer) or not item.escalated)


def queue_moderators() -> list:
    """Everyone who has acted in the queue (a claim counts), for the moderator filter: one query."""
    acted = ModerationAction.objects.filter(moderator_id=OuterRef("pk"))
    return list(
        get_user_model().objects.filter(Exists(acted)).order_by("display_name", "pk").only("pk", "display_name")
    )


def review_queue_next(*, viewer, exclude_id: int | None = None, filters: QueueFilters | None = None) -> int | None:
    """The first open item this viewer could work on now (nobody else's claim running)."""
    now = timezone.now()
    filters = replace(filters, status=Status.OPEN) if filters else QueueFilters()
    items = review_queue(filters=filters, viewer=viewer).filter(
        Q(claimed_by__isnull=True) | Q(claimed_until__lte=now) | Q(claimed_by=viewer)
    )
    if exclude_id:
        items = items.exclude(pk=exclude_id)
    return items.values_list("pk", flat=True).first()
