"""The built-in engine, slowed down so a test can kill the worker while a check is running (fault suite only)."""

import os
import time
from pathlib import Path

from moderation.classifiers.rules import RuleClassifier


class SlowRuleClassifier(RuleClassifier):
    """Leaves a file in FAULTS_SCAN_MARKER_DIR when a check starts, then takes FAULTS_SCAN_SECONDS longer."""

    def classify(self, context):
        marker_dir = os.environ.get("FAULTS_SCAN_MARKER_DIR")
        if marker_dir:
            Path(marker_dir, f"scan-{os.getpid()}-{time.monotonic_ns()}").touch()
        time.sleep(float(os.environ.get("FAULTS_SCAN_SECONDS", "0")))
        return super().classify(context)
