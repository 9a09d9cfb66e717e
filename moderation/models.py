"""Care flags, scan records, policy decisions and review items. Targets are a comment or, for posts, a post."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from comments.models import Comment, Post

from .classifiers.base import CATEGORIES, SEVERITIES

CATEGORY_CHOICES = [(c, c.replace("_", " ")) for c in CATEGORIES]


# One definition: the classifiers' own (classifiers/ is pure and imports nothing of Django), as choices.
Severity = models.TextChoices("Severity", [(value.upper(), value) for value in SEVERITIES])


def severity_rank(severity: str) -> int:
    """0 low, 1 medium, 2 high (ReviewItem.severity_rank)."""
    return SEVERITIES.index(severity)


class ReviewAction(models.TextChoices):
    """What a moderator (or the site for them) did, as ModerationAction.action stores it."""

    CLAIMED = "claimed"
    RELEASED = "released"
    APPROVED = "approved"
    REMOVED = "removed"
    KEPT = "kept"
    KEPT_PRIVATE = "kept_private"
    FLAG_DISMISSED = "flag_dismissed"
    REDACTED = "redacted"
    ESCALATED = "escalated"
    WARNED = "warned"
    REACHED_OUT = "reached_out"
    SUSPENDED = "suspended"
    SUSPENSION_LIFTED = "suspension_lifted"
    BANNED = "banned"
    BAN_LIFTED = "ban_lifted"
    TEMPLATE_EDITED = "template_edited"
    HIDDEN_BY_REPORTS = "hide_by_reports", "hidden by readers' reports"
    ADMIN_EDIT = "admin_edit", "changed in the admin"
    # Written by earlier releases, still read as approvals (moderation.services.reports).
    APPROVE_LEGACY = "approve", "approved (older releases)"
    KEEP_VISIBLE_LEGACY = "keep_visible", "kept visible (older releases)"


class Resolution(models.TextChoices):
    """How a review item was closed (ReviewItem.resolution; empty while open)."""

    APPROVED = "approved"
    REMOVED = "removed"
    KEPT = "kept"
    FALSE_ALARM = "false_alarm", "false alarm"
    # A crisis comment closed without publishing; the care check reads it (selectors.comment_kept_private).
    KEPT_PRIVATE = "kept_private", "kept private"


class NoticeKind(models.TextChoices):
    """What a notice tells its author (AuthorNotice.kind)."""

    HELD = "held"
    REMOVED = "removed"
    APPROVED = "approved"
    WARNED = "warned"
    REACHED_OUT = "reached_out"
    SUSPENDED = "suspended"
    BANNED = "banned"
    SANCTION_LIFTED = "sanction_lifted"
    APPEAL_RESULT = "appeal_result"
    KEPT_PRIVATE = "kept_private"


class ScanRecord(models.Model):
    """One completed (or finally failed) care check of one revision of a comment or post."""

    class Outcome(models.TextChoices):
        CHECKED = "checked"
        FAILED = "failed", "check failed: sent to human review"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="scan_records")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="scan_records")
    revision = models.PositiveIntegerField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    backlog = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "revision"], condition=Q(comment__isnull=False), name="scan_once_per_comment_rev"
            ),
            models.UniqueConstraint(
                fields=["post", "revision"], condition=Q(comment__isnull=True), name="scan_once_per_post_rev"
            ),
        ]

    def __str__(self):
        return f"scan of {self.comment_id or 'post ' + str(self.post_id)} rev {self.revision}: {self.outcome}"


class CareFlag(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="care_flags")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="care_flags")
    revision = models.PositiveIntegerField()
    category = models.CharField(max_length=20, choices=CATEGORY_CHOICES)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    score = models.FloatField()
    evidence = models.JSONField(default=list)
    classifier = models.CharField(max_length=100)
    classifier_version = models.CharField(max_length=40)
    dismissed = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "revision", "classifier", "category"],
                condition=Q(comment__isnull=False),
                name="flag_once_per_comment_rev",
            ),
            models.UniqueConstraint(
                fields=["post", "revision", "classifier", "category"],
                condition=Q(comment__isnull=True),
                name="flag_once_per_post_rev",
            ),
        ]

    def __str__(self):
        return f"{self.category} ({self.severity}, {self.score:.2f})"


class ReviewItem(models.Model):
    """Something a moderator should look at. At most one open item per comment, and per post itself."""

    class Status(models.TextChoices):
        OPEN = "open"
        RESOLVED = "resolved"

    class Reason(models.TextChoices):
        CRISIS = "crisis", "crisis signals"
        HELD = "held", "held by the care check"
        NEEDS_REPLY = "needs_reply", "distress with no reply yet"
        CHECK_FAILED = "check_failed", "the automatic check failed"
        POST_FLAGGED = "post_flagged", "post flagged"
        REPORTED = "reported", "reported by readers"
        IMPORTED = "imported", "imported, awaiting approval"
        APPEAL = "appeal", "the author appealed a removal"
        ESCALATED = "escalated", "escalated to senior moderators"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="review_items")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="review_items")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    reasons = models.JSONField(default=list)  # Reason values, in the order they arrived
    crisis = models.BooleanField(default=False)
    urgent = models.BooleanField(default=False)
    severity_rank = models.PositiveSmallIntegerField(default=0)  # 0 low, 1 medium, 2 high
    report_count = models.PositiveIntegerField(default=0)
    opened_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    # Claims: one moderator works on an item for a while; others see who.
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_until = models.DateTimeField(null=True, blank=True)
    escalated = models.BooleanField(default=False)
    first_action_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(max_length=30, blank=True, choices=Resolution.choices)
    # When the "nobody acted on this crisis" reminders went out (moderators, then the configured address).
    realerted_at = models.DateTimeField(null=True, blank=True)
    realerted_fallback_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment"],
                condition=Q(status="open", comment__isnull=False),
                name="one_open_item_per_comment",
            ),
            models.UniqueConstraint(
                fields=["post"], condition=Q(status="open", comment__isnull=True), name="one_open_item_per_post"
            ),
        ]
        indexes = [models.Index(fields=["status", "-crisis", "-severity_rank", "opened_at"], name="queue_order")]
        permissions = [
            ("moderate", "Can review and act on moderation items"),
            ("moderate_senior", "Can ban, lift bans and handle escalated items"),
        ]

    def __str__(self):
        return f"item {self.pk} ({self.status}: {', '.join(self.reasons)})"


class PolicyDecision(models.Model):
    """What the care policy did with one revision, and the flags that made it do so."""

    class Action(models.TextChoices):
        PUBLISHED = "published", "made visible"
        HELD = "held", "held for a moderator"
        KEPT_VISIBLE = "kept_visible", "kept visible despite flags"
        URGENT_ITEM = "urgent_item", "opened an urgent review item"
        ITEM_OPENED = "item_opened", "opened or joined a review item"
        RESOURCES_SHOWN = "resources_shown", "showed the author crisis resources"
        ALERT_SENT = "alert_sent", "e-mailed moderators"
        CHECK_FAILED = "check_failed", "check failed, held for human review"
        NEEDS_REPLY = "needs_reply", "opened a needs-a-reply item"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    revision = models.PositiveIntegerField()
    action = models.CharField(max_length=20, choices=Action.choices)
    flags = models.ManyToManyField(CareFlag, blank=True, related_name="decisions")
    detail = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "revision", "action"],
                condition=Q(comment__isnull=False),
                name="decision_once_per_comment_rev",
            ),
            models.UniqueConstraint(
                fields=["post", "revision", "action"],
                condition=Q(comment__isnull=True),
                name="decision_once_per_post_rev",
            ),
        ]

    def __str__(self):
        return f"{self.action} (revision {self.revision})"


class ModeratorAlertSetting(models.Model):
    """Per-moderator switch for urgent crisis e-mails."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_setting")
    urgent_alerts = models.BooleanField(default=True)

    def __str__(self):
        return f"urgent alerts {'on' if self.urgent_alerts else 'off'} for user {self.user_id}"


class Report(models.Model):
    """A reader's report of a comment (or a post). One per reader and target."""

    OTHER = "other"
    REASON_CHOICES = [*CATEGORY_CHOICES, (OTHER, "something else")]

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    item = models.ForeignKey(ReviewItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(max_length=20, choices=REASON_CHOICES)
    note = models.TextField(blank=True, max_length=1000)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "comment"], condition=Q(comment__isnull=False), name="one_report_per_comment"
            ),
            models.UniqueConstraint(
                fields=["reporter", "post"], condition=Q(comment__isnull=True), name="one_report_per_post"
            ),
        ]

    def __str__(self):
        return f"report of {self.reason} by user {self.reporter_id}"


class ModerationAction(models.Model):
    """The audit log: every moderator action, with the state before and after and the moderator's note."""

    item = models.ForeignKey(ReviewItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="moderation_actions"
    )
    action = models.CharField(max_length=30, choices=ReviewAction.choices)
    note = models.TextField(blank=True)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"{self.action} by user {self.moderator_id} at {self.created:%Y-%m-%d %H:%M}"


class MessageTemplate(models.Model):
    """Editable texts moderators send: the warning and the "reached out" care message."""

    key = models.SlugField(unique=True)
    subject = models.CharField(max_length=200)
    body = models.TextField(help_text="Plain text. {name} is replaced by the reader's display name.")
    updated = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.key


class AuthorNotice(models.Model):
    """What happened to a reader's comment, shown to them on the site (and e-mailed)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="author_notices")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    message = models.TextField()
    created = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.kind} notice for user {self.user_id}"


class Appeal(models.Model):
    """An author's one appeal against a removal; it opens an item in the queue."""

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="appeal")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=2000)
    created = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"appeal of comment {self.comment_id}"
