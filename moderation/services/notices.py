"""Telling authors what happened to their comments, on the site and by e-mail."""

from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from core.email import email_queue
from core.links import absolute_url

from ..models import AuthorNotice, NoticeKind
from .messages import held_message, notice_title

Kind = NoticeKind

DEFAULT_EMAIL_TEMPLATE = "moderation/email/author_notice"

HELD_EMAIL_TEMPLATE = "moderation/email/comment_held"


def _may_email(user) -> bool:
    # Only confirmed addresses, and nothing to suspended or banned people (they read their notices on the site).
    return bool(user.is_active and user.email and user.email_verified_at and not user.is_sanctioned)


def author_notice_create(
    *,
    user,
    comment: Comment | None,
    kind: NoticeKind,
    message: str,
    email_template: str | None = None,
    context: dict | None = None,
    send_email: bool = True,
) -> AuthorNotice | None:
    """Record a notice for `user` (shown on /notices/) and e-mail it once the caller's transaction commits.

    The e-mail goes only to a verified address of an active, unsanctioned user. `email_template` is a template
    prefix (default moderation/email/author_notice); it gets `display_name`, `kind`, `title`, `message`,
    `post_title`, `comment_url`, `notices_url` and whatever `context` adds (must be JSON-serializable).
    Returns None and records nothing when there is no user (a comment without an account). Not idempotent:
    callers record one notice per decision.
    """
    if user is None:
        return None
    notice = AuthorNotice.objects.create(user=user, comment=comment, kind=kind, message=message)
    if send_email and _may_email(user):
        full_context = {
            "display_name": user.display_name,
            "kind": kind,
            "title": notice_title(kind),
            "message": message,
            "post_title": comment.post.title if comment is not None else "",
            "comment_url": absolute_url(comment.get_absolute_url()) if comment is not None else "",
            "notices_url": absolute_url(reverse("moderation:notices")),
            **(context or {}),
        }
        email_queue(template_prefix=email_template or DEFAULT_EMAIL_TEMPLATE, to=user.email, context=full_context)
    return notice


def comment_held_notify(*, comment: Comment, causes: list[str] | tuple[str, ...] = ()) -> AuthorNotice | None:
    """Tell the author their comment is held. Call inside the transaction that holds it.

    Safe to re-run: nothing new when the author's latest notice about this comment already says "held" (a
    held comment that is edited and re-checked stays held, and they have been told).
    """
    user = comment.commenter.user
    if user is None:
        return None
    latest = AuthorNotice.objects.filter(user=user, comment=comment).order_by("-created", "-pk").values("kind").first()
    if latest and latest["kind"] == Kind.HELD:
        return None
    return author_notice_create(
        user=user,
        comment=comment,
        kind=Kind.HELD,
        message=held_message(post_title=comment.post.title, causes=list(causes)),
        email_template=HELD_EMAIL_TEMPLATE,
    )


def author_notices_mark_read(*, user, now=None) -> int:
    """Mark every unread notice of the user as read. Safe to re-run."""
    return AuthorNotice.objects.filter(user=user, read_at__isnull=True).update(read_at=now or timezone.now())
