"""The reply-nudge sets (docs/nudge-kinds.md): the held-out file is pinned from its commit, before any nudge exists;
both sets keep their shape and minimums, and no development text is a near-duplicate of a held-out one."""

import hashlib
import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"
HELDOUT_SHA256 = "ba40b8b03f962738c64360affa24a9ca9288f01f0e86a371645e1b5d4ca8c205"
# The second held-out set (two more writers, 2026-12-04 evening), committed alone before the word model.
HELDOUT2_SHA256 = "91189f0126d7c76cd7399623ba52d9dc69b302f259b2a1be4d20ffcf957dfb4f"
# The third (two more writers, 2026-12-05), committed alone before the detector changed again.
HELDOUT3_SHA256 = "5f706290952ad12c3c485a36ca81c1b920d8ce055d305a540407033faef1f5b9"
HELDOUT_SETS = ("nudge-heldout.jsonl", "nudge-heldout2.jsonl", "nudge-heldout3.jsonl")
KINDS = ("invalidating", "promise", "medical_advice", "contact")


def load(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def test_the_heldout_sets_are_unchanged():
    assert hashlib.sha256((DATA / "nudge-heldout.jsonl").read_bytes()).hexdigest() == HELDOUT_SHA256
    assert hashlib.sha256((DATA / "nudge-heldout2.jsonl").read_bytes()).hexdigest() == HELDOUT2_SHA256
    assert hashlib.sha256((DATA / "nudge-heldout3.jsonl").read_bytes()).hexdigest() == HELDOUT3_SHA256


@pytest.mark.parametrize("name", ["nudge-dev.jsonl", *HELDOUT_SETS])
def test_each_set_has_the_shape_and_the_minimums(name):
    rows = load(name)
    assert all(set(row) == {"id", "text", "kind", "parent"} for row in rows)
    assert all(row["text"].strip() and row["parent"].strip() for row in rows)
    assert len({row["id"] for row in rows}) == len(rows)
    kinds = Counter(row["kind"] for row in rows)
    assert set(kinds) == {*KINDS, "none"}
    assert all(kinds[kind] >= 40 for kind in KINDS), kinds
    assert kinds["none"] >= 150, kinds


def test_no_development_text_is_a_near_duplicate_of_a_heldout_one():
    spec = importlib.util.spec_from_file_location("check_sets", DATA / "check_sets.py")
    check_sets = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check_sets)
    sets = {name: load(name) for name in ("nudge-dev.jsonl", *HELDOUT_SETS)}
    # Ids only: a held-out text is never printed.
    assert check_sets.overlap_errors(sets, heldout=set(HELDOUT_SETS)) == []
