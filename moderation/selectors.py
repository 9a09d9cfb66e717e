"""Reads of the care check's results for pages."""

from datetime import timedelta

from django.db.models import F, Q
from django.utils import timezone

from comments.models import Post

from .models import PolicyDecision, ReviewItem

RESOURCES_NOTICE_HOURS = 24
# ReviewItem.resolution of "Handled, keep private" (moderation.actions.item_keep_private).
KEPT_PRIVATE = "kept_private"


def resources_notice_for(*, post: Post, viewer) -> bool:
    """Whether this viewer wrote something on this post, lately, for which the check asks us to show crisis
    resources (their own comment's current revision, or their post). One query."""
    if not viewer.is_authenticated:
        return False
    since = timezone.now() - timedelta(hours=RESOURCES_NOTICE_HOURS)
    own = Q(comment__commenter__user=viewer, revision=F("comment__revision"))
    if post.author_id == viewer.pk:
        own |= Q(comment__isnull=True, revision=F("post__revision"))
    return PolicyDecision.objects.filter(
        own, post=post, action=PolicyDecision.Action.RESOURCES_SHOWN, created__gte=since
    ).exists()


def comment_kept_private(*, comment_id: int) -> bool:
    """Whether a moderator's latest decision on this comment was to keep it private (held, never published).
    A later decision (say, an approval on a new item) replaces it. One query."""
    latest = (
        ReviewItem.objects.filter(comment_id=comment_id, status=ReviewItem.Status.RESOLVED)
        .order_by("-resolved_at", "-pk")
        .values_list("resolution", flat=True)
        .first()
    )
    return latest == KEPT_PRIVATE
