"""Scale-out on loopback (issue 17): two gunicorn instances, two care workers, one e-mail worker and two beats
(the second started by mistake) on one PostgreSQL database and one Redis, as on several machines.

Counts, as the fault suite does: every comment stored once and checked once, every reply e-mail sent once, the
trees clean; and the work only beat's sweepers can find (comments whose task was lost) is done once, although both
beats send every sweep. The sweeps are idempotent (claims and unique rows), not guarded by a lock.
"""

import json
import os
import secrets
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import RedisServer, require_service
from tests.faults.stack import ROOT, Process, Reader, free_port, new_key, wait_until
from tests.faults.test_faults import emails_once, nothing_doubled, stored_once, trees_clean, unscanned
from tests.notifications.smtp_sink import SmtpSink

pytestmark = pytest.mark.slow


def _server_url(database: str) -> str:
    parts = urllib.parse.urlsplit(os.environ.get("DATABASE_URL", ""))
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        require_service("PostgreSQL", "DATABASE_URL is not a PostgreSQL URL")
    return urllib.parse.urlunsplit(parts._replace(path=f"/{database}"))


class Stack:
    """The site's processes, each started as production starts it (Procfile), against one database."""

    def __init__(self, *, database_url: str, redis_url: str, smtp_port: int, directory: Path):
        self.database_url = database_url
        self.directory = directory
        self.token = secrets.token_urlsafe(16)
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CELERY_BROKER_URL": redis_url,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "EMAIL_TIMEOUT": "5",
            "DEFAULT_FROM_EMAIL": "Kindred <no-reply@kindred.example>",
            "SECRET_KEY": "scale-out-" + secrets.token_urlsafe(24),
            "DEBUG": "0",
            "LOG_LEVEL": "INFO",
            "LOG_FORMAT": "json",
            "METRICS_TOKEN": self.token,
            "PYTHONUNBUFFERED": "1",
            "CONN_MAX_AGE": "0",
            "COMMENT_RATE_LIMIT": "100000/m",
            "READERS_GUIDELINES_FIRST": "0",
            "CARE_WAIT_FOR_CHECK_SECONDS": "0",
            "NOTIFY_SEND_DELAY_SECONDS": "0",
            "SWEEP_INTERVAL_SECONDS": "2",
            "CARE_SWEEP_GRACE_SECONDS": "2",
            "NOTIFY_SWEEP_PLAN_GRACE_SECONDS": "2",
            "NOTIFY_SWEEP_SEND_GRACE_SECONDS": "3",
        }
        self.env.pop("SUPPORT_SITE_READY_DIR", None)
        self.web_ports = [free_port(), free_port()]
        self.env["SITE_URL"] = f"http://127.0.0.1:{self.web_ports[0]}"
        python = sys.executable
        celery = [python, "-m", "celery", "-A", "support_site"]
        quiet = ["--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "INFO"]

        def process(name, command):
            return Process(name, command, env=self.env, log_dir=directory)

        self.webs = [
            process(
                f"web{n + 1}",
                [python, "-m", "gunicorn", "support_site.wsgi", "--bind", f"127.0.0.1:{port}"]
                + ["--workers", "1", "--threads", "4", "--no-control-socket"],
            )
            for n, port in enumerate(self.web_ports)
        ]
        self.workers = [
            process("care1", [*celery, "worker", "-Q", "care", "-n", "care1@%h", "-c", "1", *quiet]),
            process("care2", [*celery, "worker", "-Q", "care", "-n", "care2@%h", "-c", "1", *quiet]),
            process("email", [*celery, "worker", "-Q", "email,default", "-n", "email@%h", "-c", "2", *quiet]),
        ]
        self.beats = [
            process(f"beat{n}", [*celery, "beat", "-l", "INFO", "-s", str(directory / f"beat{n}-schedule")])
            for n in (1, 2)
        ]

    @property
    def processes(self) -> list[Process]:
        return [*self.webs, *self.workers, *self.beats]

    def start(self) -> None:
        for process in self.processes:
            process.start()
        for port in self.web_ports:
            wait_until(lambda p=port: self.get(p, "/healthz")[0] == 200, timeout=90, site=self, what="gunicorn")
        for process in [*self.workers, *self.beats]:
            wait_until(
                lambda p=process: "ready" in p.log_path.read_text() or "beat: Starting" in p.log_path.read_text(),
                timeout=90,
                site=self,
                what=f"{process.name} to start",
            )
        assert all(p.alive() for p in self.processes), self.logs()

    def stop(self) -> None:
        # All told to stop at once (they shut down in parallel), then each waited for (or killed).
        for process in self.processes:
            if process.alive():
                process.process.terminate()
        for process in self.processes:
            process.stop()

    def get(self, port: int, path: str, headers: dict | None = None) -> tuple[int, str]:
        import http.client

        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.read().decode()
        except OSError:
            return 0, ""

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, check=check
        )

    def sql(self, query: str, params=()) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as conn:
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def run_module(self, module: str, spec: dict, **env) -> object:
        result = subprocess.run(
            [sys.executable, "-m", module, json.dumps(spec)],
            cwd=ROOT,
            env={**self.env, **env},
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return json.loads(result.stdout.strip().splitlines()[-1])

    def log_lines(self, process: Process) -> list[dict]:
        lines = []
        for line in process.log_path.read_text(errors="replace").splitlines():
            if line.startswith("{"):
                lines.append(json.loads(line))
        return lines

    def logs(self) -> str:
        return "\n".join(f"--- {p.name} ---\n{p.log()}" for p in self.processes)


@pytest.fixture
def stack(tmp_path):
    import importlib.util

    import psycopg

    if importlib.util.find_spec("gunicorn") is None:
        require_service("gunicorn", "not installed (pip install '.[dev]')")

    base = urllib.parse.urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/") or "kindred"
    name = f"test_{base}_scale_out"
    admin = _server_url("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    redis = RedisServer(directory=tmp_path)
    redis.start()
    sink = SmtpSink().start()
    site = Stack(database_url=_server_url(name), redis_url=redis.url, smtp_port=sink.port, directory=tmp_path)
    try:
        migrated = site.manage("migrate", "--no-input", "-v", "0", check=False)
        assert migrated.returncode == 0, migrated.stderr[-3000:]
        site.start()
        yield site, sink
    finally:
        site.stop()
        sink.stop()
        redis.stop()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_two_web_instances_two_care_workers_and_a_second_beat(stack):
    site, sink = stack
    seed = site.run_module("tests.faults.seed", {"users": 4, "posts": 2})
    accepted: list[str] = []
    answers = Counter()
    lock = threading.Lock()

    def writer(index: int, user: dict) -> None:
        # Ten replies, through each web instance in turn, alternating posts; a fresh connection each time (an
        # idle keep-alive connection may be closed by gunicorn between two posts).
        for n in range(10):
            post, port = (index + n) % 2, site.web_ports[n % 2]
            reader, key = Reader(port=port, session_key=user["session"]), new_key()
            status = reader.comment(
                slug=seed["posts"][post]["slug"], body=f"Thinking of you, {n}.", key=key, parent=seed["roots"][post]
            )
            reader.close()
            with lock:
                answers[(port, status)] += 1
                if status == 302:
                    accepted.append(key)

    threads = [threading.Thread(target=writer, args=item) for item in enumerate(seed["users"])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert answers == Counter({(port, 302): 20 for port in site.web_ports}), answers
    stored_once(site, accepted)

    # Replies whose check task never reached the broker: only the sweepers (of both beats) can find them.
    lost = site.run_module(
        "tests.ops.lost_work",
        {"user": seed["users"][2]["id"], "post": seed["posts"][0]["id"], "parent": seed["roots"][0], "n": 3},
        CELERY_BROKER_URL="memory://",
    )
    assert len(lost) == 3

    wait_until(lambda: unscanned(site) == 0, timeout=90, site=site, what="every comment checked")

    def settled():
        unplanned = site.sql(
            "SELECT count(*) FROM comments_comment c WHERE c.status = 'visible' AND NOT EXISTS"
            " (SELECT 1 FROM notifications_notificationplan p WHERE p.comment_id = c.id)"
        )
        waiting = site.sql("SELECT count(*) FROM notifications_delivery WHERE status IN ('planned', 'sending')")
        return unplanned == [(0,)] and waiting == [(0,)]

    wait_until(settled, timeout=90, site=site, what="every visible comment planned and every e-mail settled")
    time.sleep(2)  # a doubled sweep would act within the next second or two: give it the chance

    # Checked once: one scan record per comment revision, whichever care worker took it and however many
    # times the two beats re-enqueued the lost ones.
    [(comments, scans)] = site.sql(
        "SELECT (SELECT count(*) FROM comments_comment), (SELECT count(*) FROM moderation_scanrecord"
        " WHERE comment_id IS NOT NULL)"
    )
    assert comments == scans == 2 + 40 + 3
    nothing_doubled(site)
    received = emails_once(site, sink)
    assert {comment_id for _, comment_id in received} >= set(lost), "the lost replies were e-mailed about"
    trees_clean(site)

    # Both care workers did checks, and both beats really sent the sweeps.
    done_by = Counter()
    for worker in site.workers:
        for line in site.log_lines(worker):
            if line.get("logger") == "kindred.task" and line.get("task") == "moderation.tasks.comment_scan_task":
                done_by[worker.name] += 1
    assert done_by["care1"] and done_by["care2"] and not done_by["email"], done_by
    for beat in site.beats:
        assert "moderation.tasks.care_sweep_task" in beat.log_path.read_text(), beat.log()

    # The metrics agree whichever instance answers: they are read from the database.
    auth = {"Authorization": f"Bearer {site.token}"}
    figures = [site.get(port, "/metrics", auth) for port in site.web_ports]
    assert [status for status, _ in figures] == [200, 200]
    [(checked,)] = site.sql("SELECT count(*) FROM moderation_scanrecord WHERE outcome = 'checked'")
    for _, text in figures:
        assert f'kindred_care_checks_total{{outcome="checked"}} {float(checked)}' in text
        assert f"kindred_comments_posted_total {float(comments)}" in text
        assert 'kindred_celery_queue_length{queue="care"} 0.0' in text

    # One log line per request with the new comment's id, and never an address or a comment's words.
    requests = [line for web in site.webs for line in site.log_lines(web) if line.get("logger") == "kindred.request"]
    posted = [line for line in requests if line.get("route") == "comments:comment_create"]
    assert len(posted) == 40 and all(line["location"].startswith("/c/") for line in posted), posted[:3]
    everything = "".join(p.log_path.read_text(errors="replace") for p in site.processes)
    assert "Thinking of you" not in everything and "Sent while away" not in everything
    assert "@example.org" not in everything
