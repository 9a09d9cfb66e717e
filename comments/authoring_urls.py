"""Authors' pages: write, edit and publish posts (included at write/ inside the comments namespace)."""

from django.urls import path

from . import authoring_views as views

urlpatterns = [
    path("", views.author_posts, name="author_posts"),
    path("new/", views.author_post_new, name="author_post_new"),
    path("<int:pk>/", views.author_post_edit, name="author_post_edit"),
    path("<int:pk>/toggle/", views.author_post_toggle, name="author_post_toggle"),
]
