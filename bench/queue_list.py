"""Server time of the review queue with 200 open items: the list, a filtered list, an item with the list beside it.

Usage (PostgreSQL; the database is dropped and re-created, so its name must end in _bench):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kindred_queue_bench \\
    .venv/bin/python bench/queue_list.py [--items 200] [--requests 40]

Each page is requested in-process through Django's test client (middleware, session, permissions, queries and
template rendering: everything the server does, without the network), a few times to warm up, then --requests
times. It prints per page the median and p95 wall time, the median CPU time of the web process (Python alone,
which a loaded machine inflates least), the number of queries of one request, and the machine's load.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "support_site.settings")

NAMES = ["Lena", "Tom", "Priya", "Jonah", "Marisol", "Ade", "Rosalind", "Sam"]
TITLES = ["Learning to ask for help", "Grief at Christmas", "Starting therapy", "Sleep, again"]


def reset_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.endswith("_bench"):
        raise SystemExit(f"refusing to drop {name!r}: the bench database's name must end in _bench")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def build_queue(count: int):
    """`count` open items as a busy day makes them: spam waves, hostile replies, reports, some crisis."""
    from datetime import timedelta

    from django.contrib.auth.models import Group
    from django.utils import timezone

    from accounts.models import User
    from comments.models import Comment, Post
    from comments.services import comment_create
    from moderation.models import CareFlag, Report, ReviewItem

    writers = [
        User.objects.create_user(email=f"{name.lower()}@bench.example", password="x", display_name=name)
        for name in NAMES
    ]
    posts = [
        Post.objects.create(author=writers[0], title=title, slug=f"bench-{i}", body="A post.", published=True)
        for i, title in enumerate(TITLES)
    ]
    moderator = User.objects.create_user(email="mod@bench.example", password="x", display_name="Morgan")
    moderator.groups.add(Group.objects.get(name="moderators"))
    now = timezone.now()
    for index in range(count):
        post, writer = posts[index % len(posts)], writers[index % len(writers)]
        kind = ("spam", "hostile", "spam", "reported", "crisis")[index % 5] if index % 25 else "crisis"
        body = {
            "spam": f"Cheap followers and likes, visit my shop today, offer {index}",
            "hostile": "Quit moaning, nobody wants to read this.",
            "reported": "You should just get over it, honestly.",
            "crisis": "I can't see a way through this week.",
        }[kind]
        comment = comment_create(user=writer, post=post, parent_id=None, body=body)
        status = Comment.Status.VISIBLE if kind == "reported" else Comment.Status.HELD
        Comment.objects.filter(pk=comment.pk).update(status=status)
        if kind != "reported":
            CareFlag.objects.create(
                post=post,
                comment=comment,
                revision=comment.revision,
                category=kind,
                severity="medium",
                score=0.8,
                evidence=[],
                classifier="bench",
                classifier_version="1",
            )
        item = ReviewItem.objects.create(
            post=post,
            comment=comment,
            reasons=["reported" if kind == "reported" else "held"],
            crisis=kind == "crisis",
            severity_rank=1,
            report_count=1 if kind == "reported" else 0,
            opened_at=now - timedelta(minutes=count - index),
        )
        if kind == "reported":
            Report.objects.create(post=post, comment=comment, item=item, reporter=writers[-1], reason="other")
    return moderator, ReviewItem.objects.order_by("pk").values_list("pk", flat=True)[count // 2]


def measure(client, url: str, requests: int) -> tuple[float, float, int]:
    from django.db import connection

    for _ in range(5):
        assert client.get(url).status_code == 200, url
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    times, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], statistics.median(cpu), len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database whose name ends in _bench")
    reset_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    call_command("migrate", verbosity=0)
    moderator, middle = build_queue(args.items)
    client = Client()
    client.force_login(moderator)
    queue_url = reverse("moderation:queue")
    pages = {
        "list": queue_url,
        "list, filtered": queue_url + "?category=spam&writer=a&since=2020-01-01",
        "item beside the list": reverse("moderation:item", args=[middle]),
    }
    load_before = os.getloadavg()
    print(f"{args.items} open items, {args.requests} requests per page, load before {load_before[0]:.2f}")
    if os.environ.get("QUEUE_BENCH_PROFILE"):
        import cProfile
        import pstats

        client.get(queue_url)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(10):
            client.get(queue_url)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
    for name, page_url in pages.items():
        median, p95, cpu, queries = measure(client, page_url, args.requests)
        print(f"{name:22} median {median:6.1f} ms   p95 {p95:6.1f} ms   web CPU {cpu:5.1f} ms   {queries} queries")
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
