"""Backups (issue 17): deploy/backup.sh and deploy/restore.sh on a PostgreSQL cluster of the test's own.

Dump a database with comment trees, drop it, restore into a new one: check_trees is clean and every table holds
the same rows, every sequence the same position (a comment posted after a restore gets a new id).
"""

import json
import os
import subprocess
import sys

import pytest

from tests.faults.stack import ROOT, PgCluster

pytestmark = pytest.mark.slow

DATABASE = "kindred_backup"


def _run(command: list[str], env: dict) -> subprocess.CompletedProcess:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return done


def _counts(cluster: PgCluster) -> dict[str, int]:
    tables = [t for (t,) in cluster.sql(DATABASE, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    counts = {t: cluster.sql(DATABASE, f'SELECT count(*) FROM "{t}"')[0][0] for t in tables}
    for (sequence,) in cluster.sql(DATABASE, "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"):
        counts["sequence " + sequence] = cluster.sql(DATABASE, f'SELECT last_value FROM "{sequence}"')[0][0]
    return counts


@pytest.fixture
def cluster():
    cluster = PgCluster()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


def test_backup_drop_restore_keeps_every_row_and_clean_trees(cluster, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": cluster.url(DATABASE),
        "REDIS_URL": "",
        "CELERY_BROKER_URL": "memory://",  # the seed's tasks go nowhere: only rows matter here
        "READERS_GUIDELINES_FIRST": "0",
    }
    cluster.create_database(DATABASE)
    _run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], env)
    seed = json.loads(_run([sys.executable, "-m", "tests.faults.seed", '{"users": 3, "posts": 2}'], env).stdout)
    for post, root in zip(seed["posts"], seed["roots"], strict=True):
        for chain in (True, False):
            spec = {"user": seed["users"][2]["id"], "post": post["id"], "parent": root, "n": 6, "chain": chain}
            _run([sys.executable, "-m", "tests.ops.lost_work", json.dumps(spec)], env)
    before = _counts(cluster)
    assert before["comments_comment"] == 2 + 24 and before["accounts_user"] == 4

    backup = _run(["deploy/backup.sh", str(tmp_path / "backups")], env).stdout.strip().splitlines()[-1]
    assert backup.endswith(".dump") and os.path.getsize(backup) > 0
    cluster.sql("postgres", f'DROP DATABASE "{DATABASE}"')
    cluster.create_database(DATABASE)
    restored = _run(["deploy/restore.sh", backup], env)
    assert restored.stdout.strip().splitlines()[-1] == "ok: 26 comments in 2 trees"
    assert _counts(cluster) == before

    # Restoring over a database that has tables is refused, and changes nothing.
    again = subprocess.run(["deploy/restore.sh", backup], cwd=ROOT, env=env, capture_output=True, text=True)
    assert again.returncode == 1 and "empty database" in again.stderr
    assert _counts(cluster) == before
