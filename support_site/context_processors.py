"""Values every template may use."""

from django.conf import settings


def site(request):
    return {"SITE_NAME": settings.SITE_NAME, "CRISIS_RESOURCES": settings.CRISIS_RESOURCES}
