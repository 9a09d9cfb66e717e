"""python -m moderation.evaluate FILE: precision, recall and F1 of the configured pipeline on a labeled set."""

import argparse
import json
import os
import sys
from dataclasses import dataclass

from .classifiers.base import CATEGORIES


@dataclass
class Scores:
    per_category: dict[str, dict[str, float]]
    crisis_recall: float
    false_flag_rate: float
    macro_f1: float
    texts: int
    clean_texts: int
    mistakes: list[dict]


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def predict_flags(records: list[dict]) -> list[list]:
    """The flags the configured pipeline gives each record, read with its parent and post."""
    from .classifiers.base import CareContext
    from .pipeline import classify

    return [
        classify(
            CareContext(text=record["text"], parent_text=record.get("parent") or "", post_text=record.get("post") or "")
        )
        for record in records
    ]


def predict(records: list[dict]) -> list[set[str]]:
    """The categories the configured pipeline flags on each record."""
    return [{flag.category for flag in flags} for flags in predict_flags(records)]


def evaluate(records: list[dict]) -> Scores:
    return score(records, predict(records))


def score(records: list[dict], predictions: list[set[str]]) -> Scores:
    """Precision, recall and F1 per category, crisis recall, the share of clean texts flagged, macro-F1."""
    counts = {c: {"tp": 0, "fp": 0, "fn": 0} for c in CATEGORIES}
    clean = flagged_clean = 0
    mistakes = []
    for record, got in zip(records, predictions, strict=True):
        expected = set(record["labels"])
        for category in CATEGORIES:
            if category in got and category in expected:
                counts[category]["tp"] += 1
            elif category in got:
                counts[category]["fp"] += 1
            elif category in expected:
                counts[category]["fn"] += 1
        if not expected:
            clean += 1
            flagged_clean += bool(got)
        if got != expected:
            mistakes.append({"id": record["id"], "expected": sorted(expected), "got": sorted(got)})
    per_category = {}
    for category, c in counts.items():
        precision = _ratio(c["tp"], c["tp"] + c["fp"])
        recall = _ratio(c["tp"], c["tp"] + c["fn"])
        f1 = _ratio(2 * precision * recall, precision + recall) if precision + recall else 0.0
        per_category[category] = {"precision": precision, "recall": recall, "f1": f1, "support": c["tp"] + c["fn"]}
    return Scores(
        per_category=per_category,
        crisis_recall=per_category["crisis"]["recall"],
        false_flag_rate=_ratio(flagged_clean, clean),
        macro_f1=sum(s["f1"] for s in per_category.values()) / len(CATEGORIES),
        texts=len(records),
        clean_texts=clean,
        mistakes=mistakes,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", help="a labeled JSON lines file, e.g. tests/data/care-heldout.jsonl")
    parser.add_argument("--mistakes", action="store_true", help="also list every text the pipeline got wrong")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "support_site.settings")
    import django

    django.setup()
    with open(args.file, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    scores = evaluate(records)
    print(f"{args.file}: {scores.texts} texts, {scores.clean_texts} clean")
    print(f"{'category':<14} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}")
    for category, s in scores.per_category.items():
        print(f"{category:<14} {s['precision']:>9.3f} {s['recall']:>7.3f} {s['f1']:>6.3f} {s['support']:>8}")
    print(f"crisis recall      {scores.crisis_recall:.3f}")
    print(f"false-flag rate    {scores.false_flag_rate:.3f}  (clean texts that got any flag)")
    print(f"macro-F1           {scores.macro_f1:.3f}")
    if args.mistakes:
        for mistake in scores.mistakes:
            print(json.dumps(mistake))
    return 0


if __name__ == "__main__":
    sys.exit(main())
