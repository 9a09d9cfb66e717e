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


def user_export(*, user_id: int) -> dict:
    """accounts.hooks.user_export: the user's posts and comments (their own words as stored, with where they sit).
    Two queries."""
    from .models import Comment, Post

    posts = list(
        Post.objects.filter(author_id=user_id)
        .order_by("created")
        .values("id", "title", "slug", "body", "body_format", "published", "published_at", "created", "updated")
    )
    comments = list(
        Comment.objects.filter(commenter__user_id=user_id)
        .order_by("created")
        .values("id", "post__title", "post__slug", "parent_id", "body", "status", "created", "edited")
    )
    for comment in comments:
        comment["post_title"], comment["post_slug"] = comment.pop("post__title"), comment.pop("post__slug")
        comment["in_reply_to"] = comment.pop("parent_id")
    return {"posts": posts, "comments": comments}
