"""From commit to flags stored: p50/p95 latency of the care check with one real worker.

Usage (PostgreSQL and Redis as in the tests; the database is created and migrated if needed):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/support_site_bench \\
    REDIS_URL=redis://127.0.0.1:6379/9 .venv/bin/python bench/care_latency.py [--comments 300] [--rate 20]

It starts one Celery worker (solo pool, queue `care`) as a subprocess, posts comments through the same service
the site's view calls (texts taken from the labeled sets, with their context), one every 1/rate seconds, and
measures ScanRecord.created - Comment.created for each.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "support_site.settings")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=300)
    parser.add_argument("--rate", type=float, default=20.0, help="comments per second")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from accounts.models import User
    from comments.models import Post
    from comments.services import comment_create
    from moderation.models import ScanRecord

    texts = []
    for name in ("care-dev.jsonl",):
        with open(ROOT / "tests" / "data" / name, encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for line in handle if line.strip()]

    user, _ = User.objects.get_or_create(
        email="bench@bench.example", defaults={"display_name": "Bench", "is_active": True}
    )
    post, _ = Post.objects.get_or_create(
        slug="care-latency-bench",
        defaults={"author": user, "title": "Bench", "body": "Bench post.", "published": True},
    )

    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "support_site",
            "worker",
            "-Q",
            "care",
            "--pool",
            "solo",
            "-l",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, "RATELIMIT_ENABLE": "0"},
    )
    try:
        time.sleep(4)  # let the worker connect
        ids = []
        for i in range(args.comments):
            comment = comment_create(user=user, post=post, parent_id=None, body=texts[i % len(texts)][:9000])
            ids.append(comment.pk)
            time.sleep(1 / args.rate)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and ScanRecord.objects.filter(comment_id__in=ids).count() < len(ids):
            time.sleep(0.2)
        rows = ScanRecord.objects.filter(comment_id__in=ids).values_list("created", "comment__created")
        latencies = sorted((scanned - created).total_seconds() for scanned, created in rows)
    finally:
        worker.terminate()
        worker.wait(timeout=20)

    if len(latencies) < len(ids):
        print(f"only {len(latencies)} of {len(ids)} comments were scanned within 60 s")
        return 1
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(
        f"{len(latencies)} comments at {args.rate:g}/s, one worker: commit-to-flags "
        f"p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {latencies[-1] * 1000:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
