"""E-mail delivery in the worker (queue "email", routed by the "notifications.*" rule in settings)."""

import smtplib

from celery import shared_task

from .emails import send_email


@shared_task(
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def send_email_task(template_prefix: str, to: str, context: dict, unsubscribe_url: str | None = None) -> None:
    """Send one e-mail; a mail server that is down or refuses for now is retried with backoff."""
    send_email(template_prefix=template_prefix, to=to, context=context, unsubscribe_url=unsubscribe_url)
