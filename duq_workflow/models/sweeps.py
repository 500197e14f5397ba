"""When the last sweep ran to its end, for health checks.

One row, written by every sweep that finishes (scheduled or run by hand, not a
dry run), so a monitor can tell a stopped task cluster from a quiet one.
"""

from django.db import models
from django.utils import timezone


class CompletedSweep(models.Model):
    finished_at = models.DateTimeField()

    class Meta:
        verbose_name = "completed sweep"

    def __str__(self):
        return f"Sweep finished at {self.finished_at:%Y-%m-%d %H:%M}"

    @classmethod
    def record(cls):
        """Stamp the row with the present: one upsert, whoever writes first."""
        cls.objects.bulk_create(
            [cls(pk=1, finished_at=timezone.now())],
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=["finished_at"],
        )

    @classmethod
    def last_finished_at(cls):
        """The moment the last sweep finished, or None before the first."""
        return cls.objects.filter(pk=1).values_list("finished_at", flat=True).first()
