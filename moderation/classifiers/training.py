"""Rebuild the word model's weights from the development sets: python -m moderation.classifiers.training FILE ...

Each text is read as the classifier reads it (rules.read_units): one piece for a short text, one per sentence for a
long one. A short text's piece carries the text's labels. A long text says what makes it crisis (or hostile, ...) in
one place, and which place is not labeled: the long model learns it as multiple-instance learning does, taking in each
round the sentence of the text that the previous round's model rates highest as the positive example, and leaving
the text's other sentences out for that category. Every sentence of a text without a label is a negative example for
it. Never on a held-out set; deterministic for the same files.
"""

import json
import sys
from pathlib import Path

from .base import CareContext
from .rules import clear_caches, piece_features, read_units, thread_of
from .wordmodel import CATEGORIES, KINDS, _sigmoid, save, train, use

ROUNDS = 2


def _bags(records: list[dict], *, threads: bool) -> list[tuple[list[set[str]], set[str]]]:
    """(features of each window, labels) per record; threads: with what each reply answers, as the model in use
    reads the parent."""
    bags = []
    for record in records:
        context = CareContext(
            text=record["text"], parent_text=record.get("parent") or "", post_text=record.get("post") or ""
        )
        thread = thread_of(context) if threads else frozenset()
        units = read_units(context, model=False, thread=thread)
        if not units:  # nothing to read (blank text): one empty window keeps bags in step with records
            bags.append(([set()], set(record["labels"])))
            continue
        bags.append(([piece_features(unit, thread) for unit in units], set(record["labels"])))
    return bags


def _score(model: dict, names: set[str], category: str) -> float:
    weights = model[category]["weights"]
    return _sigmoid(model[category]["bias"] + sum(weights.get(n, 0.0) for n in names))


def _rows(bags, model: dict | None) -> list[tuple[set[str], set[str], set[str]]]:
    rows = []
    for windows_, labels in bags:
        if len(windows_) == 1:
            rows.append((windows_[0], labels, set()))
            continue
        labeled = set(labels) & set(CATEGORIES)
        # Which window says it: the previous round's best guess; before any model, none (left out).
        best = (
            {c: max(range(len(windows_)), key=lambda i, c=c: _score(model, windows_[i], c)) for c in labeled}
            if model
            else {}
        )
        for i, names in enumerate(windows_):
            positive = {c for c in labeled if best.get(c) == i}
            rows.append((names, positive, labeled - positive))
    return rows


def _comment_rows(records: list[dict]) -> list[tuple[set[str], set[str], set[str]]]:
    """The comment model's examples: the features of all of a long text's sentences together (each once, as
    rules._comment_model reads them), with the text's labels."""
    rows = []
    for record in records:
        units = read_units(CareContext(text=record["text"]), model=False, thread=frozenset())
        if len(units) > 1:
            names = {name for unit in units for _, _, found in unit.sentences for name in found}
            rows.append((names, set(record["labels"]), set()))
    return rows


def _models(bags, replies: list[bool], long_model: dict | None, rounds: int) -> dict:
    """The short model from top-level texts read whole; the reply model from short texts, replies with what they
    answer; the long model from the sentences of long texts (multiple-instance rounds, each picking the sentence of
    a labeled text the previous model rates highest) and, for the words they share, the short texts too."""
    short = [bag for bag, reply in zip(bags, replies, strict=True) if len(bag[0]) == 1 and not reply]
    for _ in range(rounds + 1 if long_model is None else rounds):
        long_model = train(_rows(bags, long_model))
    return {
        "short": train(_rows(short, None)),
        "reply": train(_rows([bag for bag in bags if len(bag[0]) == 1], None)),
        "long": long_model,
    }


def build(records: list[dict], *, rounds: int = ROUNDS) -> dict:
    """Train in two stages: first on the texts alone; then, reading each parent with those first models (so the
    result never depends on the weights shipped before), on the texts with what they answer. Leaves the shipped
    weights in use."""
    replies = [bool(record.get("parent")) for record in records]
    comment = train(_comment_rows(records), min_count=3)
    models = {**_models(_bags(records, threads=False), replies, None, rounds), "comment": comment}
    use(models)
    clear_caches()
    try:
        models = {**_models(_bags(records, threads=True), replies, models["long"], rounds), "comment": comment}
    finally:
        use(None)
        clear_caches()
    return models


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    if any("heldout" in path for path in argv):
        print("refusing to train on a held-out set", file=sys.stderr)
        return 2
    records = []
    for path in argv:
        with open(path, encoding="utf-8") as handle:
            records += [json.loads(line) for line in handle if line.strip()]
    model = build(records)
    model["trained_on"] = [Path(p).name for p in argv]
    save(model)
    print(
        f"wrote the word models from {len(records)} records: "
        + "; ".join(f"{k}: " + ", ".join(f"{c} {len(model[k][c]['weights'])}" for c in CATEGORIES) for k in KINDS)
    )
    return 0


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "support_site.settings")
    sys.exit(main(sys.argv[1:]))
