"""The reader's address, from the connection or, behind configured proxies only, from X-Forwarded-For."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address rate limits and the log-in throttle count.

    X-Forwarded-For is read only when settings.TRUSTED_PROXY_COUNT proxies are configured: each proxy appends the
    address it saw, so the reader's address is the one TRUSTED_PROXY_COUNT entries from the right; anything to its
    left was written by the client and is ignored. Without the setting, a forged header changes nothing.
    """
    remote = request.META.get("REMOTE_ADDR") or "0.0.0.0"
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < hops:
        # Fewer entries than proxies: the request did not come through all of them; count the connection.
        return remote
    candidate = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
