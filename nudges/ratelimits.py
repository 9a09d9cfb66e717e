"""The draft check's strict rate limit, shared by the endpoint and the form's POST (django-ratelimit)."""

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited


def draft_check_limited(request: HttpRequest) -> bool:
    """Counts one check for this writer against both limits (per minute and per hour)."""
    minute = is_ratelimited(
        request, group="nudges.check", key="user", rate=settings.NUDGE_CHECK_RATE_LIMIT, increment=True
    )
    hour = is_ratelimited(
        request, group="nudges.check-hour", key="user", rate=settings.NUDGE_CHECK_HOURLY_RATE_LIMIT, increment=True
    )
    return minute or hour
