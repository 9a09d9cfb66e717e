"""Log-in throttle per account: a growing wait after wrong passwords, capped so nobody can lock a person out."""

import math
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import LoginThrottle

_SALT = "accounts.login-throttle"
# Failures older than this are forgotten: the count (and so the wait) starts again from nothing.
FORGET_AFTER = timedelta(hours=1)


def _key(email: str) -> str:
    return salted_hmac(_SALT, email.strip().lower()).hexdigest()[:64]


def login_throttle_wait(*, email: str) -> int:
    """Whole seconds the next log-in for this address must still wait (0: it may try now)."""
    blocked_until = LoginThrottle.objects.filter(key=_key(email)).values_list("blocked_until", flat=True).first()
    if blocked_until is None:
        return 0
    remaining = (blocked_until - timezone.now()).total_seconds()
    return math.ceil(remaining) if remaining > 0 else 0


def login_delay_seconds(*, failures: int) -> int:
    """The wait after `failures` wrong passwords in a row: none for the first few, then 1, 2, 4 ... up to the cap."""
    over = failures - settings.LOGIN_THROTTLE_FREE_FAILURES
    if over <= 0:
        return 0
    return min(settings.LOGIN_THROTTLE_MAX_DELAY_SECONDS, 2 ** min(over - 1, 16))


def login_failure_record(*, email: str) -> int:
    """Count one wrong password for this address; returns the wait now set, in seconds. Safe under concurrency
    (the row is locked while counting)."""
    key = _key(email)
    now = timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                LoginThrottle.objects.get_or_create(key=key, defaults={"failures": 0, "last_failure_at": now})
        except IntegrityError:
            pass  # another request created it first
        throttle = LoginThrottle.objects.select_for_update().get(key=key)
        if now - throttle.last_failure_at > FORGET_AFTER:
            throttle.failures = 0
        throttle.failures += 1
        throttle.last_failure_at = now
        delay = login_delay_seconds(failures=throttle.failures)
        throttle.blocked_until = now + timedelta(seconds=delay) if delay else None
        throttle.save(update_fields=["failures", "last_failure_at", "blocked_until"])
    return delay


def login_throttle_clear(*, email: str) -> None:
    """Forget the wrong passwords for this address: after a correct password or a completed password reset."""
    LoginThrottle.objects.filter(key=_key(email)).delete()
