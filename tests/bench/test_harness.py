"""Smoke test of the benchmark harness on the project's side at a tiny N: the figures it produces, not their values.

django-comments-xtd runs only in the bench (bench/run.py), never in the suite; nothing here is timed.
"""

import math

import pytest

from bench import kindred_side, report, shapes
from bench.run import FULL, QUICK, derive, page_cases, ratios
from comments.models import Comment, Post

pytestmark = pytest.mark.django_db(transaction=True)


def _all_finite(figures: dict) -> bool:
    return all(isinstance(value, int | float) and math.isfinite(value) for value in figures.values())


def test_shapes_are_the_issues_shapes():
    nodes = shapes.conversation(300, seed=1)
    assert sum(node.parent is None for node in nodes) == 100  # a third top-level
    assert max(node.depth for node in nodes) <= shapes.MAX_DEPTH
    assert all(node.parent is None or node.parent < index for index, node in enumerate(nodes))
    assert all(20 <= len(node.body.split()) <= 60 for node in nodes)
    assert all(100 <= len(node.body.split()) <= 270 for node in shapes.conversation(30, seed=1, long_bodies=True))
    assert {node.user for node in nodes} <= set(range(shapes.USERS))
    assert shapes.conversation(300, seed=1) == nodes  # seeded: both systems get the same tree and bodies
    assert len(shapes.preorder(nodes)) == 300


def test_pages_and_replies_give_every_figure(postgres, clear_cache):
    kindred_side.setup()
    built = kindred_side.build(slug="smoke-page", shape="conversation", n=30, seed=1)
    assert built["comments"] == 30 and built["corrupt_rows"] == 0

    sample = kindred_side.page_sample(slug="smoke-page")
    assert set(sample) == {
        *(f"first.{m}" for m in ("ms", "cpu_ms", "queries", "bytes")),
        *(f"whole.{m}" for m in ("ms", "cpu_ms", "queries", "bytes", "requests", "missing")),
    }
    assert _all_finite(sample)
    assert sample["whole.missing"] == 0  # every comment was reached through the site's links

    floor = kindred_side.page_floor(slug="smoke-page", memory=True)
    assert set(floor) == {"first.sql_floor_ms", "first.peak_mb", "whole.peak_mb"} and _all_finite(floor)

    reply = kindred_side.reply_sample(slug="smoke-page", count=2, seed=1)
    assert set(reply) == {"reply.ms"} and _all_finite(reply)
    assert kindred_side.corrupt_rows(slug="smoke-page") == 0

    plans = kindred_side.explain_reply(slug="smoke-page", seed=1)
    assert plans["statements"] == len(plans["plans"]) > 0
    assert all("actual time" in plan for plan in plans["plans"])

    kept = Comment.objects.count()
    kindred_side.build(slug="smoke-long", shape="conversation", n=30, seed=1, long_bodies=True)
    assert kindred_side.discard(slug="smoke-long")["removed"] >= 30
    assert not Post.objects.filter(slug="smoke-long").exists()
    assert Comment.objects.count() == kept  # the other post keeps its comments


def test_concurrent_writers_leave_clean_trees(postgres, clear_cache):
    kindred_side.setup()
    kindred_side.build(slug="smoke-one", shape="thread", n=20, seed=2)
    kindred_side.build(slug="smoke-eight", shape="threads8", n=24, seed=3)
    for slug, spread in (("smoke-one", False), ("smoke-eight", True)):
        result = kindred_side.concurrent_writers(slug=slug, writers=8, per_writer=2, seed=1, spread=spread)
        assert _all_finite(result)
        assert result["errors"] == 0 and result["corrupt_rows"] == 0
        assert result["rows"] == {"smoke-one": 20, "smoke-eight": 24}[slug] + 16


def test_newest_variants_answer_one_comment(postgres, clear_cache):
    kindred_side.setup()
    kindred_side.build(slug="smoke-newest", shape="thread", n=20, seed=2)
    post = Post.objects.get(slug="smoke-newest")
    newest = max(kindred_side._reply_targets("smoke-newest"))
    reply = kindred_side.reply_sample(slug="smoke-newest", count=3, seed=1, target="newest")
    assert set(reply) == {"reply.ms"} and _all_finite(reply)
    result = kindred_side.concurrent_writers(
        slug="smoke-newest", writers=8, per_writer=2, seed=1, spread=False, target="newest"
    )
    assert result["errors"] == 0 and result["corrupt_rows"] == 0 and result["rows"] == 20 + 3 + 16
    assert set(Comment.objects.filter(post=post).order_by("pk")[20:].values_list("parent_id", flat=True)) == {newest}
    assert result["rows_after_newest"] >= 0
    plans = kindred_side.explain_reply(slug="smoke-newest", seed=1, target="newest")
    assert plans["statements"] == len(plans["plans"]) > 0

    kindred_side.build(slug="smoke-end", shape="thread", n=20, seed=2)
    result = kindred_side.concurrent_writers(
        slug="smoke-end", writers=8, per_writer=2, seed=1, spread=False, target="end"
    )
    assert result["errors"] == 0 and result["corrupt_rows"] == 0
    assert result["rows_after_newest"] == 0  # every reply went to the end of the thread


def test_classifier_rate_and_ratios():
    rate = kindred_side.classifier_rate(long_bodies=False, count=5, seed=1)
    assert _all_finite(rate) and rate["texts_per_cpu_s"] > 0
    figures = {"page.n30.first.ms.kindred": 2.0, "page.n30.first.ms.xtd": 8.0, "page.n30.whole.ms.kindred": 6.0}
    figures["page.n30.minimal.ms.xtd"] = 3.0
    assert ratios(figures) == {"page.n30.first.ms": 0.25, "page.n30.whole.ms.vs_minimal": 2.0}


def test_plans_measure_the_long_variant_at_each_n():
    full = {case: (size, repeats) for case, size, long_bodies, repeats in page_cases(FULL) if long_bodies}
    assert full == {"n100-long": (100, 7), "n1000-long": (1000, 5), "n10000-long": (10000, 2)}
    quick = [case for case, _, long_bodies, _ in page_cases(QUICK) if long_bodies]
    assert quick == ["n100-long"]
    for plan in (FULL, QUICK):
        assert plan["long_kept"] in plan["long_sizes"]
        assert [case for case, _, long_bodies, _ in page_cases(plan) if not long_bodies] == [
            f"n{size}" for size in plan["sizes"]
        ]


def test_report_shows_long_cases_the_baseline_lacks_as_dashes():
    figures = {}
    for case in ("n1000", "n1000-long", "n10000-long"):
        figures |= {f"page.{case}.first.ms.kindred": 2.0, f"page.{case}.first.ms.xtd": 8.0}
        figures |= {f"page.{case}.whole.ms.kindred": 6.0, f"page.{case}.minimal.ms.xtd": 3.0}
    derive(figures)
    assert figures["page.n10000-long.whole.ms_per_comment.kindred"] == 6.0 / 10000
    results = {"figures": figures, "ratios": ratios(figures)}
    base_figures = {name: value for name, value in figures.items() if ".n1000-long." in name}
    tables = report.Tables(results, {"figures": base_figures, "ratios": ratios(base_figures)})
    report._page_section(tables, results)
    report._whole_section(tables, results)
    text = "\n".join(tables.lines)
    assert "| N = 1,000, 100–270 words: ms | 2 ms | 8 ms | 0.25 | 0.25 | 2 ms |" in text
    assert "| N = 10,000, 100–270 words: ms | 2 ms | 8 ms | 0.25 | – | – |" in text
    assert "| N = 10,000, 100–270 words: time, xtd minimal template | 6 ms | 3 ms | 2.00 | – | – |" in text
    assert text.index("N = 1,000: ms") < text.index("N = 1,000, 100–270 words") < text.index("N = 10,000, 100–270")
    headline = report.headline(results)
    assert "| First page, N = 10,000, 100–270 words (xtd: default page) | 2 ms | 8 ms | 0.25 |" in headline
    whole = "| Whole conversation, N = 10,000, 100–270 words (xtd: minimal template) | 6 ms | 3 ms | 2.00 |"
    assert whole in headline
    assert report._series(figures, "page.n{size}-long.whole.ms.kindred") == ([1000, 10000], [6.0, 6.0])
    assert report._series(figures, "page.n{size}.whole.ms.kindred") == ([1000], [6.0])


def test_report_shows_todays_kindred_beside_this_one():
    figures = {
        f"writers.one_thread.replies_per_s.{system}": value
        for system, value in (("kindred", 60.0), ("today", 30.0), ("xtd", 1.0))
    }
    results = {"figures": figures, "ratios": ratios(figures)}
    assert results["ratios"]["writers.one_thread.replies_per_s.vs_today"] == 2.0
    tables = report.Tables(results, None)
    report._writers_section(tables, results)
    assert "| one thread: replies/s | 60 | 30 | 2.00 | 1 | 60.00 | – | – |" in "\n".join(tables.lines)


def test_backlog_and_crisis_figures_of_the_care_block(postgres, clear_cache):
    import time

    from bench.run import CARE_CRISIS_TEXT
    from comments.services import comment_create
    from moderation.services import scan, scan_batch

    kindred_side.setup()
    kindred_side.build(slug="smoke-care", shape="conversation", n=10, seed=4)
    since = time.time()
    assert kindred_side.queue_checks(slug="smoke-care", count=3, seed=1)["queued"] == 3
    assert kindred_side.first_scan_wait(slug="smoke-care", since=since, timeout=0) == {"started": False}
    post = Post.objects.get(slug="smoke-care")
    crisis = comment_create(user=kindred_side._readers()[0], post=post, parent_id=None, body=CARE_CRISIS_TEXT)
    assert scan.comment_crisis_check(comment_id=crisis.pk)  # what the posting request does
    first = Comment.objects.filter(post=post).order_by("pk")[10]
    scan_batch.comments_scan_batch(lead_id=first.pk)  # the worker's first task: all of them, the crisis first

    drained = kindred_side.backlog_drain(slug="smoke-care", since=since, timeout=0)
    assert drained["queued"] == drained["scanned"] == 4 and _all_finite(drained)
    figures = kindred_side.crisis_latency(slug="smoke-care", body=CARE_CRISIS_TEXT, since=since, timeout=0)
    assert set(figures) == {"found", "flags_s", "urgent_item_s", "backlog_left"} and _all_finite(figures)
    assert figures["backlog_left"] == 0
