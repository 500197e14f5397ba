from django.core.management.base import BaseCommand
from django.db import connections, router, transaction
from django_q.models import Schedule

from duq_workflow.engine.registry import schedules

# The engine's own; other apps add theirs with the
# ``register_lifecycle_schedules`` hook (see ``all_schedules``).
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


# Any 64-bit number that names this command's lock on PostgreSQL.
ADVISORY_LOCK = 0x6475715F73636864


def all_schedules():
    """The engine's own schedules and those other apps register."""
    return [*SCHEDULES, *schedules()]


def lock_schedules(connection):
    """Hold off any other run of this command until this transaction ends.

    django-q2's schedule names are not unique, so two deploys running this at
    once would each find no schedule and each create one. On PostgreSQL an
    advisory lock serialises them; elsewhere (SQLite) a first write takes the
    database's write lock for the rest of the transaction.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK])
        else:
            names = [spec["name"] for spec in all_schedules()]
            Schedule.objects.filter(name__in=names).update(repeats=-1)


class Command(BaseCommand):
    help = "Create or update the scheduled tasks by name (safe on every deploy)."

    def handle(self, *args, **options):
        connection = connections[router.db_for_write(Schedule)]
        with transaction.atomic(using=connection.alias):
            lock_schedules(connection)
            for spec in all_schedules():
                self.stdout.write(install(spec))


def install(spec):
    """Create or update one schedule by name, removing any duplicates of it."""
    defaults = {key: value for key, value in spec.items() if key != "name"}
    defaults.setdefault("minutes", None)
    defaults["repeats"] = -1
    existing = list(Schedule.objects.filter(name=spec["name"]).order_by("pk"))
    if not existing:
        Schedule.objects.create(name=spec["name"], **defaults)
        return f"Created: {spec['name']}"
    keep, duplicates = existing[0], existing[1:]
    for field, value in defaults.items():
        setattr(keep, field, value)
    keep.save()
    if duplicates:
        Schedule.objects.filter(pk__in=[s.pk for s in duplicates]).delete()
        return f"Updated: {spec['name']} (removed {len(duplicates)} duplicate(s))"
    return f"Updated: {spec['name']}"
