"""python -m nudges.evaluate FILE [--mistakes]: per-kind recall and the supportive nudged rate of the nudge detector."""

import argparse
import json
import sys
from dataclasses import dataclass

from .detector import KINDS, draft_kinds


@dataclass
class NudgeScores:
    recall: dict[str, float]  # the draft's first (shown) kind is its label
    recall_any: dict[str, float]  # the label is among the kinds it reads as
    supportive_nudged: float
    texts: int
    supportive: int
    mistakes: list[dict]


def score(records: list[dict]) -> NudgeScores:
    hits = dict.fromkeys(KINDS, 0)
    hits_any = dict.fromkeys(KINDS, 0)
    totals = dict.fromkeys(KINDS, 0)
    supportive = nudged = 0
    mistakes = []
    for record in records:
        kinds = draft_kinds(record["text"])
        label = record["kind"]
        if label == "none":
            supportive += 1
            nudged += bool(kinds)
            if kinds:
                mistakes.append({"id": record["id"], "expected": label, "got": kinds})
            continue
        totals[label] += 1
        hits[label] += bool(kinds) and kinds[0] == label
        hits_any[label] += label in kinds
        if not kinds or kinds[0] != label:
            mistakes.append({"id": record["id"], "expected": label, "got": kinds})
    return NudgeScores(
        recall={kind: hits[kind] / totals[kind] if totals[kind] else 0.0 for kind in KINDS},
        recall_any={kind: hits_any[kind] / totals[kind] if totals[kind] else 0.0 for kind in KINDS},
        supportive_nudged=nudged / supportive if supportive else 0.0,
        texts=len(records),
        supportive=supportive,
        mistakes=mistakes,
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path")
    parser.add_argument("--mistakes", action="store_true", help="list the ids missed (development sets only)")
    args = parser.parse_args(argv)
    if args.mistakes and "heldout" in args.path:
        print("refusing: a held-out set is scored in aggregate only", file=sys.stderr)
        return 2
    with open(args.path, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    scores = score(records)
    print(f"texts: {scores.texts}, supportive: {scores.supportive}")
    for kind in KINDS:
        print(f"{kind:15} recall {scores.recall[kind]:.3f} (label among kinds: {scores.recall_any[kind]:.3f})")
    print(f"supportive nudged: {scores.supportive_nudged:.3%}")
    if args.mistakes:
        for mistake in scores.mistakes:
            print(json.dumps(mistake))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
