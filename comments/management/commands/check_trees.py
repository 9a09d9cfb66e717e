"""manage.py check_trees: verify the nested-set invariants of every comment tree."""

from django.core.management.base import BaseCommand, CommandError

from comments.integrity import check_trees


class Command(BaseCommand):
    help = "Check every comment tree; print 'comment <id>: <problem>' per bad comment and exit 1, else 'ok: ...'."

    def handle(self, *args, **options):
        report = check_trees()
        if report.problems:
            for pk in sorted(report.problems):
                self.stdout.write(f"comment {pk}: {'; '.join(report.problems[pk])}")
            raise CommandError(f"{len(report.problems)} comments with tree problems", returncode=1)
        self.stdout.write(f"ok: {report.comments} comments in {report.trees} trees")
