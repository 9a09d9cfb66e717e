"""WordPress WXR (1.0 to 1.2) exports: posts with their comment threads, one <item> at a time."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import unquote, urlsplit

from django.contrib.auth import get_user_model
from django.db import DatabaseError, transaction
from django.utils.text import slugify

from comments.models import Post

from .core import (
    ANONYMOUS,
    APPROVED,
    COMMENT,
    DELETED_HERE,
    PENDING,
    PING,
    SPAM,
    TRASH,
    ImportOptions,
    ImportReport,
    People,
    PostFailed,
    StagedComment,
    conversation_import,
    unique_slug,
)
from .deletions import deleted_imports_among
from .models import DeletedImport
from .text import clean_email, clean_line, comment_html_to_text, parse_rfc822, parse_wp_datetime, post_html_clean
from .xmlsource import ExportUnreadable, child_text, iter_elements, open_export, tag_key

PUBLISHED_STATUSES = {"publish"}
UNPUBLISHED_STATUSES = {"draft", "pending", "private", "future"}
_APPROVAL = {"1": APPROVED, "approve": APPROVED, "0": PENDING, "hold": PENDING, "spam": SPAM}
_TRASHED = {"trash", "post-trashed"}


class AuthorsUnmapped(Exception):
    """Some blog authors have no site user: nothing is imported."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class WxrAuthor:
    author_id: str
    login: str
    email: str
    display_name: str


@dataclass
class WxrItem:
    """One <item>, or why it can't be imported (`error`)."""

    post_id: str
    post_type: str
    status: str
    title: str = ""
    creator: str = ""
    slug: str = ""
    link: str = ""
    body_html: str = ""
    created: datetime | None = None
    published_at: datetime | None = None
    comments_open: bool = True
    password_protected: bool = False  # readers needed a password on the old blog
    comments: list[StagedComment] = field(default_factory=list)
    comment_user_ids: dict[str, str] = field(default_factory=dict)  # comment id -> the blog's user id
    error: str = ""

    @property
    def label(self) -> str:
        title = (self.title[:60] + "...") if len(self.title) > 60 else self.title
        return f'post {self.post_id or "?"} "{title}"'


@dataclass
class WxrHeader:
    base_url: str = ""
    authors: dict[str, WxrAuthor] = field(default_factory=dict)
    saw_wxr: bool = False


def read_wxr(path: str, *, light: bool = False, on_progress=None) -> Iterator[WxrHeader | WxrItem]:
    """Stream a WXR file: the header (once the first item starts, or at the end) and then each item.

    With `light`, items carry only what the first pass needs (type, status, author), not their comments.
    Elements are cleared as soon as they are read. Raises ExportUnreadable for a broken or foreign file.
    """
    header = WxrHeader()
    header_sent = False
    depth = 0
    channel = None
    root_seen = False
    with open_export(path) as stream:
        for event, element in iter_elements(stream, path=path):
            key = tag_key(element.tag)
            if event == "start":
                if not root_seen:
                    root_seen = True
                    if key != "rss":
                        raise ExportUnreadable(f"{path} is not a WordPress export (its root element is <{key}>)")
                depth += 1
                if depth == 2 and key == "channel":
                    channel = element
                elif depth == 3 and key == "item" and not header_sent:
                    if not header.saw_wxr:
                        raise ExportUnreadable(f"{path} is an RSS feed, not a WordPress export (no wp:wxr_version)")
                    header_sent = True
                    yield header
                continue
            depth -= 1
            if depth != 2:
                continue
            # A direct child of <channel> is complete.
            if key == "wp:wxr_version":
                header.saw_wxr = True
            elif key == "wp:base_blog_url" or (key == "link" and not header.base_url):
                header.base_url = (element.text or "").strip() or header.base_url
            elif key == "wp:author":
                author = WxrAuthor(
                    author_id=child_text(element, "wp:author_id").strip(),
                    login=child_text(element, "wp:author_login").strip(),
                    email=child_text(element, "wp:author_email").strip(),
                    display_name=child_text(element, "wp:author_display_name").strip(),
                )
                header.authors[author.login] = author
            elif key == "item":
                yield _read_item(element, light=light)
                if on_progress:
                    on_progress(stream.tell())
            if channel is not None:
                channel.clear()  # everything read so far is done with: keep memory flat
    if not root_seen:
        raise ExportUnreadable(f"{path} is empty")
    if not header.saw_wxr:
        raise ExportUnreadable(f"{path} is not a WordPress export (no wp:wxr_version)")
    if not header_sent:
        yield header


def _read_item(element, *, light: bool) -> WxrItem:
    fields: dict[str, str] = {}
    comment_elements = []
    for child in element:
        key = tag_key(child.tag)
        if key == "wp:comment":
            comment_elements.append(child)
        elif key not in fields:
            fields[key] = child.text or ""
    item = WxrItem(
        post_id=fields.get("wp:post_id", "").strip(),
        post_type=fields.get("wp:post_type", "post").strip() or "post",
        status=fields.get("wp:status", "publish").strip() or "publish",
        title=clean_line(fields.get("title", ""), limit=200),
        creator=fields.get("dc:creator", "").strip(),
    )
    if light:
        return item
    try:
        if not item.post_id.isdigit():
            raise ValueError(f"its wp:post_id {item.post_id!r} is not a number")
        item.slug = unquote(fields.get("wp:post_name", "").strip())
        item.link = fields.get("link", "").strip()
        item.body_html = fields.get("content:encoded", "")
        item.created = parse_wp_datetime(fields.get("wp:post_date_gmt", ""), assume_utc=True) or parse_wp_datetime(
            fields.get("wp:post_date", ""), assume_utc=False
        )
        if item.created is None:
            item.created = parse_rfc822(fields.get("pubDate", ""))
        if item.created is None:
            raise ValueError("it has no usable date (wp:post_date_gmt, wp:post_date or pubDate)")
        # A password-protected post was for the people given the password: it never becomes public here.
        item.password_protected = bool(fields.get("wp:post_password", "").strip())
        item.published_at = item.created if item.status in PUBLISHED_STATUSES else None
        item.comments_open = fields.get("wp:comment_status", "open").strip() != "closed"
        for comment_element in comment_elements:
            item.comments.append(_read_comment(comment_element, item))
    except ValueError as error:
        item.error = str(error)
        item.comments = []
    return item


def _read_comment(element, item: WxrItem) -> StagedComment:
    fields: dict[str, str] = {}
    for child in element:
        key = tag_key(child.tag)
        if key not in fields:
            fields[key] = child.text or ""
    comment_id = fields.get("wp:comment_id", "").strip()
    if not comment_id.isdigit():
        raise ValueError(f"a comment's wp:comment_id {comment_id!r} is not a number")
    parent = fields.get("wp:comment_parent", "0").strip() or "0"
    if not parent.isdigit():
        raise ValueError(f"comment {comment_id}: its wp:comment_parent {parent!r} is not a number")
    try:
        created = parse_wp_datetime(fields.get("wp:comment_date_gmt", ""), assume_utc=True) or parse_wp_datetime(
            fields.get("wp:comment_date", ""), assume_utc=False
        )
    except ValueError:
        raise ValueError(f"comment {comment_id}: its date is not in WordPress's format") from None
    if created is None:
        raise ValueError(f"comment {comment_id} has no date")
    approval = fields.get("wp:comment_approved", "1").strip()
    comment_type = fields.get("wp:comment_type", "").strip()
    user_id = fields.get("wp:comment_user_id", "0").strip()
    if user_id and user_id != "0":
        item.comment_user_ids[comment_id] = user_id
    return StagedComment(
        source_id=comment_id,
        parent_id=None if parent == "0" else parent,
        author_name=clean_line(fields.get("wp:comment_author", ""), limit=60) or ANONYMOUS,
        author_email=clean_email(fields.get("wp:comment_author_email", "")),
        author_url=_url(fields.get("wp:comment_author_url", "")),
        created=created,
        body=comment_html_to_text(fields.get("wp:comment_content", "")),
        state=TRASH if approval in _TRASHED else _APPROVAL.get(approval, PENDING),
        kind=PING
        if comment_type in ("pingback", "trackback")
        else (COMMENT if comment_type in ("", "comment") else comment_type),
    )


def _url(value: str) -> str:
    value = clean_line(value, limit=500)
    return value if value.lower().startswith(("http://", "https://")) else ""


def wxr_source(base_url: str) -> str:
    """ "wordpress:<blog address>", the same for every export of one blog."""
    parts = urlsplit(base_url.strip())
    address = f"{parts.netloc.lower()}{parts.path.rstrip('/')}" if parts.netloc else base_url.strip().rstrip("/")
    return f"wordpress:{address}"[:200]


# --- authors ---------------------------------------------------------------------------------------------------


def find_site_user(identifier: str):
    """A site user by e-mail address (their login here, any case) or, failing that, by a display name that
    exactly one user has. Raises LookupError with the reason."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=identifier.strip()).first()
    if user is not None:
        return user
    named = list(User.objects.filter(display_name=identifier.strip())[:2])
    if len(named) == 1:
        return named[0]
    if named:
        raise LookupError(f"more than one site user is called {identifier!r}; use their e-mail address")
    raise LookupError(f"no site user has the e-mail address or display name {identifier!r}")


def resolve_authors(*, header: WxrHeader, logins: set[str], mapping: dict[str, str]) -> dict[str, object]:
    """Blog author login -> site user, for every login that has posts to import. Raises AuthorsUnmapped."""
    users, problems = {}, []
    for login in sorted(logins):
        author = header.authors.get(login)
        try:
            if login in mapping:
                users[login] = find_site_user(mapping[login])
                continue
            if author is None or not author.email:
                raise LookupError("the export gives no e-mail address for this author")
            user = get_user_model().objects.filter(email__iexact=author.email).first()
            if user is None:
                raise LookupError(f"no site user has the address {author.email}")
            if not user.email_verified_at:
                # Anyone can sign up with an address: only a confirmed one says the account is the blog's author.
                raise LookupError(
                    f"the site user with the address {author.email} has not confirmed it yet "
                    "(confirm it first, or map this author with --author)"
                )
            users[login] = user
        except LookupError as error:
            problems.append(f"blog author {login!r}: {error}")
    if problems:
        raise AuthorsUnmapped(
            "cannot tell which site user wrote these posts, so nothing was imported:\n  "
            + "\n  ".join(problems)
            + "\nmap each with --author LOGIN=EMAIL (the site user's e-mail address, or a unique display name)"
        )
    return users


# --- the run ---------------------------------------------------------------------------------------------------


def _wanted(item: WxrItem, options: ImportOptions) -> str | None:
    """Why an item is left out, or None to import it."""
    if item.post_type == "page":
        if not options.include_pages:
            return "pages (use --include-pages)"
    elif item.post_type != "post":
        return f"other content ({item.post_type})"
    if item.status == "trash" and not options.include_trash:
        return "posts in the trash"
    if item.status not in PUBLISHED_STATUSES | UNPUBLISHED_STATUSES | {"trash"}:
        return f"posts with status {item.status!r}"
    return None


def _first_pass(path: str, *, options: ImportOptions, author_map: dict[str, str] | None, source: str, progress):
    """Read the whole file once, writing nothing: its source, the site user of each post author to import, and
    the site user of each blog author id (comments the blog's authors wrote while logged in show as them)."""
    header, logins = None, set()
    for entry in read_wxr(path, light=True, on_progress=progress and (lambda pos: progress.update(pos, "checking"))):
        if isinstance(entry, WxrHeader):
            header = entry
        elif _wanted(entry, options) is None:
            logins.add(entry.creator)
    source = source or (wxr_source(header.base_url) if header.base_url else "")
    if not source:
        raise ExportUnreadable(f"{path} does not say which blog it is from (no wp:base_blog_url); pass --source")
    authors = resolve_authors(header=header, logins=logins, mapping=author_map or {})
    user_by_blog_id = {a.author_id: authors[a.login] for a in header.authors.values() if a.login in authors}
    return source, authors, user_by_blog_id


def import_wordpress(
    *,
    path: str,
    options: ImportOptions,
    author_map: dict[str, str] | None = None,
    source: str = "",
    progress=None,
) -> ImportReport:
    """Import a WXR file: posts (and pages if asked) with their comments. Safe to re-run.

    Two passes over the stream. The first checks that the whole file is well-formed and that every author of a
    post to import maps to a site user, and writes nothing (ExportUnreadable or AuthorsUnmapped otherwise). The
    second imports each post and its conversation in its own transaction: a post that fails is rolled back,
    reported, and the run goes on. With options.dry_run the second pass only reads.
    """
    report = ImportReport(dry_run=options.dry_run)
    source, authors, user_by_blog_id = _first_pass(
        path, options=options, author_map=author_map, source=source, progress=progress
    )
    people = People(source=source, report=report)
    slugs_in_run: set[str] = set()

    def update(pos):
        progress.update(
            pos, f"{report.posts_created + report.posts_existing} posts, {report.comments_created} comments"
        )

    for entry in read_wxr(path, on_progress=progress and update):
        if isinstance(entry, WxrHeader):
            continue
        why = _wanted(entry, options)
        if why:
            report.skipped[why] += 1
            continue
        if entry.error:
            report.error(f"{entry.label}: skipped, {entry.error}")
            continue
        for comment in entry.comments:
            comment.user = user_by_blog_id.get(entry.comment_user_ids.get(comment.source_id, ""))
        checkpoint = report.checkpoint()
        try:
            with transaction.atomic():
                _import_item(
                    entry,
                    source=source,
                    author=authors[entry.creator],
                    options=options,
                    people=people,
                    report=report,
                    slugs_in_run=slugs_in_run,
                )
        except (PostFailed, ValueError, DatabaseError) as error:
            people.discard()
            report.rolled_back(checkpoint, f"{entry.label}: skipped, {error}")
        else:
            people.keep()
    if progress:
        progress.finish()
    return report


def _import_item(item, *, source, author, options, people, report, slugs_in_run) -> None:
    post = Post.objects.filter(source=source, source_id=item.post_id).first()
    if post is None and deleted_imports_among(kind=DeletedImport.Kind.POST, source=source, source_ids=[item.post_id]):
        report.skipped[f"posts {DELETED_HERE}"] += 1
        if item.comments:
            report.skipped[f"comments of posts {DELETED_HERE}"] += len(item.comments)
        report.note(f"{item.label}: skipped, it was {DELETED_HERE}")
        return
    if post is None:
        wanted_slug = item.slug or item.title
        slug = unique_slug(wanted_slug, taken_in_run=slugs_in_run)
        slugs_in_run.add(slug)
        if slug != (slugify(wanted_slug)[:200] or "post"):
            report.note(f"{item.label}: the address {slugify(wanted_slug) or '(none)'!r} is taken; it is {slug!r}")
        report.posts_created += 1
        published = item.status in PUBLISHED_STATUSES and not item.password_protected
        if item.password_protected and item.status in PUBLISHED_STATUSES:
            report.note(f"{item.label}: it was password-protected on the old blog; imported unpublished")
        if not options.dry_run:
            post = Post.objects.create(
                author=author,
                title=item.title or "(untitled)",
                slug=slug,
                body=post_html_clean(item.body_html),
                body_format=Post.BodyFormat.HTML,
                published=published,
                published_at=item.published_at if published else None,
                comments_open=item.comments_open,
                created=item.created,
                source=source,
                source_id=item.post_id,
                source_url=item.link[:500],
            )
    else:
        report.posts_existing += 1
    conversation_import(
        post=post,
        staged=item.comments,
        source=source,
        options=options,
        people=people,
        report=report,
        label=item.label,
    )
