"""Writes to posts and comments. Every tree change goes through comments.trees under its lock."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.errors import Refused
from core.slugs import unique_slug

from . import hooks, trees
from .models import Comment, Commenter, Post, PostVisit
from .text import body_html_key, stored_body_fields, validate_body, validate_content_note

# What a deleted account's comments are shown under.
FORMER_MEMBER_NAME = "Former member"
# Statuses a reply may not hang under: the parent is gone for everyone.
_CLOSED_PARENT_STATUSES = {Comment.Status.REMOVED, Comment.Status.DELETED}


class CommentRejected(Refused):
    """A comment write the reader must be told about; `status` is the HTTP status a view should answer."""


def commenter_for_user(*, user) -> Commenter:
    """The one Commenter of a user, created on first use. Safe under concurrent first comments."""
    try:
        return user.commenter
    except Commenter.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            commenter, _ = Commenter.objects.get_or_create(
                user=user, defaults={"display_name": user.display_name, "email": user.email}
            )
    except IntegrityError:
        commenter = Commenter.objects.get(user=user)
    user.commenter = commenter
    return commenter


def commenters_take_over(*, user) -> int:
    """Give a user with a verified address the comments that account-less commenters (imported from a blog)
    wrote with that address, compared ignoring case. Returns how many comments moved. Safe to re-run.

    Only called once the address is verified: an address merely typed in at sign-up proves nothing. The
    comments move to the user's one commenter record (only `commenter` changes, never tree fields) and the
    emptied account-less records are deleted. (Imports, issue 6.)
    """
    if not user.email_verified_at or not user.email:
        return 0
    with transaction.atomic():
        orphans = list(
            Commenter.objects.select_for_update()
            .filter(user__isnull=True, email__iexact=user.email)
            .values_list("pk", flat=True)
        )
        if not orphans:
            return 0
        own = commenter_for_user(user=user)
        moved = Comment.objects.filter(commenter_id__in=orphans).update(commenter=own)
        Commenter.objects.filter(pk__in=orphans, user__isnull=True).exclude(pk=own.pk).delete()
    return moved


def commenter_sync_from_user(*, user) -> None:
    """Copy the user's current name and address to their comment author record, if they have one."""
    Commenter.objects.filter(user=user).update(display_name=user.display_name, email=user.email)


def commenter_anonymize(*, user_id: int, wipe_comments: bool) -> None:
    """Before an account is deleted: its comments stay in their threads under "Former member", their text wiped
    when `wipe_comments` (only status and body change, never tree fields). Call inside the deleting transaction,
    which holds the user row's lock, so no comment author record can be created for the user meanwhile."""
    commenter = Commenter.objects.select_for_update().filter(user_id=user_id).first()
    if commenter is None:
        return
    if wipe_comments:
        wiped = {"status": Comment.Status.DELETED, "body": "", **stored_body_fields("")}
        Comment.objects.filter(commenter=commenter).update(**wiped)
    commenter.display_name = FORMER_MEMBER_NAME
    commenter.email = ""
    commenter.user = None
    commenter.save(update_fields=["display_name", "email", "user"])


def user_may_comment(*, user) -> bool:
    if not (user.is_authenticated and user.is_active) or user.is_sanctioned:
        return False
    if settings.COMMENTS_REQUIRE_VERIFIED_EMAIL and not user.email_verified:
        return False
    return True


def _initial_status() -> str:
    # "check_first": only the author sees a new comment until the care check passes it.
    return Comment.Status.VISIBLE if settings.CARE_MODE == "publish_first" else Comment.Status.PENDING


def comment_create(
    *,
    user,
    post: Post,
    parent_id: int | None,
    body: str,
    form_key: str = "",
    content_note: str = "",
    form_key_unused: bool = False,
) -> Comment:
    """Validate and insert a comment (a new thread, or a reply under `parent_id`).

    Holds the thread's lock (or the new-thread lock) until its transaction commits. Raises CommentRejected and
    writes nothing when the input or the situation does not allow the comment.

    `form_key` (optional) names the form that sent it: the same form sent again, even while the first request
    is still running, returns the comment the first made instead of a second one (the unique constraint on
    commenter and key decides, so it holds across processes). The same key with other words or another place
    raises CommentRejected (409). Under READ COMMITTED (PostgreSQL's default) this also holds inside a caller's
    transaction: the insert runs in a savepoint, and the row it collided with is committed, so readable.
    `form_key_unused`: the caller has just found no comment with this key (selectors.comment_form_key_used), so
    it is not looked for again before the insert; a twin that commits meanwhile is still caught by the constraint.
    """
    if form_key and not form_key_unused:
        existing = _comment_for_form_key(user=user, form_key=form_key)
        if existing is not None:
            return _same_submission(existing, post=post, parent_id=parent_id, body=body)
    try:
        return _comment_insert(
            user=user, post=post, parent_id=parent_id, body=body, form_key=form_key, content_note=content_note
        )
    except IntegrityError:
        # Another request with this key committed while this one waited on the thread's lock or the index.
        existing = _comment_for_form_key(user=user, form_key=form_key) if form_key else None
        if existing is None:
            raise
        return _same_submission(existing, post=post, parent_id=parent_id, body=body)


def _comment_for_form_key(*, user, form_key: str) -> Comment | None:
    return Comment.objects.filter(commenter__user=user, form_key=form_key).select_related("post").first()


def _same_submission(existing: Comment, *, post: Post, parent_id: int | None, body: str) -> Comment:
    """The comment a form already sent, when this POST is that form again; else a 409 that keeps the words."""
    try:
        body = validate_body(body)
    except ValidationError:
        body = None
    if (
        existing.post_id == post.pk
        and existing.parent_id == parent_id
        and body in (existing.body, existing.unchecked_body)
    ):
        return existing
    raise CommentRejected(
        "This form has already sent a comment, so these words were not added to it. Please send them again.", status=409
    )


@transaction.atomic
def _comment_insert(
    *, user, post: Post, parent_id: int | None, body: str, form_key: str, content_note: str = ""
) -> Comment:
    if not user_may_comment(user=user):
        raise CommentRejected("Please sign in (with a verified e-mail address) to comment.", status=403)
    if not post.published:
        raise CommentRejected("This post is not published.", status=404)
    if not post.comments_open:
        raise CommentRejected("Comments are closed on this post.", status=403)
    try:
        body = validate_body(body)
        content_note = validate_content_note(content_note)
    except ValidationError as error:
        raise CommentRejected(error.messages[0]) from None

    # Before the thread's lock, so other writers need not wait for them: the commenter, and the body's HTML.
    commenter = commenter_for_user(user=user)
    html_fields = stored_body_fields(body)
    parent = None
    if parent_id is not None:
        try:
            parent = trees.lock_node(parent_id)
        except Comment.DoesNotExist:
            raise CommentRejected("The comment you are replying to no longer exists.", status=404) from None
        if parent.post_id != post.pk:
            raise CommentRejected("That comment belongs to another post.", status=400)
        if parent.status in _CLOSED_PARENT_STATUSES:
            raise CommentRejected("The comment you are replying to was deleted or removed.", status=409)
        if parent.status != Comment.Status.VISIBLE and parent.commenter.user_id != user.pk:
            raise CommentRejected("The comment you are replying to no longer exists.", status=404)

    comment = Comment(
        post=post,
        commenter=commenter,
        body=body,
        **html_fields,
        status=_initial_status(),
        form_key=form_key,
        content_note=content_note,
    )
    trees.insert(comment, parent=parent)
    hooks.comment_created(comment_id=comment.pk)
    return comment


@transaction.atomic
def comment_publish(*, comment: Comment) -> bool:
    """The one place where a comment becomes visible to everyone: after its care check, or a moderator's approval.

    Shows the newest checked text. Returns True the first time the comment is published, which is when the
    people in the conversation may hear of it; re-publishing an edit returns False. Safe to re-run.
    """
    current = Comment.objects.select_for_update(of=("self",)).get(pk=comment.pk)
    first_time = current.published_at is None
    now = timezone.now()
    fields = {
        "status": Comment.Status.VISIBLE,
        "body": current.unchecked_body or current.body,
        "unchecked_body": "",
        "published_at": current.published_at or now,
    }
    if current.unchecked_body:
        fields.update(stored_body_fields(fields["body"]))  # the checked edit is what everyone reads now
    Comment.objects.filter(pk=comment.pk).update(**fields)
    for name, value in fields.items():
        setattr(comment, name, value)
    if first_time and not current.source:
        # Imported history is never announced, not even when a moderator approves it.
        hooks.comment_published(comment_id=comment.pk)
    return first_time


def comments_publish(*, comments: list[Comment]) -> list[int]:
    """comment_publish for many comments at once (the care check's batches): one UPDATE, and one
    `comments_published` announcement for those published for the first time (imported history excepted).

    The caller must hold the rows' locks (SELECT FOR UPDATE) and have loaded them under them, so their
    `published_at`, `body` and `unchecked_body` are current. Updates the objects. Returns the ids published for the
    first time. Safe to re-run.
    """
    if not comments:
        return []
    now = timezone.now()
    Comment.objects.filter(pk__in=[comment.pk for comment in comments]).update(
        status=Comment.Status.VISIBLE,
        body=Case(When(unchecked_body="", then=F("body")), default=F("unchecked_body")),
        unchecked_body="",
        published_at=Coalesce(F("published_at"), Value(now)),
    )
    first, edited = [], []
    for comment in comments:
        if comment.published_at is None and not comment.source:
            first.append(comment.pk)
        if comment.unchecked_body:
            edited.append(comment)
        comment.status, comment.body = Comment.Status.VISIBLE, comment.unchecked_body or comment.body
        comment.unchecked_body, comment.published_at = "", comment.published_at or now
    for comment in edited:
        # A checked edit is what everyone reads now: its HTML is stored as comment_publish stores it (rare).
        fields = stored_body_fields(comment.body)
        Comment.objects.filter(pk=comment.pk).update(**fields)
        for name, value in fields.items():
            setattr(comment, name, value)
    if first:
        hooks.comments_published(comment_ids=first)
    return first


def comment_editable_until(comment: Comment):
    return comment.created + timedelta(minutes=settings.COMMENT_EDIT_WINDOW_MINUTES)


def comment_can_edit(*, comment: Comment, user) -> bool:
    return (
        user.is_authenticated
        and comment.commenter.user_id == user.pk
        and comment.status in (Comment.Status.VISIBLE, Comment.Status.PENDING, Comment.Status.HELD)
        and timezone.now() <= comment_editable_until(comment)
    )


def comment_edit(*, comment: Comment, user, body: str, content_note: str | None = None) -> Comment:
    """Replace the text of the author's own comment within the edit window. Tree fields are not touched.

    `content_note` (issue 15), when given, replaces the writer's content note at once: it is one of a fixed list,
    so it needs no care check."""
    if not comment_can_edit(comment=comment, user=user):
        raise CommentRejected("This comment can no longer be edited.", status=403)
    try:
        body = validate_body(body)
        if content_note is not None:
            content_note = validate_content_note(content_note)
    except ValidationError as error:
        raise CommentRejected(error.messages[0]) from None
    now = timezone.now()
    with transaction.atomic():
        current = Comment.objects.select_for_update(of=("self",)).get(pk=comment.pk)
        fields = {"edited": now, "revision": current.revision + 1}
        if content_note is not None:
            fields["content_note"] = content_note
        if current.status == Comment.Status.VISIBLE:
            # Others keep the last checked text until the care check has seen this revision.
            fields["unchecked_body"] = body
        else:
            fields.update(body=body, **stored_body_fields(body))
        Comment.objects.filter(pk=comment.pk).update(**fields)
        hooks.comment_text_changed(comment_id=comment.pk)
    for name, value in fields.items():
        setattr(comment, name, value)
    return comment


@transaction.atomic
def comment_staff_update(*, comment: Comment, staff_user, body: str | None = None, status: str | None = None) -> dict:
    """Staff change a comment's text or status (the admin). Returns {field: (before, after)} of what changed.

    Locks the comment row; never touches tree fields. A new text is a new revision (checked after commit); a
    comment that becomes visible goes through comment_publish (its published time and notifications); every
    change is announced (`comment_changed_by_staff`, in this transaction) for the moderation audit log.
    """
    current = Comment.objects.select_for_update(of=("self",)).get(pk=comment.pk)
    changes: dict = {}
    fields: dict = {}
    if body is not None and body != current.body:
        changes["body"] = (current.body, body)
        fields.update(body=body, unchecked_body="", revision=current.revision + 1, **stored_body_fields(body))
    if status is not None and status != current.status:
        changes["status"] = (current.status, status)
        if status != Comment.Status.VISIBLE:
            fields["status"] = status
    if fields:
        Comment.objects.filter(pk=comment.pk).update(**fields)
        for name, value in fields.items():
            setattr(comment, name, value)
    if changes.get("status", (None, None))[1] == Comment.Status.VISIBLE:
        comment_publish(comment=comment)
    if "revision" in fields:
        hooks.comment_text_changed(comment_id=comment.pk)
    if changes:
        hooks.comment_changed_by_staff(comment_id=comment.pk, user_id=staff_user.pk, changes=changes)
    return changes


def comment_can_delete(*, comment: Comment, user) -> bool:
    return user.is_authenticated and comment.commenter.user_id == user.pk and comment.status != Comment.Status.DELETED


def comment_delete(*, comment: Comment, user) -> Comment:
    """The author deletes their comment: the text is wiped, the node stays so replies keep their place.

    Pages show a "comment deleted" tombstone while it has visible replies and nothing otherwise.
    """
    if not comment_can_delete(comment=comment, user=user):
        raise CommentRejected("You can only delete your own comments.", status=403)
    # The text goes at once, unless an app above still needs it (an open review item: it goes when resolved).
    keep_text = any(hooks.comment_text_needed(comment_id=comment.pk))
    fields = {"status": Comment.Status.DELETED}
    if not keep_text:
        fields.update(body="", unchecked_body="", **stored_body_fields(""))
    Comment.objects.filter(pk=comment.pk).update(**fields)
    for name, value in fields.items():
        setattr(comment, name, value)
    return comment


@transaction.atomic
def comment_purge(*, comment_id: int) -> int:
    """Remove a comment and its replies from the database for good (operators only). Safe to re-run.

    Holds the thread's lock until the caller's transaction commits. `subtree_purging` runs in the same
    transaction, under that lock, with the ids about to go (so no reply can slip in between the hook and the
    delete): imports remembers the imported ones there, so a later import does not bring them back.
    """
    try:
        node = trees.lock_node(comment_id)
    except Comment.DoesNotExist:
        return 0
    subtree = Comment.objects.filter(tree_id=node.tree_id, lft__gte=node.lft, rght__lte=node.rght)
    hooks.subtree_purging(comment_ids=list(subtree.values_list("pk", flat=True)))
    return trees.delete_subtree(comment_id)


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    others = Post.objects.exclude(pk=exclude_pk)
    return unique_slug(title, taken=lambda slug: others.filter(slug=slug).exists())


@transaction.atomic
def post_save(
    *,
    author,
    title: str,
    body: str,
    published: bool,
    comments_open: bool,
    post: Post | None = None,
    slug: str = "",
) -> Post:
    """Create a post (post=None) or update one; the slug is made from the title once (or given, by staff in the
    admin) and then kept. A changed title or body is a new revision; the care check reads it after commit."""
    if post is None:
        post = Post(author=author, slug=slug or _unique_slug(title))
    elif slug:
        post.slug = slug
    title, body = title.strip(), body.strip()
    if post.pk and (title, body) != (post.title, post.body):
        post.revision += 1  # a new text for the care check to read
    post.title, post.body = title, body
    post.comments_open = comments_open
    if published and not post.published_at:
        post.published_at = timezone.now()
    post.published = published
    post.save()
    hooks.post_text_changed(post_id=post.pk)
    return post


@transaction.atomic
def post_delete(*, post: Post) -> int:
    """Delete a post and its comments; returns how many comments went. `post_deleting` and each thread's
    `subtree_purging` run in this transaction (imports remembers imported rows, so a later import does not bring
    them back).

    Each thread is removed through the locked tree service, never by a cascade outside the locks. Holds the
    new-thread lock (then each thread's lock) until the caller's transaction commits, so no reply or new
    thread can slip in between.
    """
    trees.lock_new_trees()
    hooks.post_deleting(post_id=post.pk)
    removed = 0
    for root_id in list(post.comments.filter(parent__isnull=True).values_list("pk", flat=True)):
        removed += comment_purge(comment_id=root_id)
    post.delete()
    return removed


# A visit this long after the one before starts a new one: "new since your last visit" compares with the earlier.
VISIT_GAP = timedelta(minutes=30)


def post_visit_record(*, user, post: Post, now=None):
    """Record that a signed-in reader opened the post's conversation; return the time its "new" markers compare
    with (None on a first visit: nothing is marked). Two queries after the first visit; a race between two tabs
    only moves a time."""
    now = now or timezone.now()
    visit = PostVisit.objects.filter(user=user, post=post).values("seen_at", "since").first()
    if visit is None:
        since = None
    elif now - visit["seen_at"] > VISIT_GAP:
        since = visit["seen_at"]
    else:
        since = visit["since"]
    if visit is not None:
        PostVisit.objects.filter(user=user, post=post).update(seen_at=now, since=since)
        return since
    try:
        with transaction.atomic():
            PostVisit.objects.create(user=user, post=post, seen_at=now, since=None)
    except IntegrityError:
        pass  # the same reader's other tab recorded the first visit a moment ago
    return since


def comment_bodies_store(*, model=None, batch_size: int = 500) -> int:
    """Store the HTML of every comment body whose stored HTML is missing or was made by another renderer version
    or from another text (see comments.text.body_html_key); returns how many it wrote. Safe to re-run and to run
    while the site is up: each batch locks its rows while it reads and writes them. `model` lets a migration pass
    its historical Comment."""
    model = model or Comment
    written, last = 0, 0
    while True:
        with transaction.atomic():
            rows = list(
                model.objects.select_for_update()
                .filter(pk__gt=last)
                .order_by("pk")
                .values_list("pk", "body", "body_html_key")[:batch_size]
            )
            if not rows:
                return written
            last = rows[-1][0]
            stale = [
                model(pk=pk, **stored_body_fields(body))
                for pk, body, key in rows
                if key != (body_html_key(body) if body else "")
            ]
            if stale:
                model.objects.bulk_update(stale, ["body_html", "body_html_key"])
                written += len(stale)
