"""core.tasks: the e-mail task sends a chunk of queued e-mails, retries temporary errors, uses its queue."""

import smtplib

import pytest
from django.core import mail

from core.email import email_queue
from core.models import OutgoingEmail
from core.tasks import email_send_task, emails_sweep_task
from support_site.celery import app

VERIFY = {"display_name": "Sam", "verify_url": "https://kindred.example/v/1/", "valid_days": 3}


@pytest.fixture
def no_broker(monkeypatch):
    queued = []
    monkeypatch.setattr(email_send_task, "delay", queued.append)
    return queued


def test_task_sends_the_queued_emails(db, no_broker, mailoutbox):
    ids = email_queue(template_prefix="accounts/email/verify_email", to="sam@example.org", context=VERIFY)
    email_send_task(ids)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["sam@example.org"]
    assert "https://kindred.example/v/1/" in mailoutbox[0].body


def test_task_passes_the_unsubscribe_url(db, no_broker, mailoutbox):
    ids = email_queue(
        template_prefix="accounts/email/verify_email",
        to="sam@example.org",
        context=VERIFY,
        unsubscribe_url="https://kindred.example/u/1/",
    )
    email_send_task(ids)
    assert mailoutbox[0].message()["List-Unsubscribe"] == "<https://kindred.example/u/1/>"


def test_is_routed_to_the_email_queue():
    for task in (email_send_task, emails_sweep_task):
        assert app.amqp.router.route({}, task.name)["queue"].name == "email"


def test_smtp_error_is_retried_with_a_backoff(db, no_broker, monkeypatch):
    """An SMTP failure puts the e-mail back and asks Celery to run the task again later, for that e-mail only."""

    def smtp_down(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    retries = []
    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", smtp_down)
    monkeypatch.setattr(email_send_task, "apply_async", lambda args, countdown: retries.append((args, countdown)))
    ids = email_queue(template_prefix="accounts/email/verify_email", to="sam@example.org", context=VERIFY)
    email_send_task(ids)
    assert retries == [((ids,), 2.0)]
    row = OutgoingEmail.objects.get()
    assert row.status == OutgoingEmail.Status.QUEUED and row.attempts == 1 and "SMTPServerDisconnected" in row.error


def test_a_permanent_error_is_recorded_and_not_retried(db, no_broker, monkeypatch):
    def refused(*args, **kwargs):
        raise smtplib.SMTPDataError(554, b"message refused")

    retries = []
    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", refused)
    monkeypatch.setattr(email_send_task, "apply_async", lambda args, countdown: retries.append(args))
    ids = email_queue(template_prefix="accounts/email/verify_email", to="sam@example.org", context=VERIFY)
    # SMTPDataError is an SMTPException, so it is retried like any server answer until the attempts run out.
    OutgoingEmail.objects.update(attempts=5)
    email_send_task(ids)
    assert retries == []
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.FAILED


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_a_queued_email(redis_url, mailoutbox):
    """Through Redis and a real worker consuming the "email" queue: JSON serialization, routing, sending."""
    import time
    import uuid

    from celery.contrib.testing.worker import start_worker

    marker = uuid.uuid4().hex
    context = {**VERIFY, "verify_url": f"https://kindred.example/v/{marker}/"}
    with start_worker(app, queues=["email"], perform_ping_check=False, shutdown_timeout=10):
        # No transaction here: the e-mail is queued at once, as after a commit.
        email_queue(template_prefix="accounts/email/verify_email", to="sam@example.org", context=context)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not any(marker in m.body for m in mailoutbox):
            time.sleep(0.1)
    [message] = [m for m in mailoutbox if marker in m.body]
    assert message.to == ["sam@example.org"]
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.SENT
