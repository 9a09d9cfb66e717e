"""manage.py import_disqus EXPORT.xml: bring Disqus comment threads onto this site's posts."""

from django.core.management.base import BaseCommand, CommandError

from imports.disqus import DisqusOptionsInvalid, import_disqus

from ._common import UNUSABLE, add_common_arguments, options_from, progress_for, run_and_report


class Command(BaseCommand):
    help = (
        "Import comment threads from a Disqus export. Each thread goes onto the post whose old address has the "
        "same path (or as --map says); unmatched threads are reported and skipped unless --create-posts. "
        "Safe to run again."
    )

    def add_arguments(self, parser):
        add_common_arguments(parser)
        parser.add_argument(
            "--map",
            dest="map_file",
            default="",
            metavar="FILE",
            help='lines of "THREAD POST-SLUG": THREAD is a thread\'s link, its path, its identifier or its dsq:id',
        )
        parser.add_argument(
            "--create-posts", action="store_true", help="create a draft post for each thread no post matches"
        )
        parser.add_argument(
            "--post-author", default="", metavar="USERNAME", help="who owns created posts (e-mail or display name)"
        )

    def handle(self, *args, **opts):
        options = options_from(opts)
        progress = progress_for(self, opts["export"], label="import", enabled=not opts["no_progress"])

        def run():
            try:
                return import_disqus(
                    path=opts["export"],
                    options=options,
                    map_file=opts["map_file"],
                    create_posts=opts["create_posts"],
                    post_author=opts["post_author"],
                    progress=progress,
                )
            except DisqusOptionsInvalid as error:
                raise CommandError(error.message, returncode=UNUSABLE) from None

        run_and_report(self, run, progress=progress)
