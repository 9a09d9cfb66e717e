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
    from ..selectors.care import checks_behind_since

    since = checks_behind_since()
    return {"behind": since is not None, "since": since}


@register.filter
def duration_short(value) -> str:
    """A wait, short enough for a dense list row: "4 min", "2 h 5 min", "3 d 2 h"."""
    if value is None:
        return ""
    minutes = max(0, int(value.total_seconds() // 60))
    days, minutes = divmod(minutes, 1440)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min"
