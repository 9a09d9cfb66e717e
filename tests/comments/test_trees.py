"""The locked tree service: each top-level comment is its own tree; inserts and deletes keep trees valid."""

import pytest

from comments import services, trees
from comments.integrity import check_trees
from comments.models import Comment
from tests.factories import PostFactory, UserFactory, make_comment

pytestmark = pytest.mark.django_db


def test_every_top_level_comment_is_its_own_tree():
    post = PostFactory()
    roots = [make_comment(post=post) for _ in range(3)]
    assert len({root.tree_id for root in roots}) == 3
    assert all((root.lft, root.rght, root.level) == (1, 2, 0) for root in roots)


def test_a_reply_shifts_only_its_own_thread():
    post = PostFactory()
    first, second = make_comment(post=post), make_comment(post=post)
    before = Comment.objects.values_list("pk", "lft", "rght").get(pk=second.pk)
    reply = make_comment(post=post, parent=first)
    assert reply.tree_id == first.tree_id and reply.level == 1
    assert Comment.objects.values_list("pk", "lft", "rght").get(pk=second.pk) == before
    first.refresh_from_db()
    assert (first.lft, first.rght) == (1, 4)


def test_insert_with_a_stale_parent_instance_still_builds_a_valid_tree():
    """The service re-reads the parent after taking the lock, so a stale object cannot corrupt the tree."""
    post = PostFactory()
    user = UserFactory()
    root = make_comment(post=post, user=user)
    stale_root = Comment.objects.get(pk=root.pk)
    make_comment(post=post, user=user, parent=root)
    make_comment(post=post, user=user, parent=stale_root)  # stale rght
    assert not check_trees().problems


def test_purge_removes_a_subtree_and_closes_the_gap():
    post = PostFactory()
    user = UserFactory()
    root = make_comment(post=post, user=user)
    child = make_comment(post=post, user=user, parent=root)
    make_comment(post=post, user=user, parent=child)
    keep = make_comment(post=post, user=user, parent=root)
    assert services.comment_purge(comment_id=child.pk) == 2
    assert services.comment_purge(comment_id=child.pk) == 0  # safe to re-run
    assert set(Comment.objects.values_list("pk", flat=True)) == {root.pk, keep.pk}
    assert not check_trees().problems


def test_a_whole_new_tree_inserted_at_once_is_valid():
    post = PostFactory()
    commenter = services.commenter_for_user(user=UserFactory())
    existing = make_comment(post=post)

    def node(parent_index):
        return (Comment(post=post, commenter=commenter, body="x", status=Comment.Status.VISIBLE), parent_index)

    # root, two children, a grandchild under the first child, then a 50-deep chain under the second.
    nodes = [node(None), node(0), node(0), node(1)]
    for _ in range(50):
        nodes.append(node(len(nodes) - 1 if len(nodes) > 4 else 2))
    saved = trees.insert_new_tree(nodes)
    assert saved[0].tree_id != existing.tree_id
    assert (saved[0].lft, saved[0].rght) == (1, 2 * len(nodes))
    assert Comment.objects.get(pk=saved[-1].pk).level == 51
    assert not check_trees().problems


def test_insert_new_tree_refuses_two_roots_or_late_parents():
    post = PostFactory()
    commenter = services.commenter_for_user(user=UserFactory())

    def fresh():
        return Comment(post=post, commenter=commenter, body="x")

    with pytest.raises(ValueError, match="exactly one root"):
        trees.insert_new_tree([(fresh(), None), (fresh(), None)])
    with pytest.raises(ValueError, match="must come before"):
        trees.insert_new_tree([(fresh(), None), (fresh(), 2), (fresh(), 0)])
    assert not Comment.objects.exists()


def test_purge_of_a_very_deep_chain_does_not_recurse():
    post = PostFactory()
    commenter = services.commenter_for_user(user=UserFactory())
    visible = Comment.Status.VISIBLE
    nodes = [(Comment(post=post, commenter=commenter, body="x", status=visible), None)]
    nodes += [(Comment(post=post, commenter=commenter, body="x", status=visible), i) for i in range(1500)]
    root = trees.insert_new_tree(nodes)[0]
    sibling = make_comment(post=post, parent=root)
    first_reply = Comment.objects.get(parent=root, lft=2)
    assert services.comment_purge(comment_id=first_reply.pk) == 1500
    assert set(Comment.objects.values_list("pk", flat=True)) == {root.pk, sibling.pk}
    assert not check_trees().problems


def test_replies_anywhere_keep_the_numbers_exact_and_move_nothing_at_the_end():
    """Replies into the middle, at the end and under a deep chain: every interval stays exact, and a reply at the
    end of a thread rewrites only its ancestors."""
    post = PostFactory()
    user = UserFactory()
    root = make_comment(post=post, user=user)
    a = make_comment(post=post, user=user, parent=root)
    b = make_comment(post=post, user=user, parent=a)
    c = make_comment(post=post, user=user, parent=root)
    make_comment(post=post, user=user, parent=b)  # in the middle: c moves
    c.refresh_from_db()
    assert (c.lft, c.rght) == (8, 9)
    before = dict(Comment.objects.filter(tree_id=root.tree_id).values_list("pk", "lft"))
    reply = make_comment(post=post, user=user, parent=c)  # at the end: no lft changes
    assert dict(Comment.objects.filter(tree_id=root.tree_id).exclude(pk=reply.pk).values_list("pk", "lft")) == before
    assert (reply.lft, reply.rght, reply.level) == (9, 10, 2)
    assert not check_trees().problems


def test_a_parent_chain_that_disagrees_with_its_levels_stops_the_insert():
    post = PostFactory()
    user = UserFactory()
    root = make_comment(post=post, user=user)
    child = make_comment(post=post, user=user, parent=root)
    Comment.objects.filter(pk=child.pk).update(level=3)  # corrupt, as check_trees would report it
    before = list(Comment.objects.order_by("pk").values_list("pk", "lft", "rght"))
    with pytest.raises(RuntimeError, match="ancestors widened"):
        make_comment(post=post, user=user, parent=child)
    assert list(Comment.objects.order_by("pk").values_list("pk", "lft", "rght")) == before
