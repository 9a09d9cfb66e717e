"""manage.py render_comment_bodies: store the HTML of every comment body that lacks it or has a stale one."""

from django.core.management.base import BaseCommand

from comments.services import comment_bodies_store


class Command(BaseCommand):
    help = (
        "Store each comment body's rendered HTML where it is missing, or was made by an older renderer "
        "(comments.text.BODY_HTML_VERSION) or from another text. Safe to re-run; run it after raising the version."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, **options):
        written = comment_bodies_store(batch_size=options["batch_size"])
        self.stdout.write(f"ok: stored the HTML of {written} comment bodies")
