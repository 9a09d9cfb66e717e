"""Lays comment rows out as one flat list with the nesting markup precomputed, so templates never recurse."""

import html as htmllib
import re
from dataclasses import dataclass

import nh3
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from . import services
from .models import Comment
from .selectors import CommentRow, ThreadMore
from .text import body_html, render_text, shown_body_html

Status = Comment.Status

TOMBSTONE_TEXT = {
    Status.DELETED: "Comment deleted",
    Status.REMOVED: "Comment removed by a moderator",
    Status.PENDING: "Comment awaiting review",
    Status.HELD: "Comment awaiting review",
}
# What the author (or staff) sees on a comment not yet public.
REVIEW_LABEL = {Status.PENDING: "being checked", Status.HELD: "awaiting review"}

_EMPTY = mark_safe("")
_OPEN_ITEM = mark_safe('<li class="comment-item">')
_OPEN_REPLIES = mark_safe('<ol class="replies">')


@dataclass
class CommentEntry:
    """A comment (or tombstone) ready for the template."""

    row: CommentRow
    depth: int  # 1 for a thread's first comment; never more than COMMENTS_DISPLAY_DEPTH
    before: SafeString  # list markup to emit before this item
    flattened: bool  # shown at a shallower depth than its parent would give it
    body_html: SafeString
    tombstone: str
    label: str
    staff_view: bool
    edit_pending: bool
    can_reply: bool
    can_edit: bool
    can_delete: bool
    kind: str = "comment"
    # Issue 15, for this viewer: a writer they muted (folded, one click shows it), a crisis-flagged comment folded
    # behind a gentle note, written since their last visit, and the writer's own content note.
    muted_writer: bool = False
    folded: bool = False
    new: bool = False
    own: bool = False

    @property
    def comment(self) -> Comment:
        return self.row.comment

    @property
    def fold(self) -> str:
        """Why the body and actions wait behind a one-click note for this viewer (issue 15), or ""."""
        if self.muted_writer:
            return "muted"
        if self.folded:
            return "care"
        if self.comment.content_note and self.row.shown and not self.own:
            return "note"
        return ""

    @property
    def replying_to(self) -> bool:
        """Say whom it answers when the nesting no longer does."""
        return self.flattened and self.comment.parent_id is not None


@dataclass
class MoreEntry:
    more: ThreadMore
    before: SafeString
    kind: str = "more"


def _body_html(comment: Comment, *, edit_pending: bool) -> SafeString:
    """The body's stored HTML (an edit waiting for its check is shown only to its author, rendered now)."""
    if edit_pending:
        return body_html(comment.unchecked_body)
    return shown_body_html(text=comment.body, stored_html=comment.body_html, stored_key=comment.body_html_key)


def comment_entry(*, row: CommentRow, viewer, post, may_comment: bool) -> CommentEntry:
    """One comment's display state for this viewer, without any layout."""
    comment = row.comment
    own = viewer.is_authenticated and comment.commenter.user_id == viewer.pk
    label = REVIEW_LABEL.get(comment.status, "") if row.shown else ""
    public = comment.status == Status.VISIBLE
    # An edit waiting for the care check: its author reads it at once, everyone else the last checked text.
    # (getattr: the field arrives with the care-check work.)
    edit_pending = bool(own and row.shown and getattr(comment, "unchecked_body", ""))
    return CommentEntry(
        row=row,
        depth=1,
        before=_EMPTY,
        flattened=False,
        # Deleted and tombstoned comments never show their text.
        body_html=_body_html(comment, edit_pending=edit_pending)
        if row.shown and comment.status != Status.DELETED
        else _EMPTY,
        tombstone="" if row.shown else TOMBSTONE_TEXT.get(comment.status, "Comment not available"),
        label=label,
        staff_view=bool(label) and not own,
        edit_pending=edit_pending,
        # Replies hang only under public comments, or under one's own comment while it is checked.
        can_reply=row.shown and post.published and post.comments_open and (public or own) and may_comment,
        can_edit=row.shown and services.comment_can_edit(comment=comment, user=viewer),
        can_delete=row.shown and services.comment_can_delete(comment=comment, user=viewer),
        own=own,
    )


@dataclass(frozen=True)
class Reading:
    """What one viewer's reading changes on a conversation page (issue 15); empty for anonymous visitors."""

    muted: frozenset = frozenset()  # user ids whose comments fold for this viewer
    folded: frozenset = frozenset()  # comment ids folded behind a gentle note
    new_since: object = None  # a datetime: comments by others written after it are marked new


def _apply_reading(entry: CommentEntry, reading: Reading) -> None:
    comment = entry.comment
    if not entry.row.shown or entry.own:
        return
    entry.muted_writer = comment.commenter.user_id is not None and comment.commenter.user_id in reading.muted
    entry.folded = comment.pk in reading.folded
    entry.new = reading.new_since is not None and comment.created > reading.new_since


def conversation_entries(
    *,
    rows: list[CommentRow],
    viewer,
    post,
    may_comment: bool,
    more: dict[int, ThreadMore] | None = None,
    reading: Reading | None = None,
) -> tuple[list, SafeString]:
    """Rows in tree order to (entries, closing markup) for one loop over nested <ol>/<li> lists.

    Iterative on purpose: a stack of the open ancestors replaces recursion, so a 1,000-deep chain costs a
    loop, not 1,000 nested template calls. Past COMMENTS_DISPLAY_DEPTH, replies stay at that depth
    ("flattened") and say whom they answer. Rows whose parent is not on the page (the start of a
    continuation page) begin again at depth 1.
    """
    max_depth = settings.COMMENTS_DISPLAY_DEPTH
    more = more or {}
    entries: list = []
    open_depth = 0  # how many <li> are open
    stack: list[tuple[int, int, int]] = []  # (pk, rght, depth) of the open ancestors on this page
    current_tree = None

    def close_to(depth: int) -> str:
        """Markup that leaves `depth` <li> open, then lets a sibling or a "more" line follow."""
        nonlocal open_depth
        markup = ""
        if open_depth > depth:
            markup = "</li>" + "</ol></li>" * (open_depth - depth - 1) + "</ol>"
            open_depth = depth
        return markup

    def finish_thread() -> None:
        if current_tree in more:
            before = close_to(1)
            entries.append(MoreEntry(more=more[current_tree], before=mark_safe(before)))

    for row in rows:
        comment = row.comment
        if comment.tree_id != current_tree:
            finish_thread()
            current_tree = comment.tree_id
            stack.clear()
        while stack and stack[-1][1] < comment.lft:
            stack.pop()
        parent_depth = stack[-1][2] if stack else 0
        depth = min(parent_depth + 1, max_depth)
        directly_under_parent = bool(stack) and stack[-1][0] == comment.parent_id
        flattened = comment.parent_id is not None and (depth <= parent_depth or not directly_under_parent)

        if open_depth == 0:
            before = _OPEN_ITEM
        elif depth > open_depth:
            before = _OPEN_REPLIES + _OPEN_ITEM
        else:
            before = "</li>" + "</ol></li>" * (open_depth - depth) + _OPEN_ITEM
        open_depth = depth
        stack.append((comment.pk, comment.rght, depth))

        entry = comment_entry(row=row, viewer=viewer, post=post, may_comment=may_comment)
        entry.depth, entry.before, entry.flattened = depth, mark_safe(before), flattened
        if reading is not None:
            _apply_reading(entry, reading)
        entries.append(entry)
    finish_thread()
    closing = "</li>" + "</ol></li>" * (open_depth - 1) if open_depth else ""
    return entries, mark_safe(closing)


@dataclass(frozen=True)
class Preview:
    body_html: SafeString
    note: str


def comment_preview(*, body: str, note: str) -> Preview:
    """A reply as it would show once posted: the same rendering and sanitizing as comment_entry's."""
    return Preview(body_html=render_text(body), note=note)


def reply_url(comment: Comment) -> str:
    return reverse("comments:comment_reply", kwargs={"pk": comment.pk})


# --- post bodies (imports: issue 6) ------------------------------------------------------------------------

# What an imported (HTML) post body may keep. Sanitized when stored and again here, so only nh3's output is
# ever marked safe, whatever else writes the field.
POST_HTML_TAGS = {
    "p", "br", "a", "strong", "em", "b", "i", "u", "s", "del", "ins", "sub", "sup", "mark", "small",
    "blockquote", "q", "cite", "ul", "ol", "li", "dl", "dt", "dd", "h2", "h3", "h4", "h5", "h6", "pre", "code",
    "hr", "figure", "figcaption", "img", "table", "thead", "tbody", "tr", "th", "td", "caption",
}  # fmt: skip
POST_HTML_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
POST_LINK_REL = "nofollow noopener"
_BLOCK_TAG = re.compile(
    r"<(?:/?(?:p|div|li|h[1-6]|blockquote|pre|tr|figure|figcaption|ul|ol|table)\b[^>]*|br\s*/?)>", re.I
)
_BLANK_LINES = re.compile(r"\n\s*\n\s*")


def sanitize_post_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=POST_HTML_TAGS,
        attributes=POST_HTML_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=POST_LINK_REL,
    )


def post_body_html(post) -> SafeString:
    """A post's body for the page: plain text as every site post, imported HTML through the allow-list."""
    if post.body_format == post.BodyFormat.HTML:
        return mark_safe(sanitize_post_html(post.body))  # noqa: S308 - nh3 output
    return render_text(post.body)


def html_to_plain(html: str) -> str:
    """Sanitized post HTML to plain text: block ends become line breaks, entities are decoded.

    Not imports.text.comment_html_to_text, on purpose: this one runs on every read of an imported post (care
    checks, excerpts) and gives the words only, as the care engine has always read posts; that one runs once, when
    a comment is imported, and writes what readers will see as the comment, so it keeps link addresses, quotes
    ("> "), list items ("- ") and image descriptions. tests/imports/test_growth.py shows the two apart.
    """
    text = nh3.clean(_BLOCK_TAG.sub("\n\n", html), tags=set())
    return _BLANK_LINES.sub("\n\n", htmllib.unescape(text)).strip()
