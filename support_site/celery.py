"""The Celery app; configuration comes from Django settings (CELERY_*)."""

import os
from pathlib import Path

from celery import Celery
from celery.signals import beat_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "support_site.settings")

app = Celery("support_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _mark_ready(name: str) -> None:
    # dev.py waits for these files to say "ready" only once the worker and beat are really up.
    ready_dir = os.environ.get("SUPPORT_SITE_READY_DIR")
    if ready_dir:
        Path(ready_dir, name).touch()


@worker_ready.connect
def _worker_ready(**kwargs):
    _mark_ready("worker")


@beat_init.connect
def _beat_ready(**kwargs):
    _mark_ready("beat")
