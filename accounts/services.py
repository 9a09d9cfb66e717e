"""Writes to accounts: sign-up, e-mail verification, profile changes and account deletion."""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from core.email import email_queue
from core.links import absolute_url

from . import hooks
from .models import User

_VERIFY_SALT = "accounts.email-verification"
_CHANGE_SALT = "accounts.email-change"


class EmailTaken(Exception):
    """Another account already uses this e-mail address (compared case-insensitively)."""


class VerificationFailed(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class AccountDeletionRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def email_taken(*, email: str, exclude_pk: int | None = None) -> bool:
    return User.objects.filter(email__iexact=email).exclude(pk=exclude_pk).exists()


def user_create(*, email: str, display_name: str, password: str) -> User:
    """Create an account with an unverified address. Raises EmailTaken, also when a concurrent sign-up won.

    Runs in its own savepoint, so the caller's transaction stays usable after EmailTaken.
    """
    try:
        with transaction.atomic():
            return User.objects.create_user(email=email, password=password, display_name=display_name)
    except IntegrityError:
        # The form checked first; this is the race where two sign-ups for one address arrive together.
        if email_taken(email=email):
            raise EmailTaken(email) from None
        raise


@transaction.atomic
def user_signup(*, email: str, display_name: str, password: str) -> User | None:
    """Create the account and queue its verification e-mail (sent after commit). The account cannot log in until
    its address is confirmed (accounts.forms.LoginForm), so a stranger who signs up with someone's address learns
    nothing by trying the password they chose either.

    When the address already has an account, nothing is created and its owner is e-mailed instead (returns None):
    the page answers as for a new sign-up, so sign-up never tells a stranger which addresses have accounts.
    """
    try:
        user = user_create(email=email, display_name=display_name, password=password)
    except EmailTaken:
        signup_existing_notify(email=email)
        return None
    email_verification_send(user=user)
    return user


def signup_existing_notify(*, email: str) -> None:
    """Tell the owner of an address that someone tried to sign up with it (after commit)."""
    owner = User.objects.filter(email__iexact=email).first()
    if owner is None:
        return
    email_queue(
        template_prefix="accounts/email/signup_existing",
        to=owner.email,
        context={
            "display_name": owner.display_name,
            "login_url": absolute_url(reverse("accounts:login")),
            "reset_url": absolute_url(reverse("accounts:password_reset")),
        },
    )


# --- E-mail verification ------------------------------------------------------------------------------------


def _address_digest(email: str) -> str:
    # The token carries a keyed digest of the address, not the address, so it stays out of URLs and logs,
    # and a token made for one address is worthless once the account's address changes.
    return salted_hmac(_VERIFY_SALT, email.lower()).hexdigest()[:24]


def email_verification_token(*, user: User) -> str:
    return signing.dumps([user.pk, _address_digest(user.email)], salt=_VERIFY_SALT)


def email_verification_url(*, user: User) -> str:
    token = email_verification_token(user=user)
    return absolute_url(reverse("accounts:verify_email", kwargs={"token": token}))


def email_verification_send(*, user: User) -> None:
    """Queue the verification e-mail for the user's current address, sent once the caller commits."""
    email_queue(
        template_prefix="accounts/email/verify_email",
        to=user.email,
        context={
            "display_name": user.display_name,
            "verify_url": email_verification_url(user=user),
            "valid_days": max(1, settings.EMAIL_VERIFICATION_MAX_AGE // 86400),
        },
    )


@dataclass(frozen=True)
class Verification:
    user: User
    first_time: bool  # this link confirmed the address now (not already confirmed before)


@transaction.atomic
def email_verification_confirm(*, token: str) -> Verification:
    """Mark the address in a verification token as verified. Safe to re-run (the first time is kept).

    Raises VerificationFailed when the token is malformed, tampered with, expired, for an account that no
    longer exists, or for an address the account no longer has.
    """
    try:
        user_id, digest = signing.loads(token, salt=_VERIFY_SALT, max_age=settings.EMAIL_VERIFICATION_MAX_AGE)
    except signing.SignatureExpired:
        raise VerificationFailed(
            "This confirmation link has expired. Try to log in: we'll send you a new one."
        ) from None
    except (signing.BadSignature, TypeError, ValueError):
        raise VerificationFailed("This confirmation link isn't valid. Please check it was copied in full.") from None
    if not isinstance(user_id, int) or isinstance(user_id, bool) or not isinstance(digest, str):
        # Signed by us but not in the shape we sign: never let it reach the database as an id.
        raise VerificationFailed("This confirmation link isn't valid. Please check it was copied in full.")
    user = User.objects.select_for_update().filter(pk=user_id).first()
    if user is None or not constant_time_compare(digest, _address_digest(user.email)):
        raise VerificationFailed(
            "This confirmation link is for an address this account no longer uses. "
            "Log in and ask for a new one from your account page."
        )
    first_time = user.email_verified_at is None
    if first_time:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    hooks.user_email_verified(user_id=user.pk)
    return Verification(user=user, first_time=first_time)


def user_verify_email(*, token: str) -> User:
    """email_verification_confirm, for callers that only need the account."""
    return email_verification_confirm(token=token).user


@transaction.atomic
def user_mark_email_verified(*, user: User) -> None:
    """Record that the owner of the address proved it another way (e.g. a completed password reset)."""
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        User.objects.filter(pk=user.pk, email_verified_at__isnull=True).update(email_verified_at=user.email_verified_at)
    hooks.user_email_verified(user_id=user.pk)


# --- Profile ------------------------------------------------------------------------------------------------


@transaction.atomic
def user_update_display_name(*, user: User, display_name: str) -> User:
    """Change the display name everywhere it is shown, including on the user's past comments."""
    user.display_name = display_name
    user.save(update_fields=["display_name"])
    hooks.user_profile_changed(user_id=user.pk)
    return user


# --- Changing the address (issue 15) -------------------------------------------------------------------------


def _mask(email: str) -> str:
    """ "n…@example.org": enough for the old address's owner to recognise it, not the whole address."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}…@{domain}"


def email_change_url(*, user: User) -> str:
    # Digests of both addresses, never the addresses: a link made for one request is worthless after another
    # request or once the address has changed.
    token = signing.dumps(
        [user.pk, _address_digest(user.email), _address_digest(user.pending_email)], salt=_CHANGE_SALT
    )
    return absolute_url(reverse("accounts:email_change_confirm", kwargs={"token": token}))


@transaction.atomic
def email_change_request(*, user: User, new_email: str) -> None:
    """Remember the new address and send it a confirmation link; nothing changes until that link is opened.
    Whether another account uses the address is not told here (it is checked when the link is opened)."""
    user.pending_email = new_email
    User.objects.filter(pk=user.pk).update(pending_email=new_email)
    email_queue(
        template_prefix="accounts/email/email_change",
        to=new_email,
        context={
            "display_name": user.display_name,
            "confirm_url": email_change_url(user=user),
            "valid_days": max(1, settings.EMAIL_VERIFICATION_MAX_AGE // 86400),
        },
    )


@transaction.atomic
def email_change_confirm(*, token: str) -> User:
    """Make the confirmed new address the account's, verified, and tell the old address. Safe to re-run only in
    the sense that a used link fails kindly (the pending address is gone)."""
    try:
        user_id, old_digest, new_digest = signing.loads(
            token, salt=_CHANGE_SALT, max_age=settings.EMAIL_VERIFICATION_MAX_AGE
        )
    except signing.SignatureExpired:
        raise VerificationFailed("This link has expired. You can ask for a new one from your account page.") from None
    except (signing.BadSignature, TypeError, ValueError):
        raise VerificationFailed("This link isn't valid. Please check it was copied in full.") from None
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        raise VerificationFailed("This link isn't valid. Please check it was copied in full.")
    user = User.objects.select_for_update().filter(pk=user_id).first()
    if (
        user is None
        or not user.pending_email
        or not constant_time_compare(str(old_digest), _address_digest(user.email))
        or not constant_time_compare(str(new_digest), _address_digest(user.pending_email))
    ):
        raise VerificationFailed(
            "This link is out of date: the address was changed or another change was asked for since. "
            "You can ask again from your account page."
        )
    new_email = user.pending_email
    if email_taken(email=new_email, exclude_pk=user.pk):
        raise VerificationFailed("Another account uses this address now, so it can't be moved to yours.")
    old_email = user.email
    user.email, user.pending_email, user.email_verified_at = new_email, "", timezone.now()
    try:
        with transaction.atomic():
            user.save(update_fields=["email", "pending_email", "email_verified_at"])
    except IntegrityError:
        raise VerificationFailed("Another account uses this address now, so it can't be moved to yours.") from None
    email_queue(
        template_prefix="accounts/email/email_changed",
        to=old_email,
        context={"display_name": user.display_name, "new_email_masked": _mask(new_email)},
    )
    hooks.user_profile_changed(user_id=user.pk)
    hooks.user_email_verified(user_id=user.pk)
    return user


# --- Download everything you wrote (issue 15) ------------------------------------------------------------------


def user_export(*, user: User) -> dict:
    """Everything the user wrote and chose, as plain data: their profile here, then each app's part."""
    data = {
        "format": "kindred-export-1",
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "email_verified_at": user.email_verified_at.isoformat() if user.email_verified_at else None,
            "date_joined": user.date_joined.isoformat(),
        },
    }
    for part in hooks.user_export(user_id=user.pk):
        data.update(part)
    return data


# --- Deletion -----------------------------------------------------------------------------------------------


def user_deletion_blocker(*, user: User) -> str | None:
    """Why this account can't be deleted by its owner right now, or None."""
    post_count = user.posts.count()
    if post_count:
        return (
            f"You are the author of {post_count} post{'s' if post_count != 1 else ''} on this site. "
            "Posts can't be left without an author, so please contact the site team: they can hand the "
            "posts over or take them down, and then you can delete your account."
        )
    return None


@transaction.atomic
def user_delete(*, user: User, wipe_comments: bool) -> None:
    """Delete an account. Its comments stay in their threads under "Former member", with their text wiped
    when `wipe_comments`; the comment trees are not touched (only status and body are updated).

    One transaction. Locks the user row first (FOR UPDATE), so a comment author record can't be created for
    this user while it is being deleted. Raises AccountDeletionRefused, changing nothing, when the account
    still owns something that must not be left without an owner (posts).
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    blocker = user_deletion_blocker(user=user)
    if blocker:
        raise AccountDeletionRefused(blocker)

    hooks.user_deleting(user_id=user.pk, wipe_comments=wipe_comments)

    try:
        user.delete()
    except (ProtectedError, RestrictedError):
        # Raised before any row is deleted; leaving this atomic block undoes the anonymization above.
        raise AccountDeletionRefused(
            "Something on the site still depends on this account, so it can't be deleted here. "
            "Please contact the site team and they will help."
        ) from None
