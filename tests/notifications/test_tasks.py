"""The sending tasks: deliveries go out in chunks, each chunk when its latest delivery is due, on the e-mail queue."""

from notifications import tasks
from support_site.celery import app


def test_sends_are_enqueued_in_chunks_when_their_latest_delivery_is_due(monkeypatch):
    sent = []
    monkeypatch.setattr(tasks.deliveries_send_task, "delay", lambda ids: sent.append((ids, 0)))
    monkeypatch.setattr(
        tasks.deliveries_send_task, "apply_async", lambda args, countdown: sent.append((args[0], countdown))
    )
    size = tasks.SEND_CHUNK_SIZE
    due = [(pk, 0.0) for pk in range(1, size + 3)] + [(1000, 5.0), (999, 4.0)]
    tasks._enqueue_sends(due)
    assert sent == [(list(range(1, size + 1)), 0), ([size + 1, size + 2, 999, 1000], 5.0)]


def test_every_sending_task_is_routed_to_the_email_queue():
    for task in (tasks.deliveries_send_task, tasks.delivery_send_task, tasks.notify_sweep_task):
        assert app.amqp.router.route({}, task.name)["queue"].name == "email"
