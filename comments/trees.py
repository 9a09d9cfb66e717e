"""The one place that writes MPTT tree fields: every insert and delete runs here, under a per-tree lock.

django-mptt rewrites lft/rght of a whole tree in place and takes the next tree_id as max()+1, leaving mutual
exclusion to the caller. On PostgreSQL we serialize writers with transaction-scoped advisory locks: one per
tree_id, and one for handing out new tree_ids. On SQLite, IMMEDIATE transactions already serialize writers.
"""

from django.db import connection, transaction

from .models import Comment

# Two-key advisory locks: (class, tree_id). Arbitrary int4 constants that no other code of the project uses.
TREE_LOCK_CLASS = 0x7EE1
NEW_TREE_LOCK_CLASS = 0x7EE2


def _advisory_xact_lock(key1: int, key2: int) -> None:
    if connection.vendor != "postgresql":
        return
    if not connection.in_atomic_block:
        raise RuntimeError("tree locks are transaction-scoped: call inside transaction.atomic()")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [key1, key2])


def lock_tree(tree_id: int) -> None:
    """Block until this transaction holds the write lock of one comment tree."""
    _advisory_xact_lock(TREE_LOCK_CLASS, tree_id)


def lock_new_trees() -> None:
    """Block until this transaction may take the next tree_id (mptt computes it as max + 1)."""
    _advisory_xact_lock(NEW_TREE_LOCK_CLASS, 0)


def lock_node(pk: int) -> Comment:
    """Lock the tree that holds comment `pk` and return the comment re-read after taking the lock.

    Tree fields read before the lock may be stale; only values read after it are safe to build on. Call inside
    the transaction that will write; the lock lasts until it ends. Raises Comment.DoesNotExist.
    """
    while True:
        tree_id = Comment.objects.filter(pk=pk).values_list("tree_id", flat=True).first()
        if tree_id is None:
            raise Comment.DoesNotExist(f"comment {pk} does not exist")
        lock_tree(tree_id)
        node = Comment.objects.select_related("post", "commenter").get(pk=pk)
        # Nodes are never moved between trees here, but a re-numbered tree must not slip through.
        if node.tree_id == tree_id:
            return node


def insert(comment: Comment, *, parent: Comment | None) -> Comment:
    """Save a new comment as a root (its own tree) or as the last child of `parent`.

    `parent` must come from lock_node() in the caller's open transaction.
    """
    if parent is None:
        lock_new_trees()
    comment.parent = parent
    comment.save()
    return comment


@transaction.atomic
def delete_subtree(comment_id: int) -> int:
    """Delete a comment and all its replies; returns how many rows went. Safe to re-run."""
    try:
        node = lock_node(comment_id)
    except Comment.DoesNotExist:
        return 0
    count = node.get_descendant_count() + 1
    node.delete()
    return count
