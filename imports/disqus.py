"""Disqus exports: threads matched to posts, their comments staged on disk first (children may come first)."""

import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from django.db import DatabaseError, transaction
from django.utils.text import slugify

from comments.models import Post

from .core import (
    ANONYMOUS,
    APPROVED,
    DELETED_HERE,
    PENDING,
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
from .text import clean_email, clean_line, comment_html_to_text, parse_iso_datetime, post_html_clean
from .wordpress import find_site_user
from .xmlsource import ExportUnreadable, attr, child_text, iter_elements, open_export, tag_key


class DisqusOptionsInvalid(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


_SCHEMA = """
CREATE TABLE threads (dsq_id TEXT PRIMARY KEY, ident TEXT, forum TEXT, link TEXT, title TEXT, message TEXT,
                      created TEXT, closed INTEGER, deleted INTEGER, seq INTEGER);
CREATE TABLE posts (seq INTEGER PRIMARY KEY, dsq_id TEXT, thread TEXT, parent TEXT, created TEXT, name TEXT,
                    email TEXT, message TEXT, deleted INTEGER, spam INTEGER, approved INTEGER, error TEXT);
CREATE INDEX posts_thread ON posts (thread, seq);
"""


def _flag(element, name: str, default: bool = False) -> bool:
    value = child_text(element, name).strip().lower()
    return default if not value else value == "true"


def _author(element) -> tuple[str, str]:
    for child in element:
        if tag_key(child.tag) == "author":
            name = clean_line(child_text(child, "name"), limit=60) or clean_line(
                child_text(child, "username"), limit=60
            )
            return name or ANONYMOUS, clean_email(child_text(child, "email"))
    return ANONYMOUS, ""


def _ref(element, name: str) -> str:
    for child in element:
        if tag_key(child.tag) == name:
            return attr(child, "dsq:id").strip()
    return ""


def stage_disqus(path: str, db: sqlite3.Connection, *, on_progress=None) -> None:
    """Read the whole export into the staging tables; raises ExportUnreadable. Memory stays flat."""
    db.executescript(_SCHEMA)
    depth, root_seen, root, seq = 0, False, None, 0
    with open_export(path) as stream:
        for event, element in iter_elements(stream, path=path):
            key = tag_key(element.tag)
            if event == "start":
                if not root_seen:
                    root_seen, root = True, element
                    if key != "disqus":
                        raise ExportUnreadable(f"{path} is not a Disqus export (its root element is <{key}>)")
                depth += 1
                continue
            depth -= 1
            if depth != 1:
                continue
            seq += 1
            if key == "thread":
                db.execute(
                    "INSERT OR IGNORE INTO threads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        attr(element, "dsq:id").strip(),
                        child_text(element, "id").strip(),
                        child_text(element, "forum").strip(),
                        child_text(element, "link").strip(),
                        clean_line(child_text(element, "title"), limit=200),
                        child_text(element, "message"),
                        child_text(element, "createdAt").strip(),
                        _flag(element, "isClosed"),
                        _flag(element, "isDeleted"),
                        seq,
                    ),
                )
            elif key == "post":
                name, email = _author(element)
                dsq_id = attr(element, "dsq:id").strip()
                error = "" if dsq_id else "a comment has no dsq:id"
                db.execute(
                    "INSERT INTO posts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        seq,
                        dsq_id,
                        _ref(element, "thread"),
                        _ref(element, "parent") or None,
                        child_text(element, "createdAt").strip(),
                        name,
                        email,
                        child_text(element, "message"),
                        _flag(element, "isDeleted"),
                        _flag(element, "isSpam"),
                        _flag(element, "isApproved", default=True),
                        error,
                    ),
                )
            root.clear()
            if on_progress and seq % 200 == 0:
                on_progress(stream.tell())
    if not root_seen:
        raise ExportUnreadable(f"{path} is empty")


# --- matching threads to posts ---------------------------------------------------------------------------------


# WordPress's plain permalinks (/?p=77, /?page_id=9) name the post in the query, not the path.
_POST_QUERY_KEYS = ("p", "page_id")


def _norm_path(url: str) -> str:
    """A link's path, lower case and without end slashes; keeps a query that names a WordPress post, or every
    plain-permalink link would be "/" and all their threads would land on one post."""
    parts = urlsplit(url.strip())
    path = "/" + unquote(parts.path).strip("/").lower()
    named = sorted((key, value.strip()) for key, value in parse_qsl(parts.query) if key in _POST_QUERY_KEYS)
    return f"{path}?{urlencode(named)}" if named else path


def read_map(path: str) -> dict[str, str]:
    """--map FILE: one "KEY SLUG" pair per line (whitespace or a comma between); KEY is a thread's link, the link's
    path, its Disqus identifier or its dsq:id. Blank lines and lines starting with # are ignored."""
    mapping = {}
    try:
        with open(path, encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, 1):
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                parts = re.split(r"[\s,]+", line)
                if len(parts) != 2:
                    raise DisqusOptionsInvalid(f"--map {path}, line {number}: expected a thread and a post slug")
                mapping[parts[0]] = parts[1]
    except OSError as error:
        raise DisqusOptionsInvalid(f"cannot read --map {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise DisqusOptionsInvalid(f"--map {path} is not UTF-8 text (save it as UTF-8)") from None
    return mapping


@dataclass
class Matcher:
    by_key: dict[str, int]  # --map keys -> post pk
    by_source_url: dict[str, int]
    by_slug: dict[str, int]
    by_imported_slug: dict[str, int]  # only posts brought in by an import

    @classmethod
    def build(cls, mapping: dict[str, str]) -> "Matcher":
        slugs = dict(Post.objects.values_list("slug", "pk"))
        unknown = sorted({slug for slug in mapping.values() if slug not in slugs})
        if unknown:
            raise DisqusOptionsInvalid(f"--map names posts that don't exist here: {', '.join(unknown)}")
        by_key = {}
        for key, slug in mapping.items():
            by_key[key] = slugs[slug]
            if "/" in key:
                by_key[_norm_path(key)] = slugs[slug]
        by_source_url = {
            _norm_path(url): pk for url, pk in Post.objects.exclude(source_url="").values_list("source_url", "pk")
        }
        imported = dict(Post.objects.exclude(source="").values_list("slug", "pk"))
        return cls(by_key=by_key, by_source_url=by_source_url, by_slug=slugs, by_imported_slug=imported)

    def match(self, thread: dict) -> tuple[int | None, str]:
        """(post pk, how) for a thread, or (None, "")."""
        for key in (thread["dsq_id"], thread["ident"], thread["link"]):
            if key and key in self.by_key:
                return self.by_key[key], "--map"
        path = _norm_path(thread["link"]) if thread["link"] else ""
        if path and path in self.by_key:
            return self.by_key[path], "--map"
        if path and path in self.by_source_url:
            return self.by_source_url[path], "its link"
        segments = [s for s in path.split("?")[0].split("/") if s]
        if len(segments) == 2 and segments[0] == "p" and segments[1] in self.by_slug:
            return self.by_slug[segments[1]], "its link"  # a thread already on this site's own address
        # A guess from the link's last part may only land on an imported post: a post written here that merely
        # shares a common slug ("anxiety", "update") is someone else's conversation.
        if segments and slugify(segments[-1]) in self.by_imported_slug:
            return self.by_imported_slug[slugify(segments[-1])], "the last part of its link"
        return None, ""


# --- the run ---------------------------------------------------------------------------------------------------


def import_disqus(
    *,
    path: str,
    options: ImportOptions,
    map_file: str = "",
    create_posts: bool = False,
    post_author: str = "",
    progress=None,
) -> ImportReport:
    """Import a Disqus export: each thread's comments onto the post it belongs to. Safe to re-run.

    The whole file is staged in a temporary SQLite file first (well-formedness, and comments that come before
    their parents), then each thread is built in its own transaction. Raises ExportUnreadable or
    DisqusOptionsInvalid before writing anything.
    """
    report = ImportReport(dry_run=options.dry_run)
    author = None
    if create_posts:
        if not post_author:
            raise DisqusOptionsInvalid("--create-posts needs --post-author (the site user who will own the posts)")
        try:
            author = find_site_user(post_author)
        except LookupError as error:
            raise DisqusOptionsInvalid(f"--post-author: {error}") from None
    mapping = read_map(map_file) if map_file else {}

    handle, staging_path = tempfile.mkstemp(prefix="disqus-staging-", suffix=".sqlite3")
    os.close(handle)
    db = sqlite3.connect(staging_path)
    db.row_factory = sqlite3.Row
    try:
        stage_disqus(path, db, on_progress=progress and (lambda pos: progress.update(pos, "reading")))
        db.commit()
        matcher = Matcher.build(mapping)
        _run_threads(db, report=report, options=options, matcher=matcher, author=author, progress=progress)
    finally:
        db.close()
        os.unlink(staging_path)
    if progress:
        progress.finish()
    return report


def _run_threads(db, *, report, options, matcher, author, progress) -> None:
    orphans = db.execute("SELECT COUNT(*) FROM posts WHERE thread NOT IN (SELECT dsq_id FROM threads)").fetchone()[0]
    if orphans:
        report.skipped["comments of threads not in the export"] += orphans
    peoples: dict[str, People] = {}
    slugs_in_run: set[str] = set()
    total = db.execute("SELECT COUNT(*) FROM threads").fetchone()[0]
    for number, thread in enumerate(db.execute("SELECT * FROM threads ORDER BY seq").fetchall(), 1):
        if progress:
            progress.total = total
            progress.update(number, f"{report.comments_created} comments")
        thread = dict(thread)
        label = f'thread {thread["dsq_id"] or "?"} "{thread["title"][:60]}"'
        if not thread["dsq_id"]:
            report.error(f"{label}: skipped, it has no dsq:id")
            continue
        count = db.execute("SELECT COUNT(*) FROM posts WHERE thread = ?", (thread["dsq_id"],)).fetchone()[0]
        if not count:
            report.skipped["threads without comments"] += 1  # Disqus lists every page it was ever loaded on
            continue
        if thread["deleted"]:
            report.skipped["deleted threads"] += 1
            report.skipped["comments of deleted threads"] += count
            continue
        source = f"disqus:{thread['forum'] or 'unknown'}"[:200]
        people = peoples.setdefault(source, People(source=source, report=report))
        try:
            staged = _thread_comments(db, thread["dsq_id"])
        except ValueError as error:
            report.error(f"{label}: skipped, {error}")
            continue
        checkpoint = report.checkpoint()
        try:
            with transaction.atomic():
                post = _thread_post(
                    thread, source=source, matcher=matcher, author=author, options=options, report=report,
                    slugs_in_run=slugs_in_run, label=label, comment_count=count,
                )  # fmt: skip
                if post is False:
                    continue
                conversation_import(
                    post=post, staged=staged, source=source, options=options, people=people, report=report,
                    label=label,
                )  # fmt: skip
        except (PostFailed, ValueError, DatabaseError) as error:
            people.discard()
            report.rolled_back(checkpoint, f"{label}: skipped, {error}")
        else:
            people.keep()


def _thread_comments(db, thread_id: str) -> list[StagedComment]:
    staged = []
    for row in db.execute("SELECT * FROM posts WHERE thread = ? ORDER BY seq", (thread_id,)):
        if row["error"]:
            raise ValueError(row["error"])
        try:
            created = parse_iso_datetime(row["created"])
        except ValueError:
            raise ValueError(f"comment {row['dsq_id']}: its createdAt {row['created']!r} is not a date") from None
        if created is None:
            raise ValueError(f"comment {row['dsq_id']} has no createdAt")
        if row["spam"]:
            state = SPAM
        elif row["deleted"]:
            state = TRASH
        else:
            state = APPROVED if row["approved"] else PENDING
        staged.append(
            StagedComment(
                source_id=row["dsq_id"],
                parent_id=row["parent"],
                author_name=row["name"],
                author_email=row["email"],
                author_url="",
                created=created,
                body=comment_html_to_text(row["message"] or ""),
                state=state,
            )
        )
    return staged


def _thread_post(thread, *, source, matcher, author, options, report, slugs_in_run, label, comment_count):
    """The post a thread's comments go on: already imported, matched, created, or False (skipped, also when the
    post an earlier run created for it was deleted here)."""
    existing = Post.objects.filter(source=source, source_id=thread["dsq_id"]).first()
    if existing is not None:
        report.posts_existing += 1
        return existing
    if deleted_imports_among(kind=DeletedImport.Kind.POST, source=source, source_ids=[thread["dsq_id"]]):
        # The post an earlier --create-posts made for this thread was deleted here: its conversation stays gone,
        # even where --map or a link would now point the thread at another post.
        report.skipped[f"threads whose post was {DELETED_HERE}"] += 1
        report.skipped[f"comments of threads whose post was {DELETED_HERE}"] += comment_count
        report.note(f"{label}: skipped, its post was {DELETED_HERE}")
        return False
    pk, how = matcher.match(thread)
    if pk is not None:
        post = Post.objects.get(pk=pk)
        report.posts_existing += 1
        report.note(f"{label}: comments go on post {post.slug!r} (matched by {how})")
        return post
    if author is None:
        report.skipped["threads without a matching post (use --map or --create-posts)"] += 1
        report.skipped["comments of unmatched threads"] += comment_count
        report.note(f"{label}: no post matches {thread['link'] or '(no link)'}; skipped")
        return False
    wanted = [s for s in _norm_path(thread["link"]).split("?")[0].split("/") if s][-1:] or [thread["title"]]
    base = slugify(wanted[0])[:200] or "post"
    slug = unique_slug(wanted[0], taken_in_run=slugs_in_run)
    slugs_in_run.add(slug)
    report.posts_created += 1
    if slug != base:
        report.note(f"{label}: the address {base!r} is taken; it is {slug!r}")
    if options.dry_run:
        return None
    try:
        created = parse_iso_datetime(thread["created"])
    except ValueError:
        created = None
    # Disqus exports carry no post text: the new post is a draft its author completes and publishes. Without a
    # message it is a plain-text post, as the post editor writes them; HTML would run their paragraphs together.
    body = post_html_clean(thread["message"] or "")
    return Post.objects.create(
        author=author,
        title=thread["title"] or "(untitled)",
        slug=slug,
        body=body,
        body_format=Post.BodyFormat.HTML if body else Post.BodyFormat.TEXT,
        published=False,
        comments_open=not thread["closed"],
        source=source,
        source_id=thread["dsq_id"],
        source_url=(thread["link"] or "")[:500],
        **({"created": created} if created else {}),
    )
