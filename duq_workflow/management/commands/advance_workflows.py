from django.core.management.base import BaseCommand

from duq_workflow.engine.sweep import advance
from duq_workflow.management.moments import add_now_argument, check_rehearsal


class Command(BaseCommand):
    help = (
        "Fire every lifecycle transition that is due (the same sweep as the schedule)."
    )

    def add_arguments(self, parser):
        add_now_argument(parser)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would happen; write nothing.",
        )

    def report(self, instance, step):
        """Each transition as its batch is done, so a long sweep shows its
        progress and keeps only counts."""
        self.stdout.write(
            f"{instance.page_label} · {instance.workflow}"
            f"{f' [{instance.key}]' if instance.key else ''}: "
            f"{step.source} → {step.target} ({step.reason or step.name})"
        )

    def handle(self, *args, now=None, dry_run=False, **options):
        check_rehearsal(now, dry_run, "advance_workflows")
        result = advance(now=now, dry_run=dry_run, keep=False, report=self.report)
        prefix = "Dry run, nothing written: " if dry_run else ""
        self.stdout.write(f"{prefix}{result.summary()}")
