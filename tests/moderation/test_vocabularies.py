"""Vocabularies as choices (issue 14): one definition each, and the values already stored never change."""

import importlib
import re
from pathlib import Path

from django.conf import settings
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


def _vocabularies():
    from comments.models import Comment
    from moderation.models import ReviewItem
    from notifications.models import Delivery, Subscription

    return [
        ReviewAction, Resolution, NoticeKind, Severity, ReviewItem.Status, ReviewItem.Reason, Comment.Status,
        Subscription.State, Delivery.Status, Delivery.Mode, Delivery.Reason,
    ]  # fmt: skip


def test_templates_compare_with_the_choices_never_a_stored_value_written_out():
    # `notice.kind == "removed"` would go on working if the value were renamed, and silently never match again.
    values = {value for vocabulary in _vocabularies() for value in vocabulary.values}
    compared = re.compile(r"""([\w.]+)\s*(?:==|!=)\s*["']([a-z_]+)["']|["']([a-z_]+)["']\s+in\s+([\w.]+)""")
    # Fields that hold a vocabulary above; `key`, `quick`, `relation` or a care category hold other words. The comment
    # page's landing state (posted, held, checking) is worked out for the page, never stored.
    columns = {"status", "kind", "resolution", "state", "mode", "reason", "reasons", "action", "severity"}
    not_stored = {"landing.state"}
    found = []
    roots = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")]
    for template in sorted(path for root in roots for path in root.rglob("*.*")):
        for number, line in enumerate(template.read_text().splitlines(), 1):
            for match in compared.finditer(line):
                field, value = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
                if value in values and field.rsplit(".", 1)[-1] in columns and field not in not_stored:
                    found.append(f"{template.relative_to(settings.BASE_DIR)}:{number}: {field} {value}")
    assert found == []
