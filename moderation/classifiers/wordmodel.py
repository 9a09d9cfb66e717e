"""A word and character n-gram model (logistic regression per category) that backs up the rules.

The rules name what they see; this model catches wording no rule anticipated, from the labeled examples. Character
n-grams inside words let it read typos and variants ("suicdal", "pils", "unaliving") it never saw spelled that way.
It is read over windows of a sentence and its neighbours (see rules._read), so a long comment is read as closely
as a short one. It is pure Python, loads a JSON file of weights shipped with the code, and never trains at run
time; moderation.classifiers.training rebuilds the weights from the development sets.
"""

import json
import re
import threading
from functools import lru_cache
from pathlib import Path

from core.textmodel import logistic_train, sigmoid

WEIGHTS = Path(__file__).with_name("wordmodel.json")
CATEGORIES = ("crisis", "distress", "hostile", "spam")
_TOKEN = re.compile(r"[a-z][a-z']*|[^\x00-\x7f\s]")
_BREAK = re.compile(r"[.!?;\n]+")
_SECOND_PERSON = re.compile(r"\b(?:you|you'?re|your|yourself|u|ur)\b")
_FIRST_PERSON = re.compile(r"\b(?:i|i'?m|im|i'?ve|i'?d|i'?ll|me|my|myself)\b")
# A negation colours the next few words: "don't want to die" is not "want to die".
_NEGATORS = frozenset({"not", "no", "never", "nothing", "nobody", "without", "cannot"})
_NEGATION_REACH = 3
_CHAR_SIZES = (4,)


@lru_cache(maxsize=65536)
def _grams_of(token: str) -> tuple[str, ...]:
    """A word's character n-grams, worked out once per word (the same few thousand words make up most text)."""
    if len(token) < 3 or not token.isascii():
        return ()
    padded = f"<{token}>"
    return tuple("#" + padded[i : i + size] for size in _CHAR_SIZES for i in range(len(padded) - size + 1))


def _char_grams(token: str, found: set[str]) -> None:
    found.update(_grams_of(token))


def sentence_features(text: str) -> set[str]:
    """The words, word pairs, negation-marked words and character n-grams of one sentence (a normalised view's
    text), and whether it speaks to "you", of "I", or asks."""
    found: set[str] = set()
    _words(text, found)
    if _SECOND_PERSON.search(text):
        found.add("_you")
    if _FIRST_PERSON.search(text):
        found.add("_i")
    if "?" in text:
        found.add("_question")
    return found


def thread_markers(*, risk: float, worry: bool, distress: bool, short: bool) -> frozenset[str]:
    """What a reply answers, as the model sees it: how much the parent speaks of risk, whether it asks after the
    reader, whether it is in distress. A short reply's words are also joined to these (see with_thread); a long
    reply says enough on its own."""
    markers = {"^risk" if risk >= 0.5 else "^maybe" if risk >= 0.2 else "^calm"}
    if worry:
        markers.add("^worry")
    if distress:
        markers.add("^distress")
    if short:
        markers.add("^short")
    return frozenset(markers)


def parent_words(text: str) -> frozenset[str]:
    """What a reply answers, word by word: the parent's words and word pairs, marked as the parent's. A worried
    check-in ("you said the end of the month. is that the date?") or a question to others at risk ("anyone else
    picked a day?") tells what "yes" under it means even when no rule reads the parent as risk."""
    found: set[str] = set()
    for part in _BREAK.split(text.lower()):
        tokens = _TOKEN.findall(part)
        found.update("@" + token for token in tokens)
        found.update(f"@{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False))
    return frozenset(found)


def with_thread(found: set[str], thread: frozenset[str]) -> set[str]:
    """A reply's features, and for a short reply each of its words and word pairs joined to what it answers:
    "same here" under a comment at risk is not "same here" under a calm one."""
    if not thread:
        return found
    joined = (
        {
            f"{marker}|{name}"
            for marker in thread
            if marker[0] == "^" and marker != "^short"
            for name in found
            if name[0] not in "#_"
        }
        if "^short" in thread
        else set()
    )
    return found | joined | thread


def _words(text: str, found: set[str]) -> None:
    for part in _BREAK.split(text):
        tokens = _TOKEN.findall(part)
        negated = 0
        for token in tokens:
            if negated:
                found.add("~" + token)
                negated -= 1
            if token in _NEGATORS or token.endswith("n't"):
                negated = _NEGATION_REACH
            found.add(token)
            _char_grams(token, found)
        found.update(f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False))


# Four models: one reads a short comment whole ("short"), one a short reply with what it answers ("reply"), one
# each sentence of a long comment ("long"), and one a long comment's sentences all together ("comment"). They learn
# different things: "you" in a short comment is often aimed at someone, in a long one mostly advice; "same" means
# what its parent means; a long comment can say across its paragraphs what no one sentence says.
KINDS = ("short", "reply", "long", "comment")
# kind -> table in use: the shipped weights, or a model given to use() (cross-fitting). Replaced whole, never filled
# in place: a web server's threads read it while another thread may be loading it (a half-filled table once answered
# KeyError: 'long' to a request's crisis check under gunicorn threads).
_loaded: dict = {}
_LOADING = threading.Lock()


def _table(kind: str = "short") -> tuple[tuple[float, ...], dict[str, tuple[float, ...]]]:
    """The biases, and for each feature its weights in every category (in CATEGORIES order): one lookup per feature."""
    tables = _loaded
    if not tables:
        with _LOADING:
            if not _loaded:
                with WEIGHTS.open(encoding="utf-8") as handle:
                    use(json.load(handle))
        tables = _loaded
    return tables[kind]


def use(models: dict | None) -> None:
    """Score with these models ({"short": ..., "long": ...}, each as train() returns it) from now on in this
    process; None: the shipped weights (loaded again when next needed)."""
    global _loaded
    tables = {}
    for kind in KINDS if models is not None else ():
        model = models[kind]
        names = set().union(*(model[category]["weights"] for category in CATEGORIES))
        table = {name: tuple(model[category]["weights"].get(name, 0.0) for category in CATEGORIES) for name in names}
        tables[kind] = (tuple(model[category]["bias"] for category in CATEGORIES), table)
    _loaded = tables


_sigmoid = sigmoid


def probabilities(found: set[str], kind: str = "short") -> dict[str, float]:
    biases, table = _table(kind)
    crisis, distress, hostile, spam = biases
    get = table.get
    for name in found:
        row = get(name)
        if row is not None:
            crisis += row[0]
            distress += row[1]
            hostile += row[2]
            spam += row[3]
    return dict(zip(CATEGORIES, map(_sigmoid, (crisis, distress, hostile, spam)), strict=True))


def probability_of(total: float, category: str, kind: str) -> float:
    """The probability a model gives a category for features whose weights add up to total (see sentence_score)."""
    biases, _ = _table(kind)
    return _sigmoid(biases[CATEGORIES.index(category)] + total)


def sentence_score(found: frozenset[str], category: str, kind: str = "short") -> float:
    """How much one sentence's features push a category up (no bias): which sentence of a piece carries it."""
    _, table = _table(kind)
    i = CATEGORIES.index(category)
    return sum(row[i] for row in map(table.get, found) if row is not None)


def train(rows: list[tuple[set[str], set[str], set[str]]], **options) -> dict:
    """core.textmodel.logistic_train over the care categories (see there for the rows and options)."""
    return logistic_train(rows, categories=CATEGORIES, **options)


def save(model: dict) -> None:
    WEIGHTS.write_text(json.dumps(model, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    use(None)
