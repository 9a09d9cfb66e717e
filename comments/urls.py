"""Reader-facing pages of posts and comments; authors' pages live in authoring_urls."""

from django.urls import include, path

app_name = "comments"
urlpatterns: list = [
    path("write/", include("comments.authoring_urls")),
]
