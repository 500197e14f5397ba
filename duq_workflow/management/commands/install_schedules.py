from django.core.management.base import BaseCommand
from django_q.models import Schedule

SCHEDULES = [
    {
        "name": "duq_workflow: advance lifecycles",
        "func": "duq_workflow.tasks.advance_workflows",
        "schedule_type": Schedule.HOURLY,
    },
    {
        "name": "duq_workflow: send queued emails",
        "func": "duq_workflow.tasks.send_queued_emails",
        "schedule_type": Schedule.MINUTES,
        "minutes": 1,
    },
]


class Command(BaseCommand):
    help = "Create or update the scheduled tasks by name (safe on every deploy)."

    def handle(self, *args, **options):
        for spec in SCHEDULES:
            defaults = {key: value for key, value in spec.items() if key != "name"}
            defaults.setdefault("minutes", None)
            defaults["repeats"] = -1
            _schedule, created = Schedule.objects.update_or_create(
                name=spec["name"], defaults=defaults
            )
            self.stdout.write(f"{'Created' if created else 'Updated'}: {spec['name']}")
