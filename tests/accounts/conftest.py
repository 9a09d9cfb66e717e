"""Fixtures for account tests: e-mails are queued as on the site, then delivered by calling the task."""

import json

import pytest

from core.models import OutgoingEmail
from core.tasks import email_send_task


class EmailQueue:
    """Stands in for the broker: records the e-mails `email_send_task.delay` was given (ids, after a JSON round
    trip, as the real broker would), and delivers them by calling the task function in-process. `calls` lists one
    ([template prefix, address, context], {"unsubscribe_url": ...}) per queued e-mail."""

    def __init__(self):
        self.batches: list[list[int]] = []

    def delay(self, email_ids):
        self.batches.append(json.loads(json.dumps(email_ids)))

    @property
    def calls(self) -> list[tuple[list, dict]]:
        rows = OutgoingEmail.objects.in_bulk([pk for batch in self.batches for pk in batch])
        return [
            ([rows[pk].template_prefix, rows[pk].to, rows[pk].context], {"unsubscribe_url": rows[pk].unsubscribe_url})
            for batch in self.batches
            for pk in batch
        ]

    def deliver(self) -> int:
        batches, self.batches = self.batches, []
        for batch in batches:
            email_send_task(batch)
        return sum(len(batch) for batch in batches)


@pytest.fixture
def email_queue(monkeypatch, mailoutbox):
    queue = EmailQueue()
    monkeypatch.setattr(email_send_task, "delay", queue.delay)
    return queue


@pytest.fixture
def password():
    return "correct horse battery"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(clear_cache):
    """Rate-limit counters live in the shared cache; every account test starts from zero."""
