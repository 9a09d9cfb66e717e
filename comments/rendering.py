"""A conversation's comments as HTML, written in Python: one template include per comment cost most of a page.

The markup is what comments/templates/comments/_comment.html used to give (tests/comments and the browser checks
hold it): the same articles, menu, toolbar, folds and `<bdi>`/`dir="auto"` isolation. Links are built from one
`reverse()` per page, bodies come stored (comments.text.shown_body_html), and only the rare parts (where the reader's
own comment stands) and the apps above (their hook providers) still go through templates.
"""

from html import escape
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import dateformat
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone

from . import hooks
from .models import Comment

Status = Comment.Status
STATE_TEMPLATE = "comments/_comment_state.html"
_NEW_BADGE = '    <span class="badge new-badge">new<span class="visually-hidden"> since your last visit</span></span>\n'
_SENTINEL = 2147480009  # a pk no real comment has, replaced in each link
_EMPTY_BODY = '<div class="comment-body" dir="auto"></div>'


class _Link:
    """One URL pattern with a comment id in it, reversed once: link(pk) is string work, no resolver."""

    def __init__(self, name: str):
        url = reverse(name, kwargs={"pk": _SENTINEL})
        self.head, self.tail = url.split(str(_SENTINEL))

    def __call__(self, pk: int) -> str:
        return f"{self.head}{pk}{self.tail}"


_LINKS: dict[tuple, _Link] = {}


def _link(name: str) -> _Link:
    """The _Link of a URL name, reversed once per process (and per script prefix and URLconf, which reverse reads)."""
    key = (get_script_prefix(), get_urlconf(), name)
    link = _LINKS.get(key)
    if link is None:
        link = _LINKS[key] = _Link(name)
    return link


class PageMarkup:
    """What every comment of one rendered page shares: the viewer, the links and the template context that the
    apps above (comment_controls, comment_menu, thread_controls) and the reader's own comment state read."""

    def __init__(self, context, *, hide_actions: bool = False):
        self.context = context
        self.user = context.get("user")
        self.signed_in = bool(self.user is not None and self.user.is_authenticated)
        self.may_report = self.signed_in and not self.user.is_sanctioned
        self.post = context.get("post")
        self.on_thread_page = bool(context.get("post_page_url"))
        self.hide_actions = hide_actions or bool(context.get("hide_actions"))
        landing, checking = context.get("landing"), context.get("checking")
        # The only comments that show where the reader's own writing stands (rendered from STATE_TEMPLATE).
        self.state_ids = {item.pk for item in (getattr(landing, "comment", None), checking) if item is not None}
        self.permalink = _link("comments:permalink")
        self.thread = _link("comments:thread")
        self.edit = _link("comments:comment_edit")
        self.delete = _link("comments:comment_delete")
        self.reply = _link("comments:comment_reply")
        self.report = _link("moderation:comment_report")
        self.login = reverse("accounts:login")
        self._layer = None  # the context layer conversation() opens for the comment being drawn
        self._days: dict = {}
        self._zone = get_current_timezone()

    def times(self, value) -> tuple[str, str]:
        """The `date` filter's "Y-m-d\\TH:i:sO" and "j M Y, H:i" in the current time zone; the day part (with its
        translated month) is formatted once per day on the page, the rest by strftime."""
        local = value.astimezone(self._zone)  # localtime(value), without looking the zone up for every comment
        day = self._days.get(local.date())
        if day is None:
            day = self._days[local.date()] = dateformat.format(local, "j M Y")
        return local.strftime("%Y-%m-%dT%H:%M:%S%z"), f"{day}, {local:%H:%M}"

    # --- the apps above and the rare parts ---------------------------------------------------------------------

    def _provided(self, hook, entry, **kwargs) -> str:
        """What the apps above give for this comment; they find it in the context as `entry` and `comment`."""
        if self._layer is None:
            with self.context.push(entry=entry, comment=entry.comment):
                return "".join(conditional_escape(html) for html in hook(context=self.context, **kwargs))
        self._layer["entry"], self._layer["comment"] = entry, entry.comment  # one layer for the page, not each call
        return "".join(conditional_escape(html) for html in hook(context=self.context, **kwargs))

    def _state(self, entry) -> str:
        template = self.context.template.engine.get_template(STATE_TEMPLATE)
        with self.context.push(entry=entry, comment=entry.comment):
            return template.render(self.context)

    # --- one comment -------------------------------------------------------------------------------------------

    def menu(self, entry, name: str, *, tombstone: bool) -> str:
        comment = entry.comment
        pk, root = comment.pk, comment.parent_id is None
        by = "" if tombstone else f" for the comment by <bdi>{name}</bdi>"
        items = []
        if not tombstone:
            collapse = " this thread" if root else " this reply and its answers"
            items.append(
                f'<li hidden data-collapse-item><button type="button" class="link-button" data-collapse="{pk}">'
                f"Collapse{collapse}</button></li>"
                f'<li><a href="{self.permalink(pk)}">Link to this comment</a></li>'
            )
        if root and not self.on_thread_page:
            items.append(f'<li><a href="{self.thread(pk)}">This thread on its own page</a></li>')
        if entry.can_edit:
            items.append(f'<li><a href="{self.edit(pk)}">Edit</a></li>')
        if entry.can_delete:
            items.append(f'<li><a href="{self.delete(pk)}">Delete</a></li>')
        if (
            not tombstone
            and self.may_report
            and comment.status == Status.VISIBLE
            and comment.commenter.user_id != self.user.pk
        ):
            items.append(
                f'<li><a class="report-link" href="{self.report(pk)}" rel="nofollow">Report<span '
                f'class="visually-hidden"> this comment by <bdi>{name}</bdi></span></a></li>'
            )
        if root and self.signed_in and not self.on_thread_page:
            controls = self._provided(
                hooks.thread_controls, entry, comment=comment, post=self.post, tombstone=tombstone
            )
            items.append(f"<li>{controls}</li>")
        if not tombstone and self.signed_in:
            items.append(self._provided(hooks.comment_menu, entry, comment=comment, post=self.post))
        return (
            '<details class="comment-menu" data-comment-menu>\n  <summary class="action menu-button">More<span '
            f'class="visually-hidden"> actions{by}</span></summary>\n  <ul class="menu-items">\n    '
            + "\n    ".join(items)
            + "\n  </ul>\n</details>"
        )

    def tombstone(self, entry) -> str:
        comment = entry.comment
        text = escape(entry.tombstone)
        footer = ""
        if comment.parent_id is None and self.signed_in and not self.on_thread_page and not self.hide_actions:
            # Its replies still notify the thread's followers: the follow buttons stay.
            footer = f'<footer class="comment-actions">{self.menu(entry, "", tombstone=True)}</footer>'
        return (
            f'\n<article class="comment tombstone" id="c{comment.pk}" aria-label="{text}">\n'
            f'  <p class="tombstone-text">{text}</p>\n  {footer}\n</article>\n'
        )

    def comment(self, entry) -> str:
        if entry.tombstone:
            return self.tombstone(entry)
        comment = entry.comment
        pk, commenter = comment.pk, comment.commenter
        name = escape(commenter.display_name)
        classes = "comment" + (" under-review" if entry.label else "") + (" flattened" if entry.flattened else "")
        if commenter.url and not commenter.user_id:  # imports: an old blog's commenters keep their web site
            author = f'<a href="{escape(commenter.url)}" rel="nofollow ugc noopener"><bdi>{name}</bdi></a>'
        else:
            author = f"<bdi>{name}</bdi>"
        stamp, shown = self.times(comment.created)
        parts = [
            f'\n<article class="{classes}" id="c{pk}" aria-labelledby="c{pk}-by">\n  <header class="comment-meta">\n'
            f'    <h3 class="comment-author" id="c{pk}-by">{author}</h3>\n'
            f'    <span class="comment-time"><time datetime="{stamp}">{shown}</time></span>\n'
        ]
        if comment.edited:
            parts.append('    <span class="edited">edited</span>\n')
        if entry.new:
            parts.append(_NEW_BADGE)
        if entry.edit_pending:
            parts.append('    <span class="badge">Only you can see this edit while it is being checked</span>\n')
        if entry.label:
            who = "Staff view: " if entry.staff_view else "Only you can see this while it is "
            parts.append(f'    <span class="badge" data-review-badge>{who}{escape(entry.label)}</span>\n')
        parts.append("  </header>\n")
        if pk in self.state_ids:
            parts.append(self._state(entry))
        fold = entry.fold
        note = escape(comment.content_note)
        if fold:
            if fold == "muted":
                summary = f"You muted <bdi>{name}</bdi>. Show this comment"
            elif fold == "care":
                summary = "This comment shares something painful. Open it when you feel ready"
            else:
                summary = f"Content note: {note}. Show this comment"
            parts.append(f'  <details class="fold fold-{fold}" data-fold>\n  <summary>{summary}</summary>\n')
            if fold != "note" and note:
                parts.append(f'<p class="content-note-label">Content note: {note}</p>\n')
        elif note:
            parts.append(f'  <p class="content-note-label">Content note: {note}</p>\n')
        if entry.replying_to:
            row = entry.row
            if row.parent_shown:
                to = f'<a href="{self.permalink(comment.parent_id)}"><bdi>{escape(row.parent_name)}</bdi></a>'
            else:
                to = "a comment that is no longer shown"
            parts.append(f'  <p class="replying-to">replying to {to}</p>\n')
        parts.append(f"  {entry.body_html or _EMPTY_BODY}\n")
        if not self.hide_actions:
            parts.append(self.actions(entry, name))
        if fold:
            parts.append("  </details>\n")
        parts.append("</article>\n")
        return "".join(parts)

    def actions(self, entry, name: str) -> str:
        """The footer: one toolbar (threads.js gives it one tab stop and arrow keys) with reply, the apps' controls
        and the menu."""
        comment = entry.comment
        pk, visible = comment.pk, comment.status == Status.VISIBLE
        reply_url = self.reply(pk)
        parts = [
            '  <footer class="comment-actions">\n'
            f'    <div class="comment-toolbar" data-comment-toolbar data-label="Actions for the comment by {name}">\n'
        ]
        if entry.can_reply:
            parts.append(
                f'      <a class="action reply-link" href="{reply_url}" data-reply-to="{pk}" data-reply-name="{name}">'
                f'Reply<span class="visually-hidden"> to <bdi>{name}</bdi></span></a>\n'
            )
        elif not self.signed_in and self.post.comments_open and visible:
            parts.append(
                f'      <a class="action" href="{self.login}?next={quote(reply_url, safe="/")}">Log in to reply</a>\n'
            )
        if visible:
            parts.append(self._provided(hooks.comment_controls, entry, comment=comment, post=self.post))
        parts.append(self.menu(entry, name, tombstone=False))
        parts.append("\n    </div>\n  </footer>\n")
        return "".join(parts)

    # --- a page ------------------------------------------------------------------------------------------------

    def conversation(self, entries, closing) -> SafeString:
        """The items of a conversation's <ol>: each entry's list markup, then its comment or "more replies" line."""
        parts = []
        try:
            with self.context.push() as self._layer:
                for entry in entries:
                    parts.append(entry.before)
                    if entry.kind == "more":
                        count = entry.more.count
                        parts.append(
                            f'\n  <p class="more-replies"><a href="{escape(entry.more.url)}">{count} more '
                            f"repl{'y' if count == 1 else 'ies'}</a></p>\n"
                        )
                    else:
                        parts.append(self.comment(entry))
        finally:
            self._layer = None  # the layer is popped: later hooks push their own again
        parts.append(closing)
        return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or already safe
