"""Admin for moderation records. Decisions are made in the queue (/moderation/), where they are locked and
audited; here staff can read everything and edit only the messages moderators send."""

from django.contrib import admin

from .models import AuthorNotice, CareFlag, MessageTemplate, ModerationAction, PolicyDecision, Report, ReviewItem


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record of what happened: viewable, never changed or deleted by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ("key", "subject", "updated")
    readonly_fields = ("updated",)

    def has_delete_permission(self, request, obj=None):
        return False  # the queue falls back to built-in text, but a deleted edit is lost without a trace


@admin.register(ReviewItem)
class ReviewItemAdmin(ReadOnlyAdmin):
    list_display = ("pk", "status", "crisis", "escalated", "severity_rank", "report_count", "opened_at", "resolution")
    list_filter = ("status", "crisis", "escalated", "resolution")
    list_select_related = ("post",)
    raw_id_fields = ("post", "comment", "claimed_by", "resolved_by")


@admin.register(CareFlag)
class CareFlagAdmin(ReadOnlyAdmin):
    list_display = ("pk", "category", "severity", "score", "classifier", "classifier_version", "dismissed", "created")
    list_filter = ("category", "severity", "dismissed", "classifier_version")
    raw_id_fields = ("post", "comment")


@admin.register(PolicyDecision)
class PolicyDecisionAdmin(ReadOnlyAdmin):
    list_display = ("pk", "action", "post", "comment", "revision", "created")
    list_filter = ("action",)
    raw_id_fields = ("post", "comment", "flags")


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("pk", "reason", "post", "comment", "created")
    list_filter = ("reason",)
    raw_id_fields = ("post", "comment", "item", "reporter")


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    list_display = ("created", "moderator", "action", "item", "subject_user")
    list_filter = ("action",)
    list_select_related = ("moderator", "item", "subject_user")
    raw_id_fields = ("item", "post", "comment", "subject_user", "moderator")


@admin.register(AuthorNotice)
class AuthorNoticeAdmin(ReadOnlyAdmin):
    list_display = ("created", "user", "kind", "read_at")
    list_filter = ("kind",)
    raw_id_fields = ("user", "comment")
