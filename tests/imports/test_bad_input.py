"""Importers and bad input: over-long and invisible comments (issue 12)."""

import pytest

from comments.models import Comment
from imports.text import SHORTENED_MARK, comment_shorten
from tests.factories import PostFactory, UserFactory

from .test_wordpress import run

pytestmark = pytest.mark.django_db

LONG = ("word " * 10_000).strip()  # 49,999 characters, like the export the issue found


def _wxr(comments: list[tuple[str, str]]) -> str:
    items = "".join(
        f"""<wp:comment><wp:comment_id>{cid}</wp:comment_id>
<wp:comment_author><![CDATA[Guest {cid}]]></wp:comment_author>
<wp:comment_author_email>g{cid}@example.org</wp:comment_author_email>
<wp:comment_date_gmt>2015-02-01 21:00:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[{body}]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id>
</wp:comment>"""
        for cid, body in comments
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Long</title><link>https://long.example</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_blog_url>https://long.example</wp:base_blog_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>ren</wp:author_login><wp:author_email>ren@long.example</wp:author_email><wp:author_display_name>Ren</wp:author_display_name></wp:author>
<item><title>A post</title><link>https://long.example/a-post/</link><dc:creator>ren</dc:creator>
<content:encoded><![CDATA[<p>A post.</p>]]></content:encoded><wp:post_id>1</wp:post_id>
<wp:post_date_gmt>2015-02-01 20:00:00</wp:post_date_gmt><wp:comment_status>open</wp:comment_status>
<wp:post_name>a-post</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
{items}</item></channel></rss>"""


def _disqus(body: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<thread dsq:id="1"><id>t1</id><forum>f</forum><link>https://long.example/a-post/</link><title>A post</title>
<createdAt>2015-01-10T10:00:00Z</createdAt><isClosed>false</isClosed><isDeleted>false</isDeleted></thread>
<post dsq:id="9001"><id /><message><![CDATA[<p>{body}</p>]]></message><createdAt>2015-01-11T10:00:00Z</createdAt>
<isDeleted>false</isDeleted><isSpam>false</isSpam>
<author><email>w@example.org</email><name>Wren</name><isAnonymous>false</isAnonymous></author>
<thread dsq:id="1" /></post>
<post dsq:id="9002"><id /><message><![CDATA[<p>\u200b\u200b\ufeff</p>]]></message>
<createdAt>2015-01-11T11:00:00Z</createdAt>
<isDeleted>false</isDeleted><isSpam>false</isSpam>
<author><email>z@example.org</email><name>Zed</name><isAnonymous>false</isAnonymous></author>
<thread dsq:id="1" /></post>
</disqus>"""


def test_comment_shorten_keeps_short_text_and_cuts_long_text_at_a_word(settings):
    assert comment_shorten("short") == "short"
    cut = comment_shorten(LONG)
    assert len(cut) <= settings.COMMENT_MAX_LENGTH and cut.endswith(SHORTENED_MARK)
    assert cut.removesuffix(SHORTENED_MARK).endswith("word")


def test_import_wordpress_applies_the_comment_length_limit(tmp_path, settings):
    UserFactory(email="ren@long.example")
    export = tmp_path / "long.xml"
    export.write_text(_wxr([("1", LONG), ("2", "A short one."), ("3", "\u200b\u200d\u2060")]), encoding="utf-8")
    code, output = run("import_wordpress", str(export))
    assert code == 0, output
    long = Comment.objects.get(source_id="1")
    assert len(long.body) <= settings.COMMENT_MAX_LENGTH and long.body.endswith(SHORTENED_MARK)
    assert "comment 1: 49,999 characters, shortened to the site's limit of 10,000" in output
    assert Comment.objects.get(source_id="2").body == "A short one."
    # Only invisible characters: nothing anybody could read, so not imported.
    assert not Comment.objects.filter(source_id="3").exists()
    # A re-run changes nothing and adds nothing.
    code, output = run("import_wordpress", str(export))
    assert code == 0 and Comment.objects.filter(source_id="1").count() == 1
    assert Comment.objects.get(source_id="1").body == long.body


def test_import_disqus_applies_the_comment_length_limit(tmp_path, settings):
    post = PostFactory(slug="a-post")
    export = tmp_path / "long-disqus.xml"
    export.write_text(_disqus(LONG), encoding="utf-8")
    mapping = tmp_path / "map.txt"
    mapping.write_text("t1 a-post\n")
    code, output = run("import_disqus", str(export), "--map", str(mapping))
    assert code == 0, output
    comment = Comment.objects.get(source_id="9001")
    assert comment.post == post
    assert len(comment.body) <= settings.COMMENT_MAX_LENGTH and comment.body.endswith(SHORTENED_MARK)
    assert "comment 9001:" in output and "shortened" in output
    assert not Comment.objects.filter(source_id="9002").exists()


def test_the_page_never_shows_more_than_the_limit(tmp_path, client, settings):
    UserFactory(email="ren@long.example")
    export = tmp_path / "long.xml"
    export.write_text(_wxr([("1", LONG)]), encoding="utf-8")
    assert run("import_wordpress", str(export))[0] == 0
    comment = Comment.objects.get(source_id="1")
    response = client.get(comment.post.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="c{comment.pk}"' in page and SHORTENED_MARK.strip() in page
    assert page.count("word") <= settings.COMMENT_MAX_LENGTH // 5 + 10
