from django.apps import AppConfig


class NudgesConfig(AppConfig):
    name = "nudges"
    verbose_name = "Reply nudges"

    def ready(self):
        from comments import hooks as comment_hooks

        from . import handlers

        comment_hooks.comment_draft_check.register(handlers.on_comment_draft)
