"""The open-item count in the page header, for moderators only."""

from django.utils.functional import SimpleLazyObject

from .permissions import is_moderator


def open_items(request) -> dict:
    """`moderation_open_items` for users who moderate: one COUNT, run only if the page shows it. Nothing (and no
    query beyond the permission check base.html makes anyway) for everyone else."""
    user = getattr(request, "user", None)
    if not is_moderator(user):
        return {}
    from .selectors.queue import open_item_count

    return {"moderation_open_items": SimpleLazyObject(open_item_count)}
