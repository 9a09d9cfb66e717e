"""Readers' pages (issue 15)."""

from django.urls import path

from . import views

app_name = "readers"
urlpatterns = [
    path("waiting/", views.waiting, name="waiting"),
    path("waiting/choice/", views.waiting_choice, name="waiting_choice"),
    path("signal/", views.signal, name="signal"),
    path("c/<int:pk>/guidance/", views.reply_guidance, name="reply_guidance"),
    path("guidelines/", views.guidelines, name="guidelines"),
]
