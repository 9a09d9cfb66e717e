"""Moderation's handlers for what comments announce (comments.hooks), registered in ModerationConfig.ready()."""

from django.conf import settings

from comments.hooks import PageNotice
from comments.models import Comment

from .models import ModerationAction, ReviewAction, ReviewItem
from .permissions import is_moderator
from .selectors import care
from .services import scan, scan_batch

# The crisis-resources panel (moderation/_resources_notice.html): after a crisis comment the page opens on it.
RESOURCES_TEMPLATE = "moderation/_resources_notice.html"
RESOURCES_ANCHOR = "you-matter"


def on_comment_created(*, comment_id: int) -> None:
    """A new comment: wake a drain, which checks it with the others written meanwhile."""
    scan_batch.care_check_wake(comment_id=comment_id)


def on_comment_written(*, comment_id: int) -> None:
    """comment_text_changed: check the new revision (its own task: an edited comment is older than the queue)."""
    scan.care_check_enqueue(comment_id=comment_id)


def on_post_text_changed(*, post_id: int) -> None:
    scan.care_check_enqueue(post_id=post_id)


def comment_text_needed(*, comment_id: int) -> bool:
    # A deleted comment keeps its text while an open review item still needs it (it goes when the item is resolved).
    return ReviewItem.objects.filter(comment_id=comment_id, status=ReviewItem.Status.OPEN).exists()


def on_comment_sent(*, comment_id: int, new: bool) -> str:
    """The request runs the engine's crisis check itself, so help never waits for a worker; the worker's scan stays
    the record of flags and holds. A new comment also waits briefly for the worker, so that most authors land on a
    comment that is already checked."""
    comment = scan.comment_for_crisis_check(comment_id=comment_id)  # once, for the check and the wait
    resources = scan.comment_crisis_check(comment_id=comment_id, comment=comment)
    if new and comment is not None:
        scan.comment_check_wait(comment=comment, timeout=settings.CARE_WAIT_FOR_CHECK_SECONDS)
    return RESOURCES_ANCHOR if resources else ""


def draft_reads_as_crisis(*, text: str, parent_id: int | None, post) -> bool:
    """The nudge's question (nudges.hooks): the engine's crisis check of a draft, read with its parent and post as
    the posting request reads a comment. A draft at risk is never nudged or delayed."""
    return scan.draft_crisis_check(text=text, parent_id=parent_id, post=post)


def page_notices(*, post, viewer, landed: bool) -> list[PageNotice]:
    """The crisis resources, above the reader's own writing, when their latest words asked for them."""
    if care.resources_notice_for(post=post, viewer=viewer):
        return [PageNotice(template=RESOURCES_TEMPLATE, focus=landed)]
    return []


def on_comment_changed_by_staff(*, comment_id: int, user_id: int, changes: dict) -> None:
    """An audit row for an admin edit, in its transaction: the queue's history shows what staff changed."""
    comment = Comment.objects.select_related("commenter").get(pk=comment_id)
    ModerationAction.objects.create(
        post_id=comment.post_id,
        comment_id=comment.pk,
        subject_user_id=comment.commenter.user_id,
        moderator_id=user_id,
        action=ReviewAction.ADMIN_EDIT,
        note="changed in the admin",
        before={name: old for name, (old, _new) in changes.items()},
        after={name: new for name, (_old, new) in changes.items()},
    )


def comment_folds(*, comment_ids, viewer) -> set[int]:
    """comments.hooks.comment_folds: the visible comments among these whose current text carries a crisis flag, so
    that other readers open them with one click behind a gentle note. Moderators see everything (one query)."""
    if not comment_ids or is_moderator(viewer):
        return set()
    return care.crisis_flagged_visible(comment_ids=comment_ids)
