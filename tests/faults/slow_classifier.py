"""The built-in engine, slowed down so a test can kill the worker while a check is running (fault suite only)."""

import os
import time
from pathlib import Path

from celery import current_task

from moderation.classifiers.rules import RuleClassifier


class SlowRuleClassifier(RuleClassifier):
    """In a worker's task, leaves a file in FAULTS_SCAN_MARKER_DIR when a check starts, then takes
    FAULTS_SCAN_SECONDS longer. The posting request's own crisis check runs at full speed and leaves no marker:
    a test that waits for "a check under way" means the worker's scan (CI once saw the web's markers instead, and
    the worker had finished every scan before the kill)."""

    def classify(self, context):
        if current_task is None or not current_task.request.id:
            return super().classify(context)
        marker_dir = os.environ.get("FAULTS_SCAN_MARKER_DIR")
        if marker_dir:
            Path(marker_dir, f"scan-{os.getpid()}-{time.monotonic_ns()}").touch()
        time.sleep(float(os.environ.get("FAULTS_SCAN_SECONDS", "0")))
        return super().classify(context)
