"""Authors' pages: write, edit and publish posts."""

urlpatterns: list = []
