"""Imported posts and comments deleted here (post_delete, comment_purge) stay deleted on later imports."""

from pathlib import Path

import pytest
from django.db import transaction

from comments.integrity import check_trees
from comments.models import Comment, Post
from comments.services import comment_purge, post_delete
from imports.models import DeletedImport
from tests.factories import PostFactory, make_comment

from . import test_disqus, test_wordpress
from .test_wordpress import by_source_id, import_blog, run, snapshot

WORDPRESS, DISQUS = test_wordpress.SOURCE, test_disqus.SOURCE
BLOG, EXPORT, MAP = test_wordpress.BLOG, test_disqus.EXPORT, test_disqus.MAP
DELETED_HERE = "deleted here after an earlier import"

authors = test_wordpress.authors  # the blog's authors as site users
blog = test_disqus.blog  # the WordPress side imported first


def remembered(kind: str) -> set[tuple[str, str]]:
    return set(DeletedImport.objects.filter(kind=kind).values_list("source", "source_id"))


def later_wxr(tmp_path, comments: str) -> str:
    """The same blog's export, some time later: post 101 has new comments."""
    text = Path(BLOG).read_text(encoding="utf-8").replace("\t</item>", comments + "\t</item>", 1)
    path = tmp_path / "later.xml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def wxr_comment(comment_id: int, parent: int, text: str) -> str:
    return f"""
		<wp:comment>
			<wp:comment_id>{comment_id}</wp:comment_id>
			<wp:comment_author><![CDATA[Noor]]></wp:comment_author>
			<wp:comment_author_email><![CDATA[noor@example.net]]></wp:comment_author_email>
			<wp:comment_date_gmt><![CDATA[2014-05-01 08:{comment_id % 60:02d}:00]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[{text}]]></wp:comment_content>
			<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
			<wp:comment_parent>{parent}</wp:comment_parent>
		</wp:comment>
"""


def test_purged_wordpress_comments_stay_gone_and_later_replies_move_up(authors, tmp_path):
    import_blog()
    with transaction.atomic():
        assert comment_purge(comment_id=by_source_id("202").pk) == 3  # 202 with its replies 204 and 205
    assert remembered("comment") == {(WORDPRESS, "202"), (WORDPRESS, "204"), (WORDPRESS, "205")}

    before = snapshot()
    code, output = import_blog()
    assert code == 1  # the broken post is still broken
    assert snapshot() == before, output
    assert "deleted here after an earlier import 3" in output
    assert "comments: 0 imported (0 held for approval), 9 already here" in output
    code, output = import_blog("--dry-run")
    assert "comments: 0 would be imported" in output and "deleted here after an earlier import 3" in output

    # A purged top-level comment too; then a later export with replies to what was purged.
    with transaction.atomic():
        comment_purge(comment_id=by_source_id("210").pk)
    later = later_wxr(
        tmp_path,
        wxr_comment(220, 205, "Still thinking about the car park.")
        + wxr_comment(221, 220, "Me too.")
        + wxr_comment(222, 210, "Answering the one whose parent was lost."),
    )
    code, output = run("import_wordpress", later, "--author", "sam=sam@kindred.example")
    assert code == 1
    # 205's nearest kept ancestor is 201 (204 and 202 went with it): 220 answers 201, 221 still answers 220.
    assert by_source_id("220").parent == by_source_id("201")
    assert by_source_id("221").parent == by_source_id("220")
    assert (
        "comment 220: its parent 205 was skipped (deleted here after an earlier import); now answers comment 201"
        in (output)
    )
    # 210 had no kept ancestor: its new reply is top-level, as for any skipped parent.
    assert by_source_id("222").parent is None
    assert "comment 222: its parent 210 was skipped (deleted here after an earlier import); top-level" in output
    assert not Comment.objects.filter(source=WORDPRESS, source_id__in=["202", "204", "205", "210"]).exists()
    assert "comments: 3 imported (0 held for approval), 8 already here" in output
    assert "deleted here after an earlier import 4" in output
    assert check_trees().problems == {}


def test_deleted_wordpress_post_stays_gone_with_its_comments(authors):
    import_blog()
    post = Post.objects.get(source=WORDPRESS, source_id="101")
    assert post_delete(post=post) == 9
    assert remembered("post") == {(WORDPRESS, "101")}
    assert remembered("comment") == {
        (WORDPRESS, sid) for sid in ("201", "202", "203", "204", "205", "208", "210", "211", "212")
    }

    before = snapshot()
    code, output = import_blog()
    assert code == 1
    assert snapshot() == before, output
    assert not Post.objects.filter(source=WORDPRESS, source_id="101").exists()
    assert "posts: 0 created, 4 already here" in output
    assert "posts deleted here after an earlier import 1" in output
    assert "comments of posts deleted here after an earlier import 12" in output  # all its comments in the file
    assert 'post 101 "The first session": skipped, it was deleted here after an earlier import' in output
    code, output = import_blog("--dry-run")
    assert "posts: 0 would be created, 4 already here" in output
    assert "posts deleted here after an earlier import 1" in output


def test_site_content_and_rolled_back_deletions_leave_no_record(authors):
    site_post = PostFactory()
    comment = make_comment(post=site_post)
    comment_purge(comment_id=comment.pk)
    post_delete(post=site_post)
    assert not DeletedImport.objects.exists()

    import_blog()
    post = Post.objects.get(source=WORDPRESS, source_id="101")
    with pytest.raises(RuntimeError), transaction.atomic():
        post_delete(post=post)
        raise RuntimeError("the operator's transaction fails after the delete")
    # Written in the deleting transaction: undone with it, so the next import is an ordinary no-op.
    assert not DeletedImport.objects.exists()
    assert Post.objects.filter(source=WORDPRESS, source_id="101").exists()


def later_disqus(tmp_path, posts: str) -> str:
    text = Path(EXPORT).read_text(encoding="utf-8").replace("</disqus>", posts + "</disqus>")
    path = tmp_path / "later-disqus.xml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_purged_disqus_comments_stay_gone_and_later_replies_move_up(blog, tmp_path):
    run("import_disqus", EXPORT, "--map", MAP)
    with transaction.atomic():
        assert comment_purge(comment_id=Comment.objects.get(source=DISQUS, source_id="8002").pk) == 2
    assert remembered("comment") == {(DISQUS, "8002"), (DISQUS, "8004")}

    before = snapshot()
    code, output = run("import_disqus", EXPORT, "--map", MAP)
    assert code == 1 and snapshot() == before, output
    assert "deleted here after an earlier import 2" in output
    assert "comments: 0 imported (0 held for approval), 4 already here" in output

    later = later_disqus(
        tmp_path,
        """  <post dsq:id="8060">
    <message><![CDATA[Coming back to this thread a year on.]]></message>
    <createdAt>2015-03-01T10:00:00Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>false</isSpam>
    <author><email>ilse@example.org</email><name>Ilse</name><isAnonymous>false</isAnonymous></author>
    <thread dsq:id="7001" />
    <parent dsq:id="8004" />
  </post>
""",
    )
    code, output = run("import_disqus", later, "--map", MAP)
    # 8004 and 8002 were purged here and 8003 was deleted on Disqus: 8060 answers 8001, the nearest kept one.
    reply = Comment.objects.get(source=DISQUS, source_id="8060")
    assert reply.parent == Comment.objects.get(source=DISQUS, source_id="8001")
    assert (
        "comment 8060: its parent 8004 was skipped (deleted here after an earlier import); now answers comment 8001"
        in (output)
    )
    assert not Comment.objects.filter(source=DISQUS, source_id__in=["8002", "8004"]).exists()
    assert check_trees().problems == {}


def test_deleted_disqus_posts_stay_gone(blog):
    create = ("--create-posts", "--post-author", "jo@quietharbour.example")
    run("import_disqus", EXPORT, *create)
    walks = Post.objects.get(source=DISQUS, source_id="7002")
    assert post_delete(post=walks) == 2
    assert (DISQUS, "7002") in remembered("post")
    assert {(DISQUS, "8010"), (DISQUS, "8011")} <= remembered("comment")

    before = snapshot()
    code, output = run("import_disqus", EXPORT, *create)
    assert snapshot() == before, output
    assert not Post.objects.filter(source=DISQUS, source_id="7002").exists()
    assert "threads whose post was deleted here after an earlier import 1" in output
    assert "comments of threads whose post was deleted here after an earlier import 2" in output
    assert "posts: 0 created" in output

    # The WordPress post a thread's comments went on: the post and those Disqus comments are remembered.
    post_delete(post=blog)
    assert (WORDPRESS, "101") in remembered("post")
    assert {(DISQUS, sid) for sid in ("8001", "8002", "8004", "8006", "8007")} <= remembered("comment")


def test_admin_lists_the_records_and_deleting_one_lets_the_row_back_in(authors, client):
    from django.urls import reverse

    from tests.factories import UserFactory

    import_blog()
    with transaction.atomic():
        comment_purge(comment_id=by_source_id("203").pk)  # held, with an open review item
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    listing = client.get(reverse("admin:imports_deletedimport_changelist"), {"q": "203"})
    assert listing.status_code == 200 and WORDPRESS in listing.content.decode()
    assert client.get(reverse("admin:imports_deletedimport_add")).status_code == 403
    record = DeletedImport.objects.get()
    response = client.post(reverse("admin:imports_deletedimport_delete", args=[record.pk]), {"post": "yes"})
    assert response.status_code == 302 and not DeletedImport.objects.exists()

    code, output = import_blog()
    assert by_source_id("203").status == "held"
    assert "comments: 1 imported (1 held for approval), 11 already here" in output
    assert check_trees().problems == {}
