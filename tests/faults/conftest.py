"""Fixtures of the fault suite: its own PostgreSQL cluster, Redis servers, SMTP sink and site processes."""

import itertools
import os
import subprocess
import sys

import pytest

from tests.conftest import RedisServer
from tests.notifications.smtp_sink import SmtpSink

from .stack import ROOT, PgCluster, Site

TEMPLATE = "kindred_faults_template"
_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster():
    """One cluster for the suite; each test gets a fresh database copied from a migrated template."""
    cluster = PgCluster()
    try:
        cluster.start()
        cluster.create_database(TEMPLATE)
        result = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": cluster.url(TEMPLATE), "REDIS_URL": ""},
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def make_redis(tmp_path):
    servers = []

    def make() -> RedisServer:
        directory = tmp_path / f"redis{len(servers) + 1}"
        directory.mkdir()
        server = RedisServer(directory=directory)
        servers.append(server)
        server.start()
        return server

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def sink():
    """The loopback SMTP sink (tests/notifications/smtp_sink.py); a test may stop and start it on its port."""
    server = SmtpSink().start()
    yield server
    try:
        server.stop()
    except (AssertionError, RuntimeError):
        pass  # already stopped by the test


@pytest.fixture
def make_site(pg_cluster, tmp_path):
    """Start web, worker and beat on a fresh database; everything they started is stopped afterwards."""
    sites = []

    def make(*, redis_url: str, broker_url: str | None = None, smtp_port: int, env: dict | None = None) -> Site:
        database = f"kindred_faults_{next(_numbers)}"
        pg_cluster.create_database(database, template=TEMPLATE)
        directory = tmp_path / database
        directory.mkdir()
        site = Site(
            cluster=pg_cluster,
            database=database,
            redis_url=redis_url,
            broker_url=broker_url or redis_url,
            smtp_port=smtp_port,
            directory=directory,
            extra_env=env,
        )
        sites.append(site)
        site.start()
        return site

    yield make
    for site in sites:
        site.stop()
