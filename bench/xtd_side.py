"""django-comments-xtd's side of the bench: the same conversations built in bulk, measured through its documented
page (template tags rendering the whole tree), a minimal-template variant, its model's save() for replies and its
posting view for follow-up e-mails. Runs inside bench/xtd_site's settings."""

import random
import statistics
import time
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from django_comments.models import Comment as BaseComment
from django_comments_xtd.models import XtdComment

from . import measure, shapes
from .xtd_site.models import Article

SYSTEM = "xtd"
READER_DOMAIN = "readers.bench.example"
_BUILT: dict[str, dict] = {}


def _readers() -> list[User]:
    return list(User.objects.filter(email__endswith="@" + READER_DOMAIN).order_by("email"))


def setup() -> dict:
    from django.contrib.sites.models import Site

    Site.objects.update_or_create(pk=1, defaults={"domain": "testserver", "name": "Bench"})
    if not User.objects.filter(email__endswith="@" + READER_DOMAIN).exists():
        password = make_password(None)
        User.objects.bulk_create(
            User(username=f"reader{i:02d}", email=f"reader{i:02d}@{READER_DOMAIN}", password=password)
            for i in range(shapes.USERS)
        )
    return {"readers": shapes.USERS}


def _article(slug: str) -> Article:
    body = shapes.body_text(random.Random(slug), shapes.LONG_WORDS)
    return Article.objects.create(
        title=f"Bench post {slug}", slug=slug, body=body, published_at=timezone.now(), author_name="Post author"
    )


def _thread_fields(nodes: list[shapes.Node], pks: list[int]) -> list[tuple]:
    """xtd's own columns for each node: (thread_id, parent_id, level, order, nested_count), as its save() makes
    them: a root is its own parent and thread, `order` numbers a thread in reading order from 1."""
    root_of, descendants = [], [0] * len(nodes)
    for index, node in enumerate(nodes):
        root_of.append(index if node.parent is None else root_of[node.parent])
        parent = node.parent
        while parent is not None:
            descendants[parent] += 1
            parent = nodes[parent].parent
    order, position = [0] * len(nodes), {}
    for index in shapes.preorder(nodes):
        root = root_of[index]
        position[root] = position.get(root, 0) + 1
        order[index] = position[root]
    return [
        (
            pks[root_of[index]],
            pks[index] if node.parent is None else pks[node.parent],
            node.depth,
            order[index],
            descendants[index],
        )
        for index, node in enumerate(nodes)
    ]


def _insert_conversation(article: Article, nodes: list[shapes.Node], *, followup: bool = False) -> list[int]:
    """XtdComment is a multi-table child of django_comments' Comment, which bulk_create cannot write: the parent
    rows go in with bulk_create, xtd's rows with one executemany."""
    readers = _readers()
    content_type = ContentType.objects.get_for_model(Article)
    start = timezone.now() - timedelta(seconds=len(nodes) + 60)
    with transaction.atomic():
        bases = BaseComment.objects.bulk_create(
            [
                BaseComment(
                    content_type=content_type,
                    object_pk=str(article.pk),
                    site_id=1,
                    user=readers[node.user],
                    user_name=readers[node.user].username,
                    user_email=readers[node.user].email,
                    comment=node.body,
                    submit_date=start + timedelta(seconds=index),
                    is_public=True,
                    is_removed=False,
                )
                for index, node in enumerate(nodes)
            ],
            batch_size=2000,
        )
        pks = [base.pk for base in bases]
        table = XtdComment._meta.db_table
        rows = [(pk, *fields, followup) for pk, fields in zip(pks, _thread_fields(nodes, pks), strict=True)]
        with connection.cursor() as cursor:
            cursor.executemany(
                f'INSERT INTO "{table}" ("comment_ptr_id", "thread_id", "parent_id", "level", "order", '
                '"nested_count", "followup") VALUES (%s, %s, %s, %s, %s, %s, %s)',
                rows,
            )
    return pks


def build(*, slug: str, shape: str, n: int, seed: int, long_bodies: bool = False) -> dict:
    nodes = shapes.shaped(shape=shape, n=n, seed=seed, long_bodies=long_bodies)
    started = time.perf_counter()
    article = _article(slug)
    pks = _insert_conversation(article, nodes)
    seconds = time.perf_counter() - started
    _BUILT[slug] = {"article_id": article.pk, "pks": pks, "nodes": nodes}
    return {"comments": len(pks), "build_s": seconds, "corrupt_rows": corrupt_rows(slug=slug)}


def discard(*, slug: str) -> dict:
    """Delete a built article and its comments (bench data only), so later blocks meet a database without them."""
    article_id = _BUILT.pop(slug)["article_id"]
    content_type = ContentType.objects.get_for_model(Article)
    with transaction.atomic():
        removed, _ = BaseComment.objects.filter(content_type=content_type, object_pk=str(article_id)).delete()
        Article.objects.filter(pk=article_id).delete()
    return {"removed": removed}


def corrupt_rows(*, slug: str) -> int:
    """Rows whose thread fields disagree with the tree their parent_id pointers make: wrong thread, level, order
    (each thread must read 1, 2, 3 ... in depth-first order, replies after earlier siblings) or nested_count.
    A reply whose save failed half-way (thread_id 0) counts too."""
    rows = list(
        XtdComment.norel_objects.filter(object_pk=str(_BUILT[slug]["article_id"]))
        .order_by("pk")
        .values_list("pk", "thread_id", "parent_id", "level", "order", "nested_count")
    )
    by_pk = {row[0]: row for row in rows}
    children: dict[int, list[int]] = {}
    for pk, _thread, parent, *_ in rows:
        if parent != pk and parent in by_pk:
            children.setdefault(parent, []).append(pk)
    expected: dict[int, tuple] = {}
    for pk, _thread, parent, *_ in rows:
        if parent != pk:
            continue
        counter = 0
        stack = [(pk, 0)]
        sizes: dict[int, int] = {}
        walk_order = []
        while stack:
            node, level = stack.pop()
            counter += 1
            walk_order.append(node)
            expected[node] = (pk, level, counter)
            stack.extend((child, level + 1) for child in reversed(children.get(node, [])))
        for node in reversed(walk_order):
            sizes[node] = sum(1 + sizes[child] for child in children.get(node, []))
        for node in walk_order:
            expected[node] = (*expected[node], sizes[node])
    bad = 0
    for pk, thread, _parent, level, order, nested in rows:
        if expected.get(pk) != (thread, level, order, nested):
            bad += 1
    return bad


# --- Pages ------------------------------------------------------------------------------------------------


def _no_links(html: str) -> list[str]:
    return []  # xtd's page holds the whole tree: nothing further to follow


def page_sample(*, slug: str) -> dict:
    """One repetition: xtd's documented page (the whole tree, which is also its whole conversation) and the same
    tree through a minimal template."""
    client = Client()
    default = measure.timed_get(client, f"/p/{slug}/")
    minimal = measure.timed_get(client, f"/p/{slug}/minimal/")
    assert default.status == minimal.status == 200, (default.status, minimal.status)
    expected = XtdComment.objects.filter(object_pk=str(_BUILT[slug]["article_id"]), is_public=True).count()
    seen = {int(pk) for pk in measure.COMMENT_ID.findall(default.html)}
    seen_minimal = {int(pk) for pk in measure.COMMENT_ID.findall(minimal.html)}
    return {
        "first.ms": default.ms,
        "first.cpu_ms": default.cpu_ms,
        "first.queries": len(default.queries),
        "first.bytes": default.size,
        "whole.ms": default.ms,
        "whole.cpu_ms": default.cpu_ms,
        "whole.queries": len(default.queries),
        "whole.bytes": default.size,
        "whole.requests": 1,
        "whole.missing": expected - len(seen),
        "minimal.ms": minimal.ms,
        "minimal.cpu_ms": minimal.cpu_ms,
        "minimal.queries": len(minimal.queries),
        "minimal.bytes": minimal.size,
        "minimal.missing": expected - len(seen_minimal),
    }


def page_floor(*, slug: str, memory: bool) -> dict:
    client = Client()
    default = measure.timed_get(client, f"/p/{slug}/")
    figures = {"first.sql_floor_ms": measure.sql_floor_ms(default.queries)}
    if memory:
        peak = measure.peak_memory(client, f"/p/{slug}/") / 2**20  # the first page is the whole conversation
        figures.update({"first.peak_mb": peak, "whole.peak_mb": peak})
        figures["minimal.peak_mb"] = measure.peak_memory(client, f"/p/{slug}/minimal/") / 2**20
    return figures


# --- Replies ----------------------------------------------------------------------------------------------


def _reply_targets(slug: str, thread: int | None = None) -> list[int]:
    return shapes.reply_targets(_BUILT[slug]["nodes"], _BUILT[slug]["pks"], thread)


def _reply(*, article_id: int, user: User, parent_id: int, body: str) -> None:
    """What xtd's posting view does once the form is valid: XtdComment(...).save() (two saves and the thread
    arithmetic in between, in autocommit mode as a request runs it)."""
    XtdComment(
        content_type=ContentType.objects.get_for_model(Article),
        object_pk=str(article_id),
        site_id=1,
        user=user,
        user_name=user.username,
        user_email=user.email,
        comment=body,
        submit_date=timezone.now(),
        is_public=True,
        parent_id=parent_id,
    ).save()


def reply_sample(*, slug: str, count: int, seed: int) -> dict:
    rng = random.Random(seed)
    article_id = _BUILT[slug]["article_id"]
    readers, targets = _readers(), _reply_targets(slug)
    times = []
    for _ in range(count):
        user, parent_id = rng.choice(readers), rng.choice(targets)
        body = shapes.body_text(rng, shapes.SHORT_WORDS)
        started = time.perf_counter()
        _reply(article_id=article_id, user=user, parent_id=parent_id, body=body)
        times.append((time.perf_counter() - started) * 1000)
    return {"reply.ms": statistics.median(times)}


def concurrent_writers(
    *, slug: str, writers: int, per_writer: int, seed: int, spread: bool, max_seconds: float = 60
) -> dict:
    article_id = _BUILT[slug]["article_id"]
    readers = _readers()
    targets = [_reply_targets(slug, thread=w if spread else None) for w in range(writers)]

    def reply(rng: random.Random, number: int) -> None:
        _reply(
            article_id=article_id,
            user=rng.choice(readers),
            parent_id=rng.choice(targets[number]),
            body=shapes.body_text(rng, shapes.SHORT_WORDS),
        )

    done, errors, seconds = measure.concurrent_replies(
        reply, writers=writers, per_writer=per_writer, seed=seed, max_seconds=max_seconds
    )
    return {
        "replies_per_s": done / seconds,
        "errors": len(errors),
        "corrupt_rows": corrupt_rows(slug=slug),
        "rows": XtdComment.norel_objects.filter(object_pk=str(article_id)).count(),
    }


# --- Follow-up e-mail -------------------------------------------------------------------------------------


def notify_prepare(*, slug: str, followers: int, seed: int) -> dict:
    """A thread in which `followers` readers (each their own address) commented asking for follow-ups: xtd
    e-mails everyone who did so on the object."""
    article = _article(slug)
    password = make_password(None)
    domain = f"{slug}.bench.example"
    users = User.objects.bulk_create(
        User(username=f"f{i}-{slug}", email=f"f{i}@{domain}", password=password) for i in range(followers)
    )
    content_type = ContentType.objects.get_for_model(Article)
    start = timezone.now() - timedelta(seconds=followers + 60)
    with transaction.atomic():
        root = XtdComment(
            content_type=content_type,
            object_pk=str(article.pk),
            site_id=1,
            user=users[0] if users else None,
            user_name="root",
            user_email=f"root@{domain}",
            comment="The thread everyone follows.",
            submit_date=start,
            is_public=True,
        )
        root.save()
        bases = BaseComment.objects.bulk_create(
            BaseComment(
                content_type=content_type,
                object_pk=str(article.pk),
                site_id=1,
                user=user,
                user_name=user.username,
                user_email=user.email,
                comment="Following this thread.",
                submit_date=start + timedelta(seconds=i + 1),
                is_public=True,
                is_removed=False,
            )
            for i, user in enumerate(users)
        )
        with connection.cursor() as cursor:
            cursor.executemany(
                f'INSERT INTO "{XtdComment._meta.db_table}" ("comment_ptr_id", "thread_id", "parent_id", "level", '
                '"order", "nested_count", "followup") VALUES (%s, %s, %s, 1, %s, 0, true)',
                [(base.pk, root.pk, root.pk, i + 2) for i, base in enumerate(bases)],
            )
        XtdComment.norel_objects.filter(pk=root.pk).update(nested_count=len(bases))
    _BUILT[slug] = {"article_id": article.pk, "pks": [root.pk], "nodes": []}
    return {"emails": [user.email for user in users]}


def notify_post(*, slug: str) -> dict:
    """A reader replies through xtd's posting view, which e-mails every follower before it answers."""
    from django_comments_xtd.forms import XtdCommentForm

    article = Article.objects.get(pk=_BUILT[slug]["article_id"])
    writer = User.objects.get(email=f"reader00@{READER_DOMAIN}")
    client = Client()
    client.force_login(writer)
    form = XtdCommentForm(article)
    data = {
        **form.generate_security_data(),
        "name": writer.username,
        "email": writer.email,
        "url": "",
        "comment": "A reply everyone in the thread hears about.",
        "reply_to": _BUILT[slug]["pks"][0],
        "followup": "",
        "honeypot": "",
    }
    started_at = time.time()
    started = time.perf_counter()
    response = client.post("/comments/post/", data)
    ms = (time.perf_counter() - started) * 1000
    if response.status_code != 302:
        raise RuntimeError(f"posting answered {response.status_code}: {response.content[:500]!r}")
    return {"started_at": started_at, "request_ms": ms}
