"""Fixtures for the reply-notification tests: the loopback SMTP sink and sending through it."""

import email
import email.policy
import re

import pytest

from .smtp_sink import SmtpSink

ADDRESS = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


@pytest.fixture
def smtp_sink():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def smtp_settings(settings, smtp_sink):
    """Django (and a worker thread of this process) send through the sink; retries come quickly."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_sink.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.NOTIFY_RETRY_BASE_SECONDS = 0.2
    settings.NOTIFY_RETRY_MAX_SECONDS = 1.0
    settings.SITE_URL = "https://kindred.example"
    settings.DEFAULT_FROM_EMAIL = "Kindred <no-reply@kindred.example>"
    return smtp_sink


def every_text(message) -> str:
    """All headers (but Message-ID) and every decoded part of an e-mail, for looking for addresses."""
    # Parse the bytes that go on the wire, whatever object we were given.
    if not hasattr(message, "get_content"):
        message = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    # Message-ID is address-shaped but names the sending host, not a person.
    parts = []
    for part in message.walk():
        parts.extend(f"{name}: {value}" for name, value in part.items() if name.lower() != "message-id")
        if not part.is_multipart():
            parts.append(part.get_content())
    return "\n".join(parts)


def addresses_in(message) -> set[str]:
    return {address.lower() for address in ADDRESS.findall(every_text(message))}
