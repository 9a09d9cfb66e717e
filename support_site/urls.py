"""Top-level URL map: each app owns its own urls.py."""

from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.views.generic import TemplateView


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


# A lost database answers 503 with the reader's words, and nothing committed is ever answered with an error.
handler500 = "support_site.failures.server_error"

urlpatterns = [
    path("", include("comments.urls")),
    path("accounts/", include("accounts.urls")),
    path("", include("moderation.urls")),
    path("notifications/", include("notifications.urls")),
    path("help/", TemplateView.as_view(template_name="pages/help.html"), name="help"),
    path("guidelines/", TemplateView.as_view(template_name="pages/guidelines.html"), name="guidelines"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
