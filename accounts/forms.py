"""Account forms: they validate input and leave every write to accounts.services."""

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.email import email_queue
from core.links import absolute_url

from . import throttle
from .models import BannedEmail, User
from .names import validate_display_name

DISPLAY_NAME_HELP = "Shown next to everything you write. It doesn't have to be your real name."
EMAIL_TAKEN_MESSAGE = (
    "There is already an account with this e-mail address. You can log in, or reset your password if "
    "you've forgotten it."
)
EMAIL_REFUSED_MESSAGE = (
    "We can't create an account with this e-mail address. If you think this is a mistake, please contact the site team."
)


def _clean_display_name(value: str) -> str:
    return validate_display_name(value)


class SignupForm(forms.Form):
    display_name = forms.CharField(
        label="Display name",
        max_length=60,
        help_text=DISPLAY_NAME_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        error_messages={"invalid": "Please enter an e-mail address, like name@example.org."},
        help_text="Only you can see it. We use it to confirm your account and to help you back in.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        help_text=password_validation.password_validators_help_text_html(),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_display_name(self):
        return _clean_display_name(self.cleaned_data["display_name"])

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if BannedEmail.objects.filter(email__iexact=email).exists():
            # Says no more than needed: the address can't be used, not why.
            raise ValidationError(EMAIL_REFUSED_MESSAGE, code="email_refused")
        # An address that already has an account is not refused here: accounts.services.user_signup e-mails its
        # owner and the page answers as for a new account, so sign-up does not reveal who has an account.
        return email

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            # The similarity check compares with the name and address being signed up with.
            candidate = User(email=cleaned.get("email", ""), display_name=cleaned.get("display_name", ""))
            try:
                password_validation.validate_password(password, candidate)
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned


class DisplayNameForm(forms.Form):
    display_name = forms.CharField(
        label="Display name",
        max_length=60,
        help_text=DISPLAY_NAME_HELP + " Changing it also changes the name on your past comments.",
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def clean_display_name(self):
        return _clean_display_name(self.cleaned_data["display_name"])


def throttled_message(seconds: int) -> str:
    return (
        f"Too many wrong passwords for this e-mail address. Please wait {seconds} second{'s' if seconds != 1 else ''} "
        "and try again, or reset your password."
    )


class ThrottledLoginMixin:
    """For every log-in form (site and admin): per-address waits after wrong passwords (accounts/throttle.py).

    A try that comes before the wait has passed is refused without checking the password and without counting,
    so the wait never grows past the cap however fast someone tries.
    """

    def clean(self):
        email = (self.cleaned_data.get("username") or "").strip()
        if email:
            wait = throttle.login_throttle_wait(email=email)
            if wait:
                raise ValidationError(throttled_message(wait), code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError as error:
            if email and any(getattr(e, "code", None) == "invalid_login" for e in error.error_list):
                throttle.login_failure_record(email=email)
            raise
        if email:
            throttle.login_throttle_clear(email=email)
        return cleaned


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    """The site's log-in. An account whose address is not confirmed yet gets the same answer as a wrong password
    (and the view sends its confirmation link again): sign-up creates such accounts for any address typed, so a
    different answer would tell a stranger that the address had no account before."""

    error_messages = {
        "invalid_login": (
            "That e-mail address and password don't match an account we can log you in to. Please check them and "
            "try again. If you have just signed up, open the link we e-mailed you first: trying to log in here sends "
            "it again."
        ),
        "inactive": ("This account has been switched off. Please contact the site team if you think that's a mistake."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"] = forms.EmailField(
            label="E-mail address",
            max_length=254,
            widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        )
        self.unconfirmed_user: User | None = None

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        # Staff accounts are made by the site's operators (createsuperuser, the admin), not by sign-up.
        if not user.email_verified and not user.is_staff:
            self.unconfirmed_user = user
            raise self.get_invalid_login_error()


class AccountPasswordResetForm(PasswordResetForm):
    """Django's reset form; its e-mail goes through the project's one e-mail function, after commit."""

    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]})
        email_queue(
            template_prefix="accounts/email/password_reset",
            to=to_email,
            context={
                "display_name": context["user"].display_name,
                "reset_url": absolute_url(path),
                "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
            },
        )


class PasswordConfirmedForm(forms.Form):
    """A form for the signed-in account's own `user` that asks for its current password first."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        help_text="To make sure it's really you.",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError("That password isn't right. Please try again.", code="password_incorrect")
        return password


class DeleteAccountForm(PasswordConfirmedForm):
    field_order = ["comments", "password"]
    COMMENTS_KEEP = "keep"
    COMMENTS_WIPE = "wipe"

    comments = forms.ChoiceField(
        label="What should happen to your comments?",
        choices=[
            (COMMENTS_KEEP, "Keep their text in the conversations, shown as written by “Former member”"),
            (COMMENTS_WIPE, "Delete their text too; replies from others stay, under “comment deleted”"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose what should happen to your comments."},
    )

    @property
    def wipe_comments(self) -> bool:
        return self.cleaned_data["comments"] == self.COMMENTS_WIPE


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The admin's log-in form, with the same per-account waits and a per-address limit of its own (the site's
    log-in view counts addresses before its form; the admin's view is Django's)."""

    def clean(self):
        from django_ratelimit.core import is_ratelimited

        if self.request is not None and is_ratelimited(
            self.request,
            group="accounts.login",
            key="ip",
            rate=getattr(settings, "ACCOUNTS_LOGIN_RATE_LIMIT", "10/m"),
            method="POST",
            increment=True,
        ):
            raise ValidationError(
                "Too many log-in attempts from your network. Please wait a minute and try again.", code="throttled"
            )
        return super().clean()


class EmailChangeForm(PasswordConfirmedForm):
    """A new address, confirmed from that address before it takes effect (accounts.services.email_change_request)."""

    field_order = ["email", "password"]

    email = forms.EmailField(
        label="New e-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email.lower() == self.user.email.lower():
            raise ValidationError("That is already your address.", code="same")
        if BannedEmail.objects.filter(email__iexact=email).exists():
            raise ValidationError(EMAIL_REFUSED_MESSAGE, code="refused")
        return email
