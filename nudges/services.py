"""The nudge before posting: check a draft (crisis first), record what the writer did; never the text."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from comments.models import Post

from . import hooks
from .detector import Nudge, draft_kinds, draft_nudge
from .models import NudgeEvent, NudgeOutcome

# A nudged writer who has not posted by then gave up (computed when read: selectors.nudge_outcome_counts).
GAVE_UP_AFTER = timedelta(minutes=30)


def draft_reads_as_crisis(*, text: str, parent_id: int | None, post: Post) -> bool:
    """The care engine's crisis check (moderation answers through nudges.hooks); no answer counts as not."""
    return any(hooks.draft_reads_as_crisis(text=text, parent_id=parent_id, post=post))


def _pending(*, user, form_key: str):
    if not form_key:
        return NudgeEvent.objects.none()
    return NudgeEvent.objects.filter(
        user=user,
        form_key=form_key,
        outcome=NudgeOutcome.PENDING,
        created__gte=timezone.now() - GAVE_UP_AFTER,
    )


def _resolve(*, user, form_key: str, outcome: str) -> None:
    _pending(user=user, form_key=form_key).update(outcome=outcome, resolved_at=timezone.now())


def _record_shown(*, user, post: Post, form_key: str, kind: str) -> None:
    """One row per nudged form (user, form key); a later nudge of the same form keeps the row, with its kind."""
    if not form_key:
        return  # a form without a key (rendered before keys existed): nothing ties its outcome to it
    updated = _pending(user=user, form_key=form_key).update(kind=kind)
    if updated:
        return
    try:
        with transaction.atomic():
            NudgeEvent.objects.update_or_create(
                user=user,
                form_key=form_key,
                defaults={"post": post, "kind": kind, "outcome": NudgeOutcome.PENDING, "created": timezone.now()},
            )
    except IntegrityError:
        pass  # the same form checked twice at once: one row is enough


def draft_check(*, user, post: Post, parent_id: int | None, body: str, form_key: str) -> Nudge | None:
    """The nudge a draft gets, or None. A draft that reads as crisis is never nudged (the help panel comes first).
    A nudged form is recorded (kind only); a form nudged before and now clean counts as edited. Safe to re-run."""
    if draft_reads_as_crisis(text=body, parent_id=parent_id, post=post):
        _resolve(user=user, form_key=form_key, outcome=NudgeOutcome.EDITED)
        return None
    nudge = draft_nudge(body)
    if nudge is None:
        _resolve(user=user, form_key=form_key, outcome=NudgeOutcome.EDITED)
        return None
    _record_shown(user=user, post=post, form_key=form_key, kind=nudge.kind)
    return nudge


def draft_posted_anyway(*, user, form_key: str, body: str) -> None:
    """The writer chose "Post anyway": posted anyway if the words still read as a nudge, else they edited them."""
    outcome = NudgeOutcome.POSTED_ANYWAY if draft_kinds(body) else NudgeOutcome.EDITED
    _resolve(user=user, form_key=form_key, outcome=outcome)
