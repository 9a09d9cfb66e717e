"""Helpers for the review-queue tests: moderators, items with flags, and e-mail delivered in-process."""

from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from comments.models import Comment
from core.tasks import email_send_task
from moderation.models import CareFlag, ReviewItem
from tests.factories import PostFactory, UserFactory, make_comment

GROUP_PERMISSIONS = {"moderators": ["moderate"], "senior moderators": ["moderate", "moderate_senior"]}


def moderator_group(name: str) -> Group:
    """The group a migration made; transactional tests flush it, so make it again when it is gone."""
    group, _ = Group.objects.get_or_create(name=name)
    codenames = GROUP_PERMISSIONS[name]
    group.permissions.add(*Permission.objects.filter(content_type__app_label="moderation", codename__in=codenames))
    return group


def make_moderator(*, senior: bool = False, **fields):
    user = UserFactory(**fields)
    user.groups.add(moderator_group("senior moderators" if senior else "moderators"))
    return user


def make_item(
    *,
    post=None,
    author=None,
    body="Everything feels heavy today.",
    status=Comment.Status.HELD,
    reason=ReviewItem.Reason.HELD,
    flags=(("hostile", "medium"),),
    parent=None,
    **fields,
) -> ReviewItem:
    """A comment in `status` with flags on its current revision and an open review item for it."""
    post = post or PostFactory()
    comment = make_comment(post=post, user=author or UserFactory(), parent=parent, body=body)
    Comment.objects.filter(pk=comment.pk).update(status=status)
    comment.refresh_from_db()
    evidence = fields.pop("evidence", None)
    for category, severity in flags:
        CareFlag.objects.create(
            post=post,
            comment=comment,
            revision=comment.revision,
            category=category,
            severity=severity,
            score=0.8,
            evidence=evidence if evidence is not None else [],
            classifier="rules",
            classifier_version="test-1",
        )
    defaults = {"reasons": [reason], "severity_rank": {"low": 0, "medium": 1, "high": 2}[flags[0][1]] if flags else 0}
    defaults.update(fields)
    return ReviewItem.objects.create(post=post, comment=comment, **defaults)


def make_post_item(**fields) -> ReviewItem:
    post = PostFactory(body=fields.pop("body", "My phone number is 07700 900123, call me."))
    CareFlag.objects.create(
        post=post,
        comment=None,
        revision=post.revision,
        category="personal_info",
        severity="medium",
        score=0.9,
        evidence=[],
        classifier="rules",
        classifier_version="test-1",
    )
    return ReviewItem.objects.create(post=post, comment=None, reasons=[ReviewItem.Reason.POST_FLAGGED], **fields)


def deliver_emails_inline(monkeypatch, mailoutbox):
    """Make e-mails enqueued on commit land in `mailoutbox` (returned), for a test's `inline_email` fixture."""
    from tests.conftest import InlineEmail

    monkeypatch.setattr(email_send_task, "delay", InlineEmail().delay)
    return mailoutbox


def minutes_ago(minutes: float):
    return timezone.now() - timedelta(minutes=minutes)
