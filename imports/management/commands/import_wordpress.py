"""manage.py import_wordpress EXPORT.xml: bring a WordPress blog's posts and comment threads over."""

from django.core.management.base import BaseCommand, CommandError

from comments.models import Post
from imports.wordpress import AuthorsUnmapped, import_wordpress

from ._common import UNUSABLE, add_common_arguments, options_from, progress_for, run_and_report


class Command(BaseCommand):
    help = "Import posts and comment threads from a WordPress export (WXR 1.1 or 1.2). Safe to run again."

    def add_arguments(self, parser):
        add_common_arguments(parser)
        parser.add_argument("--include-pages", action="store_true", help="import pages as well as posts")
        parser.add_argument("--include-pings", action="store_true", help="import pingbacks and trackbacks")
        parser.add_argument(
            "--author",
            action="append",
            default=[],
            metavar="LOGIN=USERNAME",
            help="the site user (e-mail address, or a unique display name) who wrote the blog author LOGIN's "
            "posts; repeatable. Default: the user with the blog author's e-mail address.",
        )
        parser.add_argument("--source", default="", help="name the blog when the export does not (wp:base_blog_url)")

    def handle(self, *args, **opts):
        limit = Post._meta.get_field("source").max_length
        if len(opts["source"]) > limit:
            raise CommandError(
                f"--source is {len(opts['source'])} characters long; it may be at most {limit}", returncode=UNUSABLE
            )
        mapping = {}
        for pair in opts["author"]:
            login, sep, username = pair.partition("=")
            if not sep or not login.strip() or not username.strip():
                raise CommandError(f"--author {pair!r}: expected LOGIN=USERNAME", returncode=UNUSABLE)
            mapping[login.strip()] = username.strip()
        options = options_from(opts, include_pages=opts["include_pages"], include_pings=opts["include_pings"])
        progress = progress_for(self, opts["export"], label="import", enabled=not opts["no_progress"])

        def run():
            try:
                return import_wordpress(
                    path=opts["export"], options=options, author_map=mapping, source=opts["source"], progress=progress
                )
            except AuthorsUnmapped as error:
                raise CommandError(error.message, returncode=UNUSABLE) from None

        run_and_report(self, run, progress=progress)
