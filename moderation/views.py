"""The moderators' queue pages. Thin: forms validate, moderation.services act, moderation.selectors read."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comments.models import Commenter

from .forms import (
    AuthorMessageForm,
    BulkForm,
    DismissForm,
    KeepPrivateForm,
    MessageTemplateForm,
    NoteForm,
    PublishingForm,
    QueueFilterForm,
    RedactForm,
    RemoveForm,
    SanctionForm,
    SuspendForm,
)
from .permissions import is_moderator, is_senior
from .selectors import audit, queue, stats
from .selectors import item_detail as detail_selectors
from .selectors.queue import QueueFilters
from .services import decisions, sanctions
from .services import items as item_services
from .services import messages as texts
from .services.decisions import ConfirmationNeeded
from .services.items import ActionRefused

AUDIT_PAGE_SIZE = 50


def moderator_required(view=None, *, senior: bool = False):
    """Anonymous GETs go to log-in; every other request without the permission gets 403 (POSTs included).

    The wrapped view carries `moderation_access` ("moderator" or "senior") so the access test can check every
    URL of the queue against the rule it should follow.
    """

    def decorator(function):
        @wraps(function)
        def wrapped(request: HttpRequest, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                if request.method in ("GET", "HEAD"):
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied
            if not is_moderator(user) or (senior and not is_senior(user)):
                raise PermissionDenied
            return function(request, *args, **kwargs)

        wrapped.moderation_access = "senior" if senior else "moderator"
        return wrapped

    return decorator(view) if view is not None else decorator


def _refused(request: HttpRequest, refused: ActionRefused, *, back_url: str = "") -> HttpResponse:
    return render(
        request,
        "moderation/queue/refused.html",
        {"message": refused.message, "status": refused.status, "back_url": back_url or reverse("moderation:queue")},
        status=refused.status,
    )


def _invalid(request: HttpRequest, form, *, back_url: str) -> HttpResponse:
    return render(request, "moderation/queue/invalid.html", {"form": form, "back_url": back_url}, status=400)


def _item_url(pk: int, query: str = "") -> str:
    return reverse("moderation:item", kwargs={"pk": pk}) + (f"?{query}" if query else "")


def _queue_url(query: str = "") -> str:
    return reverse("moderation:queue") + (f"?{query}" if query else "")


def _filter_form(request: HttpRequest) -> QueueFilterForm:
    return QueueFilterForm(request.GET, moderators=queue.queue_moderators())


def _kept_query(request: HttpRequest, *, page: bool = False) -> str:
    """The queue's filters from this request's URL, to carry to the next page: bookmarkable GET parameters."""
    kept = QueryDict(mutable=True)
    for name in (*QueueFilterForm.KEPT, *(("page",) if page else ())):
        value = request.GET.get(name, "")
        if value:
            kept[name] = value
    return kept.urlencode()


def _filters_or_none(request: HttpRequest) -> tuple[QueueFilters, str]:
    """The filters an item page or a decision carries, and their query string. Unusable ones are dropped (the
    list page says what was wrong with them; an item still opens)."""
    form = _filter_form(request)
    if not form.is_valid():
        return QueueFilters(), ""
    return form.filters(), _kept_query(request)


# --- the list --------------------------------------------------------------------------------------------


@moderator_required
@require_GET
def queue_list(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    if not form.is_valid():
        return render(
            request,
            "moderation/queue/invalid.html",
            {
                "form": form,
                "back_url": reverse("moderation:queue"),
                "intro": "These filters can't be used, so nothing is listed. Please correct them, or reset them.",
                "back_label": "Reset filters",
            },
            status=400,
        )
    result = queue.review_queue_page(
        filters=form.filters(), viewer=request.user, page_number=form.cleaned_data.get("page") or 1
    )
    query = _kept_query(request)
    return render(
        request,
        "moderation/queue/list.html",
        {
            "result": result,
            "filters": result.filters,
            "form": form,
            "query": query,
            "list_query": _kept_query(request, page=True),
            "item_q": f"?{query}" if query else "",
            "filtered": bool(query),
            "senior": is_senior(request.user),
            "bulk_form": BulkForm(),
        },
    )


@moderator_required
@require_POST
def queue_bulk(request: HttpRequest) -> HttpResponse:
    form = BulkForm(request.POST)
    if not form.is_valid():
        return _invalid(request, form, back_url=reverse("moderation:queue"))
    try:
        result = decisions.items_bulk(
            item_ids=form.cleaned_data["items"],
            moderator=request.user,
            action=form.cleaned_data["action"],
            note=form.cleaned_data["note"],
        )
    except ActionRefused as refused:
        return _refused(request, refused)
    verb = "Approved" if form.cleaned_data["action"] == "approve" else "Removed"
    if result.done:
        messages.success(request, f"{verb} {len(result.done)} item{'s' if len(result.done) != 1 else ''}.")
    if result.refused:
        named = "; ".join(
            f"item {item_id} ({what}: {', '.join(decisions.SENSITIVE_LABELS[c] for c in cats)})"
            for item_id, what, cats in result.refused
        )
        messages.error(
            request,
            f"Not included, and not changed: {named}. Crisis, hostile and personal-details items are never decided "
            "in bulk: please open each one and decide it on its own.",
        )
    for item_id, reason in result.skipped:
        messages.warning(request, f"Item {item_id} was skipped: {reason}")
    return redirect(_queue_url(_kept_query(request, page=True)))  # back to the same filtered list


# --- one item --------------------------------------------------------------------------------------------


@moderator_required
@require_GET
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    filters, query = _filters_or_none(request)
    detail = detail_selectors.review_item_detail(item_id=pk, viewer=request.user, filters=filters)
    if detail is None:
        raise Http404("No such item.")
    # The list beside the item (wide screens): the page of the same filtered queue that holds it.
    pane = queue.review_queue_page(
        filters=filters,
        viewer=request.user,
        page_number=queue.review_queue_page_of(item=detail.item, viewer=request.user, filters=filters),
        with_counts=False,
    )
    name = detail.author.display_name if detail.author else ""
    text = detail.comment.body if detail.comment else detail.post.plain_text()  # imports: HTML post bodies
    return render(
        request,
        "moderation/queue/item.html",
        {
            "detail": detail,
            "item": detail.item,
            "senior": is_senior(request.user),
            "note_form": NoteForm(),
            "remove_form": RemoveForm(),
            "redact_form": RedactForm(initial={"body": text}),
            "warn_form": AuthorMessageForm(initial={"message": texts.message_for(key="warn", name=name)}),
            "care_form": AuthorMessageForm(initial={"message": texts.message_for(key="reached_out", name=name)}),
            "suspend_form": SuspendForm(initial={"item": pk, "days": 1}),
            "sanction_form": SanctionForm(initial={"item": pk}),
            "removal_reasons": texts.REMOVAL_REASONS,
            "next_id": None
            if detail.next_id
            else queue.review_queue_next(viewer=request.user, exclude_id=pk, filters=filters),
            "now": timezone.now(),
            "pane": pane,
            "query": query,
            "q": f"?{query}" if query else "",
        },
    )


@moderator_required
@require_POST
def item_claim(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        item = item_services.item_claim(item_id=pk, moderator=request.user)
    except ActionRefused as refused:
        return _refused(request, refused, back_url=_item_url(pk))
    until = timezone.localtime(item.claimed_until).strftime("%H:%M")
    messages.success(request, f"This item is yours until {until}. Other moderators can see you're on it.")
    return redirect(_item_url(pk))


@moderator_required
@require_POST
def item_release(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        item_services.item_release(item_id=pk, moderator=request.user)
    except ActionRefused as refused:
        return _refused(request, refused, back_url=_item_url(pk))
    messages.success(request, "You handed the item back to the queue.")
    return redirect(_item_url(pk))


# action name in the URL -> (form, service, message after it worked). The form's fields are the service's
# keyword arguments.
ITEM_ACTIONS = {
    "approve": (PublishingForm, decisions.item_approve, "Approved: the comment is visible to everyone."),
    "remove": (RemoveForm, decisions.item_remove, "Removed. The author has been told why."),
    "keep": (PublishingForm, decisions.item_keep, "Kept and marked handled."),
    "keep-private": (
        KeepPrivateForm,
        decisions.item_keep_private,
        "Handled and kept private: only the author and moderators can see the comment. The author has been told, "
        "kindly, with the crisis resources.",
    ),
    "dismiss": (DismissForm, decisions.item_dismiss_flag, "The flag was dismissed as a false alarm."),
    "redact": (RedactForm, decisions.item_redact, "The text was redacted. Now decide whether it can be shown."),
    "warn": (AuthorMessageForm, decisions.item_warn, "The warning was sent to the author."),
    "escalate": (NoteForm, decisions.item_escalate, "Escalated to the senior moderators."),
    "reached-out": (AuthorMessageForm, decisions.item_reached_out, "Your message and the crisis resources were sent."),
}


@moderator_required
@require_POST
def item_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    form_class, service, done = ITEM_ACTIONS[action]
    form = form_class(request.POST)
    filters, query = _filters_or_none(request)
    from_list = request.POST.get("from") == "list"  # a quick decision in the list: back to the same list page
    back_url = _queue_url(_kept_query(request, page=True)) if from_list else _item_url(pk, query)
    if not form.is_valid():
        return _invalid(request, form, back_url=back_url)
    try:
        service(item_id=pk, moderator=request.user, **form.cleaned_data)
    except ConfirmationNeeded as needed:
        # Nothing changed: say what will happen, and let the moderator send the same decision again, confirmed.
        carried = {name: value for name, value in form.cleaned_data.items() if name != "confirmed"}
        return render(
            request,
            "moderation/queue/confirm.html",
            {
                "effect": needed.effect,
                "action": action,
                "action_url": reverse(f"moderation:item_{action.replace('-', '_')}", kwargs={"pk": pk})
                + (f"?{query}" if query else ""),
                "carried": carried,
                "back_url": _item_url(pk, query),
                "item_id": pk,
            },
        )
    except ActionRefused as refused:
        return _refused(request, refused, back_url=back_url)
    if from_list:
        messages.success(request, f"Item {pk}: {done}")
        return redirect(back_url)
    if queue.review_item_waits_for(item_id=pk, viewer=request.user):
        messages.success(request, done)
        return redirect(_item_url(pk, query))
    # Decided (or handed to the senior moderators): the next item opens, and its heading takes the focus.
    following = queue.review_queue_after(item_id=pk, viewer=request.user, filters=filters)
    if following is None:
        messages.success(request, f"{done} Nothing else is waiting here.")
        return redirect(_queue_url(query))
    messages.success(request, f"{done} The next item is open.", extra_tags="next-opened")
    return redirect(_item_url(following, query))


# --- authors ---------------------------------------------------------------------------------------------


@moderator_required
@require_GET
def author_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    author = get_object_or_404(get_user_model(), pk=user_id)
    commenter_id = Commenter.objects.filter(user=author).values_list("pk", flat=True).first()
    return render(
        request,
        "moderation/queue/author.html",
        {
            "author": author,
            "history": detail_selectors.author_history(user=author, commenter_id=commenter_id),
            "senior": is_senior(request.user),
            "suspend_form": SuspendForm(initial={"days": 1}),
            "sanction_form": SanctionForm(),
            "now": timezone.now(),
        },
    )


def _sanction_view(service, form_class, done: str):
    @require_POST
    def view(request: HttpRequest, user_id: int) -> HttpResponse:
        form = form_class(request.POST)
        author_url = reverse("moderation:author", kwargs={"user_id": user_id})
        if not form.is_valid():
            return _invalid(request, form, back_url=author_url)
        data = dict(form.cleaned_data)
        item_id = data.pop("item", None)
        try:
            service(user_id=user_id, moderator=request.user, item_id=item_id, **data)
        except ActionRefused as refused:
            return _refused(request, refused, back_url=_item_url(item_id) if item_id else author_url)
        messages.success(request, done)
        return redirect(_item_url(item_id) if item_id else author_url)

    return view


author_suspend = moderator_required(
    _sanction_view(sanctions.author_suspend, SuspendForm, "The account is suspended. The author has been told.")
)
author_lift_suspension = moderator_required(
    _sanction_view(sanctions.author_lift_suspension, SanctionForm, "The suspension was lifted.")
)
author_ban = moderator_required(
    _sanction_view(sanctions.author_ban, SanctionForm, "The account is banned, and its address can't sign up again."),
    senior=True,
)
author_lift_ban = moderator_required(
    _sanction_view(sanctions.author_lift_ban, SanctionForm, "The ban was lifted."), senior=True
)


# --- audit log -------------------------------------------------------------------------------------------


def _page(request: HttpRequest, rows):
    return Paginator(rows, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))


@moderator_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "moderation/queue/audit.html",
        {"page": _page(request, audit.audit_actions()), "moderators": audit.audit_moderators(), "subject": None},
    )


@moderator_required
@require_GET
def audit_moderator(request: HttpRequest, moderator_id: int) -> HttpResponse:
    moderator = get_object_or_404(get_user_model(), pk=moderator_id)
    return render(
        request,
        "moderation/queue/audit.html",
        {
            "page": _page(request, audit.audit_actions(moderator_id=moderator.pk)),
            "moderators": audit.audit_moderators(),
            "subject": moderator,
        },
    )


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    if not value:
        return None
    if not value.isdigit() or len(value) > 18:
        raise ActionRefused(f"“{name}” must be a number.", status=400)
    return int(value)


@moderator_required
@require_GET
def audit_csv(request: HttpRequest) -> HttpResponse:
    try:
        filters = {name: _int_param(request, name) for name in ("moderator", "comment", "item")}
    except ActionRefused as refused:
        return _refused(request, refused, back_url=reverse("moderation:audit"))
    rows = audit.audit_actions(
        moderator_id=filters["moderator"], comment_id=filters["comment"], item_id=filters["item"]
    )
    response = StreamingHttpResponse(audit.audit_csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="moderation-log-{timezone.now():%Y%m%d-%H%M}.csv"'
    return response


# --- editable messages -----------------------------------------------------------------------------------


@moderator_required(senior=True)
@require_GET
def message_templates(request: HttpRequest) -> HttpResponse:
    templates = [texts.message_template_get(key=key) for key in texts.DEFAULT_TEMPLATES]
    return render(request, "moderation/queue/messages.html", {"templates": templates})


@moderator_required(senior=True)
@require_http_methods(["GET", "POST"])
def message_template_edit(request: HttpRequest, key: str) -> HttpResponse:
    if key not in texts.DEFAULT_TEMPLATES:
        raise Http404("No such message.")
    template = texts.message_template_get(key=key)
    form = MessageTemplateForm(request.POST if request.method == "POST" else None, instance=template)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "moderation/queue/message_edit.html", {"form": form, "key": key}, status=400)
        texts.message_template_save(
            key=key, subject=form.cleaned_data["subject"], body=form.cleaned_data["body"], moderator=request.user
        )
        messages.success(request, "The message was saved. It will be used from now on.")
        return redirect("moderation:messages")
    return render(request, "moderation/queue/message_edit.html", {"form": form, "key": key})


# --- stats -----------------------------------------------------------------------------------------------


@moderator_required
@require_GET
def queue_stats(request: HttpRequest) -> HttpResponse:
    return render(request, "moderation/queue/stats.html", {"stats": stats.moderation_stats()})
