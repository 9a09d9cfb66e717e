"""Answers for when the database is down: a 503 that keeps the reader's words, never a 500 after a commit."""

import logging
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger(__name__)

_DATABASE_DOWN = (OperationalError, InterfaceError)
# Form fields carried back into the retry form; never a password or the old CSRF token.
_NOT_CARRIED = ("csrfmiddlewaretoken", "body")


def request_committed(request: HttpRequest, *, location: str) -> None:
    """Record that this request's write is committed: any later failure answers with the saved thing, not an error
    that would invite the reader to send it again."""
    request.committed_location = location


def _carried_fields(request: HttpRequest) -> list[tuple[str, str]]:
    return [
        (name, value)
        for name, value in request.POST.items()
        if name not in _NOT_CARRIED and "password" not in name.lower() and len(value) <= 200
    ]


def database_down_response(request: HttpRequest) -> HttpResponse:
    """The 503 page. Renders without the database: no context processors, no user, no session."""
    body = request.POST.get("body", "") if request.method == "POST" else ""
    context = {
        "SITE_NAME": settings.SITE_NAME,
        "was_post": request.method == "POST",
        "body": body,
        # Only comment forms (they have a body) come back: re-posting a log-in or a reset form is the reader's call.
        "fields": _carried_fields(request) if body else [],
        "action": request.path,
        "csrf_token": get_token(request),
        "max_length": settings.COMMENT_MAX_LENGTH,
        # The help page needs the database; the crisis lines don't.
        "resources": settings.CRISIS_RESOURCES,
    }
    response = HttpResponse(render_to_string("errors/database_down.html", context), status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


def _committed_response(request: HttpRequest) -> HttpResponse:
    # The comment exists: send the reader to it (the page may itself fail while the database is away, but that
    # page never offers to send the comment again).
    return HttpResponseRedirect(request.committed_location)


class DatabaseDownMiddleware:
    """Turns a lost database connection in a view into the 503 page (or, after a commit, the usual redirect)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if getattr(request, "committed_location", None):
            logger.exception("error after the request's write was committed; answering with the saved result")
            return _committed_response(request)
        if isinstance(exception, _DATABASE_DOWN):
            logger.error("database unavailable: answering 503 (%s)", exception)
            return database_down_response(request)
        return None


def _database_lost(error: BaseException | None) -> bool:
    """Whether a lost database connection is behind `error` (raised while handling one, or from one)."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, _DATABASE_DOWN):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def bad_request(request, exception, *args, **kwargs):
    """handler400. Django's session middleware answers 400 (SessionInterrupted) when it cannot save the session
    because the database went away after the view: after a committed comment that 400 would invite a second post,
    and before one it is really the 503 page."""
    if getattr(request, "committed_location", None):
        logger.warning("the session could not be saved after the request's write was committed (%s)", exception)
        return _committed_response(request)
    if _database_lost(exception):
        logger.error("database unavailable when saving the session: answering 503")
        return database_down_response(request)
    return defaults.bad_request(request, exception)


def server_error(request, *args, **kwargs):
    """handler500: also catches failures outside views (middleware, session saving)."""
    error = sys.exc_info()[1]
    if getattr(request, "committed_location", None):
        return _committed_response(request)
    if isinstance(error, _DATABASE_DOWN) or (
        isinstance(error, DatabaseError) and isinstance(error.__cause__, _DATABASE_DOWN)
    ):
        return database_down_response(request)
    return defaults.server_error(request)
