"""The failover cache: Redis while it answers, the database table while it does not."""

import pytest

from support_site.cache import FailoverCache


@pytest.mark.django_db(transaction=True)
def test_a_count_begun_in_redis_goes_on_in_the_table_when_redis_stops_in_between(redis_server):
    """A rate limit adds its key, then increments it; if Redis stops between the two, the increment must not fail
    (django-ratelimit would then refuse the request as if the limit were reached)."""
    from django.core.management import call_command

    call_command("createcachetable", verbosity=0)
    redis_server.start()
    cache = FailoverCache(
        redis_server.url,
        {"OPTIONS": {"FALLBACK_TABLE": "cache_entries", "RETRY_SECONDS": 30, "REDIS": {"socket_connect_timeout": 0.5}}},
    )
    assert cache.add("rl:reader-7", 1, 60) is True  # counted in Redis
    redis_server.stop()
    assert cache.add("rl:reader-7", 1, 60) is True  # the table has no count yet: it starts one there
    assert cache.incr("rl:reader-7") == 2
    cache.fallback.delete("rl:other")
    # The race itself: add() answered by Redis (the key was there), incr() after Redis went away.
    assert cache.incr("rl:other") == 1
    assert cache.fallback.get("rl:other") == 1
