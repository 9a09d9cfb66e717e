"""import_disqus: threads matched to posts by their link's path or --map, staged so children may come first."""

from pathlib import Path

import pytest

from comments.integrity import check_trees
from comments.models import Comment, Post
from moderation.models import ReviewItem
from tests.factories import UserFactory

from .test_wordpress import run, snapshot

DATA = Path(__file__).parent / "data"
EXPORT = str(DATA / "quietharbour-disqus.xml")
MAP = str(DATA / "quietharbour-map.txt")
SOURCE = "disqus:quietharbour"


@pytest.fixture
def blog(db):
    """The WordPress side of the same blog, imported first (Disqus threads point at its old addresses)."""
    UserFactory(email="jo@quietharbour.example", display_name="Jo")
    UserFactory(email="sam@kindred.example")
    code, output = run("import_wordpress", str(DATA / "blog-wxr12.xml"), "--author", "sam=sam@kindred.example")
    assert code == 1, output  # its one broken post
    return Post.objects.get(source_id="101", source__startswith="wordpress:")


def disqus(source_id: str) -> Comment:
    return Comment.objects.select_related("parent", "commenter").get(source=SOURCE, source_id=source_id)


def test_threads_match_posts_by_link_path_and_map(blog):
    code, output = run("import_disqus", EXPORT, "--map", MAP)
    # The thread with an undated comment is skipped with its error: exit status 1.
    assert code == 1, output
    assert 'thread 7006 "A thread with a mangled comment": skipped, comment 8040: its createdAt' in output

    # By the path of its link: the imported WordPress post with that old address.
    assert disqus("8001").post == blog
    assert "matched by its link" in output
    # Children listed before their parents keep their place.
    assert disqus("8002").parent == disqus("8001")
    # A deleted comment is skipped; its reply moves up to the deleted one's parent.
    assert disqus("8004").parent == disqus("8002")
    assert "comment 8004: its parent 8003 was skipped (trash or deleted); now answers comment 8002" in output
    # A missing parent: top-level, listed.
    assert disqus("8006").parent is None
    assert "comment 8006: its parent 8999 is not in the export; top-level" in output
    # Not yet approved on Disqus: held with an "imported" item.
    assert disqus("8007").status == "held"
    assert ReviewItem.objects.get(comment=disqus("8007")).reasons == ["imported"]
    assert disqus("8001").status == "visible" and disqus("8001").published_at == disqus("8001").created
    assert disqus("8001").body == (
        "The line about the car park is the truest thing I have read this month.\n\n"
        "See also my own waiting-room notes (https://wren.example.org/waiting).\nThank you."
    )
    # One commenter for Wren, whatever the address's case.
    assert disqus("8001").commenter == disqus("8002").commenter
    assert disqus("8001").commenter.user is None and disqus("8001").commenter.source == SOURCE

    # By --map: the old ?p=77 address is the post "notes".
    assert disqus("8020").post.slug == "notes"
    assert disqus("8020").body == "Good notes & good company."

    # Unmatched, deleted and empty threads are skipped and counted.
    assert not Comment.objects.filter(source=SOURCE, source_id__in=["8010", "8011", "8030", "8050"]).exists()
    for reason in (
        "threads without a matching post (use --map or --create-posts) 1",
        "comments of unmatched threads 2",
        "deleted threads 1",
        "threads without comments 1",
        "comments of threads not in the export 1",
        "spam 1",
        "trash or deleted 1",
    ):
        assert reason in output
    assert "no post matches https://quietharbour.example/2015/01/winter-walks/; skipped" in output
    assert check_trees().problems == {}

    before = snapshot()
    code, output = run("import_disqus", EXPORT, "--map", MAP)
    assert code == 1 and snapshot() == before
    assert "comments: 0 imported (0 held for approval), 6 already here" in output


def test_create_posts_makes_drafts_and_reimport_is_a_no_op(blog):
    code, output = run("import_disqus", EXPORT, "--create-posts")
    assert code == 2 and "--create-posts needs --post-author" in output
    assert not Comment.objects.filter(source=SOURCE).exists()

    code, output = run("import_disqus", EXPORT, "--create-posts", "--post-author", "jo@quietharbour.example")
    assert code == 1
    walks = Post.objects.get(source=SOURCE, source_id="7002")
    assert (walks.slug, walks.title, walks.published, walks.comments_open) == (
        "winter-walks",
        "Winter walks",
        False,
        False,
    )
    assert walks.source_url == "https://quietharbour.example/2015/01/winter-walks/"
    assert [c.source_id for c in Comment.objects.filter(post=walks).order_by("lft")] == ["8010", "8011"]
    # Without --map, the ?p=77 thread matches nothing and becomes a draft of its own too.
    assert Post.objects.filter(source=SOURCE, source_id="7003").exists()
    assert check_trees().problems == {}

    before = snapshot()
    code, output = run("import_disqus", EXPORT, "--create-posts", "--post-author", "jo@quietharbour.example")
    assert snapshot() == before
    assert "posts: 0 created" in output


def test_dry_run_and_bad_inputs_write_nothing(blog, tmp_path):
    before = snapshot()
    code, output = run("import_disqus", EXPORT, "--map", MAP, "--dry-run")
    assert code == 1 and snapshot() == before
    assert "comments: 6 would be imported (1 held for approval)" in output

    bad_map = tmp_path / "map.txt"
    bad_map.write_text("http://quietharbour.example/?p=77 no-such-post\n")
    code, output = run("import_disqus", EXPORT, "--map", str(bad_map))
    assert code == 2 and "--map names posts that don't exist here: no-such-post" in output
    bad_map.write_bytes(b"http://quietharbour.example/?p=77 caf\xe9\n")  # Latin-1, not UTF-8
    code, output = run("import_disqus", EXPORT, "--map", str(bad_map))
    assert code == 2 and "is not UTF-8 text" in output

    code, output = run("import_disqus", str(DATA / "blog-wxr12.xml"))
    assert code == 2 and "not a Disqus export (its root element is <rss>)" in output
    code, output = run("import_disqus", str(DATA / "not-xml.xml"))
    assert code == 2 and "not well-formed XML" in output
    assert snapshot() == before


def test_plain_permalink_threads_each_go_to_their_own_post(db, tmp_path):
    """Blogs with WordPress's plain permalinks link every post as /?p=N: the query tells the threads apart."""
    from tests.factories import PostFactory

    seven = PostFactory(slug="seven", source_url="http://plain.example/?p=7")
    eight = PostFactory(slug="eight", source_url="http://plain.example/?p=8")
    notes = PostFactory(slug="notes")
    threads, posts = [], []
    for n, link in (
        (1, "http://plain.example/?p=7"),
        (2, "http://plain.example/?p=8"),
        (3, "http://plain.example/?p=9"),
    ):
        threads.append(
            f'<thread dsq:id="t{n}"><id>{n}</id><forum>plain</forum><link>{link}</link><title>Thread {n}</title>'
            "<createdAt>2015-01-01T10:00:00Z</createdAt><isClosed>false</isClosed><isDeleted>false</isDeleted>"
            "</thread>"
        )
        posts.append(
            f'<post dsq:id="c{n}"><message><![CDATA[<p>Comment {n}</p>]]></message>'
            "<createdAt>2015-01-02T10:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>"
            f'<author><name>Reader {n}</name><email>r{n}@example.org</email></author><thread dsq:id="t{n}" /></post>'
        )
    export = tmp_path / "plain.xml"
    export.write_text(
        '<?xml version="1.0" encoding="utf-8"?><disqus xmlns="http://disqus.com" '
        'xmlns:dsq="http://disqus.com/disqus-internals">' + "".join(threads + posts) + "</disqus>"
    )
    mapping = tmp_path / "map.txt"
    mapping.write_text("http://plain.example/?p=9 notes\n")
    code, output = run("import_disqus", str(export), "--map", str(mapping))
    assert code == 0, output
    on = {c.source_id: c.post for c in Comment.objects.filter(source="disqus:plain")}
    assert on == {"c1": seven, "c2": eight, "c3": notes}


def test_a_created_draft_takes_its_authors_plain_text(blog):
    from comments.presentation import post_body_html
    from comments.services import post_save

    run("import_disqus", EXPORT, "--create-posts", "--post-author", "jo@quietharbour.example")
    walks = Post.objects.get(source=SOURCE, source_id="7002")
    assert walks.body == ""
    # The author fills the draft in with the post editor (plain text) and publishes it.
    walks = post_save(
        author=walks.author,
        post=walks,
        title=walks.title,
        body="Cold air helps.\n\nSo does the dog.",
        published=True,
        comments_open=True,
    )
    assert str(post_body_html(walks)) == "<p>Cold air helps.</p>\n\n<p>So does the dog.</p>"


def test_a_guess_from_the_links_last_part_never_lands_on_a_post_written_here(blog, tmp_path):
    from tests.factories import PostFactory

    someone_elses = PostFactory(slug="anxiety", title="Anxiety, by another member")
    export = tmp_path / "guess.xml"
    export.write_text(
        '<?xml version="1.0" encoding="utf-8"?><disqus xmlns="http://disqus.com" '
        'xmlns:dsq="http://disqus.com/disqus-internals">'
        '<thread dsq:id="t1"><id>a</id><forum>quietharbour</forum><link>https://old.example/2014/05/anxiety/</link>'
        "<title>Anxiety</title><createdAt>2014-05-01T10:00:00Z</createdAt></thread>"
        '<thread dsq:id="t2"><id>b</id><forum>quietharbour</forum><link>https://old.example/blog/notes</link>'
        "<title>Notes</title><createdAt>2014-05-01T10:00:00Z</createdAt></thread>"
        '<post dsq:id="c1"><message>Me too.</message><createdAt>2014-05-02T10:00:00Z</createdAt>'
        '<author><name>Ash</name><email>ash@example.org</email></author><thread dsq:id="t1" /></post>'
        '<post dsq:id="c2"><message>Same here.</message><createdAt>2014-05-02T10:00:00Z</createdAt>'
        '<author><name>Ash</name><email>ash@example.org</email></author><thread dsq:id="t2" /></post>'
        "</disqus>"
    )
    code, output = run("import_disqus", str(export))
    assert code == 0, output
    assert not Comment.objects.filter(post=someone_elses).exists()
    assert "no post matches https://old.example/2014/05/anxiety/; skipped" in output
    # The imported WordPress post "notes" (its old address has another path) is still found by the guess.
    assert disqus("c2").post.slug == "notes"
    assert "matched by the last part of its link" in output
