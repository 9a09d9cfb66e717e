from django.urls import path

from . import views

app_name = "nudges"
urlpatterns = [path("check/", views.draft_check, name="draft_check")]
