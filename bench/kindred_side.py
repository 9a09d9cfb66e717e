"""Kindred's side of the bench: conversations built in bulk, then pages, replies, concurrent writers, care checks
and reply e-mails measured through the project's own views and services. Runs inside the project's settings."""

import random
import re
import statistics
import time
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from comments import trees
from comments.integrity import check_trees
from comments.models import Comment, Commenter, Post
from comments.services import comment_create, commenter_for_user

try:
    from comments.text import stored_body_fields
except ImportError:  # the "today" side (bench/run.py): an app from before comment bodies were stored as HTML

    def stored_body_fields(text: str) -> dict:
        return {}


from . import measure, shapes

SYSTEM = "kindred"
READER_DOMAIN = "readers.bench.example"
# Links a reader follows to read a whole conversation: "n more replies" and the pagination's "Next".
_MORE_LINK = re.compile(r'class="more-replies"><a href="([^"]+)"')
_NEXT_LINK = re.compile(r'rel="next" href="([^"]+)"')

# What this process built: slug -> the comments' primary keys and shape nodes in posting order.
_BUILT: dict[str, dict] = {}


def _readers() -> list[User]:
    return list(User.objects.filter(email__endswith="@" + READER_DOMAIN).order_by("email"))


def setup() -> dict:
    """The bench's readers (20 signed-in users) and an author; the database itself is migrated by the caller."""
    if not User.objects.filter(email__endswith="@" + READER_DOMAIN).exists():
        password = make_password(None)
        User.objects.bulk_create(
            User(email=f"reader{i:02d}@{READER_DOMAIN}", display_name=f"Reader {i}", password=password)
            for i in range(shapes.USERS)
        )
        User.objects.create(email="author@bench.example", display_name="Post author", password=password)
    for user in _readers():
        commenter_for_user(user=user)
    return {"readers": shapes.USERS}


def _post(slug: str, title: str) -> Post:
    author = User.objects.get(email="author@bench.example")
    body = shapes.body_text(random.Random(slug), shapes.LONG_WORDS)
    return Post.objects.create(
        author=author, title=title, slug=slug, body=body, published=True, published_at=timezone.now()
    )


def _insert_conversation(post: Post, nodes: list[shapes.Node]) -> list[int]:
    """Every thread of `nodes` at once: nested sets computed here, rows written level by level with bulk_create
    under the new-tree lock (as comments.trees.insert_new_tree does for one thread). Returns primary keys."""
    commenters = list(Commenter.objects.filter(user__in=_readers()).order_by("user__email"))
    children: dict[int | None, list[int]] = {}
    for index, node in enumerate(nodes):
        children.setdefault(node.parent, []).append(index)
    start = timezone.now() - timedelta(seconds=len(nodes) + 60)
    comments = []
    for index, node in enumerate(nodes):
        created = start + timedelta(seconds=index)
        comments.append(
            Comment(
                post=post,
                commenter=commenters[node.user],
                body=node.body,
                # As every write path stores it (issue 16): the body's HTML, rendered once when written.
                **stored_body_fields(node.body),
                status=Comment.Status.VISIBLE,
                created=created,
                published_at=created,
                level=node.depth,
            )
        )
    with transaction.atomic():
        trees.lock_new_trees()
        first_tree_id = Comment._tree_manager._get_next_tree_id()
        for number, root in enumerate(children.get(None, [])):
            counter = 0
            stack = [(root, False)]
            while stack:  # pre/post-order walk without recursion
                index, closing = stack.pop()
                counter += 1
                if closing:
                    comments[index].rght = counter
                    continue
                comments[index].lft = counter
                comments[index].tree_id = first_tree_id + number
                stack.append((index, True))
                stack.extend((child, False) for child in reversed(children.get(index, [])))
        for depth in range(shapes.MAX_DEPTH + 1):
            batch = [index for index, node in enumerate(nodes) if node.depth == depth]
            for index in batch:
                parent = nodes[index].parent
                comments[index].parent_id = None if parent is None else comments[parent].pk
            Comment.objects.bulk_create([comments[index] for index in batch], batch_size=2000)
    return [comment.pk for comment in comments]


def build(*, slug: str, shape: str, n: int, seed: int, long_bodies: bool = False) -> dict:
    """Build one post's conversation. shape: "conversation" (n comments), "thread" (one thread of n), "threads8"
    (8 threads of n // 8)."""
    nodes = shapes.shaped(shape=shape, n=n, seed=seed, long_bodies=long_bodies)
    started = time.perf_counter()
    post = _post(slug, f"Bench post {slug}")
    pks = _insert_conversation(post, nodes)
    seconds = time.perf_counter() - started
    _BUILT[slug] = {"post_id": post.pk, "pks": pks, "nodes": nodes}
    return {"comments": len(pks), "build_s": seconds, "corrupt_rows": corrupt_rows(slug=slug)}


def discard(*, slug: str) -> dict:
    """Delete a built post and its comments (bench data only: no service, no hooks), so later blocks meet a
    database without them."""
    post_id = _BUILT.pop(slug)["post_id"]
    with transaction.atomic():
        removed, _ = Comment.objects.filter(post_id=post_id).delete()
        Post.objects.filter(pk=post_id).delete()
    return {"removed": removed}


def corrupt_rows(*, slug: str) -> int:
    """Comments of this post that check_trees finds wrong (nested sets, levels, tree ids)."""
    report = check_trees()
    post_id = _BUILT[slug]["post_id"]
    ids = set(Comment.objects.filter(post_id=post_id).values_list("pk", flat=True))
    return len(ids & set(report.problems))


# --- Pages ------------------------------------------------------------------------------------------------


def _links(html: str) -> list[str]:
    return _MORE_LINK.findall(html) + _NEXT_LINK.findall(html)


def _url(slug: str) -> str:
    return f"/p/{slug}/"


def page_sample(*, slug: str) -> dict:
    """One repetition: the first page a reader gets, then every comment read through the site's links."""
    client = Client()
    first = measure.timed_get(client, _url(slug))
    assert first.status == 200, first.status
    whole = measure.walk(client, _url(slug), _links)
    expected = Comment.objects.filter(post_id=_BUILT[slug]["post_id"], status=Comment.Status.VISIBLE).count()
    return {
        "first.ms": first.ms,
        "first.cpu_ms": first.cpu_ms,
        "first.queries": len(first.queries),
        "first.bytes": first.size,
        "whole.ms": whole.ms,
        "whole.cpu_ms": whole.cpu_ms,
        "whole.queries": whole.queries,
        "whole.bytes": whole.size,
        "whole.requests": whole.requests,
        "whole.missing": expected - len(whole.comment_ids),
    }


def page_floor(*, slug: str, memory: bool) -> dict:
    """The raw SQL time of the first page's queries; with `memory`, peak Python memory of the first page and of
    the largest request of the walk."""
    client = Client()
    first = measure.timed_get(client, _url(slug))
    figures = {"first.sql_floor_ms": measure.sql_floor_ms(first.queries)}
    if memory:
        walked = measure.walk(client, _url(slug), _links, trace_memory=True)
        figures["first.peak_mb"] = measure.peak_memory(client, _url(slug)) / 2**20
        figures["whole.peak_mb"] = walked.peak_bytes / 2**20
    return figures


# --- Replies ----------------------------------------------------------------------------------------------


def _reply_targets(slug: str, thread: int | None = None) -> list[int]:
    return shapes.reply_targets(_BUILT[slug]["nodes"], _BUILT[slug]["pks"], thread)


def _newest(slug: str, *, at_end: bool) -> int:
    """The comment the "newest" variants answer: the built thread's newest comment that may take a reply, or ("end")
    its last such comment in reading order. Replies stay pending here (no worker checks them) and a pending comment
    takes replies only from its author, so every reply answers this one and the replies pile up under it."""
    return _last_in_reading_order(slug) if at_end else _reply_targets(slug)[-1]  # the shapes are in posting order


def _last_in_reading_order(slug: str) -> int:
    nodes, pks = _BUILT[slug]["nodes"], _BUILT[slug]["pks"]
    answerable = set(_reply_targets(slug))
    return [pks[index] for index in shapes.preorder(nodes) if pks[index] in answerable][-1]


def _parents(slug: str, target: str, thread: int | None = None):
    """How each reply picks its parent: "random" (uniformly among the comments that may take one), "newest" or
    "end" (see _Newest)."""
    if target in ("newest", "end"):
        newest = _newest(slug, at_end=target == "end")
        return lambda rng: newest
    targets = _reply_targets(slug, thread)
    return lambda rng: rng.choice(targets)


def _reply(*, post: Post, user: User, parent_id: int, body: str) -> None:
    comment_create(user=user, post=post, parent_id=parent_id, body=body)


def reply_sample(*, slug: str, count: int, seed: int, target: str = "random") -> dict:
    """`count` replies one after another through the service layer, each timed until it is committed."""
    rng = random.Random(seed)
    post = Post.objects.get(pk=_BUILT[slug]["post_id"])
    readers, parents = _readers(), _parents(slug, target)
    times = []
    for _ in range(count):
        user, parent_id = rng.choice(readers), parents(rng)
        body = shapes.body_text(rng, shapes.SHORT_WORDS)
        started = time.perf_counter()
        _reply(post=post, user=user, parent_id=parent_id, body=body)
        times.append((time.perf_counter() - started) * 1000)
    return {"reply.ms": statistics.median(times)}


def concurrent_writers(
    *,
    slug: str,
    writers: int,
    per_writer: int,
    seed: int,
    spread: bool,
    max_seconds: float = 60,
    target: str = "random",
) -> dict:
    """`writers` threads (one connection each) replying at once, to one thread or (`spread`) each to its own;
    `target` "newest" or "end": all of them answer one comment of the thread (one thread only; see _newest)."""
    post = Post.objects.get(pk=_BUILT[slug]["post_id"])
    readers = _readers()
    parents = [_parents(slug, target, thread=w if spread else None) for w in range(writers)]

    def reply(rng: random.Random, number: int) -> None:
        _reply(
            post=post,
            user=rng.choice(readers),
            parent_id=parents[number](rng),
            body=shapes.body_text(rng, shapes.SHORT_WORDS),
        )

    done, errors, seconds = measure.concurrent_replies(
        reply, writers=writers, per_writer=per_writer, seed=seed, max_seconds=max_seconds
    )
    return {
        "replies_per_s": done / seconds,
        "errors": len(errors),
        "corrupt_rows": corrupt_rows(slug=slug),
        "rows": Comment.objects.filter(post=post).count(),
        "rows_after_newest": _rows_after(_newest(slug, at_end=target == "end") if target != "random" else None),
    }


def _rows_after(pk: int | None) -> int:
    """Comments after this one's subtree in its thread: what each reply to it must shift (-1 without one)."""
    if pk is None:
        return -1
    node = Comment.objects.get(pk=pk)
    return Comment.objects.filter(tree_id=node.tree_id, lft__gt=node.rght).count()


def explain_reply(*, slug: str, seed: int, target: str = "random") -> dict:
    """EXPLAIN ANALYZE of the statements a reply runs while it holds its thread's lock (undone afterwards)."""
    rng = random.Random(seed)
    post = Post.objects.get(pk=_BUILT[slug]["post_id"])
    user, parent_id = rng.choice(_readers()), _parents(slug, target)(rng)
    with CaptureQueriesContext(connection) as captured:
        _reply(post=post, user=user, parent_id=parent_id, body="A reply whose statements are explained.")
    statements = [query["sql"] for query in captured.captured_queries]
    lock_marker = f"pg_advisory_xact_lock({trees.TREE_LOCK_CLASS}"
    start = next(i for i, sql in enumerate(statements) if sql.replace(" ", "").startswith("SELECT" + lock_marker))
    # The transaction-level lock ends at COMMIT: what runs after it (on-commit hooks, which may open their own
    # transactions) is not under the lock.
    under_lock = []
    for sql in statements[start:]:
        if sql.upper().startswith("COMMIT"):
            break
        if not sql.upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN")):
            under_lock.append(sql)
    return {"statements": len(under_lock), "plans": measure.explain_statements(under_lock)}


# --- Care checks and e-mail (posted over HTTP or through the client; the worker runs apart) -----------------


def classifier_rate(*, long_bodies: bool, count: int, seed: int) -> dict:
    """Texts classified per CPU-second of this process (one core), with a parent and the post as context."""
    from bench.classify_speed import cpu_rate
    from moderation.classifiers.base import CareContext

    rng = random.Random(seed)
    words = shapes.LONG_WORDS if long_bodies else shapes.SHORT_WORDS
    post_text = shapes.body_text(rng, shapes.LONG_WORDS)
    contexts = [
        CareContext(text=shapes.body_text(rng, words), parent_text=shapes.body_text(rng, words), post_text=post_text)
        for _ in range(count)
    ]
    return {"texts_per_cpu_s": cpu_rate(contexts)}


def session_cookies() -> list[str]:
    """A signed-in session for each reader (for posting over HTTP), made as the log-in view would."""
    cookies = []
    for user in _readers():
        client = Client()
        client.force_login(user)
        cookies.append(client.cookies["sessionid"].value)
    return cookies


def post_path(*, slug: str) -> dict:
    return {"path": f"/p/{slug}/comment/", "targets": _reply_targets(slug)}


def care_latency(*, slug: str, since: float, timeout: float) -> dict:
    """Commit to flags stored for the comments posted to `slug` since `since` (a Unix time): waits up to `timeout`
    for the worker to catch up, then takes ScanRecord.created - Comment.created of each."""
    from datetime import UTC, datetime

    from moderation.models import ScanRecord

    since_at = datetime.fromtimestamp(since, tz=UTC)
    comments = Comment.objects.filter(post_id=_BUILT[slug]["post_id"], created__gte=since_at)
    posted = comments.count()
    deadline = time.monotonic() + timeout
    records = ScanRecord.objects.filter(comment__in=comments)
    while records.count() < posted and time.monotonic() < deadline:
        time.sleep(0.5)
    rows = list(records.values_list("created", "comment__created"))
    latencies = [(scanned - created).total_seconds() * 1000 for scanned, created in rows]
    figures = {"posted": posted, "scanned": len(latencies)}
    if len(rows) > 1:
        # The worker's throughput while it had work: checks stored per second from the first to the last.
        span = (max(row[0] for row in rows) - min(row[0] for row in rows)).total_seconds()
        figures["scans_per_s"] = (len(rows) - 1) / span if span else 0.0
    if latencies:
        for name, fraction in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99)):
            figures[f"{name}_ms"] = measure.percentile(latencies, fraction)
    return figures


def notify_prepare(*, slug: str, followers: int, seed: int) -> dict:
    """A thread followed by `followers` verified readers; returns their addresses and the reply's target."""
    from notifications.models import Subscription

    build(slug=slug, shape="thread", n=1, seed=seed)
    root_id = _BUILT[slug]["pks"][0]
    now = timezone.now()
    password = make_password(None)
    domain = f"{slug}.bench.example"
    users = User.objects.bulk_create(
        User(email=f"f{i}@{domain}", display_name=f"Follower {i}", email_verified_at=now, password=password)
        for i in range(followers)
    )
    Subscription.objects.bulk_create(
        Subscription(user=user, thread_id=root_id, state=Subscription.State.FOLLOWING) for user in users
    )
    return {"emails": [user.email for user in users]}


def notify_post(*, slug: str) -> dict:
    """A reader replies to the followed thread through the site's form; the request is timed."""
    from comments.forms import new_form_key

    writer = User.objects.get(email=f"reader00@{READER_DOMAIN}")
    client = Client()
    client.force_login(writer)
    root_id = _BUILT[slug]["pks"][0]
    data = {"body": "A reply everyone in the thread hears about.", "parent": root_id, "key": new_form_key()}
    started_at = time.time()
    started = time.perf_counter()
    response = client.post(f"/p/{slug}/comment/", data)
    ms = (time.perf_counter() - started) * 1000
    if response.status_code != 302:
        raise RuntimeError(f"posting answered {response.status_code}")
    return {"started_at": started_at, "request_ms": ms}


def notify_visible(*, slug: str) -> dict:
    """When the reply notify_post wrote became visible to everyone (published by its care check), as a Unix time."""
    root_id = _BUILT[slug]["pks"][0]
    reply = Comment.objects.filter(parent_id=root_id).order_by("-pk").first()
    return {"published_at": reply.published_at.timestamp() if reply and reply.published_at else None}


def purge_queues() -> dict:
    """Drop tasks queued while no worker ran (the page and reply figures enqueue care checks on commit)."""
    from support_site.celery import app

    app.amqp.queues.select(["default", "care", "email"])
    purged = app.control.purge()
    _forget_care_wakeup()
    return {"purged": purged}


def _forget_care_wakeup() -> None:
    """A purge drops a care drain's wake-up: forget that one is on its way (moderation.services.scan_batch), or the
    next comments would wait for it until it expires. Older code has none."""
    from django.core.cache import cache

    cache.delete("moderation:care-drain-pending")


def mark_checked(*, slug: str) -> dict:
    """Record the built conversation as checked history (a backlog scan record each), as `scan_backlog` would: the
    care figures then measure the checks of the comments posted during them, and no worker or sweeper holds a
    comment they answer."""
    from moderation.models import ScanRecord

    post_id = _BUILT[slug]["post_id"]
    records = [
        ScanRecord(post_id=post_id, comment_id=pk, revision=1, outcome=ScanRecord.Outcome.CHECKED, backlog=True)
        for pk in _BUILT[slug]["pks"]
    ]
    ScanRecord.objects.bulk_create(records, ignore_conflicts=True)
    return {"checked": len(records)}


def queue_checks(*, slug: str, count: int, seed: int) -> dict:
    """`count` replies through the service layer, as fast as they commit: each enqueues its care check on commit,
    so with the worker stopped they build a backlog of `count` checks."""
    rng = random.Random(seed)
    post = Post.objects.get(pk=_BUILT[slug]["post_id"])
    readers, targets = _readers(), _reply_targets(slug)
    started = time.perf_counter()
    for _ in range(count):
        body = shapes.body_text(rng, shapes.SHORT_WORDS)
        _reply(post=post, user=rng.choice(readers), parent_id=rng.choice(targets), body=body)
    return {"queued": count, "seconds": time.perf_counter() - started}


def _since(slug: str, since: float):
    from datetime import UTC, datetime

    return Comment.objects.filter(post_id=_BUILT[slug]["post_id"], created__gte=datetime.fromtimestamp(since, tz=UTC))


def _scans_of(comments):
    from moderation.models import ScanRecord

    return ScanRecord.objects.filter(comment__in=comments)


def first_scan_wait(*, slug: str, since: float, timeout: float) -> dict:
    """Wait until the worker has stored the first check of the comments queued since `since`."""
    deadline = time.monotonic() + timeout
    scans = _scans_of(_since(slug, since))
    while not scans.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return {"started": scans.exists()}


def backlog_drain(*, slug: str, since: float, timeout: float) -> dict:
    """Wait (up to `timeout`) for every comment queued since `since` to be checked. The drain rate is checks stored
    per second from the first to the last; `last_at` is the Unix time of the last."""
    comments = _since(slug, since)
    queued = comments.count()
    scans = _scans_of(comments)
    deadline = time.monotonic() + timeout
    while scans.count() < queued and time.monotonic() < deadline:
        time.sleep(0.25)
    times = sorted(scans.values_list("created", flat=True))
    figures = {"queued": queued, "scanned": len(times)}
    if len(times) > 1:
        span = (times[-1] - times[0]).total_seconds()
        figures["checks_per_s"] = (len(times) - 1) / span if span else 0.0
        figures["last_at"] = times[-1].timestamp()
    return figures


def crisis_latency(*, slug: str, body: str, since: float, timeout: float) -> dict:
    """The comment with `body` posted since `since`: seconds from its commit to its crisis flag and to its urgent
    review item, and how many comments queued before it were still unchecked when both were seen (polled every
    20 ms)."""
    from moderation.models import CareFlag, ReviewItem

    comment = _since(slug, since).filter(body=body).order_by("-pk").first()
    if comment is None:
        return {"found": 0}
    flags = CareFlag.objects.filter(comment=comment, category="crisis")
    items = ReviewItem.objects.filter(comment=comment, urgent=True)
    deadline = time.monotonic() + timeout
    while not (flags.exists() and items.exists()) and time.monotonic() < deadline:
        time.sleep(0.02)
    earlier = _since(slug, since).filter(pk__lt=comment.pk)
    figures = {"found": 1, "backlog_left": earlier.count() - _scans_of(earlier).count()}
    flag, item = flags.first(), items.order_by("opened_at").first()
    if flag is not None:
        figures["flags_s"] = (flag.created - comment.created).total_seconds()
    if item is not None:
        figures["urgent_item_s"] = (item.opened_at - comment.created).total_seconds()
    return figures
