"""The Celery worker's consumer, kept alive when the broker goes away while it holds tasks.

Celery 5.7 closes the broken broker connection before reconnecting. When that close finds kombu's Redis channel
already detached from its transport (the channel's cleanup re-queues the tasks in hand and asks the transport for
the address), kombu raises AttributeError instead of a connection error, and Celery treats it as unrecoverable:
the worker exits, and nothing checks comments until someone restarts it (seen in the fault suite's Redis-down
case, about one run in eight). The close is only cleanup of a connection that is already gone, so that error is
logged and the reconnect goes on. The tasks in hand stay unacknowledged in Redis: Redis delivers them again after
the visibility timeout, and the sweepers redo any lost work sooner (every task is safe to run twice).
"""

import logging

from celery.worker.consumer import Consumer

logger = logging.getLogger(__name__)


class BrokerLossConsumer(Consumer):
    def on_connection_error_after_connected(self, exc):
        try:
            super().on_connection_error_after_connected(exc)
        except AttributeError as error:
            self.connection = None  # gone either way: the restart opens a new one
            logger.warning("broker connection lost; closing the old one failed (%r); reconnecting", error)
