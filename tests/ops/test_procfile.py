"""The production start (issue 17): the Procfile and the systemd units start what the settings route to."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def procfile() -> dict[str, str]:
    processes = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, command = line.partition(":")
            processes[name.strip()] = command.strip()
    return processes


def queues_of(command: str) -> set[str]:
    return set(re.search(r"-Q (\S+)", command).group(1).split(","))


def test_every_queue_has_a_worker_and_care_has_one_of_its_own():
    processes = procfile()
    workers = {name: queues_of(cmd) for name, cmd in processes.items() if " worker " in cmd}
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()} | {settings.CELERY_TASK_DEFAULT_QUEUE}
    assert set().union(*workers.values()) == {queue.name for queue in settings.CELERY_TASK_QUEUES} >= routed
    assert [queues for queues in workers.values() if "care" in queues] == [{"care"}]
    # The stall check's queue is served by a worker that has neither care nor email work to be stuck behind.
    stall_queue = settings.CELERY_TASK_ROUTES["notifications.tasks.stall_check_task"]["queue"]
    assert [q for q in workers.values() if stall_queue in q] == [{stall_queue}]


def test_one_beat_web_from_the_environment_and_no_release_process():
    processes = procfile()
    assert [name for name, cmd in processes.items() if " beat" in cmd] == ["beat"]
    assert processes["web"].startswith("gunicorn support_site.wsgi ") and "${WEB_CONCURRENCY" in processes["web"]
    # honcho would start a "release" entry beside the others (and stop them all when it exits).
    assert "release" not in processes
    release = (ROOT / "deploy" / "release.sh").read_text()
    assert all(step in release for step in ("migrate --no-input", "createcachetable", "collectstatic --no-input"))


def test_the_systemd_units_match():
    units = ROOT / "deploy" / "systemd"
    worker = (units / "kindred-worker@.service").read_text()
    assert "worker -Q %i -n %i@%%h" in worker and "Requires=kindred-release.service" in worker
    beat = (units / "kindred-beat.service").read_text()
    assert "celery -A support_site beat" in beat
    web = (units / "kindred-web.service").read_text()
    assert "gunicorn support_site.wsgi" in web and "--workers" not in web  # WEB_CONCURRENCY from the environment
    assert "ExecStart=/srv/kindred/deploy/release.sh" in (units / "kindred-release.service").read_text()
