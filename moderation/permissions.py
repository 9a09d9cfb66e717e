"""Who moderates: the one definition, by permission ("moderation.moderate", "moderation.moderate_senior").

The groups "moderators" and "senior moderators" (migration 0002) carry these permissions; a superuser has every
permission. Views, alerts, the context processor and queries all ask here.
"""

from django.contrib.auth import get_user_model

MODERATE = "moderation.moderate"
MODERATE_SENIOR = "moderation.moderate_senior"


def is_moderator(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_perm(MODERATE))


def is_senior(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_perm(MODERATE_SENIOR))


def moderators():
    """Every active user who may moderate (the same people is_moderator() says yes to), as a query."""
    return get_user_model().objects.with_perm(MODERATE, is_active=True, include_superusers=True).distinct()


def moderator_addresses() -> list[str]:
    """Every active moderator's address, each once, sorted."""
    return sorted(set(moderators().exclude(email="").values_list("email", flat=True)))
