"""What the import commands share: options, the summary, and exit statuses (0 clean, 1 posts skipped, 2 unusable)."""

from django.core.management.base import CommandError

from core.progress import Progress
from imports.core import ImportOptions, ImportReport
from imports.xmlsource import ExportUnreadable

UNUSABLE = 2


def add_common_arguments(parser) -> None:
    parser.add_argument("export", metavar="EXPORT.xml", help="the export file")
    parser.add_argument("--dry-run", action="store_true", help="read and report, write nothing")
    parser.add_argument("--include-spam", action="store_true", help="import spam too (held for a moderator)")
    parser.add_argument(
        "--include-trash",
        "--include-deleted",
        dest="include_trash",
        action="store_true",
        help="import trashed (WordPress) or deleted (Disqus) comments too, as removed",
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")


def options_from(opts: dict, **extra) -> ImportOptions:
    return ImportOptions(
        include_spam=opts["include_spam"], include_trash=opts["include_trash"], dry_run=opts["dry_run"], **extra
    )


def progress_for(command, path: str, *, label: str, enabled: bool) -> Progress | None:
    import os

    stream = command.stderr._out
    if not enabled or not stream.isatty():
        return None
    try:
        total = os.path.getsize(path)
    except OSError:
        return None
    return Progress(stream, total=total, label=label)


def run_and_report(command, run, *, progress: Progress | None = None) -> None:
    """Call run() -> ImportReport, print the summary, and exit with the right status."""
    try:
        report: ImportReport = run()
    except ExportUnreadable as error:
        raise CommandError(error.message, returncode=UNUSABLE) from None
    finally:
        if progress:
            progress.finish()  # a run that stops early leaves no half-drawn bar in front of its error
    for line in report.summary_lines():
        command.stdout.write(line)
    if report.exit_code:
        raise CommandError(f"{report.posts_failed} post(s) skipped because of errors (listed above)", returncode=1)
