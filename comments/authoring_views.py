"""Authors' pages: list, write, edit, publish and close comments on one's own posts (thin views)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import services
from .authoring_forms import PostForm
from .models import Comment, Post
from .presentation import post_body_html

WRITE_POSTS = "comments.write_posts"

# Quick toggles on the list page: action -> (field, new value). Explicit values, so a repeated submission
# (double click, browser resend) cannot flip the setting back.
_TOGGLES = {
    "publish": ("published", True),
    "unpublish": ("published", False),
    "open_comments": ("comments_open", True),
    "close_comments": ("comments_open", False),
}
_AWAITING = (Comment.Status.PENDING, Comment.Status.HELD)


def author_post_list(*, author) -> QuerySet[Post]:
    """The author's own posts, newest first, with counts of visible comments and comments awaiting review."""
    return (
        Post.objects.filter(author=author)
        .annotate(
            visible_comments=Count("comments", filter=Q(comments__status=Comment.Status.VISIBLE)),
            awaiting_comments=Count("comments", filter=Q(comments__status__in=_AWAITING)),
        )
        .order_by("-created", "-pk")
    )


def _own_post_or_404(request: HttpRequest, pk: int) -> Post:
    # Someone else's post answers 404, like a missing one: authors can't probe which ids exist.
    return get_object_or_404(Post, pk=pk, author=request.user)


def _saved_message(post: Post, *, created: bool) -> str:
    state = "published" if post.published else "saved as a draft"
    return f"“{post.title}” was {state}." if created else f"Your changes to “{post.title}” were saved."


@login_required
@permission_required(WRITE_POSTS, raise_exception=True)
def author_posts(request: HttpRequest) -> HttpResponse:
    return render(request, "comments/author_posts.html", {"posts": author_post_list(author=request.user)})


@login_required
@permission_required(WRITE_POSTS, raise_exception=True)
def author_post_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = PostForm(request.POST)
        if form.is_valid():
            post = services.post_save(author=request.user, **form.cleaned_data)
            messages.success(request, _saved_message(post, created=True))
            return redirect("comments:author_post_edit", pk=post.pk)
        status = 400
    else:
        form = PostForm(initial={"comments_open": True})
        status = 200
    return render(request, "comments/author_post_form.html", {"form": form, "post": None}, status=status)


@login_required
@permission_required(WRITE_POSTS, raise_exception=True)
def author_post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = _own_post_or_404(request, pk)
    if request.method == "POST":
        form = PostForm(request.POST)
        if form.is_valid():
            post = services.post_save(author=request.user, post=post, **form.cleaned_data)
            messages.success(request, _saved_message(post, created=False))
            return redirect("comments:author_post_edit", pk=post.pk)
        status = 400
    else:
        form = PostForm(
            initial={
                "title": post.title,
                "body": post.body,
                "published": post.published,
                "comments_open": post.comments_open,
            }
        )
        status = 200
    context = {"form": form, "post": post, "preview": post_body_html(post)}  # imports: HTML bodies (issue 6)
    return render(request, "comments/author_post_form.html", context, status=status)


@login_required
@permission_required(WRITE_POSTS, raise_exception=True)
@require_POST
def author_post_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    post = _own_post_or_404(request, pk)
    toggle = _TOGGLES.get(request.POST.get("action", ""))
    if toggle is None:
        return HttpResponseBadRequest("Unknown action.", content_type="text/plain")
    field, value = toggle
    settings = {"published": post.published, "comments_open": post.comments_open, field: value}
    post = services.post_save(author=request.user, post=post, title=post.title, body=post.body, **settings)
    if field == "published":
        text = "is now published" if value else "is now a draft and hidden from readers"
    else:
        text = "is open for comments again" if value else "is closed to new comments"
    messages.success(request, f"“{post.title}” {text}.")
    return redirect("comments:author_posts")
