"""Fixtures for account tests: e-mails are queued as on the site, then delivered by calling the task."""

import json

import pytest

from notifications.tasks import send_email_task


class EmailQueue:
    """Stands in for the broker: records what `send_email_task.delay` was given (after a JSON round trip,
    as the real broker would), and delivers it by calling the task function in-process."""

    def __init__(self):
        self.calls: list[tuple[list, dict]] = []

    def delay(self, *args, **kwargs):
        args, kwargs = json.loads(json.dumps([args, kwargs]))
        self.calls.append((args, kwargs))

    def deliver(self) -> int:
        calls, self.calls = self.calls, []
        for args, kwargs in calls:
            send_email_task(*args, **kwargs)
        return len(calls)


@pytest.fixture
def email_queue(monkeypatch, mailoutbox):
    queue = EmailQueue()
    monkeypatch.setattr(send_email_task, "delay", queue.delay)
    return queue


@pytest.fixture
def password():
    return "correct horse battery"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(clear_cache):
    """Rate-limit counters live in the shared cache; every account test starts from zero."""
