"""The open-item count in the page header (moderators only), and moderation's vocabularies for templates."""

from django.utils.functional import SimpleLazyObject

from .models import NoticeKind, Resolution, ReviewItem
from .permissions import is_moderator


def open_items(request) -> dict:
    """`moderation_open_items` for users who moderate: one COUNT, run only if the page shows it. Nothing (and no
    query beyond the permission check base.html makes anyway) for everyone else."""
    user = getattr(request, "user", None)
    if not is_moderator(user):
        return {}
    from .selectors.queue import open_item_count

    return {"moderation_open_items": SimpleLazyObject(open_item_count)}


def vocabularies(request) -> dict:
    """The stored values templates compare with (`notice.kind == NoticeKind.REMOVED`), never as string literals.
    Choices classes set do_not_call_in_templates, so the template reads their members instead of calling them."""
    return {
        "ItemStatus": ReviewItem.Status,
        "ItemReason": ReviewItem.Reason,
        "Resolution": Resolution,
        "NoticeKind": NoticeKind,
    }
