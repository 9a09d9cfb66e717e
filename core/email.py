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


def _connection_survives(error: Exception) -> bool:
    # After a refusal the server answered, smtplib resets the transaction and the connection goes on; 421 means the
    # server is closing it, and a hang-up or a timeout leaves it in an unknown state.
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code != 421 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code != 421


class EmailBatch:
    """Messages sent one at a time over one connection, opened at the first send (`with EmailBatch() as batch`).

    For callers that claim and record each send themselves, like send_email: every error reaches the caller, for
    the message it concerns. A connection that broke is dropped and opened again for the next message. Once the
    server cannot be reached, the rest of the batch fails at once with the same error rather than trying again for
    every message (a server that times out would cost EMAIL_TIMEOUT each).
    """

    def __init__(self):
        self._connection = None
        self._unreachable: Exception | None = None

    def send(self, *, template_prefix: str, to: str, context: dict, unsubscribe_url: str | None = None) -> None:
        message = email_message(
            template_prefix=template_prefix, to=to, context=context, unsubscribe_url=unsubscribe_url
        )
        if self._unreachable is not None:
            raise self._unreachable.with_traceback(None)
        if self._connection is None:
            connection = get_connection()
            try:
                connection.open()
            except Exception as error:
                _drop(connection)
                self._unreachable = error
                raise
            self._connection = connection
        message.connection = self._connection
        try:
            message.send()
        except Exception as error:
            if not _connection_survives(error):
                _drop(self._connection)
                self._connection = None
            raise

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            connection.close()
        except Exception:  # every message was already sent and recorded; only the goodbye failed
            logger.warning("e-mail: closing the connection failed", exc_info=True)
            _drop(connection)

    def __enter__(self) -> "EmailBatch":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _drop(connection) -> None:
    # Close the sockets without QUIT: a server that hung up or stopped answering would only make us wait again.
    for name in ("connection", "_partial_connection"):
        smtp = getattr(connection, name, None)
        if smtp is None:
            continue
        try:
            smtp.close()
        except Exception:
            pass
        setattr(connection, name, None)


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
    """Send queued e-mails over one connection, each claimed (queued -> sending) just before its send and recorded.

    Safe to call twice and from two workers at once: an e-mail already claimed is left to its claimer, so none
    goes out twice. A worker killed mid-chunk leaves only the message in flight "sending" (it may have gone out, so
    it is not sent again); the rest stay queued. Returns the ids put back for a retry after a temporary error (none
    with `retry` off: the caller decides what to do about a failure).
    """
    to_retry = []
    with EmailBatch() as batch:
        for pk in email_ids:
            if not _claim(pk, now=timezone.now()):
                continue
            row = OutgoingEmail.objects.get(pk=pk)
            try:
                batch.send(
                    template_prefix=row.template_prefix,
                    to=row.to,
                    context=row.context,
                    unsubscribe_url=row.unsubscribe_url or None,
                )
            except Exception as error:  # every outcome is recorded on the row; nothing is left "sending"
                if _settle_failure(row, error, retry=retry):
                    to_retry.append(pk)
                continue
            _record(row, status=Status.SENT, sent_at=timezone.now(), error="")
    return to_retry


def emails_due(*, grace_seconds: int, limit: int = 1000) -> list[int]:
    """Queued e-mails past their time that no task took (broker down at commit, a lost retry)."""
    cutoff = timezone.now() - timedelta(seconds=grace_seconds)
    return list(
        OutgoingEmail.objects.filter(status=Status.QUEUED, send_after__lte=cutoff)
        .order_by("send_after")
        .values_list("pk", flat=True)[:limit]
    )
