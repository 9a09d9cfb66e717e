"""A minimal Django project around django-comments-xtd 2.10, for the benchmark only (never part of the app)."""
