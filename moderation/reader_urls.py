"""Readers' side of moderation: reports, notices about their comments, appeals."""

from django.urls import path

from . import reader_views

urlpatterns: list = [
    path("c/<int:pk>/report/", reader_views.comment_report, name="comment_report"),
    path("p/<slug:slug>/report/", reader_views.post_report, name="post_report"),
    path("notices/", reader_views.notice_list, name="notices"),
    path("notices/<int:pk>/appeal/", reader_views.notice_appeal, name="notice_appeal"),
]
