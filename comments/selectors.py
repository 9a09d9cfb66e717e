"""Reads for the reader-facing pages: which comments a viewer may see, and how they split into pages."""

from dataclasses import dataclass, field
from math import ceil

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Case, Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value, When, Window
from django.db.models.base import ModelState
from django.db.models.functions import Coalesce
from django.urls import reverse

from core.queries import AnyOf, compiled_rows

from .models import Comment, Commenter, Post

Status = Comment.Status
# Statuses that only a comment's own author and staff may read.
_UNDER_REVIEW = (Status.PENDING, Status.HELD)


# --- Who may see what -------------------------------------------------------------------------------------


def post_visible_to(*, post: Post, viewer) -> bool:
    """Published posts are public; drafts only reach their author and staff."""
    if post.published:
        return True
    return bool(viewer.is_authenticated and (viewer.is_staff or post.author_id == viewer.pk))


def _readable(*, status: str, author_user_id: int | None, viewer) -> bool:
    if status == Status.VISIBLE:
        return True
    if status not in _UNDER_REVIEW or not viewer.is_authenticated:
        return False
    return viewer.is_staff or author_user_id == viewer.pk


def comment_visible_to(*, comment: Comment, viewer) -> bool:
    """Whether the viewer may read this comment itself (tombstones do not count). Needs comment.commenter."""
    return _readable(status=comment.status, author_user_id=comment.commenter.user_id, viewer=viewer)


def _shown_q(viewer, prefix: str = "") -> Q:
    """The SQL twin of comment_visible_to (keep the two in step)."""
    shown = Q(**{f"{prefix}status": Status.VISIBLE})
    if viewer.is_authenticated:
        under_review = Q(**{f"{prefix}status__in": _UNDER_REVIEW})
        if not viewer.is_staff:
            under_review &= Q(**{f"{prefix}commenter__user_id": viewer.pk})
        shown |= under_review
    return shown


def _has_shown_reply(viewer) -> Exists:
    """Whether a row has a descendant the viewer may read: hidden comments with one become tombstones."""
    descendants = Comment.objects.filter(tree_id=OuterRef("tree_id"), lft__gt=OuterRef("lft"), lft__lt=OuterRef("rght"))
    return Exists(descendants.filter(_shown_q(viewer)))


def _readable_from(viewer) -> Subquery:
    """How many comments the viewer may read in a row's thread from that row on (lft order, the row included)."""
    readable = Comment.objects.filter(_shown_q(viewer), tree_id=OuterRef("tree_id"), lft__gte=OuterRef("lft"))
    return Subquery(readable.order_by().values("tree_id").annotate(count=Count("pk")).values("count")[:1])


# How the threads of a post page can be ordered (issue 15): the query parameter `sort` takes these keys.
THREAD_SORTS = {"oldest": "Oldest first", "newest": "Newest first", "activity": "Recent activity"}
DEFAULT_SORT = "oldest"


def _latest_shown_in_thread(viewer) -> Subquery:
    """When the newest comment the viewer may read in a row's thread was written (the thread's last activity)."""
    shown = Comment.objects.filter(_shown_q(viewer), tree_id=OuterRef("tree_id"))
    return Subquery(shown.order_by().values("tree_id").annotate(latest=Max("created")).values("latest")[:1])


def _thread_roots(*, post: Post | int, viewer, sort: str = DEFAULT_SORT) -> QuerySet:
    """Top-level comments in thread order, leaving out threads the viewer would see nothing of.

    Threads are in the order they were started (tree ids grow), newest first, or by their latest comment the
    viewer may read ("activity"); always one query, whatever the order.
    """
    roots = Comment.objects.filter(post=post, parent__isnull=True).filter(_shown_q(viewer) | _has_shown_reply(viewer))
    if sort == "newest":
        return roots.order_by("-tree_id")
    if sort == "activity":
        return roots.annotate(last_activity=_latest_shown_in_thread(viewer)).order_by(
            F("last_activity").desc(nulls_last=True), "-tree_id"
        )
    return roots.order_by("tree_id")


# --- Rows and pages ---------------------------------------------------------------------------------------


@dataclass
class CommentRow:
    """One comment as a viewer sees it: readable (`shown`) or a tombstone that keeps its replies in place."""

    comment: Comment
    shown: bool
    parent_shown: bool  # False when the parent is a tombstone (or there is no parent)
    parent_name: str  # the parent's display name, only when parent_shown


@dataclass
class ThreadMore:
    """Where a thread cut short on the post page goes on: `count` further comments the viewer may read."""

    tree_id: int
    count: int
    url: str


@dataclass
class PostPage:
    post: Post
    number: int
    num_pages: int
    thread_count: int
    comment_count: int
    rows: list[CommentRow]
    more: dict[int, ThreadMore] = field(default_factory=dict)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages


@dataclass
class ThreadPage:
    post: Post
    root: Comment
    number: int
    num_pages: int
    rows: list[CommentRow]

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages


def _thread_size(lft: int, rght: int) -> int:
    """A root's lft/rght span its whole tree: 2 numbers per comment."""
    return (rght - lft + 1) // 2


def _preorder_rank(comment: Comment) -> int:
    """How many comments of its tree come before this one in lft order, from its own tree fields alone.

    Before a node's lft come one opening number per earlier node and one closing number per earlier node that
    is not an ancestor: lft = 1 + k + (k - level).
    """
    return (comment.lft + comment.level - 1) // 2


def thread_cap(sizes: list[int], budget: int) -> int:
    """The largest per-thread cap c with sum(min(size, c)) <= budget, so long threads share the page fairly.

    Every thread keeps at least its first comment, even if that overshoots a tiny budget.
    """
    if not sizes:
        return 0
    if sum(sizes) <= budget:
        return max(sizes)
    low, high = 1, max(sizes)
    while low < high:
        mid = (low + high + 1) // 2
        if sum(min(size, mid) for size in sizes) <= budget:
            low = mid
        else:
            high = mid - 1
    return low


def _rows_queryset(viewer) -> QuerySet:
    return Comment.objects.annotate(
        # Only hidden rows need to know; readable rows skip the subquery.
        has_shown_reply=Case(When(_shown_q(viewer), then=Value(True)), default=_has_shown_reply(viewer)),
        parent_status=F("parent__status"),
        parent_user_id=F("parent__commenter__user_id"),
        parent_name=F("parent__commenter__display_name"),
    ).order_by("tree_id", "lft")


_COMMENT_COLUMNS = tuple(field.attname for field in Comment._meta.concrete_fields)
_COMMENTER_COLUMNS = tuple(field.attname for field in Commenter._meta.concrete_fields)
_ROW_ANNOTATIONS = ("has_shown_reply", "parent_status", "parent_user_id", "parent_name")
_MPTT_TRACKED = {Comment._mptt_meta.parent_attr, *(name.lstrip("-") for name in Comment._mptt_meta.order_insertion_by)}


def _loaded(model, db: str, values: dict):
    """A model instance from its row as from_db makes it, without Model.__init__'s work per field: a page holds
    a few hundred comments, read and never saved, and that work cost more than the rest of the query."""
    instance = model.__new__(model)
    instance.__dict__.update(values)
    instance._state = ModelState()
    instance._state.adding, instance._state.db = False, db
    return instance


def _commenter(db: str, values) -> Commenter:
    return _loaded(Commenter, db, dict(zip(_COMMENTER_COLUMNS, values, strict=True)))


def _comment(db: str, names: tuple[str, ...], values, commenter: Commenter) -> Comment:
    """A Comment from its columns (and annotations) with its commenter, as select_related("commenter") gives it."""
    comment = _loaded(Comment, db, dict(zip(names, values, strict=True)))
    comment._state.fields_cache["commenter"] = commenter
    # What mptt's __init__ keeps to notice a move on save() (update_mptt_cached_fields, less its look for
    # deferred fields: none here).
    mptt_meta = Comment._mptt_meta
    comment._mptt_cached_fields = {name: mptt_meta.get_raw_field_value(comment, name) for name in _MPTT_TRACKED}
    return comment


def _page_comments(key: tuple, build, *values, extra: tuple[str, ...] = ()) -> list[Comment]:
    """The comments of build(*values), a _rows_queryset (with `extra` annotations), each with its commenter, from
    one values_list query compiled once per `key` (core.queries.compiled_rows): real Comment and Commenter
    instances, as select_related("commenter") would give."""
    names = (*_COMMENT_COLUMNS, *_ROW_ANNOTATIONS, *extra)
    split = len(names)
    commenter_paths = [f"commenter__{column}" for column in _COMMENTER_COLUMNS]
    rows = compiled_rows(key, lambda *args: build(*args).values_list(*names, *commenter_paths), *values)
    return [_comment(DEFAULT_DB_ALIAS, names, row[:split], _commenter(DEFAULT_DB_ALIAS, row[split:])) for row in rows]


@dataclass(frozen=True)
class _StandIn:
    """A viewer of one kind for building a statement once (compiled_rows): its pk becomes a parameter."""

    pk: int | None
    is_authenticated: bool
    is_staff: bool


def _viewer_kind(viewer) -> tuple[str, tuple]:
    """What of the viewer shapes the SQL of _shown_q (the key), and the values it passes (the pk of a member)."""
    if not viewer.is_authenticated:
        return "anonymous", ()
    if viewer.is_staff:
        return "staff", ()
    return "member", (viewer.pk,)


def _stand_in(kind: str, *pk) -> _StandIn:
    return _StandIn(pk=pk[0] if pk else None, is_authenticated=kind != "anonymous", is_staff=kind == "staff")


def _to_rows(comments, viewer) -> list[CommentRow]:
    rows = []
    for comment in comments:
        shown = comment_visible_to(comment=comment, viewer=viewer)
        if not shown and not comment.has_shown_reply:
            continue  # hidden, and nothing under it to keep in place: gone from view
        parent_shown = comment.parent_id is not None and _readable(
            status=comment.parent_status, author_user_id=comment.parent_user_id, viewer=viewer
        )
        rows.append(
            CommentRow(
                comment=comment,
                shown=shown,
                parent_shown=parent_shown,
                parent_name=comment.parent_name if parent_shown else "",
            )
        )
    return rows


def _scalar(queryset: QuerySet, aggregate) -> Subquery:
    """One aggregate over a whole queryset, as an uncorrelated subquery (PostgreSQL runs it once per statement)."""
    grouped = queryset.order_by().annotate(_one=Value(1)).values("_one")  # a constant key: a single group
    return Subquery(grouped.annotate(total=aggregate).values("total")[:1])


_THREAD_SIZE = (F("rght") - F("lft") + 1) / 2  # a root's lft/rght span its whole thread: 2 numbers per comment


def _not_visible_counts(post: Post | int, reader) -> dict:
    """What post_page's count of visible comments needs besides its own threads, from the few rows of the post that
    are not visible (the partial index comment_post_not_visible holds only those): how many there are, and the
    sizes of the threads the viewer sees nothing of (their roots are among them)."""
    not_visible = Comment.objects.filter(post=post).exclude(status=Status.VISIBLE)
    unseen_roots = not_visible.filter(parent__isnull=True).exclude(_shown_q(reader) | _has_shown_reply(reader))
    return {
        "not_visible": Coalesce(_scalar(not_visible, Count("pk")), 0),
        "unseen_sizes": Coalesce(_scalar(unseen_roots, Sum(_THREAD_SIZE)), 0),
    }


def post_page(*, post: Post, viewer, page: int, sort: str = DEFAULT_SORT) -> PostPage | None:
    """One page of a post's conversation: up to COMMENTS_PAGE_THREADS threads sharing COMMENTS_PAGE_COMMENTS.

    None when the page does not exist. A fixed number of queries, however long the conversation: thread sizes
    come from the roots' lft/rght, and one query fetches the first c comments of every thread (by their tree fields).
    """
    per_page = settings.COMMENTS_PAGE_THREADS
    if page < 1:
        return None
    # The page's roots, each row with the number of threads the viewer sees and their sizes (windows over the
    # roots, which come in tree_id order from the partial index comment_post_threads), and the few counts the
    # number of visible comments needs besides (_not_visible_counts): one query, however long the conversation.
    kind, viewer_values = _viewer_kind(viewer)
    start = (page - 1) * per_page
    names = ("tree_id", "lft", "rght", "thread_count", "shown_sizes", "not_visible", "unseen_sizes")

    def roots(post_id, *pk):
        reader = _stand_in(kind, *pk)
        return (
            _thread_roots(post=post_id, viewer=reader, sort=sort)
            .annotate(
                thread_count=Window(Count("pk")),
                shown_sizes=Window(Sum(_THREAD_SIZE)),
                **_not_visible_counts(post_id, reader),
            )
            .values_list(*names)[start : start + per_page]
        )

    page_roots = [
        dict(zip(names, row, strict=True))
        for row in compiled_rows(("post_page_roots", kind, sort, start, per_page), roots, post.pk, *viewer_values)
    ]
    if not page_roots and page > 1:
        return None  # past the last page (page 1 always exists, even with no thread)
    thread_count, comment_count = 0, 0
    if page_roots:
        # Visible comments are in the threads the viewer sees: all comments of the post, less those not visible.
        # All of them are the sizes of the threads the viewer sees and of those they see nothing of (none of
        # whose comments is visible: a visible comment shows its whole thread).
        first = page_roots[0]
        thread_count = first["thread_count"]
        comment_count = int(first["shown_sizes"] + first["unseen_sizes"] - first["not_visible"])
    num_pages = max(1, ceil(thread_count / per_page))
    result = PostPage(
        post=post,
        number=page,
        num_pages=num_pages,
        thread_count=thread_count,
        comment_count=comment_count,
        rows=[],
    )
    if not page_roots:
        return result

    cap = thread_cap([_thread_size(root["lft"], root["rght"]) for root in page_roots], settings.COMMENTS_PAGE_COMMENTS)
    # A row's place in its thread follows from its own tree fields (_preorder_rank: rank = (lft + level - 1) / 2),
    # so the first cap rows of every thread, and the one past the cap that tells where a cut-short thread goes on
    # (rank == cap), need no window over the threads' rows: lft + level <= 2 * cap + 1.
    bound = 2 * cap + 1
    kind, viewer_values = _viewer_kind(viewer)

    def rows(tree_ids, bound, *pk):
        reader = _stand_in(kind, *pk)
        return (
            _rows_queryset(reader)
            .filter(AnyOf(F("tree_id"), tree_ids), lft__lte=bound)
            .alias(rank_bound=F("lft") + F("level"))
            .filter(rank_bound__lte=bound)
            # Only the row past the cap counts what its thread has left for the viewer (a CASE runs the subquery
            # for that row alone).
            .annotate(readable_left=Case(When(rank_bound=bound, then=_readable_from(reader)), default=Value(0)))
        )

    tree_ids = [root["tree_id"] for root in page_roots]
    comments = _page_comments(("post_page_rows", kind), rows, tree_ids, bound, *viewer_values, extra=("readable_left",))
    kept, continue_at = [], {}
    for comment in comments:
        if _preorder_rank(comment) >= cap:
            continue_at[comment.tree_id] = comment
        else:
            kept.append(comment)

    if sort != DEFAULT_SORT:
        # The rows come in tree order; the threads go in the order of their roots.
        place = {root["tree_id"]: index for index, root in enumerate(page_roots)}
        kept.sort(key=lambda comment: (place[comment.tree_id], comment.lft))
    roots_by_tree = {comment.tree_id: comment for comment in kept if comment.parent_id is None}
    for tree_id, next_comment in continue_at.items():
        count = next_comment.readable_left or 0
        if count > 0:
            result.more[tree_id] = ThreadMore(
                tree_id=tree_id,
                count=count,
                url=_thread_url(
                    root_id=roots_by_tree[tree_id].pk,
                    page=cap // settings.COMMENTS_PAGE_COMMENTS + 1,
                    anchor=next_comment.pk,
                ),
            )
    result.rows = _to_rows(kept, viewer)
    return result


_POST_COLUMNS = tuple(field.attname for field in Post._meta.concrete_fields)


def _thread_root_queryset(comment_id: int, reader) -> QuerySet:
    before = Comment.objects.filter(post=OuterRef("post_id"), parent__isnull=True, tree_id__lt=OuterRef("tree_id"))
    before = before.filter(_shown_q(reader) | _has_shown_reply(reader)).order_by().values("post")
    return (
        Comment.objects.filter(pk=comment_id, parent__isnull=True)
        .filter(_shown_q(reader) | _has_shown_reply(reader))
        .annotate(threads_before=Subquery(before.annotate(count=Count("pk")).values("count")[:1]))
        .values_list(
            *_COMMENT_COLUMNS,
            "threads_before",
            *(f"post__{column}" for column in _POST_COLUMNS),
            *(f"commenter__{column}" for column in _COMMENTER_COLUMNS),
        )
    )


def thread_root_for(*, comment_id: int, viewer) -> Comment | None:
    """The root of a thread the viewer may open (post readable to them, something in it shown), or None.

    It comes with its post and commenter, and `threads_before`, the threads of its post before it that the viewer
    sees, for thread_post_page_url: a subquery of the same statement, not a query of its own. The statement is
    compiled once per kind of viewer (core.queries.compiled_rows): building it cost Django five times what
    PostgreSQL spends running it.
    """
    kind, viewer_values = _viewer_kind(viewer)
    found = compiled_rows(
        ("thread_root", kind),
        lambda comment_id, *pk: _thread_root_queryset(comment_id, _stand_in(kind, *pk)),
        comment_id,
        *viewer_values,
    )
    if not found:
        return None
    row, db = found[0], DEFAULT_DB_ALIAS
    names = (*_COMMENT_COLUMNS, "threads_before")
    post_end = len(names) + len(_POST_COLUMNS)
    root = _comment(db, names, row[: len(names)], _commenter(db, row[post_end:]))
    root._state.fields_cache["post"] = _loaded(
        Post, db, dict(zip(_POST_COLUMNS, row[len(names) : post_end], strict=True))
    )
    if not post_visible_to(post=root.post, viewer=viewer):
        return None
    return root


def thread_page(*, root: Comment, viewer, page: int) -> ThreadPage | None:
    """One page of one thread: COMMENTS_PAGE_COMMENTS comments at a time in lft order; None past the end."""
    per_page = settings.COMMENTS_PAGE_COMMENTS
    num_pages = max(1, ceil(_thread_size(root.lft, root.rght) / per_page))
    if page < 1 or page > num_pages:
        return None
    start = (page - 1) * per_page
    kind, viewer_values = _viewer_kind(viewer)

    def rows(tree_id, *pk):
        return _rows_queryset(_stand_in(kind, *pk)).filter(tree_id=tree_id)[start : start + per_page]

    comments = _page_comments(("thread_page_rows", kind, start, per_page), rows, root.tree_id, *viewer_values)
    return ThreadPage(post=root.post, root=root, number=page, num_pages=num_pages, rows=_to_rows(comments, viewer))


def _thread_url(*, root_id: int, page: int, anchor: int | None = None) -> str:
    url = reverse("comments:thread", kwargs={"pk": root_id}) + f"?page={page}"
    return f"{url}#c{anchor}" if anchor else url


def post_page_url(*, post: Post, page: int, anchor: int | None = None) -> str:
    url = post.get_absolute_url()
    if page > 1 or anchor:
        url += f"?page={page}"
    return f"{url}#c{anchor}" if anchor else url


def comment_for_viewer(*, comment_id: int, viewer) -> Comment | None:
    """A comment the viewer may read, on a post they may read, or None (the pages answer 404)."""
    comment = Comment.objects.select_related("post", "post__author", "commenter").filter(pk=comment_id).first()
    if comment is None:
        return None
    if not comment_visible_to(comment=comment, viewer=viewer):
        return None
    if not post_visible_to(post=comment.post, viewer=viewer):
        return None
    return comment


def _post_page_of_tree(*, roots: QuerySet, tree_id: int) -> int:
    return roots.filter(tree_id__lt=tree_id).count() // settings.COMMENTS_PAGE_THREADS + 1


def thread_post_page_url(*, root: Comment, viewer) -> str:
    """Where a thread starts on its post's pages (the thread view links back there)."""
    if hasattr(root, "threads_before"):
        page = (root.threads_before or 0) // settings.COMMENTS_PAGE_THREADS + 1
    else:  # a root that did not come from thread_root_for
        page = _post_page_of_tree(roots=_thread_roots(post=root.post, viewer=viewer), tree_id=root.tree_id)
    return post_page_url(post=root.post, page=page, anchor=root.pk)


def comment_location(*, comment: Comment, viewer) -> str:
    """The URL of the page that shows this comment to this viewer, ending in its #c<id> anchor.

    The post page when the comment falls within the share of its thread that page shows, else the thread view.
    Uses the same thread pages and cap as post_page, so the anchor is always on the page it points to.
    """
    per_page = settings.COMMENTS_PAGE_THREADS
    roots = _thread_roots(post=comment.post, viewer=viewer)
    page = _post_page_of_tree(roots=roots, tree_id=comment.tree_id)
    page_roots = list(roots.values("pk", "tree_id", "lft", "rght")[(page - 1) * per_page : page * per_page])
    cap = thread_cap([_thread_size(root["lft"], root["rght"]) for root in page_roots], settings.COMMENTS_PAGE_COMMENTS)
    rank = _preorder_rank(comment)
    if rank < cap:
        return post_page_url(post=comment.post, page=page, anchor=comment.pk)
    root_id = next(root["pk"] for root in page_roots if root["tree_id"] == comment.tree_id)
    return _thread_url(root_id=root_id, page=rank // settings.COMMENTS_PAGE_COMMENTS + 1, anchor=comment.pk)


# Where a comment stands, as its author is told after posting (and by the check-again script).
AUTHOR_STATES = {
    Status.VISIBLE: "posted",
    Status.HELD: "held",
    Status.PENDING: "checking",
    Status.REMOVED: "removed",
    Status.DELETED: "deleted",
}


def comment_author_state(*, comment: Comment) -> str:
    """ "posted" only when others can read it, "held" while it waits for a moderator, "checking" until checked."""
    return AUTHOR_STATES[comment.status]


def comment_form_key_used(*, user, form_key: str) -> bool:
    """Whether this user's comment form with this key has already made a comment (Comment.form_key)."""
    return bool(form_key) and Comment.objects.filter(commenter__user=user, form_key=form_key).exists()


def post_list() -> QuerySet:
    """Published posts, newest first, each with the number of comments everyone can read."""
    return (
        Post.objects.filter(published=True)
        .select_related("author")
        .annotate(comment_count=Count("comments", filter=Q(comments__status=Status.VISIBLE)))
        .order_by("-published_at", "-created")
    )
