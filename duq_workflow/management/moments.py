"""``--now`` for the commands: parse a moment, and refuse to write at a later
one unless the settings allow it (``DUQ_WORKFLOW["ALLOW_FUTURE_WRITES"]``)."""

import argparse
import datetime as dt

from django.core.management.base import CommandError
from django.utils import timezone

from duq_workflow.conf import workflow_setting


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


def add_now_argument(parser):
    parser.add_argument(
        "--now",
        type=parse_moment,
        help="Run as if it were this moment (ISO date or datetime, local time).",
    )


def check_rehearsal(now, dry_run, command):
    """A later moment writes only with ``--dry-run`` or where settings allow:
    what it would do belongs to a date that has not come yet."""
    if now is None or dry_run or now <= timezone.now():
        return
    if not workflow_setting("ALLOW_FUTURE_WRITES"):
        raise CommandError(
            f"--now {timezone.localtime(now):%Y-%m-%d %H:%M} is later than the "
            f"present, and {command} would write as if that moment had come. "
            "Add --dry-run to see what would happen, or rehearse on a copy of "
            'the site whose settings set DUQ_WORKFLOW["ALLOW_FUTURE_WRITES"] = True.'
        )
