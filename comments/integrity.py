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


def check_trees() -> TreeReport:
    rows = {
        pk: (parent_id, tree_id, level, lft, rght, post_id)
        for pk, parent_id, tree_id, level, lft, rght, post_id in Comment.objects.values_list(
            "pk", "parent_id", "tree_id", "level", "lft", "rght", "post_id"
        ).iterator(chunk_size=5000)
    }
    problems: dict[int, list[str]] = defaultdict(list)
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
    for pk in rows.keys() - root_of.keys():
        problems[pk].append("its parent chain is a cycle and never reaches a top-level comment")

    size = dict.fromkeys(root_of, 1)
    for pk in reversed(order):
        parent_id = rows[pk][0]
        if parent_id is not None:
            size[parent_id] += size[pk]

    members: dict[int, list[int]] = defaultdict(list)
    for pk in order:
        members[root_of[pk]].append(pk)

    tree_owner: dict[int, int] = {}
    for root in roots:
        tree_ids = Counter(rows[pk][1] for pk in members[root])
        own_id = rows[root][1]
        # The id most nodes carry is the tree's; on a tie the root's own id wins.
        consensus = max(tree_ids, key=lambda tid: (tree_ids[tid], tid == own_id))
        for pk in members[root]:
            if rows[pk][1] != consensus:
                problems[pk].append(f"tree_id {rows[pk][1]} differs from its tree's ({consensus})")
        if consensus in tree_owner:
            problems[root].append(f"shares tree_id {consensus} with top-level comment {tree_owner[consensus]}")
        else:
            tree_owner[consensus] = root

    width_ok: dict[int, bool] = {}
    for pk in order:
        parent_id, _tree_id, level, lft, rght, post_id = rows[pk]
        if level != depth[pk]:
            problems[pk].append(f"level is {level}, expected {depth[pk]}")
        expected_width = 2 * size[pk] - 1
        width_ok[pk] = rght - lft == expected_width
        if not width_ok[pk]:
            problems[pk].append(f"lft/rght ({lft}, {rght}) span {rght - lft + 1} values for {size[pk]} comments")
        root = root_of[pk]
        if parent_id is None:
            if lft != 1:
                problems[pk].append(f"a top-level comment must have lft 1, has {lft}")
        elif post_id != rows[root][5]:
            problems[pk].append(f"post {post_id} differs from its top-level comment's post {rows[root][5]}")

    for pk in order:
        parent_id = rows[pk][0]
        # A bad parent is already named; judging its children against it would blame the innocent.
        if parent_id is not None and width_ok[pk] and width_ok[parent_id]:
            _, _, _, plft, prght, _ = rows[parent_id]
            _, _, _, lft, rght, _ = rows[pk]
            if not (plft < lft and rght < prght):
                problems[pk].append(f"interval ({lft}, {rght}) lies outside its parent's ({plft}, {prght})")
        sibling_ids = sorted((c for c in children[pk] if width_ok[c]), key=lambda c: rows[c][3])
        for previous, current in zip(sibling_ids, sibling_ids[1:], strict=False):
            if rows[current][3] <= rows[previous][4]:
                problems[current].append(f"interval overlaps its sibling comment {previous}")

    for root in roots:
        values = sorted(v for pk in members[root] for v in (rows[pk][3], rows[pk][4]))
        if values != list(range(1, 2 * len(members[root]) + 1)) and not any(pk in problems for pk in members[root]):
            problems[root].append("the tree's lft/rght values are not exactly 1..2n")

    return TreeReport(comments=len(rows), trees=len(roots), problems=dict(problems))
