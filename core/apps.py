from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The bottom layer: e-mail, absolute URLs, the hook registry and the shared error type. Imports no app."""

    name = "core"
    verbose_name = "Core"
