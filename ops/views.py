"""The metrics endpoint."""

import hmac

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from .metrics import metrics_text


def _allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and given.startswith("Bearer ") and hmac.compare_digest(given[7:].encode(), token.encode()):
        return True
    return request.user.is_authenticated and request.user.is_staff


@never_cache
@require_GET
def metrics_view(request):
    """Prometheus text format, for staff or a scraper with METRICS_TOKEN (Authorization: Bearer <token>)."""
    if not _allowed(request):
        return HttpResponseForbidden("staff or METRICS_TOKEN only\n", content_type="text/plain")
    return HttpResponse(metrics_text(), content_type=CONTENT_TYPE_LATEST)
