"""Fault suite (issue 12): the running site (web, worker, beat) on its own PostgreSQL and Redis, with services failing.

Every case counts: each accepted comment stored once and scanned once (one scan record per revision), flags and
delivery rows unique, e-mails once per (recipient, comment) where sending is part of the case, `check_trees`
clean, and every service working again afterwards without a restart by hand.

Covered elsewhere and not repeated here:
- tests/notifications/test_worker_killed.py::test_a_worker_killed_mid_send_leaves_one_email_at_most (a worker
  process SIGKILLed between "sending" and "sent": no second e-mail; here the kill mid-send is repeated with beat
  resolving the interrupted send on its own);
- tests/moderation/test_care_flow.py::test_broker_down_then_back_and_the_sweeper_scans_the_comment (one comment,
  in-process worker);
- tests/comments/test_race.py (tree integrity under concurrent writers and deletes, through the service).
"""

import re
import threading
import time
from collections import Counter

import pytest

from .stack import Site, new_key, wait_until

pytestmark = [pytest.mark.faults, pytest.mark.slow]

COMMENT_ID = re.compile(r"/c/(\d+)/")


# --- Writers ------------------------------------------------------------------------------------------------


class Writers:
    """Readers posting comments from threads; what each request was answered is counted."""

    def __init__(self, site: Site, seed: dict):
        self.site = site
        self.seed = seed
        self.accepted: list[str] = []  # form keys answered with a redirect (the comment was taken)
        self.answers: Counter = Counter()  # every status seen, 0 = no answer
        self.given_up: list[str] = []
        self.first_refusal: dict[str, float] = {}  # form key -> wall time its first non-302 answer arrived
        self.lock = threading.Lock()
        self.errors: list[BaseException] = []

    def send(self, reader, *, slug: str, parent: int | None, body: str, retry_for: float = 0.0) -> str | None:
        """One form sent; with retry_for, sent again with the same key (as a reader would) until taken."""
        key = new_key()
        deadline = time.monotonic() + retry_for
        while True:
            status = reader.comment(slug=slug, body=body, key=key, parent=parent)
            with self.lock:
                self.answers[status] += 1
            if status == 302:
                with self.lock:
                    self.accepted.append(key)
                return key
            with self.lock:
                self.first_refusal.setdefault(key, time.time())
            if time.monotonic() >= deadline:
                with self.lock:
                    self.given_up.append(key)
                return None
            time.sleep(0.3)

    def run(self, jobs, *, timeout: float = 300) -> None:
        """jobs: one callable per writer, called with a Reader of its own user."""
        barrier = threading.Barrier(len(jobs))

        def runner(index, job):
            reader = self.site.reader(self.seed["users"][index % len(self.seed["users"])]["session"])
            try:
                barrier.wait()
                job(reader)
            except BaseException as error:
                self.errors.append(error)
            finally:
                reader.close()

        threads = [threading.Thread(target=runner, args=(i, job)) for i, job in enumerate(jobs)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=timeout)
        assert not self.errors, self.errors


# --- What every case checks -----------------------------------------------------------------------------------


def stored_once(site: Site, keys: list[str]) -> None:
    rows = dict(site.sql("SELECT form_key, count(*) FROM comments_comment WHERE form_key = ANY(%s) GROUP BY 1", [keys]))
    missing = [k for k in keys if k not in rows]
    doubled = {k: n for k, n in rows.items() if n != 1}
    assert not missing, f"{len(missing)} accepted comments were not stored"
    assert not doubled, f"comments stored more than once: {doubled}"


def unscanned(site: Site) -> int:
    [(count,)] = site.sql(
        "SELECT count(*) FROM comments_comment c WHERE NOT EXISTS (SELECT 1 FROM moderation_scanrecord s"
        " WHERE s.comment_id = c.id AND s.revision = c.revision)"
    )
    return count


def all_scanned(site: Site, *, timeout: float) -> None:
    wait_until(
        lambda: unscanned(site) == 0, timeout=timeout, site=site, what=f"every comment scanned ({unscanned(site)} left)"
    )


def unplanned(site: Site) -> int:
    [(count,)] = site.sql(
        "SELECT count(*) FROM comments_comment c WHERE c.status = 'visible' AND c.source = ''"
        " AND NOT EXISTS (SELECT 1 FROM notifications_notificationplan p WHERE p.comment_id = c.id)"
    )
    return count


def all_planned(site: Site, *, timeout: float) -> None:
    wait_until(lambda: unplanned(site) == 0, timeout=timeout, site=site, what="every visible comment planned")


def deliveries_settled(site: Site, *, timeout: float) -> None:
    def settled():
        return site.sql("SELECT count(*) FROM notifications_delivery WHERE status IN ('planned', 'sending')") == [(0,)]

    wait_until(settled, timeout=timeout, site=site, what="every delivery sent, failed or skipped")


def nothing_doubled(site: Site) -> None:
    for owner in ("comment_id IS NOT NULL GROUP BY comment_id", "comment_id IS NULL GROUP BY post_id"):
        assert site.sql(f"SELECT 1 FROM moderation_scanrecord WHERE {owner}, revision HAVING count(*) > 1") == []
    assert (
        site.sql(
            "SELECT comment_id, revision, classifier, category FROM moderation_careflag"
            " WHERE comment_id IS NOT NULL GROUP BY 1, 2, 3, 4 HAVING count(*) > 1"
        )
        == []
    )
    assert (
        site.sql("SELECT recipient_id, comment_id FROM notifications_delivery GROUP BY 1, 2 HAVING count(*) > 1") == []
    )
    assert site.sql("SELECT comment_id FROM notifications_notificationplan GROUP BY 1 HAVING count(*) > 1") == []


def trees_clean(site: Site) -> None:
    result = site.manage("check_trees", check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def emails_once(site: Site, sink) -> Counter:
    """Every e-mail the sink took is one sent delivery's, and each sent delivery arrived exactly once."""
    emails = Counter()
    for message in sink.snapshot():
        text = message.message.get_body(("plain",)).get_content()
        comment_ids = {int(n) for n in COMMENT_ID.findall(text)}
        for address in message.rcpt_tos:
            emails[(address.lower(), frozenset(comment_ids))] += 1
    sent = site.sql(
        "SELECT lower(u.email), d.comment_id FROM notifications_delivery d"
        " JOIN accounts_user u ON u.id = d.recipient_id WHERE d.status = 'sent' AND d.mode = 'immediate'"
    )
    doubled = {k: n for k, n in emails.items() if n > 1}
    assert not doubled, f"e-mails sent more than once: {doubled}"
    received = Counter()
    for (address, comment_ids), _ in emails.items():
        for address_sent, comment_id in sent:
            if address_sent == address and comment_id in comment_ids:
                received[(address, comment_id)] += 1
    assert set(received) == {(a, c) for a, c in sent}, "a sent delivery without its e-mail"
    assert all(n == 1 for n in received.values()), received
    assert len(emails) == len(sent), "an e-mail no delivery row accounts for"
    return received


def site_recovered(site: Site, seed: dict, *, timeout: float = 60) -> None:
    """Web, worker and beat still run (nobody restarted them) and a new comment is taken, checked and planned."""
    assert site.all_alive(), site.logs()
    reader = site.reader(seed["users"][0]["session"])
    key = new_key()
    assert reader.comment(slug=seed["posts"][0]["slug"], body="Back again, thank you.", key=key) == 302
    reader.close()
    [(comment_id,)] = site.sql("SELECT id FROM comments_comment WHERE form_key = %s", [key])

    def checked_and_planned():
        return site.sql(
            "SELECT 1 FROM moderation_scanrecord s JOIN notifications_notificationplan p USING (comment_id)"
            " WHERE s.comment_id = %s",
            [comment_id],
        )

    wait_until(checked_and_planned, timeout=timeout, site=site, what="a new comment checked and planned")


# --- Cases ----------------------------------------------------------------------------------------------------


def test_redis_stopped_while_50_comments_are_posted(make_redis, make_site, sink):
    """The one documented REDIS_URL (cache and broker) stops after 10 of 50 comments: all 50 are answered
    normally and stored; once Redis is back they are checked and announced."""
    redis = make_redis()
    site = make_site(redis_url=redis.url, smtp_port=sink.port)
    seed = site.seed(users=5, posts=1)
    writers = Writers(site, seed)
    slug, root = seed["posts"][0]["slug"], seed["roots"][0]
    posted = threading.Semaphore(0)

    def writer(reader):
        for n in range(10):
            writers.send(reader, slug=slug, parent=root, body=f"I hear you, reply {n}.")
            posted.release()

    def stopper():
        for _ in range(10):
            posted.acquire()
        redis.stop()

    stop_thread = threading.Thread(target=stopper)
    stop_thread.start()
    writers.run([writer] * 5)
    stop_thread.join()
    assert not redis.answers()
    assert writers.answers == Counter({302: 50}), writers.answers
    stored_once(site, writers.accepted)

    redis.start()
    all_scanned(site, timeout=90)
    all_planned(site, timeout=60)
    nothing_doubled(site)
    trees_clean(site)
    site_recovered(site, seed)
    # Each reply is e-mailed to everyone its thread's rules name (the thread's author, followers): every
    # delivery planned once Redis was back goes out, exactly once, and every one of the 50 replies is announced.
    deliveries_settled(site, timeout=90)
    received = emails_once(site, sink)
    announced = {comment_id for _, comment_id in received}
    assert len(announced) >= 50, f"only {len(announced)} comments were e-mailed about"


def test_broker_only_redis_stopped(make_redis, make_site, sink):
    """A broker separate from the cache stops while 20 comments are posted: each is answered at once, then
    checked, planned and e-mailed once when the broker is back (beat's sweepers re-enqueue the lost tasks)."""
    cache, broker = make_redis(), make_redis()
    site = make_site(redis_url=cache.url, broker_url=broker.url, smtp_port=sink.port)
    seed = site.seed(users=4, posts=2)
    writers = Writers(site, seed)
    broker.stop()

    def writer(reader):
        for n in range(5):
            post = n % 2
            started = time.monotonic()
            key = writers.send(
                reader, slug=seed["posts"][post]["slug"], parent=seed["roots"][post], body=f"Sending care, {n}."
            )
            assert key and time.monotonic() - started < 5, "a comment must be taken while the broker is down"

    writers.run([writer] * 4)
    assert writers.answers == Counter({302: 20}), writers.answers
    stored_once(site, writers.accepted)
    assert unscanned(site) >= 20  # nothing could reach the worker

    broker.start()
    all_scanned(site, timeout=90)
    all_planned(site, timeout=60)
    site_recovered(site, seed, timeout=90)
    # Replies to the two roots' writers (verified readers): one e-mail each, per comment.
    wait_until(lambda: len(sink.snapshot()) >= 20, timeout=60, site=site, what="the reply e-mails")
    time.sleep(1)
    received = emails_once(site, sink)
    assert len(received) >= 20
    nothing_doubled(site)
    trees_clean(site)


def test_worker_sigkilled_mid_scan_and_mid_send(make_redis, make_site, sink, tmp_path):
    """The worker (and its pool) is SIGKILLed while a care check runs, and again while an e-mail waits for the
    server's answer. A new worker and beat finish the work: every comment scanned once, no e-mail twice."""
    markers = tmp_path / "scans"
    markers.mkdir()
    redis = make_redis()
    site = make_site(
        redis_url=redis.url,
        smtp_port=sink.port,
        env={
            "CARE_CLASSIFIERS": "tests.faults.slow_classifier.SlowRuleClassifier",
            "FAULTS_SCAN_MARKER_DIR": str(markers),
            "FAULTS_SCAN_SECONDS": "1.0",
        },
    )
    seed = site.seed(users=3, posts=1)
    writers = Writers(site, seed)
    slug, root = seed["posts"][0]["slug"], seed["roots"][0]

    # Mid-scan: ten comments queued, the worker killed as soon as a check is under way.
    writers.run([lambda r: [writers.send(r, slug=slug, parent=root, body=f"Me too, {n}.") for n in range(5)]] * 2)
    assert writers.answers == Counter({302: 10}), writers.answers
    wait_until(lambda: any(markers.iterdir()), timeout=30, site=site, what="a care check to start")
    first = site.worker
    first.kill()
    assert unscanned(site) > 0, "the kill came too late to land mid-scan"
    site.start_worker()
    all_scanned(site, timeout=90)
    all_planned(site, timeout=60)
    deliveries_settled(site, timeout=60)
    nothing_doubled(site)

    # Mid-send: the root's writer's mail server takes the message and never answers; the worker is killed there.
    root_writer = seed["users"][0]["email"]
    sink.misbehave(root_writer, "stall")
    reader = site.reader(seed["users"][1]["session"])
    key = new_key()
    assert reader.comment(slug=slug, body="Thinking of you tonight.", key=key, parent=root) == 302
    reader.close()
    writers.accepted.append(key)
    assert sink.stalled.wait(timeout=60), "the worker never reached the SMTP DATA step\n" + site.logs()
    site.worker.kill()
    site.start_worker()
    # Beat's sweeper marks the interrupted send failed after NOTIFY_SENDING_TIMEOUT_SECONDS; it is never re-sent.
    [(comment_id,)] = site.sql("SELECT id FROM comments_comment WHERE form_key = %s", [key])

    def interrupted():
        return site.sql(
            "SELECT d.status, d.error FROM notifications_delivery d JOIN accounts_user u ON u.id = d.recipient_id"
            " WHERE d.comment_id = %s AND u.email = %s AND d.status = 'failed'",
            [comment_id, root_writer],
        )

    wait_until(interrupted, timeout=60, site=site, what="the interrupted send to be resolved")
    assert interrupted()[0][1].startswith("interrupted")

    stored_once(site, writers.accepted)
    all_scanned(site, timeout=60)
    all_planned(site, timeout=60)
    site_recovered(site, seed, timeout=60)
    time.sleep(1)
    received = emails_once(site, sink)
    assert (root_writer, comment_id) not in received  # taken by the stalled server, never sent a second time
    nothing_doubled(site)
    trees_clean(site)


def test_smtp_down_then_451_then_550_for_one_address(make_redis, make_site, tmp_path):
    """The mail server is down while replies come in, then answers 451 once for one reader and 550 for another:
    the first gets each e-mail once after the retry, the second none (the address is marked failing), the rest
    once each."""
    from tests.notifications.smtp_sink import SmtpSink

    sink = SmtpSink()  # its port is reserved, nobody listens yet: the server is down
    redis = make_redis()
    site = make_site(redis_url=redis.url, smtp_port=sink.port, env={"NOTIFY_MAX_ATTEMPTS": "30"})
    try:
        seed = site.seed(users=4, posts=3)  # roots by readers 0, 1 and 2
        writers = Writers(site, seed)

        def writer(reader):
            for n in range(2):
                for post in range(3):
                    writers.send(
                        reader, slug=seed["posts"][post]["slug"], parent=seed["roots"][post], body=f"Hugs, {n}."
                    )

        writers.run([writer] * 2)  # readers 0 and 1 write 12 replies; each root's writer hears of the others'
        assert writers.answers == Counter({302: 12}), writers.answers

        def attempted():
            [(count,)] = site.sql("SELECT count(*) FROM notifications_delivery WHERE attempts > 0")
            return count > 0

        wait_until(attempted, timeout=60, site=site, what="a send attempt against the stopped server")
        busy, refused = seed["users"][0]["email"], seed["users"][1]["email"]
        sink.misbehave(busy, "451")
        sink.misbehave(refused, *["550"] * 20)  # a mailbox that does not exist is refused every time
        sink.start()

        all_planned(site, timeout=60)
        deliveries_settled(site, timeout=120)
        received = emails_once(site, sink)
        assert busy in sink.attempts and refused in sink.attempts
        assert sink.to(refused) == []
        assert sink.to(busy), "the reader whose server said 451 gets the e-mails after the retry"
        refused_rows = site.sql(
            "SELECT d.status FROM notifications_delivery d JOIN accounts_user u ON u.id = d.recipient_id"
            " WHERE u.email = %s",
            [refused],
        )
        assert refused_rows and all(status in ("failed", "skipped") for (status,) in refused_rows), refused_rows
        # Everyone else's e-mails all went out (sent), none was given up; each arrived once (emails_once above).
        others = site.sql(
            "SELECT d.status, d.skip_reason, count(*) FROM notifications_delivery d"
            " JOIN accounts_user u ON u.id = d.recipient_id WHERE u.email <> %s GROUP BY 1, 2",
            [refused],
        )
        assert {(status, skip) for status, skip, _ in others} <= {("sent", ""), ("skipped", "unverified")}, others
        assert len(received) == sum(n for status, _, n in others if status == "sent") > 0
        stored_once(site, writers.accepted)
        all_scanned(site, timeout=30)
        nothing_doubled(site)
        trees_clean(site)
        site_recovered(site, seed)
    finally:
        try:
            sink.stop()
        except (AssertionError, RuntimeError):
            pass


def test_postgresql_restarted_under_16_writers(make_redis, make_site, pg_cluster, sink):
    """PostgreSQL stops for a few seconds while 16 readers post 15 comments each; a reader whose sending fails
    sends the same form again. Every comment is stored once, checked once, and the site needs no restart."""
    redis = make_redis()
    site = make_site(redis_url=redis.url, smtp_port=sink.port)
    seed = site.seed(users=16, posts=4, verified=False)
    writers = Writers(site, seed)
    restarted = threading.Event()

    def writer_for(index):
        def write(reader):
            for n in range(15):
                post = (index + n) % 4
                key = writers.send(
                    reader,
                    slug=seed["posts"][post]["slug"],
                    parent=seed["roots"][post],
                    body=f"Writer {index} says: you are not alone ({n}).",
                    retry_for=60,
                )
                assert key, "a reader could not post within a minute of the restart"

        return write

    def restarter():
        wait_until(lambda: len(writers.accepted) >= 60, timeout=120, site=site, what="60 comments before the restart")
        pg_cluster.stop()
        time.sleep(2)
        pg_cluster.start()
        restarted.set()

    thread = threading.Thread(target=restarter)
    thread.start()
    writers.run([writer_for(i) for i in range(16)])
    thread.join()
    assert restarted.is_set()
    assert len(writers.accepted) == 240
    assert writers.answers[302] == 240
    # A lost database is answered with the 503 page (the reader's words back), never a 500 or a dropped answer.
    assert set(writers.answers) <= {302, 503}, writers.answers
    stored_once(site, writers.accepted)
    # No comment was committed by a request that was answered with an error: every comment whose form was first
    # refused was created after that refusal arrived (by the retry), not before it (by the refused request).
    refused = dict(writers.first_refusal)
    assert refused, "the restart refused nothing: it did not land while readers were posting"
    created = site.sql(
        "SELECT form_key, extract(epoch FROM created) FROM comments_comment WHERE form_key = ANY(%s)", [list(refused)]
    )
    committed_then_refused = [key for key, at in created if float(at) < refused[key]]
    assert not committed_then_refused, f"{len(committed_then_refused)} comments were saved but answered with an error"
    [(total,)] = site.sql("SELECT count(*) FROM comments_comment")
    assert total == 240 + 4, "a comment stored that no reader's form accounts for"
    all_scanned(site, timeout=120)
    all_planned(site, timeout=60)
    nothing_doubled(site)
    trees_clean(site)
    site_recovered(site, seed)
    print(f"answers during the restart: {dict(writers.answers)}")


def test_a_2000_reply_storm_from_16_writers(make_redis, make_site, sink):
    """16 readers post 2,000 replies across 4 posts, each to a comment anywhere in that post's thread (published
    at once, so replies land under fresh replies). Trees stay valid; each reply is checked once and has one
    delivery row per person concerned (readers are unverified: the rows are written, no e-mail drains)."""
    redis = make_redis()
    # No fault here: the sweepers keep their production pace (every second, they would re-enqueue the backlog).
    env = {"CARE_MODE": "publish_first", "SWEEP_INTERVAL_SECONDS": "60", "CARE_SWEEP_GRACE_SECONDS": "30"}
    site = make_site(redis_url=redis.url, smtp_port=sink.port, env=env)
    seed = site.seed(users=16, posts=4, verified=False)
    started = time.monotonic()
    writers = Writers(site, seed)
    known = {post: [root] for post, root in enumerate(seed["roots"])}
    lock = threading.Lock()

    def writer_for(index):
        import random

        rng = random.Random(index)

        def write(reader):
            for n in range(125):
                post = rng.randrange(4)
                with lock:
                    parent = rng.choice(known[post])
                key = writers.send(reader, slug=seed["posts"][post]["slug"], parent=parent, body=f"Same here {n}.")
                assert key, "a reply was refused"
                [(comment_id,)] = site.sql("SELECT id FROM comments_comment WHERE form_key = %s", [key])
                with lock:
                    known[post].append(comment_id)

        return write

    writers.run([writer_for(i) for i in range(16)], timeout=600)
    posted = time.monotonic()
    assert writers.answers == Counter({302: 2000}), writers.answers
    stored_once(site, writers.accepted)
    trees_clean(site)
    all_scanned(site, timeout=240)
    print(f"storm: posted in {posted - started:.0f} s, all checked {time.monotonic() - posted:.0f} s later")
    all_planned(site, timeout=120)
    [(deliveries,)] = site.sql("SELECT count(*) FROM notifications_delivery")
    assert deliveries >= 2000  # the post's author has a row for every reply at least (skipped: unverified)
    nothing_doubled(site)
    site_recovered(site, seed)
