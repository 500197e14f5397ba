import argparse
import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from duq_workflow.engine.sweep import advance


def parse_moment(value):
    """An ISO date or datetime; without a zone it is the project's local time."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        # argparse turns this into a usage message (or a CommandError when
        # the command is called from code).
        raise argparse.ArgumentTypeError(
            f"--now {value!r} is not an ISO date or datetime; "
            "try 2027-01-31 or 2027-01-31T09:00 or 2027-01-31T09:00+00:00."
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment.astimezone(dt.UTC)


class Command(BaseCommand):
    help = (
        "Fire every lifecycle transition that is due (the same sweep as the schedule)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            type=parse_moment,
            help="Run as if it were this moment (ISO date or datetime, local time).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would happen; write nothing.",
        )

    def handle(self, *args, now=None, dry_run=False, **options):
        result = advance(now=now, dry_run=dry_run)
        for instance, step in result.transitions:
            self.stdout.write(
                f"{instance.page_label} · {instance.workflow}"
                f"{f' [{instance.key}]' if instance.key else ''}: "
                f"{step.source} → {step.target} ({step.reason or step.name})"
            )
        prefix = "Dry run, nothing written: " if dry_run else ""
        self.stdout.write(f"{prefix}{result.summary()}")
