"""Small display helpers for the moderators' queue templates."""

from django import template

register = template.Library()


@register.filter
def words(value) -> str:
    """A stored key as words: "flag_dismissed" -> "flag dismissed"."""
    return str(value or "").replace("_", " ").replace("-", " ")


@register.inclusion_tag("moderation/queue/_checks_behind.html")
def care_checks_behind():
    """A warning for the queue page while care checks are more than CARE_STALL_ALERT_SECONDS behind."""
    from django.conf import settings
    from django.utils import timezone

    from ..selectors import oldest_unchecked_comment_since

    since = oldest_unchecked_comment_since()
    behind = since is not None and (timezone.now() - since).total_seconds() > settings.CARE_STALL_ALERT_SECONDS
    return {"behind": behind, "since": since}
