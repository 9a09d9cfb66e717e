"""Measuring one Django project from inside its own process: requests, their queries, walks over links, SQL floors.

Used by both sides of the bench (Kindred and django-comments-xtd), so both are measured by the same code.
"""

import random
import re
import statistics
import threading
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.db import close_old_connections, connection
from django.test import Client

COMMENT_ID = re.compile(r'<(?:article|div) [^>]*?id="c(\d+)"')


@dataclass
class Response:
    ms: float
    cpu_ms: float
    queries: list[tuple[str, object]]  # (sql, params) of every statement, however many
    size: int
    html: str
    status: int


def timed_get(client: Client, url: str) -> Response:
    """One request through the project's whole stack (middleware, views, templates), its statements recorded.

    An execute wrapper rather than CaptureQueriesContext, whose log stops at 9,000 queries.
    """
    statements: list[tuple[str, object]] = []

    def record(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        ms = (time.perf_counter() - started) * 1000
        cpu_ms = (time.process_time() - started_cpu) * 1000
    content = response.content
    return Response(
        ms=ms,
        cpu_ms=cpu_ms,
        queries=statements,
        size=len(content),
        html=content.decode("utf-8", "replace"),
        status=response.status_code,
    )


@dataclass
class Walk:
    """Everything a reader fetches to read a whole conversation by following the site's own links."""

    ms: float = 0.0
    cpu_ms: float = 0.0
    queries: int = 0
    size: int = 0
    requests: int = 0
    comment_ids: set[int] = field(default_factory=set)
    peak_bytes: int = 0


def walk(client: Client, start: str, links: Callable[[str], list[str]], *, trace_memory: bool = False) -> Walk:
    """Fetch `start` and every page its links (`links(html)`: hrefs to follow) lead to, each once."""
    result = Walk()
    queue, seen = [start], {start}
    while queue:
        url = queue.pop(0)
        if trace_memory:
            tracemalloc.start()
        response = timed_get(client, url)
        if trace_memory:
            result.peak_bytes = max(result.peak_bytes, tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
        result.ms += response.ms
        result.cpu_ms += response.cpu_ms
        result.queries += len(response.queries)
        result.size += response.size
        result.requests += 1
        result.comment_ids.update(int(pk) for pk in COMMENT_ID.findall(response.html))
        for href in links(response.html):
            target = urljoin(url, href.replace("&amp;", "&"))
            target = target.split("#")[0]
            if urlsplit(target).netloc:  # the test client's URLs stay relative
                continue
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return result


def peak_memory(client: Client, url: str) -> int:
    """Peak bytes Python allocated while serving one request (tracemalloc; its own overhead is not timed)."""
    tracemalloc.start()
    try:
        response = client.get(url)
        assert response.status_code == 200, url
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def sql_floor_ms(queries: list[tuple[str, object]], *, repeats: int = 5) -> float:
    """The database's share of a page: its SELECTs run again on a bare cursor, no ORM and no templates (median)."""
    selects = [(sql, params) for sql, params in queries if sql.lstrip().upper().startswith(("SELECT", "WITH"))]
    totals = []
    with connection.cursor() as cursor:
        for _ in range(repeats):
            started = time.perf_counter()
            for sql, params in selects:
                cursor.execute(sql, params)
                cursor.fetchall()
            totals.append((time.perf_counter() - started) * 1000)
    return statistics.median(totals)


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def explain_statements(statements: list[str]) -> list[str]:
    """EXPLAIN ANALYZE of statements in order, in a transaction that is rolled back (the writes are undone)."""
    from django.db import transaction

    plans = []
    with transaction.atomic():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                plans.append(f"{sql}\n{plan}")
        transaction.set_rollback(True)
    return plans


def concurrent_replies(
    reply: Callable[[random.Random, int], None], *, writers: int, per_writer: int, seed: int, max_seconds: float
) -> tuple[int, list[str], float]:
    """`writers` threads (one database connection each) calling reply(rng, writer number) up to per_writer times,
    all released at once. Returns the replies that succeeded, the names of the errors (a failed reply is part of the
    figure: deadlocks and the like) and the seconds it took."""
    barrier = threading.Barrier(writers + 1)
    errors: list[str] = []
    done = [0]
    lock = threading.Lock()

    def write(number: int) -> None:
        rng = random.Random(seed * 100 + number)
        barrier.wait()
        deadline = time.monotonic() + max_seconds  # a writer stuck in deadlocks must not hold up the run
        try:
            for _ in range(per_writer):
                if time.monotonic() > deadline:
                    break
                try:
                    reply(rng, number)
                    with lock:
                        done[0] += 1
                except Exception as error:  # counted, see above
                    with lock:
                        errors.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(number,)) for number in range(writers)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    close_old_connections()
    return done[0], errors, seconds
