"""Vocabularies as choices (issue 14): one definition each, and the values already stored never change."""

import importlib

from django.db import migrations

from moderation.classifiers.base import SEVERITIES
from moderation.models import NoticeKind, Resolution, ReviewAction, Severity, severity_rank


def test_the_stored_values_stay_what_they_were():
    assert set(ReviewAction.values) == {
        *("claimed", "released", "approved", "removed", "kept", "kept_private", "flag_dismissed", "redacted"),
        *("escalated", "warned", "reached_out", "suspended", "suspension_lifted", "banned", "ban_lifted"),
        *("template_edited", "hide_by_reports", "admin_edit", "approve", "keep_visible"),
    }
    assert set(Resolution.values) == {"approved", "removed", "kept", "false_alarm", "kept_private"}
    assert set(NoticeKind.values) == {
        *("held", "removed", "approved", "warned", "reached_out", "suspended", "banned", "sanction_lifted"),
        *("appeal_result", "kept_private"),
    }
    assert Severity.values == list(SEVERITIES) == ["low", "medium", "high"]
    assert [severity_rank(s) for s in Severity.values] == [0, 1, 2]


def test_the_choices_migration_changes_no_data():
    migration = importlib.import_module("moderation.migrations.0005_vocabularies_as_choices").Migration
    assert all(isinstance(operation, migrations.AlterField) for operation in migration.operations)
