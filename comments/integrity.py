"""Nested-set invariants of the comment trees, checked so that each problem names the comment that is wrong.

Everything is derived from parent pointers (which mptt never rewrites in bulk), so one corrupted lft, rght,
level or tree_id blames exactly its own comment: subtree sizes give each node's expected width, depth gives its
level, and the tree_id most of a tree's nodes agree on is the tree's id. Sibling order and tree_id numbering do
not matter.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from .models import Comment


@dataclass
class TreeReport:
    comments: int
    trees: int
    problems: dict[int, list[str]]


@dataclass
class _Forest:
    """The trees as their parent pointers draw them: each comment's root, depth and subtree size."""

    rows: dict[int, tuple]  # pk: (parent_id, tree_id, level, lft, rght, post_id)
    children: dict[int, list[int]]
    roots: list[int]
    root_of: dict[int, int]
    depth: dict[int, int]
    order: list[int]  # every reachable comment, parents before children
    size: dict[int, int]
    members: dict[int, list[int]]


def check_trees() -> TreeReport:
    forest = _forest(_rows())
    problems: dict[int, list[str]] = defaultdict(list)
    for pk in forest.rows.keys() - forest.root_of.keys():
        problems[pk].append("its parent chain is a cycle and never reaches a top-level comment")
    _check_tree_ids(forest, problems)
    width_ok = _check_levels_and_widths(forest, problems)
    _check_nesting(forest, problems, width_ok)
    _check_value_ranges(forest, problems)
    return TreeReport(comments=len(forest.rows), trees=len(forest.roots), problems=dict(problems))


def _rows() -> dict[int, tuple]:
    return {
        pk: (parent_id, tree_id, level, lft, rght, post_id)
        for pk, parent_id, tree_id, level, lft, rght, post_id in Comment.objects.values_list(
            "pk", "parent_id", "tree_id", "level", "lft", "rght", "post_id"
        ).iterator(chunk_size=5000)
    }


def _forest(rows: dict[int, tuple]) -> _Forest:
    children: dict[int, list[int]] = defaultdict(list)
    for pk, row in rows.items():
        if row[0] is not None:
            children[row[0]].append(pk)
    # Walk down from the roots; anything not reached hangs off a cycle.
    root_of: dict[int, int] = {}
    depth: dict[int, int] = {}
    order: list[int] = []
    roots = [pk for pk, row in rows.items() if row[0] is None]
    for root in roots:
        stack = [(root, 0)]
        while stack:
            pk, d = stack.pop()
            root_of[pk], depth[pk] = root, d
            order.append(pk)
            stack.extend((child, d + 1) for child in children[pk])
    size = dict.fromkeys(root_of, 1)
    for pk in reversed(order):
        parent_id = rows[pk][0]
        if parent_id is not None:
            size[parent_id] += size[pk]
    members: dict[int, list[int]] = defaultdict(list)
    for pk in order:
        members[root_of[pk]].append(pk)
    return _Forest(rows, children, roots, root_of, depth, order, size, members)


def _check_tree_ids(forest: _Forest, problems: dict[int, list[str]]) -> None:
    rows = forest.rows
    tree_owner: dict[int, int] = {}
    for root in forest.roots:
        tree_ids = Counter(rows[pk][1] for pk in forest.members[root])
        own_id = rows[root][1]
        # The id most nodes carry is the tree's; on a tie the root's own id wins.
        consensus = max(tree_ids, key=lambda tid: (tree_ids[tid], tid == own_id))
        for pk in forest.members[root]:
            if rows[pk][1] != consensus:
                problems[pk].append(f"tree_id {rows[pk][1]} differs from its tree's ({consensus})")
        if consensus in tree_owner:
            problems[root].append(f"shares tree_id {consensus} with top-level comment {tree_owner[consensus]}")
        else:
            tree_owner[consensus] = root


def _check_levels_and_widths(forest: _Forest, problems: dict[int, list[str]]) -> dict[int, bool]:
    """Level against depth, width against subtree size, a root's lft, a reply's post. Returns which widths hold."""
    rows = forest.rows
    width_ok: dict[int, bool] = {}
    for pk in forest.order:
        parent_id, _tree_id, level, lft, rght, post_id = rows[pk]
        if level != forest.depth[pk]:
            problems[pk].append(f"level is {level}, expected {forest.depth[pk]}")
        size = forest.size[pk]
        width_ok[pk] = rght - lft == 2 * size - 1
        if not width_ok[pk]:
            problems[pk].append(f"lft/rght ({lft}, {rght}) span {rght - lft + 1} values for {size} comments")
        root = forest.root_of[pk]
        if parent_id is None:
            if lft != 1:
                problems[pk].append(f"a top-level comment must have lft 1, has {lft}")
        elif post_id != rows[root][5]:
            problems[pk].append(f"post {post_id} differs from its top-level comment's post {rows[root][5]}")
    return width_ok


def _check_nesting(forest: _Forest, problems: dict[int, list[str]], width_ok: dict[int, bool]) -> None:
    rows = forest.rows
    for pk in forest.order:
        parent_id = rows[pk][0]
        # A bad parent is already named; judging its children against it would blame the innocent.
        if parent_id is not None and width_ok[pk] and width_ok[parent_id]:
            _, _, _, plft, prght, _ = rows[parent_id]
            _, _, _, lft, rght, _ = rows[pk]
            if not (plft < lft and rght < prght):
                problems[pk].append(f"interval ({lft}, {rght}) lies outside its parent's ({plft}, {prght})")
        sibling_ids = sorted((c for c in forest.children[pk] if width_ok[c]), key=lambda c: rows[c][3])
        for previous, current in zip(sibling_ids, sibling_ids[1:], strict=False):
            if rows[current][3] <= rows[previous][4]:
                problems[current].append(f"interval overlaps its sibling comment {previous}")


def _check_value_ranges(forest: _Forest, problems: dict[int, list[str]]) -> None:
    rows = forest.rows
    for root in forest.roots:
        members = forest.members[root]
        values = sorted(v for pk in members for v in (rows[pk][3], rows[pk][4]))
        if values != list(range(1, 2 * len(members) + 1)) and not any(pk in problems for pk in members):
            problems[root].append("the tree's lft/rght values are not exactly 1..2n")
