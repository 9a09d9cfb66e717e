"""manage.py classify: screen JSON lines from stdin with the care pipeline; one JSON line out per input line."""

import json
import sys

from django.core.management.base import BaseCommand

from moderation.classifiers.base import CareContext
from moderation.pipeline import classify


class _Number(str):
    """A JSON number kept as written, so an id like 1.50 or 1e400 is echoed exactly, not re-formatted."""


def _reject_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def _encodable(value) -> bool:
    if isinstance(value, str):
        return not any("\ud800" <= char <= "\udfff" for char in value)
    if isinstance(value, dict):
        return all(_encodable(key) and _encodable(item) for key, item in value.items())
    if isinstance(value, list):
        return all(_encodable(item) for item in value)
    return True


def parse_line(line: str) -> tuple[dict | None, str | None]:
    """(record, None) for a well-formed line, (None, reason) otherwise."""
    try:
        record = json.loads(line, parse_float=_Number, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        return None, f"invalid JSON ({error.msg} at column {error.colno})"
    except ValueError as error:  # NaN or Infinity, which JSON does not allow
        return None, f"invalid JSON ({error})"
    except RecursionError:  # thousands of nested brackets: the decoder recurses once per level
        return None, "invalid JSON (nested too deeply)"
    if not _encodable(record):
        # "\ud800" is valid JSON but not a character: it could be neither classified nor echoed as UTF-8.
        return None, "a string holds a lone surrogate (\\ud800-\\udfff escape), which is not valid Unicode"
    if not isinstance(record, dict):
        return None, "expected a JSON object"
    if "id" not in record:
        return None, "missing 'id'"
    if "text" not in record:
        return None, "missing 'text'"
    if not isinstance(record["text"], str):
        return None, "'text' must be a string"
    return record, None


def _context_text(value) -> str:
    # parent and post are optional context: anything but a string counts as not given.
    return value if isinstance(value, str) else ""


def dump_value(value) -> str:
    """JSON for an echoed id: like json.dumps, but numbers exactly as they were written."""
    if isinstance(value, _Number):
        return str(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {dump_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(dump_value(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def flags_as_json(flags) -> list[dict]:
    return [
        {
            "category": flag.category,
            "severity": flag.severity,
            "score": round(flag.score, 4),
            "evidence": [e.as_json() for e in flag.evidence],
            "classifier": flag.classifier,
            "version": flag.version,
        }
        for flag in flags
    ]


def _lines(stream):
    """(number, text or None) per input line; None when the line is not UTF-8."""
    for number, raw in enumerate(stream, start=1):
        if isinstance(raw, str):
            yield number, raw
            continue
        try:
            yield number, raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            yield number, None


class Command(BaseCommand):
    help = "Read {id, text, parent?, post?} JSON lines on stdin; write {id, flags} JSON lines on stdout."

    def handle(self, *args, **options):
        malformed = False
        # Bytes in, bytes out: the contract is UTF-8 whatever the locale says.
        source = getattr(sys.stdin, "buffer", sys.stdin)
        out = getattr(sys.stdout, "buffer", None)
        for number, line in _lines(source):
            if line is None:
                malformed = True
                self._error(f"line {number}: not valid UTF-8")
                continue
            if not line.strip():
                continue
            record, reason = parse_line(line)
            if record is None:
                malformed = True
                self._error(f"line {number}: {reason}")
                continue
            context = CareContext(
                text=record["text"],
                parent_text=_context_text(record.get("parent")),
                post_text=_context_text(record.get("post")),
            )
            flags = json.dumps(flags_as_json(classify(context)), ensure_ascii=False)
            result = f'{{"id": {dump_value(record["id"])}, "flags": {flags}}}\n'
            # Flushed per line so a script can feed one line and read its answer.
            if out is not None:
                out.write(result.encode("utf-8"))
                out.flush()
            else:
                sys.stdout.write(result)
                sys.stdout.flush()
        if malformed:
            sys.exit(1)

    def _error(self, message: str) -> None:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
