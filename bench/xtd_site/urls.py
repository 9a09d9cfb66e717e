from django.urls import include, path

from . import views

urlpatterns = [
    path("p/<slug:slug>/", views.article, name="article"),
    path("p/<slug:slug>/minimal/", views.article_minimal, name="article_minimal"),
    path("comments/", include("django_comments_xtd.urls")),
]
