"""A worker process killed with SIGKILL between "sending" and "sent": at most one e-mail, never a second.

The worker is a real `celery worker` subprocess pointed at the test database; the SMTP sink takes the message
and never answers, so the kill lands while the worker waits for the server's reply.
"""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from notifications import services
from notifications.models import Delivery
from tests.conftest import wait_for
from tests.factories import PostFactory, UserFactory, make_comment

pytestmark = pytest.mark.django_db(transaction=True)

BASE_DIR = Path(django_settings.BASE_DIR)


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class WorkerProcess:
    def __init__(self, *, sink_port: int, tmp_path: Path, name: str):
        self.ready_dir = tmp_path / name
        self.ready_dir.mkdir()
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "REDIS_URL": django_settings.REDIS_URL,
            "CELERY_BROKER_URL": django_settings.CELERY_BROKER_URL,
            "EMAIL_URL": f"smtp://127.0.0.1:{sink_port}",
            "EMAIL_TIMEOUT": "120",
            "SITE_URL": "https://kindred.example",
            "DEFAULT_FROM_EMAIL": "Kindred <no-reply@kindred.example>",
            "NOTIFY_SEND_DELAY_SECONDS": "0",
            "SECRET_KEY": django_settings.SECRET_KEY,
            "SUPPORT_SITE_READY_DIR": str(self.ready_dir),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "support_site", "worker", "-Q", "email", "-P", "solo"]
            + ["--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "WARNING", "-n", f"{name}@%h"],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: (self.ready_dir / "worker").exists() or self.process.poll() is not None, timeout=60)
        if self.process.poll() is not None:
            pytest.fail("the worker subprocess did not start")

    def kill(self):
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def test_a_worker_killed_mid_send_leaves_one_email_at_most(redis_url, smtp_settings, settings, tmp_path, client):
    from support_site.celery import app

    app.amqp.queues.select(["default", "care", "email"])
    app.control.purge()
    sink = smtp_settings
    author, priya, jonah = UserFactory(), UserFactory(), UserFactory()
    services.preferences_update(user=author, post_comments="off")
    post = PostFactory(author=author)
    top = make_comment(post=post, user=priya, body="Thread start.")
    sink.misbehave(priya.email, "stall")

    first = WorkerProcess(sink_port=sink.port, tmp_path=tmp_path, name="first")
    second = None
    try:
        reply = make_comment(post=post, user=jonah, parent=top, body="The e-mail that is cut off.")
        assert sink.stalled.wait(timeout=30), "the worker never reached the SMTP DATA step"
        delivery = Delivery.objects.get(comment=reply, recipient=priya)
        assert delivery.status == "sending"
        first.kill()

        # Nothing resolves it while it might still be in flight; beat's resolver fails it after the timeout.
        assert services.deliveries_resolve_stuck() == 0
        later = timezone.now() + timedelta(seconds=settings.NOTIFY_SENDING_TIMEOUT_SECONDS + 1)
        assert services.deliveries_resolve_stuck(now=later) == 1
        delivery.refresh_from_db()
        assert delivery.status == "failed" and delivery.error.startswith("interrupted")

        # A new worker gets the same task again (as a redelivery would) and the sweeper runs: no second e-mail.
        second = WorkerProcess(sink_port=sink.port, tmp_path=tmp_path, name="second")
        from notifications.tasks import delivery_send_task, notify_sweep_task

        delivery_send_task.delay(delivery.pk)
        notify_sweep_task.delay()
        # Another reply afterwards goes through the new worker, to the same (not blamed) address.
        later_reply = make_comment(post=post, user=jonah, parent=top, body="This one arrives.")
        wait_for(lambda: len(sink.to(priya.email)) == 1, timeout=30)
        time.sleep(0.5)
        [received] = sink.to(priya.email)
        assert f"/c/{later_reply.pk}/" in received.message.get_body(("plain",)).get_content()
        delivery.refresh_from_db()
        assert delivery.status == "failed" and delivery.attempts == 1

        # The user can see what happened.
        client.force_login(priya)
        page = client.get(reverse("notifications:preferences")).content.decode()
        assert "sending was interrupted" in page
    finally:
        first.stop()
        if second:
            second.stop()
