"""A nudge shown to a writer and what they did next; never the text."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class NudgeKind(models.TextChoices):
    INVALIDATING = "invalidating", "Hostile or invalidating"
    PROMISE = "promise", "A promise nobody can give"
    MEDICAL_ADVICE = "medical_advice", "Medication or diagnosis advice"
    CONTACT = "contact", "Contact details"


class NudgeOutcome(models.TextChoices):
    PENDING = "pending", "Waiting"
    EDITED = "edited", "Edited"
    POSTED_ANYWAY = "posted_anyway", "Posted anyway"
    # Stored by nobody: a pending nudge older than GAVE_UP_AFTER reads as this (selectors).
    GAVE_UP = "gave_up", "Gave up"


class NudgeEvent(models.Model):
    """One nudged form (a writer and a form key): its last kind and its outcome. It keeps no words, and it is not
    a care flag: moderators see only counts."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey("comments.Post", on_delete=models.CASCADE, related_name="+")
    form_key = models.CharField(max_length=64)
    kind = models.CharField(max_length=20, choices=NudgeKind.choices)
    outcome = models.CharField(max_length=20, choices=NudgeOutcome.choices, default=NudgeOutcome.PENDING)
    created = models.DateTimeField(default=timezone.now, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "form_key"], name="nudge_event_one_per_form")]

    def __str__(self) -> str:
        return f"nudge {self.kind} → {self.outcome}"
