"""Core records: one row per e-mail queued to one recipient (core/email.py)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class OutgoingEmail(models.Model):
    """One e-mail to one address: queued in the caller's transaction, claimed, sent once, and its outcome recorded.

    `key` names what the e-mail is about ("care-alert:12"): with the address it is unique, so queuing the same
    e-mail twice (a retried task, a re-run service) queues it once.
    """

    class Status(models.TextChoices):
        QUEUED = "queued"
        SENDING = "sending"
        SENT = "sent"
        FAILED = "failed"

    key = models.CharField(max_length=200, blank=True, default="")
    to = models.EmailField(max_length=254)
    template_prefix = models.CharField(max_length=200)
    context = models.JSONField(default=dict, blank=True)
    unsubscribe_url = models.CharField(max_length=500, blank=True, default="")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # A transient failure puts the row back to "queued" with a later send_after (the sweeper's clock).
    send_after = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)
    sending_started = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "to"], condition=~Q(key=""), name="outgoing_email_once_per_key")
        ]
        indexes = [models.Index(fields=["status", "send_after"], name="outgoing_email_due")]

    def __str__(self):
        return f"{self.template_prefix} to {self.to}: {self.status}"
