"""Reads for one review item's page: its text with the evidence marked, conversation, history."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from comments.models import Comment, Post

from ..models import CareFlag, ModerationAction, Report, ReviewAction, ReviewItem
from ..services.items import claim_active
from .audit import audit_for_item
from .queue import QueueFilters, _neighbours, flags_graphic

Status = ReviewItem.Status
CommentStatus = Comment.Status


def evidence_spans(text: str, flags: Iterable[CareFlag], *, within: str = "text") -> list[tuple[int, int, str]]:
    """Where each flag's evidence sits in `text`: its recorded offsets when they still match, else the first
    place the evidence text occurs (a post's offsets count its title; an edit moves them). Unfound spans drop.
    within="parent": the spans a reply's flags found in the comment it answers, for showing in that comment."""
    spans = []
    for flag in flags:
        for evidence in flag.evidence or []:
            if not isinstance(evidence, dict) or evidence.get("in", "text") != within:
                continue
            snippet = str(evidence.get("text", ""))
            start, end = evidence.get("start"), evidence.get("end")
            rule = f"{flag.category}: {evidence.get('rule', '')}"
            if not snippet:
                continue
            if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
                if text[start:end] == snippet:
                    spans.append((start, end, rule))
                    continue
            found = text.find(snippet)
            if found >= 0:
                spans.append((found, found + len(snippet), rule))
    return spans


def highlight(text: str, spans: list[tuple[int, int, str]]) -> SafeString:
    """The text, escaped, with evidence spans in <mark>. Overlapping spans merge. Line breaks are kept by CSS
    (white-space: pre-wrap), and links stay plain text: moderators never click through from evidence."""
    merged: list[list] = []
    for start, end, rule in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            if rule not in merged[-1][2]:
                merged[-1][2].append(rule)
        else:
            merged.append([start, end, [rule]])
    parts, position = [], 0
    for start, end, rules in merged:
        parts.append(escape(text[position:start]))
        parts.append(format_html('<mark class="evidence" title="{}">{}</mark>', "; ".join(rules), text[start:end]))
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - every piece is escaped above


@dataclass
class ContextComment:
    comment: Comment
    relation: str  # "earlier", "parent", "this", "reply"
    body_html: SafeString
    graphic: bool
    status_label: str


@dataclass
class FlagView:
    flag: CareFlag
    rules: list[str]
    current: bool  # flags the revision moderators are reading now


@dataclass
class AuthorHistory:
    user: object | None
    display_name: str
    joined: datetime | None
    comment_count: int
    flag_counts: list[tuple[str, int]]
    dismissed_flags: int
    resolutions: list[tuple[str, int]]
    actions: list[ModerationAction]

    @property
    def account_age(self) -> timedelta | None:
        return timezone.now() - self.joined if self.joined else None

    @property
    def suspended(self) -> bool:
        user = self.user
        return bool(user and user.suspended_until and user.suspended_until > timezone.now())

    @property
    def banned(self) -> bool:
        return bool(self.user and self.user.banned_at)


@dataclass
class ItemDetail:
    item: ReviewItem
    post: Post
    comment: Comment | None
    body_html: SafeString
    pending_edit_html: SafeString | None
    graphic: bool
    flags: list[FlagView]
    reports: list[Report]
    conversation: list[ContextComment]
    history: AuthorHistory
    actions: list[ModerationAction]
    claimed: bool
    claimed_by_me: bool
    previous_id: int | None = None
    next_id: int | None = None
    categories: list[str] = field(default_factory=list)

    @property
    def author(self):
        return self.history.user


_STATUS_LABELS = {
    CommentStatus.PENDING: "awaiting the automatic check",
    CommentStatus.HELD: "held: only its author and moderators can see it",
    CommentStatus.REMOVED: "removed by a moderator",
    CommentStatus.DELETED: "deleted by its author",
    CommentStatus.VISIBLE: "",
}


def _conversation(comment: Comment, live: list[CareFlag]) -> list[ContextComment]:
    """Its ancestors, the comment itself and its direct replies, in reading order (three queries). live: the
    comment's own flags, whose evidence in the parent is highlighted there."""
    ancestors = list(comment.get_ancestors().select_related("commenter"))
    replies = list(comment.get_children().select_related("commenter").order_by("lft"))
    everyone = [*ancestors, *replies]
    flags: dict[int, list[CareFlag]] = {}
    if everyone:
        for flag in CareFlag.objects.filter(comment_id__in=[c.pk for c in everyone], dismissed=False):
            flags.setdefault(flag.comment_id, []).append(flag)
    entries = []
    for position, other in enumerate(ancestors):
        relation = "parent" if position == len(ancestors) - 1 else "earlier"
        entries.append(
            _context_entry(other, relation, flags.get(other.pk, []), cited=live if relation == "parent" else [])
        )
    entries.append(
        ContextComment(comment=comment, relation="this", body_html=mark_safe(""), graphic=False, status_label="")
    )
    entries.extend(_context_entry(reply, "reply", flags.get(reply.pk, [])) for reply in replies)
    return entries


def _context_entry(
    comment: Comment, relation: str, flags: list[CareFlag], *, cited: list[CareFlag] = ()
) -> ContextComment:
    text = "" if comment.status == CommentStatus.DELETED else comment.body
    return ContextComment(
        comment=comment,
        relation=relation,
        body_html=highlight(text, evidence_spans(text, cited, within="parent")),
        graphic=flags_graphic(flags),
        status_label=_STATUS_LABELS.get(comment.status, comment.status),
    )


def author_history(*, user, commenter_id: int | None, exclude_item_id: int | None = None) -> AuthorHistory:
    """What moderators need to know about an author: account age, comments, earlier flags and decisions.
    Never their e-mail address."""
    comment_count = Comment.objects.filter(commenter_id=commenter_id).count() if commenter_id else 0
    flag_rows = (
        CareFlag.objects.filter(comment__commenter_id=commenter_id)
        .values("category", "dismissed")
        .annotate(n=Count("pk"))
        .order_by("category")
        if commenter_id
        else []
    )
    flag_counts: dict[str, int] = {}
    dismissed = 0
    for row in flag_rows:
        if row["dismissed"]:
            dismissed += row["n"]
        else:
            flag_counts[row["category"]] = flag_counts.get(row["category"], 0) + row["n"]
    items = ReviewItem.objects.filter(status=Status.RESOLVED)
    if commenter_id:
        items = items.filter(comment__commenter_id=commenter_id)
    elif user is not None:
        items = items.filter(comment__isnull=True, post__author=user)
    else:
        items = items.none()
    if exclude_item_id:
        items = items.exclude(pk=exclude_item_id)
    resolutions = list(items.values_list("resolution").annotate(n=Count("pk")).order_by("-n"))
    actions = []
    if user is not None:
        actions = list(
            ModerationAction.objects.filter(subject_user=user)
            .exclude(action__in=[ReviewAction.CLAIMED, ReviewAction.RELEASED])
            .select_related("moderator", "item")
            .order_by("-created")[:10]
        )
    return AuthorHistory(
        user=user,
        display_name=user.display_name if user is not None else "",
        joined=user.date_joined if user is not None else None,
        comment_count=comment_count,
        flag_counts=sorted(flag_counts.items()),
        dismissed_flags=dismissed,
        resolutions=[(resolution or "resolved", n) for resolution, n in resolutions],
        actions=actions,
    )


def review_item_detail(*, item_id: int, viewer, filters: QueueFilters | None = None) -> ItemDetail | None:
    """Everything an item page shows, or None. Graphic text is marked so the page folds it away."""
    item = _item_for_detail(item_id)
    if item is None:
        return None
    comment, post = item.comment, item.post
    target = _detail_target(item)
    live = [flag for flag in target.flags if not flag.dismissed]
    pending_edit = comment.unchecked_body if comment is not None else ""
    active = claim_active(item, now=timezone.now())
    previous_id = next_id = None
    if item.status == Status.OPEN:
        previous_id, next_id = _neighbours(item, viewer=viewer, filters=filters or QueueFilters())
    return ItemDetail(
        item=item,
        post=post,
        comment=comment,
        body_html=highlight(target.text, evidence_spans(target.text, live)),
        pending_edit_html=highlight(pending_edit, evidence_spans(pending_edit, live)) if pending_edit else None,
        graphic=flags_graphic(live),
        flags=[_flag_view(flag, revision=target.revision) for flag in target.flags],
        reports=_item_reports(item),
        conversation=_conversation(comment, live) if comment is not None else [],
        history=author_history(user=target.user, commenter_id=target.commenter_id, exclude_item_id=item.pk),
        actions=list(audit_for_item(item)[:200]),
        claimed=active,
        claimed_by_me=active and item.claimed_by_id == viewer.pk,
        previous_id=previous_id,
        next_id=next_id,
        categories=list(dict.fromkeys(flag.category for flag in live)),
    )


def _item_for_detail(item_id: int) -> ReviewItem | None:
    related = ("post", "post__author", "comment", "comment__commenter", "comment__commenter__user")
    return ReviewItem.objects.select_related(*related, "claimed_by", "resolved_by").filter(pk=item_id).first()


@dataclass
class _DetailTarget:
    """What the item is about: its flags, the text they were read in, its revision, and whose writing it is."""

    flags: list
    text: str
    revision: int
    user: object
    commenter_id: int | None


def _detail_target(item: ReviewItem) -> _DetailTarget:
    comment, post = item.comment, item.post
    if comment is not None:
        flags = list(CareFlag.objects.filter(comment=comment).order_by("dismissed", "-score", "pk"))
        text = "" if comment.status == CommentStatus.DELETED else comment.body
        return _DetailTarget(flags, text, comment.revision, comment.commenter.user, comment.commenter_id)
    flags = list(CareFlag.objects.filter(post=post, comment__isnull=True).order_by("dismissed", "-score", "pk"))
    # Imported posts are HTML: show their text.
    return _DetailTarget(flags, post.plain_text(), post.revision, post.author, None)


def _flag_view(flag: CareFlag, *, revision: int) -> FlagView:
    rules = list(dict.fromkeys(str(e.get("rule", "")) for e in flag.evidence or [] if isinstance(e, dict)))
    return FlagView(flag=flag, rules=rules, current=flag.revision == revision)


def _item_reports(item: ReviewItem) -> list:
    """The item's reports, oldest first. Reporters are readers: the page shows their display name, never their
    address."""
    if item.comment is not None:
        reports = Report.objects.filter(comment=item.comment)
    else:
        reports = Report.objects.filter(post=item.post, comment=None)
    return list(reports.select_related("reporter").order_by("created", "pk"))
