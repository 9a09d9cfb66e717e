from django.apps import AppConfig


class ReadersConfig(AppConfig):
    name = "readers"
    verbose_name = "Readers"

    def ready(self):
        from accounts import hooks as account_hooks
        from comments import hooks as comment_hooks

        from . import handlers

        comment_hooks.reply_notes.register(handlers.reply_notes)
        comment_hooks.comment_controls.register(handlers.comment_controls)
        comment_hooks.comment_before_create.register(handlers.comment_before_create)
        comment_hooks.page_notices.register(handlers.page_notices)
        account_hooks.user_export.register(handlers.user_export)
