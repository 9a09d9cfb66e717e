"""Reader-facing pages of posts and comments; authors' pages live in authoring_urls."""

from django.urls import include, path

from . import views

app_name = "comments"
urlpatterns: list = [
    path("", views.post_list, name="post_list"),
    path("p/<slug:slug>/", views.post_detail, name="post_detail"),
    path("p/<slug:slug>/comment/", views.comment_create, name="comment_create"),
    path("c/<int:pk>/", views.permalink, name="permalink"),
    path("c/<int:pk>/thread/", views.thread, name="thread"),
    path("c/<int:pk>/state/", views.comment_state, name="comment_state"),
    path("c/<int:pk>/reply/", views.comment_reply, name="comment_reply"),
    path("c/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("c/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
    path("write/", include("comments.authoring_urls")),
]
