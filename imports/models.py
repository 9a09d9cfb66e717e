"""Imported rows deleted here, so that a later import of the same blog does not bring them back."""

from django.db import models
from django.utils import timezone


class DeletedImport(models.Model):
    """An imported post or comment that an operator deleted (post_delete) or purged (comment_purge).

    The importers match rows by (source, source id); once the row is gone they would see it as new, so they
    look here first and skip what is listed. Deleting a record lets the next import bring the row back.
    """

    class Kind(models.TextChoices):
        POST = "post", "post"
        COMMENT = "comment", "comment"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    source = models.CharField(max_length=200)
    source_id = models.CharField(max_length=200)
    deleted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "deleted import"
        constraints = [
            models.UniqueConstraint(fields=["kind", "source", "source_id"], name="deleted_import_unique_row"),
        ]

    def __str__(self):
        return f"{self.kind} {self.source} {self.source_id}"
