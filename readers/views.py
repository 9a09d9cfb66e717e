"""Readers' pages: the waiting page and its choice, support signals, reply guidance for the inline form, and the
community guidelines before a first comment."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from comments import selectors as comment_selectors
from comments import views as comment_views
from comments.forms import CommentForm
from comments.models import Comment, Post
from core.links import redirect_back

from . import drafts, handlers, selectors, services
from .models import SignalKind


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
@require_GET
def waiting(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "readers/waiting.html",
        {
            "entries": selectors.waiting_list(viewer=request.user),
            "listed": services.reader_settings_for(user=request.user).waiting_listed,
        },
    )


@login_required
@require_POST
def waiting_choice(request: HttpRequest) -> HttpResponse:
    listed = request.POST.get("listed")
    if listed not in ("yes", "no"):
        return HttpResponse("Please choose yes or no.", status=400, content_type="text/plain")
    services.waiting_listed_set(user=request.user, listed=listed == "yes")
    if listed == "yes":
        messages.success(
            request,
            "Thank you. Until someone answers, readers who want to send a kind word can find what you wrote.",
        )
    else:
        messages.success(request, "Understood. Your comments won't be listed. You can change this at any time.")
    return redirect_back(request, "readers:waiting")


@require_POST
def signal(request: HttpRequest) -> HttpResponse:
    """Send or take back "sending support" / "I relate" (a form without JavaScript; JSON with readers.js)."""
    if not request.user.is_authenticated:
        if _wants_json(request):
            return JsonResponse({"error": "Please log in first."}, status=403)
        target = request.POST.get("next", "")
        safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
        return redirect_to_login(target if safe else "/")
    if is_ratelimited(
        request, group="readers-signal", key="user", rate=settings.READERS_SIGNAL_RATE_LIMIT, increment=True
    ):
        message = "You have sent a lot of these in a short time. Please take a pause and try again later."
        if _wants_json(request):
            return JsonResponse({"error": message}, status=429)
        return render(request, "readers/signal_refused.html", {"message": message}, status=429)
    try:
        post = Post.objects.select_related("author").get(pk=int(request.POST.get("post", "")))
        comment_id = int(request.POST.get("comment") or 0)
    except (ValueError, Post.DoesNotExist):
        raise Http404("Nothing to send this to.") from None
    comment = comment_selectors.comment_for_viewer(comment_id=comment_id, viewer=request.user) if comment_id else None
    if (comment_id and comment is None) or not comment_selectors.post_visible_to(post=post, viewer=request.user):
        raise Http404("Nothing to send this to.")
    kind = request.POST.get("kind", "")
    try:
        on = services.signal_set(
            user=request.user, kind=kind, post=post, comment=comment, on=request.POST.get("on") == "1"
        )
    except services.SignalRefused as refused:
        if _wants_json(request):
            return JsonResponse({"error": refused.message}, status=refused.status)
        return render(request, "readers/signal_refused.html", {"message": refused.message}, status=refused.status)
    if _wants_json(request):
        counts = selectors.page_signals(post=post, comment_ids=[comment.pk] if comment else [], viewer=request.user)
        current = counts[comment.pk if comment else None]
        return JsonResponse({"kind": kind, "on": on, "count": getattr(current, kind)})
    return redirect_back(request, comment.get_absolute_url() if comment else post.get_absolute_url())


@login_required
@require_GET
def reply_guidance(request: HttpRequest, pk: int) -> JsonResponse:
    """The guidance for the inline reply form (readers.js asks when "Reply" opens it): the same words the reply page
    shows, asked only when a reader chooses to answer, so the page itself never carries them."""
    comment = comment_selectors.comment_for_viewer(comment_id=pk, viewer=request.user)
    if comment is None:
        raise Http404("No such comment.")
    response = JsonResponse({"html": handlers.reply_guidance_html(parent=comment, viewer=request.user)})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def guidelines(request: HttpRequest) -> HttpResponse:
    """The guidelines with the reader's draft under them; "I agree" records it and posts the draft."""
    draft = drafts.draft_of(request)
    post = Post.objects.filter(pk=draft["post"]).first() if draft else None
    if request.method == "POST":
        services.guidelines_accept(user=request.user)
        if draft is None or post is None or not comment_selectors.post_visible_to(post=post, viewer=request.user):
            drafts.draft_forget(request)
            messages.success(request, "Thank you for reading the guidelines.")
            return redirect("comments:post_list")
        drafts.draft_forget(request)
        form = CommentForm({"body": draft["body"], "parent": draft.get("parent") or "", "key": draft.get("key", "")})
        if not form.is_valid():
            return comment_views._compose_page(request, post=post, form=form, status=400)
        return comment_views.comment_submit(request, post=post, form=form)
    parent = None
    if draft and draft.get("parent"):
        parent = Comment.objects.filter(pk=draft["parent"]).select_related("commenter").first()
    return render(
        request,
        "readers/guidelines.html",
        {"draft": draft, "post": post, "parent": parent, "SignalKind": SignalKind},
    )
