"""Moderators' actions: claims, decisions on review items, messages to authors and sanctions; each one audited.

Every decision locks the item's comment (or post) and then the item with SELECT FOR UPDATE, in the order the care
check takes them, so two moderators deciding at once end with one decision and the other gets ActionRefused.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import BannedEmail
from comments.models import Comment, Post
from comments.services import comment_publish
from core.crisis_resources import crisis_resources
from core.email import email_queue
from core.links import absolute_url

from . import hooks, notices
from .models import (
    CareFlag,
    MessageTemplate,
    ModerationAction,
    NoticeKind,
    Report,
    Resolution,
    ReviewAction,
    ReviewItem,
)
from .permissions import is_moderator, is_senior

CLAIM_MINUTES = 10
MAX_SUSPENSION_DAYS = 7
BULK_LIMIT = 100

Status = ReviewItem.Status
CommentStatus = Comment.Status


# A comment with a live flag (or a report) in one of these is published only after the moderator has seen what
# will happen, and never by a bulk action.
SENSITIVE_CATEGORIES = ("crisis", "hostile", "personal_info")
SENSITIVE_LABELS = {"crisis": "crisis", "hostile": "hostile", "personal_info": "personal details"}


# Why a comment was removed, as the author reads it. Keys are stored in the audit log.
REMOVAL_REASONS = {
    "hostile": (
        "It could hurt other people here. Disagreeing is fine; we ask everyone to do it gently, and to speak "
        "to each other with care."
    ),
    "spam": "It looked like advertising or spam, which isn't allowed here.",
    "personal_info": (
        "It shared personal details, such as contact details or who someone is, that could put you or "
        "someone else at risk."
    ),
    "unsafe": (
        "It described self-harm or suicide in a way that could be hard or unsafe for others to read. We want "
        "this to stay a safe place for everyone, and that includes you."
    ),
    "other": "It didn't fit our community guidelines.",
}
REMOVAL_REASON_LABELS = {
    "hostile": "Unkind or hostile",
    "spam": "Spam or advertising",
    "personal_info": "Personal details",
    "unsafe": "Unsafe detail about self-harm",
    "other": "Something else (say what)",
}

# The editable messages (MessageTemplate rows; migration 0004 writes these same texts). If a row is missing,
# these defaults are used, so a message can always be sent.
DEFAULT_TEMPLATES = {
    "warn": {
        "subject": "A note from the moderators",
        "body": (
            "Hi {name},\n\n"
            "One of our volunteer moderators read something you wrote recently, and we wanted to get in touch. "
            "This is a place where people come when they are struggling, so we ask everyone to write with extra "
            "care, even when they disagree or feel strongly.\n\n"
            "Please take a moment to look at our community guidelines. You're welcome here, and we'd like you to "
            "keep taking part. If the same thing happens again, we may need to pause your account for a while.\n\n"
            "Thank you,\nThe moderators"
        ),
    },
    "reached_out": {
        "subject": "We're thinking of you",
        "body": (
            "Hi {name},\n\n"
            "One of our volunteer moderators read what you wrote, and we wanted you to know that we're thinking "
            "of you. It sounds like things are really hard right now. Thank you for trusting us with it.\n\n"
            "You don't have to go through this alone. If you can, please talk to someone today: a person you "
            "trust, your doctor, or one of the services below. They are there for exactly this, any time, and "
            "talking to them doesn't have to mean you are in danger.\n\n"
            "If you are in danger right now, please call your local emergency number.\n\n"
            "You're welcome here whenever you want to write.\n\n"
            "With care,\nThe moderators"
        ),
    },
}


class ActionRefused(Exception):
    """An action that cannot be taken; `status` is the HTTP status a view answers (403, 404, 409, 400)."""

    def __init__(self, message: str, *, status: int = 409):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class PublishEffect:
    """What publishing a flagged comment will do, in the words the confirmation shows."""

    author_name: str
    categories: tuple[str, ...]
    immediate: int
    daily: int

    @property
    def emailed(self) -> int:
        return self.immediate + self.daily

    @property
    def sentence(self) -> str:
        whose = f"{self.author_name}’s comment" if self.author_name else "This comment"
        if self.emailed == 0:
            told = "nobody will be e-mailed about it"
        else:
            told = f"{self.emailed} {'person' if self.emailed == 1 else 'people'} will be e-mailed about it"
            if self.daily:
                told += f" ({self.daily} of them in their daily digest)"
        return f"{whose} will be shown to everyone in the thread and {told}."

    @property
    def flagged(self) -> str:
        return ", ".join(SENSITIVE_LABELS[c] for c in self.categories)


class ConfirmationNeeded(ActionRefused):
    """A decision that would publish a flagged comment, sent without `confirmed`: nothing was changed. Callers
    that do not ask the moderator (bulk actions) treat it as a refusal."""

    def __init__(self, effect: PublishEffect):
        super().__init__(
            f"{effect.sentence} It was flagged: {effect.flagged}. Nothing was changed: please confirm on the item.",
            status=409,
        )
        self.effect = effect


# --- messages --------------------------------------------------------------------------------------------


def message_template_get(*, key: str) -> MessageTemplate:
    """The editable message `key` ("warn", "reached_out"); an unsaved default when no row exists. No writes."""
    template = MessageTemplate.objects.filter(key=key).first()
    if template is None:
        template = MessageTemplate(key=key, **DEFAULT_TEMPLATES[key])
    return template


def message_for(*, key: str, name: str) -> str:
    """The template's body for one reader. Plain replace, never str.format: the text is editable by people."""
    return message_template_get(key=key).body.replace("{name}", name)


@transaction.atomic
def message_template_save(*, key: str, subject: str, body: str, moderator) -> MessageTemplate:
    """Senior moderators edit a message; the old and new text go to the audit log."""
    if key not in DEFAULT_TEMPLATES:
        raise ActionRefused("There is no such message.", status=404)
    if not is_senior(moderator):
        raise ActionRefused("Only senior moderators can edit these messages.", status=403)
    template = MessageTemplate.objects.select_for_update().filter(key=key).first()
    before = {"subject": template.subject, "body": template.body} if template else dict(DEFAULT_TEMPLATES[key])
    if template is None:
        template = MessageTemplate(key=key)
    template.subject, template.body = subject, body
    template.save()
    ModerationAction.objects.create(
        moderator=moderator,
        action=ReviewAction.TEMPLATE_EDITED,
        before={"key": key, **before},
        after={"key": key, "subject": subject, "body": body},
    )
    return template


def crisis_resources_text() -> str:
    lines = []
    for r in crisis_resources():
        # The numbers as tel:/sms: addresses, which mail programs and phones turn into links.
        links = "".join(f" <{r[uri]}>" for uri in ("tel_uri", "sms_uri") if uri in r)
        lines.append(f"- {r['name']} ({r['region']}): {r['contact']}{links}")
    return "If you need someone to talk to right now:\n" + "\n".join(lines)


# --- locking and bookkeeping -----------------------------------------------------------------------------


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
        Comment.objects.filter(pk=item.comment_id, status=Comment.Status.DELETED).update(body="", unchecked_body="")


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


def _sensitive_categories(locked: Locked) -> tuple[str, ...]:
    """The sensitive categories the item's comment (or post) carries: live flags of any revision, readers'
    reports joined to this item, and a crisis the request found before any flag was stored."""
    found = set(
        _target_flags(locked)
        .filter(dismissed=False, category__in=SENSITIVE_CATEGORIES)
        .values_list("category", flat=True)
    )
    found.update(
        Report.objects.filter(item_id=locked.item.pk, reason__in=SENSITIVE_CATEGORIES).values_list("reason", flat=True)
    )
    if locked.item.crisis and not _target_flags(locked).filter(category="crisis").exists():
        found.add("crisis")  # e.g. the request's own check while the broker was down: no flag row yet
    return tuple(c for c in SENSITIVE_CATEGORIES if c in found)


def _publishes(locked: Locked) -> bool:
    comment = locked.comment
    return comment is not None and comment.status in (CommentStatus.HELD, CommentStatus.PENDING, CommentStatus.REMOVED)


def _confirm_publish(locked: Locked, *, confirmed: bool) -> None:
    """Refuse, changing nothing, to publish a comment with a sensitive flag unless the moderator confirmed it
    after seeing what will happen. Call before any write, with the item locked."""
    if confirmed or not _publishes(locked):
        return
    categories = _sensitive_categories(locked)
    if not categories:
        return
    audiences = hooks.publish_audience(comment_id=locked.comment.pk)
    author = locked.author
    raise ConfirmationNeeded(
        PublishEffect(
            author_name=author.display_name if author else locked.comment.commenter.display_name,
            categories=categories,
            immediate=sum(immediate for immediate, _daily in audiences),
            daily=sum(daily for _immediate, daily in audiences),
        )
    )


def _comment_becomes_visible(locked: Locked) -> str:
    """Publish a held (or appealed) comment through the one "comment becomes visible" service and tell its
    author. Returns the notice kind sent, or ""."""
    comment = locked.comment
    previous = comment.status
    if previous not in (CommentStatus.HELD, CommentStatus.PENDING, CommentStatus.REMOVED):
        return ""
    comment_publish(comment=comment)
    author = comment.commenter.user
    if comment.imported:
        return ""  # imported history stays quiet, approval included (imports, issue 6)
    if previous == CommentStatus.REMOVED:
        notices.author_notice_create(
            user=author,
            comment=comment,
            kind=NoticeKind.APPEAL_RESULT,
            message=(
                f"A moderator looked at your comment on “{locked.post.title}” again and has put it back. "
                "Thank you for telling us, and we're sorry for the trouble."
            ),
        )
        return NoticeKind.APPEAL_RESULT
    if previous == CommentStatus.HELD:
        notices.author_notice_create(
            user=author,
            comment=comment,
            kind=NoticeKind.APPROVED,
            message=(
                f"A moderator has read your comment on “{locked.post.title}”, and it is now visible to everyone. "
                "Thank you for your patience."
            ),
            context={"title": "Your comment is now visible"},
        )
        return NoticeKind.APPROVED
    return ""


# --- claims ----------------------------------------------------------------------------------------------


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


# --- decisions -------------------------------------------------------------------------------------------


@transaction.atomic
def item_approve(*, item_id: int, moderator, note: str = "", confirmed: bool = False, now=None) -> ReviewItem:
    """Make the comment visible (comments.services.comment_publish) and resolve the item. For a post, the same
    as keeping it: posts are never held.

    The decision claims the item for `moderator` (refused while another moderator's claim runs). A comment with
    a crisis, hostile or personal_info flag is published only with `confirmed`; without it ConfirmationNeeded
    is raised and nothing changes.
    """
    with _decision(item_id=item_id, moderator=moderator, action=ReviewAction.APPROVED, note=note, now=now) as d:
        locked = d.locked
        if locked.comment is not None and locked.comment.status == CommentStatus.DELETED:
            raise ActionRefused(
                "The author deleted this comment, so there is nothing to approve. Use “Keep and mark handled” to "
                "close the item."
            )
        _confirm_publish(locked, confirmed=confirmed)
        told = _comment_becomes_visible(locked) if locked.comment is not None else ""
        _resolve(locked.item, moderator=moderator, resolution=Resolution.APPROVED, now=d.now)
        d.after["author_told"] = told
    return locked.item


@transaction.atomic
def item_remove(*, item_id: int, moderator, reason: str, message: str = "", note: str = "", now=None) -> ReviewItem:
    """Remove the comment (status "removed"; its text is kept for an appeal) and tell the author why.

    On an appealed removal this upholds it. Posts cannot be removed here: a post item is kept, redacted or
    escalated.
    """
    if reason not in REMOVAL_REASONS:
        raise ActionRefused("Please choose a reason the author will understand.", status=400)
    with _decision(item_id=item_id, moderator=moderator, action=ReviewAction.REMOVED, note=note, now=now) as d:
        upholding = _remove_comment(d.locked, reason=reason, message=message)
        _resolve(d.locked.item, moderator=moderator, resolution=Resolution.REMOVED, now=d.now)
        d.after.update(reason=reason, message=message.strip(), appeal_upheld=upholding)
    return d.locked.item


def _remove_comment(locked: Locked, *, reason: str, message: str) -> bool:
    """Remove the item's comment and tell its author why; True when this upholds an appealed removal."""
    comment = locked.comment
    if comment is None:
        raise ActionRefused(
            "Posts can't be removed from the queue. Edit out what needs to go (redact), or escalate it to a "
            "senior moderator."
        )
    if comment.status == CommentStatus.DELETED:
        raise ActionRefused("The author already deleted this comment. Use “Keep and mark handled” to close the item.")
    upholding = comment.status == CommentStatus.REMOVED
    Comment.objects.filter(pk=comment.pk).update(status=CommentStatus.REMOVED)
    comment.status = CommentStatus.REMOVED
    parts = [REMOVAL_REASONS[reason]]
    if message.strip():
        parts.append(f"A note from the moderator: {message.strip()}")
    resources = f"\n\n{crisis_resources_text()}" if reason == "unsafe" else ""
    if upholding:
        text = (
            f"A moderator looked at your comment on “{locked.post.title}” again, and it stays removed. "
            + " ".join(parts)
            + resources
        )
        kind = NoticeKind.APPEAL_RESULT
    else:
        text = (
            f"A moderator removed your comment on “{locked.post.title}”. "
            + " ".join(parts)
            + "\n\nIf you think this was a mistake, you can ask for it to be looked at again once."
            + resources
        )
        kind = NoticeKind.REMOVED
    notices.author_notice_create(
        user=comment.commenter.user,
        comment=comment,
        kind=kind,
        message=text,
        email_template="moderation/email/comment_removed",
        context={"upheld": upholding},
    )
    return upholding


def _keep(locked: Locked, *, moderator, resolution: Resolution, now) -> str:
    told = ""
    if locked.comment is not None and locked.comment.status in (CommentStatus.HELD, CommentStatus.PENDING):
        told = _comment_becomes_visible(locked)
    _resolve(locked.item, moderator=moderator, resolution=resolution, now=now)
    return told


@transaction.atomic
def item_keep(*, item_id: int, moderator, note: str = "", confirmed: bool = False, now=None) -> ReviewItem:
    """Keep the comment visible (publishing it if it was held) and mark the item handled. A removed or deleted
    comment stays as it is. Publishing a flagged comment needs `confirmed`, as in item_approve."""
    with _decision(item_id=item_id, moderator=moderator, action=ReviewAction.KEPT, note=note, now=now) as d:
        locked = d.locked
        if locked.comment is not None and locked.comment.status in (CommentStatus.HELD, CommentStatus.PENDING):
            _confirm_publish(locked, confirmed=confirmed)
        d.after["author_told"] = _keep(locked, moderator=moderator, resolution=Resolution.KEPT, now=d.now)
    return locked.item


def _kept_private_message(*, post_title: str) -> str:
    return (
        f"A moderator has read your comment on “{post_title}”, and we have decided to keep it private. You can "
        "still see it, and so can our moderators, but nobody else will. This isn't a punishment, and you haven't "
        "done anything wrong: some things are better held gently than shown to everyone.\n\n"
        "It sounded like things are really hard right now. You don't have to carry this alone. The people below "
        "are there for exactly this, any time, and the Need help now? page lists more.\n\n"
        f"{crisis_resources_text()}\n\n"
        "You're welcome here whenever you want to write."
    )


@transaction.atomic
def item_keep_private(*, item_id: int, moderator, note: str, now=None) -> ReviewItem:
    """ "Handled, keep private": close a crisis item about a comment without publishing it.

    The comment stays (or becomes) `held`: only its author and staff can read it. It never goes through
    comment_publish, so nobody in the conversation hears of it. The resolution KEPT_PRIVATE is what the care check
    reads (selectors.comment_kept_private): a later edit that reads clean leaves it held and opens no item. The
    author is told kindly, with the crisis resources (no appeal: nothing was removed). Comments only; the note is
    required. Claims like every decision: refused while another moderator's claim runs.
    """
    note = note.strip()
    if not note:
        raise ActionRefused("Please add a note for the other moderators: what was done and why.", status=400)
    with _decision(item_id=item_id, moderator=moderator, action=ReviewAction.KEPT_PRIVATE, note=note, now=now) as d:
        d.after["author_told"] = _keep_private(d.locked)
        _resolve(d.locked.item, moderator=moderator, resolution=Resolution.KEPT_PRIVATE, now=d.now)
    return d.locked.item


def _keep_private(locked: Locked) -> str:
    """Hold the item's crisis comment without publishing it and tell its author kindly; the notice kind sent."""
    comment = locked.comment
    if comment is None:
        raise ActionRefused(
            "“Handled, keep private” applies to comments only. A post item is kept, redacted or escalated."
        )
    if not (locked.item.crisis or _target_flags(locked).filter(category="crisis", dismissed=False).exists()):
        raise ActionRefused("“Handled, keep private” is for crisis items. Use the other decisions for this one.")
    if comment.status in (CommentStatus.REMOVED, CommentStatus.DELETED):
        raise ActionRefused("Nobody else can see this comment already. Use “Keep and mark handled” to close the item.")
    if comment.status == CommentStatus.PENDING or comment.unchecked_body:
        raise ActionRefused(
            "The automatic check has not read the newest text of this comment yet. Please reload in a moment and "
            "decide on what it says now."
        )
    if comment.status == CommentStatus.VISIBLE:
        # Others stop seeing it; it stays readable to its author, like any held comment.
        Comment.objects.filter(pk=comment.pk).update(status=CommentStatus.HELD)
        comment.status = CommentStatus.HELD
    told = ""
    if not comment.imported and comment.commenter.user is not None:
        notices.author_notice_create(
            user=comment.commenter.user,
            comment=comment,
            kind=NoticeKind.KEPT_PRIVATE,
            message=_kept_private_message(post_title=locked.post.title),
            email_template="moderation/email/comment_kept_private",
            context={"resources": crisis_resources(), "help_url": absolute_url(reverse("help"))},
        )
        told = NoticeKind.KEPT_PRIVATE
    return told


def _target_flags(locked: Locked):
    if locked.comment is not None:
        return CareFlag.objects.filter(comment=locked.comment)
    return CareFlag.objects.filter(post=locked.post, comment__isnull=True)


@transaction.atomic
def item_dismiss_flag(
    *, item_id: int, moderator, flag: int, note: str = "", confirmed: bool = False, now=None
) -> ReviewItem:
    """Mark one flag a false alarm. When no live flag is left, the item is kept and resolved as a false alarm;
    if that publishes a comment that carried a sensitive flag (this one included), it needs `confirmed`."""
    with _decision(item_id=item_id, moderator=moderator, action=ReviewAction.FLAG_DISMISSED, note=note, now=now) as d:
        locked = d.locked
        row = _target_flags(locked).filter(pk=flag, dismissed=False).first()
        if row is None:
            raise ActionRefused("That flag isn't on this item, or it was already dismissed.", status=400)
        last = not _target_flags(locked).filter(dismissed=False).exclude(pk=row.pk).exists()
        if last and locked.comment is not None and locked.comment.status in (CommentStatus.HELD, CommentStatus.PENDING):
            _confirm_publish(locked, confirmed=confirmed)
        CareFlag.objects.filter(pk=row.pk).update(dismissed=True)
        told = ""
        if not _target_flags(locked).filter(dismissed=False).exists():
            told = _keep(locked, moderator=moderator, resolution=Resolution.FALSE_ALARM, now=d.now)
        else:
            _hold_claim(locked.item, moderator=moderator, now=d.now)
        d.before.update(flag=row.pk, category=row.category, dismissed=False)
        d.after.update(flag=row.pk, category=row.category, dismissed=True, author_told=told)
    return locked.item


@transaction.atomic
def item_redact(*, item_id: int, moderator, body: str, note: str = "", now=None) -> ReviewItem:
    """Replace the text with the moderator's edit (personal details taken out). Only `body` is written; the old
    and new text stay in the audit log, which only moderators read. The item stays open for a decision."""
    with _decision(item_id=item_id, moderator=moderator, action=ReviewAction.REDACTED, note=note, now=now) as d:
        old = _redact(d.locked, body=body)
        _hold_claim(d.locked.item, moderator=moderator, now=d.now)
        d.before["body"], d.after["body"] = old, body
    return d.locked.item


def _redact(locked: Locked, *, body: str) -> str:
    """Write the moderator's edit of the item's comment (or post); returns the text it replaced."""
    comment = locked.comment
    if comment is not None:
        if comment.status == CommentStatus.DELETED:
            raise ActionRefused("The author deleted this comment; there is nothing left to edit.")
        if comment.unchecked_body:
            raise ActionRefused(
                "The author has just edited this comment and the edit is still being checked. Please reload in a "
                "moment and redact the newest text."
            )
        old = comment.body
    else:
        old = locked.post.body
    if body == old:
        raise ActionRefused("The text is unchanged. Edit out the personal details, then save.", status=400)
    if comment is not None:
        Comment.objects.filter(pk=comment.pk).update(body=body)
        comment.body = body
    else:
        Post.objects.filter(pk=locked.post.pk).update(body=body)
        locked.post.body = body
    return old


@transaction.atomic
def item_escalate(*, item_id: int, moderator, note: str = "", now=None) -> ReviewItem:
    """Hand the item to senior moderators: it goes to the top of their queue, and the claim is let go."""
    with _decision(item_id=item_id, moderator=moderator, action=ReviewAction.ESCALATED, note=note, now=now) as d:
        item = d.locked.item
        if item.escalated:
            raise ActionRefused("This item is already with the senior moderators.")
        item.escalated = True
        if ReviewItem.Reason.ESCALATED not in item.reasons:
            item.reasons = [*item.reasons, ReviewItem.Reason.ESCALATED]
        item.claimed_by, item.claimed_until = None, None
        item.save(update_fields=["escalated", "reasons", "claimed_by", "claimed_until"])
    return item


def _author_or_refuse(locked: Locked):
    author = locked.author
    if author is None:
        raise ActionRefused("This comment's author has no account any more, so there is no one to write to.")
    return author


@transaction.atomic
def item_warn(*, item_id: int, moderator, message: str, note: str = "", now=None) -> ReviewItem:
    """Send the author a warning (the editable "warn" message, as the moderator adjusted it)."""
    with _decision(item_id=item_id, moderator=moderator, action=ReviewAction.WARNED, note=note, now=now) as d:
        author = d.subject_user = _author_or_refuse(d.locked)
        message = message.strip()
        notices.author_notice_create(
            user=author,
            comment=d.locked.comment,
            kind=NoticeKind.WARNED,
            message=message,
            context={"title": message_template_get(key="warn").subject},
        )
        _hold_claim(d.locked.item, moderator=moderator, now=d.now)
        d.after["message"] = message
    return d.locked.item


@transaction.atomic
def item_reached_out(*, item_id: int, moderator, message: str, note: str = "", now=None) -> ReviewItem:
    """Send the author the care message with the site's crisis resources, and record that someone reached out.

    Any moderator may do this, also on an escalated item. The e-mail goes to a verified address even while the
    author is suspended: a care message is never held back.
    """
    with _decision(
        item_id=item_id, moderator=moderator, action=ReviewAction.REACHED_OUT, note=note, now=now, allow_escalated=True
    ) as d:
        author = d.subject_user = _author_or_refuse(d.locked)
        message = message.strip()
        notice, emailed = _care_message_send(d.locked, author=author, message=message)
        if not d.locked.item.escalated or is_senior(moderator):
            # A plain moderator reaching out on an escalated item must not lock the seniors out of it.
            _hold_claim(d.locked.item, moderator=moderator, now=d.now)
        d.after.update(message=message, notice=notice.pk if notice else None, emailed=emailed)
    return d.locked.item


def _care_message_send(locked: Locked, *, author, message: str):
    """The care message as a notice (with the crisis resources) and an e-mail to a verified address, even while
    the author is suspended: a care message is never held back. Returns the notice and whether it was e-mailed."""
    subject = message_template_get(key="reached_out").subject
    notice = notices.author_notice_create(
        user=author,
        comment=locked.comment,
        kind=NoticeKind.REACHED_OUT,
        message=f"{message}\n\n{crisis_resources_text()}",
        send_email=False,
    )
    emailed = bool(author.is_active and author.email and author.email_verified_at)
    if emailed:
        email_queue(
            template_prefix="moderation/email/care_message",
            to=author.email,
            context={
                "display_name": author.display_name,
                "title": subject,
                "message": message,
                "resources": crisis_resources(),
                "help_url": absolute_url(reverse("help")),
            },
        )
    return notice, emailed


# --- authors: suspensions and bans -----------------------------------------------------------------------


def _sanction_target(*, user_id: int, moderator, item_id: int | None):
    User = get_user_model()
    target = User.objects.select_for_update().filter(pk=user_id).first()
    if target is None:
        raise ActionRefused("There is no such account.", status=404)
    if target.pk == moderator.pk:
        raise ActionRefused("You can't apply this to your own account.")
    if target.is_staff or is_moderator(target):
        raise ActionRefused("Moderators and staff can't be suspended or banned here; please ask an administrator.")
    item = None
    if item_id is not None:
        item = ReviewItem.objects.select_related("comment__commenter", "post").filter(pk=item_id).first()
        author_id = None
        if item is not None:
            author_id = item.comment.commenter.user_id if item.comment_id else item.post.author_id
        if item is None or author_id != target.pk:
            raise ActionRefused("That item isn't about this person.", status=400)
    return target, item


def _sanction_state(user) -> dict:
    return {
        "suspended_until": user.suspended_until.isoformat() if user.suspended_until else None,
        "banned": user.banned_at is not None,
    }


def _sanction_notice(user, *, kind: str, message: str) -> None:
    notices.author_notice_create(user=user, comment=None, kind=kind, message=message)


@transaction.atomic
def author_suspend(*, user_id: int, moderator, days: int, note: str = "", item_id: int | None = None, now=None) -> None:
    """Suspend an author for 1 to 7 days: they can read but not comment or report. Moderators may."""
    now = now or timezone.now()
    if not is_moderator(moderator):
        raise ActionRefused("Only moderators can suspend accounts.", status=403)
    if not 1 <= days <= MAX_SUSPENSION_DAYS:
        raise ActionRefused(f"A suspension lasts from 1 to {MAX_SUSPENSION_DAYS} days.", status=400)
    target, item = _sanction_target(user_id=user_id, moderator=moderator, item_id=item_id)
    if target.banned_at is not None:
        raise ActionRefused("This account is banned already.")
    before = _sanction_state(target)
    until = now + timedelta(days=days)
    until_text = f"{date_format(timezone.localtime(until), 'j F Y, H:i')} ({timezone.get_current_timezone_name()})"
    # The notice goes first, so its e-mail still reaches them (sanctioned people get no e-mail).
    _sanction_notice(
        target,
        kind=NoticeKind.SUSPENDED,
        message=(
            f"Your account is paused for {days} day{'s' if days != 1 else ''}, until "
            f"{until_text}. You can still sign in and read, but you can't "
            "comment or report until then. We do this rarely, when something written here could hurt others. "
            "If things are hard for you right now, the Need help now? page lists people you can talk to."
        ),
    )
    get_user_model().objects.filter(pk=target.pk).update(suspended_until=until)
    target.suspended_until = until
    _audit(
        moderator=moderator,
        action=ReviewAction.SUSPENDED,
        now=now,
        item=item,
        note=note,
        before=before,
        after={**_sanction_state(target), "days": days},
        subject_user=target,
    )


@transaction.atomic
def author_lift_suspension(*, user_id: int, moderator, note: str = "", item_id: int | None = None, now=None) -> None:
    now = now or timezone.now()
    if not is_moderator(moderator):
        raise ActionRefused("Only moderators can lift suspensions.", status=403)
    target, item = _sanction_target(user_id=user_id, moderator=moderator, item_id=item_id)
    if target.suspended_until is None or target.suspended_until <= now:
        raise ActionRefused("This account isn't suspended.")
    before = _sanction_state(target)
    get_user_model().objects.filter(pk=target.pk).update(suspended_until=None)
    target.suspended_until = None
    _sanction_lifted(
        target, action=ReviewAction.SUSPENSION_LIFTED, moderator=moderator, now=now, item=item, note=note, before=before
    )


@transaction.atomic
def author_ban(*, user_id: int, moderator, note: str = "", item_id: int | None = None, now=None) -> None:
    """Ban an author (senior moderators): no commenting or reporting, and the address can't sign up again."""
    now = now or timezone.now()
    if not is_senior(moderator):
        raise ActionRefused("Only senior moderators can ban accounts.", status=403)
    target, item = _sanction_target(user_id=user_id, moderator=moderator, item_id=item_id)
    if target.banned_at is not None:
        raise ActionRefused("This account is banned already.")
    before = _sanction_state(target)
    _sanction_notice(
        target,
        kind=NoticeKind.BANNED,
        message=(
            "Our moderators have closed your account to commenting and reporting, because of what was written "
            "here. You can still sign in and read. If things are hard for you right now, the Need help now? page "
            "lists people you can talk to."
        ),
    )
    get_user_model().objects.filter(pk=target.pk).update(banned_at=now)
    target.banned_at = now
    if target.email:
        BannedEmail.objects.get_or_create(email=target.email.lower())
    _audit(
        moderator=moderator,
        action=ReviewAction.BANNED,
        now=now,
        item=item,
        note=note,
        before=before,
        after=_sanction_state(target),  # never the address itself: the log is read by moderators
        subject_user=target,
    )


@transaction.atomic
def author_lift_ban(*, user_id: int, moderator, note: str = "", item_id: int | None = None, now=None) -> None:
    """Lift a ban (senior moderators): clears banned_at and lets the address sign up again."""
    now = now or timezone.now()
    if not is_senior(moderator):
        raise ActionRefused("Only senior moderators can lift bans.", status=403)
    target, item = _sanction_target(user_id=user_id, moderator=moderator, item_id=item_id)
    if target.banned_at is None:
        raise ActionRefused("This account isn't banned.")
    before = _sanction_state(target)
    get_user_model().objects.filter(pk=target.pk).update(banned_at=None)
    target.banned_at = None
    if target.email:
        BannedEmail.objects.filter(email__iexact=target.email).delete()
    _sanction_lifted(
        target, action=ReviewAction.BAN_LIFTED, moderator=moderator, now=now, item=item, note=note, before=before
    )


def _sanction_lifted(target, *, action: str, moderator, now, item, note: str, before: dict) -> None:
    """After a suspension or ban is cleared: welcome the author back if nothing else holds, and audit it."""
    if not target.is_sanctioned:
        _sanction_notice(
            target,
            kind=NoticeKind.SANCTION_LIFTED,
            message="Your account is active again: you can comment and report as before. Welcome back.",
        )
    _audit(
        moderator=moderator,
        action=action,
        now=now,
        item=item,
        note=note,
        before=before,
        after=_sanction_state(target),
        subject_user=target,
    )


# --- bulk ------------------------------------------------------------------------------------------------


BULK_ACTIONS = ("approve", "remove")


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    # Items never decided in bulk (crisis, hostile, personal details): (item id, what it is, categories).
    refused: list[tuple[int, str, tuple[str, ...]]] = field(default_factory=list)


class _NotInBulk(ActionRefused):
    def __init__(self, *, what: str, categories: tuple[str, ...]):
        super().__init__("Crisis, hostile and personal-details items are decided one at a time.")
        self.what, self.categories = what, categories


@transaction.atomic
def _bulk_one(*, item_id: int, moderator, action: str, note: str) -> None:
    """One item of a bulk action, in its own transaction: refused (nothing changes) when it is sensitive."""
    locked = _lock(item_id=item_id)
    categories = _sensitive_categories(locked)
    if categories:
        if locked.comment is None:
            what = f"the post “{locked.post.title}”"
        else:
            author = locked.author
            what = f"{author.display_name}’s comment" if author else "a comment"
        raise _NotInBulk(what=what, categories=categories)
    if action == "approve":
        item_approve(item_id=item_id, moderator=moderator, note=note)  # never `confirmed`: it asks no one
    else:
        item_remove(item_id=item_id, moderator=moderator, reason="spam", note=note)


def items_bulk(*, item_ids: list[int], moderator, action: str, note: str = "") -> BulkResult:
    """Approve or remove (as spam) many items; each in its own transaction and audited on its own.

    Crisis, hostile and personal_info items are never part of a bulk action: they are refused, unchanged, and
    listed in `refused`. The other ticked items still proceed (bulk actions are for spam waves; one mis-ticked
    sensitive item must not hold the wave up, and it is named so the moderator can open it). Items that can't be
    decided (someone else's, already decided, a post for removal) are skipped and reported.
    """
    if action not in BULK_ACTIONS:
        raise ActionRefused("Please choose what to do with the ticked items.", status=400)
    result = BulkResult()
    for item_id in list(dict.fromkeys(item_ids))[:BULK_LIMIT]:
        try:
            _bulk_one(item_id=item_id, moderator=moderator, action=action, note=note)
        except _NotInBulk as sensitive:
            result.refused.append((item_id, sensitive.what, sensitive.categories))
        except ActionRefused as refused:
            result.skipped.append((item_id, refused.message))
        else:
            result.done.append(item_id)
    return result
