from django.core.management.base import BaseCommand
from django.utils.dateparse import parse_datetime

from home.concerns.retention import cutoff, delete_old, old_raised_concerns


class Command(BaseCommand):
    help = (
        "Delete raised concerns (and the emails they sent) older than "
        "RAISED_CONCERN_RETENTION_DAYS. Safe to run as often as you like."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--now", type=parse_datetime, default=None)

    def handle(self, *args, dry_run=False, now=None, **options):
        if dry_run:
            count = old_raised_concerns(now).count()
            verb = "would be deleted"
        else:
            count = delete_old(now)
            verb = "deleted"
        self.stdout.write(
            f"{count} raised concern(s) received before "
            f"{cutoff(now):%Y-%m-%d %H:%M} {verb}"
        )
