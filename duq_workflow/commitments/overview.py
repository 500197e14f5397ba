"""Where the providers stand, at a glance: the queries behind the editors'
dashboard. Each is a fixed number of queries however many providers there
are: the counts are one grouped query, the lists read at most ``limit`` rows
and count the rest."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, TextField
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from duq_workflow.calendar import add_months
from duq_workflow.models import LifecycleInstance

from . import concerns, reporting
from .calendar import today
from .common import iso_date
from .concerns import ConcernState
from .models import LifecyclePolicy
from .reporting import Reporting

DAY = dt.timedelta(days=1)
# The dashboard's buckets, in the order the chart shows them: the reporting
# states, with "up to date" split by whether the first reminder has gone.
REMINDED = "reminded"
ACTIVE, OVERDUE, INTERIM, SUSPENDED, WITHDRAWN = Reporting


@dataclass
class Rows:
    """The first rows of a list, and how many there are in all."""

    rows: list
    total: int

    @property
    def more(self):
        return self.total - len(self.rows)


@dataclass
class Bucket:
    key: str
    label: str
    count: int
    state: str


def latest_start_due_by(day, months):
    """The latest cycle start whose report is due on or before ``day``
    (month arithmetic clamps, so it is searched from the plain answer)."""
    start = add_months(day, -months)
    while add_months(start + DAY, months) <= day:
        start += DAY
    return start


def data_text(key):
    """A date kept in the instances' data (ISO text), as text to compare:
    ISO dates sort as their text does."""
    return Cast(KT(f"data__{key}"), output_field=TextField())


def _reporting():
    return LifecycleInstance.objects.filter(workflow=reporting.WORKFLOW).annotate(
        cycle_start=data_text("cycle_start")
    )


def status_counts(policy=None, on=None):
    """Providers by status: up to date, reminder sent, warned, interim,
    suspended, withdrawn (one query)."""
    policy, on = policy or LifecyclePolicy.load(), on or today()
    reminded_by = on + dt.timedelta(days=policy.first_reminder_days)
    latest = latest_start_due_by(reminded_by, policy.reporting_period_months)
    reminded = Q(state=Reporting.ACTIVE, cycle_start__lte=latest.isoformat())
    rows = (
        _reporting()
        .values("state")
        .annotate(total=Count("pk"), reminded=Count("pk", filter=reminded))
    )
    by_state = {row["state"]: row for row in rows}

    def count(state):
        return by_state.get(state, {}).get("total", 0)

    reminded_count = by_state.get(Reporting.ACTIVE, {}).get("reminded", 0)
    days = policy.first_reminder_days
    up_to_date = count(Reporting.ACTIVE) - reminded_count
    return [
        Bucket(ACTIVE, "Up to date", up_to_date, ACTIVE),
        Bucket(
            REMINDED,
            f"Reminder sent (report due within {days} days)",
            reminded_count,
            ACTIVE,
        ),
        Bucket(OVERDUE, "Warned", count(OVERDUE), OVERDUE),
        Bucket(INTERIM, "Interim update given", count(INTERIM), INTERIM),
        Bucket(SUSPENDED, "Suspended", count(SUSPENDED), SUSPENDED),
        Bucket(WITHDRAWN, "No longer signed up", count(WITHDRAWN), WITHDRAWN),
    ]


@dataclass
class Dated:
    """A commitment with the date that matters for it."""

    instance: LifecycleInstance
    on: dt.date

    @property
    def provider(self):
        return self.instance.page_label


def _first(queryset, limit, date_of):
    rows = [Dated(i, date_of(i)) for i in queryset.with_page_summary()[:limit]]
    return Rows(rows, queryset.count())


def warned(limit=10):
    """Warned providers, the nearest deadline first."""
    queryset = (
        _reporting()
        .filter(state=Reporting.OVERDUE)
        .annotate(deadline=data_text("deadline"))
    )
    return _first(
        queryset.order_by("deadline", "pk"),
        limit,
        lambda i: iso_date(i.data.get("deadline")),
    )


def due_soon(days=30, limit=10, policy=None, on=None):
    """Up-to-date providers whose report is due in the next ``days`` days,
    the soonest first."""
    policy, on = policy or LifecyclePolicy.load(), on or today()
    months = policy.reporting_period_months
    earliest = latest_start_due_by(on - DAY, months) + DAY
    latest = latest_start_due_by(on + dt.timedelta(days=days), months)
    queryset = _reporting().filter(
        state=Reporting.ACTIVE,
        cycle_start__gte=earliest.isoformat(),
        cycle_start__lte=latest.isoformat(),
    )
    return _first(
        queryset.order_by("cycle_start", "pk"),
        limit,
        lambda i: add_months(iso_date(i.data["cycle_start"]), months),
    )


OPEN_CONCERN_STATES = (ConcernState.NEW, ConcernState.OPEN, ConcernState.SUSPENDED)


def open_concerns(limit=10):
    """Concerns not yet answered or closed, the nearest answer-by date first."""
    queryset = (
        LifecycleInstance.objects.filter(
            workflow=concerns.WORKFLOW, state__in=OPEN_CONCERN_STATES
        )
        .annotate(deadline=data_text("deadline"))
        .order_by("deadline", "pk")
    )
    return _first(queryset, limit, lambda i: iso_date(i.data.get("deadline")))
