"""The site's user: signs in by e-mail, shows a display name."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        # Sign-in is case-insensitive, like the unique constraint below.
        return self.get(email__iexact=email)

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        extra.setdefault("email_verified_at", timezone.now())
        return self._create_user(email, password, **extra)

    # Who holds a permission (through a group, directly, or as a superuser), asked of the auth backends: the same
    # answer as user.has_perm(). Django's own UserManager has it; this manager keeps e-mail sign-in.
    with_perm = DjangoUserManager.with_perm


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("e-mail address", max_length=254)
    display_name = models.CharField(max_length=60)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    # A new address the user asked for, until they confirm it from that address (the old one stays in use).
    pending_email = models.EmailField("new e-mail address, waiting for confirmation", max_length=254, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    # Sanctions set by moderators: a suspended or banned user can sign in and read, but not comment or report,
    # and gets no notifications.
    suspended_until = models.DateTimeField(null=True, blank=True)
    banned_at = models.DateTimeField(null=True, blank=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.display_name or self.email

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_sanctioned(self) -> bool:
        """Suspended right now, or banned."""
        return self.banned_at is not None or (
            self.suspended_until is not None and self.suspended_until > timezone.now()
        )

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        return self.display_name


class BannedEmail(models.Model):
    """An address that may not sign up again (stored lower-case)."""

    email = models.EmailField(unique=True)
    created = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.lower()
        super().save(*args, **kwargs)


class LoginThrottle(models.Model):
    """Wrong passwords lately typed for one e-mail address, and until when the next try must wait.

    Keyed by a keyed digest of the address as typed (lowercased), whether or not an account has it, so the
    throttle answers the same for every address and keeps no address in clear. Kept in the database, not the
    cache, so it holds while Redis is down. (accounts/throttle.py)
    """

    key = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=0)
    blocked_until = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.failures} failed log-ins, blocked until {self.blocked_until}"
