"""Rebuild the nudge's word model: python -m nudges.train FILE ... [--negatives FILE ...] [--crossfit] [--threshold T]

Trains one logistic regression per kind (core.textmodel) on development sets, never a held-out one, and writes
nudges/model.json. --crossfit instead reads each writer's texts (the id's first three characters) with a model trained
on the other writers, and prints per-kind recall and the supportive share nudged for the rules alone and for the rules
with the model, per writer and overall: the figure to choose the threshold on, since every writer phrases things their
own way. Deterministic for the same files.
"""

import argparse
import json
import sys
from pathlib import Path

from core.textmodel import logistic_train

from .detector import KINDS, draft_kinds, rule_kinds, without_quotes
from .model import WEIGHTS, features

# Chosen on the development set's cross-fitting (each writer read by a model trained on the others); see
# docs/nudge-heldout-runs.md.
THRESHOLD = 0.8


def _rows(records: list[dict]) -> list[tuple[set[str], set[str], set[str]]]:
    return [(features(without_quotes(r["text"])), {r["kind"]} & set(KINDS), set()) for r in records]


def negatives(paths: list[str]) -> list[dict]:
    """Texts of the care development sets that need no care ("clean"), as supportive examples: the nudge reads
    whatever people write, not only the nudge set's replies, and a model that never saw such text can be sure of
    a kind in it. Those the rules read as a kind are left out: a care label does not say they need no nudge."""
    found = []
    for path in paths:
        for line in open(path, encoding="utf-8"):
            if not line.strip():
                continue
            record = json.loads(line)
            if record.get("labels") == [] and not rule_kinds(without_quotes(record["text"])):
                found.append({"id": "care", "text": record["text"], "kind": "none"})
    return found


def build(records: list[dict], *, threshold: float) -> dict:
    trained = logistic_train(_rows(records), categories=KINDS, epochs=10, min_count=2)
    return {"kinds": trained, "thresholds": dict.fromkeys(KINDS, threshold)}


def _report(name: str, records: list[dict], model_of: dict[str, dict]) -> None:
    hits_rules = dict.fromkeys(KINDS, 0)
    hits_both = dict.fromkeys(KINDS, 0)
    totals = dict.fromkeys(KINDS, 0)
    supportive = nudged_rules = nudged_both = 0
    for record in records:
        rules = rule_kinds(without_quotes(record["text"]))
        both = draft_kinds(record["text"], model_of[record["id"][:3]])
        if record["kind"] == "none":
            supportive += 1
            nudged_rules += bool(rules)
            nudged_both += bool(both)
            continue
        totals[record["kind"]] += 1
        hits_rules[record["kind"]] += bool(rules) and rules[0] == record["kind"]
        hits_both[record["kind"]] += bool(both) and both[0] == record["kind"]
    line = " ".join(
        f"{kind[:7]} {hits_rules[kind] / max(1, totals[kind]):.2f}->{hits_both[kind] / max(1, totals[kind]):.2f}"
        for kind in KINDS
    )
    print(
        f"{name:5} {line} | supportive nudged {nudged_rules}/{supportive} -> {nudged_both}/{supportive}",
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--crossfit", action="store_true")
    parser.add_argument(
        "--negatives", nargs="*", default=[], help="care development sets whose clean texts train as supportive"
    )
    parser.add_argument("--threshold", type=float, nargs="+", default=[THRESHOLD], help="several with --crossfit")
    args = parser.parse_args(argv)
    if any("heldout" in Path(path).name for path in [*args.paths, *args.negatives]):
        print("refusing: the nudge model is never trained or tuned on a held-out set", file=sys.stderr)
        return 2
    records = [json.loads(line) for path in args.paths for line in open(path, encoding="utf-8") if line.strip()]
    extra = negatives(args.negatives)
    if not args.crossfit:
        model = build(records + extra, threshold=args.threshold[0])
        WEIGHTS.write_text(json.dumps(model, sort_keys=True, indent=0) + "\n")
        print(f"wrote {WEIGHTS} from {len(records)} texts and {len(extra)} clean care texts")
        return 0
    writers = sorted({r["id"][:3] for r in records})
    model_of = {w: build([r for r in records if r["id"][:3] != w] + extra, threshold=0.5) for w in writers}
    for threshold in args.threshold:
        print(f"threshold {threshold}")
        for model in model_of.values():
            model["thresholds"] = dict.fromkeys(KINDS, threshold)
        for writer in writers:
            _report(writer, [r for r in records if r["id"][:3] == writer], model_of)
        _report("all", records, model_of)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
