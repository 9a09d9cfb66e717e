"""How the care engine reads: sentence by sentence with neighbours, any length, replies with their parent."""

import json
import re
from functools import cache
from pathlib import Path

import pytest

from moderation.classifiers import rules
from moderation.classifiers.base import CareContext
from moderation.classifiers.rules import RuleClassifier
from moderation.classifiers.sentences import MAX_SENTENCE, sentence_spans
from moderation.pipeline import classify

DATA = Path(__file__).resolve().parent.parent / "data"
ENGINE = (RuleClassifier(),)

# Ordinary sentences of a kind reply, written for these tests, for the clean comments a signal is placed into.
FILLER_SENTENCES = [
    "Thank you for putting this into words, it can't have been easy.",
    "My therapist and I had a rough patch last spring and we talked it through.",
    "It took me a few sessions to say what was really bothering me.",
    "She listened, asked a couple of questions, and nothing terrible happened.",
    "I think a lot of us worry that honesty will ruin the one good thing we have.",
    "For what it's worth, the relationship got better once it was out in the open.",
    "Maybe write down the first sentence before you go in, so you don't lose your nerve.",
    "You could even hand her the note if saying it out loud feels like too much.",
    "I go for a walk around the park after my appointments to let things settle.",
    "My sister says I overthink everything, and she is probably right.",
    "We made soup on Sunday and watched an old film with the dog asleep on my feet.",
    "Work has been busy, but the new team is kind and the coffee is decent.",
    "I started a little notebook of things that went fine, which helps on grey days.",
    "Some weeks are better than others and that is allowed.",
    "Please be patient with yourself while you figure out what you want to say.",
    "Whatever you decide, you deserve a therapist who makes room for this.",
    "I'm rooting for you and I hope you tell us how it goes.",
    "The garden centre near me has a café where I like to sit and read.",
    "My nephew turned six last week and insisted on a dinosaur cake.",
    "I used to think asking for help made me a nuisance, but I see it differently now.",
]


def filler(length: int) -> str:
    """A clean comment of about `length` characters, in short sentences."""
    sentences, total, i = [], 0, 0
    while total < length:
        sentence = FILLER_SENTENCES[i % len(FILLER_SENTENCES)]
        sentences.append(sentence)
        total += len(sentence) + 1
        i += 1
    return " ".join(sentences)


def placements(clean: str) -> list[int]:
    """Where a text is placed: the start, the middle, the end, and the sentence end nearest to every multiple of
    350 characters (within 50 of it)."""
    ends = [m.end() + 1 for m in re.finditer(r"[.!?](?= )", clean)]
    points = {0, len(clean)}
    middle = min(ends, key=lambda e: abs(e - len(clean) // 2))
    points.add(middle)
    for target in range(350, len(clean), 350):
        near = [e for e in ends if abs(e - target) <= 50]
        assert near, f"no sentence end within 50 characters of {target}"
        points.add(min(near, key=lambda e: abs(e - target)))
    return sorted(points)


def place(clean: str, at: int, text: str) -> str:
    """text as a paragraph of its own at `at` (a reply without a full stop must not run into the next sentence)."""
    if at == 0:
        return f"{text}\n{clean}"
    if at >= len(clean):
        return f"{clean}\n{text}"
    return f"{clean[:at].rstrip()}\n{text}\n{clean[at:]}"


@cache
def dev_records(name: str) -> tuple[dict, ...]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return tuple(json.loads(line) for line in handle if line.strip())


def crisis_and_twins(name: str) -> list[dict]:
    records = dev_records(name)
    twinned = {r["twin"] for r in records if "twin" in r}
    return [r for r in records if "crisis" in r["labels"] or r["id"] in twinned or "twin" in r]


def has_crisis(text: str, parent: str = "", post: str = "", *, whole: bool = True) -> bool:
    """Whether the engine flags crisis; whole=False: on the sentence readings alone, leaving out the comment model
    (which weighs a long comment's sentences all together, so more ordinary text around them weighs against it)."""
    context = CareContext(text=text, parent_text=parent, post_text=post)
    bar = rules.COMMENT_MODEL_ALONE
    rules.COMMENT_MODEL_ALONE = bar if whole else 2.0  # a probability never reaches 2
    try:
        return any(flag.category == "crisis" for flag in classify(context, classifiers=ENGINE))
    finally:
        rules.COMMENT_MODEL_ALONE = bar


def test_sentences_are_trimmed_in_order_and_never_longer_than_the_limit():
    text = 'Hi there.  I\'m fine!\nReally? "Yes." ' + "and we went on and on, " * 40 + "the end.\n\n...\nNew line"
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans[:4]] == ["Hi there.", "I'm fine!", "Really?", '"Yes."']
    assert all(0 <= a < b <= len(text) and b - a <= MAX_SENTENCE for a, b in spans)
    assert all(not text[a].isspace() and not text[b - 1].isspace() for a, b in spans)
    assert [a for a, _ in spans] == sorted(a for a, _ in spans)
    assert text[spans[-1][0] : spans[-1][1]] == "New line"
    assert sentence_spans("") == () and sentence_spans(" ... ") == ()


@pytest.mark.slow
@pytest.mark.parametrize("length", [2000, 5000, 9000])
def test_a_long_development_text_gets_the_same_decision_wherever_it_sits(length):
    """Each crisis text of the long development set, and its clean twin, placed at the start, the middle, the end
    and near every multiple of 350 characters of a clean comment: the crisis decision never changes with the place;
    and the sentence readings' decision is the one the text gets on its own (the comment model weighs the whole
    comment, so it may be outweighed by thousands of ordinary characters, but never by where the text sits)."""
    clean = filler(length)
    assert not has_crisis(clean)
    points = placements(clean)
    changed = []
    for record in crisis_and_twins("care-long-dev.jsonl"):
        decisions = {at: has_crisis(place(clean, at, record["text"])) for at in points}
        if len(set(decisions.values())) != 1:
            changed.append((record["id"], "moves with the place", decisions))
        alone = has_crisis(record["text"], whole=False)
        by_sentences = {at: has_crisis(place(clean, at, record["text"]), whole=False) for at in points}
        if set(by_sentences.values()) != {alone}:
            changed.append((record["id"], alone, [at for at, d in by_sentences.items() if d != alone]))
    assert not changed, changed


@pytest.mark.slow
@pytest.mark.parametrize("length", [2000, 5000, 9000])
def test_a_reply_gets_the_same_decision_wherever_it_sits_in_a_long_comment(length):
    """The context development set's crisis replies and their twins, placed the same way into a long reply to the
    same parent: the decision is the same at every place."""
    clean = filler(length)
    points = placements(clean)
    changed = []
    for record in crisis_and_twins("care-context-dev.jsonl"):
        parent, post = record.get("parent", ""), record.get("post", "")
        decisions = {has_crisis(place(clean, at, record["text"]), parent, post) for at in points}
        if len(decisions) != 1:
            changed.append(record["id"])
    assert not changed, changed


RECOVERED = (
    "Years ago I took an overdose and spent a week in hospital; I'm four years into recovery now and doing well."
)
CURRENT = "But tonight I've got the pills lined up on the desk and I've written the note."


def test_a_recovered_sentence_does_not_cancel_a_current_one_elsewhere():
    middle = " ".join(FILLER_SENTENCES[:8])
    assert not has_crisis(f"{RECOVERED} {middle}")
    assert has_crisis(f"{RECOVERED} {middle} {CURRENT}")
    assert has_crisis(f"{CURRENT} {middle} {RECOVERED}")


def test_a_recovered_sentence_is_read_with_its_neighbours():
    story = (
        "I was in a very dark place at nineteen. I had pills saved in a shoebox. "
        "That was twelve years ago, and I'm doing well now."
    )
    assert not has_crisis(story + " " + " ".join(FILLER_SENTENCES[:10]))


# Words that carry no signal on their own: evidence made only of these tells a moderator nothing.
STOP_WORDS = frozenset(
    "a an the and or but so if then than that this these those it its it's i i'm im me my mine you your yours "
    "he she they we us our them his her their is am are was were be been being do does did have has had to of in on "
    "at by for with from as up down out off over into just too very not no yes oh ok okay well".split()
)


def _meaningful(text: str) -> bool:
    words = re.findall(r"[a-z']+", text.lower())
    return (
        any(w not in STOP_WORDS for w in words)
        or bool(re.search(r"[\d@]", text))
        or bool(re.search(r"[^\x00-\x7f]", text))
    )


def _evidence_problems(record: dict) -> list[str]:
    context = CareContext(text=record["text"], parent_text=record.get("parent", ""), post_text=record.get("post", ""))
    problems = []
    for flag in classify(context, classifiers=ENGINE):
        for e in flag.evidence:
            source = context.parent_text if e.within == "parent" else context.text
            where = f"{record['id']} {flag.category} {e.rule}"
            if source[e.start : e.end] != e.text:
                problems.append(f"{where}: offsets do not match")
            if len(e.text) > MAX_SENTENCE:
                problems.append(f"{where}: {len(e.text)} characters")
            if len(sentence_spans(e.text)) > 1:
                problems.append(f"{where}: more than one sentence")
            if not _meaningful(e.text):
                problems.append(f"{where}: only stop-words or punctuation: {e.text!r}")
    return problems


@pytest.mark.parametrize("name", ["care-long-dev.jsonl", "care-context-dev.jsonl", "care-dev.jsonl"])
def test_evidence_is_at_most_one_sentence_and_never_only_stop_words(name):
    problems = [p for record in dev_records(name) for p in _evidence_problems(record)]
    assert not problems, problems[:20]


def test_a_flag_that_only_the_parent_explains_cites_the_parent():
    parent = "I've written my note and I keep thinking tonight is the night."
    context = CareContext(text="same here honestly", parent_text=parent)
    (crisis,) = [f for f in classify(context, classifiers=ENGINE) if f.category == "crisis"]
    in_parent = [e for e in crisis.evidence if e.within == "parent"]
    in_reply = [e for e in crisis.evidence if e.within == "text"]
    assert in_parent and in_reply
    assert all(parent[e.start : e.end] == e.text for e in in_parent)
    assert in_parent[0].as_json()["in"] == "parent" and "in" not in in_reply[0].as_json()


# Replies under a comment about self-harm happening now: ongoing self-harm told in a few words is the reply writer's
# own crisis; care, advice, recovery and other meanings of "cut" are not. Written for this test.
SELF_HARM_PARENT = "I cut again last night, first time since March. Anyone else struggling this week?"


@pytest.mark.parametrize(
    "parent, reply, crisis",
    [
        (SELF_HARM_PARENT, "yeah, me too this week. sleeves on", True),
        (SELF_HARM_PARENT, "same. twice since sunday", True),
        (SELF_HARM_PARENT, "me too. last night as well", True),
        ("How do you hide the marks at the gym?", "baggy tops. the new ones are on my legs anyway", True),
        ("Clean streak gone again, back to counting from zero.", "mine went back to zero on friday", False),
        (SELF_HARM_PARENT, "sending you a hug. it doesn't undo your progress, be kind to yourself today", False),
        (SELF_HARM_PARENT, "I'm so sorry. Did you manage to clean it up? Here if you want to talk tonight", False),
        (SELF_HARM_PARENT, "proud of you for saying it. What helped me was texting a friend when the urge hit", False),
        ("I used to self-harm. Two years clean today.", "me too, 18 months for me", False),
        ("I cut my hair off last night and I love it", "same, did mine yesterday!", False),
        ("Does anyone else cut off people who drain them?", "yep, did it again this month, no regrets", False),
        ("i scratched my mosquito bites till they bled again lol", "me too tonight 😂", False),
    ],
)
def test_ongoing_self_harm_told_in_a_reply_is_read_with_its_parent(parent, reply, crisis):
    assert has_crisis(reply, parent) is crisis
