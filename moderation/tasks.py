"""Care tasks (queue `care`): load ids, call services. Safe to run twice."""

import smtplib

from celery import shared_task
from celery.signals import worker_process_init

from . import pipeline
from .classifiers.base import CareContext
from .services import alerts, scan, scan_batch

SCAN_MAX_RETRIES = 5


@shared_task(bind=True, acks_late=True, max_retries=SCAN_MAX_RETRIES)
def comment_scan_task(self, comment_id: int, backlog: bool = False) -> None:
    try:
        if backlog or self.request.retries:
            # History (scan_backlog) and retries are checked one by one.
            scan.comment_scan(comment_id=comment_id, backlog=backlog)
        elif not scan_batch.comment_scanned(comment_id=comment_id):
            # Live checks in batches: this comment with others waiting (whose own tasks then find them done).
            scan_batch.comments_scan_batch(lead_id=comment_id)
    except Exception as error:
        if self.request.retries >= self.max_retries:
            # Never drop a comment: a person looks at what the machine could not.
            scan.comment_scan_failed(comment_id=comment_id, error=repr(error), backlog=backlog)
            return
        raise self.retry(exc=error, countdown=min(2**self.request.retries, 60)) from error


@shared_task(bind=True, acks_late=True, max_retries=SCAN_MAX_RETRIES)
def care_checks_drain_task(self, lead_id: int, floor: int | None = None) -> None:
    """New comments' checks in batches, from a wake-up (care_check_wake); hands over to a new task after a while."""
    try:
        floor = scan_batch.care_checks_drain(lead_id=lead_id, floor=floor)
    except Exception as error:
        # After the last retry the comments stay unchecked: the sweeper sends each its own task.
        raise self.retry(exc=error, countdown=min(2**self.request.retries, 60)) from error
    if floor is not None:
        care_checks_drain_task.delay(lead_id, floor)


@shared_task(bind=True, acks_late=True, max_retries=SCAN_MAX_RETRIES)
def post_scan_task(self, post_id: int, backlog: bool = False) -> None:
    try:
        scan.post_scan(post_id=post_id, backlog=backlog)
    except Exception as error:
        raise self.retry(exc=error, countdown=min(2**self.request.retries, 60)) from error


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=120, max_retries=8)
def care_alert_task(item_id: int) -> None:
    alerts.care_alert_send(item_id=item_id)


@shared_task
def care_sweep_task() -> None:
    """Every minute: re-enqueue checks that never ran (broker down at commit, worker killed mid-task)."""
    for comment_id in scan.unscanned_comment_ids():
        comment_scan_task.delay(comment_id)
    for post_id in scan.unscanned_post_ids():
        post_scan_task.delay(post_id)


@shared_task
def distress_followup_task() -> None:
    scan.distress_needing_reply()


@shared_task
def crisis_realert_task() -> None:
    """Every minute: remind moderators (then the configured address) of crisis items nobody has acted on."""
    from .services.alerts import crisis_realert_run

    crisis_realert_run()


@shared_task(
    acks_late=True,
    autoretry_for=(OSError, smtplib.SMTPException),
    retry_backoff=True,
    retry_backoff_max=120,
    max_retries=8,
)
def crisis_realert_email_task(item_id: int, stage: str, to: str) -> None:
    from .services.alerts import crisis_realert_email_send

    crisis_realert_email_send(item_id=item_id, stage=stage, to=to)


@worker_process_init.connect
def _warm_up_care_engine(**kwargs):
    # Compile the engine's patterns and load its word models when a worker process starts, not during the first
    # comment's check (loading the models takes seconds on a busy machine, and a batch waits for them).
    pipeline.configured_classifiers()
    try:
        pipeline.classify(CareContext(text="Thank you for writing this.", parent_text="Thank you."))
    except Exception:  # a classifier that fails here fails in the check too, where it is handled
        pass
