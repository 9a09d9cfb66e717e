from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = "Blog imports"

    def ready(self):
        from comments import hooks as comment_hooks

        from . import handlers

        comment_hooks.subtree_purging.register(handlers.on_subtree_purging)
        comment_hooks.post_deleting.register(handlers.on_post_deleting)
