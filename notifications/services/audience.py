"""Who hears of a published comment, and why: the same rules at planning time and again right before sending."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from comments.models import Comment

from ..models import Delivery, Frequency, NotificationPlan, NotificationPreference, Subscription, WriterMute
from .subscriptions import preferences_for, thread_root_id

Reason = Delivery.Reason
Skip = Delivery.Skip
_PREFERENCE_OF = {Reason.REPLY: "replies", Reason.POST: "post_comments", Reason.FOLLOWING: "following"}


@dataclass(frozen=True)
class Audience:
    """The facts about one comment that decide who may hear of it."""

    comment_id: int
    post_id: int
    root_id: int
    writer_id: int | None
    parent_author_id: int | None
    post_author_id: int


@dataclass(frozen=True)
class Decision:
    reason: str
    mode: str = ""  # Delivery.Mode when sending; empty when skipped
    skip: str = ""


def comment_unreadable_skip(comment: Comment) -> str:
    """Why nobody may be told of this comment any more (a Delivery.Skip), or "" while everyone may read it.

    A draft's comments reach only its author and staff. The comment's own state is named first: a removed
    comment stays removed whatever happens to its post. Needs comment.post.
    """
    if comment.status != Comment.Status.VISIBLE:
        return Skip.NOT_VISIBLE
    if not comment.post.published:
        return Skip.POST_UNPUBLISHED
    return ""


def comment_readable_by_all(comment: Comment) -> bool:
    """Visible, on a published post. Needs comment.post."""
    return not comment_unreadable_skip(comment)


def comment_notifiable(comment: Comment, *, now=None) -> bool:
    """Visible to everyone, written here (imported history never notifies), and recent enough to be news."""
    now = now or timezone.now()
    if not comment_readable_by_all(comment) or comment.source or comment.published_at is None:
        return False
    return comment.published_at >= now - timedelta(hours=settings.NOTIFY_PLAN_MAX_AGE_HOURS)


def audience_for(comment: Comment) -> Audience:
    """Needs comment.post, comment.commenter and comment.parent.commenter loaded (one query for the root)."""
    parent = comment.parent if comment.parent_id else None
    return Audience(
        comment_id=comment.pk,
        post_id=comment.post_id,
        root_id=thread_root_id(comment),
        writer_id=comment.commenter.user_id,
        parent_author_id=parent.commenter.user_id if parent is not None else None,
        post_author_id=comment.post.author_id,
    )


def decide(
    *,
    user,
    prefs: NotificationPreference,
    audience: Audience,
    thread_state: str | None,
    post_state: str | None,
    writer_muted: bool,
) -> Decision | None:
    """What one user hears of one comment: None when they have no reason at all, else the reason and how
    (immediate or daily), or why not. Pure: everything it needs is passed in."""
    if user.pk == audience.writer_id:
        return None
    reasons = []
    if user.pk == audience.parent_author_id:
        reasons.append(Reason.REPLY)
    if user.pk == audience.post_author_id:
        reasons.append(Reason.POST)
    # A thread's own state (followed or muted) outranks the state of its post.
    effective = thread_state or post_state
    if effective == Subscription.State.FOLLOWING:
        reasons.append(Reason.FOLLOWING)
    if not reasons:
        return None
    best = reasons[0]
    if not user.is_active:
        return Decision(best, skip=Skip.INACTIVE)
    if not user.email_verified:
        return Decision(best, skip=Skip.UNVERIFIED)
    if user.is_sanctioned:
        return Decision(best, skip=Skip.SANCTIONED)
    if thread_state == Subscription.State.MUTED:
        return Decision(best, skip=Skip.MUTED_THREAD)
    if thread_state is None and post_state == Subscription.State.MUTED:
        return Decision(best, skip=Skip.MUTED_POST)
    if writer_muted:
        return Decision(best, skip=Skip.MUTED_WRITER)
    if prefs.address_failing(user.email):
        return Decision(best, skip=Skip.ADDRESS_FAILING)
    for reason in reasons:  # the most specific reason that is not switched off decides
        frequency = getattr(prefs, _PREFERENCE_OF[reason])
        if frequency != Frequency.OFF:
            mode = Delivery.Mode.DAILY if frequency == Frequency.DAILY else Delivery.Mode.IMMEDIATE
            return Decision(reason, mode=mode)
    return Decision(best, skip=Skip.PREFERENCE_OFF)


def _states(*, user_ids, audience: Audience) -> tuple[dict, dict, set]:
    thread_states, post_states = {}, {}
    for user_id, thread_id, state in (
        Subscription.objects.filter(user_id__in=user_ids)
        .filter(Q(thread_id=audience.root_id) | Q(post_id=audience.post_id))
        .values_list("user_id", "thread_id", "state")
    ):
        (thread_states if thread_id else post_states)[user_id] = state
    muted_by = set()
    if audience.writer_id is not None:
        muted_by = set(
            WriterMute.objects.filter(user_id__in=user_ids, writer_id=audience.writer_id).values_list(
                "user_id", flat=True
            )
        )
    return thread_states, post_states, muted_by


def decide_for_users(*, users, audience: Audience) -> dict[int, Decision]:
    """decide() for many users with two queries; users need notify_prefs selected (select_related)."""
    ids = [user.pk for user in users]
    thread_states, post_states, muted_by = _states(user_ids=ids, audience=audience)
    decisions = {}
    for user in users:
        decision = decide(
            user=user,
            prefs=preferences_for(user=user),
            audience=audience,
            thread_state=thread_states.get(user.pk),
            post_state=post_states.get(user.pk),
            writer_muted=user.pk in muted_by,
        )
        if decision is not None:
            decisions[user.pk] = decision
    return decisions


def _load_comment(comment_id: int) -> Comment | None:
    return Comment.objects.select_related("post", "commenter", "parent__commenter").filter(pk=comment_id).first()


def _candidate_ids(audience: Audience) -> list[int]:
    """The parent's author, the post's author and everyone following the thread or the post; never the writer."""
    candidates = set(
        Subscription.objects.filter(
            Q(thread_id=audience.root_id) | Q(post_id=audience.post_id), state=Subscription.State.FOLLOWING
        ).values_list("user_id", flat=True)
    )
    candidates.update(i for i in (audience.parent_author_id, audience.post_author_id) if i is not None)
    candidates.discard(audience.writer_id)
    return sorted(candidates)


@dataclass(frozen=True)
class PublishPreview:
    """Who would be e-mailed if a comment became visible now: `immediate` soon, `daily` in their digest."""

    immediate: int = 0
    daily: int = 0

    @property
    def emailed(self) -> int:
        return self.immediate + self.daily


def comment_notifications_preview(*, comment_id: int) -> PublishPreview:
    """How many people publishing this comment now would e-mail, by the rules that plan its deliveries.

    The same candidates and decide() as comment_notifications_plan and comment_notifications_plan_chunk, for a
    comment that is not visible yet; nothing is written. Zero when publishing would not notify: the comment was
    published before (comment_publish plans only the first time), it was imported, or its post is a draft.
    """
    comment = _load_comment(comment_id)
    if comment is None or comment.published_at is not None or comment.source or not comment.post.published:
        return PublishPreview()
    audience = audience_for(comment)
    users = list(get_user_model().objects.filter(pk__in=_candidate_ids(audience)).select_related("notify_prefs"))
    modes = [d.mode for d in decide_for_users(users=users, audience=audience).values() if not d.skip]
    return PublishPreview(
        immediate=sum(1 for mode in modes if mode != Delivery.Mode.DAILY),
        daily=sum(1 for mode in modes if mode == Delivery.Mode.DAILY),
    )


def comment_notifications_plan(*, comment_id: int) -> list[list[int]]:
    """Record that a published comment was planned and return its candidates in chunks of user ids.

    Candidates: the parent's author, the post's author and everyone following the thread or the post (the
    writer excluded). Idempotent: a second call for the same comment returns []. The caller plans each chunk
    (comment_notifications_plan_chunk), inline or in its own task.
    """
    comment = _load_comment(comment_id)
    if comment is None or not comment_notifiable(comment):
        return []
    audience = audience_for(comment)
    ordered = _candidate_ids(audience)
    size = settings.NOTIFY_CHUNK_SIZE
    chunks = [ordered[i : i + size] for i in range(0, len(ordered), size)]
    _, created = NotificationPlan.objects.get_or_create(
        comment_id=comment_id, defaults={"recipients": len(ordered), "chunks": len(chunks)}
    )
    return chunks if created else []


def _delivery_row(*, user_id: int, comment_id: int, decision, send_after, now) -> Delivery:
    """The delivery row a planning decision writes: planned, or skipped with its reason."""
    return Delivery(
        recipient_id=user_id,
        comment_id=comment_id,
        reason=decision.reason,
        mode=decision.mode or Delivery.Mode.IMMEDIATE,
        status=Delivery.Status.SKIPPED if decision.skip else Delivery.Status.PLANNED,
        skip_reason=decision.skip,
        send_after=send_after,
        created=now,
    )


def comment_notifications_plan_chunk(*, comment_id: int, user_ids: list[int]) -> list[tuple[int, float]]:
    """Write one delivery per concerned user (planned, or skipped with its reason) for one chunk of users.

    Safe to re-run: rows are inserted with ignore_conflicts against the (recipient, comment) constraint, so a
    re-run never changes or duplicates a delivery. A bounded number of queries whatever the chunk size.
    Returns (delivery id, seconds until due) for the immediate deliveries still planned.
    """
    comment = _load_comment(comment_id)
    if comment is None or not comment_notifiable(comment):
        return []
    audience = audience_for(comment)
    users = list(get_user_model().objects.filter(pk__in=user_ids).select_related("notify_prefs"))
    decisions = decide_for_users(users=users, audience=audience)
    now = timezone.now()
    send_after = now + timedelta(seconds=settings.NOTIFY_SEND_DELAY_SECONDS)
    rows = [
        _delivery_row(user_id=user_id, comment_id=comment_id, decision=decision, send_after=send_after, now=now)
        for user_id, decision in decisions.items()
    ]
    with transaction.atomic():
        Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    due = Delivery.objects.filter(
        comment_id=comment_id,
        recipient_id__in=user_ids,
        status=Delivery.Status.PLANNED,
        mode=Delivery.Mode.IMMEDIATE,
    ).values_list("pk", "send_after")
    return [(pk, max(0.0, (when - now).total_seconds())) for pk, when in due]


def delivery_recheck(delivery: Delivery, *, audience: Audience | None = None) -> Decision | None:
    """decide() again for one delivery, right before sending (a few queries). None: no longer concerned."""
    audience = audience or audience_for(delivery.comment)
    return decide_for_users(users=[delivery.recipient], audience=audience).get(delivery.recipient_id)


def with_recipient_states(deliveries: QuerySet) -> QuerySet:
    """Deliveries annotated with the rest of what decide() reads about their recipient, in the same query:
    `thread_state` and `post_state` (their follow or mute of the comment's thread and post, or None) and
    `writer_muted`. Every thread is its own tree, and a thread is followed or muted at its top-level comment."""
    recipient = OuterRef("recipient_id")
    return deliveries.annotate(
        thread_state=Subquery(
            Subscription.objects.filter(
                user_id=recipient, thread__tree_id=OuterRef("comment__tree_id"), thread__parent__isnull=True
            ).values("state")[:1]
        ),
        post_state=Subquery(
            Subscription.objects.filter(user_id=recipient, post_id=OuterRef("comment__post_id")).values("state")[:1]
        ),
        writer_muted=Exists(
            WriterMute.objects.filter(user_id=recipient, writer_id=OuterRef("comment__commenter__user_id"))
        ),
    )


def delivery_decide(delivery: Delivery, *, audience: Audience) -> Decision | None:
    """delivery_recheck without a query, for a delivery read through with_recipient_states."""
    return decide(
        user=delivery.recipient,
        prefs=preferences_for(user=delivery.recipient),
        audience=audience,
        thread_state=delivery.thread_state,
        post_state=delivery.post_state,
        writer_muted=delivery.writer_muted,
    )


def unplanned_comment_ids(*, now=None, grace_seconds: int = 30, limit: int = 500) -> list[int]:
    """Published, notifiable comments without a plan (the broker was down, or a worker died while planning)."""
    now = now or timezone.now()
    return list(
        Comment.objects.filter(
            status=Comment.Status.VISIBLE,
            post__published=True,
            source="",
            published_at__gte=now - timedelta(hours=settings.NOTIFY_PLAN_MAX_AGE_HOURS),
            published_at__lte=now - timedelta(seconds=grace_seconds),
            notify_plan__isnull=True,
        )
        .order_by("published_at")
        .values_list("pk", flat=True)[:limit]
    )


def comments_notifications_plan(*, comment_ids: list[int]) -> tuple[list[tuple[int, float]], list[int]]:
    """comment_notifications_plan and its one chunk for many comments at once (the care check's batches), with a
    few queries in all. Call it inside a transaction, so that nobody sees a plan without its deliveries.

    Returns (delivery id, seconds until due) for the immediate deliveries planned, and the comments left to the
    one-comment path (comment_notifications_plan_task) because their audience needs more than one chunk. Safe to
    re-run: a comment with a plan already is skipped, and delivery rows are inserted with ignore_conflicts.
    """
    now = timezone.now()
    comments = [
        comment
        for comment in Comment.objects.select_related("post", "commenter", "parent__commenter").filter(
            pk__in=comment_ids
        )
        if comment_notifiable(comment, now=now)
    ]
    planned = set(NotificationPlan.objects.filter(comment__in=comments).values_list("comment_id", flat=True))
    comments = [comment for comment in comments if comment.pk not in planned]
    if not comments:
        return [], []
    audiences = _audiences(comments)
    following = _followers(audiences)
    candidates = {}
    for audience in audiences:
        ids = following[("thread", audience.root_id)] | following[("post", audience.post_id)]
        ids.update(i for i in (audience.parent_author_id, audience.post_author_id) if i is not None)
        ids.discard(audience.writer_id)
        candidates[audience.comment_id] = sorted(ids)
    chunked = [a.comment_id for a in audiences if len(candidates[a.comment_id]) > settings.NOTIFY_CHUNK_SIZE]
    audiences = [a for a in audiences if a.comment_id not in chunked]
    NotificationPlan.objects.bulk_create(
        [
            NotificationPlan(comment_id=a.comment_id, recipients=len(candidates[a.comment_id]), chunks=1)
            for a in audiences
        ],
        ignore_conflicts=True,
    )
    user_ids = {user_id for a in audiences for user_id in candidates[a.comment_id]}
    users = {user.pk: user for user in get_user_model().objects.filter(pk__in=user_ids).select_related("notify_prefs")}
    thread_states, post_states, muted = _states_many(user_ids=user_ids, audiences=audiences)
    send_after = now + timedelta(seconds=settings.NOTIFY_SEND_DELAY_SECONDS)
    rows = []
    for audience in audiences:
        for user_id in candidates[audience.comment_id]:
            user = users.get(user_id)
            if user is None:
                continue
            decision = decide(
                user=user,
                prefs=preferences_for(user=user),
                audience=audience,
                thread_state=thread_states.get((user_id, audience.root_id)),
                post_state=post_states.get((user_id, audience.post_id)),
                writer_muted=(user_id, audience.writer_id) in muted,
            )
            if decision is None:
                continue
            rows.append(
                _delivery_row(
                    user_id=user_id, comment_id=audience.comment_id, decision=decision, send_after=send_after, now=now
                )
            )
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    due = Delivery.objects.filter(
        comment_id__in=[a.comment_id for a in audiences],
        status=Delivery.Status.PLANNED,
        mode=Delivery.Mode.IMMEDIATE,
    ).values_list("pk", "send_after")
    return [(pk, max(0.0, (when - now).total_seconds())) for pk, when in due], chunked


def _audiences(comments: list[Comment]) -> list[Audience]:
    """audience_for each comment, with one query for the thread roots that are not loaded already."""
    unknown = {c.tree_id for c in comments if c.parent_id and not (c.parent and c.parent.parent_id is None)}
    roots = dict(
        Comment.objects.filter(tree_id__in=unknown, parent__isnull=True).values_list("tree_id", "pk").order_by()
    )
    audiences = []
    for comment in comments:
        parent = comment.parent if comment.parent_id else None
        if parent is None:
            root_id = comment.pk
        elif parent.parent_id is None:
            root_id = parent.pk
        else:
            root_id = roots[comment.tree_id]
        audiences.append(
            Audience(
                comment_id=comment.pk,
                post_id=comment.post_id,
                root_id=root_id,
                writer_id=comment.commenter.user_id,
                parent_author_id=parent.commenter.user_id if parent is not None else None,
                post_author_id=comment.post.author_id,
            )
        )
    return audiences


def _followers(audiences: list[Audience]) -> dict[tuple[str, int], set[int]]:
    """Who follows each of these threads and posts: {("thread", root id) or ("post", post id): user ids}."""
    followers = defaultdict(set)
    for user_id, thread_id, post_id in Subscription.objects.filter(
        Q(thread_id__in={a.root_id for a in audiences}) | Q(post_id__in={a.post_id for a in audiences}),
        state=Subscription.State.FOLLOWING,
    ).values_list("user_id", "thread_id", "post_id"):
        followers[("thread", thread_id) if thread_id else ("post", post_id)].add(user_id)
    return followers


def _states_many(*, user_ids, audiences: list[Audience]) -> tuple[dict, dict, set]:
    """_states for many comments: {(user, root id): state}, {(user, post id): state}, {(user, writer)} muted."""
    thread_states, post_states = {}, {}
    for user_id, thread_id, post_id, state in (
        Subscription.objects.filter(user_id__in=user_ids)
        .filter(Q(thread_id__in={a.root_id for a in audiences}) | Q(post_id__in={a.post_id for a in audiences}))
        .values_list("user_id", "thread_id", "post_id", "state")
    ):
        if thread_id:
            thread_states[(user_id, thread_id)] = state
        else:
            post_states[(user_id, post_id)] = state
    writers = {a.writer_id for a in audiences if a.writer_id is not None}
    muted = set(
        WriterMute.objects.filter(user_id__in=user_ids, writer_id__in=writers).values_list("user_id", "writer_id")
    )
    return thread_states, post_states, muted
