from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Posts and comments"

    def ready(self):
        from accounts import hooks as account_hooks

        from . import handlers

        account_hooks.user_email_verified.register(handlers.on_user_email_verified)
        account_hooks.user_profile_changed.register(handlers.on_user_profile_changed)
        account_hooks.user_deleting.register(handlers.on_user_deleting)
        account_hooks.user_export.register(handlers.user_export)
