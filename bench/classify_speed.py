"""Care pipeline speed: comments classified per second on one core, over the labeled sets with their context.

Usage: .venv/bin/python bench/classify_speed.py [--passes N] [--against DIR] [FILE ...]
Defaults to tests/data/care-dev.jsonl and tests/data/care-heldout.jsonl. Each pass classifies every record once,
with its parent and post, through the configured pipeline (settings.CARE_CLASSIFIERS and the merge step). Caches of
parent analyses are cleared before each pass, so a pass pays for every parent too. The work is single-threaded, so
texts per CPU-second of this process is the one-core rate; wall-clock rates are printed too, but on a shared machine
they also measure the neighbours. --against DIR runs the same passes with the engine of another checkout (say a git
worktree of an earlier commit) in a second process, alternating pass by pass, so both see the same machine.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILES = (ROOT / "tests/data/care-dev.jsonl", ROOT / "tests/data/care-heldout.jsonl")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=list(DEFAULT_FILES))
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--against", type=Path, help="another checkout whose engine runs alternately")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "support_site.settings")
    import django

    django.setup()
    from moderation.classifiers.base import CareContext
    from moderation.pipeline import classify, configured_classifiers

    contexts = []
    for path in args.files:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    contexts.append(
                        CareContext(
                            text=record["text"],
                            parent_text=record.get("parent") or "",
                            post_text=record.get("post") or "",
                        )
                    )
    names = ", ".join(f"{c.name} {c.version}" for c in configured_classifiers())
    print(f"{len(contexts)} texts from {', '.join(p.name for p in args.files)}; classifiers: {names}")

    classify(contexts[0])  # imports and compiled patterns are paid once per process, not per text
    cpu_rates, wall_rates, other_rates = [], [], []
    for number in range(1, args.passes + 1):
        if args.against:
            other_rates.append(_other_pass(args.against, args.files))
            print(f"pass {number}, {args.against}: {other_rates[-1]:,.0f} texts per CPU-second")
        wall_started = time.perf_counter()
        cpu_rates.append(cpu_rate(contexts, warm=False))
        cpu, wall = len(contexts) / cpu_rates[-1], time.perf_counter() - wall_started
        wall_rates.append(len(contexts) / wall)
        print(
            f"pass {number}: {cpu_rates[-1]:,.0f} texts per CPU-second ({cpu / len(contexts) * 1e6:,.0f} µs each); "
            f"wall clock {wall_rates[-1]:,.0f} texts/s"
        )
    median = sorted(cpu_rates)[len(cpu_rates) // 2]
    print(f"one core: median {median:,.0f} texts/s, best {max(cpu_rates):,.0f}; wall clock best {max(wall_rates):,.0f}")
    print(f"load average {os.getloadavg()[0]:.2f}")
    if other_rates:
        other = sorted(other_rates)[len(other_rates) // 2]
        print(f"{args.against}: median {other:,.0f} texts/s; this engine / that one: {median / other:.2f}")
    return 0


def cpu_rate(contexts: list, *, warm: bool = True) -> float:
    """Texts per CPU-second of this process for one pass over `contexts` (the bench harness uses it too).

    Caches of parent analyses are cleared first, so the pass pays for every parent.
    """
    from moderation.classifiers import rules
    from moderation.pipeline import classify

    if warm:
        classify(contexts[0])  # imports and compiled patterns are paid once per process, not per text
    rules.clear_caches()
    started = time.process_time()
    for context in contexts:
        classify(context)
    return len(contexts) / max(time.process_time() - started, 1e-9)


def _other_pass(checkout: Path, files: list[Path]) -> float:
    """One pass of the other checkout's engine (its own bench script, in its own process): texts per CPU-second."""
    output = subprocess.run(
        [sys.executable, "bench/classify_speed.py", "--passes", "1", *map(str, files)],
        cwd=checkout,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(re.search(r"median ([\d,]+) texts/s", output).group(1).replace(",", ""))


if __name__ == "__main__":
    sys.exit(main())
