"""E-mail delivery in the worker (queue "email", routed by the "notifications.*" rule in settings).

Tasks are thin: they take ids, call a service and enqueue follow-up tasks. Every service is safe to run twice,
so a task delivered twice (acks_late, a lost ack, the sweeper) changes nothing.
"""

from celery import shared_task
from django.conf import settings
from django.db import transaction

from core.email import email_queue

from . import services
from .models import NotificationPlan


@shared_task
def send_email_task(template_prefix: str, to: str, context: dict, unsubscribe_url: str | None = None) -> None:
    """Only for messages queued by an older release still in the broker at deploy: they join core's e-mail queue.
    Nothing enqueues this task any more."""
    email_queue(template_prefix=template_prefix, to=to, context=context, unsubscribe_url=unsubscribe_url)


# Deliveries sent by one task over one SMTP connection: small enough that the worker's processes share a big
# fan-out evenly, large enough that connecting is rare.
SEND_CHUNK_SIZE = 25


def _enqueue_sends(due: list[tuple[int, float]]) -> None:
    """Enqueue (delivery id, seconds until due) in chunks; a chunk waits for the latest of its deliveries, because a
    delivery claimed before its send_after is not sent."""
    due = sorted(due, key=lambda item: item[1])
    for start in range(0, len(due), SEND_CHUNK_SIZE):
        chunk = due[start : start + SEND_CHUNK_SIZE]
        ids, countdown = [delivery_id for delivery_id, _ in chunk], chunk[-1][1]
        if countdown > 0:
            deliveries_send_task.apply_async((ids,), countdown=countdown)
        else:
            deliveries_send_task.delay(ids)


@shared_task
def comment_notifications_plan_task(comment_id: int) -> None:
    # One transaction for the plan record and, in the usual one-chunk case, its deliveries: nobody (the
    # sweeper, a test) sees a plan without its deliveries. Sends are enqueued only after it commits.
    due = []
    with transaction.atomic():
        chunks = services.comment_notifications_plan(comment_id=comment_id)
        if len(chunks) == 1:
            due = services.comment_notifications_plan_chunk(comment_id=comment_id, user_ids=chunks[0])
    _enqueue_sends(due)
    if len(chunks) > 1:
        try:
            for user_ids in chunks:
                comment_notifications_plan_chunk_task.delay(comment_id, user_ids)
        except Exception:
            # The broker went away half-way: forget the plan so the sweeper plans the comment again (chunks that
            # did go out are idempotent, so running them twice changes nothing).
            NotificationPlan.objects.filter(comment_id=comment_id).delete()
            raise


@shared_task
def comments_notifications_plan_task(comment_ids: list[int]) -> None:
    """Several comments published together: planned in one transaction with a few queries; a comment whose audience
    needs several chunks gets its own task."""
    with transaction.atomic():
        due, chunked = services.comments_notifications_plan(comment_ids=comment_ids)
    _enqueue_sends(due)
    for comment_id in chunked:
        comment_notifications_plan_task.delay(comment_id)


@shared_task
def comment_notifications_plan_chunk_task(comment_id: int, user_ids: list[int]) -> None:
    _enqueue_sends(services.comment_notifications_plan_chunk(comment_id=comment_id, user_ids=user_ids))


@shared_task
def deliveries_send_task(delivery_ids: list[int]) -> None:
    # Those put back for a retry are "planned" with a later send_after, so the sweeper finds them if this is lost.
    _enqueue_sends(services.deliveries_send(delivery_ids=delivery_ids))


@shared_task
def delivery_send_task(delivery_id: int) -> None:
    """One delivery: for tasks an older release left in the broker (sends now go in chunks)."""
    _enqueue_sends(services.deliveries_send(delivery_ids=[delivery_id]))


@shared_task
def digest_send_task(digest_id: int) -> None:
    result = services.digest_send(digest_id=digest_id)
    if result.outcome == "retry":
        digest_send_task.apply_async((digest_id,), countdown=result.retry_in)


@shared_task
def digests_plan_task() -> None:
    """Beat, in the digest hour: one digest per person per day, however often this runs."""
    for digest_id in services.digests_plan():
        digest_send_task.delay(digest_id)


@shared_task
def notify_sweep_task() -> None:
    """Every minute: plan comments whose planning never ran, send what is overdue, resolve interrupted sends."""
    services.deliveries_resolve_stuck()
    for comment_id in services.unplanned_comment_ids(grace_seconds=settings.NOTIFY_SWEEP_PLAN_GRACE_SECONDS):
        comment_notifications_plan_task.delay(comment_id)
    _enqueue_sends(
        [(pk, 0.0) for pk in services.deliveries_due(grace_seconds=settings.NOTIFY_SWEEP_SEND_GRACE_SECONDS)]
    )
    for digest_id in services.digests_due():
        digest_send_task.delay(digest_id)


@shared_task
def stall_check_task() -> None:
    """Every minute (beat, queue "default"): notice checks or e-mails that fell behind; one alert per incident."""
    from .health import stall_check_run

    stall_check_run()
