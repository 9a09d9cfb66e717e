"""notifications.tasks: the e-mail task sends through send_email, retries transient errors, uses its queue."""

import smtplib

import pytest
from django.core import mail

from notifications.tasks import send_email_task
from support_site.celery import app


def test_task_sends_the_email(mailoutbox):
    send_email_task(
        "accounts/email/verify_email",
        "sam@example.org",
        {"display_name": "Sam", "verify_url": "https://kindred.example/v/1/", "valid_days": 3},
    )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["sam@example.org"]
    assert "https://kindred.example/v/1/" in mailoutbox[0].body


def test_task_passes_the_unsubscribe_url(mailoutbox):
    send_email_task(
        "accounts/email/verify_email",
        "sam@example.org",
        {"display_name": "Sam", "verify_url": "https://kindred.example/v/1/", "valid_days": 3},
        unsubscribe_url="https://kindred.example/u/1/",
    )
    assert mailoutbox[0].message()["List-Unsubscribe"] == "<https://kindred.example/u/1/>"


def test_retry_policy():
    assert send_email_task.autoretry_for == (smtplib.SMTPException, OSError)
    assert send_email_task.retry_backoff
    assert send_email_task.max_retries == 5


def test_is_routed_to_the_email_queue():
    route = app.amqp.router.route({}, send_email_task.name)
    assert route["queue"].name == "email"


def test_smtp_error_is_retried(monkeypatch):
    """An SMTP failure asks Celery for a retry with a backoff countdown, rather than failing for good."""

    def smtp_down(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    retries = []

    def record_retry(**kwargs):
        retries.append(kwargs)
        raise kwargs["exc"]

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", smtp_down)
    monkeypatch.setattr(send_email_task, "retry", record_retry)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        send_email_task(
            "accounts/email/verify_email",
            "sam@example.org",
            {"display_name": "Sam", "verify_url": "https://kindred.example/v/1/", "valid_days": 3},
        )
    assert len(retries) == 1
    assert isinstance(retries[0]["exc"], smtplib.SMTPServerDisconnected)
    assert retries[0]["countdown"] >= 0


def test_a_real_worker_delivers_a_queued_email(redis_url, mailoutbox):
    """Through Redis and a real worker consuming the "email" queue: JSON serialization, routing, sending."""
    import time
    import uuid

    from celery.contrib.testing.worker import start_worker

    marker = uuid.uuid4().hex
    context = {"display_name": "Sam", "verify_url": f"https://kindred.example/v/{marker}/", "valid_days": 3}
    with start_worker(app, queues=["email"], perform_ping_check=False, shutdown_timeout=10):
        send_email_task.delay("accounts/email/verify_email", "sam@example.org", context)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not any(marker in m.body for m in mailoutbox):
            time.sleep(0.1)
    [message] = [m for m in mailoutbox if marker in m.body]
    assert message.to == ["sam@example.org"]
