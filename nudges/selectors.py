"""Reads of the nudge records: outcome counts for the moderation stats page."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from .models import NudgeEvent, NudgeOutcome
from .services import GAVE_UP_AFTER


@dataclass(frozen=True)
class NudgeOutcomes:
    days: int
    edited: int
    posted_anyway: int
    gave_up: int
    waiting: int

    @property
    def decided(self) -> int:
        return self.edited + self.posted_anyway + self.gave_up

    @property
    def edit_rate(self) -> float | None:
        return self.edited / self.decided if self.decided else None


def nudge_outcome_counts(*, days: int = 30, now: datetime | None = None) -> NudgeOutcomes:
    """Nudged forms of the last `days` days by outcome, in one query. A form still pending after GAVE_UP_AFTER
    reads as "gave up" (no post followed), so no task has to write it."""
    now = now or timezone.now()
    cutoff = now - GAVE_UP_AFTER
    pending = Q(outcome=NudgeOutcome.PENDING)
    counts = NudgeEvent.objects.filter(created__gte=now - timedelta(days=days)).aggregate(
        edited=Count("pk", filter=Q(outcome=NudgeOutcome.EDITED)),
        posted_anyway=Count("pk", filter=Q(outcome=NudgeOutcome.POSTED_ANYWAY)),
        gave_up=Count("pk", filter=Q(outcome=NudgeOutcome.GAVE_UP) | (pending & Q(created__lt=cutoff))),
        waiting=Count("pk", filter=pending & Q(created__gte=cutoff)),
    )
    return NudgeOutcomes(days=days, **counts)
