"""Account pages: thin views over accounts.services and Django's auth views."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from . import services
from .forms import (
    AccountPasswordResetForm,
    DeleteAccountForm,
    DisplayNameForm,
    EmailChangeForm,
    LoginForm,
    SignupForm,
)
from .throttle import login_throttle_clear

# Per-IP (or per-address, per-account) limits; each can be changed in settings without touching the code.
_DEFAULT_RATES = {
    "ACCOUNTS_LOGIN_RATE_LIMIT": "10/m",
    "ACCOUNTS_SIGNUP_RATE_LIMIT": "20/h",
    "ACCOUNTS_PASSWORD_RESET_RATE_LIMIT": "5/m",
    "ACCOUNTS_PASSWORD_RESET_ADDRESS_RATE_LIMIT": "5/h",
    "ACCOUNTS_VERIFY_RESEND_RATE_LIMIT": "3/h",
    "ACCOUNTS_EMAIL_CHANGE_RATE_LIMIT": "3/h",
    "ACCOUNTS_EXPORT_RATE_LIMIT": "10/h",
}


def _rate(name: str) -> str:
    return getattr(settings, name, _DEFAULT_RATES[name])


def _limited(request: HttpRequest, *, group: str, rate_setting: str, key="ip") -> bool:
    """Count this POST against a limit; True when the limit is exceeded."""
    return is_ratelimited(request, group=group, key=key, rate=_rate(rate_setting), method="POST", increment=True)


def _too_many(request: HttpRequest) -> HttpResponse:
    # 429, not django-ratelimit's 403: the person did nothing forbidden, they only need to wait.
    return render(request, "accounts/rate_limited.html", status=429)


def _submitted_address(group: str, request: HttpRequest) -> str:
    return (request.POST.get("email") or "").strip().lower()


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


# --- Sign-up and e-mail verification ------------------------------------------------------------------------


# The sign-up this browser made, for verify_email: {"user": id or None, "next": path or ""}.
_PENDING_SIGNUP = "accounts.pending_signup"


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:account")
    if request.method == "POST":
        if _limited(request, group="accounts.signup", rate_setting="ACCOUNTS_SIGNUP_RATE_LIMIT"):
            return _too_many(request)
        form = SignupForm(request.POST)
        if form.is_valid():
            user = services.user_signup(
                email=form.cleaned_data["email"],
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password"],
            )
            # Nobody is logged in here, whether the account is new or the address already had one (its owner is
            # e-mailed instead): the same page, words, status and cookies either way, so sign-up tells no one which
            # addresses have accounts. Opening the link in this browser logs the new account in (verify_email).
            request.session[_PENDING_SIGNUP] = {"user": user.pk if user else None, "next": _safe_next(request) or ""}
            return redirect("accounts:signup_sent")
    else:
        form = SignupForm()
    # A refused form says so in its status too (400), with the errors on the page.
    status = 400 if form.is_bound else 200
    return render(request, "accounts/signup.html", {"form": form, "next": _safe_next(request) or ""}, status=status)


@never_cache
@require_http_methods(["GET"])
def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_sent.html")


@never_cache
@require_http_methods(["GET"])
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        verification = services.email_verification_confirm(token=token)
    except services.VerificationFailed as failure:
        return render(request, "accounts/verify_failed.html", {"reason": failure.message}, status=400)
    user = verification.user
    pending = request.session.get(_PENDING_SIGNUP) or {}
    if (
        verification.first_time
        and pending.get("user") == user.pk
        and not request.user.is_authenticated
        and user.is_active
    ):
        # Only in the browser that signed up, and only the first time: a link scanner or anyone else who opens the
        # link confirms the address but is not logged in, and an old link never logs anyone in.
        request.session.pop(_PENDING_SIGNUP, None)
        login(request, user)
        messages.success(request, f"Thank you, your address is confirmed. Welcome, {user.display_name}.")
        return redirect(pending.get("next") or reverse("comments:post_list"))
    return render(request, "accounts/verify_done.html", {"verified_user": user})


@login_required
@require_POST
def verify_resend(request: HttpRequest) -> HttpResponse:
    if request.user.email_verified:
        messages.info(request, "Your e-mail address is already confirmed.")
        return redirect("accounts:account")
    if _limited(request, group="accounts.verify_resend", rate_setting="ACCOUNTS_VERIFY_RESEND_RATE_LIMIT", key="user"):
        return _too_many(request)
    services.email_verification_send(user=request.user)
    messages.success(request, f"We've sent a new link to {request.user.email}. It can take a few minutes to arrive.")
    return redirect("accounts:account")


# --- A new address, and everything you wrote (issue 15) ------------------------------------------------------


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "POST"])
def email_change(request: HttpRequest) -> HttpResponse:
    form = EmailChangeForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if _limited(
            request, group="accounts.email_change", rate_setting="ACCOUNTS_EMAIL_CHANGE_RATE_LIMIT", key="user"
        ):
            return _too_many(request)
        if form.is_valid():
            services.email_change_request(user=request.user, new_email=form.cleaned_data["email"])
            messages.success(
                request,
                f"We've sent a link to {form.cleaned_data['email']}. Your address changes once you open it; "
                "until then we keep writing to your current one.",
            )
            return redirect("accounts:account")
    return render(request, "accounts/email_change.html", {"form": form}, status=400 if form.is_bound else 200)


@require_http_methods(["GET"])
def email_change_confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = services.email_change_confirm(token=token)
    except services.VerificationFailed as failure:
        return render(request, "accounts/verify_failed.html", {"reason": failure.message}, status=400)
    return render(request, "accounts/verify_done.html", {"verified_user": user, "changed": True})


@login_required
@require_http_methods(["GET", "POST"])
def export(request: HttpRequest) -> HttpResponse:
    """Everything you wrote (posts, comments) and chose (preferences), as one JSON file (a POST, so a link
    someone else sends cannot start it; GET shows the page with the button)."""
    if request.method == "GET":
        return render(request, "accounts/export.html")
    if _limited(request, group="accounts.export", rate_setting="ACCOUNTS_EXPORT_RATE_LIMIT", key="user"):
        return _too_many(request)
    response = JsonResponse(services.user_export(user=request.user), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{slugify(settings.SITE_NAME) or "site"}-export.json"'
    response["Cache-Control"] = "no-store"
    return response


# --- The account page ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = DisplayNameForm(request.POST)
        if form.is_valid():
            services.user_update_display_name(user=request.user, display_name=form.cleaned_data["display_name"])
            messages.success(request, "Your display name has been updated.")
            return redirect("accounts:account")
    else:
        form = DisplayNameForm(initial={"display_name": request.user.display_name})
    return render(request, "accounts/account.html", {"form": form}, status=400 if form.is_bound else 200)


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    blocker = services.user_deletion_blocker(user=request.user)
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and not blocker and form.is_valid():
        try:
            services.user_delete(user=request.user, wipe_comments=form.wipe_comments)
        except services.AccountDeletionRefused as refusal:
            blocker = refusal.message
        else:
            logout(request)
            messages.success(request, "Your account has been deleted. Thank you for being part of this place.")
            return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(
        request,
        "accounts/delete.html",
        {"form": form, "blocker": blocker},
        status=409 if blocker and request.method == "POST" else 200,
    )


# --- Django's auth views, with our templates, forms and rate limits -----------------------------------------


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if _limited(request, group="accounts.login", rate_setting="ACCOUNTS_LOGIN_RATE_LIMIT"):
            return _too_many(request)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, "throttled"):
            # Refused before the password was looked at: the person only needs to wait a few seconds.
            response.status_code = 429
        elif form.unconfirmed_user is not None and not _limited(
            self.request,
            group="accounts.verify_resend",
            rate_setting="ACCOUNTS_VERIFY_RESEND_RATE_LIMIT",
            key=lambda group, request: str(form.unconfirmed_user.pk),
        ):
            # The right password for an account not confirmed yet: its owner gets the link again, the page says
            # what it says for a wrong password.
            services.email_verification_send(user=form.unconfirmed_user)
        return response


class LogoutView(auth_views.LogoutView):
    # Django's LogoutView only accepts POST (GET answers 405), so a link or prefetch can't log anyone out.
    pass


class PasswordResetView(auth_views.PasswordResetView):
    form_class = AccountPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        if _limited(
            request, group="accounts.password_reset", rate_setting="ACCOUNTS_PASSWORD_RESET_RATE_LIMIT"
        ) or _limited(
            # Also per address, so many IPs can't flood one inbox. Counted whether or not an account exists,
            # so the limit reveals nothing about which addresses have accounts.
            request,
            group="accounts.password_reset_address",
            rate_setting="ACCOUNTS_PASSWORD_RESET_ADDRESS_RATE_LIMIT",
            key=_submitted_address,
        ):
            return _too_many(request)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        # A refused form says so in its status too (400), as sign-up and the account page do.
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def render_to_response(self, context, **kwargs):
        # A tampered, used or expired link: the page says so, with a 400 rather than a 200 that looks like success.
        if not context.get("validlink"):
            kwargs.setdefault("status", 400)
        return super().render_to_response(context, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        # The reset link went to the account's address, so following it proves the address is theirs.
        services.user_mark_email_verified(user=form.user)
        # Whoever was guessing this account's password can no longer keep its owner waiting.
        login_throttle_clear(email=form.user.email)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
