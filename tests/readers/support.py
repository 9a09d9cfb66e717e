"""Helpers for readers' tests: flags as the worker's scan would store them, logged-in clients."""

from django.test import Client

from moderation.models import CareFlag


def flag(comment=None, *, post=None, category="distress"):
    post = post or comment.post
    return CareFlag.objects.create(
        post=post,
        comment=comment,
        revision=comment.revision if comment is not None else post.revision,
        category=category,
        severity="medium",
        score=0.9,
        classifier="test",
        classifier_version="1",
    )


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
