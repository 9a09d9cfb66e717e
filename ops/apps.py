from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "ops"
    verbose_name = "Operating Kindred"

    def ready(self):
        from . import logs

        # Celery's signals are process-wide; in a web process nothing sends them, so this costs nothing there.
        logs.task_logging_connect()
