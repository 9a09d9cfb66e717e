#!/usr/bin/env python3
"""Set up and run the project with nothing but Python 3: `python3 dev.py run` or `python3 dev.py test`."""

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
VAR = ROOT / "var"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
TEST_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/support_site"
TEST_REDIS_URL = "redis://127.0.0.1:6379/15"
BROWSER_TOOLS = ROOT / "tests" / "browser"  # package.json and package-lock.json pin axe-core and vnu-jar


def say(message: str) -> None:
    print(f"dev.py: {message}", flush=True)


def ensure_venv(*, extras: tuple[str, ...]) -> None:
    """Create .venv and install the dependencies from pyproject.toml when they changed since last time."""
    if not PYTHON.exists():
        say("creating .venv")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in extras:
        requirements += project["optional-dependencies"][extra]
    stamp = VENV / ".installed"
    digest = hashlib.sha256("\n".join(sorted(requirements)).encode()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    say("installing dependencies (" + ", ".join(("main", *extras)) + ")")
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, *requirements], check=True)
    stamp.write_text(digest)


def redis_answers(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=1) as sock:
            sock.sendall(b"*1\r\n$4\r\nPING\r\n")
            reply = sock.recv(64)
    except OSError:
        return False
    # "+PONG", or "-NOAUTH ..." from a server that wants the password in the URL: either way Redis is there.
    return reply.startswith(b"+") or reply.startswith(b"-NOAUTH")


def manage(*args: str, env: dict) -> None:
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True)


def run() -> int:
    ensure_venv(extras=())
    VAR.mkdir(exist_ok=True)
    env = run_environment()
    port = env["PORT"]
    ready_dir = VAR / "run"
    shutil.rmtree(ready_dir, ignore_errors=True)
    ready_dir.mkdir(parents=True)
    env["SUPPORT_SITE_READY_DIR"] = str(ready_dir)

    manage("migrate", "--no-input", env=env)
    manage("createcachetable", env=env)
    manage("load_demo", env=env)

    celery = [str(PYTHON), "-m", "celery", "-A", "support_site"]
    commands = {
        "web": [str(PYTHON), "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        "worker": [*celery, "worker", "-Q", "default,care,email", "--concurrency", "2", "-l", "info"],
        "beat": [*celery, "beat", "-l", "info", "-s", str(VAR / "celerybeat-schedule")],
    }
    processes = {
        name: subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True) for name, cmd in commands.items()
    }
    return supervise(processes, port=port, ready_dir=ready_dir)


def run_environment() -> dict:
    """The environment of web, worker and beat: DEBUG on, and a local Redis when one answers, else embedded mode."""
    env = dict(os.environ)
    env.setdefault("DEBUG", "1")
    env.setdefault("PYTHONUNBUFFERED", "1")
    env.setdefault("PORT", "8000")
    env.setdefault("SITE_URL", f"http://127.0.0.1:{env['PORT']}")
    redis_url = env.get("REDIS_URL", DEFAULT_REDIS_URL)
    if redis_url and redis_answers(redis_url):
        env["REDIS_URL"] = redis_url
        say(f"using Redis at {redis_url} for the cache and the Celery broker")
    else:
        env["REDIS_URL"] = ""
        if not env.get("CELERY_BROKER_URL"):
            env["CELERY_BROKER_URL"] = "filesystem://localhost/"
        say(f"no Redis answers at {redis_url}: Celery uses kombu's filesystem transport under var/celery")
    return env


def supervise(processes: dict, *, port: str, ready_dir: Path) -> int:
    """Say "ready" once all three are up; stop all when one dies (non-zero) or on Ctrl-C / SIGTERM (zero)."""

    def stop_all() -> None:
        for proc in processes.values():
            if proc.poll() is None:
                proc.terminate()  # each stops its own children (the worker its pool) on SIGTERM
        deadline = time.monotonic() + 10
        for proc in processes.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)

    def on_sigterm(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_sigterm)
    # Also when started in the background by a script, whose shell makes it ignore SIGINT: `kill -INT` stops all.
    signal.signal(signal.SIGINT, on_sigterm)
    announced = False
    try:
        while True:
            for name, proc in processes.items():
                if proc.poll() is not None:
                    say(f"{name} exited with status {proc.returncode}; stopping the others")
                    stop_all()
                    return proc.returncode or 1
            if not announced and web_ready(port) and all((ready_dir / n).exists() for n in ("worker", "beat")):
                print(f"ready: http://127.0.0.1:{port}/", flush=True)
                announced = True
            time.sleep(0.5)
    except KeyboardInterrupt:
        say("stopping web, worker and beat")
        stop_all()
        return 0


def web_ready(port: str) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


def apt_install(*, command: str, packages: list[str], why: str) -> None:
    """Install Debian packages when `command` is missing and we may (root with apt-get); a failure is left to
    the tests that need them to report."""
    if shutil.which(command) or not shutil.which("apt-get") or os.geteuid() != 0:
        return
    say(f"installing {', '.join(packages)} {why} (apt-get)")
    subprocess.run(["apt-get", "update", "-qq"], check=False)
    subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=False)


def ensure_chromium() -> None:
    """Browser tests drive Debian's chromium."""
    apt_install(command="chromium", packages=["chromium"], why="for the browser tests")


def ensure_browser_tools() -> None:
    """The accessibility tests inject axe-core into pages and run the Nu HTML checker (vnu-jar) on Debian's Java;
    both come from the npm registry at the versions package-lock.json pins, into tests/browser/node_modules."""
    apt_install(command="java", packages=["default-jre-headless"], why="for the HTML checker")
    apt_install(command="npm", packages=["nodejs", "npm"], why="to install axe-core and vnu-jar")
    lock = BROWSER_TOOLS / "package-lock.json"
    stamp = BROWSER_TOOLS / "node_modules" / ".installed"
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    npm = shutil.which("npm")
    if not npm:
        say("npm is missing: the accessibility tests cannot install axe-core and vnu-jar")
        return
    say("installing axe-core and vnu-jar for the accessibility tests (npm ci)")
    # --ignore-scripts: vnu-jar's install script would download a Java runtime; the tests use Debian's.
    result = subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=BROWSER_TOOLS, check=False)
    if result.returncode == 0:
        stamp.write_text(digest)


def test(args: list[str]) -> int:
    ensure_venv(extras=("dev",))
    ensure_chromium()
    ensure_browser_tools()
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", TEST_DATABASE_URL)
    env.setdefault("REDIS_URL", TEST_REDIS_URL)
    env.setdefault("SECRET_KEY", "test-only-secret-key")
    env.setdefault("PYTHONUNBUFFERED", "1")
    return subprocess.run([str(PYTHON), "-m", "pytest", *args], cwd=ROOT, env=env).returncode


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("run", "test"):
        print("usage: python3 dev.py run | python3 dev.py test [pytest arguments]", file=sys.stderr)
        return 2
    if sys.argv[1] == "run":
        return run()
    return test(sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
