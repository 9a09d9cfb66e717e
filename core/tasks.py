"""E-mail tasks (queue "email"): they take row ids and call core.email."""

from celery import shared_task
from django.conf import settings

from .email import CHUNK_SIZE, emails_due, emails_send, retry_delay
from .models import OutgoingEmail


@shared_task
def email_send_task(email_ids: list[int]) -> None:
    """Send a chunk of queued e-mails over one connection; those that failed for now are retried with backoff."""
    retry = emails_send(email_ids=email_ids)
    if retry:
        attempts = max(OutgoingEmail.objects.filter(pk__in=retry).values_list("attempts", flat=True))
        email_send_task.apply_async((retry,), countdown=retry_delay(attempts))


@shared_task
def emails_sweep_task() -> None:
    """Every minute (beat): re-enqueue queued e-mails no task took, in chunks."""
    due = emails_due(grace_seconds=settings.NOTIFY_SWEEP_SEND_GRACE_SECONDS)
    for start in range(0, len(due), CHUNK_SIZE):
        email_send_task.delay(due[start : start + CHUNK_SIZE])
