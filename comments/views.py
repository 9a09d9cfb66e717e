"""Reader-facing pages: the post list, a post with its conversation, thread pages, and writing comments."""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from moderation import selectors as care_selectors
from moderation import services as care_services
from support_site.failures import request_committed

from . import presentation, selectors, services
from .forms import CommentEditForm, CommentForm
from .models import Comment, Post
from .selectors import CommentRow

logger = logging.getLogger(__name__)

POSTS_PER_PAGE = 20


def _page_number(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("page", "1"))
    except ValueError:
        raise Http404("No such page.") from None


def _post_or_404(request: HttpRequest, slug: str) -> Post:
    post = get_object_or_404(Post.objects.select_related("author"), slug=slug)
    if not selectors.post_visible_to(post=post, viewer=request.user):
        raise Http404("No such post.")
    return post


def _comment_or_404(request: HttpRequest, pk: int) -> Comment:
    comment = selectors.comment_for_viewer(comment_id=pk, viewer=request.user)
    if comment is None:
        raise Http404("No such comment.")
    return comment


def _single_entry(request: HttpRequest, comment: Comment) -> presentation.CommentEntry:
    """A comment shown on its own (reply, edit and delete pages)."""
    row = CommentRow(comment=comment, shown=True, parent_shown=False, parent_name="")
    return presentation.comment_entry(
        row=row,
        viewer=request.user,
        post=comment.post,
        may_comment=services.user_may_comment(user=request.user),
    )


@require_GET
def post_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.post_list(), POSTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "comments/post_list.html", {"page": page})


@require_GET
def post_detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = _post_or_404(request, slug)
    page = selectors.post_page(post=post, viewer=request.user, page=_page_number(request))
    if page is None:
        raise Http404("No such page.")
    may_comment = services.user_may_comment(user=request.user)
    entries, closing = presentation.conversation_entries(
        rows=page.rows, viewer=request.user, post=post, may_comment=may_comment, more=page.more
    )
    own_pending = request.user.is_authenticated and any(
        row.comment.status == Comment.Status.PENDING and row.comment.commenter.user_id == request.user.pk
        for row in page.rows
    )
    return render(
        request,
        "comments/post_detail.html",
        {
            "resources_notice": care_selectors.resources_notice_for(post=post, viewer=request.user),
            "refresh_while_checking": own_pending,
            "post": post,
            "body_html": presentation.post_body_html(post),  # imports: HTML bodies (issue 6)
            "page": page,
            "entries": entries,
            "closing": closing,
            "may_comment": may_comment,
            "form": CommentForm() if may_comment and post.published and post.comments_open else None,
        },
    )


@require_GET
def thread(request: HttpRequest, pk: int) -> HttpResponse:
    root = selectors.thread_root_for(comment_id=pk, viewer=request.user)
    if root is None:
        raise Http404("No such conversation.")
    page = selectors.thread_page(root=root, viewer=request.user, page=_page_number(request))
    if page is None:
        raise Http404("No such page.")
    may_comment = services.user_may_comment(user=request.user)
    entries, closing = presentation.conversation_entries(
        rows=page.rows, viewer=request.user, post=root.post, may_comment=may_comment
    )
    return render(
        request,
        "comments/thread.html",
        {
            "post": root.post,
            "page": page,
            "entries": entries,
            "closing": closing,
            "may_comment": may_comment,
            "form": CommentForm() if may_comment and root.post.published and root.post.comments_open else None,
            "post_page_url": selectors.thread_post_page_url(root=root, viewer=request.user),
        },
    )


@require_GET
def permalink(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment_or_404(request, pk)
    return redirect(selectors.comment_location(comment=comment, viewer=request.user))


def _compose_page(request: HttpRequest, *, post: Post, form: CommentForm, status: int, error: str = "") -> HttpResponse:
    """The comment form on a page of its own, with the reader's text kept, after a rejected POST."""
    parent_entry = None
    try:
        parent_id = int(request.POST.get("parent") or 0)
    except ValueError:
        parent_id = 0
    if parent_id:
        parent = selectors.comment_for_viewer(comment_id=parent_id, viewer=request.user)
        if parent is not None and parent.post_id == post.pk:
            parent_entry = _single_entry(request, parent)
    return render(
        request,
        "comments/comment_compose.html",
        {
            "post": post,
            "form": form,
            "parent_entry": parent_entry,
            "error": error,
            "status": status,
            "may_comment": services.user_may_comment(user=request.user),
        },
        status=status,
    )


@require_POST
def comment_create(request: HttpRequest, slug: str) -> HttpResponse:
    post = _post_or_404(request, slug)
    form = CommentForm(request.POST)
    if not request.user.is_authenticated:
        return _compose_page(request, post=post, form=form, status=403, error="Please log in to join the conversation.")
    if not form.is_valid():
        return _compose_page(request, post=post, form=form, status=400)
    # Called directly, not as a decorator: the decorator answers 403, and a pause deserves its own kind page.
    if is_ratelimited(request, group="comment-create", key="user", rate=settings.COMMENT_RATE_LIMIT, increment=True):
        return _compose_page(request, post=post, form=form, status=429)
    try:
        comment = services.comment_create(
            user=request.user,
            post=post,
            parent_id=form.cleaned_data["parent"],
            body=form.cleaned_data["body"],
        )
    except services.CommentRejected as rejected:
        return _compose_page(request, post=post, form=form, status=rejected.status, error=rejected.message)
    # The comment is committed: from here on nothing may answer with an error that invites a second post.
    location = comment.get_absolute_url()
    request_committed(request, location=location)
    try:
        # The author lands on their comment once it is checked, so a crisis message can greet them; if the check
        # takes longer, the page says so and refreshes itself.
        care_services.comment_check_wait(comment=comment, timeout=settings.CARE_WAIT_FOR_CHECK_SECONDS)
        messages.success(request, "Thank you. Your comment is posted.")
    except Exception:
        logger.exception("comment %s is saved; answering normally despite an error after the commit", comment.pk)
    return redirect(location)


@require_GET
def comment_reply(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment_or_404(request, pk)
    entry = _single_entry(request, comment)
    form = CommentForm(initial={"parent": comment.pk}) if entry.can_reply else None
    return render(
        request,
        "comments/comment_reply.html",
        {
            "post": comment.post,
            "entry": entry,
            "form": form,
            "may_comment": services.user_may_comment(user=request.user),
        },
    )


def _not_allowed(request: HttpRequest, comment: Comment, message: str) -> HttpResponse:
    return render(
        request,
        "comments/comment_not_allowed.html",
        {"post": comment.post, "comment": comment, "message": message},
        status=403,
    )


@require_http_methods(["GET", "POST"])
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment_or_404(request, pk)
    if not services.comment_can_edit(comment=comment, user=request.user):
        return _not_allowed(
            request,
            comment,
            f"Comments can be edited by their author for {settings.COMMENT_EDIT_WINDOW_MINUTES} minutes "
            "after posting. You can still delete your own comment.",
        )
    status, error = 200, ""
    if request.method == "POST":
        form = CommentEditForm(request.POST)
        if form.is_valid():
            try:
                services.comment_edit(comment=comment, user=request.user, body=form.cleaned_data["body"])
            except services.CommentRejected as rejected:
                status, error = rejected.status, rejected.message
            else:
                messages.success(request, "Your comment is updated.")
                return redirect(comment.get_absolute_url())
        else:
            status = 400
    else:
        # The author's own waiting edit, if there is one (see presentation.comment_entry).
        form = CommentEditForm(initial={"body": getattr(comment, "unchecked_body", "") or comment.body})
    return render(
        request,
        "comments/comment_edit.html",
        {
            "post": comment.post,
            "comment": comment,
            "form": form,
            "error": error,
            "editable_until": services.comment_editable_until(comment),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment_or_404(request, pk)
    if not services.comment_can_delete(comment=comment, user=request.user):
        return _not_allowed(request, comment, "Only the person who wrote a comment can delete it.")
    if request.method == "POST":
        services.comment_delete(comment=comment, user=request.user)
        messages.success(request, "Your comment is deleted.")
        parent = (
            selectors.comment_for_viewer(comment_id=comment.parent_id, viewer=request.user)
            if comment.parent_id
            else None
        )
        if parent is not None:
            return redirect(selectors.comment_location(comment=parent, viewer=request.user))
        return redirect(comment.post.get_absolute_url())
    return render(
        request,
        "comments/comment_delete.html",
        {"post": comment.post, "entry": _single_entry(request, comment)},
    )
