"""Top-level URL map: each app owns its own urls.py."""

from django.contrib import admin
from django.http import HttpResponse, JsonResponse
from django.urls import include, path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from notifications.health import backlog_report
from ops.views import metrics_view


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@require_GET
def healthz_backlog(request):
    """For operators' monitoring: how far checks and e-mails are behind; 503 once past CARE_STALL_ALERT_SECONDS."""
    backlog = backlog_report()
    return JsonResponse(backlog.as_dict(), status=503 if backlog.stalled else 200)


# A lost database answers 503 with the reader's words, and nothing committed is ever answered with an error.
handler500 = "core.failures.server_error"
# Django answers a session it could not save (the database gone after the view) with 400: the same answers.
handler400 = "core.failures.bad_request"

urlpatterns = [
    path("", include("comments.urls")),
    path("accounts/", include("accounts.urls")),
    path("", include("moderation.urls")),
    path("notifications/", include("notifications.urls")),
    path("readers/", include("readers.urls")),
    path("nudges/", include("nudges.urls")),
    path("help/", TemplateView.as_view(template_name="pages/help.html"), name="help"),
    path("guidelines/", TemplateView.as_view(template_name="pages/guidelines.html"), name="guidelines"),
    path("healthz", healthz, name="healthz"),
    path("healthz/backlog", healthz_backlog, name="healthz_backlog"),
    path("metrics", metrics_view, name="metrics"),
    path("admin/", admin.site.urls),
]
