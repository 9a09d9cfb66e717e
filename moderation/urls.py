"""Moderation URLs: the moderators' queue (queue_urls) and readers' reports, notices and appeals (reader_urls)."""

from django.urls import include, path

app_name = "moderation"
urlpatterns = [
    path("moderation/", include("moderation.queue_urls")),
    path("", include("moderation.reader_urls")),
]
