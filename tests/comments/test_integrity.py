"""manage.py check_trees: a clean forest passes, and one corrupted field names exactly its comment."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from comments.models import Comment
from tests.factories import PostFactory, UserFactory, make_comment


def run_check_trees():
    out = io.StringIO()
    try:
        call_command("check_trees", stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def forest(db):
    """Two posts; a thread four levels deep with siblings at each level, and a few small threads."""
    user = UserFactory()
    post, other_post = PostFactory(), PostFactory()
    root = make_comment(post=post, user=user)
    a = make_comment(post=post, user=user, parent=root)
    b = make_comment(post=post, user=user, parent=root)
    a1 = make_comment(post=post, user=user, parent=a)
    make_comment(post=post, user=user, parent=a)
    a1x = make_comment(post=post, user=user, parent=a1)
    make_comment(post=post, user=user, parent=b)
    make_comment(post=post, user=user)
    other_root = make_comment(post=other_post, user=user)
    make_comment(post=other_post, user=user, parent=other_root)
    return {"root": root, "a": a, "b": b, "a1": a1, "a1x": a1x, "other_root": other_root}


def test_clean_forest_is_ok(forest):
    code, out = run_check_trees()
    assert code == 0
    assert out.strip() == "ok: 10 comments in 3 trees"


def test_empty_database_is_ok(db):
    assert run_check_trees() == (0, "ok: 0 comments in 0 trees\n")


@pytest.mark.parametrize(
    ("victim", "column", "delta"),
    [
        ("a", "lft", 1),
        ("a1", "rght", 3),
        ("a1x", "level", 1),
        ("b", "level", -1),
        ("a1", "tree_id", 1000),
        ("root", "lft", 2),
        ("root", "rght", 5),
        ("root", "tree_id", 1000),
        ("a1x", "lft", -1),
    ],
)
def test_one_corrupted_field_names_exactly_that_comment(forest, victim, column, delta):
    target = forest[victim]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE comments_comment SET {column} = {column} + %s WHERE id = %s", [delta, target.pk])
    code, out = run_check_trees()
    assert code == 1
    lines = out.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == [f"comment {target.pk}"], out


def test_root_sharing_another_trees_id_is_named(forest):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE comments_comment SET tree_id = %s WHERE id = %s",
            [forest["root"].tree_id, forest["other_root"].pk],
        )
        # Its one reply follows, so the whole small tree now claims the first tree's id.
        cursor.execute(
            "UPDATE comments_comment SET tree_id = %s WHERE parent_id = %s",
            [forest["root"].tree_id, forest["other_root"].pk],
        )
    code, out = run_check_trees()
    assert code == 1
    assert f"shares tree_id {forest['root'].tree_id}" in out


def test_reply_on_another_post_than_its_thread_is_named(forest):
    Comment.objects.filter(pk=forest["a1x"].pk).update(post=forest["other_root"].post)
    code, out = run_check_trees()
    assert code == 1
    assert out.strip().startswith(f"comment {forest['a1x'].pk}: post ")


def test_sibling_order_and_tree_id_numbering_do_not_matter(forest):
    """Swap two siblings' intervals and renumber tree_ids: still a valid forest."""
    a, b = Comment.objects.get(pk=forest["a"].pk), Comment.objects.get(pk=forest["b"].pk)
    width_a = a.rght - a.lft + 1
    width_b = b.rght - b.lft + 1
    with connection.cursor() as cursor:
        # Move b's subtree in front of a's: shift a's subtree right by width_b, b's left by width_a.
        cursor.execute(
            "UPDATE comments_comment SET lft = lft + %s, rght = rght + %s"
            " WHERE tree_id = %s AND lft >= %s AND rght <= %s",
            [width_b, width_b, a.tree_id, a.lft, a.rght],
        )
        cursor.execute(
            "UPDATE comments_comment SET lft = lft - %s, rght = rght - %s WHERE id = %s OR parent_id = %s",
            [width_a, width_a, b.pk, b.pk],
        )
        cursor.execute("UPDATE comments_comment SET tree_id = tree_id * 10 + 7")
    code, out = run_check_trees()
    assert (code, out.split(":")[0]) == (0, "ok")
