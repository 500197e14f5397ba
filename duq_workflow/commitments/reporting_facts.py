"""When a provider's next report is due and what its latest report is, as the
public sees them, for one page or for a whole register in a fixed number of
queries."""

from dataclasses import dataclass

from duq_workflow.models import LifecycleInstance

from .common import iso_date
from .models import LifecyclePolicy, ReportLink
from .reporting import WORKFLOW, Reporting, due_on


def report_due(reporting, policy=None):
    """When the next report is due, as the public page says it.

    Up to date: the due date. Overdue: the due date, now passed (the deadline
    in the provider's warning is between them and the editors). After an
    interim update: the date the full report is held for, which is the
    provider's promise capped by the policy. Suspended or withdrawn: nothing
    (the notice says what is missing).
    """
    state = reporting.state if reporting else None
    if state == Reporting.INTERIM:
        return {"full_report_by": iso_date(reporting.data["interim_until"])}
    if state in (Reporting.ACTIVE, Reporting.OVERDUE):
        return {
            "next_due": due_on(reporting, {"policy": policy or LifecyclePolicy.load()}),
            "due_passed": state == Reporting.OVERDUE,
        }
    return {}


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
        ReportLink.objects.filter(page_id__in=page_ids)
        .live()
        .full_reports()
        .newest_first()
        .only("page_id", "title", "url", "published_on")
    )
    for report in reports:
        latest.setdefault(report.page_id, report)
    policy = LifecyclePolicy.load()
    due = {}
    for instance in LifecycleInstance.objects.filter(
        page_id__in=page_ids, workflow=WORKFLOW
    ):
        when = report_due(instance, policy)
        due[instance.page_id] = when.get("next_due") or when.get("full_report_by")
    return {
        page_id: ReportingFacts(latest.get(page_id), due.get(page_id))
        for page_id in page_ids
    }
