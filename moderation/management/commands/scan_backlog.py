"""manage.py scan_backlog: run the care checks over comments (and posts) that were never checked, quietly."""

import sys
import time
from collections import Counter
from datetime import datetime, timedelta
from datetime import time as dtime

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from comments.models import Comment, Post
from core.progress import Progress
from moderation.models import ReviewItem, ScanRecord

# Site comments this recent are left to the live check (and its sweeper), which may still be on its way: a
# backlog scan would take away their urgent alert and resources message.
SITE_COMMENT_MIN_AGE = timedelta(hours=24)
BATCH = 1000
# When no check has finished for this long, look whether anything enqueued is still unchecked: a target the live
# care check got to first, or one deleted meanwhile, never gets a backlog record, and waiting for it never ends.
RECHECK_SECONDS = 15.0


def _since(value: str) -> datetime:
    problem = f"--since {value!r}: expected a date (2014-03-01) or a date and time"
    try:
        parsed = parse_datetime(value)
        day = parse_date(value) if parsed is None else None
    except ValueError:  # well-formed but impossible, such as month 13
        raise CommandError(problem, returncode=2) from None
    if parsed is None:
        if day is None:
            raise CommandError(problem, returncode=2)
        parsed = datetime.combine(day, dtime.min)
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


class Command(BaseCommand):
    help = (
        "Check existing comments and posts that have never been checked (imported history, mostly) through the "
        "workers. Review items open by the usual policy, but nobody is e-mailed, no author sees a resources "
        "message and no 'needs a reply' item opens. Safe to run again: checked revisions are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--post", metavar="SLUG", help="only this post and its comments")
        parser.add_argument("--since", metavar="DATE", help="only comments and posts written on or after DATE")
        parser.add_argument("--no-wait", action="store_true", help="enqueue and return; don't wait for the checks")
        parser.add_argument(
            "--timeout", type=float, default=0, help="stop waiting after this many seconds (default: until done)"
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **opts):
        from moderation.tasks import comment_scan_task, post_scan_task

        comments, posts = self._targets(opts)
        comment_total, post_total = comments.count(), posts.count()
        if not comment_total and not post_total:
            self.stdout.write("nothing to check: every comment and post in scope has been checked")
            return
        started = timezone.now()
        stream = self.stderr._out
        progress = Progress(
            stream,
            total=comment_total + post_total,
            label="enqueue",
            enabled=stream.isatty() and not opts["no_progress"],
        )
        sent, last_post, last_comment = 0, 0, 0
        try:
            for post_id in posts.values_list("pk", flat=True).iterator(chunk_size=BATCH):
                post_scan_task.delay(post_id, True)
                sent, last_post = sent + 1, max(last_post, post_id)
            for comment_id in comments.values_list("pk", flat=True).iterator(chunk_size=BATCH):
                comment_scan_task.delay(comment_id, True)
                sent, last_comment = sent + 1, max(last_comment, comment_id)
                progress.update(sent, f"{sent:,} checks enqueued")
        except Exception as error:  # kombu raises several kinds when the broker can't be reached
            progress.finish()
            raise CommandError(
                f"could not reach the workers' broker after enqueueing {sent:,} checks ({error}); run it again "
                "once it is up: checks already done are skipped",
                returncode=1,
            ) from None
        progress.finish()
        self.stdout.write(f"enqueued {comment_total:,} comment checks and {post_total:,} post checks (queue 'care')")
        if opts["no_wait"]:
            return

        def unchecked() -> int:
            """Of what was enqueued (rows added since are not), how much still has no check at all."""
            return comments.filter(pk__lte=last_comment).count() + posts.filter(pk__lte=last_post).count()

        done, settled = self._wait(
            started=started, total=sent, timeout=opts["timeout"], no_progress=opts["no_progress"], unchecked=unchecked
        )
        self._summary(started=started, done=done, total=sent, settled=settled)

    def _targets(self, opts):
        comment_scanned = ScanRecord.objects.filter(comment=OuterRef("pk"), revision=OuterRef("revision"))
        comments = (
            Comment.objects.filter(status__in=[Comment.Status.VISIBLE, Comment.Status.HELD])
            .filter(~Q(source="") | Q(created__lt=timezone.now() - SITE_COMMENT_MIN_AGE))
            .filter(~Exists(comment_scanned))
            .order_by("post_id", "tree_id", "lft")
        )
        post_scanned = ScanRecord.objects.filter(post=OuterRef("pk"), comment=None, revision=OuterRef("revision"))
        posts = (
            Post.objects.filter(~Q(source="") | Q(created__lt=timezone.now() - SITE_COMMENT_MIN_AGE))
            .filter(~Exists(post_scanned))
            .order_by("pk")
        )
        if opts.get("post"):
            post = Post.objects.filter(slug=opts["post"]).first()
            if post is None:
                raise CommandError(f"--post {opts['post']!r}: no post has that slug", returncode=2)
            comments, posts = comments.filter(post=post), posts.filter(pk=post.pk)
        if opts.get("since"):
            since = _since(opts["since"])
            comments, posts = comments.filter(created__gte=since), posts.filter(created__gte=since)
        return comments, posts

    def _wait(self, *, started, total: int, timeout: float, no_progress: bool, unchecked) -> tuple[int, bool]:
        """Wait for the backlog checks; (how many finished, whether nothing enqueued is left unchecked)."""
        stream = self.stderr._out
        progress = Progress(stream, total=total, label="check", enabled=stream.isatty() and not no_progress)
        deadline = time.monotonic() + timeout if timeout else None
        done, last_change, last_done, hinted = 0, time.monotonic(), -1, False
        last_recheck = time.monotonic()
        while True:
            done = ScanRecord.objects.filter(backlog=True, created__gte=started).count()
            progress.update(done, f"{done:,} of {total:,} checked")
            if done != last_done:
                last_done, last_change = done, time.monotonic()
            if done >= total:
                break
            now = time.monotonic()
            if now - last_change >= RECHECK_SECONDS and now - last_recheck >= RECHECK_SECONDS:
                last_recheck = now
                if not unchecked():
                    progress.finish()
                    return done, True
            if deadline and time.monotonic() > deadline:
                break
            if not hinted and time.monotonic() - last_change > 30:
                hinted = True
                sys.stderr.write(
                    "\nno check finished in 30 s: is a worker consuming the 'care' queue? (Ctrl-C stops waiting; "
                    "the checks stay queued)\n"
                )
            time.sleep(0.5)
        progress.finish()
        return done, done >= total

    def _summary(self, *, started, done: int, total: int, settled: bool) -> None:
        if done >= total:
            self.stdout.write(f"checked {done:,} of {total:,}")
        elif settled:
            self.stdout.write(
                f"checked {done:,} of {total:,}; the other {total - done:,} needed no backlog check any more "
                "(the live care check got there first, or they were deleted)"
            )
        else:
            self.stdout.write(f"checked {done:,} of {total:,} (the rest are still queued)")
        scans = ScanRecord.objects.filter(backlog=True, created__gte=started)
        items = ReviewItem.objects.filter(status=ReviewItem.Status.OPEN).filter(
            Q(opened_at__gte=started)
            | Exists(scans.filter(comment=OuterRef("comment")))
            | (Q(comment=None) & Exists(scans.filter(post=OuterRef("post"), comment=None)))
        )
        labels = dict(ReviewItem.Reason.choices)
        reasons = Counter(reason for item_reasons in items.values_list("reasons", flat=True) for reason in item_reasons)
        self.stdout.write(
            f"open review items for what was checked: {items.count():,} (crisis: {items.filter(crisis=True).count():,})"
        )
        for reason, count in reasons.most_common():
            self.stdout.write(f"  {labels.get(reason, reason)}: {count:,}")
        self.stdout.write("moderators see them in the review queue at /moderation/ (no e-mails were sent)")
