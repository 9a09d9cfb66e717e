"""A word and character n-gram model (logistic regression per category) that backs up the rules.

The rules name what they see; this model catches wording no rule anticipated, from the labeled examples. Character
n-grams inside words let it read typos and variants ("suicdal", "pils", "unaliving") it never saw spelled that way.
It is pure Python, loads a JSON file of weights shipped with the code, and never trains at run time. To retrain
after changing the labeled examples (never on the held-out set):

    .venv/bin/python -m moderation.classifiers.wordmodel tests/data/care-dev.jsonl tests/data/care-extra.jsonl
"""

import json
import math
import random
import re
import sys
from functools import cache
from pathlib import Path

from . import lexicon as lx
from .normalize import View

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


def markers(text: str) -> dict[str, bool]:
    """Context markers: the same words mean less in a story about the past, advice to others, or a joke."""
    return {
        "_past": lx.PAST.search(text) is not None,
        "_generic": lx.GENERIC.search(text) is not None,
        "_laugh": lx.LAUGH.search(text) is not None,
    }


def _char_grams(token: str, found: set[str]) -> None:
    if len(token) < 3 or not token.isascii():
        return
    padded = f"<{token}>"
    for size in _CHAR_SIZES:
        for i in range(len(padded) - size + 1):
            found.add("#" + padded[i : i + size])


def features(text: str, context: dict[str, bool] | None = None) -> set[str]:
    """The words, word pairs, character n-grams and context markers of text (a normalised view's text).
    context: precomputed markers(text), which the rules already know."""
    found: set[str] = set()
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
    found.update(name for name, present in (context if context is not None else markers(text)).items() if present)
    if _SECOND_PERSON.search(text):
        found.add("_you")
    if _FIRST_PERSON.search(text):
        found.add("_i")
    if "?" in text:
        found.add("_question")
    return found


@cache
def _word_pattern(word: str) -> re.Pattern:
    return re.compile(r"(?<![a-z'])" + re.escape(word) + r"(?![a-z'])")


def _span(text: str, name: str) -> tuple[int, int] | None:
    """Where a word (or the first word of a pair) occurs in text, for evidence."""
    match = _word_pattern(name.lstrip("~").split(" ")[0]).search(text)
    return match.span() if match else None


@cache
def _table() -> tuple[tuple[float, ...], dict[str, tuple[float, ...]]]:
    """The biases, and for each feature its weights in every category (in CATEGORIES order): one lookup per feature."""
    with WEIGHTS.open(encoding="utf-8") as handle:
        data = json.load(handle)
    names = set().union(*(data[category]["weights"] for category in CATEGORIES))
    table = {name: tuple(data[category]["weights"].get(name, 0.0) for category in CATEGORIES) for name in names}
    return tuple(data[category]["bias"] for category in CATEGORIES), table


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def probabilities(found: set[str]) -> dict[str, float]:
    biases, table = _table()
    rows = [row for row in map(table.get, found) if row is not None]
    columns = zip(*rows, strict=True) if rows else ((),) * len(CATEGORIES)
    return {
        category: _sigmoid(bias + sum(column))
        for category, bias, column in zip(CATEGORIES, biases, columns, strict=True)
    }


def predict(
    view: View, context: dict[str, bool] | None, thresholds: dict[str, float]
) -> dict[str, tuple[float, list[tuple[int, int]]]]:
    """Category -> (probability, view spans of the words that pushed it up most). Spans are only looked for where
    the probability reaches the category's threshold (the rest is never shown as evidence)."""
    found = features(view.text, context)
    result = {}
    _, table = _table()
    for category, probability in probabilities(found).items():
        if category not in thresholds:
            continue
        spans = []
        if probability >= thresholds[category]:
            i = CATEGORIES.index(category)
            contributions = [(table[name][i], name) for name in found if name in table]
            # Evidence names words, not letter fragments or markers.
            top = sorted((c for c in contributions if c[0] > 0 and c[1][0] not in "_#"), reverse=True)[:3]
            spans = [span for _, name in top if (span := _span(view.text, name)) is not None]
        result[category] = (probability, spans)
    return result


def usable(record: dict) -> bool:
    """Replies whose label comes from the thread ("same", "do it") would teach the words the wrong lesson."""
    return not record.get("parent") and not record.get("post")


def record_features(record: dict) -> set[str]:
    from .normalize import deobfuscate, fold

    return features(deobfuscate(fold(record["text"])).text)


def train(
    records: list[dict],
    *,
    epochs: int = 8,
    rate: float = 0.1,
    l2: float = 2e-4,
    min_count: int = 2,
    seed: int = 7,
    clean_weight: float = 1.0,
    average: int = 4,
) -> dict:
    """Logistic regression per category by AdaGrad; deterministic for a given seed and input order.
    Features seen in fewer than min_count texts are dropped: one writer's one phrasing is not a pattern."""
    rows = [(record_features(r), set(r["labels"])) for r in records if usable(r)]
    counts: dict[str, int] = {}
    for names, _ in rows:
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    vocabulary = sorted(name for name, count in counts.items() if count >= min_count)
    ids = {name: i for i, name in enumerate(vocabulary)}
    examples = [([ids[n] for n in names if n in ids], labels) for names, labels in rows]
    model = {}
    for category in CATEGORIES:
        weights = [0.0] * len(vocabulary)
        squares = [1e-8] * len(vocabulary)
        bias, bias_square = 0.0, 1e-8
        order = list(range(len(examples)))
        # The weights kept are the mean over several shuffles (seeds), which steadies them against the order.
        total = [0.0] * len(vocabulary)
        total_bias = 0.0
        for epoch in range(epochs):
            random.Random(seed + epoch).shuffle(order)
            for i in order:
                names, labels = examples[i]
                z = bias + sum(weights[n] for n in names)
                error = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))) - (category in labels)
                if not labels:
                    error *= clean_weight
                bias_square += error * error
                bias -= rate * error / math.sqrt(bias_square)
                for n in names:
                    w = weights[n]
                    gradient = error + l2 * w
                    squares[n] += gradient * gradient
                    weights[n] = w - rate * gradient / math.sqrt(squares[n])
            if epoch >= epochs - average:
                total = [t + w for t, w in zip(total, weights, strict=True)]
                total_bias += bias
        weights = [t / average for t in total]
        bias = total_bias / average
        kept = {vocabulary[n]: round(w, 4) for n, w in enumerate(weights) if abs(w) >= 0.01}
        model[category] = {"bias": round(bias, 4), "weights": kept}
    return model


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    if any("heldout" in path for path in argv):
        print("refusing to train on the held-out set", file=sys.stderr)
        return 2
    records = []
    for path in argv:
        with open(path, encoding="utf-8") as handle:
            records += [json.loads(line) for line in handle if line.strip()]
    model = train(records)
    model["trained_on"] = [Path(p).name for p in argv]
    WEIGHTS.write_text(json.dumps(model, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(
        f"wrote {WEIGHTS} from {len(records)} records: "
        + ", ".join(f"{c} {len(model[c]['weights'])} weights" for c in CATEGORIES)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
