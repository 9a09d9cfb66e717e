"""Check the labeled care sets and print their counts.

Usage: python tests/data/check_sets.py [FILE ...]
With no arguments it checks every care-*.jsonl next to this script. Exits 1 if any file breaks the format, misses
the minimums of its kind, or if a held-out text is a near-duplicate of a text in a development set.
Standard library only, so it runs without the project's venv.

Kinds, from the file name:
- care-heldout.jsonl, care-dev.jsonl (the care-flags issue): 250 texts, 30 per category, 80 clean.
- care-long-*.jsonl (the care engine's second generation): 220 comments of 100-350 words; at least 50 crisis,
  30 distress, 25 hostile, 15 spam, 20 personal_info and 80 clean.
- care-context-*.jsonl: 220 replies, each with its parent; at least 40 crisis, 20 distress, 30 hostile, 10 spam,
  10 personal_info and 60 clean.
- care-extra.jsonl: development texts without minimums.
The new development sets (care-long-dev, care-context-dev) together cover every signal the engine must know
(SIGNALS) with at least 5 texts each, named in each row's "signal".
"""

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

CATEGORIES = ("crisis", "distress", "hostile", "spam", "personal_info")
REQUIRED = ("id", "text", "labels")
# signal: what the text shows, from SIGNALS (development sets only); twin: the crisis text a clean text mirrors.
OPTIONAL = ("parent", "post", "signal", "twin")
# Texts this similar (difflib ratio over their letters and digits) count as near-duplicates.
NEAR_DUPLICATE_RATIO = 0.85

# The signals of the care engine's second generation (its issue, item 2), and what is not risk.
SIGNALS = {
    "crisis": (
        "affairs", "cancel", "farewell", "calm", "conditional", "datetime", "rehearsal", "aborted", "place",
        "means", "burden", "accident", "disappear", "danger_other", "third_person", "selfharm_reply", "identify",
    ),
    "not_risk": ("idiom", "ending", "past", "quote", "general", "coping", "support", "disagree"),
    "hostile": (
        "contempt", "wish_harm", "stop_posting", "mock_diagnosis", "expose", "encourage", "goad", "insult",
    ),
    "other": ("distress", "spam", "personal_info"),
}  # fmt: skip
ALL_SIGNALS = frozenset(s for group in SIGNALS.values() for s in group)
# Signals every kind of development text must show at least this often (insult and support are catch-alls).
MIN_PER_SIGNAL = 5
COVERED_SIGNALS = ALL_SIGNALS - {"insult", "support"}


@dataclass(frozen=True)
class Kind:
    texts: int
    per_category: dict[str, int]
    clean: int
    words: tuple[int, int] | None = None  # inclusive range of words per text
    parent_required: bool = False


OLD = Kind(250, dict.fromkeys(CATEGORIES, 30), 80)
LONG = Kind(220, {"crisis": 50, "distress": 30, "hostile": 25, "spam": 15, "personal_info": 20}, 80, words=(100, 350))
CONTEXT = Kind(
    220,
    {"crisis": 40, "distress": 20, "hostile": 30, "spam": 10, "personal_info": 10},
    60,
    parent_required=True,
)
FREE = Kind(0, dict.fromkeys(CATEGORIES, 0), 0)

HERE = Path(__file__).resolve().parent


def kind_of(path: Path) -> Kind:
    name = path.name
    if name.startswith("care-long-"):
        return LONG
    if name.startswith("care-context-"):
        return CONTEXT
    if name in ("care-heldout.jsonl", "care-dev.jsonl"):
        return OLD
    return FREE


def is_heldout(path: Path) -> bool:
    return "heldout" in path.name


def _row_errors(row: object, kind: Kind) -> list[str]:
    if not isinstance(row, dict):
        return ["not a JSON object"]
    errors = [f"missing key {key!r}" for key in REQUIRED if key not in row]
    errors += [f"unknown key {key!r}" for key in row if key not in REQUIRED + OPTIONAL]
    if "id" in row and (not isinstance(row["id"], str) or not row["id"]):
        errors.append("id must be a non-empty string")
    for key in ("text",) + OPTIONAL:
        if key in row and (not isinstance(row[key], str) or not row[key].strip()):
            errors.append(f"{key} must be a non-empty string")
    if "signal" in row and row["signal"] not in ALL_SIGNALS:
        errors.append(f"unknown signal {row['signal']!r}")
    if kind.parent_required and "parent" not in row:
        errors.append("a reply without its parent")
    if kind.words and isinstance(row.get("text"), str):
        words = len(row["text"].split())
        if not kind.words[0] <= words <= kind.words[1]:
            errors.append(f"{words} words, need {kind.words[0]}-{kind.words[1]}")
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
    kind = kind_of(path)
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
            problems = _row_errors(row, kind)
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


def minimum_errors(name: str, summary: dict, kind: Kind = OLD) -> list[str]:
    errors = []
    if summary["texts"] < kind.texts:
        errors.append(f"{name}: {summary['texts']} texts, need at least {kind.texts}")
    for category, count in summary["per_category"].items():
        if count < kind.per_category[category]:
            errors.append(f"{name}: {count} {category}, need at least {kind.per_category[category]}")
    if summary["clean"] < kind.clean:
        errors.append(f"{name}: {summary['clean']} clean texts, need at least {kind.clean}")
    return errors


def signal_errors(rows: list[dict]) -> list[str]:
    """Each signal shown by at least MIN_PER_SIGNAL development texts."""
    counts = Counter(row.get("signal") for row in rows)
    return [
        f"signal {signal!r}: {counts[signal]} texts, need at least {MIN_PER_SIGNAL}"
        for signal in sorted(COVERED_SIGNALS)
        if counts[signal] < MIN_PER_SIGNAL
    ]


def _normalise(row: dict) -> str:
    # A reply is compared together with what it answers: "same here" is a different text under another parent.
    text = f"{row.get('parent', '')} | {row['text']}" if "parent" in row else row["text"]
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = text.split()
    return {tuple(words[i : i + 3]) for i in range(max(1, len(words) - 2))}


def similar(left: str, right: str, left_shingles: set, right_shingles: set) -> bool:
    # Shared word triples first (cheap); difflib's ratio, which is slow on long texts, only for likely pairs.
    if left_shingles and right_shingles:
        shared = len(left_shingles & right_shingles) / min(len(left_shingles), len(right_shingles))
        if shared < 0.3 and min(len(left), len(right)) > 40:
            return False
    matcher = SequenceMatcher(None, left, right, autojunk=False)
    return (
        matcher.real_quick_ratio() >= NEAR_DUPLICATE_RATIO
        and matcher.quick_ratio() >= NEAR_DUPLICATE_RATIO
        and matcher.ratio() >= NEAR_DUPLICATE_RATIO
    )


def overlap_errors(sets: dict[str, list[dict]], *, heldout: set[str] | None = None) -> list[str]:
    """Near-duplicate texts shared by a held-out set and another set (every pair of sets when heldout is None).
    Only ids are printed for held-out texts: their words are never shown."""
    errors = []
    prepared = {
        name: [(row["id"], text, _shingles(text)) for row in rows for text in [_normalise(row)]]
        for name, rows in sets.items()
    }
    names = list(sets)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            if heldout is not None and (first in heldout) == (second in heldout):
                continue
            for a_id, a_text, a_shingles in prepared[first]:
                for b_id, b_text, b_shingles in prepared[second]:
                    if similar(a_text, b_text, a_shingles, b_shingles):
                        errors.append(f"{first} {a_id} and {second} {b_id} are near-duplicates")
    return errors


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or sorted(HERE.glob("care-*.jsonl"))
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
        errors += minimum_errors(path.name, summary, kind_of(path))
        counts = ", ".join(f"{c} {n}" for c, n in summary["per_category"].items())
        print(f"{path.name}: {summary['texts']} texts")
        print(f"  per category: {counts}")
        print(f"  clean: {summary['clean']}, multi-label: {summary['multi_label']}")
        print(
            f"  with parent: {summary['with_parent']}, with post: {summary['with_post']}, "
            f"with parent or post: {summary['with_context']}"
        )
    new_dev = [row for name in ("care-long-dev.jsonl", "care-context-dev.jsonl") for row in sets.get(name, [])]
    if new_dev:
        errors += signal_errors(new_dev)
    errors += overlap_errors(sets, heldout={p.name for p in paths if is_heldout(p)})
    for error in errors:
        print(f"ERROR {error}", file=sys.stderr)
    print("OK" if not errors else f"{len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
