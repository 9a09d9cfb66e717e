"""Reads of an author's notices."""

from ..models import AuthorNotice


def author_notice_list(*, user, limit: int = 100) -> list[AuthorNotice]:
    """The user's notices, newest first, with their comments, posts and appeals (one query)."""
    return list(
        AuthorNotice.objects.filter(user=user)
        .select_related("comment", "comment__post", "comment__commenter", "comment__appeal")
        .order_by("-created", "-pk")[:limit]
    )


def author_notice_unread_count(*, user) -> int:
    if not user.is_authenticated:
        return 0
    return AuthorNotice.objects.filter(user=user, read_at__isnull=True).count()
