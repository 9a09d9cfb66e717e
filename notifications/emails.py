"""The project's one way to send e-mail: templates from a prefix, one recipient, optional List-Unsubscribe."""

import json
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.template import Context
from django.template.loader import get_template, render_to_string

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    """A link for an e-mail: e-mails have no request, so the host comes from settings.SITE_URL."""
    return settings.SITE_URL + path


def _render_plain(template_name: str, context: dict) -> str:
    # Plain text is not HTML: "&" in a display name must stay "&", so render without autoescaping.
    return get_template(template_name).template.render(Context(context, autoescape=False))


def send_email(*, template_prefix: str, to: str, context: dict, unsubscribe_url: str | None = None) -> None:
    """Render `<prefix>.subject.txt`, `<prefix>.txt` and `<prefix>.html` and send them to one address.

    The templates also get SITE_NAME and SITE_URL. Sends synchronously through Django's e-mail backend and
    lets SMTP and connection errors through, so a caller (send_email_task) can retry. Web requests should
    not call this directly: use send_email_on_commit.
    """
    if not isinstance(to, str):
        raise TypeError("send_email sends to exactly one address, given as a string.")
    try:
        validate_email(to)
    except ValidationError:
        raise ValueError(f"Not a single e-mail address: {to!r}") from None

    full_context = {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **context}
    # Collapse to one line: a subject with a line break would be refused as a header.
    subject = " ".join(_render_plain(f"{template_prefix}.subject.txt", full_context).split())
    text_body = _render_plain(f"{template_prefix}.txt", full_context)
    html_body = render_to_string(f"{template_prefix}.html", full_context)

    headers = {}
    if unsubscribe_url:
        # RFC 8058 one-click unsubscribe: mail clients POST "List-Unsubscribe=One-Click" to the URL.
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"

    message = EmailMultiAlternatives(
        subject=subject,
        body=text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers,
    )
    message.attach_alternative(html_body, "text/html")
    message.send()


def send_email_on_commit(*, template_prefix: str, to: str, context: dict, unsubscribe_url: str | None = None) -> None:
    """Queue an e-mail for the worker once the caller's transaction commits.

    If the broker is down (the one Redis stopped), the e-mail is sent from the request instead, so a sign-up's
    link or a password reset is not lost; if that fails too, it is logged and the request still succeeds
    (`robust=True`: a sign-up must never fail because mail is slow). The context must be JSON-serializable;
    that is checked here, in the request, rather than later in the worker.
    """
    json.dumps(context)
    transaction.on_commit(
        lambda: _queue_or_send(
            template_prefix=template_prefix, to=to, context=context, unsubscribe_url=unsubscribe_url
        ),
        robust=True,
    )


def _queue_or_send(*, template_prefix: str, to: str, context: dict, unsubscribe_url: str | None) -> None:
    from .tasks import send_email_task  # tasks imports this module

    try:
        send_email_task.delay(template_prefix, to, context, unsubscribe_url=unsubscribe_url)
    except Exception:
        logger.warning("broker unavailable: sending %s from the request", template_prefix, exc_info=True)
        send_email(template_prefix=template_prefix, to=to, context=context, unsubscribe_url=unsubscribe_url)
