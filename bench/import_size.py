"""Time and peak memory (RSS) of import_wordpress on a generated ~200 MB WXR export.

Usage (PostgreSQL as in the tests; the database is dropped, re-created and migrated on every run):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/support_site_import_bench \\
    .venv/bin/python bench/import_size.py [--megabytes 200] [--file /tmp/import-bench.xml] [--keep-file]

It writes the export (posts with threaded comments, replies listed before their parents in a tenth of the
threads, some comments awaiting approval, spam and pingbacks), runs `manage.py import_wordpress` as a child
process and reads that process's peak RSS from wait4(), runs it again (the re-import, which must change
nothing), then `check_trees`. The figures go in the README.
"""

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent

OPENINGS = [
    "This landed at exactly the right time for me.",
    "I read this twice on the bus this morning.",
    "Thank you for putting words to something I could not.",
    "My therapist said nearly the same thing last week.",
    "I have been where you are, more or less.",
    "Saving this one for the harder evenings.",
    "It took me a long time to say any of this out loud.",
]
MIDDLES = [
    "The part about waiting outside the door before going in felt very familiar.",
    "Small steps still count, even on the days they feel like nothing.",
    "Writing a list before the session helped me stop freezing up once I was in the room.",
    "Some weeks the progress is just showing up, and that is allowed.",
    "I keep a note on my phone of the things that went a little better each week.",
    "My sister came with me to the first appointment and waited in the car, which helped more than I expected.",
    "Going back after missing a month was harder than starting, but nobody was cross with me.",
]
ENDINGS = [
    "Wishing you a gentle week.",
    "Looking forward to the next post.",
    "Take care of yourself.",
    "You are not alone in this.",
    "Sending something warm your way.",
]


def comment_text(rng: random.Random) -> str:
    parts = [rng.choice(OPENINGS)] + rng.sample(MIDDLES, rng.randint(1, 3)) + [rng.choice(ENDINGS)]
    text = " ".join(parts)
    if rng.random() < 0.3:
        text = (
            f'<p>{text}</p><p>More on my own blog: <a href="https://reader{rng.randint(1, 999)}.example/">here</a>.</p>'
        )
    return text


def generate(path: Path, megabytes: int, seed: int = 6) -> tuple[int, int]:
    """Write the export; returns (posts, comments written)."""
    rng = random.Random(seed)
    target = megabytes * 1024 * 1024
    posts = comments = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<title>Bench blog</title>\n'
            "<wp:wxr_version>1.2</wp:wxr_version>\n<wp:base_blog_url>https://bench-blog.example</wp:base_blog_url>\n"
            "<wp:author><wp:author_id>1</wp:author_id><wp:author_login>bench</wp:author_login>"
            "<wp:author_email>bench@bench.example</wp:author_email></wp:author>\n"
        )
        next_comment = 1
        while out.tell() < target:
            posts += 1
            body = "\n\n".join(" ".join(rng.sample(MIDDLES, 3)) for _ in range(6))
            out.write(
                f"<item><title>Week {posts}</title><link>https://bench-blog.example/week-{posts}/</link>"
                f"<dc:creator>bench</dc:creator><content:encoded><![CDATA[<!-- wp:paragraph -->{body}]]>"
                f"</content:encoded><wp:post_id>{posts}</wp:post_id>"
                f"<wp:post_date_gmt>2015-01-01 10:00:00</wp:post_date_gmt><wp:comment_status>open</wp:comment_status>"
                f"<wp:post_name>week-{posts}</wp:post_name><wp:status>publish</wp:status>"
                "<wp:post_type>post</wp:post_type>\n"
            )
            rows = []
            for _thread in range(rng.randint(5, 30)):
                parent = 0
                depth_budget = rng.choice([0, 0, 1, 2, 3, 5, 8])
                for depth in range(depth_budget + 1):
                    cid = next_comment
                    next_comment += 1
                    rows.append((cid, parent))
                    # Most replies answer the comment just above; some answer the thread's start.
                    parent = cid if depth == 0 or rng.random() < 0.8 else parent
            if rng.random() < 0.1:
                rows.reverse()  # replies before their parents
            for cid, parent in rows:
                roll = rng.random()
                approved = "spam" if roll < 0.02 else ("0" if roll < 0.05 else "1")
                kind = "pingback" if roll > 0.99 else ""
                out.write(
                    f"<wp:comment><wp:comment_id>{cid}</wp:comment_id>"
                    f"<wp:comment_author><![CDATA[Reader {cid % 5000}]]></wp:comment_author>"
                    f"<wp:comment_author_email>reader{cid % 5000}@example.org</wp:comment_author_email>"
                    f"<wp:comment_date_gmt>2015-{1 + cid % 12:02d}-{1 + cid % 28:02d} 12:00:00</wp:comment_date_gmt>"
                    f"<wp:comment_content><![CDATA[{comment_text(rng)}]]></wp:comment_content>"
                    f"<wp:comment_approved>{approved}</wp:comment_approved><wp:comment_type>{kind}</wp:comment_type>"
                    f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>\n"
                )
                comments += 1
            out.write("</item>\n")
        out.write("</channel>\n</rss>\n")
    return posts, comments


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


def manage(*args: str, env: dict) -> tuple[int, float, int, str]:
    """Run manage.py; returns (exit status, seconds, peak RSS in MiB, output)."""
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, time.monotonic() - started, usage.ru_maxrss // 1024, output


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=200)
    parser.add_argument("--file", default="/tmp/import-bench.xml")
    parser.add_argument("--keep-file", action="store_true", help="reuse the file if it exists")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database whose name ends in _bench")

    path = Path(args.file)
    if not (args.keep_file and path.exists()):
        started = time.monotonic()
        posts, comments = generate(path, args.megabytes)
        print(
            f"generated {path}: {path.stat().st_size / 2**20:.0f} MiB, {posts:,} posts, {comments:,} comments "
            f"in {time.monotonic() - started:.0f} s"
        )
    size = path.stat().st_size / 2**20

    reset_database(url)
    env = {
        **os.environ,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench"),
        "DJANGO_SETTINGS_MODULE": "support_site.settings",
    }
    code, _s, _m, output = manage("migrate", "-v", "0", env=env)
    if code:
        print(output)
        return 1
    code, _s, _m, output = manage(
        "shell", "-c",
        "from accounts.models import User; from django.utils import timezone; User.objects.create_user("
        "email='bench@bench.example', display_name='Bench', email_verified_at=timezone.now())",
        env=env,
    )  # fmt: skip

    code, seconds, rss, output = manage("import_wordpress", str(path), "--no-progress", env=env)
    print(output.strip().splitlines()[1:4] if code == 0 else output)
    comments = int(output.split("comments: ")[1].split(" ")[0]) if "comments: " in output else 0
    rate = comments / seconds
    print(f"import:    {size:.0f} MiB in {seconds:.0f} s ({rate:,.0f} comments/s), peak RSS {rss} MiB, exit {code}")
    code2, seconds2, rss2, output2 = manage("import_wordpress", str(path), "--no-progress", env=env)
    summary = output2.splitlines()[2] if code2 == 0 else output2
    print(f"re-import: {seconds2:.0f} s, peak RSS {rss2} MiB, exit {code2}: {summary}")
    code3, seconds3, _rss3, output3 = manage("check_trees", env=env)
    print(f"check_trees: {output3.strip()} ({seconds3:.0f} s)")
    return code or code2 or code3


if __name__ == "__main__":
    sys.exit(main())
