"""An author's one appeal against the removal of their comment."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from comments.models import Comment
from core.errors import Refused

from ..models import Appeal, AuthorNotice, NoticeKind, ReviewItem
from .items import review_item_open

Kind = NoticeKind


class AppealRefused(Refused):
    """An appeal that can't be accepted; `status` is the HTTP status a view should answer."""


class AlreadyAppealed(AppealRefused):
    def __init__(self):
        super().__init__(
            "You have already appealed this removal, and a moderator will look at it again. Each removal can be "
            "appealed once.",
            status=409,
        )


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
