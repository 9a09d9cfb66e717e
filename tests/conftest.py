"""Shared fixtures. Tests run on PostgreSQL and Redis; under CI=true a missing service fails, never skips."""

import os

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


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 at full strength costs ~0.3 s per user; tests create hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
