"""Reads of the care check's results for pages, and how far behind the checks are."""

from datetime import timedelta

from django.db.models import F, Q
from django.utils import timezone

from comments.models import Comment, Post
from core.queries import AnyOf, compiled_rows

from ..models import CareFlag, PolicyDecision, Resolution, ReviewItem

# Imported history, as it arrived (revision 1), is left to `manage.py scan_backlog`: the sweeper would check it
# with the live policy (urgent e-mails, resources messages) about comments that may be ten years old. An edit
# made here after the import bumps the revision and is swept like any other. (Imports, issue 6.)
IMPORTED_UNCHANGED = ~Q(source="") & Q(revision=1)

RESOURCES_NOTICE_HOURS = 24


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
    return latest == Resolution.KEPT_PRIVATE


def oldest_unchecked_comment_since():
    """When the longest-waiting unchecked comment revision was written (None: every comment is checked).

    The same comments the sweeper re-enqueues (live, current revision without a scan record, imported history
    left to scan_backlog), without its grace period: a stalled check is measured from the moment of writing.
    """
    from django.db.models import Exists, Min, OuterRef
    from django.db.models.functions import Coalesce

    from comments.models import Comment

    from ..models import ScanRecord

    scanned = ScanRecord.objects.filter(comment=OuterRef("pk"), revision=OuterRef("revision"))
    return (
        Comment.objects.filter(status__in=[Comment.Status.PENDING, Comment.Status.VISIBLE, Comment.Status.HELD])
        .exclude(IMPORTED_UNCHANGED)
        .filter(~Exists(scanned))
        .aggregate(since=Min(Coalesce("edited", "created")))["since"]
    )


_CHECKS_BEHIND_KEY = "moderation:checks-behind-since"


def checks_behind_since():
    """When the oldest unchecked comment was written, as last noted by the stall check while checks are more than
    CARE_STALL_ALERT_SECONDS behind; None when they are not (or nothing was noted in the last few minutes)."""
    from django.core.cache import cache

    return cache.get(_CHECKS_BEHIND_KEY)


def checks_behind_note(*, since) -> None:
    """Called by the minute's stall check: `since` while checks are behind, None once they have caught up."""
    from django.core.cache import cache

    if since is None:
        cache.delete(_CHECKS_BEHIND_KEY)
    else:
        # Three beat periods: a missed run keeps the warning, a dead beat does not keep it forever.
        cache.set(_CHECKS_BEHIND_KEY, since, timeout=180)


def crisis_flagged_visible(*, comment_ids) -> set[int]:
    """Ids among these of visible comments whose current revision has a crisis flag nobody dismissed (one query,
    compiled once: every conversation page asks)."""

    def flagged(ids):
        return CareFlag.objects.filter(
            AnyOf(F("comment_id"), ids),
            comment__status=Comment.Status.VISIBLE,
            revision=F("comment__revision"),
            category="crisis",
            dismissed=False,
        ).values_list("comment_id")

    return {pk for (pk,) in compiled_rows(("crisis_flagged_visible",), flagged, list(comment_ids))}
