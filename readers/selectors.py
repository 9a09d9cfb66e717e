"""Reads for readers' pages: who is struggling (never shown as a label), who is waiting, the support on a page."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from comments.models import Comment, Post
from moderation.models import CareFlag
from notifications.models import WriterMute

from .models import ReaderSettings, SignalKind

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
    and whether each comment (and the post) is crisis-flagged. Keys: comment ids, and None for the post. Two queries."""
    me = viewer.pk if viewer.is_authenticated else None
    counts = {
        "support": Count("support_signals", filter=Q(support_signals__kind=SignalKind.SUPPORT), distinct=True),
        "relate": Count("support_signals", filter=Q(support_signals__kind=SignalKind.RELATE), distinct=True),
        "my_support": Count(
            "support_signals",
            filter=Q(support_signals__kind=SignalKind.SUPPORT, support_signals__user_id=me),
            distinct=True,
        ),
        "my_relate": Count(
            "support_signals",
            filter=Q(support_signals__kind=SignalKind.RELATE, support_signals__user_id=me),
            distinct=True,
        ),
    }
    result: dict = {}
    if comment_ids:
        muted_me = WriterMute.objects.filter(user_id=OuterRef("commenter__user_id"), writer_id=me)
        rows = (
            Comment.objects.filter(pk__in=comment_ids)
            .annotate(**counts, muted_me=Exists(muted_me), crisis=Exists(_current_flags("crisis")))
            .values("pk", "support", "relate", "my_support", "my_relate", "muted_me", "crisis")
        )
        for row in rows:
            result[row["pk"]] = _signals(row)
    on_post = {
        name: Count(
            "support_signals",
            filter=count.filter & Q(support_signals__comment__isnull=True),
            distinct=True,
        )
        for name, count in counts.items()
    }
    row = (
        Post.objects.filter(pk=post.pk)
        .annotate(
            **on_post,
            muted_me=Exists(WriterMute.objects.filter(user_id=OuterRef("author_id"), writer_id=me)),
            crisis=Exists(
                CareFlag.objects.filter(
                    post=OuterRef("pk"),
                    comment__isnull=True,
                    revision=OuterRef("revision"),
                    category="crisis",
                    dismissed=False,
                )
            ),
        )
        .values("support", "relate", "my_support", "my_relate", "muted_me", "crisis")
        .first()
    ) or {"support": 0, "relate": 0, "my_support": 0, "my_relate": 0, "muted_me": False, "crisis": False}
    result[None] = _signals(row)
    return result


def _signals(row: dict) -> Signals:
    mine = frozenset(
        kind for kind, key in ((SignalKind.SUPPORT, "my_support"), (SignalKind.RELATE, "my_relate")) if row[key]
    )
    return Signals(
        support=row["support"],
        relate=row["relate"],
        mine=mine,
        muted_by_writer=bool(row["muted_me"]),
        crisis=bool(row["crisis"]),
    )
