"""Reader-facing pages: the post list, a post with its conversation, thread pages, and writing comments."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from core.failures import request_committed

from . import hooks, presentation, selectors, services
from .forms import CommentEditForm, CommentForm
from .models import Comment, Post
from .selectors import CommentRow
from .text import quotable_sentences, quote

POSTS_PER_PAGE = 20
# The comment its author has just sent: the next page showing its post says where it stands (then forgets it).
LANDING_SESSION_KEY = "comments.landing"
# How long a sent form key lets the same form through the rate limit again (see _within_rate_limit).
FORM_KEY_MARKER_SECONDS = 3600
# Previews of a reply before posting (issue 15), per reader.
PREVIEW_RATE_LIMIT = "30/m"


@dataclass
class Landing:
    """The comment the author has just sent and where it stands (selectors.comment_author_state)."""

    comment: Comment
    state: str


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
    sort = request.GET.get("sort", selectors.DEFAULT_SORT)
    if sort not in selectors.THREAD_SORTS:
        sort = selectors.DEFAULT_SORT
    page = selectors.post_page(post=post, viewer=request.user, page=_page_number(request), sort=sort)
    if page is None:
        raise Http404("No such page.")
    may_comment = services.user_may_comment(user=request.user)
    reading = _reading(request, post=post, rows=page.rows, visit=True)
    entries, closing = presentation.conversation_entries(
        rows=page.rows, viewer=request.user, post=post, may_comment=may_comment, more=page.more, reading=reading
    )
    return render(
        request,
        "comments/post_detail.html",
        {
            **_author_notices(request, post=post, rows=page.rows),
            "post": post,
            "body_html": presentation.post_body_html(post),  # imports: HTML bodies (issue 6)
            "page": page,
            "entries": entries,
            "closing": closing,
            "may_comment": may_comment,
            "form": CommentForm() if may_comment and post.published and post.comments_open else None,
            # Threads (issue 15): the order chosen, and the links that keep it from page to page.
            "sort": sort,
            "sorts": [
                {"key": key, "label": label, "url": _sorted_url(sort=key), "current": key == sort}
                for key, label in selectors.THREAD_SORTS.items()
            ],
            "page_params": "" if sort == selectors.DEFAULT_SORT else f"&sort={sort}",
            "new_entries": [entry for entry in entries if getattr(entry, "new", False)],
        },
    )


def _reading(request: HttpRequest, *, post: Post, rows: list[CommentRow], visit: bool) -> presentation.Reading:
    """What this viewer's reading changes on the page (issue 15): crisis-flagged comments folded behind a gentle
    note (one query), and for signed-in readers the writers they muted (one query) and what is new since their
    last visit (two queries; `visit` records this one). A fixed number of queries, whatever the page holds."""
    viewer = request.user
    shown_ids = [row.comment.pk for row in rows if row.shown]
    folded = frozenset(pk for provided in hooks.comment_folds(comment_ids=shown_ids, viewer=viewer) for pk in provided)
    if not viewer.is_authenticated:
        return presentation.Reading(folded=folded)
    muted = frozenset(pk for provided in hooks.muted_writers(viewer=viewer) for pk in provided)
    new_since = services.post_visit_record(user=viewer, post=post) if visit else None
    return presentation.Reading(muted=muted, folded=folded, new_since=new_since)


def _sorted_url(*, sort: str) -> str:
    return "?" if sort == selectors.DEFAULT_SORT else f"?sort={sort}"


def _author_notices(request: HttpRequest, *, post: Post, rows: list[CommentRow]) -> dict:
    """What a page of a post tells the viewer about their own writing: the notices of the apps above (the crisis
    resources, focused when they have just sent the comment that asked for them), where their just-sent comment
    stands, and which of their comments on the page is still being checked (the check-again link and script)."""
    if not request.user.is_authenticated:
        return {"page_notices": [], "landing": None, "checking": None}
    landing = None
    landed_id = request.session.pop(LANDING_SESSION_KEY, None)
    if isinstance(landed_id, int):
        comment = selectors.comment_for_viewer(comment_id=landed_id, viewer=request.user)
        if comment is not None and comment.post_id == post.pk:
            landing = Landing(comment=comment, state=selectors.comment_author_state(comment=comment))
    own_pending = [
        row.comment
        for row in rows
        if row.comment.status == Comment.Status.PENDING and row.comment.commenter.user_id == request.user.pk
    ]
    checking = landing.comment if landing and landing.state == "checking" else next(iter(own_pending), None)
    notices = hooks.page_notices(post=post, viewer=request.user, landed=landing is not None)
    return {
        "page_notices": [notice for provided in notices for notice in provided],
        "landing": landing,
        "checking": checking,
    }


@require_GET
def comment_state(request: HttpRequest, pk: int) -> JsonResponse:
    """Where a comment stands, for the "being checked" notice's script (static/js/care.js). Only to those who may
    read the comment: its author while it is checked or held."""
    comment = _comment_or_404(request, pk)
    response = JsonResponse({"state": selectors.comment_author_state(comment=comment)})
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def thread(request: HttpRequest, pk: int) -> HttpResponse:
    root = selectors.thread_root_for(comment_id=pk, viewer=request.user)
    if root is None:
        raise Http404("No such conversation.")
    page = selectors.thread_page(root=root, viewer=request.user, page=_page_number(request))
    if page is None:
        raise Http404("No such page.")
    may_comment = services.user_may_comment(user=request.user)
    reading = _reading(request, post=root.post, rows=page.rows, visit=True)
    entries, closing = presentation.conversation_entries(
        rows=page.rows, viewer=request.user, post=root.post, may_comment=may_comment, reading=reading
    )
    return render(
        request,
        "comments/thread.html",
        {
            **_author_notices(request, post=root.post, rows=page.rows),
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
    if request.GET.get("check") and request.user.is_authenticated and comment.commenter.user_id == request.user.pk:
        # "Check again" (the being-checked notice, without JavaScript): the page says where the comment stands.
        request.session[LANDING_SESSION_KEY] = comment.pk
    return redirect(selectors.comment_location(comment=comment, viewer=request.user))


def _compose_page(
    request: HttpRequest,
    *,
    post: Post,
    form: CommentForm,
    status: int,
    error: str = "",
    nudge: str = "",
    preview=None,
) -> HttpResponse:
    """The comment form on a page of its own, with the reader's text kept, after a rejected POST, with a preview of
    the text as it would show, or (`nudge`) a draft the apps above asked the writer to look at again first."""
    parent_entry = None
    try:
        parent_id = int(form.data.get("parent") or 0)
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
            "nudge": nudge,
            "preview": preview,
            "may_comment": services.user_may_comment(user=request.user),
        },
        status=status,
    )


def _form_key_marker(request: HttpRequest, form_key: str) -> str:
    return f"comments:form-key:{request.user.pk}:{form_key}"


def _form_sent_before(request: HttpRequest, *, form_key: str) -> bool:
    """Whether this form has been sent before: its marker (_within_rate_limit), else a comment with its key."""
    if not form_key:
        return False
    return bool(cache.get(_form_key_marker(request, form_key))) or selectors.comment_form_key_used(
        user=request.user, form_key=form_key
    )


def _within_rate_limit(request: HttpRequest, *, post: Post, form_key: str, sent_before: bool) -> bool:
    """The comment rate limit, counted once per form: the same form sent again (a double click, a retry) is
    answered as the first sending was, so it passes when that sending passed or made its comment. A post's author
    answering readers in their own post has a limit of their own, higher and counted apart."""
    if sent_before:
        return True
    if post.author_id == request.user.pk:
        group, rate = "comment-create-post-author", settings.POST_AUTHOR_COMMENT_RATE_LIMIT
    else:
        group, rate = "comment-create", settings.COMMENT_RATE_LIMIT
    # Called directly, not as a decorator: the decorator answers 403, and a pause deserves its own kind page.
    if is_ratelimited(request, group=group, key="user", rate=rate, increment=True):
        return False
    if form_key:
        cache.set(_form_key_marker(request, form_key), True, timeout=FORM_KEY_MARKER_SECONDS)
    return True


def _after_sending(request: HttpRequest, comment: Comment, *, new: bool = True) -> HttpResponse:
    """Where the author lands after sending a comment (`new`) or an edit; a form sent twice lands alike twice."""
    # The apps above act on it (moderation: the request's own crisis check, and a short wait for the worker).
    anchor = next(filter(None, hooks.comment_sent(comment_id=comment.pk, new=new)), "")
    if new:
        request.session[LANDING_SESSION_KEY] = comment.pk
    if anchor:
        # A panel at the top of the page that shows the comment (the crisis resources): open the page on it.
        location = selectors.comment_location(comment=comment, viewer=request.user)
        return redirect(f"{location.split('#')[0]}#{anchor}")
    return redirect(comment.get_absolute_url())


def _draft_nudge(request: HttpRequest, *, post: Post, form: CommentForm) -> str:
    answers = hooks.comment_draft_check(
        request=request,
        post=post,
        parent_id=form.cleaned_data["parent"],
        body=form.cleaned_data["body"],
        form_key=form.cleaned_data["key"],
        anyway=request.POST.get("nudge_anyway") == "1",
    )
    return next(filter(None, answers), "")


@require_POST
def comment_create(request: HttpRequest, slug: str) -> HttpResponse:
    post = _post_or_404(request, slug)
    form = CommentForm(request.POST)
    if not request.user.is_authenticated:
        return _compose_page(request, post=post, form=form, status=403, error="Please log in to join the conversation.")
    if not form.is_valid():
        return _compose_page(request, post=post, form=form, status=400)
    if form.data.get("preview"):
        # The "Preview" button: the text rendered exactly as a posted comment is (comments.text.render_text), and
        # nothing saved. The same form key comes back, so posting from the preview still sends once.
        if is_ratelimited(request, group="comment-preview", key="user", rate=PREVIEW_RATE_LIMIT, increment=True):
            return _compose_page(request, post=post, form=form, status=429)
        preview = presentation.comment_preview(body=form.cleaned_data["body"], note=form.cleaned_data["content_note"])
        return _compose_page(request, post=post, form=form, status=200, preview=preview)
    # The apps above may ask for a step of their own first (readers: the community guidelines once), keeping the
    # draft; they send it on through comment_submit.
    step = next(filter(None, hooks.comment_before_create(request=request, post=post, data=form.cleaned_data)), None)
    if step is not None:
        return step
    return comment_submit(request, post=post, form=form)


def comment_submit(request: HttpRequest, *, post: Post, form: CommentForm) -> HttpResponse:
    """Create the comment of a valid form sent by a signed-in reader, counted by the rate limit, and answer where
    the author lands (the crisis resources first when the request's check asks for them)."""
    form_key = form.cleaned_data["key"]
    sent_before = _form_sent_before(request, form_key=form_key)
    if not _within_rate_limit(request, post=post, form_key=form_key, sent_before=sent_before):
        return _compose_page(request, post=post, form=form, status=429)
    # The apps above may ask the writer to look again first (nudges: one calm sentence, "Post anyway" posts).
    nudge = _draft_nudge(request, post=post, form=form)
    if nudge:
        return _compose_page(request, post=post, form=form, status=200, nudge=nudge)
    try:
        comment = services.comment_create(
            user=request.user,
            post=post,
            parent_id=form.cleaned_data["parent"],
            body=form.cleaned_data["body"],
            form_key=form_key,
            content_note=form.cleaned_data["content_note"],
            # A first sending (no marker, no comment with its key): the service need not look for the key again.
            form_key_unused=not sent_before,
        )
    except services.CommentRejected as rejected:
        # The words come back in a form with a new key: this one may already name a comment.
        retry = CommentForm({**dict(form.data.items()), "key": ""})
        return _compose_page(request, post=post, form=retry, status=rejected.status, error=rejected.message)
    # The comment is committed: from here on nothing may answer with an error that invites a second post (the
    # failure middleware answers any later error with the redirect to it).
    request_committed(request, location=comment.get_absolute_url())
    return _after_sending(request, comment)


@require_GET
def comment_reply(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment_or_404(request, pk)
    entry = _single_entry(request, comment)
    # Issue 15: a sentence of the comment quoted at the start of the reply (?quote=<n>, a link: no script needed).
    sentences = quotable_sentences(comment.body) if entry.can_reply and entry.body_html else []
    initial = {"parent": comment.pk}
    chosen = request.GET.get("quote", "")
    if chosen.isdigit() and int(chosen) < len(sentences):
        initial["body"] = quote(sentences[int(chosen)])
    form = CommentForm(initial=initial) if entry.can_reply else None
    return render(
        request,
        "comments/comment_reply.html",
        {
            "post": comment.post,
            "entry": entry,
            "form": form,
            "sentences": sentences,
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
                services.comment_edit(
                    comment=comment,
                    user=request.user,
                    body=form.cleaned_data["body"],
                    content_note=form.cleaned_data["content_note"],
                )
            except services.CommentRejected as rejected:
                status, error = rejected.status, rejected.message
            else:
                request_committed(request, location=comment.get_absolute_url())
                messages.success(request, "Your comment is updated.")
                return _after_sending(request, comment, new=False)
        else:
            status = 400
    else:
        # The author's own waiting edit, if there is one (see presentation.comment_entry).
        form = CommentEditForm(
            initial={
                "body": getattr(comment, "unchecked_body", "") or comment.body,
                "content_note": comment.content_note,
            }
        )
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
