"""A provider's latest report and when its next report is due: the one place
the public page, the public register's CSV and the editors' reporting
register (:mod:`.register`) read them from."""

from dataclasses import dataclass

from duq_workflow.models import LifecycleInstance

from .common import iso_date
from .models import LifecyclePolicy, ReportLink
from .reporting import WORKFLOW, Reporting, due_date


@dataclass(frozen=True)
class ReportDates:
    """The dates of one reporting commitment, from its state and the ISO
    dates kept in its data (an instance's, or a register row's subqueries)."""

    state: str | None = None
    cycle_start: object = None
    interim_until: object = None

    @classmethod
    def of(cls, state, cycle_start, interim_until):
        return cls(state, iso_date(cycle_start), iso_date(interim_until))

    @classmethod
    def of_instance(cls, instance):
        if instance is None:
            return cls()
        data = instance.data
        return cls.of(
            instance.state, data.get("cycle_start"), data.get("interim_until")
        )

    def due_on(self, months):
        """The reporting year's due date: its start plus the period. None once
        withdrawn: a provider no longer signed up owes nothing."""
        if self.cycle_start is None or self.state == Reporting.WITHDRAWN:
            return None
        return due_date(self.cycle_start, months)

    def public(self, policy=None):
        """When the next report is due, as the public page says it.

        Up to date: the due date. Overdue: the due date, now passed (the
        deadline in the provider's warning is between them and the editors).
        After an interim update: the date the full report is held for, which
        is the provider's promise capped by the policy. Suspended or
        withdrawn: nothing (the notice says what is missing). The policy is
        read only when a due date is shown.
        """
        if self.state == Reporting.INTERIM:
            return {"full_report_by": self.interim_until}
        if self.state in (Reporting.ACTIVE, Reporting.OVERDUE):
            months = (policy or LifecyclePolicy.load()).reporting_period_months
            return {
                "next_due": self.due_on(months),
                "due_passed": self.state == Reporting.OVERDUE,
            }
        return {}

    def public_next_due(self, policy=None):
        """The next full report's date as the public reads it: due, or held
        for by an interim update; None where the public page shows none."""
        when = self.public(policy)
        return when.get("next_due") or when.get("full_report_by")


def report_due(reporting, policy=None):
    """What a public page says of the next report (see :meth:`ReportDates.public`)."""
    return ReportDates.of_instance(reporting).public(policy)


@dataclass(frozen=True)
class ReportingFacts:
    latest_report: ReportLink | None = None
    # The next full report's date: due, or held for by an interim update.
    next_due: object = None


def reporting_facts(page_ids):
    """``{page_id: ReportingFacts}`` for the pages, in three queries."""
    page_ids = list(page_ids)
    latest = {}
    reports = (
        ReportLink.objects.latest_reports_first()
        .filter(page_id__in=page_ids)
        .only("page_id", "title", "url", "published_on")
    )
    for report in reports:
        latest.setdefault(report.page_id, report)
    policy = LifecyclePolicy.load()
    due = {
        instance.page_id: ReportDates.of_instance(instance).public_next_due(policy)
        for instance in LifecycleInstance.objects.filter(
            page_id__in=page_ids, workflow=WORKFLOW
        )
    }
    return {
        page_id: ReportingFacts(latest.get(page_id), due.get(page_id))
        for page_id in page_ids
    }
