"""manage.py load_demo: load (or with --reset, recreate) the demo users, posts and conversation."""

from django.core.management.base import BaseCommand, CommandError

from comments.demo import DemoConflict, demo_load


class Command(BaseCommand):
    help = "Load the demo users, posts and nested conversation. Safe to re-run; --reset deletes and recreates."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo posts and accounts first, then load them again.",
        )

    def handle(self, *args, reset: bool = False, **options):
        try:
            result = demo_load(reset=reset)
        except DemoConflict as error:
            raise CommandError(f"demo not loaded: {error}") from None
        self.stdout.write(
            f"demo {'reloaded' if reset else 'loaded'}: {result.users_created} users, {result.posts_created} "
            f"posts and {result.comments_created} comments created"
        )
        self.stdout.write("Demo accounts (demo only; documented in README.md):")
        width = max(len(person.email) for person in result.accounts)
        for person in result.accounts:
            self.stdout.write(f"  {person.role:<10} {person.email:<{width}}  password: {person.password}")
