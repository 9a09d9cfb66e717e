"""Reads for the reader pages: who sees what, tombstones, pages of threads, the comment budget, permalinks."""

import random
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser

from comments import presentation, selectors
from comments.models import Comment
from comments.services import comment_create, comment_delete
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Comment.Status


def add(*, post, user, parent=None, status=Status.VISIBLE, body="I hear you."):
    comment = comment_create(user=user, post=post, parent_id=parent.pk if parent else None, body=body)
    if comment.status != status:  # not a tree field: set it the way moderation would
        Comment.objects.filter(pk=comment.pk).update(status=status)
        comment.status = status
    return comment


def set_status(comment, status):
    Comment.objects.filter(pk=comment.pk).update(status=status)
    comment.status = status


@pytest.fixture
def people():
    return {
        "anonymous": AnonymousUser(),
        "author": UserFactory(display_name="Author"),
        "other": UserFactory(display_name="Other"),
        "staff": UserFactory(display_name="Staff", is_staff=True),
    }


# --- thread_cap and ranks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sizes, budget, cap",
    [
        ([], 300, 0),
        ([3, 4, 5], 300, 5),  # everything fits: no cut
        ([1000], 300, 300),
        ([1000, 1000], 300, 150),
        ([1000] + [3] * 49, 300, 153),
        ([9] * 50, 300, 6),
        ([1] * 50, 300, 1),
        ([2] * 400, 300, 1),  # every thread keeps its first comment even past the budget
        ([10, 1, 1, 100], 50, 38),
    ],
)
def test_thread_cap_shares_the_budget(sizes, budget, cap):
    assert selectors.thread_cap(sizes, budget) == cap
    if sizes and sum(sizes) > budget and cap > 1:
        assert sum(min(size, cap) for size in sizes) <= budget
        assert sum(min(size, cap + 1) for size in sizes) > budget


def test_preorder_rank_from_tree_fields_matches_lft_order():
    post, user = PostFactory(), UserFactory()
    rng = random.Random(4)
    nodes = [add(post=post, user=user)]
    for _ in range(60):
        nodes.append(add(post=post, user=user, parent=rng.choice(nodes)))
    ordered = list(Comment.objects.filter(tree_id=nodes[0].tree_id).order_by("lft"))
    assert [selectors._preorder_rank(node) for node in ordered] == list(range(len(ordered)))


# --- visibility -------------------------------------------------------------------------------------------

# Which statuses each viewer may read, when the comment is by "author".
READABLE = {
    "anonymous": {Status.VISIBLE},
    "other": {Status.VISIBLE},
    "author": {Status.VISIBLE, Status.PENDING, Status.HELD},
    "staff": {Status.VISIBLE, Status.PENDING, Status.HELD},
}


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("who", list(READABLE))
def test_comment_visibility_matrix(people, who, status):
    post = PostFactory()
    comment = add(post=post, user=people["author"], status=status)
    viewer = people[who]
    expected = status in READABLE[who]
    assert selectors.comment_visible_to(comment=comment, viewer=viewer) is expected
    assert (selectors.comment_for_viewer(comment_id=comment.pk, viewer=viewer) is not None) is expected
    # The SQL twin agrees with the Python check.
    shown = Comment.objects.filter(pk=comment.pk).filter(selectors._shown_q(viewer)).exists()
    assert shown is expected
    page = selectors.post_page(post=post, viewer=viewer, page=1)
    assert [row.comment.pk for row in page.rows] == ([comment.pk] if expected else [])


def test_drafts_are_visible_only_to_their_author_and_staff(people):
    draft = PostFactory(author=people["author"], published=False)
    assert selectors.post_visible_to(post=draft, viewer=people["author"])
    assert selectors.post_visible_to(post=draft, viewer=people["staff"])
    assert not selectors.post_visible_to(post=draft, viewer=people["other"])
    assert not selectors.post_visible_to(post=draft, viewer=people["anonymous"])


def test_comments_on_a_draft_are_hidden_from_others(people):
    post = PostFactory(author=people["author"])
    comment = add(post=post, user=people["other"])
    post.published = False
    post.save()
    assert selectors.comment_for_viewer(comment_id=comment.pk, viewer=people["other"]) is None
    assert selectors.comment_for_viewer(comment_id=comment.pk, viewer=people["author"]) is not None


def _states(page):
    return {row.comment.pk: "shown" if row.shown else "tombstone" for row in page.rows}


def test_hidden_comments_become_tombstones_only_while_they_have_shown_replies(people):
    post = PostFactory()
    author, other = people["author"], people["other"]
    root = add(post=post, user=other)
    deleted = add(post=post, user=author, parent=root)
    kept_reply = add(post=post, user=other, parent=deleted)
    lonely = add(post=post, user=author, parent=root)
    removed = add(post=post, user=author, parent=root)
    hidden_reply = add(post=post, user=other, parent=removed)
    comment_delete(comment=deleted, user=author)
    comment_delete(comment=lonely, user=author)
    set_status(removed, Status.REMOVED)
    set_status(hidden_reply, Status.HELD)  # the removed comment's only reply is hidden too

    states = _states(selectors.post_page(post=post, viewer=people["anonymous"], page=1))
    assert states == {root.pk: "shown", deleted.pk: "tombstone", kept_reply.pk: "shown"}
    # The author of the held reply sees it, so the removed comment stays as a tombstone for them.
    states = _states(selectors.post_page(post=post, viewer=other, page=1))
    assert states[removed.pk] == "tombstone" and states[hidden_reply.pk] == "shown"
    assert lonely.pk not in states


def test_a_chain_of_hidden_comments_keeps_a_deep_reply_in_place(people):
    post = PostFactory()
    author, other = people["author"], people["other"]
    root = add(post=post, user=author)
    middle = add(post=post, user=author, parent=root)
    reply = add(post=post, user=other, parent=middle)
    comment_delete(comment=root, user=author)
    comment_delete(comment=middle, user=author)
    page = selectors.post_page(post=post, viewer=people["anonymous"], page=1)
    assert _states(page) == {root.pk: "tombstone", middle.pk: "tombstone", reply.pk: "shown"}
    assert page.thread_count == 1
    assert page.rows[2].parent_shown is False and page.rows[2].parent_name == ""


def test_a_thread_with_nothing_to_show_takes_no_place(people):
    post = PostFactory()
    gone = add(post=post, user=people["author"])
    comment_delete(comment=gone, user=people["author"])
    held = add(post=post, user=people["author"], status=Status.HELD)
    page = selectors.post_page(post=post, viewer=people["other"], page=1)
    assert page.thread_count == 0 and page.rows == []
    assert selectors.thread_root_for(comment_id=gone.pk, viewer=people["other"]) is None
    assert selectors.thread_root_for(comment_id=held.pk, viewer=people["author"]) is not None


# --- pages, the budget and locations ----------------------------------------------------------------------


@pytest.fixture
def small_pages(settings):
    settings.COMMENTS_PAGE_THREADS = 3
    settings.COMMENTS_PAGE_COMMENTS = 8
    settings.COMMENTS_DISPLAY_DEPTH = 3
    return settings


def _conversation(post, users, *, threads=7, seed=1):
    rng = random.Random(seed)
    made = []
    for t in range(threads):
        root = add(post=post, user=users[t % len(users)])
        nodes = [root]
        for _ in range(rng.choice([0, 1, 3, 12])):
            nodes.append(add(post=post, user=rng.choice(users), parent=rng.choice(nodes)))
        made.extend(nodes)
    return made


def test_threads_are_paginated_in_tree_order_and_share_the_comment_budget(small_pages, people):
    post = PostFactory()
    users = [people["author"], people["other"], UserFactory()]
    comments = _conversation(post, users)
    roots = [c for c in comments if c.parent_id is None]
    viewer = people["anonymous"]

    first = selectors.post_page(post=post, viewer=viewer, page=1)
    assert (first.number, first.num_pages, first.thread_count) == (1, 3, 7)
    assert first.comment_count == len(comments)
    page_roots = [row.comment.pk for row in first.rows if row.comment.parent_id is None]
    assert page_roots == [root.pk for root in roots[:3]]
    assert len(first.rows) <= 8 + 2  # about the budget (each thread keeps at least its first comment)
    assert selectors.post_page(post=post, viewer=viewer, page=4) is None
    assert selectors.post_page(post=post, viewer=viewer, page=0) is None

    for number in (1, 2, 3):
        page = selectors.post_page(post=post, viewer=viewer, page=number)
        shown_per_tree: dict[int, int] = {}
        for row in page.rows:
            shown_per_tree[row.comment.tree_id] = shown_per_tree.get(row.comment.tree_id, 0) + 1
        for tree_id, count in shown_per_tree.items():
            size = Comment.objects.filter(tree_id=tree_id).count()
            more = page.more.get(tree_id)
            assert (more is not None) is (count < size)
            if more:
                assert more.count == size - count
                assert more.url.startswith(f"/c/{Comment.objects.get(tree_id=tree_id, level=0).pk}/thread/?page=")


@pytest.mark.parametrize("who", ["anonymous", "author", "other", "staff"])
def test_more_replies_counts_what_the_viewer_may_read_past_the_cap(small_pages, people, who):
    """The "n more replies" line counts, for each viewer, the comments after the cut that they may read: held and
    pending ones only for their writer and staff, removed and deleted ones for nobody."""
    small_pages.COMMENTS_PAGE_COMMENTS = 4
    post = PostFactory()
    author, other = people["author"], people["other"]
    root = add(post=post, user=author)
    for _ in range(5):
        add(post=post, user=other, parent=root)
    after = [
        add(post=post, user=author, parent=root, status=Status.HELD),
        add(post=post, user=author, parent=root, status=Status.PENDING),
        add(post=post, user=other, parent=root, status=Status.REMOVED),
        add(post=post, user=other, parent=root),
    ]
    comment_delete(comment=add(post=post, user=other, parent=root), user=other)
    viewer = people[who]
    page = selectors.post_page(post=post, viewer=viewer, page=1)
    kept = {row.comment.pk for row in page.rows}
    assert len(kept) == 4 and all(comment.pk not in kept for comment in after)
    readable = sum(
        selectors.comment_visible_to(
            comment=Comment.objects.select_related("commenter").get(pk=comment.pk), viewer=viewer
        )
        for comment in Comment.objects.filter(tree_id=root.tree_id).exclude(pk__in=kept)
    )
    assert readable == {"anonymous": 3, "author": 5, "other": 3, "staff": 5}[who]
    assert page.more[root.tree_id].count == readable


@pytest.mark.parametrize("who", ["anonymous", "author", "other", "staff"])
def test_a_thread_links_back_to_the_post_page_it_starts_on_for_its_viewer(small_pages, people, who):
    """thread_root_for counts the threads before the root in its own statement; the link matches a count of the
    threads that viewer sees (hidden ones move later threads to earlier pages for some viewers only)."""
    post = PostFactory()
    author, other = people["author"], people["other"]
    roots = [add(post=post, user=author, status=Status.HELD) for _ in range(2)]
    roots += [add(post=post, user=other, status=Status.REMOVED) for _ in range(2)]
    roots += [add(post=post, user=other) for _ in range(5)]
    viewer = people[who]
    for root in roots[4:]:
        opened = selectors.thread_root_for(comment_id=root.pk, viewer=viewer)
        plain = Comment.objects.select_related("post", "commenter").get(pk=root.pk)  # no threads_before
        assert selectors.thread_post_page_url(root=opened, viewer=viewer) == selectors.thread_post_page_url(
            root=plain, viewer=viewer
        )
    last = selectors.thread_root_for(comment_id=roots[-1].pk, viewer=viewer)
    page = {"anonymous": 2, "author": 3, "other": 2, "staff": 3}[who]  # 3 threads a page; held ones for 2 viewers
    expected = f"{post.get_absolute_url()}?page={page}#c{last.pk}"
    assert selectors.thread_post_page_url(root=last, viewer=viewer) == expected


def _page_for(url, viewer):
    parts = urlsplit(url)
    number = int(parse_qs(parts.query).get("page", ["1"])[0])
    match = re.fullmatch(r"/c/(\d+)/thread/", parts.path)
    if match:
        root = selectors.thread_root_for(comment_id=int(match.group(1)), viewer=viewer)
        return selectors.thread_page(root=root, viewer=viewer, page=number), parts.fragment
    return selectors.post_page(
        post=PostFactory._meta.model.objects.get(slug=parts.path.split("/")[2]), viewer=viewer, page=number
    ), parts.fragment


@pytest.mark.parametrize("who", ["anonymous", "author", "staff"])
def test_every_comment_location_points_at_a_page_that_shows_it(small_pages, people, who):
    post = PostFactory()
    users = [people["author"], people["other"]]
    comments = _conversation(post, users, seed=7)
    for comment in comments[::4]:
        set_status(comment, Status.HELD)
    viewer = people[who]
    for comment in Comment.objects.filter(post=post).select_related("post", "commenter"):
        if not selectors.comment_visible_to(comment=comment, viewer=viewer):
            continue
        url = selectors.comment_location(comment=comment, viewer=viewer)
        page, fragment = _page_for(url, viewer)
        assert fragment == f"c{comment.pk}"
        assert comment.pk in [row.comment.pk for row in page.rows if row.shown], url


def test_thread_pages_walk_a_long_thread_in_lft_order(small_pages, people):
    post = PostFactory()
    user = people["other"]
    root = add(post=post, user=user)
    parent = root
    for _ in range(19):
        parent = add(post=post, user=user, parent=parent)
    root.refresh_from_db()
    pages = [selectors.thread_page(root=root, viewer=people["anonymous"], page=n) for n in (1, 2, 3)]
    assert [p.num_pages for p in pages] == [3, 3, 3]
    assert [len(p.rows) for p in pages] == [8, 8, 4]
    ids = [row.comment.pk for p in pages for row in p.rows]
    assert ids == list(Comment.objects.filter(tree_id=root.tree_id).order_by("lft").values_list("pk", flat=True))
    # A continuation page names whom its first comment answers.
    assert pages[1].rows[0].parent_shown and pages[1].rows[0].parent_name == user.display_name
    assert selectors.thread_page(root=root, viewer=people["anonymous"], page=4) is None


def test_post_list_counts_only_visible_comments_newest_first(people):
    older = PostFactory(title="Older")
    newer = PostFactory(title="Newer")
    PostFactory(title="Draft", published=False, published_at=None)
    add(post=older, user=people["other"])
    add(post=older, user=people["other"], status=Status.HELD)
    deleted = add(post=older, user=people["other"])
    comment_delete(comment=deleted, user=people["other"])
    listed = list(selectors.post_list())
    assert [p.title for p in listed] == ["Newer", "Older"]
    assert {p.title: p.comment_count for p in listed} == {"Newer": 0, "Older": 1}
    assert newer in listed


# --- layout -----------------------------------------------------------------------------------------------


class _Nesting(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.max_ol = 0
        self.depth_of: dict[str, int] = {}

    def handle_starttag(self, tag, attrs):
        if tag in ("ol", "li"):
            self.stack.append(tag)
            self.max_ol = max(self.max_ol, self.stack.count("ol"))
        if tag == "article":
            self.depth_of[dict(attrs)["id"]] = self.stack.count("ol")

    def handle_endtag(self, tag):
        if tag in ("ol", "li"):
            assert self.stack and self.stack.pop() == tag, f"unbalanced </{tag}>"


def render_layout(entries, closing) -> str:
    parts = ["<ol>"]
    for entry in entries:
        parts.append(str(entry.before))
        if entry.kind == "more":
            parts.append("<p>more</p>")
        else:
            parts.append(f'<article id="c{entry.comment.pk}"></article>')
    parts.append(str(closing) + "</ol>")
    return "".join(parts)


def check_layout(entries, closing, max_depth):
    parser = _Nesting()
    parser.feed(render_layout(entries, closing))
    assert parser.stack == []
    assert parser.max_ol <= max_depth
    return parser.depth_of


def test_layout_nests_then_flattens_past_the_display_depth(settings, people):
    settings.COMMENTS_DISPLAY_DEPTH = 4
    post = PostFactory()
    user = people["other"]
    root = add(post=post, user=user)
    chain = [root]
    for _ in range(9):
        chain.append(add(post=post, user=user, parent=chain[-1]))
    sibling = add(post=post, user=user, parent=root)
    second_thread = add(post=post, user=user)
    page = selectors.post_page(post=post, viewer=people["anonymous"], page=1)
    entries, closing = presentation.conversation_entries(
        rows=page.rows, viewer=people["anonymous"], post=post, may_comment=False
    )
    depths = check_layout(entries, closing, 4)
    assert [depths[f"c{c.pk}"] for c in chain] == [1, 2, 3, 4, 4, 4, 4, 4, 4, 4]
    assert depths[f"c{sibling.pk}"] == 2 and depths[f"c{second_thread.pk}"] == 1
    by_pk = {entry.comment.pk: entry for entry in entries}
    assert [by_pk[c.pk].replying_to for c in chain] == [False] * 4 + [True] * 6
    assert not by_pk[sibling.pk].replying_to


def test_layout_of_a_continuation_page_starts_at_the_top(small_pages, people):
    post = PostFactory()
    user = people["other"]
    root = add(post=post, user=user)
    branch = root
    for _ in range(10):
        branch = add(post=post, user=user, parent=branch)
    late = add(post=post, user=user, parent=root)
    root.refresh_from_db()
    page = selectors.thread_page(root=root, viewer=people["anonymous"], page=2)
    entries, closing = presentation.conversation_entries(
        rows=page.rows, viewer=people["anonymous"], post=post, may_comment=False
    )
    depths = check_layout(entries, closing, 3)
    first, last = entries[0], entries[-1]
    assert depths[f"c{first.comment.pk}"] == 1 and first.replying_to
    assert last.comment.pk == late.pk and depths[f"c{late.pk}"] == 1 and last.replying_to


def test_layout_puts_more_links_inside_their_thread(small_pages, people):
    post = PostFactory()
    user = people["other"]
    for _ in range(2):
        root = add(post=post, user=user)
        parent = root
        for _ in range(6):
            parent = add(post=post, user=user, parent=parent)
    page = selectors.post_page(post=post, viewer=people["anonymous"], page=1)
    assert len(page.more) == 2
    entries, closing = presentation.conversation_entries(
        rows=page.rows, viewer=people["anonymous"], post=post, may_comment=False, more=page.more
    )
    assert [entry.kind for entry in entries].count("more") == 2
    check_layout(entries, closing, 3)


@pytest.mark.parametrize("sort", list(selectors.THREAD_SORTS))
@pytest.mark.parametrize("who", ["anonymous", "author", "staff"])
def test_post_page_counts_visible_comments_from_thread_sizes_whoever_reads(people, who, sort):
    """The page counts what everyone may read from the threads' lft/rght less the comments not visible: the same
    number as counting the visible rows, with comments in every status, a thread nobody sees and a deleted root."""
    post, other = PostFactory(), PostFactory()
    author, reader = people["author"], people["other"]
    kept = add(post=post, user=author)
    add(post=post, user=reader, parent=kept)
    add(post=post, user=author, parent=kept, status=Status.HELD)
    add(post=post, user=reader, parent=kept, status=Status.REMOVED)
    gone = add(post=post, user=reader)
    add(post=post, user=author, parent=gone)
    set_status(gone, Status.DELETED)  # a tombstone over a visible reply
    hidden = add(post=post, user=author)
    add(post=post, user=author, parent=hidden, status=Status.HELD)
    set_status(hidden, Status.PENDING)  # nothing in this thread anyone else may read
    add(post=other, user=reader)  # another post's comments count for it alone

    page = selectors.post_page(post=post, viewer=people[who], page=1, sort=sort)

    assert page.comment_count == post.comments.filter(status=Status.VISIBLE).count() == 3
    assert page.thread_count == (2 if who == "anonymous" else 3)
    assert selectors.post_page(post=PostFactory(), viewer=people[who], page=1, sort=sort).comment_count == 0
