"""Request guards and response headers that every page needs: form charsets, CSP and Permissions-Policy."""

from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

_FORM_TYPE = "application/x-www-form-urlencoded"
_MULTIPART_TYPE = "multipart/form-data"


def _form_type(request: HttpRequest) -> str:
    """The body's media type when it is a form POST, else ""."""
    media_type = request.META.get("CONTENT_TYPE", "").split(";", 1)[0].strip().lower()
    return media_type if request.method == "POST" and media_type in (_FORM_TYPE, _MULTIPART_TYPE) else ""


def _form_charset(request: HttpRequest) -> str | None:
    """The charset the body's Content-Type declares, lower case, or None."""
    content_type = request.META.get("CONTENT_TYPE", "")
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


def _body_is_utf8(request: HttpRequest) -> bool:
    """Whether every percent-decoded name and value of a url-encoded body is UTF-8.

    Django would decode bad bytes to U+FFFD without a word, and a reader's text would be saved altered.
    """
    if int(request.META.get("CONTENT_LENGTH") or 0) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        return True  # Django refuses it as too big before decoding anything
    for pair in request.body.split(b"&"):
        for part in pair.split(b"=", 1):
            try:
                unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
            except UnicodeDecodeError:
                return False
    return True


class FormCharsetMiddleware:
    """Refuses a form that declares a charset other than UTF-8, or a url-encoded one whose bytes are not UTF-8.

    Django raises BadRequest for such a body when request.POST is first read; its 400 handler then runs the
    CSRF check, which reads request.POST again and turns the 400 into a 500. Every form on this site is UTF-8,
    so a clear 400 here is all anyone can need.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isdigit():
            # Django reads it with int() when the body is first read, and a 500 would follow (gunicorn refuses such
            # a request itself; other servers may pass it on).
            return _bad_request(request, "")
        form_type = _form_type(request)
        if form_type:
            # Django itself accepts only the exact label "utf-8" (any case); "utf8" would fail the same way. A
            # multipart form in another charset would be decoded in it, and the reader's text saved garbled.
            charset = _form_charset(request)
            if charset is not None and charset != "utf-8":
                return _bad_request(request, "form_charset")
            if form_type == _FORM_TYPE and not _body_is_utf8(request):
                return _bad_request(request, "form_bytes")
        return self.get_response(request)


def _bad_request(request: HttpRequest, reason: str) -> HttpResponse:
    body = render_to_string("errors/bad_request.html", {"reason": reason}, request=request)
    return HttpResponse(body, status=400)


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
