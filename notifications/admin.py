"""Read-mostly admin views of deliveries and digests, for operators answering "where is my e-mail?"."""

from django.contrib import admin

from .models import Delivery, Digest, NotificationPreference, Subscription, WriterMute


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("comment", "recipient", "reason", "mode", "status", "skip_reason", "attempts", "created", "sent_at")
    list_filter = ("status", "reason", "mode", "skip_reason")
    raw_id_fields = ("recipient", "comment", "digest")
    readonly_fields = ("created", "sent_at", "sending_started", "attempts", "error")


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ("user", "day", "status", "attempts", "sent_at")
    list_filter = ("status", "day")
    raw_id_fields = ("user",)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "replies", "post_comments", "following", "no_content", "failing_since")
    raw_id_fields = ("user",)


admin.site.register(
    Subscription, raw_id_fields=("user", "thread", "post"), list_display=("user", "state", "thread", "post")
)
admin.site.register(WriterMute, raw_id_fields=("user", "writer"))
