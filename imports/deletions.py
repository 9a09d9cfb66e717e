"""Remembering imported rows deleted here, and asking about them (imports.models.DeletedImport)."""

from collections.abc import Iterable

from .models import DeletedImport

_CHUNK = 5000


def deleted_imports_record(*, kind: str, rows: Iterable[tuple[str, str]]) -> None:
    """Remember (source, source id) pairs of `kind` as deleted here. Safe to re-run (existing pairs stay).

    Call inside the transaction that deletes the rows, before they go, so both happen or neither does.
    """
    records = [DeletedImport(kind=kind, source=source, source_id=source_id) for source, source_id in rows if source]
    if records:
        DeletedImport.objects.bulk_create(records, ignore_conflicts=True, batch_size=1000)


def deleted_imports_among(*, kind: str, source: str, source_ids: Iterable[str]) -> set[str]:
    """The source ids of `kind` from `source`, among `source_ids`, that were deleted here after an import."""
    wanted = sorted(set(source_ids))
    found: set[str] = set()
    for start in range(0, len(wanted), _CHUNK):
        found.update(
            DeletedImport.objects.filter(
                kind=kind, source=source, source_id__in=wanted[start : start + _CHUNK]
            ).values_list("source_id", flat=True)
        )
    return found
