"""Care engine time against comment length: microseconds per character at 1,000, 5,000 and 20,000 characters.

Usage: .venv/bin/python bench/classify_length.py [--repeat N]
Each comment is built from the clean comments of tests/data/care-long-dev.jsonl (real sentences, no repeats within
a comment), with one crisis sentence in the middle so every part of the engine runs. Caches are cleared before every
measurement, so nothing read before is reused. Times are CPU seconds of this process (one core); the machine's load
average is printed with them, because this machine is shared.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LENGTHS = (1000, 5000, 20000)
CRISIS = " I have given the dog to my sister and written the letters, and I know now how this ends. "


def comment(length: int, sentences: list[str]) -> str:
    half, parts, total = length // 2, [], 0
    for sentence in sentences:
        if total >= length:
            break
        parts.append(sentence)
        total += len(sentence) + 1
        if total >= half and CRISIS not in parts:
            parts.append(CRISIS)
            total += len(CRISIS)
    return " ".join(parts)[:length]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "support_site.settings")
    import django

    django.setup()
    from moderation.classifiers import rules
    from moderation.classifiers.base import CareContext
    from moderation.pipeline import classify

    with (ROOT / "tests/data/care-long-dev.jsonl").open(encoding="utf-8") as handle:
        clean = [json.loads(line)["text"] for line in handle if line.strip()]
    sentences = [s.strip() + "." for text in clean for s in text.replace("\n", " ").split(". ") if len(s) > 20]
    classify(CareContext(text="warm-up"))
    rates = {}
    for length in LENGTHS:
        text = comment(length, sentences)
        times = []
        for _ in range(args.repeat):
            rules.clear_caches()
            started = time.process_time()
            flags = classify(CareContext(text=text))
            times.append(time.process_time() - started)
        median = sorted(times)[len(times) // 2]
        rates[length] = median / len(text) * 1e6
        crisis = any(f.category == "crisis" for f in flags)
        print(
            f"{len(text):>6} characters: median {median * 1000:7.1f} ms, {rates[length]:5.2f} µs per character "
            f"(crisis found: {crisis}); load average {os.getloadavg()[0]:.2f}"
        )
    spread = max(rates.values()) / min(rates.values())
    print(f"largest / smallest µs per character: {spread:.2f} (target within 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
