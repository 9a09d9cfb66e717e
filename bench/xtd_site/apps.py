from django.apps import AppConfig


class BenchXtdConfig(AppConfig):
    name = "bench.xtd_site"
    label = "bench_xtd"
    default_auto_field = "django.db.models.BigAutoField"
