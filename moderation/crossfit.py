"""python -m moderation.crossfit: the care engine's figures on its development sets by k-fold cross-fitting.

Each development set named is cut into k folds (a crisis text and its clean twin always in the same fold); each fold
is scored by a word model trained on everything else (the other folds, the other development sets and the --train
sets), never on itself. The rules were written while reading these sets, so the figures still flatter the engine a
little; they are what a held-out figure is compared with (a held-out figure far below its cross-fitted twin means the
engine learned its writers, not the signals). Never reads a held-out set.
"""

import argparse
import hashlib
import json
import os
import sys


def _load(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def fold_of(record: dict, folds: int) -> int:
    """A stable fold per record; a twin goes with the crisis text it mirrors."""
    key = record.get("twin") or record["id"]
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % folds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", help="development sets to cross-fit")
    parser.add_argument("--train", nargs="*", default=[], help="development sets always trained on, never scored")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--save", help="write each scored record's id, labels and prediction here (JSON lines)")
    args = parser.parse_args(argv)
    if any("heldout" in path for path in args.files + args.train):
        print("refusing to read a held-out set", file=sys.stderr)
        return 2

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "support_site.settings")
    import django

    django.setup()
    from .classifiers import rules, training, wordmodel
    from .evaluate import predict_flags, score

    always = [record for path in args.train for record in _load(path)]
    sets = {path: _load(path) for path in args.files}
    predictions: dict[str, list] = {path: [None] * len(records) for path, records in sets.items()}
    rules_of: dict[str, list] = {path: [None] * len(records) for path, records in sets.items()}
    for fold in range(args.folds):
        training_records = list(always)
        scored = {}
        for path, records in sets.items():
            scored[path] = [i for i, r in enumerate(records) if fold_of(r, args.folds) == fold]
            held = set(scored[path])
            training_records += [r for i, r in enumerate(records) if i not in held]
        wordmodel.use(training.build(training_records))
        rules.clear_caches()
        for path, records in sets.items():
            for i, flags in zip(scored[path], predict_flags([records[i] for i in scored[path]]), strict=True):
                predictions[path][i] = {flag.category for flag in flags}
                rules_of[path][i] = {flag.category: sorted({e.rule for e in flag.evidence}) for flag in flags}
        print(f"fold {fold + 1}/{args.folds} done", file=sys.stderr)
    wordmodel.use(None)
    if args.save:
        with open(args.save, "w", encoding="utf-8") as handle:
            for path, records in sets.items():
                for record, got, why in zip(records, predictions[path], rules_of[path], strict=True):
                    row = {
                        "set": path,
                        "id": record["id"],
                        "labels": record["labels"],
                        "got": sorted(got),
                        "rules": why,
                    }
                    handle.write(json.dumps(row) + "\n")
    for path, records in sets.items():
        s = score(records, predictions[path])
        crisis = s.per_category["crisis"]
        print(
            f"{path}: {s.texts} texts; crisis recall {s.crisis_recall:.3f}, "
            f"crisis precision {crisis['precision']:.3f}, "
            f"clean flagged {s.false_flag_rate:.3f}, macro-F1 {s.macro_f1:.3f}; recall "
            + ", ".join(f"{c} {v['recall']:.3f}" for c, v in s.per_category.items())
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
