"""Log lines an operator can search: one per request and per task, with ids, never words or addresses."""

import inspect
import json
import logging
import re
import secrets
import time
from datetime import UTC, datetime

from django.utils.functional import SimpleLazyObject, empty

request_logger = logging.getLogger("kindred.request")
task_logger = logging.getLogger("kindred.task")

# A safety net under the rule that nothing logs an address: whatever a library puts in a message (an SMTP
# refusal quotes the recipient) leaves the process with the address replaced. Done by the formatters, on the
# finished line: the record itself is left alone for other handlers (and tests' log capture).
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_ID_NAME = re.compile(r"(^|_)(id|ids|pk)$")
# What every record has; anything else given in `extra` is a field of the line.
_RECORD_FIELDS = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}


def redact(text: str) -> str:
    return _EMAIL.sub("<address>", text)


_PLAIN = (str, int, float, bool, type(None))


def _fields(record: logging.LogRecord) -> dict:
    """The plain values given in `extra` (ids, statuses, times). Objects and mappings are left out: Celery passes a
    failed task's arguments as `data`, Django the request object, and either may hold words or addresses."""
    return {
        k: v
        for k, v in vars(record).items()
        if k not in _RECORD_FIELDS
        and not k.startswith("_")
        and (isinstance(v, _PLAIN) or (isinstance(v, list | tuple) and all(isinstance(i, _PLAIN) for i in v)))
    }


class TextFormatter(logging.Formatter):
    """The usual line, followed by the record's fields as key=value (so ids can be grepped for)."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = _fields(record)
        if fields:
            line += " " + " ".join(f"{k}={v}" for k, v in fields.items())
        return redact(line)


class JsonFormatter(logging.Formatter):
    """One JSON object per line (LOG_FORMAT=json): time, level, logger, message and the record's fields."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **_fields(record),
        }
        if record.exc_info or record.exc_text:
            data["exception"] = record.exc_text or self.formatException(record.exc_info)
        return redact(json.dumps(data, default=str))


# --- Requests ----------------------------------------------------------------------------------------------


def _user_id(request) -> int | None:
    # Only a user that was already loaded: reading request.user here would cost a query on pages that have
    # none (and constant query counts are a contract).
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject):
        user = None if user._wrapped is empty else user._wrapped
    return getattr(user, "pk", None)


def _url_ids(request) -> dict:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return {}
    return {k: v for k, v in match.kwargs.items() if isinstance(v, int)}


class RequestLogMiddleware:
    """One line per request: method, route, status, time, user and the ids in the URL (comment, item, user).

    The path is logged without its query string (a reset form may carry an address there), and never a body.
    A request id from the proxy (X-Request-ID) is kept when it looks like one, else one is made, and sent back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _REQUEST_ID.match(given) else secrets.token_hex(8)
        response = self.get_response(request)
        response.setdefault("X-Request-ID", request_id)
        if not request_logger.isEnabledFor(logging.INFO):
            return response  # LOG_LEVEL=WARNING (the fault suite, the bench): no line to build
        match = getattr(request, "resolver_match", None)
        fields = {
            "request_id": request_id,
            "method": request.method,
            "path": request.path,
            "route": match.view_name if match else "",
            "status": response.status_code,
            "ms": round((time.perf_counter() - started) * 1000, 1),
            "user_id": _user_id(request),
            **_url_ids(request),
        }
        location = response.get("Location", "")
        if location:
            # Where a form sent the reader (a new comment's /c/<id>/), without query or fragment.
            fields["location"] = location.split("?", 1)[0].split("#", 1)[0]
        request_logger.info("%s %s %s", request.method, request.path, response.status_code, extra=fields)
        return response


# --- Tasks -------------------------------------------------------------------------------------------------

_started: dict[str, float] = {}


def task_ids(task, args, kwargs) -> dict:
    """The task's id-like arguments (names ending in _id, _ids or pk) and, for lists, their first few values.
    Anything else (a template's context, an address) is left out by construction."""
    try:
        bound = inspect.signature(task.run).bind_partial(*(args or ()), **(kwargs or {}))
    except (TypeError, ValueError):
        return {}
    found = {}
    for name, value in bound.arguments.items():
        if not _ID_NAME.search(name):
            continue
        if isinstance(value, int) and not isinstance(value, bool):
            found[name] = value
        elif isinstance(value, list | tuple) and all(isinstance(v, int) for v in value):
            found[name] = list(value[:10])
            if len(value) > 10:
                found[name + "_count"] = len(value)
    return found


def _task_prerun(task_id=None, task=None, **kwargs):
    _started[task_id] = time.perf_counter()


def _task_postrun(task_id=None, task=None, args=None, kwargs=None, state=None, **extra):
    started = _started.pop(task_id, None)
    fields = {
        "task_id": task_id,
        "task": getattr(task, "name", ""),
        "state": state or "",
        "ms": round((time.perf_counter() - started) * 1000, 1) if started is not None else None,
        "queue": ((getattr(task, "request", None) and task.request.delivery_info) or {}).get("routing_key", ""),
        **task_ids(task, args, kwargs),
    }
    level = logging.WARNING if state in ("FAILURE", "RETRY") else logging.INFO
    task_logger.log(level, "task %s %s", fields["task"], fields["state"], extra=fields)


def task_logging_connect() -> None:
    from celery.signals import task_postrun, task_prerun

    task_prerun.connect(_task_prerun, weak=False, dispatch_uid="kindred-task-prerun")
    task_postrun.connect(_task_postrun, weak=False, dispatch_uid="kindred-task-postrun")
