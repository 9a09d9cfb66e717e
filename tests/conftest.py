"""Shared fixtures. Tests run on PostgreSQL and Redis; under CI=true a missing service fails, never skips."""

import contextlib
import json
import os
import time

import pytest
from django.db import connection

CI = os.environ.get("CI", "").lower() == "true"


def require_service(what: str, reason: str) -> None:
    """Fail under CI, skip elsewhere: a local run without a service still runs everything else."""
    message = f"{what} is required: {reason}"
    if CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def postgres(db):
    if connection.vendor != "postgresql":
        require_service("PostgreSQL", f"DATABASE_URL points at {connection.vendor}")


@pytest.fixture(scope="session")
def redis_url():
    import redis
    from django.conf import settings

    url = settings.REDIS_URL
    if not url:
        require_service("Redis", "REDIS_URL is not set")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        require_service("Redis", f"no answer at {url}: {error}")
    return url


@pytest.fixture
def clear_cache(db):
    """Rate-limit counters live in the shared cache: start a test that counts from zero."""
    from django.core.cache import cache

    cache.clear()


def pytest_sessionstart(session):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if CI and not engine.endswith("postgresql"):
        pytest.exit(f"CI=true needs PostgreSQL; DATABASE_URL gives {engine}", returncode=1)


class InlineEmail:
    """Stands in for the broker: `email_send_task.delay` runs the task at once (after a JSON round trip, as the
    real broker would), so e-mails queued on commit land in mail.outbox."""

    def __init__(self):
        self.count = 0

    def delay(self, email_ids):
        self.count += len(email_ids)
        from core.tasks import email_send_task

        email_send_task(json.loads(json.dumps(email_ids)))


@pytest.fixture
def inline_email(monkeypatch, mailoutbox):
    """E-mails queued on commit (core.email) are sent in-process; returns mailoutbox."""
    from core.tasks import email_send_task

    monkeypatch.setattr(email_send_task, "delay", InlineEmail().delay)
    return mailoutbox


@pytest.fixture(autouse=True)
def _test_settings(settings, request):
    # PBKDF2 at full strength costs ~0.3 s per user; tests create hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Most tests run without a worker: a request must not wait for a check that never comes. Tests with a
    # worker (celery_worker) turn the wait back on.
    settings.CARE_WAIT_FOR_CHECK_SECONDS = 0
    # Reply notifications go out at once in tests (the site's default waits 2 minutes for quick edits).
    settings.NOTIFY_SEND_DELAY_SECONDS = 0
    # Every operator alert is e-mailed in tests (the site sends one per kind of error per 10 minutes).
    settings.NOTIFY_OPERATOR_ALERT_INTERVAL_SECONDS = 0
    # The guidelines step before a first comment is tested on its own (tests/readers, the guidelines_first
    # fixture); elsewhere a new test user's comment posts at once, as it always did.
    settings.READERS_GUIDELINES_FIRST = False
    if "live_server" in request.fixturenames:
        # Browser tests all log in from 127.0.0.1, many times a minute across a run: the per-address log-in limit
        # is tested on its own (tests/accounts), not by how fast the browser tests happen to run.
        settings.ACCOUNTS_LOGIN_RATE_LIMIT = "1000/m"


@contextlib.contextmanager
def celery_broker(url: str):
    """Point the project's Celery app at another broker for a while (fault tests run their own Redis).

    The app caches its connection and producer pools; they are set aside (not closed: other objects still
    hold them) and put back afterwards.
    """
    from support_site.celery import app

    previous = (app.conf.broker_url, app._pool, app.amqp._producer_pool)
    app.conf.broker_url = url
    app._pool = app.amqp._producer_pool = None
    try:
        yield app
    finally:
        app.conf.broker_url, app._pool, app.amqp._producer_pool = previous


@contextlib.contextmanager
def running_worker(app, **options):
    """A real Celery worker (a thread of this process, its own database connections) on every queue."""
    import celery.contrib.testing.tasks  # noqa: F401  registers celery.ping for the worker
    from celery.contrib.testing.worker import start_worker

    options.setdefault("queues", ["default", "care", "email"])
    with start_worker(app, perform_ping_check=False, shutdown_timeout=15, **options) as worker:
        yield worker


@pytest.fixture
def celery_worker(redis_url, transactional_db):
    """A real worker consuming the test Redis; stopped before the transactional test's database teardown."""
    from django.conf import settings

    from support_site.celery import app

    # A worker started elsewhere with queues=["email"] narrows the app's consume_from, and purge() empties only
    # those: select every queue again, or stale care checks from earlier transactional tests stay queued.
    app.amqp.queues.select(["default", "care", "email"])
    app.control.purge()
    # The purge dropped any care drain's wake-up: forget that one is on its way, or new comments would wait for it.
    from django.core.cache import cache

    from moderation.services.scan_batch import DRAIN_PENDING_KEY

    cache.delete(DRAIN_PENDING_KEY)
    # The cache shares the broker's Redis database, so cache.clear() (clear_cache) also wipes kombu's queue
    # bindings; a task published before the new worker has declared its queues would be dropped. Declare them now.
    with app.connection_for_write() as conn:
        for queue in app.amqp.queues.values():
            queue(conn.default_channel).declare()
    settings.CARE_WAIT_FOR_CHECK_SECONDS = 2
    with running_worker(app) as worker:
        yield worker


def wait_for(predicate, *, timeout: float = 20.0, interval: float = 0.05):
    """Poll until predicate() is truthy; return its value or fail with a clear message."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout} s waiting for {getattr(predicate, '__name__', predicate)}")


class RedisServer:
    """A redis-server of our own on a free loopback port (no persistence), started and stopped by the test."""

    def __init__(self, *, directory):
        import shutil
        import socket

        self.binary = shutil.which("redis-server")
        if not self.binary:
            require_service("redis-server", "the binary is not on PATH")
        self.directory = directory
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        import subprocess

        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            + ["--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.answers, timeout=10)

    def answers(self):
        import socket

        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def redis_server(tmp_path):
    """A redis-server of our own on a free loopback port, for tests that stop and start the broker."""
    server = RedisServer(directory=tmp_path)
    yield server
    server.stop()


@pytest.fixture
def unreachable_smtp(monkeypatch) -> list:
    """core.email's SMTP connections refuse to open (a server that cannot be reached); the list counts the tries."""
    from django.core import mail

    tries = []
    real = mail.get_connection

    def unreachable(*args, **kwargs):
        connection = real(*args, **kwargs)

        def refuse():
            tries.append(1)
            raise ConnectionRefusedError(111, "Connection refused")

        connection.open = refuse
        return connection

    monkeypatch.setattr("core.email.get_connection", unreachable)
    return tries


@pytest.fixture
def smtp_connections(monkeypatch) -> list:
    """The SMTP connections core.email opens, in order (a chunk should need one)."""
    from django.core import mail

    opened = []
    real = mail.get_connection

    def counting(*args, **kwargs):
        opened.append(real(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr("core.email.get_connection", counting)
    return opened
