"""The editors' reporting register, as far as the commitments know it: each
provider page's reporting state and dates, its latest full report and its
open concerns, read with the pages in one query (subqueries), so a listing
costs the same however many providers there are. The latest report and the
due date come from where the public's do (:mod:`.reporting_facts`)."""

import datetime as dt

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from duq_workflow.calendar import add_months
from duq_workflow.models import LifecycleInstance

from .calendar import today
from .common import iso_date
from .concerns import NEW, OPEN
from .concerns import SUSPENDED as CONCERN_SUSPENDED
from .concerns import WORKFLOW as CONCERN
from .models import LifecyclePolicy, ReportLink
from .reporting import ACTIVE, INTERIM, Reporting, due_date
from .reporting import WORKFLOW as REPORTING
from .reporting_facts import ReportDates

OPEN_CONCERN_STATES = (NEW, OPEN, CONCERN_SUSPENDED)
# The dates the reporting commitment keeps in its data.
REPORTING_DATES = ("cycle_start", "deadline", "interim_until")


def _reporting_instance():
    return LifecycleInstance.objects.filter(page_id=OuterRef("pk"), workflow=REPORTING)


def _reporting_date(key):
    instances = _reporting_instance().annotate(value=KT(f"data__{key}"))
    return Subquery(instances.values("value")[:1])


def _latest_report(field):
    reports = ReportLink.objects.latest_reports_first().filter(page_id=OuterRef("pk"))
    return Subquery(reports.values(field)[:1])


def _open_concerns():
    counts = (
        LifecycleInstance.objects.filter(
            page_id=OuterRef("pk"), workflow=CONCERN, state__in=OPEN_CONCERN_STATES
        )
        .order_by()
        .values("page_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def with_commitments(pages):
    """Annotate a page queryset with what the register shows. Dates kept in
    the commitment's data come as ISO text (``cycle_start``, ``deadline``,
    ``interim_until``), which sorts as the dates do."""
    return pages.annotate(
        reporting_state=Subquery(_reporting_instance().values("state")[:1]),
        **{key: _reporting_date(key) for key in REPORTING_DATES},
        latest_report_title=_latest_report("title"),
        latest_report_on=_latest_report("published_on"),
        open_concerns=_open_concerns(),
    )


def latest_cycle_start_due_by(day, months):
    """The latest cycle start whose report is due on or before ``day``.

    The due date is ``add_months(cycle_start, months)``, which never goes
    down as the start goes up but clamps at month ends (29 February and
    28 February 2024 are both due on 28 February 2025), so a start or two
    after ``add_months(day, -months)`` may still be due by ``day``.
    """
    start = add_months(day, -months)
    while due_date(start + dt.timedelta(days=1), months) <= day:
        start += dt.timedelta(days=1)
    return start


def due_within(pages, days, policy=None):
    """Narrow pages annotated by :func:`with_commitments` to those whose
    report falls due between today and ``days`` days from now (up to date or
    holding an interim update: an overdue report is already past its date)."""
    months = (policy or LifecyclePolicy.load()).reporting_period_months
    start = today()
    first = latest_cycle_start_due_by(start - dt.timedelta(days=1), months)
    last = latest_cycle_start_due_by(start + dt.timedelta(days=days), months)
    return pages.filter(
        reporting_state__in=(ACTIVE, INTERIM),
        cycle_start__gt=first.isoformat(),
        cycle_start__lte=last.isoformat(),
    )


class RegisterRow:
    """What the register shows of one annotated page, as dates and words."""

    def __init__(self, page, months):
        self.page = page
        self.state = page.reporting_state
        self.dates = ReportDates.of(self.state, page.cycle_start, page.interim_until)
        self.months = months

    @property
    def status(self):
        if self.state is None:
            return _("Not published yet")
        return Reporting(self.state).label

    @property
    def due_on(self):
        return self.dates.due_on(self.months)

    @property
    def deadline(self):
        return iso_date(self.page.deadline)

    @property
    def interim_until(self):
        return self.dates.interim_until


def register_rows(pages, policy=None):
    """Give each annotated page its :class:`RegisterRow` as ``page.commitments``."""
    months = (policy or LifecyclePolicy.load()).reporting_period_months
    for page in pages:
        page.commitments = RegisterRow(page, months)
    return pages
