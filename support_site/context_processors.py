"""Values every template may use."""

from django.conf import settings

from core.crisis_resources import crisis_resources


def site(request):
    return {"SITE_NAME": settings.SITE_NAME, "CRISIS_RESOURCES": crisis_resources()}
