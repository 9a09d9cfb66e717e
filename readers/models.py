"""What readers choose for themselves (the waiting list, the guidelines) and the support they send."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from comments.models import Comment, Post


class ReaderSettings(models.Model):
    """One row per reader who answered a question of this app; no row means nothing was chosen yet."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reader_settings")
    # The "Waiting for a kind word" page lists this writer's unanswered comments: None not asked yet (the offer
    # shows after a comment that sounds hard), True yes, False no thanks.
    waiting_listed = models.BooleanField(null=True, default=None)
    guidelines_accepted_at = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"reader settings of {self.user_id}"


class SignalKind(models.TextChoices):
    SUPPORT = "support", "Sending support"
    RELATE = "relate", "I relate"


class SupportSignal(models.Model):
    """One reader's "sending support" or "I relate" on a comment, or on a post (comment empty)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_signals")
    kind = models.CharField(max_length=10, choices=SignalKind.choices)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="support_signals")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="support_signals"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "comment"], condition=Q(comment__isnull=False), name="signal_once_per_comment"
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "post"], condition=Q(comment__isnull=True), name="signal_once_per_post"
            ),
        ]
        indexes = [models.Index(fields=["comment", "kind"], name="signal_comment_kind")]

    def __str__(self):
        return f"{self.kind} by {self.user_id} on {self.comment_id or 'post ' + str(self.post_id)}"
