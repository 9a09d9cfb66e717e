"""The Prometheus endpoint: every figure is read from PostgreSQL and Redis when Prometheus asks.

Nothing is counted in process memory: the rows the apps already write (scan records, deliveries, e-mails, review
items, comments) are the counters, so the figures are the same whichever gunicorn worker answers and whichever
Celery process did the work, survive restarts, and need no change to the worker code.
"""

import logging

import redis
from django.conf import settings
from django.utils import timezone
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily

from moderation.selectors.queue import review_queue_counts

from . import selectors

logger = logging.getLogger(__name__)

# kombu's Redis transport keeps a queue's tasks of priority > 0 in lists named <queue><sep><step>.
_KOMBU_SEP = "\x06\x16"
_KOMBU_PRIORITY_STEPS = (0, 3, 6, 9)


def queue_lengths(broker_url: str, queues: list[str], options: dict) -> dict[str, int] | None:
    """{queue: tasks waiting} from the Redis broker (LLEN of each priority's list), or None when it does not
    answer. Tasks a worker has taken but not finished are not waiting and are not counted."""
    sep = options.get("sep", _KOMBU_SEP)
    prefix = options.get("global_keyprefix", "")
    steps = options.get("priority_steps", _KOMBU_PRIORITY_STEPS)
    client = redis.Redis.from_url(broker_url, socket_connect_timeout=1, socket_timeout=1)
    try:
        pipe = client.pipeline(transaction=False)
        for queue in queues:
            for step in steps:
                pipe.llen(prefix + (f"{queue}{sep}{step}" if step else queue))
        found = pipe.execute()
    except redis.RedisError as error:
        logger.warning("metrics: the broker does not answer: %s", error)
        return None
    finally:
        client.close()
    per_queue = len(steps)
    return {queue: sum(found[n * per_queue : (n + 1) * per_queue]) for n, queue in enumerate(queues)}


class KindredCollector:
    """Read at every scrape (about ten aggregate queries and one Redis round trip)."""

    def collect(self):
        now = timezone.now()
        yield from self._comments_and_checks(now)
        yield from self._emails(now)
        yield from self._review(now)
        yield from self._queues()

    def _comments_and_checks(self, now):
        posted = CounterMetricFamily("kindred_comments_posted", "Comments written on this site (imports excluded).")
        posted.add_metric([], selectors.comments_posted_count())
        yield posted
        checks = CounterMetricFamily(
            "kindred_care_checks", "Care checks recorded (one per revision), by outcome.", labels=["outcome"]
        )
        done = selectors.checks_done_counts()
        for outcome in ("checked", "failed"):
            checks.add_metric([outcome], done.get(outcome, 0))
        yield checks
        cumulative, count, total = selectors.check_latency_buckets()
        latency = HistogramMetricFamily(
            "kindred_care_check_latency_seconds",
            "From a comment revision written to its care check recorded (live checks, not scan_backlog).",
        )
        buckets = [(str(float(bound)), n) for bound, n in zip(selectors.CHECK_LATENCY_BUCKETS, cumulative, strict=True)]
        latency.add_metric([], buckets=[*buckets, ("+Inf", count)], sum_value=total)
        yield latency
        unchecked = GaugeMetricFamily(
            "kindred_oldest_unchecked_comment_age_seconds",
            "Age of the longest-waiting unchecked comment revision (0: none waits).",
        )
        unchecked.add_metric([], selectors.oldest_unchecked_age(now=now))
        yield unchecked

    def _emails(self, now):
        replies = CounterMetricFamily(
            "kindred_reply_emails",
            "Reply e-mails (one per recipient and comment) that were sent, failed or skipped, by reason and mode.",
            labels=["status", "reason", "mode"],
        )
        waiting = GaugeMetricFamily(
            "kindred_reply_emails_waiting", "Reply e-mails planned or being sent.", labels=["status", "mode"]
        )
        for (status, reason, mode), n in sorted(selectors.reply_email_counts().items()):
            if status in ("planned", "sending"):
                waiting.add_metric([status, mode], n)
            else:
                replies.add_metric([status, reason, mode], n)
        yield replies
        yield waiting
        other = CounterMetricFamily(
            "kindred_emails",
            "Other e-mails (sign-up, reset, alerts, moderation messages) sent or failed, by template.",
            labels=["template", "status"],
        )
        other_waiting = GaugeMetricFamily(
            "kindred_emails_waiting", "Other e-mails queued or being sent.", labels=["template", "status"]
        )
        for (template, status), n in sorted(selectors.other_email_counts().items()):
            (other_waiting if status in ("queued", "sending") else other).add_metric([template, status], n)
        yield other
        yield other_waiting
        due = GaugeMetricFamily(
            "kindred_oldest_due_email_age_seconds", "How long the most overdue reply e-mail or digest has waited."
        )
        due.add_metric([], selectors.oldest_due_email_age(now=now))
        yield due

    def _review(self, now):
        by_category = GaugeMetricFamily(
            "kindred_review_items_open_by_category",
            "Open review items by care category, as the queue's filters count them (its live flags and reports; an "
            "item with several categories counts under each).",
            labels=["category"],
        )
        for category, _label, n in review_queue_counts().by_category:
            by_category.add_metric([category], n)
        yield by_category
        items = GaugeMetricFamily(
            "kindred_review_items_open",
            "Open review items by reason (an item with several reasons counts under each).",
            labels=["reason"],
        )
        found = selectors.open_review_items_by_reason()
        for reason in sorted({*selectors.REVIEW_REASONS, *found}):
            items.add_metric([reason], found.get(reason, 0))
        yield items
        crisis = GaugeMetricFamily(
            "kindred_oldest_open_crisis_item_age_seconds", "Age of the oldest open crisis review item (0: none)."
        )
        crisis.add_metric([], selectors.oldest_open_crisis_item_age(now=now))
        yield crisis

    def _queues(self):
        broker = settings.CELERY_BROKER_URL
        if not broker.startswith(("redis://", "rediss://", "unix://")):
            return  # the embedded filesystem broker: no queue figures
        lengths = queue_lengths(broker, selectors.celery_queue_names(), settings.CELERY_BROKER_TRANSPORT_OPTIONS)
        up = GaugeMetricFamily("kindred_broker_up", "1 when the Celery broker (Redis) answered this scrape.")
        up.add_metric([], 0 if lengths is None else 1)
        yield up
        if lengths is not None:
            queued = GaugeMetricFamily(
                "kindred_celery_queue_length", "Tasks waiting in each Celery queue.", labels=["queue"]
            )
            for queue, n in lengths.items():
                queued.add_metric([queue], n)
            yield queued


_registry = CollectorRegistry(auto_describe=False)
_registry.register(KindredCollector())


def metrics_text() -> bytes:
    return generate_latest(_registry)
