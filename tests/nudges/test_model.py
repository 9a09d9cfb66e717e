"""The nudge's word model and its trainer: pure, no database."""

import json

import pytest

from nudges import detector, train
from nudges.detector import KINDS, draft_kinds, rule_kinds
from nudges.model import features, model_kinds, probabilities


def test_features_read_words_pairs_character_grams_and_person():
    found = features("You should take 2 of my Xanax?")
    assert {"you", "should", "you should", "xanax", "#<xan", "0", "_you", "_i", "_question"} <= found


def test_the_shipped_model_reads_every_kind_and_has_a_threshold_for_each():
    text = "honestly you need to stop being so dramatic about a hamster, everyone loses pets and gets on with it"
    scores = probabilities(text)
    assert set(scores) == set(KINDS)
    assert scores["invalidating"] > scores["contact"]
    assert "invalidating" in draft_kinds(text)


def test_the_model_adds_a_kind_only_to_a_draft_long_enough_and_about_that_kind():
    invalidating = {"kinds": {k: {"bias": 5.0 if k == "invalidating" else -5.0, "weights": {}} for k in KINDS}}
    invalidating["thresholds"] = dict.fromkeys(KINDS, 0.8)
    long_to_you = "I read all of it twice and I keep thinking about what you said about the garden and your dad"
    assert model_kinds(long_to_you, invalidating) == ["invalidating"]
    assert draft_kinds(long_to_you, invalidating) == ["invalidating"]
    # Too short: left to the rules.
    assert draft_kinds("Your kids are lucky you care this much.", invalidating) == []
    # Not spoken to anyone: a judgement needs a "you".
    assert (
        draft_kinds(
            "I read all of it twice and I keep thinking about the garden and the old shed at the end", invalidating
        )
        == []
    )
    medical = {"kinds": {k: {"bias": 5.0 if k == "medical_advice" else -5.0, "weights": {}} for k in KINDS}}
    medical["thresholds"] = dict.fromkeys(KINDS, 0.8)
    # No medicine or condition named: nothing to advise on.
    assert draft_kinds(long_to_you, medical) == []
    # A pointer to their own doctor about a dose nobody named is support, not advice.
    pointer = (
        "It sounds like a lot to carry, and maybe ask your GP whether the dose of your meds is still right for you"
    )
    assert draft_kinds(pointer, medical) == []


def test_rules_come_first_and_quotes_are_never_read():
    text = "> call me on 07700 900123 any time\nI'm glad you wrote this, thank you for sharing it with all of us here"
    assert rule_kinds(detector.without_quotes(text)) == []
    assert draft_kinds(text) == []


def _write(tmp_path, name, rows):
    path = tmp_path / name
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return str(path)


def test_training_refuses_a_heldout_file(tmp_path, capsys):
    path = _write(tmp_path, "nudge-heldout.jsonl", [])
    assert train.main([path]) == 2
    assert train.main([_write(tmp_path, "dev.jsonl", []), "--negatives", path]) == 2


def test_training_writes_weights_and_crossfits_by_writer(tmp_path, monkeypatch, capsys):
    rows = []
    for writer in ("nda", "ndb"):
        for n in range(6):
            rows.append({"id": f"{writer}{n}", "text": f"you are so dramatic, get over it {n}", "kind": "invalidating"})
            rows.append({"id": f"{writer}{n + 10}", "text": f"sending you a hug, thinking of you {n}", "kind": "none"})
    dev = _write(tmp_path, "dev.jsonl", rows)
    weights = tmp_path / "model.json"
    monkeypatch.setattr(train, "WEIGHTS", weights)
    assert train.main([dev]) == 0
    model = json.loads(weights.read_text())
    assert set(model["kinds"]) == set(KINDS) and model["thresholds"]["invalidating"] == train.THRESHOLD
    assert model["kinds"]["invalidating"]["weights"]["dramatic"] > 0
    assert train.main([dev, "--crossfit", "--threshold", "0.5", "0.9"]) == 0
    printed = capsys.readouterr().out
    assert "threshold 0.9" in printed and printed.count("nda ") == 2 and "all " in printed


@pytest.mark.parametrize("record, kept", [({"labels": []}, True), ({"labels": ["distress"]}, False)])
def test_negatives_are_clean_care_texts_the_rules_leave_alone(tmp_path, record, kept):
    clean = {"id": "c1", "text": "thank you for writing this, it helped me", **record}
    flagged_by_rules = {"id": "c2", "text": "whatsapp me on 07700 900123", "labels": []}
    path = _write(tmp_path, "care-dev.jsonl", [clean, flagged_by_rules])
    assert [row["text"] for row in train.negatives([path])] == ([clean["text"]] if kept else [])
