"""Check the labeled care sets and print their counts.

Usage: python tests/data/check_sets.py [FILE ...]
With no arguments it checks care-heldout.jsonl and care-dev.jsonl next to this script.
Exits 1 if any file breaks the format or misses the minimum sizes from issue 3.
Standard library only, so it runs without the project's venv.
"""

import json
import re
import sys
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

CATEGORIES = ("crisis", "distress", "hostile", "spam", "personal_info")
REQUIRED = ("id", "text", "labels")
OPTIONAL = ("parent", "post")
# Minimums from issue 3 ("Measured quality").
MIN_TEXTS, MIN_PER_CATEGORY, MIN_CLEAN = 250, 30, 80
# Texts this similar across two sets count as near-duplicates.
NEAR_DUPLICATE_RATIO = 0.85

HERE = Path(__file__).resolve().parent
DEFAULT_FILES = (HERE / "care-heldout.jsonl", HERE / "care-dev.jsonl")


def _row_errors(row: object) -> list[str]:
    if not isinstance(row, dict):
        return ["not a JSON object"]
    errors = [f"missing key {key!r}" for key in REQUIRED if key not in row]
    errors += [f"unknown key {key!r}" for key in row if key not in REQUIRED + OPTIONAL]
    if "id" in row and (not isinstance(row["id"], str) or not row["id"]):
        errors.append("id must be a non-empty string")
    for key in ("text",) + OPTIONAL:
        if key in row and (not isinstance(row[key], str) or not row[key].strip()):
            errors.append(f"{key} must be a non-empty string")
    labels = row.get("labels")
    if "labels" in row:
        if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
            errors.append("labels must be a list of strings")
        else:
            errors += [f"unknown label {x!r}" for x in labels if x not in CATEGORIES]
            if len(set(labels)) != len(labels):
                errors.append("repeated label")
            if "crisis" in labels and "distress" in labels:
                errors.append("crisis and distress together (crisis supersedes distress)")
    return errors


def load(path: Path) -> tuple[list[dict], list[str]]:
    """Parse one set; return its rows and a list of 'file:line: problem' strings."""
    rows, errors, seen = [], [], {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            where = f"{path.name}:{number}"
            if not line.strip():
                errors.append(f"{where}: blank line")
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{where}: invalid JSON ({exc.msg})")
                continue
            problems = _row_errors(row)
            errors += [f"{where}: {p}" for p in problems]
            row_id = row.get("id") if isinstance(row, dict) else None
            if isinstance(row_id, str) and row_id:
                if row_id in seen:
                    errors.append(f"{where}: id {row_id!r} already used on line {seen[row_id]}")
                seen.setdefault(row_id, number)
            if not problems:
                rows.append(row)
    return rows, errors


def summarise(rows: list[dict]) -> dict:
    per_category = Counter(label for row in rows for label in row["labels"])
    return {
        "texts": len(rows),
        "per_category": {c: per_category[c] for c in CATEGORIES},
        "clean": sum(1 for row in rows if not row["labels"]),
        "multi_label": sum(1 for row in rows if len(row["labels"]) > 1),
        "with_parent": sum(1 for row in rows if "parent" in row),
        "with_post": sum(1 for row in rows if "post" in row),
        "with_context": sum(1 for row in rows if "parent" in row or "post" in row),
    }


def minimum_errors(name: str, summary: dict) -> list[str]:
    errors = []
    if summary["texts"] < MIN_TEXTS:
        errors.append(f"{name}: {summary['texts']} texts, need at least {MIN_TEXTS}")
    for category, count in summary["per_category"].items():
        if count < MIN_PER_CATEGORY:
            errors.append(f"{name}: {count} {category}, need at least {MIN_PER_CATEGORY}")
    if summary["clean"] < MIN_CLEAN:
        errors.append(f"{name}: {summary['clean']} clean texts, need at least {MIN_CLEAN}")
    return errors


def _normalise(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def overlap_errors(sets: dict[str, list[dict]]) -> list[str]:
    """Exact and near-duplicate texts shared by two different sets."""
    errors = []
    names = list(sets)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            for a in sets[first]:
                left = _normalise(a["text"])
                for b in sets[second]:
                    right = _normalise(b["text"])
                    matcher = SequenceMatcher(None, left, right, autojunk=False)
                    if (
                        matcher.real_quick_ratio() >= NEAR_DUPLICATE_RATIO
                        and matcher.quick_ratio() >= NEAR_DUPLICATE_RATIO
                        and matcher.ratio() >= NEAR_DUPLICATE_RATIO
                    ):
                        errors.append(f"{first} {a['id']} and {second} {b['id']} are near-duplicates: {a['text']!r}")
    return errors


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or list(DEFAULT_FILES)
    errors: list[str] = []
    sets: dict[str, list[dict]] = {}
    for path in paths:
        if not path.exists():
            errors.append(f"{path}: missing")
            continue
        rows, problems = load(path)
        errors += problems
        sets[path.name] = rows
        summary = summarise(rows)
        errors += minimum_errors(path.name, summary)
        counts = ", ".join(f"{c} {n}" for c, n in summary["per_category"].items())
        print(f"{path.name}: {summary['texts']} texts")
        print(f"  per category: {counts}")
        print(f"  clean: {summary['clean']}, multi-label: {summary['multi_label']}")
        print(
            f"  with parent: {summary['with_parent']}, with post: {summary['with_post']}, "
            f"with parent or post: {summary['with_context']}"
        )
    errors += overlap_errors(sets)
    for error in errors:
        print(f"ERROR {error}", file=sys.stderr)
    print("OK" if not errors else f"{len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
