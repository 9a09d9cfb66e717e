"""Readers' side of moderation: reports, notices about their comments, appeals."""

urlpatterns: list = []
