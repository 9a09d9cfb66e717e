"""The notifications page, follow and mute buttons, and the signed mute/unsubscribe links (no login needed)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from comments import selectors as comment_selectors
from comments.models import Post
from core.links import redirect_back

from . import selectors, services
from .forms import PreferencesForm, SubscriptionForm
from .models import Delivery, Subscription


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    prefs = services.preferences_for(user=user)
    form = PreferencesForm(request.POST or None, instance=prefs)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            services.preferences_update(
                user=user,
                no_content=data["no_content"],
                replies=data["replies"],
                post_comments=data["post_comments"],
                following=data["following"],
            )
            messages.success(request, "Your notification settings are saved.")
            return redirect("notifications:preferences")
        status = 400
    else:
        status = 200
    deliveries = selectors.deliveries_recent(user=user)
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "address_failing": prefs.address_failing(user.email),
            "prefs": prefs,
            "subscriptions": selectors.subscriptions_of(user=user),
            "writer_mutes": selectors.writer_mutes_of(user=user),
            "deliveries": deliveries,
            "Delivery": Delivery,
        },
        status=status,
    )


@login_required
@require_POST
def subscription(request: HttpRequest) -> HttpResponse:
    form = SubscriptionForm(request.POST)
    if not form.is_valid():
        return HttpResponse("That request was not understood.", status=400, content_type="text/plain")
    data = form.cleaned_data
    if data["action"] == "clear" and services.subscription_forget(
        user=request.user, target=data["target"], target_id=data["id"]
    ):
        # Before the visibility checks below: a reader can always drop their own follow or mute.
        what = "this conversation" if data["target"] == "thread" else "this post"
        messages.success(request, f"Back to normal for {what}.")
        return redirect_back(request, "notifications:preferences")
    state = {"follow": Subscription.State.FOLLOWING, "mute": Subscription.State.MUTED, "clear": None}[data["action"]]
    if data["target"] == "thread":
        # A thread the reader can see something of: its first comment may be a tombstone over visible replies.
        root = comment_selectors.thread_root_for(comment_id=data["id"], viewer=request.user)
        if root is None:
            raise Http404("No such conversation.")
        services.subscription_set(user=request.user, thread=root, state=state)
        what, fallback = "this conversation", comment_selectors.thread_post_page_url(root=root, viewer=request.user)
    else:
        post = get_object_or_404(Post, pk=data["id"])
        if not comment_selectors.post_visible_to(post=post, viewer=request.user):
            raise Http404("No such post.")
        services.subscription_set(user=request.user, post=post, state=state)
        what, fallback = "this post", post.get_absolute_url()
    done = {
        "follow": f"You follow {what}: you will hear about new comments.",
        "mute": f"You muted {what}: no more e-mails about it.",
        "clear": f"Back to normal for {what}.",
    }[data["action"]]
    messages.success(request, done)
    return redirect_back(request, fallback)


@login_required
@require_POST
def writer_mute(request: HttpRequest, pk: int) -> HttpResponse:
    comment = comment_selectors.comment_for_viewer(comment_id=pk, viewer=request.user)
    if comment is None or comment.commenter.user_id is None:
        raise Http404("No such comment.")
    if comment.commenter.user_id == request.user.pk:
        return HttpResponse("You cannot mute yourself.", status=400, content_type="text/plain")
    writer = get_user_model().objects.get(pk=comment.commenter.user_id)
    services.writer_mute_set(user=request.user, writer=writer, muted=True)
    messages.success(
        request,
        f"You muted {comment.commenter.display_name}: their comments are folded for you, and no more e-mails "
        "about them.",
    )
    return redirect_back(request, "notifications:preferences")


@login_required
@require_POST
def writer_unmute(request: HttpRequest, user_id: int) -> HttpResponse:
    if user_id == request.user.pk:
        return redirect("notifications:preferences")  # nobody can mute themselves: nothing to undo
    # Only a writer this reader muted: any other id answers 404 and never shows whose account it is.
    mute = selectors.writer_mutes_of(user=request.user).filter(writer_id=user_id).first()
    if mute is None:
        raise Http404("You have not muted this writer.")
    writer = mute.writer
    services.writer_mute_set(user=request.user, writer=writer, muted=False)
    messages.success(request, f"You will see and hear about comments by {writer.display_name} again.")
    return redirect_back(request, "notifications:preferences")


@login_required
@require_POST
def address_retry(request: HttpRequest) -> HttpResponse:
    services.preferences_retry_address(user=request.user)
    messages.success(request, "We will try your address again with the next e-mail.")
    return redirect("notifications:preferences")


# The one CSRF-exempt view: the signature is the authorization, and mail clients POST here without a session
# (RFC 8058 one-click). GET only shows what the button will do; nothing changes without a POST.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def link(request: HttpRequest, token: str) -> HttpResponse:
    try:
        action = services.link_read(token=token)
    except services.LinkInvalid as error:
        return render(request, "notifications/link_invalid.html", {"message": str(error)}, status=400)
    if request.method == "POST":
        try:
            services.link_apply(token=token)
        except ValueError:
            return render(
                request, "notifications/link_invalid.html", {"message": "This link cannot be used."}, status=400
            )
        return render(request, "notifications/link_done.html", {"action": action})
    return render(request, "notifications/link_confirm.html", {"action": action, "token": token})
