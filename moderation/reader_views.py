"""Readers' pages of moderation: report a comment or a post, read notices about one's comments, appeal."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from comments.models import Comment, Post
from comments.presentation import post_body_html
from comments.selectors import comment_visible_to, post_visible_to
from comments.text import render_text

from .models import AuthorNotice, NoticeKind
from .reader_forms import AppealForm, ReportForm
from .selectors import notices as notice_selectors
from .services import appeals, notices, reports
from .services import messages as texts

DEFAULT_REPORT_RATE_LIMIT = "20/h"
_STATUS_TEMPLATE = "moderation/reader/status.html"


def _status_page(request: HttpRequest, *, title: str, message: str, status: int, back_url: str = "") -> HttpResponse:
    return render(request, _STATUS_TEMPLATE, {"title": title, "message": message, "back_url": back_url}, status=status)


def reader_required(view):
    """Signed-in readers only: a GET goes to the log-in page and comes back; anything else is refused (403)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            return redirect_to_login(request.get_full_path())
        return _status_page(request, title="Please log in", message="Please log in to do that.", status=403)

    return wrapped


def _sanctioned_page(request: HttpRequest, back_url: str) -> HttpResponse:
    return _status_page(
        request,
        title="Reports are paused for your account",
        message=(
            "While your account is suspended or banned you can read the conversations, but you can't send "
            "reports. Notes from the moderators are on your notices page."
        ),
        status=403,
        back_url=back_url,
    )


def _rate_limited(request: HttpRequest) -> bool:
    rate = getattr(settings, "REPORT_RATE_LIMIT", DEFAULT_REPORT_RATE_LIMIT)
    return is_ratelimited(request, group="moderation.report", key="user", rate=rate, method="POST", increment=True)


def _too_many(request: HttpRequest, back_url: str) -> HttpResponse:
    # 429, not django-ratelimit's 403: the reader did nothing wrong, they only need to wait.
    return _status_page(
        request,
        title="Please wait a little",
        message=(
            "You've sent a lot of reports in a short time, so we've paused them for a while. Thank you for "
            "looking out for others; the moderators are working through what has come in. If someone is in "
            "danger right now, the Need help now? page lists people who can help at any hour."
        ),
        status=429,
        back_url=back_url,
    )


def _thanks(reason: str) -> str:
    if reason == "crisis":
        return (
            "Thank you for looking out for them. The moderators have been alerted and will look at this first. "
            "If you know the person and think they are in immediate danger, please contact your local "
            "emergency number."
        )
    return "Thank you for telling us. A moderator will look at it; you don't need to do anything else."


def _report(
    request: HttpRequest, *, comment: Comment | None, post: Post, back_url: str, body_html, author_name: str
) -> HttpResponse:
    """The shared GET/POST of both report pages, once the target is known to exist and be reportable."""
    target = "comment" if comment is not None else "post"
    if reports.already_reported(user=request.user, comment=comment, post=post):
        if request.method == "POST":
            messages.info(request, str(reports.AlreadyReported().message))
            return redirect(back_url)
        return _status_page(
            request,
            title="You've reported this already",
            message=f"Thank you. A moderator will look at this {target}; there is nothing more you need to do.",
            status=200,
            back_url=back_url,
        )
    status = 200
    if request.method == "POST":
        if _rate_limited(request):
            return _too_many(request, back_url)
        form = ReportForm(request.POST)
        if form.is_valid():
            return _report_send(request, form=form, comment=comment, post=post, back_url=back_url)
        status = 400
    else:
        form = ReportForm()
    return render(
        request,
        "moderation/reader/report.html",
        {
            "form": form,
            "target": target,
            "post": post,
            "comment": comment,
            "author_name": author_name,
            "body_html": body_html,
            "back_url": back_url,
        },
        status=status,
    )


def _report_send(request: HttpRequest, *, form: ReportForm, comment: Comment | None, post: Post, back_url: str):
    """A valid report: record it and answer with where the reader goes next."""
    try:
        result = reports.report_create(
            reporter=request.user,
            comment=comment,
            post=post if comment is None else None,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
    except reports.AlreadyReported as refused:
        messages.info(request, refused.message)
        return redirect(back_url)
    except reports.ReportRefused as refused:
        return _status_page(
            request,
            title="That report couldn't be sent",
            message=refused.message,
            status=refused.status,
            back_url=back_url,
        )
    messages.success(request, _thanks(form.cleaned_data["reason"]))
    if result.hidden:
        return redirect(post.get_absolute_url())
    return redirect(back_url)


@require_http_methods(["GET", "POST"])
@reader_required
def comment_report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = Comment.objects.select_related("post", "post__author", "commenter").filter(pk=pk).first()
    if (
        comment is None
        or not comment.post.published
        or not post_visible_to(post=comment.post, viewer=request.user)
        or comment.status not in (Comment.Status.VISIBLE, Comment.Status.HELD)
    ):
        return _status_page(
            request,
            title="This comment is no longer here",
            message="It may have been deleted by its author or removed by a moderator.",
            status=404,
        )
    back_url = comment.get_absolute_url()
    if not reports.user_may_report(user=request.user):
        return _sanctioned_page(request, back_url)
    if comment.commenter.user_id == request.user.pk:
        return _status_page(
            request,
            title="This is your own comment",
            message="You can't report your own comment. If you'd rather it wasn't there, you can edit or delete it.",
            status=403,
            back_url=back_url,
        )
    if comment.status == Comment.Status.HELD and not comment_visible_to(comment=comment, viewer=request.user):
        # Hidden since the reader opened the page (other reports, or the care check): already in hand.
        return _status_page(
            request,
            title="A moderator is already looking at this",
            message="Thank you. This comment is hidden until a moderator has read it.",
            status=200,
            back_url=comment.post.get_absolute_url(),
        )
    return _report(
        request,
        comment=comment,
        post=comment.post,
        back_url=back_url,
        body_html=render_text(comment.body),
        author_name=comment.commenter.display_name,
    )


@require_http_methods(["GET", "POST"])
@reader_required
def post_report(request: HttpRequest, slug: str) -> HttpResponse:
    post = Post.objects.select_related("author").filter(slug=slug, published=True).first()
    if post is None:
        return _status_page(
            request, title="This post is no longer here", message="It may have been taken down.", status=404
        )
    back_url = post.get_absolute_url()
    if not reports.user_may_report(user=request.user):
        return _sanctioned_page(request, back_url)
    if post.author_id == request.user.pk:
        return _status_page(
            request,
            title="This is your own post",
            message="You can't report your own post. You can edit it from your writing page.",
            status=403,
            back_url=back_url,
        )
    return _report(
        request,
        comment=None,
        post=post,
        back_url=back_url,
        body_html=post_body_html(post),  # imports: HTML bodies (issue 6)
        author_name=post.author.display_name,
    )


# --- notices and appeals --------------------------------------------------------------------------------------


@require_GET
@reader_required
def notice_list(request: HttpRequest) -> HttpResponse:
    rows = notice_selectors.author_notice_list(user=request.user)
    entries = [
        {
            "notice": notice,
            "title": texts.notice_title(notice.kind),
            "unread": notice.read_at is None,
            "can_appeal": appeals.appeal_possible(notice=notice, user=request.user),
            "appeal": getattr(notice.comment, "appeal", None) if notice.comment else None,
        }
        for notice in rows
    ]
    notices.author_notices_mark_read(user=request.user)
    return render(
        request,
        "moderation/reader/notices.html",
        {"entries": entries, "appeal_form": AppealForm(), "sanctioned": request.user.is_sanctioned},
    )


@require_http_methods(["GET", "POST"])
@reader_required
def notice_appeal(request: HttpRequest, pk: int) -> HttpResponse:
    notice = (
        AuthorNotice.objects.select_related("comment", "comment__post", "comment__commenter")
        .filter(pk=pk, user=request.user, kind=NoticeKind.REMOVED, comment__isnull=False)
        .first()
    )
    back_url = reverse("moderation:notices")
    if notice is None:
        return _status_page(
            request,
            title="There is nothing to appeal here",
            message="We couldn't find that removal among your notices.",
            status=404,
            back_url=back_url,
        )
    status, error = 200, ""
    if request.method == "POST":
        form = AppealForm(request.POST)
        if form.is_valid():
            try:
                appeals.appeal_create(user=request.user, comment=notice.comment, text=form.cleaned_data["text"])
            except appeals.AppealRefused as refused:
                status, error = refused.status, refused.message
            else:
                messages.success(
                    request,
                    "Thank you. Your appeal is with the moderators, who will read the comment again. We'll let "
                    "you know here what they decide.",
                )
                return redirect(back_url)
        else:
            status = 400
    else:
        form = AppealForm()
    return render(
        request,
        "moderation/reader/appeal.html",
        {
            "notice": notice,
            "title": texts.notice_title(notice.kind),
            "form": form,
            "error": error,
            "can_appeal": appeals.appeal_possible(notice=notice, user=request.user),
            "back_url": back_url,
        },
        status=status,
    )
