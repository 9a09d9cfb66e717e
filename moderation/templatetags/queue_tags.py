"""Small display helpers for the moderators' queue templates."""

from django import template

register = template.Library()


@register.filter
def words(value) -> str:
    """A stored key as words: "flag_dismissed" -> "flag dismissed"."""
    return str(value or "").replace("_", " ").replace("-", " ")


@register.inclusion_tag("moderation/queue/_checks_behind.html")
def care_checks_behind():
    """A warning for the queue page while care checks are more than CARE_STALL_ALERT_SECONDS behind.

    Reads what the minute's stall check noted (no database query: finding the oldest unchecked comment costs an
    anti-join over every comment, too much for each page view)."""
    from ..selectors import checks_behind_since

    since = checks_behind_since()
    return {"behind": since is not None, "since": since}
