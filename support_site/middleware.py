"""Request guards and response headers that every page needs: form charsets, CSP and Permissions-Policy."""

import codecs

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

_FORM_TYPE = "application/x-www-form-urlencoded"


def _form_charset(request: HttpRequest) -> str | None:
    """The charset a url-encoded form body declares, or None for other bodies and forms without one."""
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.split(";", 1)[0].strip().lower() != _FORM_TYPE:
        return None
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


def _is_utf8(charset: str) -> bool:
    try:
        return codecs.lookup(charset).name == "utf-8"
    except LookupError:
        return False


class FormCharsetMiddleware:
    """Refuses a url-encoded form that declares a charset other than UTF-8, before anything reads the body.

    Django raises BadRequest for such a body when request.POST is first read; its 400 handler then runs the
    CSRF check, which reads request.POST again and turns the 400 into a 500. Every form on this site is UTF-8,
    so a clear 400 here is all anyone can need.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        charset = _form_charset(request)
        if charset is not None and not _is_utf8(charset):
            body = render_to_string("errors/bad_request.html", {"reason": "form_charset"}, request=request)
            return HttpResponse(body, status=400)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Adds the Content-Security-Policy and Permissions-Policy headers (settings CONTENT_SECURITY_POLICY and
    PERMISSIONS_POLICY); a view that sets its own keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.CONTENT_SECURITY_POLICY:
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
