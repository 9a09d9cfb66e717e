"""The open-item count in the page header, for moderators only."""

from django.utils.functional import SimpleLazyObject

MODERATE = "moderation.moderate"


def open_items(request) -> dict:
    """`moderation_open_items` for users who moderate: one COUNT, run only if the page shows it. Nothing (and no
    query beyond the permission check base.html makes anyway) for everyone else."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm(MODERATE):
        return {}
    from .queue import open_item_count

    return {"moderation_open_items": SimpleLazyObject(open_item_count)}
