"""Fixtures for the moderation tests."""

import pytest

from moderation import pipeline
from tests.notifications.conftest import smtp_settings, smtp_sink  # noqa: F401  (the loopback SMTP sink)


@pytest.fixture
def marker_pipeline(settings):
    """Run the care pipeline with tests.moderation.markers.MarkerClassifier only (policy tests)."""
    settings.CARE_CLASSIFIERS = ["tests.moderation.markers.MarkerClassifier"]
    pipeline.configured_classifiers.cache_clear()
    yield
    pipeline.configured_classifiers.cache_clear()
