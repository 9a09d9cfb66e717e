"""Imports' handlers for deletions (comments.hooks), registered in ImportsConfig.ready(): rows deleted here stay
deleted on the next import."""

from comments.models import Comment, Post

from .deletions import deleted_imports_record
from .models import DeletedImport


def on_subtree_purging(*, comment_ids: list[int]) -> None:
    # Runs under the thread's lock, inside the deleting transaction: both happen or neither does.
    rows = Comment.objects.filter(pk__in=comment_ids).exclude(source="").values_list("source", "source_id")
    deleted_imports_record(kind=DeletedImport.Kind.COMMENT, rows=rows)


def on_post_deleting(*, post_id: int) -> None:
    rows = Post.objects.filter(pk=post_id).exclude(source="").values_list("source", "source_id")
    deleted_imports_record(kind=DeletedImport.Kind.POST, rows=rows)
