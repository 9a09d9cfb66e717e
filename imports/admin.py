"""Admin for the record of imported rows deleted here: look them up, or delete one to let an import bring it back."""

from django.contrib import admin

from .models import DeletedImport


@admin.register(DeletedImport)
class DeletedImportAdmin(admin.ModelAdmin):
    list_display = ("kind", "source", "source_id", "deleted_at")
    list_filter = ("kind", "source")
    search_fields = ("source_id",)
    ordering = ("-deleted_at", "-pk")

    # Written only by post_delete and comment_purge, in the deleting transaction.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
