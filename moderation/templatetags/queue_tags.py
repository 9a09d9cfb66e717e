"""Small display helpers for the moderators' queue templates."""

from django import template

register = template.Library()


@register.filter
def words(value) -> str:
    """A stored key as words: "flag_dismissed" -> "flag dismissed"."""
    return str(value or "").replace("_", " ").replace("-", " ")
