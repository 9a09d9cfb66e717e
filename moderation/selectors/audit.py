"""Reads of the audit log: for an item, for the audit pages, and as CSV."""

import csv
import json
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from ..models import ModerationAction, ReviewItem


def audit_for_item(item: ReviewItem) -> QuerySet[ModerationAction]:
    """Every action on this item and, for a comment, on the comment under any of its items."""
    where = Q(item=item)
    where |= Q(comment_id=item.comment_id) if item.comment_id else Q(post_id=item.post_id, comment__isnull=True)
    return audit_actions().filter(where)


def audit_actions(*, moderator_id: int | None = None, comment_id: int | None = None, item_id: int | None = None):
    """Audit rows, newest first, with what the pages show (moderator, subject, post, comment)."""
    rows = ModerationAction.objects.select_related("moderator", "subject_user", "post", "comment", "item")
    if moderator_id:
        rows = rows.filter(moderator_id=moderator_id)
    if comment_id:
        rows = rows.filter(comment_id=comment_id)
    if item_id:
        rows = rows.filter(item_id=item_id)
    return rows.order_by("-created", "-pk")


def audit_moderators() -> list:
    """Everyone who has acted, with how many actions: for the audit page's per-moderator links."""
    return list(
        get_user_model()
        .objects.filter(moderation_actions__isnull=False)
        .annotate(action_count=Count("moderation_actions"))
        .order_by("display_name", "pk")
        .only("pk", "display_name")
    )


# Spreadsheet programs run a cell that starts with one of these as a formula.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """A cell value that a spreadsheet shows as text: formula-looking text gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_PREFIXES) else text


CSV_HEADER = [
    "time",
    "moderator",
    "action",
    "item",
    "post",
    "comment",
    "about",
    "note",
    "before",
    "after",
]


def _json_cell(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""


def audit_csv_rows(rows: QuerySet[ModerationAction]) -> Iterator[list[str]]:
    """The header and one list of neutralized cells per audit row (moderators' and authors' display names only)."""
    yield CSV_HEADER
    for action in rows.iterator(chunk_size=500):
        yield [
            csv_safe(cell)
            for cell in (
                action.created.isoformat(),
                action.moderator.display_name if action.moderator else "",
                action.action,
                action.item_id or "",
                action.post.title if action.post else "",
                action.comment_id or "",
                action.subject_user.display_name if action.subject_user else "",
                action.note,
                _json_cell(action.before),
                _json_cell(action.after),
            )
        ]


class _Echo:
    """A file-like object that hands back what is written, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def audit_csv_lines(rows: QuerySet[ModerationAction]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    for row in audit_csv_rows(rows):
        yield writer.writerow(row)
