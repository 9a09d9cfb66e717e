"""Absolute links for e-mails, which have no request: the host comes from settings.SITE_URL."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


def redirect_back(request: HttpRequest, fallback: str) -> HttpResponse:
    """After a small POST form: back to the page it came from (its `next` field) when that is on this site, else to
    `fallback` (a URL or a URL name)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(fallback)
