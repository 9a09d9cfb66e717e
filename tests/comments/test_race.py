"""Concurrent writers on separate PostgreSQL connections, all through the view's service: trees stay valid."""

import random
import threading

import pytest
from django.db import connection

from comments import services
from comments.integrity import check_trees
from comments.models import Comment
from comments.services import commenter_for_user
from tests.factories import PostFactory, UserFactory

REPLY_WRITERS = 8
REPLIES_EACH = 100
ROOT_WRITERS = 2
ROOTS_EACH = 40
LEAF_DELETES = 40


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_concurrent_replies_roots_and_deletes_keep_every_tree_valid(postgres, settings):
    # Comments must be answerable at once (no worker runs here), as on a site that publishes before checking.
    settings.CARE_MODE = "publish_first"
    posts = [PostFactory() for _ in range(4)]
    users = [UserFactory() for _ in range(REPLY_WRITERS + ROOT_WRITERS + 1)]
    for user in users:
        commenter_for_user(user=user)
    thread_root = services.comment_create(user=users[0], post=posts[0], parent_id=None, body="root")
    thread_ids = [thread_root.pk]
    ids_lock = threading.Lock()
    barrier = threading.Barrier(REPLY_WRITERS + ROOT_WRITERS + 1)
    errors: list[BaseException] = []
    stats = {"replies": 0, "gone_parent": 0, "roots": 0, "deleted": 0}

    def worker(fn):
        def run():
            try:
                barrier.wait()
                fn()
            except BaseException as error:  # surfaced by the main thread below
                errors.append(error)
            finally:
                connection.close()

        return threading.Thread(target=run)

    def reply_writer(user, seed):
        rng = random.Random(seed)
        made = 0
        while made < REPLIES_EACH:
            with ids_lock:
                parent_id = rng.choice(thread_ids)
            try:
                comment = services.comment_create(user=user, post=posts[0], parent_id=parent_id, body="reply")
            except services.CommentRejected as rejected:
                assert rejected.status == 404, rejected.message  # its parent was deleted meanwhile
                stats["gone_parent"] += 1
                continue
            with ids_lock:
                thread_ids.append(comment.pk)
            made += 1
        stats["replies"] += made

    def root_writer(user, seed):
        rng = random.Random(seed)
        for _ in range(ROOTS_EACH):
            services.comment_create(user=user, post=rng.choice(posts), parent_id=None, body="new thread")
            stats["roots"] += 1

    def leaf_deleter():
        rng = random.Random(99)
        deleted = 0
        while deleted < LEAF_DELETES:
            leaves = list(
                Comment.objects.filter(tree_id=thread_root.tree_id, level__gt=0)
                .extra(where=["rght = lft + 1"])
                .values_list("pk", flat=True)
            )
            if not leaves:
                continue
            deleted += services.comment_purge(comment_id=rng.choice(leaves))
        stats["deleted"] = deleted

    threads = [worker(lambda u=users[i + 1], s=i: reply_writer(u, s)) for i in range(REPLY_WRITERS)]
    threads += [
        worker(lambda u=users[REPLY_WRITERS + 1 + i], s=100 + i: root_writer(u, s)) for i in range(ROOT_WRITERS)
    ]
    threads.append(worker(leaf_deleter))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    assert stats["replies"] == REPLY_WRITERS * REPLIES_EACH
    assert stats["roots"] == ROOT_WRITERS * ROOTS_EACH

    report = check_trees()
    assert report.problems == {}
    # Leaves can be deleted only after they exist, and a deleted leaf removes exactly one row.
    expected_total = 1 + REPLY_WRITERS * REPLIES_EACH + ROOT_WRITERS * ROOTS_EACH - stats["deleted"]
    assert report.comments == expected_total
    assert report.trees == 1 + ROOT_WRITERS * ROOTS_EACH
    tree_ids = Comment.objects.filter(parent=None).values_list("tree_id", flat=True)
    assert len(set(tree_ids)) == len(tree_ids)
