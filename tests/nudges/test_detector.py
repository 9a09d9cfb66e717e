"""The nudge detector (docs/nudge-kinds.md): pure, table-driven, no database."""

import ast
import json
import re
from pathlib import Path

import pytest

from moderation.classifiers.base import CATEGORIES
from nudges.detector import KINDS, SENTENCES, draft_kinds, draft_nudge
from nudges.evaluate import score

ROOT = Path(__file__).resolve().parents[2]

# The definitions' own examples (docs/nudge-kinds.md) and a few more in their spirit, written for this test.
CASES = [
    ("just get over it", "invalidating"),
    ("other people have it much worse", "invalidating"),
    ("you're overreacting", "invalidating"),
    ("stop being so dramatic", "invalidating"),
    ("that's not real depression", "invalidating"),
    ("have you tried just being happier?", "invalidating"),
    ("It's just a breakup, get a grip.", "invalidating"),
    ("it will definitely get better", "promise"),
    ("I promise nothing bad will happen", "promise"),
    ("your therapist will never judge you", "promise"),
    ("you will 100% be fine", "promise"),
    ("this is the last bad year, guaranteed", "promise"),
    ("everything will work out, I know it", "promise"),
    ("I won't tell anyone, I promise", "promise"),
    ("come off the sertraline, it's poison", "medical_advice"),
    ("take two of my diazepam", "medical_advice"),
    ("St John's wort instead of your meds", "medical_advice"),
    ("you're clearly bipolar", "medical_advice"),
    ("that's textbook BPD", "medical_advice"),
    ("sounds like ADHD, get Adderall", "medical_advice"),
    ("email me at sam.jones@example.com", "contact"),
    ("my insta is the same as my name here", "contact"),
    ("write to me, name at gmail dot com", "contact"),
    ("call me on 07700 900123 any time", "contact"),
    ("find me on discord, same username", "contact"),
    ("I live at 14 Elm Street, come by anytime", "contact"),
    # Shapes added 2026-12-05 from the definitions, each found missing in new development writers.
    ("Three weeks of crying over a dog is too much, honestly.", "invalidating"),
    ("You should be over it by now, it's been a year.", "invalidating"),
    ("Stop getting worked up over nothing.", "invalidating"),
    ("This medicine will work for you, I am sure of it.", "promise"),
    ("There is no way this will cost you your job.", "promise"),
    ("Just ask your doctor for Xanax by name, it's the only thing that works.", "medical_advice"),
    ("What you're describing is PTSD, no need to see anybody to tell you that.", "medical_advice"),
    ("Ask your mum if she has some of her diazepam left.", "medical_advice"),
    ("My mate's got spare Elvanse, just start on 30 off him and see.", "medical_advice"),
    ("Quit the sertraline. Cut it in half for a week then stop.", "medical_advice"),
    ("You have textbook CPTSD from being the oldest, it's so obvious.", "medical_advice"),
    ("I don't think you have real depression, you had a hard year.", "invalidating"),
    ("A week on the sofa is enough now.", "invalidating"),
]

# Supportive replies close in wording to a kind (the "not this kind" of each definition).
NOT_NUDGED = [
    "I hear how scared you are; I'd still tell her.",
    "I read it another way, gently: a bit of distance might help.",
    "it got better for me",
    "I hope it eases soon.",
    "Many people find it does get easier.",
    "I'll check back tomorrow.",
    "I promise to check in tomorrow.",
    "I can't promise it will go away, but I hope it does.",
    "my meds took six weeks to help me",
    "ask your GP whether the dose is right",
    "a psychiatrist can tell you what's going on",
    "988 is there any hour, call or text.",
    "Samaritans are on 116 123, free, any time.",
    "You can talk to me here whenever you like.",
    "You don't have to forgive him to move on.",
    "Keep going to the group, you'll find your people there.",
    # The writer's own story, and kindness in the kinds' words (2026-12-05).
    "Nobody asked if I slept, those first weeks.",
    "She told me to give myself a month and then get on with it, and she was right about me.",
    "Don't be so hard on yourself, two years of recovery is big.",
    "It is not a guarantee, it is only what happened to me.",
    "She said I can always come back if I need to, which made the goodbye easier.",
    "Please eat something warm and take your medicines tonight.",
    "Never stop the tablets on your own, talk to the doctor who gave them first.",
    "Grief and hormones together is too much for anybody.",
    "I'm not going to pretend that feeling isn't real.",
    "I'm really happy for you, sorry if that's a bit much from a stranger.",
    "Please tell someone what's really going on in your head.",
    "I was on fluoxetine then, 20mg, and my GP tapered me off slowly.",
    "Don't keep spares in a drawer, and ask the GP for a medication review.",
    "That one conversation cut my panic in half.",
    "Keep your chin up, love, we are all rooting for you.",
]


def _supportive_probes() -> list[str]:
    """The supportive replies the care tests already use (tests/moderation/test_classifiers.py)."""
    source = (ROOT / "tests" / "moderation" / "test_classifiers.py").read_text(encoding="utf-8")
    found = re.search(r"^SUPPORTIVE_REPLIES = (\[.*?^\])", source, re.S | re.M)
    return ast.literal_eval(found.group(1))


@pytest.mark.parametrize("text, kind", CASES)
def test_each_kind(text, kind):
    nudge = draft_nudge(text)
    assert nudge is not None and nudge.kind == kind, draft_kinds(text)
    assert nudge.sentence == SENTENCES[kind]


@pytest.mark.parametrize("text", NOT_NUDGED)
def test_supportive_replies_close_in_wording_are_not_nudged(text):
    assert draft_kinds(text) == []


def test_none_of_the_care_tests_supportive_probes_is_nudged():
    probes = _supportive_probes()
    assert len(probes) > 60
    assert [text for text in probes if draft_kinds(text)] == []


def test_one_calm_sentence_per_kind():
    assert set(SENTENCES) == set(KINDS)
    for sentence in SENTENCES.values():
        assert sentence.count(".") + sentence.count("?") == 1 and sentence[-1] in ".?"
        # Kind and non-judging: no blame words.
        assert not re.search(r"\b(wrong|bad|rude|unkind|harmful|inappropriate|violat)", sentence, re.I)


def test_empty_and_blank_drafts_are_not_nudged():
    assert draft_nudge("") is None and draft_nudge("   \n ") is None


def test_nudge_kinds_are_not_care_categories():
    # Nudges never become flags: none of their kinds is a category the care engine, classify or evaluate knows.
    assert not set(KINDS) & set(CATEGORIES)


def test_the_development_set_floors():
    """Regression floors on the development set (the held-out set is scored only by `python -m nudges.evaluate`,
    logged in docs/nudge-heldout-runs.md)."""
    with (ROOT / "tests" / "data" / "nudge-dev.jsonl").open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    # The rules were written reading the first round's two writers; the second round's three (2026-12-04) read
    # like new writers, so their floors sit just under what the detector does on them today.
    first = score([r for r in records if r["id"][:3] in ("nda", "ndb")])
    assert all(first.recall[kind] >= 0.95 for kind in KINDS), first.recall
    assert first.supportive_nudged <= 0.01
    second = score([r for r in records if r["id"][:3] not in ("nda", "ndb")])
    floors = {"invalidating": 0.7, "promise": 0.9, "medical_advice": 0.69, "contact": 0.88}
    assert all(second.recall[kind] >= floors[kind] for kind in KINDS), second.recall
    assert second.supportive_nudged <= 0.02


def test_lines_quoted_from_the_parent_are_not_the_writers_words():
    quoted = "> It will definitely get better, I promise.\n\nThat part stayed with me. Thank you for writing it."
    assert draft_kinds(quoted) == []
    assert draft_kinds("It will definitely get better, I promise.") == ["promise"]
