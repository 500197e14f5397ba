"""Where a provider stands: what the public sees, what is due and when, and
what to do about it, read from the commitments' instances and records."""

import datetime as dt
from dataclasses import dataclass, field

from duq_workflow.commitments import causes, reporting
from duq_workflow.commitments import concerns as concern_workflow
from duq_workflow.commitments.calendar import today
from duq_workflow.commitments.common import iso_date
from duq_workflow.commitments.concerns import ConcernState
from duq_workflow.commitments.reporting import Reporting
from duq_workflow.models import LifecycleInstance, OutboxEmail

from .records import Concern, LifecyclePolicy, PublicStatus, ReportLink, services

RECENT_EMAILS = 10


@dataclass
class OpenConcern:
    concern: Concern
    answer_by: object
    suspended: bool


@dataclass
class Standing:
    status: PublicStatus
    state: str = ""
    cycle_start: object = None
    due_on: object = None
    deadline: object = None
    interim_until: object = None
    interim_used: bool = False
    # The first day an interim update may be given while up to date: when
    # the first reminder goes (an interim update is for a report that is due
    # soon and needs longer, not for one a year away).
    interim_opens_on: object = None
    open_concerns: list = field(default_factory=list)
    reports: list = field(default_factory=list)
    emails: list = field(default_factory=list)

    suspended_for: str = ""
    public_reason: str = ""

    @property
    def notices(self):
        """``(notice, cause)`` for each notice the page shows, so the page
        can say what takes each one off in the cause's own words."""
        return [(notice, causes.cause_of(notice)) for notice in self.status.notices]

    @property
    def report_suspended(self):
        return self.state == Reporting.SUSPENDED

    @property
    def suspended_by_editors(self):
        return self.report_suspended and self.suspended_for == reporting.BY_EDITORS

    @property
    def withdrawn(self):
        return self.state == Reporting.WITHDRAWN

    @property
    def interim_allowed(self):
        if self.interim_used:
            return False
        if self.state == Reporting.OVERDUE:
            return True
        return self.state == Reporting.ACTIVE and not self.interim_not_yet_open

    @property
    def interim_not_yet_open(self):
        """Up to date, with the report not yet due soon."""
        return (
            self.state == Reporting.ACTIVE
            and self.interim_opens_on is not None
            and today() < self.interim_opens_on
        )


def standing_for(page):
    instances = list(LifecycleInstance.objects.filter(page_id=page.pk).order_by("pk"))
    result = Standing(PublicStatus([i.notice for i in instances if i.notice]))
    reporting_instance = next(
        (i for i in instances if i.workflow == reporting.WORKFLOW), None
    )
    if reporting_instance:
        _read_reporting(result, reporting_instance)
    result.open_concerns = _open_concerns(page, instances)
    result.reports = list(ReportLink.objects.for_page(page).live().newest_first())
    result.emails = list(
        OutboxEmail.objects.filter(instance__page_id=page.pk)[:RECENT_EMAILS]
    )
    return result


def _read_reporting(result, instance):
    data = instance.data
    result.state = instance.state
    result.interim_used = data.get("interim_cycle") == instance.cycle
    if instance.state in (Reporting.ACTIVE, Reporting.OVERDUE):
        policy = LifecyclePolicy.load()
        result.due_on = reporting.due_on(instance, {"policy": policy})
        result.interim_opens_on = result.due_on - dt.timedelta(
            days=policy.first_reminder_days
        )
    result.cycle_start = iso_date(data.get("cycle_start"))
    result.deadline = iso_date(data.get("deadline"))
    result.interim_until = iso_date(data.get("interim_until"))
    result.suspended_for = data.get("suspended_for", "")
    result.public_reason = data.get("public_reason", "")


def _open_concerns(page, instances):
    by_key = {i.key: i for i in instances if i.workflow == concern_workflow.WORKFLOW}
    rows = []
    for concern in Concern.objects.for_page(page).filter(response_url=""):
        instance = by_key.get(concern.lifecycle_key)
        if instance is None or instance.state not in (
            ConcernState.OPEN,
            ConcernState.SUSPENDED,
        ):
            continue
        rows.append(
            OpenConcern(
                concern,
                iso_date(instance.data.get("deadline")),
                instance.state == ConcernState.SUSPENDED,
            )
        )
    return rows


def open_concern_ids(page):
    """Ids of the page's concerns waiting for a public answer."""
    return [row.concern.pk for row in _open_concerns(page, _instances(page))]


def _instances(page):
    return list(LifecycleInstance.objects.filter(page_id=page.pk))


def latest_interim_date(policy=None):
    """The latest date an interim update may promise, given today."""
    return services.latest_interim_date(today(), policy)
