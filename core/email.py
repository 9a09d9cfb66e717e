"""The project's one way to send e-mail: one row per recipient, queued on commit, claimed and sent once."""

import json
import logging
import smtplib
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone

from .hooks import bound
from .models import OutgoingEmail

logger = logging.getLogger(__name__)

Status = OutgoingEmail.Status
# Recipients sent by one task over one SMTP connection.
CHUNK_SIZE = 50
# Attempts before a temporarily failing e-mail is given up (the first try and five retries, as before).
MAX_ATTEMPTS = 6
# Errors after which the same e-mail may go through later: the server or the network, not the message.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)


def _render_plain(template_name: str, context: dict) -> str:
    # Plain text is not HTML: "&" in a display name must stay "&", so render without autoescaping.
    return get_template(template_name).template.render(Context(context, autoescape=False))


def _single_address(to: str) -> str:
    if not isinstance(to, str):
        raise TypeError("An e-mail goes to exactly one address, given as a string.")
    try:
        validate_email(to)
    except ValidationError:
        raise ValueError(f"Not a single e-mail address: {to!r}") from None
    return to


def email_message(
    *, template_prefix: str, to: str, context: dict, unsubscribe_url: str | None = None, connection=None
) -> EmailMultiAlternatives:
    """Render `<prefix>.subject.txt`, `<prefix>.txt` and `<prefix>.html` into one message to one address.

    The templates also get SITE_NAME and SITE_URL. An unsubscribe URL adds RFC 8058 one-click List-Unsubscribe.
    """
    _single_address(to)
    full_context = {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **context}
    # Collapse to one line: a subject with a line break would be refused as a header.
    subject = " ".join(_render_plain(f"{template_prefix}.subject.txt", full_context).split())
    text_body = _render_plain(f"{template_prefix}.txt", full_context)
    html_body = render_to_string(f"{template_prefix}.html", full_context)
    headers = {}
    if unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=subject,
        body=text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(html_body, "text/html")
    return message


def send_email(*, template_prefix: str, to: str, context: dict, unsubscribe_url: str | None = None) -> None:
    """Send one message now and let mail errors through. Only for callers that claim and record each send
    themselves (reply notifications' deliveries and digests); everything else uses email_queue."""
    email_message(template_prefix=template_prefix, to=to, context=context, unsubscribe_url=unsubscribe_url).send()


def email_queue(
    *,
    template_prefix: str,
    to: str | Iterable[str],
    context: dict,
    unsubscribe_url: str | None = None,
    key: str = "",
    in_this_process: bool = False,
) -> list[int]:
    """Queue one e-mail per address; the worker sends them once the caller's transaction commits.

    One OutgoingEmail row per recipient is written in the caller's transaction, so a rollback queues nothing and
    a retried caller queues nothing twice when it passes a `key` (unique with the address). Each recipient gets
    their own message: nobody sees another's address. The context must be JSON-serializable (checked here, in
    the caller, rather than later in the worker). If the broker is down at commit, the e-mails are sent from
    the committing process instead, and anything still queued is picked up by emails_sweep. `in_this_process`
    sends them from the committing process without the broker (for alerts about a stuck queue). Returns the ids
    of the rows queued by this call.
    """
    addresses = [to] if isinstance(to, str) else list(to)
    for address in addresses:
        _single_address(address)
    json.dumps(context)
    ids = []
    for address in dict.fromkeys(addresses):
        fields = {
            "template_prefix": template_prefix,
            "context": context,
            "unsubscribe_url": unsubscribe_url or "",
        }
        if not key:
            ids.append(OutgoingEmail.objects.create(to=address, **fields).pk)
            continue
        try:
            with transaction.atomic():
                row, created = OutgoingEmail.objects.get_or_create(key=key, to=address, defaults=fields)
        except IntegrityError:  # the same key queued by a concurrent caller: theirs stands
            continue
        if created:
            ids.append(row.pk)
    if ids:
        send = bound(emails_send, email_ids=ids, retry=False) if in_this_process else bound(_enqueue, email_ids=ids)
        transaction.on_commit(send, robust=True)
    return ids


def _enqueue(*, email_ids: list[int]) -> None:
    from .tasks import email_send_task  # tasks imports this module

    for start in range(0, len(email_ids), CHUNK_SIZE):
        chunk = email_ids[start : start + CHUNK_SIZE]
        try:
            email_send_task.delay(chunk)
        except Exception:
            # A sign-up's link or a password reset should not wait for the broker to come back.
            logger.warning("broker unavailable: sending %s e-mail(s) from this process", len(chunk), exc_info=True)
            emails_send(email_ids=chunk)


def _claim(email_id: int, *, now) -> bool:
    # Compare-and-set: of two workers holding the same id, only one moves the row from queued to sending.
    return bool(
        OutgoingEmail.objects.filter(pk=email_id, status=Status.QUEUED, send_after__lte=now).update(
            status=Status.SENDING, sending_started=now, attempts=F("attempts") + 1
        )
    )


def _record(row: OutgoingEmail, **fields) -> None:
    OutgoingEmail.objects.filter(pk=row.pk).update(**fields)


def retry_delay(attempts: int) -> float:
    """Backoff after the n-th failed attempt: 2, 4, 8 ... seconds, at most ten minutes."""
    return float(min(2**attempts, 600))


def _settle_failure(row: OutgoingEmail, error: Exception, *, retry: bool) -> bool:
    """Record a failed send; True when it is put back for a retry."""
    text = f"{type(error).__name__}: {error}"[:2000]
    if retry and isinstance(error, TRANSIENT_ERRORS) and row.attempts < MAX_ATTEMPTS:
        delay = retry_delay(row.attempts)
        _record(row, status=Status.QUEUED, send_after=timezone.now() + timedelta(seconds=delay), error=text)
        logger.warning("e-mail %s (%s) will be retried in %.0f s: %s", row.pk, row.template_prefix, delay, text)
        return True
    _record(row, status=Status.FAILED, error=text)
    logger.error("e-mail %s (%s) to %s failed: %s", row.pk, row.template_prefix, row.to, text)
    return False


def emails_send(*, email_ids: list[int], retry: bool = True) -> list[int]:
    """Send queued e-mails over one connection, each claimed (queued -> sending) and recorded on its own.

    Safe to call twice and from two workers at once: an e-mail already claimed is left to its claimer, so none
    goes out twice. A worker killed after a claim leaves the row "sending" (it may have gone out) and it is not
    sent again. Returns the ids put back for a retry after a temporary error (none with `retry` off: the
    caller decides what to do about a failure).
    """
    now = timezone.now()
    claimed = [pk for pk in email_ids if _claim(pk, now=now)]
    if not claimed:
        return []
    rows = OutgoingEmail.objects.in_bulk(claimed)
    to_retry = []
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:  # the server is down: nothing was sent, every row may go again later
        return [pk for pk in claimed if _settle_failure(rows[pk], error, retry=retry)]
    try:
        for pk in claimed:
            row = rows[pk]
            try:
                email_message(
                    template_prefix=row.template_prefix,
                    to=row.to,
                    context=row.context,
                    unsubscribe_url=row.unsubscribe_url or None,
                    connection=connection,
                ).send()
            except Exception as error:  # every outcome is recorded on the row; nothing is left "sending"
                if _settle_failure(row, error, retry=retry):
                    to_retry.append(pk)
                continue
            _record(row, status=Status.SENT, sent_at=timezone.now(), error="")
    finally:
        connection.close()
    return to_retry


def emails_due(*, grace_seconds: int, limit: int = 1000) -> list[int]:
    """Queued e-mails past their time that no task took (broker down at commit, a lost retry)."""
    cutoff = timezone.now() - timedelta(seconds=grace_seconds)
    return list(
        OutgoingEmail.objects.filter(status=Status.QUEUED, send_after__lte=cutoff)
        .order_by("send_after")
        .values_list("pk", flat=True)[:limit]
    )
