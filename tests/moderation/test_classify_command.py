"""manage.py classify, run as sites run it: a subprocess reading JSON lines on stdin (no broker, no database)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


def run_classify(stdin: bytes) -> subprocess.CompletedProcess:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="support_site.settings", PYTHONIOENCODING="ascii", LC_ALL="C")
    # Point the broker at nothing: classify must not need one.
    env["CELERY_BROKER_URL"] = "redis://127.0.0.1:1/0"
    return subprocess.run(
        [sys.executable, "manage.py", "classify"],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )


# Input lines, and what each one should give: ("out", id) for a result line, ("err", reason) for a malformed one,
# None for a blank line. Line numbers are 1-based positions in this list.
LINES = [
    ('{"id": "a", "text": "I want to die"}', ("out", "a")),
    ("", None),
    ('{"id": 42, "text": "my commute is murder this week"}', ("out", 42)),
    ("   ", None),
    ("this is not json", ("err", "invalid JSON")),
    ('{"text": "no id here"}', ("err", "missing 'id'")),
    ('{"id": "no-text"}', ("err", "missing 'text'")),
    ('{"id": "t", "text": 7}', ("err", "'text' must be a string")),
    ('{"id": null, "text": "email me: name at gmail dot com"}', ("out", None)),
    (
        '{"id": {"thread": 9, "tags": ["x", 1.5]}, "text": "quit moaning, no one cares"}',
        ("out", {"thread": 9, "tags": ["x", 1.5]}),
    ),
    ('{"id": 3.50, "text": "Caf\\u00e9 ☕ et \U0001f600 — tout va bien"}', ("out", 3.5)),
    (
        '{"id": "ctx", "text": "do it", "parent": "I am going to end it tonight, I have everything ready."}',
        ("out", "ctx"),
    ),
    (
        '{"id": "post", "text": "see you on the other side 🕊️", "post": "I can\'t do another year of this."}',
        ("out", "post"),
    ),
    ('["an", "array"]', ("err", "expected a JSON object")),
    ('{"id": NaN, "text": "not JSON either"}', ("err", "invalid JSON")),
    ('{"id": "p", "text": "fine", "parent": 5}', ("out", "p")),
]


@pytest.fixture(scope="module")
def result():
    stdin = "\n".join(line for line, _ in LINES).encode("utf-8") + b"\n"
    return run_classify(stdin)


def test_one_line_out_per_well_formed_line_in_input_order(result):
    expected_ids = [what[1] for _, what in LINES if what and what[0] == "out"]
    out = result.stdout.decode("utf-8").splitlines()
    assert len(out) == len(expected_ids)
    assert [json.loads(line)["id"] for line in out] == expected_ids


def test_ids_are_echoed_unchanged(result):
    out = result.stdout.decode("utf-8").splitlines()
    assert out[0].startswith('{"id": "a",')
    assert out[1].startswith('{"id": 42,')
    assert out[2].startswith('{"id": null,')
    assert out[3].startswith('{"id": {"thread": 9, "tags": ["x", 1.5]},')
    assert out[4].startswith('{"id": 3.50,'), "a number comes back exactly as written"


def test_malformed_lines_are_reported_on_stderr_and_exit_1(result):
    assert result.returncode == 1
    errors = result.stderr.decode("utf-8").splitlines()
    expected = [(n, what[1]) for n, (_, what) in enumerate(LINES, start=1) if what and what[0] == "err"]
    assert len(errors) == len(expected)
    for line, (number, reason) in zip(errors, expected, strict=True):
        assert line.startswith(f"line {number}: "), line
        assert reason in line


def test_flags_follow_the_contract(result):
    by_id = {}
    texts, parents = {}, {}
    for line, what in LINES:
        if what and what[0] == "out":
            texts[json.dumps(what[1])] = json.loads(line)["text"]
            parents[json.dumps(what[1])] = json.loads(line).get("parent")
    for line in result.stdout.decode("utf-8").splitlines():
        record = json.loads(line)
        by_id[json.dumps(record["id"])] = record
        seen = set()
        for flag in record["flags"]:
            assert set(flag) >= {"category", "severity", "score", "evidence"}
            assert flag["severity"] in ("low", "medium", "high")
            assert 0 <= flag["score"] <= 1
            assert flag["category"] not in seen
            seen.add(flag["category"])
            for e in flag["evidence"]:
                assert set(e) >= {"start", "end", "text", "rule"}
                # A span of the comment a reply answers says so; its offsets are into the parent.
                source = parents if e.get("in") == "parent" else texts
                assert source[json.dumps(record["id"])][e["start"] : e["end"]] == e["text"]
        assert not {"crisis", "distress"} <= seen
    categories = {key: {f["category"] for f in r["flags"]} for key, r in by_id.items()}
    assert categories['"a"'] == {"crisis"}
    assert categories["42"] == set(), "a clean text gives []"
    assert categories["null"] == {"personal_info"}
    assert categories['{"thread": 9, "tags": ["x", 1.5]}'] == {"hostile"}
    assert categories["3.5"] == set()
    assert categories['"ctx"'] == {"hostile"}, "the parent makes 'do it' encouragement"
    # "do it" is only stop-words, so its evidence is where the parent shows the risk it answers.
    (encouragement,) = by_id['"ctx"']["flags"]
    assert {e.get("in") for e in encouragement["evidence"]} == {"parent"}
    assert categories['"post"'] == {"crisis"}
    assert by_id["3.5"]["flags"] == []


def test_unicode_comes_back_as_utf8_whatever_the_locale(result):
    # LC_ALL=C and PYTHONIOENCODING=ascii are set for the child; the output is still UTF-8 JSON.
    assert "🕊" in result.stdout.decode("utf-8")
    assert b"\\ud83d" not in result.stdout


def test_all_good_input_exits_0_and_blank_input_writes_nothing():
    good = run_classify(b'{"id": 1, "text": "hello"}\n\n{"id": 2, "text": "thanks all"}\n')
    assert good.returncode == 0, good.stderr
    assert [json.loads(line)["id"] for line in good.stdout.decode().splitlines()] == [1, 2]
    assert good.stderr == b""
    empty = run_classify(b"\n \n")
    assert (empty.returncode, empty.stdout, empty.stderr) == (0, b"", b"")


def test_invalid_utf8_is_a_malformed_line():
    result = run_classify(b'{"id": 1, "text": "ok"}\n\xff\xfe\n{"id": 2, "text": "ok"}\n')
    assert result.returncode == 1
    assert [json.loads(line)["id"] for line in result.stdout.decode().splitlines()] == [1, 2]
    assert result.stderr.decode().startswith("line 2: ")
