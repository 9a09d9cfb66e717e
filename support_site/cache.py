"""A cache that uses Redis while it answers and the database cache table while it does not."""

import logging
import threading
import time

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# What a Redis that is stopped, restarting or unreachable raises; anything else is a bug and is not hidden.
_UNREACHABLE = (redis.ConnectionError, redis.TimeoutError, OSError)


class _Outage:
    """Per process and per Redis location: when to try Redis again, and whether the outage was logged."""

    def __init__(self):
        self.lock = threading.Lock()
        self.retry_at = 0.0
        self.down = False


class FailoverCache(BaseCache):
    """Django's RedisCache, falling back to a DatabaseCache when Redis cannot be reached.

    Rate-limit counters and every other cached value live in Redis normally; when Redis is down, requests go on
    with the database table (counts start again there, so a limit is never skipped, only restarted). Redis is
    tried again after RETRY_SECONDS, so a request pays a dead Redis's connect timeout at most once in that time.
    An outage is logged once when it starts and once when it ends, never per request.

    OPTIONS: FALLBACK_TABLE (the database cache table, created by a migration), RETRY_SECONDS, and REDIS (options
    for RedisCache, e.g. socket timeouts).
    """

    _outages: dict[str, _Outage] = {}
    _outages_lock = threading.Lock()

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self._retry_seconds = float(options.pop("RETRY_SECONDS", 15))
        table = options.pop("FALLBACK_TABLE", "cache_entries")
        redis_options = options.pop("REDIS", {})
        super().__init__({**params, "OPTIONS": {}})
        inner = {key: value for key, value in params.items() if key not in {"OPTIONS", "BACKEND", "LOCATION"}}
        self._location = server
        self.primary = RedisCache(server, {**inner, "OPTIONS": redis_options})
        self.fallback = DatabaseCache(table, {**inner, "OPTIONS": {}})
        with self._outages_lock:
            self._outage = self._outages.setdefault(server, _Outage())

    @property
    def using_fallback(self) -> bool:
        return self._outage.down and time.monotonic() < self._outage.retry_at

    def _call(self, name: str, *args, **kwargs):
        outage = self._outage
        if outage.down and time.monotonic() < outage.retry_at:
            return getattr(self.fallback, name)(*args, **kwargs)
        try:
            result = getattr(self.primary, name)(*args, **kwargs)
        except _UNREACHABLE as error:
            with outage.lock:
                outage.retry_at = time.monotonic() + self._retry_seconds
                if not outage.down:
                    outage.down = True
                    logger.warning(
                        "Redis cache unreachable (%s): rate limits and the cache use the database table until it "
                        "answers again (checked every %s s)",
                        error,
                        self._retry_seconds,
                    )
            return getattr(self.fallback, name)(*args, **kwargs)
        if outage.down:
            with outage.lock:
                if outage.down:
                    outage.down = False
                    logger.warning("Redis cache answers again: rate limits and the cache are back on Redis")
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        try:
            return self._call("incr", key, delta, version)
        except ValueError:
            if not self._outage.down:
                raise
            # Counted in Redis, which went away between the caller's add() and this incr(): the count starts again
            # in the table (a limit is restarted, never skipped), instead of failing the caller's rate limit closed.
            self.fallback.add(key, 0, version=version)
            return self.fallback.incr(key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        # Both stores: counts left in the table from an outage must not outlive a clear.
        self.fallback.clear()
        return self._call("clear")

    def close(self, **kwargs):
        self.primary.close(**kwargs)
        self.fallback.close(**kwargs)
