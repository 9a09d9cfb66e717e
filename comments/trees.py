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

    `parent` must come from lock_node() in the caller's open transaction: its lft/rght are then current, so the
    new node's place is known without asking mptt to read it again.
    """
    if parent is None:
        lock_new_trees()
        comment.parent = None
        comment.save()
        return comment
    _make_room_after(parent)
    comment.parent = parent
    comment.tree_id, comment.level = parent.tree_id, parent.level + 1
    comment.lft, comment.rght = parent.rght, parent.rght + 1
    comment.save()  # lft and rght already set: mptt takes the node as placed and only inserts the row
    parent.rght += 2
    return comment


# The parent and its ancestors, followed by parent pointers (a primary-key lookup per level).
_CHAIN = """
    WITH RECURSIVE chain(id, parent_id) AS (
        SELECT id, parent_id FROM {table} WHERE id = %(parent)s
        UNION ALL
        SELECT node.id, node.parent_id FROM {table} node JOIN chain ON node.id = chain.parent_id
    )"""
# The nodes after the parent's subtree, a range of the (tree_id, lft) index.
_SHIFT_FOLLOWING = "UPDATE {table} SET lft = lft + 2, rght = rght + 2 WHERE tree_id = %(tree_id)s AND lft > %(rght)s"
_WIDEN_ANCESTORS = "UPDATE {table} SET rght = rght + 2 WHERE id IN (SELECT id FROM chain)"
# On PostgreSQL both in one statement, one round trip under the lock. The two sets are disjoint (an ancestor's lft
# is at most the parent's), so no row is updated twice. SQLite has no UPDATE inside WITH: two statements there.
_MAKE_ROOM = f"""{_CHAIN},
    following AS ({_SHIFT_FOLLOWING} RETURNING 1),
    ancestors AS ({_WIDEN_ANCESTORS} RETURNING 1)
    SELECT (SELECT count(*) FROM following), (SELECT count(*) FROM ancestors)
"""


def _make_room_after(parent: Comment) -> None:
    """Open two numbers at the end of `parent`'s subtree: the nodes after it move right, its ancestors widen.

    mptt does this with an UPDATE whose `lft > x OR rght > x` reads the whole tree; this touches only the rows
    that change. A reply at the end of a thread (the parent on its rightmost path) moves nothing: only the parent
    and its ancestors, a row per level, are written.
    """
    table = connection.ops.quote_name(Comment._meta.db_table)
    params = {"parent": parent.pk, "tree_id": parent.tree_id, "rght": parent.rght}
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(_SHIFT_FOLLOWING.format(table=table), params)
            cursor.execute(f"{_CHAIN} {_WIDEN_ANCESTORS}".format(table=table), params)
            return
        cursor.execute(_MAKE_ROOM.format(table=table), params)
        _, widened = cursor.fetchone()
    if widened != parent.level + 1:
        # A parent chain that disagrees with its levels: writing on would spread the damage over the thread.
        raise RuntimeError(f"comment {parent.pk}: {widened} ancestors widened for level {parent.level}")


@transaction.atomic
def delete_subtree(comment_id: int) -> int:
    """Delete a comment and all its replies; returns how many rows went. Safe to re-run.

    One range delete and one gap-closing update, instead of mptt's node.delete(), whose cascade recurses once
    per reply level and overflows on very deep chains.
    """
    try:
        node = lock_node(comment_id)
    except Comment.DoesNotExist:
        return 0
    subtree = Comment.objects.filter(tree_id=node.tree_id, lft__gte=node.lft, rght__lte=node.rght)
    count = subtree.count()
    subtree.delete()
    if node.parent_id is not None:
        width = node.rght - node.lft + 1
        Comment._tree_manager._close_gap(width, node.rght, node.tree_id)
    return count


@transaction.atomic
def insert_new_tree(nodes: list[tuple[Comment, int | None]]) -> list[Comment]:
    """Insert a whole new thread at once: `nodes` are (unsaved comment, index of its parent in `nodes`).

    Exactly one node has no parent (the root); parents come before their children. Nested-set values are
    computed in memory and the rows are written level by level with bulk_create while this transaction holds
    the new-tree lock, so nobody else can take the same tree_id. For imports and large test fixtures; a
    single reply goes through insert().
    """
    children: dict[int | None, list[int]] = {}
    for index, (_comment, parent_index) in enumerate(nodes):
        if parent_index is not None and not 0 <= parent_index < index:
            raise ValueError(f"node {index}: its parent must come before it")
        children.setdefault(parent_index, []).append(index)
    roots = children.get(None, [])
    if len(roots) != 1:
        raise ValueError(f"a new tree needs exactly one root, got {len(roots)}")

    lft: dict[int, int] = {}
    level: dict[int, int] = {roots[0]: 0}
    counter = 0
    stack: list[tuple[int, bool]] = [(roots[0], False)]
    while stack:  # iterative pre/post-order walk: deep chains must not recurse
        index, done = stack.pop()
        counter += 1
        comment = nodes[index][0]
        if done:
            comment.rght = counter
            continue
        lft[index] = comment.lft = counter
        stack.append((index, True))
        for child in reversed(children.get(index, [])):
            level[child] = level[index] + 1
            stack.append((child, False))

    lock_new_trees()
    tree_id = Comment._tree_manager._get_next_tree_id()
    by_level: dict[int, list[int]] = {}
    for index, (comment, _parent_index) in enumerate(nodes):
        comment.tree_id, comment.level = tree_id, level[index]
        by_level.setdefault(level[index], []).append(index)
    for depth in sorted(by_level):
        batch = []
        for index in by_level[depth]:
            comment, parent_index = nodes[index]
            comment.parent_id = None if parent_index is None else nodes[parent_index][0].pk
            batch.append(comment)
        Comment.objects.bulk_create(batch)  # PostgreSQL and SQLite return the new primary keys
    return [comment for comment, _ in nodes]
