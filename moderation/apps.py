from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Moderation"

    def ready(self):
        from comments import hooks as comment_hooks
        from nudges import hooks as nudge_hooks

        from . import handlers

        comment_hooks.comment_created.register(handlers.on_comment_created)
        comment_hooks.comment_text_changed.register(handlers.on_comment_written)
        comment_hooks.post_text_changed.register(handlers.on_post_text_changed)
        comment_hooks.comment_text_needed.register(handlers.comment_text_needed)
        comment_hooks.comment_sent.register(handlers.on_comment_sent)
        comment_hooks.page_notices.register(handlers.page_notices)
        comment_hooks.comment_folds.register(handlers.comment_folds)
        comment_hooks.comment_changed_by_staff.register(handlers.on_comment_changed_by_staff)
        nudge_hooks.draft_reads_as_crisis.register(handlers.draft_reads_as_crisis)
