"""The worker's consumer survives a broker connection whose cleanup fails (support_site/worker.py).

The fault suite's Redis-down case runs it for real (a worker that holds tasks when Redis stops); here, the two
promises one at a time: Celery uses this consumer, and a close that fails with kombu's AttributeError is logged and
leaves the consumer ready to reconnect, while any other error still stops the worker as Celery would."""

import logging

import pytest
from celery.utils.imports import symbol_by_name
from celery.worker.consumer import Consumer

from support_site.celery import app
from support_site.worker import BrokerLossConsumer


def test_the_worker_uses_the_consumer_that_survives_a_broker_loss():
    assert symbol_by_name(app.conf.worker_consumer) is BrokerLossConsumer
    assert issubclass(BrokerLossConsumer, Consumer)


def _consumer_whose_cleanup_raises(monkeypatch, error):
    def failing_cleanup(self, exc):
        self.connection = None
        raise error

    monkeypatch.setattr(Consumer, "on_connection_error_after_connected", failing_cleanup)
    consumer = BrokerLossConsumer.__new__(BrokerLossConsumer)  # the method needs no started worker
    consumer.connection = object()
    return consumer


def test_a_cleanup_that_finds_the_channel_detached_is_logged_and_the_reconnect_goes_on(monkeypatch, caplog):
    consumer = _consumer_whose_cleanup_raises(
        monkeypatch, AttributeError("'NoneType' object has no attribute 'hostname'")
    )
    # import-linter (tests/test_layers.py) configures logging in this process and disables loggers that exist by
    # then, this one included when the module was imported at collection.
    monkeypatch.setattr(logging.getLogger("support_site.worker"), "disabled", False)
    with caplog.at_level(logging.WARNING, logger="support_site.worker"):
        consumer.on_connection_error_after_connected(ConnectionError("Connection closed by server."))
    assert consumer.connection is None
    assert "reconnecting" in caplog.text


def test_any_other_error_in_the_cleanup_is_not_hidden(monkeypatch):
    consumer = _consumer_whose_cleanup_raises(monkeypatch, ValueError("something else"))
    with pytest.raises(ValueError):
        consumer.on_connection_error_after_connected(ConnectionError("Connection closed by server."))
