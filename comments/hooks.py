"""What comments announce to the apps above them (core.hooks); handlers are registered in their AppConfig.ready().

Order: handlers run in INSTALLED_APPS order (moderation, then notifications, then imports). The on-commit hooks
are queued in the order the events happen inside one transaction, so `comment_created` handlers run before
`comment_published` ones when a comment is published at once (CARE_MODE=publish_first).
"""

from dataclasses import dataclass

from core.hooks import Hook, Timing

# --- on commit, with ids ---------------------------------------------------------------------------------------
comment_created = Hook(
    "comment_created",
    timing=Timing.ON_COMMIT,
    doc="comment_id: a reader wrote a comment (moderation: check it; notifications: the writer follows the thread).",
)
comment_text_changed = Hook(
    "comment_text_changed",
    timing=Timing.ON_COMMIT,
    doc="comment_id: its author edited it, a new revision (moderation: check it).",
)
comment_published = Hook(
    "comment_published",
    timing=Timing.ON_COMMIT,
    doc="comment_id: a comment written here became visible for the first time (notifications: plan who hears).",
)
comments_published = Hook(
    "comments_published",
    timing=Timing.ON_COMMIT,
    doc=(
        "comment_ids: comments written here became visible for the first time, together (the care check's "
        "batches; notifications: plan who hears of them, in one task)."
    ),
)
post_text_changed = Hook(
    "post_text_changed",
    timing=Timing.ON_COMMIT,
    doc="post_id: a post was created or saved (moderation: check its current revision).",
)

# --- inside the deleting transaction, with ids ---------------------------------------------------------------
subtree_purging = Hook(
    "subtree_purging",
    timing=Timing.IN_TRANSACTION,
    doc=(
        "comment_ids: these comments are about to be deleted for good, under their thread's lock (imports: "
        "remember the imported ones so a later import does not bring them back)."
    ),
)
comment_changed_by_staff = Hook(
    "comment_changed_by_staff",
    timing=Timing.IN_TRANSACTION,
    doc="comment_id, user_id, changes: staff changed its text or status in the admin (moderation: an audit row).",
)
post_deleting = Hook(
    "post_deleting",
    timing=Timing.IN_TRANSACTION,
    doc="post_id: the post is about to be deleted, under the new-thread lock (imports: remember an imported one).",
)

# --- providers: questions comments asks the apps above -----------------------------------------------------
comment_text_needed = Hook(
    "comment_text_needed",
    timing=Timing.PROVIDER,
    doc="comment_id -> bool: keep a deleted comment's text for now (moderation: an open review item needs it).",
)
comment_sent = Hook(
    "comment_sent",
    timing=Timing.PROVIDER,
    doc=(
        "comment_id, new -> str: the request that saved a comment (new, or an edit) is about to answer; a "
        "handler may act at once (moderation: the request's own crisis check) and name an anchor of the page "
        'to open it on ("" for none).'
    ),
)
comment_draft_check = Hook(
    "comment_draft_check",
    timing=Timing.PROVIDER,
    doc=(
        "request, post, parent_id, body, form_key, anyway -> str: a comment form's POST is about to save a new "
        'comment; a handler may answer one calm sentence to show with the form first (nudges), or "" to go on. '
        "`anyway`: the writer chose to post anyway."
    ),
)
page_notices = Hook(
    "page_notices",
    timing=Timing.PROVIDER,
    doc="post, viewer, landed -> list[PageNotice]: notices at the top of a post's pages for this viewer.",
)
post_controls = Hook(
    "post_controls",
    timing=Timing.PROVIDER,
    doc="context, post -> safe HTML: controls beside a post's byline (notifications: follow and mute).",
)
thread_controls = Hook(
    "thread_controls",
    timing=Timing.PROVIDER,
    doc="context, comment, post, tombstone -> safe HTML: controls on a thread's first comment.",
)

comment_menu = Hook(
    "comment_menu",
    timing=Timing.PROVIDER,
    doc="context, comment, post -> safe HTML: <li> items in a comment's menu (notifications: mute its writer).",
)
muted_writers = Hook(
    "muted_writers",
    timing=Timing.PROVIDER,
    doc=(
        "viewer -> set[int]: ids of the users whose comments this viewer has muted, folded for them on the "
        "conversation pages (notifications: writer mutes; none for moderators, who see everything)."
    ),
)
comment_folds = Hook(
    "comment_folds",
    timing=Timing.PROVIDER,
    doc=(
        "comment_ids, viewer -> set[int]: visible comments to fold behind a gentle note for this viewer "
        "(moderation: crisis-flagged ones, for everyone but their writer and moderators)."
    ),
)


@dataclass(frozen=True)
class PageNotice:
    """A panel at the top of a post's pages, rendered from `template` (which gets `focus`)."""

    template: str
    # The page should open on it (the author has just sent what asked for it).
    focus: bool = False


# --- providers for readers (issue 15): a reply's guidance, each comment's own controls, a step before posting ----
reply_notes = Hook(
    "reply_notes",
    timing=Timing.PROVIDER,
    doc="parent, viewer -> safe HTML: notes above a reply form answering `parent` (readers: safe-messaging guidance).",
)
comment_controls = Hook(
    "comment_controls",
    timing=Timing.PROVIDER,
    doc=(
        "context, comment, post -> safe HTML: controls in every visible comment's footer, and under the post itself "
        "when comment is None (readers: support signals). Called once per comment: a handler loads what it needs "
        "once per page and request."
    ),
)
comment_before_create = Hook(
    "comment_before_create",
    timing=Timing.PROVIDER,
    doc=(
        "request, post, data -> HttpResponse | None: a new comment that passed the form and the rate limit is about "
        "to be created; a handler may answer instead (readers: the community guidelines once, keeping the draft on "
        "the server) and create it later through comments.views.comment_submit."
    ),
)
