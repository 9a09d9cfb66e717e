"""Telling authors what happened to their comments (on the site and by e-mail), and their appeals."""

import logging

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from core.email import email_queue
from core.errors import Refused
from core.links import absolute_url

from .models import Appeal, AuthorNotice, NoticeKind, ReviewItem

logger = logging.getLogger(__name__)

Kind = NoticeKind

DEFAULT_EMAIL_TEMPLATE = "moderation/email/author_notice"
HELD_EMAIL_TEMPLATE = "moderation/email/comment_held"

# The headline of a notice, on the notices page and as the e-mail subject.
KIND_TITLES = {
    Kind.HELD: "Your comment is waiting for a moderator",
    Kind.REMOVED: "Your comment was removed",
    Kind.WARNED: "A note from the moderators",
    Kind.REACHED_OUT: "A message from the moderators",
    Kind.SUSPENDED: "Your account is paused for a while",
    Kind.BANNED: "About your account",
    Kind.APPEAL_RESULT: "About your appeal",
    Kind.KEPT_PRIVATE: "Your comment stays private",
}
DEFAULT_TITLE = "A note about your comment"

# Why a comment was held, in words that explain without accusing. Keys are care categories and causes.
HELD_REASONS = {
    "crisis": (
        "What you wrote sounds very painful, and we'd like a person to read it so you get the right support. "
        "If you are in danger right now, please reach out to one of the services on our Need help now? page."
    ),
    "hostile": (
        "Our automatic check thought some of the words might land harder than you meant them to, so a "
        "moderator will read it in context."
    ),
    "spam": (
        "Something in it, such as a link, looked like advertising to our automatic check, so a moderator will "
        "take a look."
    ),
    "personal_info": (
        "It may include personal details, like a phone number or an address. To keep everyone safe, a "
        "moderator reads these before they are shown and may edit the details out."
    ),
    "check_failed": "Our automatic check couldn't finish, so a person will read it instead.",
    "reported": ("A few readers asked our moderators to look at it, so it is hidden until a moderator has read it."),
}
_HELD_ORDER = ["crisis", "personal_info", "hostile", "spam", "check_failed", "reported"]


class AppealRefused(Refused):
    """An appeal that can't be accepted; `status` is the HTTP status a view should answer."""


class AlreadyAppealed(AppealRefused):
    def __init__(self):
        super().__init__(
            "You have already appealed this removal, and a moderator will look at it again. Each removal can be "
            "appealed once.",
            status=409,
        )


def notice_title(kind: str) -> str:
    return KIND_TITLES.get(kind, DEFAULT_TITLE)


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


def held_message(*, post_title: str, causes: list[str]) -> str:
    """The gentle explanation of a hold: what happens now and, where we know it, why."""
    reasons = [HELD_REASONS[c] for c in _HELD_ORDER if c in causes]
    parts = [
        f"Your comment on “{post_title}” is waiting for a moderator to read it before others can see it. "
        "This happens to many comments, and it doesn't mean you did anything wrong.",
        *reasons,
        "You can still see it yourself, and you don't need to do anything. A moderator will read it soon.",
    ]
    return "\n\n".join(parts)


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


# --- reading notices ------------------------------------------------------------------------------------------


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


def author_notices_mark_read(*, user, now=None) -> int:
    """Mark every unread notice of the user as read. Safe to re-run."""
    return AuthorNotice.objects.filter(user=user, read_at__isnull=True).update(read_at=now or timezone.now())


# --- appeals --------------------------------------------------------------------------------------------------


def appeal_possible(*, notice: AuthorNotice, user) -> bool:
    """Whether this notice should offer an appeal form: a removal of the user's own comment, not yet appealed."""
    comment = notice.comment
    if notice.kind != Kind.REMOVED or comment is None or notice.user_id != user.pk:
        return False
    if comment.status != Comment.Status.REMOVED or comment.commenter.user_id != user.pk:
        return False
    try:
        comment.appeal  # noqa: B018  (the reverse one-to-one raises when there is none)
    except Appeal.DoesNotExist:
        return True
    return False


@transaction.atomic
def appeal_create(*, user, comment: Comment, text: str, now=None) -> Appeal:
    """The author's one appeal against the removal of their comment; it opens (or joins) a review item.

    Locks the comment row, so two appeals sent at once end with one (the unique constraint backs this up).
    Raises AppealRefused (AlreadyAppealed for a second appeal) and writes nothing when not allowed.
    """
    from .services import review_item_open

    text = (text or "").strip()
    if not text:
        raise AppealRefused("Please tell the moderators why you think the comment should come back.")
    if len(text) > 2000:
        raise AppealRefused("Please keep your appeal under 2,000 characters.")
    current = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("post", "commenter")
        .filter(pk=comment.pk)
        .first()
    )
    if current is None or current.commenter.user_id != user.pk:
        raise AppealRefused("Only the person who wrote a comment can appeal its removal.", status=403)
    if current.status != Comment.Status.REMOVED:
        raise AppealRefused("This comment isn't removed, so there is nothing to appeal.", status=409)
    if Appeal.objects.filter(comment=current).exists():
        raise AlreadyAppealed()
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(comment=current, user=user, text=text, created=now or timezone.now())
    except IntegrityError:
        raise AlreadyAppealed() from None
    review_item_open(post=current.post, comment=current, reason=ReviewItem.Reason.APPEAL)
    return appeal
