"""Review items: opening or joining one, locking, claims, and the frame and audit row every decision shares."""

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from comments.models import Comment, Post
from comments.text import stored_body_fields

from ..models import (
    ModerationAction,
    Resolution,
    ReviewAction,
    ReviewItem,
)
from ..permissions import is_senior

Status = ReviewItem.Status

CLAIM_MINUTES = 10


class ActionRefused(Exception):
    """An action that cannot be taken; `status` is the HTTP status a view answers (403, 404, 409, 400)."""

    def __init__(self, message: str, *, status: int = 409):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass
class Locked:
    item: ReviewItem
    comment: Comment | None
    post: Post

    @property
    def author(self):
        """The account that wrote the item's comment or post, or None (a comment without an account)."""
        if self.comment is not None:
            return self.comment.commenter.user
        return self.post.author


def _lock(*, item_id: int) -> Locked:
    """Lock the item's comment (or post), then the item: the care check's order, so the two never deadlock."""
    target = ReviewItem.objects.filter(pk=item_id).values("comment_id", "post_id").first()
    if target is None:
        raise ActionRefused("There is no such item.", status=404)
    comment = None
    if target["comment_id"]:
        comment = (
            Comment.objects.select_for_update(of=("self",))
            .select_related("post", "commenter__user")
            .get(pk=target["comment_id"])
        )
        post = comment.post
    else:
        post = Post.objects.select_for_update(of=("self",)).select_related("author").get(pk=target["post_id"])
    items = ReviewItem.objects.select_for_update(of=("self",)).select_related("claimed_by", "resolved_by")
    return Locked(item=items.get(pk=item_id), comment=comment, post=post)


def _check_may_act(item: ReviewItem, *, moderator, now, allow_escalated: bool = False) -> None:
    """Refuse an action on a decided item, one another moderator holds, or (for plain moderators) an escalated
    one. Call with the item locked."""
    if item.status != Status.OPEN:
        who = item.resolved_by.display_name if item.resolved_by else "another moderator"
        when = timezone.localtime(item.resolved_at).strftime("%H:%M") if item.resolved_at else ""
        raise ActionRefused(
            f"This item was already decided by {who}{f' at {when}' if when else ''} "
            f"({item.resolution.replace('_', ' ') or 'resolved'}). Nothing was changed.",
            status=409,
        )
    if claim_active(item, now=now) and item.claimed_by_id != moderator.pk:
        until = timezone.localtime(item.claimed_until).strftime("%H:%M")
        name = item.claimed_by.display_name if item.claimed_by else "Another moderator"
        raise ActionRefused(
            f"{name} is working on this item until {until}. Nothing was changed; please pick another item.",
            status=409,
        )
    if item.escalated and not allow_escalated and not is_senior(moderator):
        raise ActionRefused("This item was escalated: only senior moderators can decide it.", status=403)


def claim_active(item: ReviewItem, *, now=None) -> bool:
    now = now or timezone.now()
    return bool(item.claimed_by_id and item.claimed_until and item.claimed_until > now)


def _hold_claim(item: ReviewItem, *, moderator, now) -> None:
    item.claimed_by, item.claimed_until = moderator, now + timedelta(minutes=CLAIM_MINUTES)
    item.save(update_fields=["claimed_by", "claimed_until"])


def _resolve(item: ReviewItem, *, moderator, resolution: Resolution, now) -> None:
    item.status, item.resolved_at, item.resolved_by, item.resolution = Status.RESOLVED, now, moderator, resolution
    item.claimed_by, item.claimed_until = None, None
    item.save(update_fields=["status", "resolved_at", "resolved_by", "resolution", "claimed_by", "claimed_until"])
    if item.comment_id:
        # An author's deleted comment keeps its text only while a review item needs it.
        Comment.objects.filter(pk=item.comment_id, status=Comment.Status.DELETED).update(
            body="", unchecked_body="", **stored_body_fields("")
        )


def _state(locked: Locked) -> dict:
    item = locked.item
    state = {"item": item.status, "resolution": item.resolution, "escalated": item.escalated}
    if locked.comment is not None:
        state["comment"] = locked.comment.status
    return state


@dataclass
class Decision:
    """What a decision's body sees and adds to: the locked item, the time, and the audit row's extras."""

    locked: Locked
    now: object
    before: dict
    after: dict = field(default_factory=dict)  # added to the state after the decision
    subject_user: object = None  # who the decision is about; the item's author when left None


@contextmanager
def _decision(*, item_id: int, moderator, action: ReviewAction, note: str = "", now=None, allow_escalated=False):
    """The frame every decision on an item shares: lock the item, check that the moderator may act (a decided
    item, another moderator's claim, an escalated item), record the state before, run the body, then write the
    audit row with the state after. Call inside the decision's transaction. A refusal raised by the body (before
    it writes anything) leaves no audit row."""
    now = now or timezone.now()
    locked = _lock(item_id=item_id)
    _check_may_act(locked.item, moderator=moderator, now=now, allow_escalated=allow_escalated)
    decision = Decision(locked=locked, now=now, before=_state(locked))
    yield decision
    _audit(
        moderator=moderator,
        action=action,
        now=now,
        item=locked.item,
        note=note,
        before=decision.before,
        after={**_state(locked), **decision.after},
        subject_user=decision.subject_user or locked.author,
    )


def _audit(
    *,
    moderator,
    action: str,
    now,
    item: ReviewItem | None = None,
    note: str = "",
    before: dict | None = None,
    after: dict | None = None,
    subject_user=None,
    first_action: bool = True,
) -> ModerationAction:
    """One row of the audit log; a decision also stamps the item's first action time (once)."""
    if item is not None and first_action and item.first_action_at is None:
        ReviewItem.objects.filter(pk=item.pk, first_action_at__isnull=True).update(first_action_at=now)
        item.first_action_at = now
    return ModerationAction.objects.create(
        item=item,
        post_id=item.post_id if item else None,
        comment_id=item.comment_id if item else None,
        subject_user=subject_user,
        moderator=moderator,
        action=action,
        note=note.strip(),
        before=before or {},
        after=after or {},
        created=now,
    )


@transaction.atomic
def item_claim(*, item_id: int, moderator, now=None) -> ReviewItem:
    """ "Work on this": hold the item for CLAIM_MINUTES (again, if it is already ours). Refused while another
    moderator's claim runs, on a decided item, and on an escalated one for plain moderators."""
    now = now or timezone.now()
    items = ReviewItem.objects.select_for_update(of=("self",)).select_related("claimed_by", "resolved_by")
    item = items.filter(pk=item_id).first()
    if item is None:
        raise ActionRefused("There is no such item.", status=404)
    _check_may_act(item, moderator=moderator, now=now)
    before = {"claimed_by": item.claimed_by_id if claim_active(item, now=now) else None}
    _hold_claim(item, moderator=moderator, now=now)
    _audit(
        moderator=moderator,
        action=ReviewAction.CLAIMED,
        now=now,
        item=item,
        before=before,
        after={"claimed_by": moderator.pk, "claimed_until": item.claimed_until.isoformat()},
        first_action=False,  # looking is not acting: time to first action counts decisions and messages
    )
    return item


@transaction.atomic
def item_release(*, item_id: int, moderator, now=None) -> ReviewItem:
    """Give an item back to the queue. Only its holder (or a senior moderator) can."""
    now = now or timezone.now()
    item = ReviewItem.objects.select_for_update(of=("self",)).select_related("claimed_by").filter(pk=item_id).first()
    if item is None:
        raise ActionRefused("There is no such item.", status=404)
    if not claim_active(item, now=now):
        raise ActionRefused("Nobody is working on this item right now.", status=409)
    if item.claimed_by_id != moderator.pk and not is_senior(moderator):
        raise ActionRefused("Only the moderator working on this item can hand it back.", status=409)
    holder = item.claimed_by_id
    item.claimed_by, item.claimed_until = None, None
    item.save(update_fields=["claimed_by", "claimed_until"])
    _audit(
        moderator=moderator,
        action=ReviewAction.RELEASED,
        now=now,
        item=item,
        before={"claimed_by": holder},
        after={"claimed_by": None},
        first_action=False,
    )
    return item


def review_item_open(
    *,
    post: Post,
    comment: Comment | None,
    reason: str,
    crisis: bool = False,
    urgent: bool = False,
    severity_rank: int = 0,
) -> ReviewItem:
    """Open the target's review item, or join the open one (raising its priority). Safe to re-run."""
    for _attempt in range(3):
        item = (
            ReviewItem.objects.select_for_update()
            .filter(post=post, comment=comment, status=ReviewItem.Status.OPEN)
            .first()
        )
        if item is None:
            try:
                with transaction.atomic():
                    return ReviewItem.objects.create(
                        post=post,
                        comment=comment,
                        reasons=[reason],
                        crisis=crisis,
                        urgent=urgent,
                        severity_rank=severity_rank,
                    )
            except IntegrityError:
                continue  # another process opened it first: join that one
        if reason not in item.reasons:
            item.reasons = [*item.reasons, reason]
        item.crisis = item.crisis or crisis
        item.urgent = item.urgent or urgent
        item.severity_rank = max(item.severity_rank, severity_rank)
        item.save(update_fields=["reasons", "crisis", "urgent", "severity_rank"])
        return item
    raise RuntimeError("could not open or join the review item")
