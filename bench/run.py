#!/usr/bin/env python3
"""Kindred against django-comments-xtd on this machine, in one run: python3 bench/run.py [--quick].

Creates bench/.venv (the app's dependencies plus bench/requirements.txt), its own PostgreSQL databases
(BENCH_DATABASE and BENCH_DATABASE_xtd, default kindred_bench), uses Redis database BENCH_REDIS_DB (default 12),
builds the same conversations in both systems, alternates the two inside every repetition and writes
bench/results.json, bench/RESULTS.md and the plots. See bench/README.md.
"""

import argparse
import asyncio
import hashlib
import json
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path
from urllib.parse import urlencode

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
VENV = BENCH / ".venv"
PYTHON = VENV / "bin" / "python"
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
_DATABASE = os.environ.get("BENCH_DATABASE", "kindred_bench")  # another name lets two checkouts run the bench apart
DATABASES = {"kindred": _DATABASE, "xtd": f"{_DATABASE}_xtd", "today": f"{_DATABASE}_today"}
SYSTEMS = ("kindred", "xtd")
# "today": Kindred before the hot-thread work (issue 16), exported from git and run by this bench as a third side in
# the replies and writers blocks, so the new write path is compared with the old one inside one run.
TODAY_COMMIT = "815075cb2c5825445341cb6866abab2d3abc85c3"
TODAY_ROOT = BENCH / ".today"


def say(message: str) -> None:
    print(f"bench: {message}", flush=True)


# --- The bench's own virtualenv ---------------------------------------------------------------------------


def ensure_venv() -> None:
    """bench/.venv with the app's dependencies and the bench's own; reinstalled when either list changes."""
    if not PYTHON.exists():
        say("creating bench/.venv")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    app = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    bench = (BENCH / "requirements.txt").read_text()
    stamp = VENV / ".installed"
    digest = hashlib.sha256(("\n".join(sorted(app)) + bench).encode()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    say("installing the app's dependencies and bench/requirements.txt into bench/.venv")
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, *app, "-r", str(BENCH / "requirements.txt")], check=True)
    stamp.write_text(digest)


# --- Plans: what each mode measures -----------------------------------------------------------------------

FULL = {
    "sizes": [100, 1000, 10000],
    "page_repeats": {100: 7, 1000: 5, 10000: 3},
    # The long-comment variant (100-270 words) at each N; fewer repetitions at 10,000 keep the run under 30 minutes.
    "long_sizes": [100, 1000, 10000],
    "long_page_repeats": {100: 7, 1000: 5, 10000: 2},
    # The one long conversation the plans before long_sizes measured: kept for the later blocks, the others dropped
    # after their pages so the replies, writers and care blocks meet the same database as the baseline's.
    "long_kept": 1000,
    "reply_count": 10,
    "reply_repeats": 5,
    "per_writer": 50,
    "concurrency_repeats": 2,
    "writers_max_seconds": 45,
    "care_seconds": 60,
    "care_grace_seconds": 20,
    "care_drain_seconds": 60,
    "care_backlog": 1000,
    "followers": [10, 100, 500],
    "notify_runs": 3,
}
QUICK = {
    "sizes": [100, 1000],
    "page_repeats": {100: 3, 1000: 3},
    "long_sizes": [100],  # 1,000 too would take --quick past 5 minutes on a busy machine
    "long_page_repeats": {100: 3},
    "long_kept": 100,
    "reply_count": 5,
    "reply_repeats": 3,
    "per_writer": 15,
    "concurrency_repeats": 1,
    "writers_max_seconds": 20,
    "care_seconds": 8,
    "care_grace_seconds": 5,
    "care_drain_seconds": 20,
    "care_backlog": 300,
    "followers": [10, 100, 500],
    "notify_runs": 1,
}
# The care block offers its posts open-loop: each leaves on schedule whatever the server does (asyncio, a connection
# per post), so the offered rate is the rate asked for. The cap only guards the shared machine against a server that
# stops answering: a post that would exceed it is not sent (counted). gunicorn gets threads for posts that wait for
# their check (up to CARE_WAIT_FOR_CHECK_SECONDS, 2 s): 2 x 24 threads take 20 posts/s even at the full wait and
# 50/s at about 1 s each, while keeping PostgreSQL connections (one per thread) well under the shared 100.
CARE_MAX_IN_FLIGHT = 400
GUNICORN_THREADS = 24
CARE_RUNS = [(20, False), (50, False), (50, True)]  # (comments per second, long bodies); --quick: the first two
# Crisis first: this many checks queued, then one crisis comment posted at the back.
CARE_CRISIS_BEHIND = 500
CARE_CRISIS_TEXT = (
    "I keep thinking my family would cope better if I just wasn't here any more, and I've started giving my things "
    "away."
)
WORKER_COMMAND = [str(PYTHON), "-m", "celery", "-A", "support_site", "worker"]
WORKER_COMMAND += ["-Q", "default,care,email", "--concurrency", "2", "-l", "warning"]  # as `dev.py run` starts it


# --- Processes --------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def export_today() -> Path:
    """TODAY_COMMIT's files in bench/.today/ (ignored by git), exported once with git archive."""
    stamp = TODAY_ROOT / ".commit"
    if stamp.exists() and stamp.read_text() == TODAY_COMMIT:
        return TODAY_ROOT
    say(f"exporting {TODAY_COMMIT[:7]} to bench/.today for the today side")
    subprocess.run(["rm", "-rf", str(TODAY_ROOT)], check=True)
    TODAY_ROOT.mkdir()
    archive = subprocess.run(["git", "archive", TODAY_COMMIT], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(TODAY_ROOT)], input=archive, check=True)
    stamp.write_text(TODAY_COMMIT)
    return TODAY_ROOT


class Agent:
    """One system's side (bench/agent.py) in its own warm process, answering one JSON command at a time."""

    def __init__(self, system: str, env: dict):
        self.system = system
        self.log = open(BENCH / f".{system}-agent.log", "w")  # noqa: SIM115  kept open for the process's life
        self.process = subprocess.Popen(
            [str(PYTHON), str(BENCH / "agent.py"), "kindred" if system == "today" else system],
            cwd=env.get("BENCH_APP_ROOT") or ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )
        ready = self.process.stdout.readline()
        if not ready:
            raise RuntimeError(f"the {system} agent did not start: see bench/.{system}-agent.log")

    def call(self, fn: str, **kwargs):
        self.process.stdin.write(json.dumps({"fn": fn, "kwargs": kwargs}) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        if "error" in answer:
            raise RuntimeError(f"{self.system}.{fn}({kwargs}) failed:\n{answer['error']}")
        return answer["ok"]

    def stop(self) -> None:
        self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


class MailSink:
    """A loopback SMTP server that accepts everything and notes when each recipient's message arrived."""

    def __init__(self):
        import logging

        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command at INFO
        self.port = free_port()
        self.arrivals: dict[str, float] = {}
        self.lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    async def handle_DATA(self, server, session, envelope):
        now = time.time()
        with self.lock:
            for address in envelope.rcpt_tos:
                self.arrivals.setdefault(address.lower(), now)
        return "250 OK"

    def wait_for(self, addresses: list[str], *, timeout: float) -> list[float]:
        wanted = {address.lower() for address in addresses}
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if wanted <= self.arrivals.keys():
                    break
            time.sleep(0.02)
        with self.lock:
            return [self.arrivals[address] for address in wanted if address in self.arrivals]

    def clear(self) -> None:
        with self.lock:
            self.arrivals.clear()

    def stop(self) -> None:
        self.controller.stop()


def start_service(name: str, command: list[str], env: dict, *, append: bool = False) -> subprocess.Popen:
    log = open(BENCH / f".{name}.log", "a" if append else "w")  # noqa: SIM115  handed to the child
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop_service(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()  # gunicorn and the Celery worker stop their own children on SIGTERM
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_http(port: int, path: str = "/healthz", timeout: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"nothing answered on port {port} within {timeout} s")


class Worker:
    """The run command's worker, which the care block stops and starts again to build a backlog."""

    def __init__(self, env: dict):
        self.env = env
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> None:
        self.process = start_service("worker", WORKER_COMMAND, self.env, append=self.starts > 0)
        self.starts += 1

    def stop(self) -> None:
        if self.process is not None:
            stop_service(self.process)
            self.process = None


# --- The run ----------------------------------------------------------------------------------------------


class Run:
    def __init__(self, plan: dict, *, quick: bool, only: set[str] | None):
        self.plan, self.quick, self.only = plan, quick, only
        self.figures: dict[str, float] = {}
        self.load: dict[str, list[float]] = {}
        self.notes: list[str] = []
        self.plans: list[str] = []
        self.samples: dict[str, list[float]] = {}
        self.started = time.monotonic()
        self.block_started: dict[str, float] = {}

    # Names: "<block>.<case>.<measure>.<system>"; the ratio of a pair is stored under the name without system.
    def record(self, name: str, value: float) -> None:
        self.figures[name] = value

    def add_sample(self, name: str, value: float) -> None:
        self.samples.setdefault(name, []).append(value)

    def settle(self) -> None:
        """Medians of the repeated samples become figures."""
        for name, values in self.samples.items():
            self.figures[name] = statistics.median(values)
        self.samples.clear()

    def block(self, name: str) -> None:
        self.load[name] = [round(value, 2) for value in os.getloadavg()]
        self.block_started[name] = round(time.monotonic() - self.started, 1)
        say(f"{name} (load {self.load[name][0]:.2f})")

    def wanted(self, block: str) -> bool:
        return self.only is None or block in self.only


def environments(sink_port: int, web_port: int) -> dict[str, dict]:
    redis_db = os.environ.get("BENCH_REDIS_DB", "12")
    base = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    base.update(PYTHONUNBUFFERED="1", SECRET_KEY=os.environ.get("SECRET_KEY", "bench-only-not-secret"))
    kindred = {
        **base,
        "DATABASE_URL": f"{POSTGRES}/{DATABASES['kindred']}",
        "REDIS_URL": f"redis://127.0.0.1:6379/{redis_db}",
        "EMAIL_URL": f"smtp://127.0.0.1:{sink_port}",
        "SITE_URL": f"http://127.0.0.1:{web_port}",
        # The bench posts far faster than one reader may: limits raised, as the issue says.
        "COMMENT_RATE_LIMIT": "1000000/m",
        "POST_AUTHOR_COMMENT_RATE_LIMIT": "1000000/m",
        # The bench's readers are established (they wrote the conversations): no guidelines step before posting.
        "READERS_GUIDELINES_FIRST": "0",
        "NOTIFY_SEND_DELAY_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }
    xtd = {**base, "BENCH_XTD_DATABASE_URL": f"{POSTGRES}/{DATABASES['xtd']}", "BENCH_SMTP_PORT": str(sink_port)}
    today = {**kindred, "DATABASE_URL": f"{POSTGRES}/{DATABASES['today']}", "BENCH_APP_ROOT": str(TODAY_ROOT)}
    return {"kindred": kindred, "xtd": xtd, "today": today}


def reset_databases() -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        for name in DATABASES.values():
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')


def alternate(repetition: int, systems: tuple[str, ...] = SYSTEMS) -> tuple[str, ...]:
    """The order of the systems in a repetition: rotated each time, so none always meets a warmer machine."""
    shift = repetition % len(systems)
    return systems[shift:] + systems[:shift]


def page_cases(plan: dict) -> list[tuple[str, int, bool, int]]:
    """The post-page cases of a plan, in the order they run: (case, N, long bodies, repetitions). The short bodies
    at each N first, then the long-comment variant ("n1000-long": names the baseline already has)."""
    cases = [(f"n{size}", size, False, plan["page_repeats"][size]) for size in plan["sizes"]]
    cases += [(f"n{size}-long", size, True, plan["long_page_repeats"][size]) for size in plan["long_sizes"]]
    return cases


def pages(run: Run, agents: dict[str, Agent]) -> None:
    agents = {system: agents[system] for system in SYSTEMS}  # not the today side
    cases = page_cases(run.plan)
    for case, size, long_bodies, repeats in cases:
        slug = f"page-{case}"
        run.block(f"build {case}")
        for system, agent in agents.items():
            built = agent.call("build", slug=slug, shape="conversation", n=size, seed=size, long_bodies=long_bodies)
            run.record(f"build.{case}.seconds.{system}", built["build_s"])
            run.record(f"build.{case}.corrupt_rows.{system}", built["corrupt_rows"])
        run.block(f"pages {case}")
        if case == cases[0][0]:
            for agent in agents.values():
                agent.call("page_sample", slug=slug)  # warm-up: templates compiled, caches filled
        for repetition in range(repeats):
            for system in alternate(repetition):
                for measure_name, value in agents[system].call("page_sample", slug=slug).items():
                    run.add_sample(f"page.{case}.{measure_name}.{system}", value)
        run.settle()
        if long_bodies:
            if size != run.plan["long_kept"]:
                for agent in agents.values():
                    agent.call("discard", slug=slug)
            continue
        largest = size == max(run.plan["sizes"])  # peak memory is a figure at the largest size only
        for system, agent in agents.items():
            for measure_name, value in agent.call("page_floor", slug=slug, memory=largest).items():
                run.record(f"page.{case}.{measure_name}.{system}", value)


def _target(target: str) -> dict:
    """How a reply picks its parent, as a keyword only when it is not the default (xtd's side knows only that)."""
    return {} if target == "random" else {"target": target}


def replies(run: Run, agents: dict[str, Agent]) -> None:
    """One reply at a time: at each N (Kindred and xtd), and in threads of 50 and 2,000 comments (today's Kindred
    too), parents uniformly random; and in the 2,000-comment thread answering its newest comment (Kindred and
    today's only: django-comments-xtd stops threads at 5 levels)."""
    both, three, kindreds = SYSTEMS, (*SYSTEMS, "today"), ("kindred", "today")
    cases = []
    for size in run.plan["sizes"]:
        slug = f"page-n{size}"
        if not run.wanted("pages"):  # the pages block builds these
            for system in both:
                agents[system].call("build", slug=slug, shape="conversation", n=size, seed=size)
        cases.append((f"n{size}", slug, both, "random"))
    for size in (50, 2000):
        slug = f"thread-{size}"
        for system in three:
            agents[system].call("build", slug=slug, shape="thread", n=size, seed=size)
        cases.append((f"thread{size}", slug, three, "random"))
    for system in kindreds:
        agents[system].call("build", slug="thread-2000-newest", shape="thread", n=2000, seed=2000)
    cases.append(("thread2000_newest", "thread-2000-newest", kindreds, "newest"))
    for case, slug, systems, target in cases:
        run.block(f"reply {case}")
        for repetition in range(run.plan["reply_repeats"]):
            for system in alternate(repetition, systems):
                sample = agents[system].call(
                    "reply_sample", slug=slug, count=run.plan["reply_count"], seed=repetition, **_target(target)
                )
                run.add_sample(f"reply.{case}.ms.{system}", sample["reply.ms"])
        run.settle()
    run.block("explain")
    # Before (today's code) and after, a random parent and the newest comment, each in its 2,000-comment thread.
    for system in ("today", "kindred"):
        for slug, target in (("thread-2000", "random"), ("thread-2000-newest", "newest")):
            explained = agents[system].call("explain_reply", slug=slug, seed=7, target=target)
            name = "today's code (" + TODAY_COMMIT[:7] + ")" if system == "today" else "this code"
            run.plans.append(f"-- {name}, {target} parent: {explained['statements']} statements under the lock")
            run.plans += explained["plans"]


WRITER_CASES = [
    # (case, shape: one thread of 2,000 or each writer in its own of 8 threads of 250, parent, systems)
    ("one_thread", "thread", "random", (*SYSTEMS, "today")),
    ("eight_threads", "threads8", "random", (*SYSTEMS, "today")),
    # Every writer answers the thread's newest comment that may take a reply (xtd stops threads at 5 levels): first
    # the newest of the built thread, wherever it is, or ("end") its last comment in reading order.
    ("one_thread_newest", "thread", "newest", ("kindred", "today")),
    ("one_thread_end", "thread", "end", ("kindred", "today")),
]


def concurrency(run: Run, agents: dict[str, Agent]) -> None:
    for case, shape, target, systems in WRITER_CASES:
        spread = shape == "threads8"
        run.block(f"writers {case}")
        for repetition in range(run.plan["concurrency_repeats"]):
            for system in alternate(repetition, systems):
                slug = f"writers-{case}-{repetition}"
                agents[system].call("build", slug=slug, shape=shape, n=2000, seed=100 + repetition)
                result = agents[system].call(
                    "concurrent_writers",
                    slug=slug,
                    writers=8,
                    per_writer=run.plan["per_writer"],
                    seed=repetition,
                    spread=spread,
                    max_seconds=run.plan["writers_max_seconds"],
                    **_target(target),
                )
                run.add_sample(f"writers.{case}.replies_per_s.{system}", result["replies_per_s"])
                # Failures and corruption: the worst repetition is the figure.
                for key in ("errors", "corrupt_rows"):
                    name = f"writers.{case}.{key}.{system}"
                    run.figures[name] = max(run.figures.get(name, 0), result[key])
                run.figures[f"writers.{case}.rows.{system}"] = result["rows"]
                if target != "random":  # rows each reply had to move at the end
                    run.figures[f"writers.{case}.rows_after_newest.{system}"] = result["rows_after_newest"]
        run.settle()


def classifier(run: Run, agents: dict[str, Agent]) -> None:
    run.block("classifier")
    for case, long_bodies in (("short", False), ("long", True)):
        for repetition in range(3):
            rate = agents["kindred"].call("classifier_rate", long_bodies=long_bodies, count=300, seed=repetition)
            run.add_sample(f"care.classifier_{case}.texts_per_cpu_s.kindred", rate["texts_per_cpu_s"])
    run.settle()
    output = subprocess.run(
        [str(PYTHON), "bench/classify_speed.py", "--passes", "3"],
        cwd=ROOT,
        env=agents["kindred"].env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    median = [line for line in output.splitlines() if line.startswith("one core: median")][0]
    run.record("care.classifier_labeled.texts_per_cpu_s.kindred", float(median.split()[3].replace(",", "")))


async def _post_comment(port: int, *, path: str, session: str, parent: int | str, body: str) -> tuple:
    """One POST of the comment form on its own connection: (wall start, ms until the status line, status; 0 for a
    connection error)."""
    csrf = secrets.token_hex(16)  # 32 characters: Django takes an unmasked secret equal to the cookie
    data = urlencode({"csrfmiddlewaretoken": csrf, "body": body, "parent": parent, "key": secrets.token_urlsafe(18)})
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(data)}\r\nCookie: sessionid={session}; csrftoken={csrf}\r\nConnection: close\r\n\r\n"
    )
    started_at, started = time.time(), time.perf_counter()
    writer = None
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(head.encode() + data.encode())
        await writer.drain()
        status = int((await reader.readline()).split()[1])
    except (OSError, ValueError, IndexError):
        status = 0
    finally:
        if writer is not None:
            writer.close()
    return started_at, (time.perf_counter() - started) * 1000, status


async def _offer(port: int, path: str, jobs: list[tuple], *, rate: float, grace: float) -> tuple[list, int, int]:
    """Send `jobs` (session, parent, body) open-loop at `rate` per second, then wait `grace` seconds past the schedule
    for answers. Returns (answers, not sent because CARE_MAX_IN_FLIGHT were out, unanswered by the end)."""
    loop = asyncio.get_running_loop()
    in_flight = 0

    async def send(session, parent, body):
        nonlocal in_flight
        in_flight += 1
        try:
            return await _post_comment(port, path=path, session=session, parent=parent, body=body)
        finally:
            in_flight -= 1

    tasks, unsent = [], 0
    started = loop.time()
    for number, (session, parent, body) in enumerate(jobs):
        delay = started + number / rate - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        if in_flight >= CARE_MAX_IN_FLIGHT:
            unsent += 1
            continue
        tasks.append(asyncio.create_task(send(session, parent, body)))
    if not tasks:
        return [], unsent, 0
    done, pending = await asyncio.wait(tasks, timeout=max(0.0, started + len(jobs) / rate + grace - loop.time()))
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    return [task.result() for task in done], unsent, len(pending)


def _post_figures(run: Run, figure: str, answers: list) -> None:
    ok = [ms for _, ms, status in answers if status == 302]
    run.record(f"{figure}.post_failures.kindred", len(answers) - len(ok))
    if ok:
        run.record(f"{figure}.post_p50_ms.kindred", statistics.median(ok))
        run.record(f"{figure}.post_p95_ms.kindred", sorted(ok)[int(0.95 * (len(ok) - 1))])


def care(run: Run, agent: Agent, web_port: int) -> None:
    """Commit to flags at steady rates, posted over HTTP open-loop."""
    import random

    sys.path.insert(0, str(ROOT))
    from bench import shapes

    agent.call("build", slug="care", shape="conversation", n=300, seed=5)
    agent.call("mark_checked", slug="care")  # history: only the posted comments are checked
    cookies = agent.call("session_cookies")
    target = agent.call("post_path", slug="care")
    for rate, long_bodies in CARE_RUNS[: 2 if run.quick else None]:
        case = f"{rate}_per_s{'_long' if long_bodies else ''}"
        run.block(f"care {case}")
        rng = random.Random(rate)
        words = shapes.LONG_WORDS if long_bodies else shapes.SHORT_WORDS
        count = int(rate * run.plan["care_seconds"])
        jobs = [
            (rng.choice(cookies), rng.choice(target["targets"]), shapes.body_text(rng, words)) for _ in range(count)
        ]
        since = time.time()
        answers, unsent, unanswered = asyncio.run(
            _offer(web_port, target["path"], jobs, rate=rate, grace=run.plan["care_grace_seconds"])
        )
        latency = agent.call("care_latency", slug="care", since=since, timeout=run.plan["care_drain_seconds"])
        # Checks still queued would run during the next case and be counted there: drop them (bench data only).
        agent.call("purge_queues")
        figure = f"care.{case}"
        run.record(f"{figure}.posted.kindred", latency["posted"])
        run.record(f"{figure}.scanned.kindred", latency["scanned"])
        for key in ("p50_ms", "p95_ms", "p99_ms", "scans_per_s"):
            if key in latency:
                name = key if key == "scans_per_s" else f"commit_to_flags_{key}"
                run.record(f"{figure}.{name}.kindred", latency[key])
        # The rate the requests really left at: open-loop, the schedule's unless the client itself fell behind.
        starts = [answer[0] for answer in answers]
        if len(starts) > 1:
            run.record(f"{figure}.achieved_per_s.kindred", (len(starts) - 1) / (max(starts) - min(starts)))
        run.record(f"{figure}.not_sent.kindred", unsent)
        run.record(f"{figure}.unanswered.kindred", unanswered)
        _post_figures(run, figure, answers)


def care_backlog(run: Run, agent: Agent, worker: Worker, web_port: int) -> None:
    """The worker's drain rate with a backlog (checks queued while it was stopped), and a crisis comment posted over
    HTTP behind CARE_CRISIS_BEHIND queued checks while the worker drains them."""
    run.block("care backlog")
    worker.stop()
    agent.call("purge_queues")
    since = time.time()
    queued = agent.call("queue_checks", slug="care", count=run.plan["care_backlog"], seed=1)["queued"]
    worker.start()
    started = time.time()
    drained = agent.call("backlog_drain", slug="care", since=since, timeout=120 + queued / 5)
    run.record("care.backlog.queued.kindred", queued)
    run.record("care.backlog.scanned.kindred", drained["scanned"])
    if "checks_per_s" in drained:
        run.record("care.backlog.checks_per_s.kindred", drained["checks_per_s"])
        run.record("care.backlog.all_checked_s.kindred", drained["last_at"] - started)  # includes the worker's start
    agent.call("purge_queues")

    run.block("care crisis")
    worker.stop()
    agent.call("purge_queues")
    since = time.time()
    agent.call("queue_checks", slug="care", count=CARE_CRISIS_BEHIND, seed=2)
    worker.start()
    if not agent.call("first_scan_wait", slug="care", since=since, timeout=60)["started"]:
        run.notes.append("care crisis: the worker stored no check within 60 s of its start")
    cookies = agent.call("session_cookies")
    path = agent.call("post_path", slug="care")["path"]
    posted = asyncio.run(_post_comment(web_port, path=path, session=cookies[0], parent="", body=CARE_CRISIS_TEXT))
    crisis = agent.call("crisis_latency", slug="care", body=CARE_CRISIS_TEXT, since=since, timeout=120)
    figure = "care.crisis_behind_500"
    run.record(f"{figure}.post_ms.kindred", posted[1])
    for key in ("flags_s", "urgent_item_s", "backlog_left"):
        if key in crisis:
            run.record(f"{figure}.{key}.kindred", crisis[key])
    if posted[2] != 302 or not crisis.get("found"):
        run.notes.append(f"care crisis: the crisis comment was answered {posted[2]}, found {crisis.get('found')}")
    agent.call("backlog_drain", slug="care", since=since, timeout=60 + CARE_CRISIS_BEHIND / 5)
    agent.call("purge_queues")


def notify(run: Run, agents: dict[str, Agent], sink: MailSink) -> None:
    for followers in run.plan["followers"]:
        run.block(f"notify {followers}")
        for repetition in range(run.plan["notify_runs"]):
            for system in alternate(repetition):
                slug = f"notify-{followers}-{repetition}-{system}"  # addresses of their own for each system
                prepared = agents[system].call("notify_prepare", slug=slug, followers=followers, seed=repetition)
                sink.clear()
                posted = agents[system].call("notify_post", slug=slug)
                arrivals = sink.wait_for(prepared["emails"], timeout=300)
                name = f"notify.f{followers}"
                run.add_sample(f"{name}.request_ms.{system}", posted["request_ms"])
                if len(arrivals) < followers:
                    run.notes.append(f"{system}: {len(arrivals)} of {followers} e-mails arrived within 300 s")
                    continue
                last = max(arrivals) - posted["started_at"]
                run.add_sample(f"{name}.last_email_s.{system}", last)
                run.add_sample(f"{name}.emails_per_s.{system}", followers / last)
                if system == "kindred":  # the target counts from the moment the reply became visible
                    visible = agents[system].call("notify_visible", slug=slug)["published_at"]
                    if visible is not None:
                        run.add_sample(f"{name}.after_visible_s.{system}", max(arrivals) - visible)
        run.settle()


def derive(figures: dict[str, float]) -> None:
    """Figures computed from others: rendering cost per comment of a whole conversation, and the SQL floor's share
    of the first page."""
    for name, value in list(figures.items()):
        parts = name.split(".")
        if parts[0] != "page" or len(parts) != 5:
            continue
        _, case, part, measure_name, system = parts
        size = int(case.removeprefix("n").removesuffix("-long"))
        if part in ("whole", "minimal") and measure_name == "ms":
            figures[f"page.{case}.{part}.ms_per_comment.{system}"] = value / size
        if part == "first" and measure_name == "sql_floor_ms" and figures.get(f"page.{case}.first.ms.{system}"):
            figures[f"page.{case}.first.sql_share.{system}"] = value / figures[f"page.{case}.first.ms.{system}"]


def ratios(figures: dict[str, float]) -> dict[str, float]:
    """Kindred's figure divided by xtd's, for every figure both systems have (and Kindred's whole conversation
    against xtd's minimal template)."""
    result = {}
    for name, value in figures.items():
        if not name.endswith(".kindred"):
            continue
        stem = name.removesuffix(".kindred")
        other = figures.get(stem + ".xtd")
        if other:
            result[stem] = value / other
        today = figures.get(stem + ".today")
        if today:
            result[stem + ".vs_today"] = value / today
        if ".whole." in stem:
            minimal = figures.get(stem.replace(".whole.", ".minimal.") + ".xtd")
            if minimal:
                result[stem + ".vs_minimal"] = value / minimal
    return result


def versions() -> dict[str, str]:
    from importlib.metadata import version

    packages = ("Django", "django-comments-xtd", "django-contrib-comments", "django-mptt", "celery", "psycopg")
    found = {name: version(name) for name in packages}
    found["python"] = platform.python_version()
    try:
        import psycopg

        with psycopg.connect(f"{POSTGRES}/postgres") as conn:
            found["postgresql"] = conn.execute("SHOW server_version").fetchone()[0]
    except Exception:  # the figures stand without it
        pass
    return found


def commit() -> str:
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True)
    return head + ("-dirty" if dirty.stdout.strip() else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N = 100 and 1,000, fewer repetitions: under 5 minutes")
    parser.add_argument("--only", help="comma-separated blocks: pages,replies,writers,classifier,care,notify")
    parser.add_argument("--output", type=Path, default=BENCH, help="where results.json, RESULTS.md and plots go")
    args = parser.parse_args(argv)
    if Path(sys.prefix).resolve() != VENV.resolve():
        ensure_venv()
        os.execv(str(PYTHON), [str(PYTHON), str(Path(__file__).resolve()), *(argv or sys.argv[1:])])

    from bench import report

    started, head = time.time(), commit()  # the code measured: the checkout may change while the run goes on
    run = Run(QUICK if args.quick else FULL, quick=args.quick, only=set(args.only.split(",")) if args.only else None)
    reset_databases()
    sink = MailSink()
    web_port = free_port()
    envs = environments(sink.port, web_port)
    systems = SYSTEMS
    if run.wanted("replies") or run.wanted("writers"):
        export_today()
        systems = (*SYSTEMS, "today")
    agents = {system: Agent(system, envs[system]) for system in systems}
    for system, agent in agents.items():
        agent.env = envs[system]
        agent.call("setup")
    try:
        _measure(run, agents, envs=envs, web_port=web_port, sink=sink)
    finally:
        for agent in agents.values():
            agent.stop()
        sink.stop()

    results = _results(run, quick=args.quick, started=started, head=head)
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "results.json").write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    report.write(results, output=args.output, baseline=BENCH / "baseline" / "results.json")
    say(f"done in {results['duration_s']} s: {args.output / 'RESULTS.md'}")
    return 0


def _measure(run: Run, agents: dict, *, envs: dict, web_port: int, sink: MailSink) -> None:
    """Every wanted block, in order; the worker and gunicorn only for the blocks that post over HTTP."""
    services: list[subprocess.Popen] = []
    worker: Worker | None = None
    try:
        if run.wanted("pages"):
            pages(run, agents)
        if run.wanted("replies"):
            replies(run, agents)
        if run.wanted("writers"):
            concurrency(run, agents)
        if run.wanted("classifier"):
            classifier(run, agents)
        if run.wanted("care") or run.wanted("notify"):
            # Tasks the page and reply figures queued on commit would otherwise reach the worker first.
            agents["kindred"].call("purge_queues")
            worker = Worker(envs["kindred"])
            worker.start()
            web = [str(VENV / "bin" / "gunicorn"), "support_site.wsgi", "-w", "2", "--threads", str(GUNICORN_THREADS)]
            web += ["-b", f"127.0.0.1:{web_port}", "--log-level", "warning"]
            services.append(start_service("gunicorn", web, envs["kindred"]))
            wait_http(web_port)
            time.sleep(3)  # the worker connects to the broker
            if run.wanted("care"):
                care(run, agents["kindred"], web_port)
                care_backlog(run, agents["kindred"], worker, web_port)
            if run.wanted("notify"):
                notify(run, agents, sink)
    finally:
        if worker is not None:
            worker.stop()
        for process in services:
            stop_service(process)


def _results(run: Run, *, quick: bool, started: float, head: str) -> dict:
    """results.json: the run's figures, ratios and plans, and what it ran on."""
    derive(run.figures)
    return {
        "mode": "quick" if quick else "full",
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "duration_s": round(time.time() - started),
        "commit": head,
        "versions": versions(),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "load": run.load,
        "block_started_s": run.block_started,
        "notes": run.notes,
        "figures": run.figures,
        "ratios": ratios(run.figures),
        "plans": run.plans,
    }


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
