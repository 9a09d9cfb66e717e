"""Reply notifications: preferences, follows and mutes, one delivery record per (recipient, comment), digests."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from comments.models import Comment, Post


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", "at once"
    DAILY = "daily", "in a daily digest"
    OFF = "off", "never"


class NotificationPreference(models.Model):
    """A user's choices. Users without a row get the defaults (everything at once, with excerpts)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_prefs")
    replies = models.CharField("replies to my comments", max_length=10, choices=Frequency.choices, default="immediate")
    post_comments = models.CharField(
        "comments on my posts", max_length=10, choices=Frequency.choices, default="immediate"
    )
    following = models.CharField(
        "threads and posts I follow", max_length=10, choices=Frequency.choices, default="immediate"
    )
    no_content = models.BooleanField("no content in e-mails", default=False)
    # The address a mail server refused for good (5xx for the recipient). Compared with the user's current
    # address, so changing the address ends the failing state without anyone having to remember to clear it.
    failing_address = models.EmailField(blank=True)
    failing_since = models.DateTimeField(null=True, blank=True)
    failing_error = models.CharField(max_length=500, blank=True)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"notification preferences of {self.user_id}"

    def address_failing(self, email: str) -> bool:
        return bool(self.failing_address) and self.failing_address.lower() == (email or "").lower()


class Subscription(models.Model):
    """Following or muting one thread (its top-level comment) or one post. One row per user and target."""

    class State(models.TextChoices):
        FOLLOWING = "following"
        MUTED = "muted"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_subscriptions")
    thread = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="notify_subscriptions"
    )
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="notify_subscriptions")
    state = models.CharField(max_length=10, choices=State.choices)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=True, post__isnull=False) | Q(thread__isnull=False, post__isnull=True),
                name="subscription_one_target",
            ),
            models.UniqueConstraint(fields=["user", "thread"], condition=Q(thread__isnull=False), name="sub_thread"),
            models.UniqueConstraint(fields=["user", "post"], condition=Q(post__isnull=False), name="sub_post"),
        ]
        indexes = [
            models.Index(fields=["thread", "state"], name="sub_thread_state"),
            models.Index(fields=["post", "state"], name="sub_post_state"),
        ]

    def __str__(self):
        target = f"thread {self.thread_id}" if self.thread_id else f"post {self.post_id}"
        return f"{self.user_id} {self.state} {target}"


class WriterMute(models.Model):
    """A user never hears about comments by another user."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_writer_mutes")
    writer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "writer"], name="writer_mute_once")]

    def __str__(self):
        return f"{self.user_id} muted {self.writer_id}"


class NotificationPlan(models.Model):
    """Marks a published comment whose recipients were planned; the sweeper looks for comments without one."""

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="notify_plan")
    recipients = models.PositiveIntegerField(default=0)
    chunks = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"plan for comment {self.comment_id}"


class Digest(models.Model):
    """One daily digest per user and day (UTC); the unique constraint is what makes a second beat run harmless."""

    class Status(models.TextChoices):
        PLANNED = "planned"
        SENDING = "sending"
        SENT = "sent"
        FAILED = "failed"
        EMPTY = "empty", "nothing left to send"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_digests")
    day = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    send_after = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    sending_started = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_user_day")]

    def __str__(self):
        return f"digest {self.day} for {self.user_id}: {self.status}"


class Delivery(models.Model):
    """What one person hears about one comment: at most one e-mail (immediate or in a digest), or why not."""

    class Status(models.TextChoices):
        PLANNED = "planned"
        SENDING = "sending"
        SENT = "sent"
        FAILED = "failed"
        SKIPPED = "skipped"

    class Reason(models.TextChoices):
        # Most specific first: the first one whose preference is not "off" decides.
        REPLY = "reply", "someone replied to you"
        POST = "post", "a new comment on your post"
        FOLLOWING = "following", "you follow this conversation"

    class Mode(models.TextChoices):
        IMMEDIATE = "immediate"
        DAILY = "daily"

    class Skip(models.TextChoices):
        UNVERIFIED = "unverified", "your e-mail address is not verified yet"
        INACTIVE = "inactive", "your account is not active"
        SANCTIONED = "sanctioned", "your account is suspended or banned"
        MUTED_THREAD = "muted_thread", "you muted this thread"
        MUTED_POST = "muted_post", "you muted this post"
        MUTED_WRITER = "muted_writer", "you muted this writer"
        PREFERENCE_OFF = "preference_off", "you switched these e-mails off"
        ADDRESS_FAILING = "address_failing", "your mail server refused our e-mails"
        NOT_VISIBLE = "not_visible", "the comment was held for review, removed or deleted before it was sent"
        POST_UNPUBLISHED = "post_unpublished", "the post is no longer published"
        NO_LONGER_CONCERNED = "no_longer_concerned", "you no longer follow this conversation"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_deliveries")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="notify_deliveries")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.IMMEDIATE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    skip_reason = models.CharField(max_length=20, choices=Skip.choices, blank=True)
    send_after = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    digest = models.ForeignKey(Digest, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries")
    sending_started = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["recipient", "comment"], name="delivery_once_per_comment")]
        indexes = [
            models.Index(fields=["status", "mode", "send_after"], name="delivery_due"),
            models.Index(fields=["recipient", "-created"], name="delivery_recent"),
        ]
        verbose_name_plural = "deliveries"

    def __str__(self):
        return f"delivery of comment {self.comment_id} to {self.recipient_id}: {self.status}"


class StallIncident(models.Model):
    """A time when care checks or e-mails fell more than CARE_STALL_ALERT_SECONDS behind (notifications/health.py).

    At most one is open; its alert goes out once (alerted_at), and it closes when both are caught up again.
    """

    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    alerted_at = models.DateTimeField(null=True, blank=True)
    is_open = models.BooleanField(default=True)
    unchecked_seconds = models.PositiveIntegerField(null=True, blank=True)  # when it was noticed
    due_email_seconds = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["is_open"], condition=models.Q(is_open=True), name="one_open_stall")
        ]

    def __str__(self):
        return f"stall from {self.started_at} to {self.ended_at or 'now'}"
