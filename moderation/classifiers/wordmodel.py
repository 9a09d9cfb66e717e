"""A small word model (logistic regression on words and word pairs) that backs up the rules for crisis and hostility.

The rules name what they see; this model catches wording no rule anticipated, from the labeled examples. It is
pure Python, loads a JSON file of weights shipped with the code, and never trains at run time. To retrain after
changing the labeled examples (never on the held-out set):

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
CATEGORIES = ("crisis", "hostile")
_TOKEN = re.compile(r"[a-z][a-z']*|[^\x00-\x7f\s]")
_BREAK = re.compile(r"[.!?;\n]+")
_SECOND_PERSON = re.compile(r"\b(?:you|you'?re|your|yourself|u|ur)\b")
_FIRST_PERSON = re.compile(r"\b(?:i|i'?m|im|i'?ve|i'?d|i'?ll|me|my|myself)\b")


def markers(text: str) -> dict[str, bool]:
    """Context markers: the same words mean less in a story about the past, advice to others, or a joke."""
    return {
        "_past": lx.PAST.search(text) is not None,
        "_generic": lx.GENERIC.search(text) is not None,
        "_laugh": lx.LAUGH.search(text) is not None,
    }


def features(text: str, context: dict[str, bool] | None = None) -> set[str]:
    """The words, word pairs and context markers of text (a normalised view's text).
    context: precomputed markers(text), which the rules already know."""
    found: set[str] = set()
    for part in _BREAK.split(text):
        tokens = _TOKEN.findall(part)
        found.update(tokens)
        found.update(f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False))
    found.update(name for name, present in (context if context is not None else markers(text)).items() if present)
    if _SECOND_PERSON.search(text):
        found.add("_you")
    if _FIRST_PERSON.search(text):
        found.add("_i")
    if "?" in text:
        found.add("_question")
    return found


def _span(text: str, name: str) -> tuple[int, int] | None:
    """Where a word (or the first word of a pair) occurs in text, for evidence."""
    word = name.split(" ")[0]
    match = re.search(r"(?<![a-z'])" + re.escape(word) + r"(?![a-z'])", text)
    return match.span() if match else None


@cache
def _weights() -> dict[str, tuple[float, dict[str, float]]]:
    with WEIGHTS.open(encoding="utf-8") as handle:
        data = json.load(handle)
    return {
        category: (data[category]["bias"], data[category]["weights"]) for category in CATEGORIES if category in data
    }


def predict(
    view: View, context: dict[str, bool] | None = None, categories=CATEGORIES
) -> dict[str, tuple[float, list[tuple[int, int]]]]:
    """Category -> (probability, view spans of the words that pushed it up most)."""
    found = features(view.text, context)
    result = {}
    model = _weights()
    for category in categories:
        bias, weights = model[category]
        contributions = [(weights[name], name) for name in found if name in weights]
        z = bias + sum(weight for weight, _ in contributions)
        probability = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        top = sorted((c for c in contributions if c[0] > 0 and not c[1].startswith("_")), reverse=True)[:3]
        spans = [span for _, name in top if (span := _span(view.text, name)) is not None]
        result[category] = (probability, spans)
    return result


def train(records: list[dict], *, epochs: int = 25, rate: float = 0.2, l2: float = 1e-3, seed: int = 7) -> dict:
    """Logistic regression by stochastic gradient descent; deterministic for a given seed and input order."""
    from .normalize import deobfuscate, fold

    # Replies whose label comes from the thread ("same", "do it") would teach the words the wrong lesson.
    usable = [r for r in records if not r.get("parent") and not r.get("post")]
    examples = [(sorted(features(deobfuscate(fold(r["text"])).text)), set(r["labels"])) for r in usable]
    model = {}
    for category in CATEGORIES:
        weights: dict[str, float] = {}
        bias = 0.0
        order = list(range(len(examples)))
        for epoch in range(epochs):
            random.Random(seed + epoch).shuffle(order)
            step = rate / (1 + epoch * 0.1)
            for i in order:
                names, labels = examples[i]
                z = bias + sum(weights.get(n, 0.0) for n in names)
                error = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))) - (category in labels)
                bias -= step * error
                for n in names:
                    w = weights.get(n, 0.0)
                    weights[n] = w - step * (error + l2 * w)
        kept = {n: round(w, 4) for n, w in sorted(weights.items()) if abs(w) >= 0.02}
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
