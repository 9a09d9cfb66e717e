"""What both importers share: staged rows, the run's report, commenters, and one post's conversation."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.functions import Lower

from comments import trees
from comments.models import Comment, Commenter, Post
from comments.services import commenter_for_user
from comments.text import stored_body_fields
from core.slugs import unique_slug as core_unique_slug
from core.text import has_visible_text
from moderation.models import ReviewItem
from moderation.services.items import review_item_open

from .deletions import deleted_imports_among
from .models import DeletedImport
from .text import comment_shorten

# Staged comment states, as the old blog saw them.
APPROVED = "approved"
PENDING = "pending"  # waiting for the blog owner's approval
SPAM = "spam"
TRASH = "trash"  # WordPress trash, Disqus "deleted"

COMMENT = "comment"
PING = "ping"

# Why a post or comment an operator deleted (or purged) here is not imported again.
DELETED_HERE = "deleted here after an earlier import"

NOTES_KEPT = 500  # lines of detail a report keeps; the rest are counted
ANONYMOUS = "Anonymous"


@dataclass
class ImportOptions:
    include_spam: bool = False
    include_trash: bool = False
    include_pings: bool = False
    include_pages: bool = False
    dry_run: bool = False


@dataclass
class StagedComment:
    source_id: str
    parent_id: str | None
    author_name: str
    author_email: str
    author_url: str
    created: datetime
    body: str  # plain text already
    state: str = APPROVED
    kind: str = COMMENT  # COMMENT, PING or the old blog's own type name
    user: object = None  # a site user the old blog's account maps to (the blog's authors)


@dataclass
class ImportReport:
    dry_run: bool = False
    posts_created: int = 0
    posts_existing: int = 0
    posts_failed: int = 0
    comments_created: int = 0
    comments_existing: int = 0
    comments_held: int = 0
    commenters_created: int = 0
    skipped: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    notes_dropped: int = 0
    errors: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        if len(self.notes) < NOTES_KEPT:
            self.notes.append(text)
        else:
            self.notes_dropped += 1

    def error(self, text: str) -> None:
        self.posts_failed += 1
        self.errors.append(text)

    def checkpoint(self) -> tuple:
        """The counts and notes so far; `rolled_back` puts them back when a post's transaction is undone, so the
        summary never counts what was not written."""
        counts = (self.posts_created, self.posts_existing, self.comments_created, self.comments_existing)
        return (*counts, self.comments_held, self.skipped.copy(), len(self.notes), self.notes_dropped)

    def rolled_back(self, checkpoint: tuple, error: str) -> None:
        *counts, self.comments_held, self.skipped, kept_notes, self.notes_dropped = checkpoint
        self.posts_created, self.posts_existing, self.comments_created, self.comments_existing = counts
        del self.notes[kept_notes:]
        self.error(error)

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0

    def summary_lines(self) -> list[str]:
        would = "would be " if self.dry_run else ""
        lines = ["dry run: nothing was written" if self.dry_run else "import finished"]
        lines.append(
            f"posts: {self.posts_created} {would}created, {self.posts_existing} already here, "
            f"{self.posts_failed} skipped because of errors"
        )
        lines.append(
            f"comments: {self.comments_created} {would}imported ({self.comments_held} held for approval), "
            f"{self.comments_existing} already here"
        )
        if not self.dry_run:
            lines.append(f"commenters without an account: {self.commenters_created} new")
        if self.skipped:
            lines.append("skipped: " + ", ".join(f"{reason} {n}" for reason, n in sorted(self.skipped.items())))
        else:
            lines.append("skipped: none")
        if self.notes:
            lines.append("notes:")
            lines.extend(f"  {note}" for note in self.notes)
            if self.notes_dropped:
                lines.append(f"  ... and {self.notes_dropped} more")
        if self.errors:
            lines.append(f"errors ({len(self.errors)}):")
            lines.extend(f"  {error}" for error in self.errors)
        return lines


def unique_slug(wanted: str, *, taken_in_run: set[str]) -> str:
    """A post address made from `wanted` that no post here has, nor one this run chose (a dry run writes none)."""
    return core_unique_slug(wanted, taken=lambda slug: slug in taken_in_run or Post.objects.filter(slug=slug).exists())


class PostFailed(Exception):
    """One post can't be imported; the run reports it and goes on with the next."""


# --- who wrote what --------------------------------------------------------------------------------------------


class People:
    """Finds or makes the Commenter for each imported comment, a few queries per post.

    A site user the old blog's account maps to, else a user whose verified address matches (ignoring case),
    else an account-less commenter of this source with the same address and name (made once). Records made in a
    post's transaction are remembered only once it commits (keep/discard), so a rolled-back post leaves no
    stale ids behind.
    """

    CACHE_LIMIT = 50_000

    def __init__(self, *, source: str, report: ImportReport):
        self.source = source
        self.report = report
        self._by_user: dict[int, int] = {}
        self._guests: dict[tuple[str, str], int] = {}
        self._pending_guests: dict[tuple[str, str], int] = {}
        self._pending_created = 0

    @staticmethod
    def guest_key(staged: StagedComment) -> tuple[str, str]:
        return (staged.author_email.lower(), staged.author_name)

    def assign(self, pairs: list[tuple[Comment, StagedComment]]) -> None:
        User = get_user_model()
        emails = {s.author_email.lower() for _c, s in pairs if s.user is None and s.author_email}
        verified = {}
        if emails:
            verified = {
                user.le: user
                for user in User.objects.annotate(le=Lower("email")).filter(
                    le__in=emails, email_verified_at__isnull=False, is_active=True
                )
            }
        guests_needed: dict[tuple[str, str], StagedComment] = {}
        for comment, staged in pairs:
            user = staged.user or verified.get(staged.author_email.lower())
            if user is not None:
                if user.pk not in self._by_user:
                    self._by_user[user.pk] = commenter_for_user(user=user).pk
                comment.commenter_id = self._by_user[user.pk]
            else:
                key = self.guest_key(staged)
                known = self._guests.get(key) or self._pending_guests.get(key)
                if known:
                    comment.commenter_id = known
                elif key not in guests_needed or (staged.author_url and not guests_needed[key].author_url):
                    guests_needed[key] = staged  # the record takes its details from a row that has a web site
        if guests_needed:
            self._find_or_make_guests(guests_needed)
            for comment, staged in pairs:
                if not comment.commenter_id:
                    comment.commenter_id = self._pending_guests[self.guest_key(staged)]

    def _find_or_make_guests(self, needed: dict[tuple[str, str], StagedComment]) -> None:
        existing = (
            Commenter.objects.filter(user__isnull=True, source=self.source)
            .annotate(le=Lower("email"))
            .filter(le__in={k[0] for k in needed}, display_name__in={k[1] for k in needed})
            .order_by("pk")
            .values_list("le", "display_name", "pk")
        )
        for email, name, pk in existing:
            if (email, name) in needed:
                self._pending_guests.setdefault((email, name), pk)
        missing = [(key, staged) for key, staged in needed.items() if key not in self._pending_guests]
        made = Commenter.objects.bulk_create(
            [
                Commenter(
                    display_name=staged.author_name,
                    email=staged.author_email,
                    url=staged.author_url,
                    source=self.source,
                    created=staged.created,
                )
                for _key, staged in missing
            ]
        )
        for (key, _staged), commenter in zip(missing, made, strict=True):
            self._pending_guests[key] = commenter.pk
        self._pending_created += len(made)

    def keep(self) -> None:
        if len(self._guests) > self.CACHE_LIMIT:
            self._guests.clear()
        self._guests.update(self._pending_guests)
        self.report.commenters_created += self._pending_created
        self.discard()

    def discard(self) -> None:
        self._pending_guests = {}
        self._pending_created = 0
        # A user's commenter made in a rolled-back transaction would be stale too; they are few, look again.
        self._by_user.clear()


# --- one post's conversation -----------------------------------------------------------------------------------


def _order_key(staged: StagedComment):
    return (staged.created, int(staged.source_id) if staged.source_id.isdigit() else 0, staged.source_id)


def _skip_reason(staged: StagedComment, options: ImportOptions) -> str | None:
    if staged.kind == PING:
        if not options.include_pings:
            return "pingbacks and trackbacks"
    elif staged.kind != COMMENT:
        return f"comment type {staged.kind!r}"
    if staged.state == SPAM and not options.include_spam:
        return "spam"
    if staged.state == TRASH and not options.include_trash:
        return "trash or deleted"
    if not staged.body or not has_visible_text(staged.body):
        return "empty after conversion to text"
    return None


_STATUS = {
    APPROVED: Comment.Status.VISIBLE,
    PENDING: Comment.Status.HELD,
    SPAM: Comment.Status.HELD,
    TRASH: Comment.Status.REMOVED,
}


def conversation_import(
    *,
    post: Post | None,
    staged: list[StagedComment],
    source: str,
    options: ImportOptions,
    people: People | None,
    report: ImportReport,
    label: str,
) -> None:
    """Add the comments of one post that are not here yet, with their threads. Safe to re-run.

    Call inside the post's transaction; `post` is None only in a dry run for a post that would be new. Rows are
    matched by (source, source id): those already here are left exactly as they are, new replies to them go
    into their threads under the tree lock, new threads are built in memory and inserted in bulk under the
    new-tree lock. Comments deleted here after an earlier import are skipped. A parent that is missing becomes a
    top-level comment, a skipped parent (spam, trash, deleted here) hands its replies to its nearest kept
    ancestor, and a cycle is broken at its earliest comment; each is noted.
    """
    by_id, kept, skipped_why = _stage(staged, source=source, options=options, report=report, label=label)
    here, elsewhere = _already_here(post, source=source, kept=kept, by_id=by_id, report=report, label=label)
    new_ids = [sid for sid in kept if sid not in here and sid not in elsewhere]
    report.comments_existing += len(kept) - len(new_ids)
    parent_of, attach_to = _place(
        new_ids,
        kept=kept,
        by_id=by_id,
        here=here,
        elsewhere=elsewhere,
        skipped_why=skipped_why,
        report=report,
        label=label,
    )
    _break_cycles(parent_of, kept, report, label)

    report.comments_created += len(new_ids)
    held = [sid for sid in new_ids if _STATUS[kept[sid].state] == Comment.Status.HELD]
    report.comments_held += len(held)
    if post is None or options.dry_run or not new_ids:
        return
    comments = _new_comments(post, new_ids, kept=kept, source=source, report=report, label=label)
    people.assign([(comments[sid], kept[sid]) for sid in new_ids])
    _insert(comments, new_ids, kept=kept, parent_of=parent_of, attach_to=attach_to)
    for source_id in held:
        review_item_open(post=post, comment=comments[source_id], reason=ReviewItem.Reason.IMPORTED)


def _stage(staged: list[StagedComment], *, source: str, options: ImportOptions, report: ImportReport, label: str):
    """The export's comments by source id (first of duplicates), those to import, and why the others are not."""
    by_id: dict[str, StagedComment] = {}
    for row in staged:
        if row.source_id in by_id:
            report.skipped["duplicate comment id"] += 1
            report.note(f"{label}: comment {row.source_id} appears twice; the first one is kept")
            continue
        by_id[row.source_id] = row
    kept: dict[str, StagedComment] = {}
    skipped_why: dict[str, str] = {}
    # Deleted here after an earlier import: skipped like spam or trash, so their replies move up the same way.
    deleted_here = deleted_imports_among(kind=DeletedImport.Kind.COMMENT, source=source, source_ids=by_id)
    for source_id, row in by_id.items():
        reason = _skip_reason(row, options) or (DELETED_HERE if source_id in deleted_here else None)
        if reason:
            report.skipped[reason] += 1
            skipped_why[source_id] = reason
        else:
            kept[source_id] = row
    return by_id, kept, skipped_why


def _already_here(post: Post | None, *, source: str, kept: dict, by_id: dict, report: ImportReport, label: str):
    """What is here already: the kept rows themselves, and parents the file names but no longer contains.
    Returns ({source id: pk} on this post, source ids under another post, never built on)."""
    wanted = set(kept) | {r.parent_id for r in kept.values() if r.parent_id and r.parent_id not in by_id}
    here: dict[str, int] = {}
    elsewhere: set[str] = set()
    if post is None or not wanted:
        return here, elsewhere
    wanted_list = sorted(wanted)
    for start in range(0, len(wanted_list), 5000):
        rows = Comment.objects.filter(source=source, source_id__in=wanted_list[start : start + 5000])
        for source_id, pk, post_id in rows.values_list("source_id", "pk", "post_id"):
            if post_id == post.pk:
                here[source_id] = pk
            else:
                elsewhere.add(source_id)
                if source_id in kept:
                    report.note(f"{label}: comment {source_id} is already here under another post; left there")
    return here, elsewhere


def _place(new_ids: list[str], *, kept, by_id, here, elsewhere, skipped_why, report: ImportReport, label: str):
    """Parents: a new comment hangs under a new comment (parent_of), under one already here (attach_to, by pk), or
    nowhere. A skipped parent hands its replies to its nearest kept ancestor; each move is noted."""
    parent_of: dict[str, str | None] = {}
    attach_to: dict[str, int] = {}
    for source_id in new_ids:
        row = kept[source_id]
        parent, climbed, seen = row.parent_id, [], set()
        while parent and parent not in kept and parent not in here and parent in by_id and parent not in seen:
            seen.add(parent)
            climbed.append(parent)
            parent = by_id[parent].parent_id
        parent_of[source_id] = None
        if parent and parent in here:
            attach_to[source_id] = here[parent]
        elif parent and parent in kept and parent not in elsewhere:
            parent_of[source_id] = parent
        elif parent in elsewhere:
            report.note(f"{label}: comment {source_id}: its parent {parent} is under another post; top-level")
        elif parent and parent not in by_id:
            report.note(f"{label}: comment {source_id}: its parent {parent} is not in the export; top-level")
        if climbed:
            where = f"now answers comment {parent}" if parent_of[source_id] or source_id in attach_to else "top-level"
            report.note(
                f"{label}: comment {source_id}: its parent {climbed[0]} was skipped ({skipped_why[climbed[0]]}); "
                f"{where}"
            )
    return parent_of, attach_to


def _new_comments(post: Post, new_ids: list[str], *, kept, source: str, report: ImportReport, label: str):
    """Unsaved Comment rows for the new ids, {source id: comment}."""
    comments: dict[str, Comment] = {}
    for source_id in new_ids:
        row = kept[source_id]
        status = _STATUS[row.state]
        # The site's limit holds for imported comments too: nobody is shown more than a reader could write. The
        # full text stays in the export file; the report names each comment that was shortened.
        body = comment_shorten(row.body)
        if body != row.body:
            report.note(
                f"{label}: comment {source_id}: {len(row.body):,} characters, shortened to the site's limit of "
                f"{settings.COMMENT_MAX_LENGTH:,}"
            )
        comments[source_id] = Comment(
            post=post,
            body=body,
            **stored_body_fields(body),
            status=status,
            created=row.created,
            # Visible history counts as published when it was written: nothing about it is news.
            published_at=row.created if status == Comment.Status.VISIBLE else None,
            source=source,
            source_id=source_id,
        )
    return comments


def _insert(comments: dict[str, Comment], new_ids: list[str], *, kept, parent_of, attach_to) -> None:
    """New threads built in memory and inserted in bulk under the new-tree lock; replies to comments already
    here go into their threads under the tree lock."""
    children: dict[str | None, list[str]] = {}
    for source_id in new_ids:
        if source_id not in attach_to:
            children.setdefault(parent_of[source_id], []).append(source_id)
    for siblings in children.values():
        siblings.sort(key=lambda sid: _order_key(kept[sid]))

    def preorder(top: str) -> list[tuple[str, str | None]]:
        out, stack = [], [(top, None)]
        while stack:  # iterative: a thousand-deep chain must not recurse
            source_id, parent = stack.pop()
            out.append((source_id, parent))
            stack.extend((child, source_id) for child in reversed(children.get(source_id, [])))
        return out

    for root in children.get(None, []):
        order = preorder(root)
        index = {sid: i for i, (sid, _p) in enumerate(order)}
        trees.insert_new_tree([(comments[sid], None if p is None else index[p]) for sid, p in order])
    for source_id in sorted(attach_to, key=lambda sid: _order_key(kept[sid])):
        for sid, parent in preorder(source_id):
            parent_pk = attach_to[sid] if parent is None else comments[parent].pk
            trees.insert(comments[sid], parent=trees.lock_node(parent_pk))


def _break_cycles(parent_of: dict[str, str | None], kept: dict[str, StagedComment], report, label: str) -> None:
    """Parents that lead back to themselves: the cycle's earliest comment becomes top-level."""
    done: set[str] = set()
    for start in parent_of:
        path: list[str] = []
        on_path: set[str] = set()
        node = start
        while node is not None and node not in done:
            if node in on_path:
                cycle = path[path.index(node) :]
                first = min(cycle, key=lambda sid: _order_key(kept[sid]))
                parent_of[first] = None
                report.note(
                    f"{label}: comments {', '.join(sorted(cycle))} answer each other in a cycle; "
                    f"comment {first} is shown as top-level"
                )
                break
            path.append(node)
            on_path.add(node)
            node = parent_of.get(node)
        done.update(path)
