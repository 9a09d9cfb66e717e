"""Reply fan-out: deliveries per second with one worker, and the time from a reply to its last e-mail.

Usage (PostgreSQL and Redis as in the tests; the database is created and migrated if needed):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/support_site_bench \\
    REDIS_URL=redis://127.0.0.1:6379/9 .venv/bin/python bench/notify_fanout.py [--followers 500] [--replies 1]

It makes `--followers` verified readers follow one thread, starts a loopback SMTP server (aiosmtpd, accepting
everything) and one Celery worker subprocess (solo pool, queue `email`, sending through real SMTP to that
server), publishes a reply in the thread through comments.services (the care check is skipped: its speed is
bench/care_latency.py's business) and waits until every follower's e-mail has arrived.
"""

import argparse
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "support_site.settings")


class CountingSink:
    def __init__(self):
        self.times: list[float] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.times.append(time.monotonic())
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followers", type=int, default=500)
    parser.add_argument("--replies", type=int, default=1, help="replies in a row, each fanned out to everyone")
    args = parser.parse_args()

    import django

    django.setup()
    from aiosmtpd.controller import Controller
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)

    from accounts.models import User
    from comments.models import Post
    from comments.services import comment_create, comment_publish, post_delete
    from notifications.models import Subscription
    from support_site.celery import app

    for old in Post.objects.filter(slug="notify-fanout-bench"):
        post_delete(post=old)
    User.objects.filter(email__endswith="@fanout.bench.example").delete()
    now = timezone.now()
    password = make_password(None)
    author = User.objects.create(email="author@fanout.bench.example", display_name="Author", email_verified_at=now)
    writer = User.objects.create(email="writer@fanout.bench.example", display_name="Writer", email_verified_at=now)
    followers = User.objects.bulk_create(
        User(email=f"f{i}@fanout.bench.example", display_name=f"Reader {i}", email_verified_at=now, password=password)
        for i in range(args.followers)
    )
    post = Post.objects.create(
        author=author,
        title="Fan-out bench",
        slug="notify-fanout-bench",
        body="Bench.",
        published=True,
        published_at=now,
    )
    root = comment_create(user=author, post=post, parent_id=None, body="The thread everyone follows.")
    comment_publish(comment=root)
    Subscription.objects.bulk_create(Subscription(user=u, thread=root, state="following") for u in followers)
    # The author follows too (they started the thread) but hears as the post's author: one e-mail each.
    expected = (args.followers + 1) * args.replies

    import logging

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command at INFO
    sink = CountingSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    app.amqp.queues.select(["default", "care", "email"])
    app.control.purge()
    time.sleep(2)  # the root's own planning, queued on commit above, is gone with the purge or harmless
    with sink.lock:
        sink.times.clear()
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "support_site", "worker", "-Q", "email", "--pool", "solo"]
        + ["--without-gossip", "--without-mingle", "-l", "warning"],
        cwd=ROOT,
        env={**os.environ, "EMAIL_URL": f"smtp://127.0.0.1:{port}", "NOTIFY_SEND_DELAY_SECONDS": "0"},
    )
    try:
        time.sleep(4)  # let the worker connect
        started = time.monotonic()
        for i in range(args.replies):
            reply = comment_create(user=writer, post=post, parent_id=root.pk, body=f"Reply {i} to everyone here.")
            comment_publish(comment=reply)  # commits: planning is enqueued on commit
        deadline = started + 600
        while time.monotonic() < deadline and len(sink.times) < expected:
            time.sleep(0.05)
        with sink.lock:
            times = list(sink.times)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        controller.stop()

    if len(times) < expected:
        print(f"only {len(times)} of {expected} e-mails arrived within 600 s")
        return 1
    spread = times[-1] - times[0]
    print(
        f"{args.replies} repl{'y' if args.replies == 1 else 'ies'} to a thread with {args.followers} followers and "
        f"the post's author, one worker (solo pool), real SMTP to a loopback server: {expected} e-mails; "
        f"reply to first e-mail {times[0] - started:.2f} s, reply to last e-mail {times[-1] - started:.2f} s, "
        f"{(len(times) - 1) / spread if spread else float('inf'):.0f} deliveries/s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
