"""Signed links in e-mails that mute or unsubscribe without logging in. They never expire."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse

from comments.models import Comment, Post
from core.links import absolute_url

from ..models import Frequency, Subscription
from .subscriptions import PREFERENCE_FIELDS, preferences_update, subscription_set, writer_mute_set

_SALT = "notifications.links"
# kind -> what the target is: a thread's top-level comment id, a post id, a writer's user id, or a preference
# name ("all" for every kind of notification e-mail).
KINDS = ("thread", "post", "writer", "off")


class LinkInvalid(Exception):
    pass


@dataclass(frozen=True)
class LinkAction:
    user: object
    kind: str
    target: object  # Comment, Post, User or a preference name
    what: str  # "e-mails about ...", for the confirmation and done pages

    @property
    def description(self) -> str:
        return f"Stop {self.what}."


def link_token(*, user_id: int, kind: str, target) -> str:
    if kind not in KINDS:
        raise ValueError(kind)
    return signing.dumps([user_id, kind, target], salt=_SALT, compress=True)


def link_url(*, user_id: int, kind: str, target) -> str:
    return absolute_url(
        reverse("notifications:link", kwargs={"token": link_token(user_id=user_id, kind=kind, target=target)})
    )


_OFF_WORDS = {
    "replies": "e-mails about replies to your comments",
    "post_comments": "e-mails about comments on your posts",
    "following": "e-mails about threads and posts you follow",
    "all": "all reply notification e-mails",
}


def _is_id(value) -> bool:
    # bool is an int in Python; a database id is a positive int below PostgreSQL's bigint limit.
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63


def link_read(*, token: str) -> LinkAction:
    """Check the signature and describe what the link does; raises LinkInvalid. Changes nothing."""
    try:
        user_id, kind, target_id = signing.loads(token, salt=_SALT)  # no max_age: these links do not expire
    except (signing.BadSignature, ValueError, TypeError):
        raise LinkInvalid("This link is not valid. It may have been cut short when it was copied.") from None
    # Signed by us, but the shape is still checked: an old or hand-built token must answer "not valid", not 500.
    if not _is_id(user_id) or not isinstance(kind, str) or kind not in KINDS:
        raise LinkInvalid("This link is not valid. It may have been cut short when it was copied.")
    if kind in ("thread", "post", "writer") and not _is_id(target_id):
        raise LinkInvalid("This link is not valid. It may have been cut short when it was copied.")
    if kind == "off" and not isinstance(target_id, str):
        raise LinkInvalid("This link is not valid. It may have been cut short when it was copied.")
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        raise LinkInvalid("This link no longer works: the account it was for is gone.")
    if kind == "thread":
        target = Comment.objects.select_related("post").filter(pk=target_id, parent__isnull=True).first()
        what = f"e-mails about the conversation on “{target.post.title}”" if target else ""
    elif kind == "post":
        target = Post.objects.filter(pk=target_id).first()
        what = f"e-mails about comments on “{target.title}”" if target else ""
    elif kind == "writer":
        target = get_user_model().objects.filter(pk=target_id).first()
        what = f"e-mails about comments by {target.display_name}" if target else ""
    else:
        target = target_id if target_id in (*PREFERENCE_FIELDS, "all") else None
        what = _OFF_WORDS[target] if target else ""
    if target is None:
        raise LinkInvalid("This link no longer works: what it was about is gone.")
    return LinkAction(user=user, kind=kind, target=target, what=what)


def link_apply(*, token: str) -> LinkAction:
    """Do what the link says (a POST: the confirmation button or a mail client's one-click). Safe to re-run."""
    action = link_read(token=token)
    if action.kind == "thread":
        subscription_set(user=action.user, thread=action.target, state=Subscription.State.MUTED)
    elif action.kind == "post":
        subscription_set(user=action.user, post=action.target, state=Subscription.State.MUTED)
    elif action.kind == "writer":
        writer_mute_set(user=action.user, writer=action.target, muted=True)
    elif action.target == "all":
        preferences_update(user=action.user, **{name: Frequency.OFF for name in PREFERENCE_FIELDS})
    else:
        preferences_update(user=action.user, **{action.target: Frequency.OFF})
    return action
