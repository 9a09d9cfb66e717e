"""Readers' handlers for what comments asks (comments.hooks), registered in ReadersConfig.ready()."""

from django.template.loader import render_to_string
from django.urls import reverse

from comments.hooks import PageNotice
from core.crisis_resources import crisis_resources

from . import selectors
from .drafts import guidelines_step

GUIDANCE_TEMPLATE = "readers/_reply_guidance.html"
WAITING_OFFER_TEMPLATE = "readers/_waiting_offer.html"


def reply_guidance_html(*, parent, viewer) -> str:
    """The safe-messaging guidance when `parent` is someone struggling ("" otherwise). It names no care label: the
    same words for distress and crisis, and only to a signed-in reader who is about to answer someone else."""
    if not selectors.reply_guidance_needed(parent=parent, viewer=viewer):
        return ""
    return render_to_string(GUIDANCE_TEMPLATE, {"CRISIS_RESOURCES": crisis_resources()})


def reply_notes(*, parent, viewer) -> str:
    return reply_guidance_html(parent=parent, viewer=viewer)


def _page_signals(context, post) -> dict:
    """Support on this page, loaded once per post and request (two queries, whatever the number of comments)."""
    request = context.get("request")
    cache = getattr(request, "_readers_signals", None)
    if cache is None:
        cache = {}
        if request is not None:
            request._readers_signals = cache
    if post.pk not in cache:
        entries = context.get("entries") or []
        ids = [entry.comment.pk for entry in entries if getattr(entry, "comment", None) is not None]
        entry = context.get("entry")
        if entry is not None and getattr(entry, "comment", None) is not None:
            ids.append(entry.comment.pk)
        cache[post.pk] = selectors.page_signals(post=post, comment_ids=ids, viewer=context["user"])
    return cache[post.pk]


def comment_controls(*, context, comment, post) -> str:
    """ "Sending support" and "I relate" under a comment (or the post): counts for everyone; buttons for signed-in
    readers other than the writer; nothing at all for a reader the writer muted; only "sending support" on a
    crisis-flagged comment."""
    signals = _page_signals(context, post)
    key = comment.pk if comment is not None else None
    current = signals.get(key)
    if current is None:
        current = selectors.page_signals(post=post, comment_ids=[key] if key else [], viewer=context["user"])[key]
    if current.muted_by_writer:
        return ""
    user = context["user"]
    writer = comment.commenter.user_id if comment is not None else post.author_id
    can_send = user.is_authenticated and writer != user.pk and not getattr(user, "is_sanctioned", False)
    if not can_send and not current.support and not (current.relate and not current.crisis):
        return ""  # nothing to show (most comments, for anonymous readers): no template rendered
    request = context.get("request")
    return render_to_string(
        "readers/_signals.html",
        {
            "signals": current,
            "can_send": can_send,
            "comment": comment,
            "post": post,
            "csrf_token": context.get("csrf_token"),
            "next": (request.get_full_path() + (f"#c{comment.pk}" if comment is not None else "")) if request else "",
            "action": reverse("readers:signal"),
        },
    )


def comment_before_create(*, request, post, data):
    """The community guidelines once, before a reader's first comment (the draft kept on the server)."""
    return guidelines_step(request=request, post=post, data=data)


def page_notices(*, post, viewer, landed: bool) -> list[PageNotice]:
    """After a comment that sounds hard, a kind offer to be listed on the waiting page (once: a yes or no stands)."""
    if selectors.waiting_offer_due(post=post, viewer=viewer):
        return [PageNotice(template=WAITING_OFFER_TEMPLATE)]
    return []


def user_export(*, user_id: int) -> dict:
    """accounts.hooks.user_export: the reader's choices here and the support they sent."""
    from .models import ReaderSettings, SupportSignal

    choices = ReaderSettings.objects.filter(user_id=user_id).values("waiting_listed", "guidelines_accepted_at").first()
    sent = list(
        SupportSignal.objects.filter(user_id=user_id)
        .order_by("created")
        .values("kind", "post_id", "comment_id", "created")
    )
    return {"reader_choices": choices, "support_sent": sent}
