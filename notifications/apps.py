from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from accounts import hooks as account_hooks
        from comments import hooks as comment_hooks
        from moderation import hooks as moderation_hooks

        from . import handlers

        comment_hooks.comment_created.register(handlers.on_comment_created)
        comment_hooks.comment_published.register(handlers.on_comment_published)
        comment_hooks.comments_published.register(handlers.on_comments_published)
        comment_hooks.post_controls.register(handlers.post_controls)
        comment_hooks.thread_controls.register(handlers.thread_controls)
        comment_hooks.comment_menu.register(handlers.comment_menu)
        comment_hooks.muted_writers.register(handlers.muted_writers)
        moderation_hooks.publish_audience.register(handlers.publish_audience)
        account_hooks.user_export.register(handlers.user_export)
