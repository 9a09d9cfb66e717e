"""Reads for readers' pages: who is struggling (never shown as a label), who is waiting, the support on a page."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from comments.models import Comment, Post
from core.queries import AnyOf, any_of_sql, compiled_rows
from moderation.models import CareFlag
from notifications.models import WriterMute

from .models import ReaderSettings, SignalKind, SupportSignal

# The waiting page lists what was written in this many days (older words are the moderators' follow-up).
WAITING_DAYS = 14
WAITING_LIMIT = 50
FIRST_LINES_CHARS = 220
STRUGGLING = ("distress", "crisis")


def _current_flags(*categories: str):
    """Flags of these categories on a comment's current revision (OuterRef pk), not dismissed."""
    return CareFlag.objects.filter(
        comment=OuterRef("pk"), revision=OuterRef("revision"), category__in=categories, dismissed=False
    )


def reply_guidance_needed(*, parent: Comment, viewer) -> bool:
    """Whether a reply to `parent` should show the safe-messaging guidance: a visible comment by someone else whose
    current revision is flagged distress or crisis. One query (none for anonymous viewers or one's own comment)."""
    if not viewer.is_authenticated or parent.status != Comment.Status.VISIBLE:
        return False
    if parent.commenter.user_id == viewer.pk:
        return False
    return CareFlag.objects.filter(
        comment_id=parent.pk, revision=parent.revision, category__in=STRUGGLING, dismissed=False
    ).exists()


def comment_is_crisis_flagged(*, comment: Comment) -> bool:
    return CareFlag.objects.filter(
        comment_id=comment.pk, revision=comment.revision, category="crisis", dismissed=False
    ).exists()


def post_is_crisis_flagged(*, post: Post) -> bool:
    return CareFlag.objects.filter(
        post=post, comment__isnull=True, revision=post.revision, category="crisis", dismissed=False
    ).exists()


def _mutes_between(viewer):
    """User ids the viewer muted or who muted the viewer (muting counts both ways here)."""
    return WriterMute.objects.filter(Q(user=viewer) | Q(writer=viewer)).values_list("writer_id", "user_id")


@dataclass(frozen=True)
class WaitingEntry:
    kind: str  # "comment" or "post"
    created: object
    first_lines: str
    reply_url: str
    context_title: str
    context_url: str

    @property
    def is_post(self) -> bool:
        return self.kind == "post"


def first_lines(text: str, *, limit: int = FIRST_LINES_CHARS) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()][:2]
    joined = " ".join(lines)
    return joined if len(joined) <= limit else joined[: limit - 1].rsplit(" ", 1)[0] + "…"


def waiting_list(*, viewer, now=None) -> list[WaitingEntry]:
    """Recent visible comments and posts, flagged distress, that nobody else has answered, by writers who chose to
    be listed and who neither muted the viewer nor were muted by them; oldest first. Nothing held (only visible
    comments), nothing crisis-flagged (those are the moderators'). The labels themselves are never returned.
    Three queries, whatever the number of entries."""
    now = now or timezone.now()
    since = now - timedelta(days=WAITING_DAYS)
    muted = {uid for pair in _mutes_between(viewer) for uid in pair} - {viewer.pk}
    listed = ReaderSettings.objects.filter(waiting_listed=True).values("user_id")
    # A reply by someone else (published, or still being checked) answers it; a held reply does not.
    answered = Comment.objects.filter(
        parent=OuterRef("pk"), status__in=[Comment.Status.VISIBLE, Comment.Status.PENDING]
    ).exclude(commenter_id=OuterRef("commenter_id"))
    comments = (
        Comment.objects.filter(
            status=Comment.Status.VISIBLE,
            created__gte=since,
            post__published=True,
            post__comments_open=True,
            commenter__user_id__in=listed,
        )
        .exclude(commenter__user_id=viewer.pk)
        .exclude(commenter__user_id__in=muted)
        .filter(Exists(_current_flags("distress")), ~Exists(_current_flags("crisis")), ~Exists(answered))
        .select_related("post")
        .order_by("created", "pk")[:WAITING_LIMIT]
    )
    post_flags = CareFlag.objects.filter(
        comment__isnull=True, post=OuterRef("pk"), revision=OuterRef("revision"), dismissed=False
    )
    post_answered = Comment.objects.filter(
        post=OuterRef("pk"), status__in=[Comment.Status.VISIBLE, Comment.Status.PENDING]
    ).exclude(commenter__user_id=OuterRef("author_id"))
    posts = (
        Post.objects.filter(published=True, comments_open=True, published_at__gte=since, author_id__in=listed)
        .exclude(author_id=viewer.pk)
        .exclude(author_id__in=muted)
        .filter(
            Exists(post_flags.filter(category="distress")),
            ~Exists(post_flags.filter(category="crisis")),
            ~Exists(post_answered),
        )
        .order_by("published_at", "pk")[:WAITING_LIMIT]
    )
    entries = [
        WaitingEntry(
            kind="comment",
            created=c.created,
            first_lines=first_lines(c.body),
            reply_url=c.get_absolute_url().rstrip("/") + "/reply/",
            context_title=c.post.title,
            context_url=c.get_absolute_url(),
        )
        for c in comments
    ] + [
        WaitingEntry(
            kind="post",
            created=p.published_at,
            first_lines=first_lines(p.plain_text()),
            reply_url=p.get_absolute_url() + "#join-heading",
            context_title=p.title,
            context_url=p.get_absolute_url(),
        )
        for p in posts
    ]
    return sorted(entries, key=lambda e: e.created)[:WAITING_LIMIT]


def waiting_offer_due(*, post: Post, viewer) -> bool:
    """Whether to offer this writer the waiting list: they never answered the question, and a comment of theirs on
    this post from the last day is flagged distress (never crisis: that writer sees the crisis resources). One
    query."""
    if not viewer.is_authenticated:
        return False
    answered = ReaderSettings.objects.filter(user=viewer, waiting_listed__isnull=False)
    return (
        Comment.objects.filter(
            post=post,
            commenter__user=viewer,
            status=Comment.Status.VISIBLE,
            created__gte=timezone.now() - timedelta(days=1),
        )
        .filter(Exists(_current_flags("distress")), ~Exists(_current_flags("crisis")), ~Exists(answered))
        .exists()
    )


@dataclass
class Signals:
    support: int = 0
    relate: int = 0
    mine: frozenset = frozenset()
    # The writer muted the viewer: the viewer sees no signals there and may send none.
    muted_by_writer: bool = False
    crisis: bool = False


def page_signals(*, post: Post, comment_ids: list[int], viewer) -> dict:
    """Support counts for a post and the given comments, what the viewer sent, whether each writer muted the viewer
    and whether each comment (and the post) is crisis-flagged. Keys: every comment id asked for, and None for the
    post. Two queries, whatever the page holds: the signal rows grouped by comment and kind (not the page's comments
    joined to every signal and grouped), then the few comments that are flagged or muted, with the post's row."""
    me = viewer.pk if viewer.is_authenticated else None
    ids = list(comment_ids)
    totals: dict = {}

    def grouped(ids, post_id, *viewer):
        on_page = Q(AnyOf(F("comment_id"), ids)) | Q(post_id=post_id, comment_id=None)
        return (
            SupportSignal.objects.filter(on_page)
            .values_list("comment_id", "kind")
            .annotate(total=Count("id"), mine=Count("id", filter=Q(user_id=viewer[0] if viewer else None)))
            .order_by()
        )

    # Compiled once per kind of viewer (anonymous: no one's signals are theirs); every conversation page asks.
    viewer_values = () if me is None else (me,)
    rows = compiled_rows(("page_signals", me is None), grouped, ids, post.pk, *viewer_values)
    for comment_id, kind, total, mine in rows:
        totals[(comment_id, kind)] = (total, mine)
    crisis, muted = _flagged_or_muted(post=post, comment_ids=ids, viewer_id=me)
    result: dict = {}
    for key in [*ids, None]:
        support, my_support = totals.get((key, SignalKind.SUPPORT), (0, 0))
        relate, my_relate = totals.get((key, SignalKind.RELATE), (0, 0))
        result[key] = Signals(
            support=support,
            relate=relate,
            mine=frozenset(
                kind for kind, sent in ((SignalKind.SUPPORT, my_support), (SignalKind.RELATE, my_relate)) if sent
            ),
            muted_by_writer=key in muted,
            crisis=key in crisis,
        )
    return result


def _flagged_or_muted(*, post: Post, comment_ids: list[int], viewer_id: int | None) -> tuple[set, set]:
    """(crisis, muted_me): which of these comments (and None for the post) carry a crisis flag on their current
    revision that nobody dismissed, and whose writer muted the viewer. One query, written out: the ORM spent more
    time building this one (two EXISTS per row and a union) than PostgreSQL spent running it, on every page."""
    flag, comment, mute = CareFlag._meta.db_table, Comment._meta.db_table, WriterMute._meta.db_table
    commenter = Comment._meta.get_field("commenter").related_model._meta.db_table
    crisis_flag = f"SELECT 1 FROM {flag} f WHERE f.category = 'crisis' AND NOT f.dismissed"
    muted_me = f"SELECT 1 FROM {mute} m WHERE m.writer_id = %s AND m.user_id = "
    # Only the rows with something to say come back: usually just the post's.
    comments_part = ""
    params: list = []
    if comment_ids:
        on_page, id_params = any_of_sql("c.id", comment_ids, connection)
        comments_part = (
            f"SELECT c.id, EXISTS({crisis_flag} AND f.comment_id = c.id AND f.revision = c.revision), "
            f"EXISTS({muted_me}a.user_id) FROM {comment} c JOIN {commenter} a ON a.id = c.commenter_id "
            f"WHERE {on_page} AND (EXISTS({crisis_flag} AND f.comment_id = c.id "
            f"AND f.revision = c.revision) OR EXISTS({muted_me}a.user_id)) UNION ALL "
        )
        params = [viewer_id, *id_params, viewer_id]
    sql = (
        comments_part
        + f"SELECT NULL, EXISTS({crisis_flag} AND f.post_id = %s AND f.comment_id IS NULL AND f.revision = %s), "
        + f"EXISTS({muted_me}%s)"
    )
    params += [post.pk, post.revision, viewer_id, post.author_id]
    crisis, muted = set(), set()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for pk, is_crisis, is_muted in cursor.fetchall():
            if is_crisis:
                crisis.add(pk)
            if is_muted:
                muted.add(pk)
    return crisis, muted
