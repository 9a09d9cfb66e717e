"""import_wordpress against hand-written WXR files: threads, statuses, authors, re-imports, bad files."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from comments.integrity import check_trees
from comments.models import Comment, Commenter, Post
from moderation.models import ReviewItem
from tests.factories import PostFactory, UserFactory

DATA = Path(__file__).parent / "data"
BLOG = str(DATA / "blog-wxr12.xml")
SOURCE = "wordpress:quietharbour.example"


def run(*args, **kwargs) -> tuple[int, str]:
    """Run a command; return (exit status, its output)."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err, **kwargs)
        code = 0
    except CommandError as error:
        code = error.returncode
        err.write(str(error))
    return code, out.getvalue() + err.getvalue()


@pytest.fixture
def authors(db):
    jo = UserFactory(email="Jo@QuietHarbour.example", display_name="Jo")
    sam = UserFactory(email="sam@kindred.example", display_name="Sam on Kindred")
    PostFactory(slug="hello", title="Someone else's hello")
    return jo, sam


def import_blog(*extra) -> tuple[int, str]:
    return run("import_wordpress", BLOG, "--author", "sam=sam@kindred.example", *extra)


def snapshot():
    rows = Comment.objects.order_by("pk").values_list(
        "pk", "post_id", "parent_id", "tree_id", "lft", "rght", "level", "status", "body", "commenter_id"
    )
    posts = Post.objects.order_by("pk").values_list("pk", "slug", "title", "body", "published", "revision")
    items = ReviewItem.objects.order_by("pk").values_list("pk", "comment_id", "status", "reasons")
    return list(rows), list(posts), list(items), Commenter.objects.count()


def by_source_id(source_id: str) -> Comment:
    return Comment.objects.select_related("commenter", "parent").get(source=SOURCE, source_id=source_id)


def test_import_keeps_threads_statuses_and_authors(authors):
    jo, sam = authors
    code, output = import_blog()
    # Post 104 has a comment without a usable date: that post is skipped, the rest import, exit status 1.
    assert code == 1, output
    assert 'post 104 "A post with a broken comment": skipped, comment 402: its date' in output
    assert not Post.objects.filter(source=SOURCE, source_id="104").exists()

    first = Post.objects.get(source=SOURCE, source_id="101")
    assert first.author == jo and first.published and first.body_format == "html"
    assert first.source_url == "https://quietharbour.example/2014/03/the-first-session/"
    assert first.published_at.isoformat() == "2014-03-01T09:30:00+00:00"

    # Threads as in the file, although 205 came before its parent 204.
    assert by_source_id("201").parent is None
    assert by_source_id("202").parent == by_source_id("201")
    assert by_source_id("204").parent == by_source_id("202")
    assert by_source_id("205").parent == by_source_id("204")
    assert by_source_id("205").level == 3
    # 208 answered a trashed comment: it now answers that comment's parent.
    assert by_source_id("208").parent == by_source_id("201")
    # A missing parent and a cycle become top-level comments, and are listed.
    assert by_source_id("210").parent is None
    assert "comment 210: its parent 999 is not in the export; top-level" in output
    assert by_source_id("211").parent is None and by_source_id("212").parent == by_source_id("211")
    assert "comments 211, 212 answer each other in a cycle; comment 211 is shown as top-level" in output
    assert "comment 208: its parent 207 was skipped (trash or deleted); now answers comment 201" in output
    # Skipped and counted.
    for reason in ("spam 1", "trash or deleted 1", "pingbacks and trackbacks 1", "empty after conversion to text 1"):
        assert reason in output
    assert not Comment.objects.filter(source=SOURCE, source_id__in=["206", "207", "209", "304"]).exists()

    # Statuses: approved visible (published when written), awaiting approval held with an open item.
    visible = by_source_id("201")
    assert visible.status == "visible" and visible.published_at == visible.created
    assert visible.created.isoformat() == "2014-03-01T10:15:00+00:00"
    held = by_source_id("203")
    assert held.status == "held" and held.published_at is None
    item = ReviewItem.objects.get(comment=held)
    assert item.status == "open" and item.reasons == ["imported"]
    assert ReviewItem.Reason(item.reasons[0]).label == "imported, awaiting approval"
    assert ReviewItem.objects.count() == 1

    # People: Jo's logged-in reply is Jo's site account; readers are account-less commenters with their
    # names, addresses and sites; one record for Priya despite the address's case.
    assert by_source_id("202").commenter.user == jo
    priya = by_source_id("201").commenter
    assert (priya.user, priya.display_name, priya.email, priya.url) == (
        None,
        "Priya",
        "priya.k@example.net",
        "https://priya.example.net/",
    )
    assert priya.source == SOURCE
    assert by_source_id("205").commenter == priya
    assert by_source_id("301").commenter.url == ""  # a javascript: address is not kept
    assert by_source_id("303").commenter.display_name == "Anonymous"

    # Posts by status and type: drafts and private posts are unpublished; pages and attachments are not posts.
    notes = Post.objects.get(source=SOURCE, source_id="102")
    assert notes.author == sam and not notes.comments_open
    draft = Post.objects.get(source=SOURCE, source_id="105")
    private = Post.objects.get(source=SOURCE, source_id="106")
    assert not draft.published and draft.published_at is None and not private.published
    assert not Post.objects.filter(source=SOURCE, source_id__in=["107", "7"]).exists()
    assert "pages (use --include-pages) 1" in output and "other content (attachment) 1" in output

    # The slug already used by a site post gets a suffix, and that is reported.
    hello = Post.objects.get(source=SOURCE, source_id="103")
    assert hello.slug == "hello-2"
    assert "'hello' is taken; it is 'hello-2'" in output
    assert draft.slug == "half-written-thoughts"

    assert check_trees().problems == {}
    assert "posts: 5 created, 0 already here, 1 skipped because of errors" in output
    assert "comments: 12 imported (1 held for approval), 0 already here" in output


def test_comment_html_becomes_plain_text_with_links(authors):
    import_blog()
    assert by_source_id("201").body == (
        "This is exactly how my first one went.\n\n"
        "I wrote about it on my own blog (https://priya.example.net/first-time) if it helps & thank you."
    )
    assert by_source_id("204").body == (
        "Did you tell her about the car?\n\nI never manage to say the small things out loud."
    )
    assert by_source_id("301").body == "A CDATA end marker inside text: ]]> and it survives."
    assert by_source_id("301").commenter.display_name == "Cass <the quiet one>"
    assert by_source_id("302").body == "Escaped instead of CDATA: gently & kindly."
    assert by_source_id("302").commenter.display_name == "Dee & Friends"
    assert by_source_id("303").body == (
        "> A CDATA end marker inside text\n\n"
        "Quoting, then answering: nameless but present.\n\n"
        "- one thing\n- another thing"
    )


def test_post_body_is_sanitized_html_without_shortcodes_or_block_comments(authors, client):
    import_blog()
    body = Post.objects.get(source=SOURCE, source_id="101").body
    for gone in ("wp:paragraph", "[caption", "[/caption]", "[gallery", "<script", "onclick", "onerror", "javascript:"):
        assert gone not in body
    assert "<strong>Ten minutes.</strong>" in body
    assert '<img src="https://quietharbour.example/files/door.jpg" alt="A blue door">' in body
    assert "The door I nearly did not open" in body
    assert "[1] and [sic] are just writing." in body
    notes = Post.objects.get(source=SOURCE, source_id="102").body
    assert notes.startswith("<p>Classic editor text.<br>\nA second line of the same paragraph.</p>")
    assert "https://video.example/abc" in notes and "[youtube]" not in notes
    assert "an escaped [gallery]." in notes

    page = client.get(Post.objects.get(source_id="101").get_absolute_url())
    html = page.content.decode()
    assert "<strong>Ten minutes.</strong>" in html
    assert 'rel="nofollow noopener"' in html
    assert "alert(" not in html.split('class="post-body"')[1].split("</div>")[0]
    # Imported comments show with their writers' web sites (only http(s) ones were kept).
    assert '<a href="https://priya.example.net/" rel="nofollow ugc noopener"><bdi>Priya</bdi></a>' in html
    # The post list shows an excerpt of the text, not the markup.
    listing = client.get("/").content.decode()
    assert "I sat in the car for ten minutes" in listing and "&lt;p&gt;" not in listing
    # A site-written post is still plain text, escaped.
    site_post = PostFactory(body="<b>not bold</b>\n\nsecond")
    html = client.get(site_post.get_absolute_url()).content.decode()
    assert "&lt;b&gt;not bold&lt;/b&gt;" in html


def test_reimport_adds_nothing_and_changes_nothing(authors):
    import_blog()
    before = snapshot()
    code, output = import_blog()
    assert code == 1  # the broken post is still broken
    assert snapshot() == before
    assert "posts: 0 created, 5 already here" in output
    assert "comments: 0 imported (0 held for approval), 12 already here" in output
    assert check_trees().problems == {}


def test_dry_run_writes_nothing(authors):
    before = snapshot()
    code, output = import_blog("--dry-run")
    assert code == 1
    assert snapshot() == before
    assert "dry run: nothing was written" in output
    assert "posts: 5 would be created" in output
    assert "comments: 12 would be imported (1 held for approval)" in output


def test_include_options(authors):
    code, output = import_blog("--include-spam", "--include-trash", "--include-pings", "--include-pages")
    assert code == 1
    assert by_source_id("206").status == "held"  # spam waits for a moderator
    assert by_source_id("207").status == "removed"
    assert by_source_id("208").parent == by_source_id("207")
    assert by_source_id("209").status == "visible"
    assert Post.objects.filter(source=SOURCE, source_id="107").exists()
    assert ReviewItem.objects.filter(reasons=["imported"]).count() == 2
    assert check_trees().problems == {}


def test_unmapped_author_stops_before_writing(db):
    UserFactory(email="jo@quietharbour.example")
    code, output = run("import_wordpress", BLOG)
    assert code == 2
    assert "blog author 'sam': no site user has the address sam.writes@old-mail.example" in output
    assert "--author LOGIN=EMAIL" in output
    assert Post.objects.count() == 0 and Comment.objects.count() == 0 and Commenter.objects.count() == 0


def test_author_map_by_display_name_and_unknown_user(authors):
    code, output = run("import_wordpress", BLOG, "--author", "sam=Sam on Kindred", "--dry-run")
    assert code == 1 and "posts: 5 would be created" in output
    code, output = run("import_wordpress", BLOG, "--author", "sam=nobody@example.org")
    assert code == 2 and "no site user has the e-mail address or display name 'nobody@example.org'" in output
    assert Post.objects.filter(source=SOURCE).count() == 0


def test_wxr11_latin1_with_a_deep_chain_listed_children_first(db):
    UserFactory(email="helene@exemple.fr")
    code, output = run("import_wordpress", str(DATA / "carnet-wxr11-latin1.xml"))
    assert code == 0, output
    post = Post.objects.get(source="wordpress:carnet.exemple.fr", source_id="55")
    chain = list(Comment.objects.filter(post=post).order_by("lft").select_related("commenter"))
    assert [c.level for c in chain] == list(range(9))
    assert [c.source_id for c in chain] == [str(501 + d) for d in range(9)]
    assert chain[0].body == "Ça va mieux, merci." and chain[0].commenter.display_name == "Zoë"
    assert chain[8].commenter == chain[0].commenter  # same name and address: one commenter
    assert Post.objects.get(source_id="54").title == "Été"
    assert Post.objects.get(source_id="54").slug == "ete"
    assert check_trees().problems == {}


def test_utf8_bom_and_crlf(db):
    UserFactory(email="kit@smallhours.example")
    code, output = run("import_wordpress", str(DATA / "smallhours-bom-crlf.xml"))
    assert code == 0, output
    post = Post.objects.get(source="wordpress:smallhours.example/blog", source_id="9")
    assert post.title == "Sleep, again 🌙" and "“progress”" in post.body
    comment = Comment.objects.get(post=post)
    assert comment.body == "Three nights is a streak ✨\nKeep the lamp trick going."


@pytest.mark.parametrize(
    "name, message",
    [
        ("not-xml.xml", "is not well-formed XML (line 1, column 0"),
        ("truncated.xml", "is not well-formed XML"),
        ("missing.xml", "cannot open"),
    ],
)
def test_unreadable_files_exit_2_and_write_nothing(authors, name, message):
    code, output = run("import_wordpress", str(DATA / name), "--author", "sam=sam@kindred.example")
    assert code == 2
    assert message in output
    assert not Post.objects.filter(source=SOURCE).exists() and not Comment.objects.exists()


def test_entities_and_foreign_xml_are_refused(db, tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">]><rss>&a;</rss>')
    code, output = run("import_wordpress", str(bomb))
    assert code == 2 and "refused for safety" in output
    feed = tmp_path / "feed.xml"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</title></item></channel></rss>')
    code, output = run("import_wordpress", str(feed))
    assert code == 2 and "not a WordPress export" in output
    disqus = tmp_path / "disqus.xml"
    disqus.write_text('<?xml version="1.0"?><disqus xmlns="http://disqus.com"></disqus>')
    code, output = run("import_wordpress", str(disqus))
    assert code == 2 and "its root element is <disqus>" in output


def test_multibyte_encoding_is_transcoded(db):
    UserFactory(email="aki@yukkuri.example")
    code, output = run("import_wordpress", str(DATA / "yukkuri-shiftjis.xml"))
    assert code == 0, output
    post = Post.objects.get(source="wordpress:yukkuri.example", source_id="3")
    assert post.title == "カウンセリング三回目" and "今日は少しだけ話せました。" in post.body
    reply = Comment.objects.select_related("parent", "commenter").get(post=post, source_id="12")
    assert reply.body == "少しずつで大丈夫ですよ。応援しています。" and reply.commenter.display_name == "みどり"
    assert reply.parent.body == "話せてよかったですね。"


def test_unknown_declared_encoding(db, tmp_path):
    odd = tmp_path / "odd.xml"
    odd.write_bytes(b'<?xml version="1.0" encoding="x-martian"?><rss/>')
    code, output = run("import_wordpress", str(odd))
    assert code == 2 and "declares an encoding nobody knows: x-martian" in output


def test_password_protected_post_is_imported_unpublished(db, tmp_path, client):
    UserFactory(email="max@growing.example")
    wxr = tmp_path / "locked.xml"
    wxr.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>'
        "<wp:base_blog_url>https://growing.example</wp:base_blog_url><wp:author><wp:author_id>1</wp:author_id>"
        "<wp:author_login>max</wp:author_login><wp:author_email>max@growing.example</wp:author_email></wp:author>"
        "<item><title>Only for my sister</title><dc:creator>max</dc:creator>"
        "<content:encoded><![CDATA[What the doctor told me on Tuesday.]]></content:encoded>"
        "<wp:post_id>8</wp:post_id><wp:post_date_gmt>2016-05-01 08:00:00</wp:post_date_gmt>"
        "<wp:post_name>for-my-sister</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
        "<wp:post_password><![CDATA[tulip]]></wp:post_password></item>"
        "<item><title>Open to all</title><dc:creator>max</dc:creator><content:encoded>Hello.</content:encoded>"
        "<wp:post_id>9</wp:post_id><wp:post_date_gmt>2016-05-02 08:00:00</wp:post_date_gmt>"
        "<wp:post_name>open</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
        "<wp:post_password><![CDATA[]]></wp:post_password></item></channel></rss>"
    )
    code, output = run("import_wordpress", str(wxr))
    assert code == 0, output
    locked = Post.objects.get(source="wordpress:growing.example", source_id="8")
    assert not locked.published and locked.published_at is None
    assert 'post 8 "Only for my sister": it was password-protected on the old blog; imported unpublished' in output
    assert Post.objects.get(source="wordpress:growing.example", source_id="9").published
    # Readers see neither the post nor an excerpt of it.
    assert client.get(locked.get_absolute_url()).status_code == 404
    assert b"What the doctor told me" not in client.get("/").content


def test_default_author_match_needs_a_confirmed_address(db):
    # Anyone may sign up with the blog author's address; until it is confirmed that proves nothing, so the
    # posts (drafts and private ones included) must not go to that account.
    squatter = UserFactory(email="jo@quietharbour.example", email_verified_at=None)
    UserFactory(email="sam@kindred.example")
    code, output = run("import_wordpress", BLOG, "--author", "sam=sam@kindred.example")
    assert code == 2
    assert "blog author 'jo': the site user with the address jo@quietharbour.example has not confirmed it" in output
    assert Post.objects.count() == 0 and Comment.objects.count() == 0
    # The operator may still name the account on purpose.
    code, output = run(
        "import_wordpress", BLOG, "--author", "sam=sam@kindred.example", "--author", "jo=jo@quietharbour.example"
    )
    assert code == 1, output
    assert Post.objects.get(source=SOURCE, source_id="101").author == squatter


def test_a_post_rolled_back_by_the_database_is_not_counted_as_imported(db, tmp_path):
    UserFactory(email="max@growing.example")
    comment = (
        "<wp:comment><wp:comment_id>{cid}</wp:comment_id><wp:comment_author>Ash</wp:comment_author>"
        "<wp:comment_date_gmt>2016-05-01 09:00:00</wp:comment_date_gmt><wp:comment_content>Hi.</wp:comment_content>"
        "<wp:comment_approved>{approved}</wp:comment_approved></wp:comment>"
    )
    item = (
        "<item><title>{title}</title><dc:creator>max</dc:creator><content:encoded>Hello.</content:encoded>"
        "<wp:post_id>{pid}</wp:post_id><wp:post_date_gmt>2016-05-01 08:00:00</wp:post_date_gmt>"
        "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>{comments}</item>"
    )
    # Post 2's second comment id is digits, but longer than any id the database stores: its insert fails.
    good = item.format(title="Fine", pid=1, comments=comment.format(cid=11, approved=1))
    bad = item.format(
        title="Too long",
        pid=2,
        comments=comment.format(cid=21, approved=0) + comment.format(cid="9" * 250, approved=1),
    )
    wxr = tmp_path / "rollback.xml"
    wxr.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>'
        "<wp:base_blog_url>https://growing.example</wp:base_blog_url><wp:author><wp:author_id>1</wp:author_id>"
        "<wp:author_login>max</wp:author_login><wp:author_email>max@growing.example</wp:author_email></wp:author>"
        + good
        + bad
        + "</channel></rss>"
    )
    code, output = run("import_wordpress", str(wxr))
    assert code == 1
    assert 'post 2 "Too long": skipped, value too long' in output
    assert list(Post.objects.values_list("source_id", flat=True)) == ["1"]
    assert Comment.objects.count() == 1 and Commenter.objects.count() == 1
    assert "posts: 1 created, 0 already here, 1 skipped because of errors" in output
    assert "comments: 1 imported (0 held for approval), 0 already here" in output
    assert "commenters without an account: 1 new" in output


def test_a_source_longer_than_the_field_is_refused_before_anything_is_read(authors):
    code, output = import_blog("--source", "x" * 201)
    assert code == 2
    assert "--source is 201 characters long; it may be at most 200" in output
    assert Post.objects.filter(source__startswith="x").count() == 0 and Comment.objects.count() == 0
    code, output = import_blog("--source", "x" * 200)
    assert code == 1 and "posts: 5 created" in output  # at the limit: imported (the broken post aside)
    assert Post.objects.filter(source="x" * 200).count() == 5
