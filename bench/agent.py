"""One system's side of the bench in a long-lived process: a JSON command per line in, a JSON answer per line out.

Usage (by bench/run.py): python bench/agent.py kindred|xtd. Keeping each side warm in its own process lets the
runner alternate the two systems inside every repetition without paying process start-up in any figure.
"""

import importlib
import json
import os
import sys
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = {"kindred": "support_site.settings", "xtd": "bench.xtd_site.settings"}


def main() -> int:
    system = sys.argv[1]
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS[system]
    import django

    django.setup()
    from django.core.management import call_command

    answers = sys.stdout
    sys.stdout = sys.stderr  # whatever the project prints must not mix with the answers
    call_command("migrate", verbosity=0)
    side = importlib.import_module(f"bench.{system}_side")
    answers.write(json.dumps({"ready": system}) + "\n")
    answers.flush()
    for line in sys.stdin:
        command = json.loads(line)
        try:
            answer = {"ok": getattr(side, command["fn"])(**command.get("kwargs", {}))}
        except Exception:
            answer = {"error": traceback.format_exc()}
        answers.write(json.dumps(answer) + "\n")
        answers.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
