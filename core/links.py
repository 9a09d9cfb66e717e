"""Absolute links for e-mails, which have no request: the host comes from settings.SITE_URL."""

from django.conf import settings


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path
