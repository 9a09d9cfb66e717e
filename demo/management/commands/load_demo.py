"""manage.py load_demo: load (or with --reset, recreate) the demo users, posts and conversation."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.content import DemoConflict, demo_load


class Command(BaseCommand):
    help = "Load the demo users, posts and nested conversation. Safe to re-run; --reset deletes and recreates."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo posts and accounts first, then load them again.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo even with DEBUG off. Its accounts' passwords are public (README.md).",
        )

    def handle(self, *args, reset: bool = False, force: bool = False, **options):
        if not settings.DEBUG and not force:
            # The demo moderator's password is in the README: on a real site it would be a public staff account.
            raise CommandError(
                "demo not loaded: DEBUG is off, so this looks like a real site, and the demo accounts (a moderator "
                "among them) have passwords published in README.md. Run it with DEBUG=1, or add --force if this "
                "really is a throwaway site."
            )
        if not settings.DEBUG:
            self.stderr.write("DEBUG is off: loading the demo anyway (--force). Its passwords are public.")
        try:
            result = demo_load(reset=reset)
        except DemoConflict as error:
            raise CommandError(f"demo not loaded: {error}") from None
        created = (result.users_created, result.posts_created, result.comments_created)
        if not reset and not any(created):
            self.stdout.write(
                "demo already loaded: its accounts, posts and comments are all there (--reset recreates it)"
            )
        else:
            self.stdout.write(
                f"demo {'reloaded' if reset else 'loaded'}: {result.users_created} users, {result.posts_created} "
                f"posts and {result.comments_created} comments created"
            )
        self.stdout.write("Demo accounts (demo only; documented in README.md):")
        width = max(len(person.email) for person in result.accounts)
        for person in result.accounts:
            self.stdout.write(f"  {person.role:<10} {person.email:<{width}}  password: {person.password}")
