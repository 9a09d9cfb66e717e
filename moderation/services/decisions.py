"""Moderators' decisions on review items: approve, remove, keep (or keep private), redact, escalate, warn, reach out."""

from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse

from comments.models import Comment, Post
from comments.services import comment_publish
from comments.text import stored_body_fields
from core.crisis_resources import crisis_resources
from core.email import email_queue
from core.links import absolute_url

from .. import hooks
from ..models import (
    CareFlag,
    NoticeKind,
    Report,
    Resolution,
    ReviewAction,
    ReviewItem,
)
from ..permissions import is_senior
from . import messages, notices
from .items import ActionRefused, Locked, _decision, _hold_claim, _lock, _resolve
from .messages import REMOVAL_REASONS, message_template_get

CommentStatus = Comment.Status

BULK_LIMIT = 100

# A comment with a live flag (or a report) in one of these is published only after the moderator has seen what
# will happen, and never by a bulk action.
SENSITIVE_CATEGORIES = ("crisis", "hostile", "personal_info")

SENSITIVE_LABELS = {"crisis": "crisis", "hostile": "hostile", "personal_info": "personal details"}


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
            message=messages.appeal_granted_message(post_title=locked.post.title),
        )
        return NoticeKind.APPEAL_RESULT
    if previous == CommentStatus.HELD:
        notices.author_notice_create(
            user=author,
            comment=comment,
            kind=NoticeKind.APPROVED,
            message=messages.approved_message(post_title=locked.post.title),
            context={"title": messages.APPROVED_TITLE},
        )
        return NoticeKind.APPROVED
    return ""


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
    notices.author_notice_create(
        user=comment.commenter.user,
        comment=comment,
        kind=NoticeKind.APPEAL_RESULT if upholding else NoticeKind.REMOVED,
        message=messages.removal_message(post_title=locked.post.title, reason=reason, note=message, upheld=upholding),
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
            message=messages.kept_private_message(post_title=locked.post.title),
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
        Comment.objects.filter(pk=comment.pk).update(body=body, **stored_body_fields(body))  # the old HTML goes too
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
        message=messages.care_notice_message(message=message),
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
