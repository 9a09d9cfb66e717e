"""The fault suite's own services: a PostgreSQL cluster run as `postgres`, and the site's web, worker and beat."""

import glob
import http.client
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.conftest import require_service, wait_for

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A loopback port nobody listens on now (bind test)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_free(port: int) -> bool:
    """Nobody listens there. SO_REUSEADDR, as PostgreSQL's own listener: our last server's closed connections may
    linger in TIME_WAIT on the port, which does not stop a new listener."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _pg_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        require_service("initdb", "no /usr/lib/postgresql/*/bin/initdb")
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        require_service("the postgres OS user", "initdb and postgres refuse to run as root")
    if not shutil.which("runuser"):
        require_service("runuser", "needed to run PostgreSQL as the postgres user")
    return Path(found[-1]).parent


class PgCluster:
    """A throw-away PostgreSQL cluster on a free loopback port, run as the `postgres` OS user.

    Stopping or restarting it disturbs nothing else: its own data directory, port and socket directory.
    """

    def __init__(self):
        self.bin = _pg_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="kindred-faults-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"
        self.port = free_port()
        postgres = pwd.getpwnam("postgres")
        os.chown(self.dir, postgres.pw_uid, postgres.pw_gid)
        os.chmod(self.dir, 0o700)
        self._as_postgres(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"
        )

    def _as_postgres(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["runuser", "-u", "postgres", "--", *command],
            cwd=self.dir,
            check=check,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def start(self) -> None:
        assert port_is_free(self.port), f"port {self.port} was taken meanwhile"
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} -c fsync=off -c synchronous_commit=off"
            " -c full_page_writes=off -c max_connections=200"
        )
        self._as_postgres(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "-t",
            "30",
            "start",
        )
        wait_for(self.answers, timeout=30)

    def answers(self) -> bool:
        import psycopg

        try:
            with psycopg.connect(self.url("postgres"), connect_timeout=1) as conn:
                return conn.execute("SELECT 1").fetchone() == (1,)
        except psycopg.Error:
            return False

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def sql(self, database: str, query: str, params=()) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def create_database(self, name: str, *, template: str | None = None) -> None:
        self.sql("postgres", f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


class Process:
    """One of the site's processes (its own session, so the worker's pool children go with it)."""

    def __init__(self, name: str, command: list[str], *, env: dict, log_dir: Path):
        self.name = name
        self.command = command
        self.env = env
        self.log_path = log_dir / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        log = open(self.log_path, "ab")  # noqa: SIM115  kept by the child
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the process and its children (the worker's pool), as the OOM killer or a crash would."""
        if self.alive():
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if not self.alive():
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()
        # A worker's pool children leave with their parent; make sure nothing of this session lingers.
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def state(self) -> str:
        if self.process is None:
            return "not started"
        code = self.process.poll()
        return "running" if code is None else f"exited with {code}"

    def warnings(self, last: int = 12) -> list[str]:
        """Its last WARNING/ERROR/CRITICAL lines, one line each (a failure's story, before the tracebacks)."""
        lines = self.log_path.read_text(errors="replace").splitlines()
        return [line[:220] for line in lines if any(f" {lvl} " in line or f"{lvl}/" in line for lvl in LEVELS)][-last:]


LEVELS = ("WARNING", "ERROR", "CRITICAL")


class Site:
    """Web (runserver, threaded), worker and beat against one database of the cluster, like `dev.py run`."""

    def __init__(
        self,
        *,
        cluster: PgCluster,
        database: str,
        redis_url: str,
        broker_url: str,
        smtp_port: int,
        directory: Path,
        extra_env: dict | None = None,
    ):
        self.cluster = cluster
        self.database = database
        self.directory = directory
        self.web_port = free_port()
        self.ready_dir = directory / "ready"
        self.ready_dir.mkdir(exist_ok=True)
        self.env = {
            **os.environ,
            "DATABASE_URL": cluster.url(database),
            "REDIS_URL": redis_url,
            "CELERY_BROKER_URL": broker_url,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "EMAIL_TIMEOUT": "5",
            "SITE_URL": f"http://127.0.0.1:{self.web_port}",
            "DEFAULT_FROM_EMAIL": "Kindred <no-reply@kindred.example>",
            "SECRET_KEY": "fault-suite-" + secrets.token_urlsafe(24),
            "DEBUG": "0",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            "SUPPORT_SITE_READY_DIR": str(self.ready_dir),
            "CONN_MAX_AGE": "0",
            # Many readers on one loopback address; limits are tested elsewhere.
            "COMMENT_RATE_LIMIT": "100000/m",
            # The readers here are established: the guidelines step before a first comment is tested elsewhere.
            "READERS_GUIDELINES_FIRST": "0",
            "CARE_WAIT_FOR_CHECK_SECONDS": "0",
            "NOTIFY_SEND_DELAY_SECONDS": "0",
            # Shortened recovery: beat sweeps every second, the sweepers take work older than two seconds.
            "SWEEP_INTERVAL_SECONDS": "1",
            "CARE_SWEEP_GRACE_SECONDS": "2",
            "NOTIFY_SWEEP_PLAN_GRACE_SECONDS": "2",
            "NOTIFY_SWEEP_SEND_GRACE_SECONDS": "3",
            "NOTIFY_RETRY_BASE_SECONDS": "0.5",
            "NOTIFY_RETRY_MAX_SECONDS": "2",
            "NOTIFY_SENDING_TIMEOUT_SECONDS": "10",
            "NOTIFY_OPERATOR_ALERT_INTERVAL_SECONDS": "0",
            **(extra_env or {}),
        }
        python = sys.executable
        celery = [python, "-m", "celery", "-A", "support_site"]
        self.web = Process(
            "web",
            [python, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.web_port}"],
            env=self.env,
            log_dir=directory,
        )
        self.workers: list[Process] = []
        self._worker_command = [*celery, "worker", "-Q", "default,care,email", "--concurrency", "2"]
        # KINDRED_FAULT_LOG_LEVEL=INFO shows reconnects and every task received, when a case needs explaining.
        self._worker_command += ["-l", os.environ.get("KINDRED_FAULT_LOG_LEVEL", "WARNING")]
        self._worker_command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        self.beat = Process(
            "beat",
            [*celery, "beat", "-l", "WARNING", "-s", str(directory / "celerybeat-schedule")],
            env=self.env,
            log_dir=directory,
        )

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, check=check
        )

    def start(self) -> None:
        self.web.start()
        self.start_worker()
        self.beat.start()
        wait_for(self._web_answers, timeout=60)
        wait_for(lambda: (self.ready_dir / "beat").exists(), timeout=60)

    def start_worker(self) -> Process:
        (self.ready_dir / "worker").unlink(missing_ok=True)
        name = f"worker{len(self.workers) + 1}"
        worker = Process(name, [*self._worker_command, "-n", f"{name}@%h"], env=self.env, log_dir=self.directory)
        self.workers.append(worker)
        worker.start()
        wait_for(lambda: (self.ready_dir / "worker").exists() or not worker.alive(), timeout=60)
        assert worker.alive(), worker.log()
        return worker

    @property
    def worker(self) -> Process:
        return self.workers[-1]

    def _web_answers(self) -> bool:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.web_port, timeout=2)
            conn.request("GET", "/healthz")
            return conn.getresponse().status in (200, 503)
        except OSError:
            return False

    def stop(self) -> None:
        for process in [self.web, self.beat, *self.workers]:
            process.stop()

    def all_alive(self) -> bool:
        return self.web.alive() and self.beat.alive() and self.worker.alive()

    def logs(self) -> str:
        """What a failed wait prints: a summary first (processes, broker queues, open transactions), then tails.
        With KINDRED_FAULT_LOGS set, the whole logs are also copied there (CI shows only part of the output)."""
        processes = [self.web, self.beat, *self.workers]
        keep = os.environ.get("KINDRED_FAULT_LOGS")
        if keep:
            target = Path(keep) / f"{time.strftime('%H%M%S')}-{self.database}"
            target.mkdir(parents=True, exist_ok=True)
            for process in processes:
                shutil.copy(process.log_path, target / process.log_path.name)
        summary = [f"{p.name}: {p.state()}" for p in processes]
        summary += [f"broker: {self._broker_state()}", *self._transactions()]
        for process in processes:
            summary += [f"{process.name} warned:", *(f"  {line}" for line in process.warnings())]
        tails = "\n".join(f"--- {p.name} ---\n{p.log()}" for p in processes)
        return "\n".join(["--- summary ---", *summary, tails])

    def _broker_state(self) -> str:
        """Queue lengths and unacknowledged tasks, read with a client of its own (nothing shared with the site)."""
        import redis

        url = self.env["CELERY_BROKER_URL"]
        if not url.startswith("redis://"):
            return url.split(":", 1)[0]
        try:
            client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
            queues = ", ".join(f"{name} {client.llen(name)}" for name in ("default", "care", "email"))
            return f"{queues}, unacked {client.hlen('unacked')}"
        except redis.RedisError as error:
            return f"unreachable ({error})"

    def _transactions(self) -> list[str]:
        """Open transactions and lock waits in the site's database (a stuck check holds or waits for a row)."""
        try:
            rows = self.sql(
                "SELECT pid, state, wait_event_type, wait_event, now() - xact_start, left(query, 120)"
                " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                " AND xact_start IS NOT NULL"
            )
        except Exception as error:  # the cluster may be what is down
            return [f"database: unreachable ({error})"]
        return [f"transaction: {row}" for row in rows] or ["transactions: none open"]

    def sql(self, query: str, params=()) -> list[tuple]:
        return self.cluster.sql(self.database, query, params)

    def seed(self, **spec) -> dict:
        """Users (verified, with a logged-in session each), published posts and visible thread roots."""
        result = subprocess.run(
            [sys.executable, "-m", "tests.faults.seed", json.dumps(spec)],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return json.loads(result.stdout.strip().splitlines()[-1])

    def reader(self, session_key: str) -> "Reader":
        return Reader(port=self.web_port, session_key=session_key)


class Reader:
    """A logged-in reader's browser, reduced to what posting a comment needs (cookies, CSRF token)."""

    def __init__(self, *, port: int, session_key: str):
        self.port = port
        self.csrf = secrets.token_hex(16)  # 32 characters: Django accepts an unmasked token equal to the cookie
        self.cookies = f"sessionid={session_key}; csrftoken={self.csrf}"
        self.conn: http.client.HTTPConnection | None = None

    def post(self, path: str, fields: dict, *, timeout: float = 30) -> int:
        """POST a form; the status, or 0 when no answer came (connection refused or reset)."""
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": self.csrf})
        headers = {"Cookie": self.cookies, "Content-Type": "application/x-www-form-urlencoded"}
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
            self.conn.request("POST", path, body=body, headers=headers)
            response = self.conn.getresponse()
            response.read()
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status
        except (OSError, http.client.HTTPException):
            self.close()
            return 0

    def comment(self, *, slug: str, body: str, key: str, parent: int | None = None) -> int:
        fields = {"body": body, "key": key}
        if parent:
            fields["parent"] = str(parent)
        return self.post(f"/p/{slug}/comment/", fields)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def new_key() -> str:
    return secrets.token_urlsafe(18)


def fail_with_logs(site: Site, message: str) -> None:
    pytest.fail(f"{message}\n{site.logs()}")


def wait_until(predicate, *, timeout: float, site: Site, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.25)
    fail_with_logs(site, f"timed out after {timeout} s waiting for {what}")
