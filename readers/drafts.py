"""The community guidelines once, before a new reader's first comment, with the draft kept on the server."""

import logging

from django.conf import settings
from django.shortcuts import redirect

from comments.models import Comment, Post
from moderation.classifiers.base import CareContext
from moderation.pipeline import classify_remembered

from . import services

logger = logging.getLogger(__name__)

# The draft waiting for the guidelines, in the reader's server-side session (never in the browser).
DRAFT_SESSION_KEY = "readers.guidelines_draft"


def guidelines_due(*, user) -> bool:
    """A reader who has neither accepted the guidelines nor written a comment here yet (readers who commented
    before this step existed are not asked). Two small queries, only when a comment is sent."""
    if not settings.READERS_GUIDELINES_FIRST or services.guidelines_accepted(user=user):
        return False
    return not Comment.objects.filter(commenter__user=user, source="").exists()


def draft_reads_as_crisis(*, post: Post, data: dict) -> bool:
    """The engine's crisis reading of a draft. Nothing may stand between someone in crisis and being heard: such
    a comment is posted at once (the crisis resources first) and the guidelines wait for the next one."""
    parent_text = ""
    if data.get("parent"):
        parent_text = Comment.objects.filter(pk=data["parent"], post=post).values_list("body", flat=True).first() or ""
    try:
        # Remembered: the nudge and the comment's own crisis check read the same draft again in this request.
        flags = classify_remembered(
            CareContext(text=data["body"], parent_text=parent_text, post_text=post.plain_text())
        )
    except Exception:
        logger.exception("the guidelines step could not read a draft; it is posted without the step")
        return True
    return any(flag.category == "crisis" for flag in flags)


def guidelines_step(*, request, post: Post, data: dict):
    """None to post now, or the redirect to the guidelines page with the draft kept in the session."""
    if not guidelines_due(user=request.user) or draft_reads_as_crisis(post=post, data=data):
        return None
    request.session[DRAFT_SESSION_KEY] = {
        "post": post.pk,
        "parent": data.get("parent"),
        "body": data["body"],
        "key": data.get("key") or "",
    }
    return redirect("readers:guidelines")


def draft_of(request) -> dict | None:
    draft = request.session.get(DRAFT_SESSION_KEY)
    return draft if isinstance(draft, dict) and isinstance(draft.get("body"), str) else None


def draft_forget(request) -> None:
    request.session.pop(DRAFT_SESSION_KEY, None)
