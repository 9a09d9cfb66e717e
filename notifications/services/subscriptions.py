"""Preferences, follows and mutes: what each user asked to hear about."""

from django.db import IntegrityError, transaction

from comments.models import Comment, Post

from ..models import Frequency, NotificationPreference, Subscription, WriterMute

PREFERENCE_FIELDS = ("replies", "post_comments", "following")


def preferences_for(*, user) -> NotificationPreference:
    """The user's preferences; an unsaved row with the defaults when they never changed anything."""
    try:
        return user.notify_prefs
    except NotificationPreference.DoesNotExist:
        return NotificationPreference(user=user)


def preferences_update(*, user, no_content: bool | None = None, **frequencies: str) -> NotificationPreference:
    """Set some of replies / post_comments / following (each a Frequency value) and "no content in e-mails"."""
    for name, value in frequencies.items():
        if name not in PREFERENCE_FIELDS or value not in Frequency.values:
            raise ValueError(f"not a notification preference: {name}={value!r}")
    prefs, _ = NotificationPreference.objects.get_or_create(user=user)
    for name, value in frequencies.items():
        setattr(prefs, name, value)
    if no_content is not None:
        prefs.no_content = no_content
    prefs.save()
    user.notify_prefs = prefs
    return prefs


def preferences_retry_address(*, user) -> None:
    """The user says their mailbox works again: send to it once more (a new refusal marks it failing again)."""
    NotificationPreference.objects.filter(user=user).update(failing_address="", failing_since=None, failing_error="")


def thread_root_id(comment: Comment) -> int:
    """The top-level comment of a comment's thread (every thread is its own MPTT tree)."""
    if comment.parent_id is None:
        return comment.pk
    # Most replies answer the top-level comment, and their callers have the parent loaded already (comment_create
    # sets it, the notification services select it): no query then.
    if Comment.parent.is_cached(comment) and comment.parent.parent_id is None:
        return comment.parent_id
    # A tree's top-level comment has lft 1: one probe of the (tree_id, lft) index instead of a walk over the thread.
    return Comment.objects.filter(tree_id=comment.tree_id, lft=1).values_list("pk", flat=True).get()


def subscription_set(*, user, state: str | None, thread: Comment | None = None, post: Post | None = None) -> None:
    """Follow (state "following"), mute ("muted") or forget (None) a thread or a post. Safe to re-run."""
    if (thread is None) == (post is None):
        raise ValueError("give exactly one of thread or post")
    if thread is not None and thread.parent_id is not None:
        raise ValueError("a thread is named by its top-level comment")
    target = {"thread": thread} if thread is not None else {"post": post}
    if state is None:
        Subscription.objects.filter(user=user, **target).delete()
        return
    if state not in Subscription.State.values:
        raise ValueError(f"not a subscription state: {state!r}")
    try:
        with transaction.atomic():
            Subscription.objects.update_or_create(user=user, **target, defaults={"state": state})
    except IntegrityError:  # a concurrent first write of the same row won; ours is the newer wish
        Subscription.objects.filter(user=user, **target).update(state=state)


def subscription_forget(*, user, target: str, target_id: int) -> bool:
    """Drop the user's own follow or mute of a thread (target "thread", its top-level comment id) or a post.

    Needs no access to the target, since it reveals nothing: a thread whose first comment was deleted keeps
    getting replies, and a post may go back to draft, but the follow stays listed on the notifications page.
    Returns whether there was one.
    """
    field = {"thread": "thread_id", "post": "post_id"}[target]
    deleted, _ = Subscription.objects.filter(user=user, **{field: target_id}).delete()
    return bool(deleted)


def thread_follow_on_comment(*, user, comment: Comment) -> None:
    """Commenting in a thread follows it, unless the user muted it (their mute stays). Call inside the
    comment's transaction; never for imported comments."""
    root_id = thread_root_id(comment)
    try:
        # get_or_create inserts in a savepoint of its own: no transaction around the usual look-up alone.
        Subscription.objects.get_or_create(
            user=user, thread_id=root_id, defaults={"state": Subscription.State.FOLLOWING}
        )
    except IntegrityError:
        pass  # a concurrent comment by the same user created it


def writer_mute_set(*, user, writer, muted: bool) -> None:
    if muted and writer.pk == user.pk:
        raise ValueError("you cannot mute yourself")  # unmuting yourself is a no-op, not an error
    if muted:
        WriterMute.objects.get_or_create(user=user, writer=writer)
    else:
        WriterMute.objects.filter(user=user, writer=writer).delete()
