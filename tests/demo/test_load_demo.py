"""manage.py load_demo: demo accounts, posts and a nested conversation; idempotent; --reset recreates."""

import re
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import User
from comments.integrity import check_trees
from comments.models import Comment, Commenter, Post
from demo import content as demo
from tests.factories import PostFactory, UserFactory, make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug_on(settings):
    # load_demo refuses without DEBUG unless forced (issue 12); the refusal has its own tests below.
    settings.DEBUG = True


MAIN_COMMENTS = 37
WINTER_COMMENTS = 6


def load(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def demo_counts():
    return (
        User.objects.filter(email__endswith="@demo.example").count(),
        Post.objects.filter(slug__in=demo.DEMO_SLUGS).count(),
        Comment.objects.count(),
        Commenter.objects.count(),
    )


def test_load_demo_creates_accounts_posts_and_a_deep_conversation():
    output = load()
    assert "9 users, 2 posts and 43 comments created" in output
    for person in demo.PEOPLE:
        assert person.email in output and person.password in output

    users = {u.email: u for u in User.objects.filter(email__endswith="@demo.example")}
    assert len(users) == len(demo.PEOPLE) == 9
    assert all(
        u.email_verified_at is not None
        and u.check_password(next(p.password for p in demo.PEOPLE if p.email == u.email))
        for u in users.values()
    )
    author, moderator = users["author@demo.example"], users["moderator@demo.example"]
    assert author.has_perm("comments.write_posts") and not author.is_staff
    assert moderator.is_staff and not moderator.is_superuser
    assert moderator.groups.filter(name="moderators").exists()
    assert moderator.has_perm("comments.change_comment") and not moderator.has_perm("comments.write_posts")
    readers = [u for u in users.values() if u not in (author, moderator)]
    assert len(readers) >= 5 and len({u.display_name for u in readers}) == len(readers)
    assert not any(u.has_perm("comments.write_posts") or u.is_staff for u in readers)

    main = Post.objects.get(slug=demo.THERAPIST_POST.slug)
    winter = Post.objects.get(slug=demo.WINTER_POST.slug)
    for post in (main, winter):
        assert post.author == author and post.published and post.comments_open
        assert post.published_at < timezone.now()
    assert main.published_at > winter.published_at  # the main post leads the list
    assert len(main.body.split("\n\n")) >= 5

    comments = Comment.objects.filter(post=main)
    assert comments.count() == MAIN_COMMENTS and 25 <= MAIN_COMMENTS <= 40
    assert Comment.objects.filter(post=winter).count() == WINTER_COMMENTS
    roots = comments.filter(parent__isnull=True)
    assert roots.count() >= 5
    assert max(comments.values_list("level", flat=True)) >= 3  # four levels: 0..3 and beyond
    assert sum(1 for root in roots if root.get_descendants().filter(level__gte=3).exists()) >= 3
    for root in roots:  # the author answers every thread
        if root.commenter.user != author:
            assert root.get_descendants().filter(commenter__user=author).exists()
    assert comments.values("commenter").distinct().count() >= 7
    # Checked as history while loading: visible, or held for a moderator (the demo's one false flag).
    assert set(comments.values_list("status", flat=True)) <= {Comment.Status.VISIBLE, Comment.Status.HELD}

    for comment in comments.select_related("parent"):
        assert comment.created <= timezone.now()
        assert comment.created > main.published_at
        if comment.parent is not None:
            assert comment.created > comment.parent.created
    span = max(c.created for c in comments) - min(c.created for c in comments)
    assert span.days >= 2  # spread over a few days

    assert not check_trees().problems
    check = StringIO()
    call_command("check_trees", stdout=check)
    assert check.getvalue().startswith(f"ok: {MAIN_COMMENTS + WINTER_COMMENTS} comments")


def test_demo_text_is_plain_paragraphs_without_crisis_wording():
    load()
    texts = [demo.THERAPIST_POST.body, demo.WINTER_POST.body, *Comment.objects.values_list("body", flat=True)]
    crisis_words = re.compile(
        r"\b(suicid\w*|kill\w*|self[- ]harm\w*|overdos\w*|die|dying|hopeless|end it|worthless)\b",
        re.IGNORECASE,
    )
    for text in texts:
        assert text == text.strip() and "\n\n\n" not in text
        assert all("\n" not in paragraph for paragraph in text.split("\n\n"))  # no hard-wrapped lines
        assert not crisis_words.search(text), text
        assert len(text) <= 10_000


def test_running_twice_creates_nothing_new():
    load()
    before = demo_counts()
    pks = set(Comment.objects.values_list("pk", flat=True))
    output = load()
    # Issue 14: a re-run says the demo is there, not "0 users, 0 posts and 0 comments created".
    assert output.startswith("demo already loaded") and "0 users" not in output
    assert demo_counts() == before
    assert set(Comment.objects.values_list("pk", flat=True)) == pks
    assert Group.objects.filter(name="moderators").count() == 1
    assert not check_trees().problems


def test_a_rerun_restores_what_the_demo_needs_but_keeps_a_changed_password():
    load()
    author = User.objects.get(email="author@demo.example")
    author.set_password("my-own-password")
    author.email_verified_at = None
    author.save()
    load()
    author.refresh_from_db()
    assert author.email_verified_at is not None and author.check_password("my-own-password")
    load("--reset")
    author = User.objects.get(email="author@demo.example")
    assert author.check_password(demo.AUTHOR_PASSWORD)


def test_reset_deletes_and_recreates_the_demo_and_leaves_other_data_alone():
    other_post = PostFactory(title="Somebody else's post")
    other_root = make_comment(post=other_post)
    load()
    # A demo reader replies on the other post; a site visitor replies in the demo conversation.
    priya = User.objects.get(email="priya@demo.example")
    make_comment(post=other_post, user=priya, parent=other_root)
    main = Post.objects.get(slug=demo.THERAPIST_POST.slug)
    make_comment(post=main, user=UserFactory(), parent=main.comments.filter(parent__isnull=True).first())
    old_post_pks = set(Post.objects.filter(slug__in=demo.DEMO_SLUGS).values_list("pk", flat=True))
    old_user_pks = set(User.objects.filter(email__endswith="@demo.example").values_list("pk", flat=True))

    output = load("--reset")
    assert "reloaded: 9 users, 2 posts and 43 comments created" in output
    new_posts = Post.objects.filter(slug__in=demo.DEMO_SLUGS)
    assert new_posts.count() == 2 and not (set(new_posts.values_list("pk", flat=True)) & old_post_pks)
    assert not (set(User.objects.filter(email__endswith="@demo.example").values_list("pk", flat=True)) & old_user_pks)
    assert Comment.objects.filter(post__in=new_posts).count() == MAIN_COMMENTS + WINTER_COMMENTS
    # Everything outside the demo is still there; the old demo reader's reply stays, its author detached.
    assert Post.objects.filter(pk=other_post.pk).exists()
    assert other_post.comments.count() == 2
    assert not check_trees().problems


def test_reset_keeps_a_demo_account_that_owns_other_posts():
    load()
    author = User.objects.get(email="author@demo.example")
    PostFactory(author=author, slug="written-on-the-site")
    load("--reset")
    assert User.objects.filter(pk=author.pk).exists()
    assert Post.objects.filter(slug="written-on-the-site").exists()
    assert Post.objects.filter(slug__in=demo.DEMO_SLUGS, author=author).count() == 2
    assert not check_trees().problems


def test_a_post_in_the_way_stops_the_load_and_changes_nothing():
    PostFactory(slug=demo.THERAPIST_POST.slug)
    with pytest.raises(CommandError, match="demo not loaded"):
        load()
    assert not User.objects.filter(email__endswith="@demo.example").exists()
    assert Post.objects.count() == 1 and not Comment.objects.exists()


def test_demo_accounts_can_log_in(client):
    load()
    assert client.login(email="jonah@demo.example", password=demo.READER_PASSWORD)
    assert client.login(email="author@demo.example", password=demo.AUTHOR_PASSWORD)
    assert client.get("/write/").status_code == 200


def test_load_demo_refuses_without_debug_and_says_why(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off.*--force"):
        load()
    assert demo_counts()[:2] == (0, 0)


def test_load_demo_with_force_loads_without_debug(settings):
    settings.DEBUG = False
    err = StringIO()
    call_command("load_demo", "--force", stdout=StringIO(), stderr=err)
    assert "DEBUG is off" in err.getvalue()
    assert User.objects.filter(email="moderator@demo.example").exists()
