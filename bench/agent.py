"""One system's side of the bench in a long-lived process: a JSON command per line in, a JSON answer per line out.

Usage (by bench/run.py): python bench/agent.py kindred|xtd; with BENCH_APP_ROOT=<another checkout>, the Kindred side
runs that checkout's app under this bench's code (the "today" side). Keeping each side warm in its own process lets the
runner alternate the two systems inside every repetition without paying process start-up in any figure.
"""

import importlib
import importlib.util
import json
import os
import sys
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = {"kindred": "support_site.settings", "xtd": "bench.xtd_site.settings"}


def main() -> int:
    system = sys.argv[1]
    app_root = Path(os.environ.get("BENCH_APP_ROOT") or ROOT)
    sys.path.insert(0, str(app_root))
    if app_root != ROOT:
        _import_this_bench()  # another checkout's app (bench/run.py's "today" side) measured by this bench
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


def _import_this_bench() -> None:
    """Bind the package name `bench` to this checkout's bench/, whatever the app root on sys.path holds."""
    spec = importlib.util.spec_from_file_location(
        "bench", ROOT / "bench" / "__init__.py", submodule_search_locations=[str(ROOT / "bench")]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = module
    spec.loader.exec_module(module)


if __name__ == "__main__":
    sys.exit(main())
