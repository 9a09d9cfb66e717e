"""The benchmark harness: Kindred and django-comments-xtd side by side (see bench/README.md)."""
