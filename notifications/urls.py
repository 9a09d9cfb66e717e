"""The notifications page, follow/mute buttons and the signed links from e-mails."""

from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("subscription/", views.subscription, name="subscription"),
    path("c/<int:pk>/mute-writer/", views.writer_mute, name="writer_mute"),
    path("writers/<int:user_id>/unmute/", views.writer_unmute, name="writer_unmute"),
    path("address/retry/", views.address_retry, name="address_retry"),
    path("u/<str:token>/", views.link, name="link"),
]
