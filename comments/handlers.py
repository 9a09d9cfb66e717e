"""Comments' handlers for what accounts announce (accounts.hooks), registered in CommentsConfig.ready()."""

from accounts.models import User

from . import services


def on_user_email_verified(*, user_id: int) -> None:
    user = User.objects.filter(pk=user_id).first()
    if user is not None:
        services.commenters_take_over(user=user)


def on_user_profile_changed(*, user_id: int) -> None:
    user = User.objects.filter(pk=user_id).first()
    if user is not None:
        services.commenter_sync_from_user(user=user)


def on_user_deleting(*, user_id: int, wipe_comments: bool) -> None:
    services.commenter_anonymize(user_id=user_id, wipe_comments=wipe_comments)
