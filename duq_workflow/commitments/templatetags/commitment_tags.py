"""Public pieces of a provider's page: its status, self assessment and answers."""

from django import template

from duq_workflow.commitments.common import iso_date
from duq_workflow.commitments.models import Concern, LifecyclePolicy, ReportLink
from duq_workflow.commitments.public import PublicStatus
from duq_workflow.commitments.reporting import WORKFLOW as REPORTING
from duq_workflow.commitments.reporting import Reporting, due_on
from duq_workflow.models import LifecycleInstance

register = template.Library()


@register.simple_tag
def lifecycle_summary(page):
    """Everything the public page shows, in four queries at most."""
    instances = list(LifecycleInstance.objects.filter(page_id=page.pk).order_by("pk"))
    status = PublicStatus([i.notice for i in instances if i.notice])
    reporting = next((i for i in instances if i.workflow == REPORTING), None)
    return {
        "status": status,
        "notices": status.notices,
        **report_due(reporting),
        "reports": ReportLink.objects.for_page(page).live().newest_first(),
        "answers": Concern.objects.for_page(page).answered().order_by("-responded_on"),
    }


def report_due(reporting):
    """When the next report is due, as the public page says it.

    Up to date: the due date. Overdue: the due date, now passed (the deadline
    in the provider's warning is between them and the editors). After an
    interim update: the date the full report is held for, which is the
    provider's promise capped by the policy.
    """
    state = reporting.state if reporting else None
    if state == Reporting.INTERIM:
        return {"full_report_by": iso_date(reporting.data["interim_until"])}
    if state in (Reporting.ACTIVE, Reporting.OVERDUE):
        return {
            "next_due": due_on(reporting, {"policy": LifecyclePolicy.load()}),
            "due_passed": state == Reporting.OVERDUE,
        }
    return {}


@register.inclusion_tag("duq_commitments/public/self_assessment.html")
def self_assessment(summary):
    return summary


@register.inclusion_tag("duq_commitments/public/notices.html")
def public_notices(notices, help_url=""):
    """Each notice in the Code's words, the date it took effect, a line in
    plain words and, for a suspension, a link to what a suspension means."""
    return {"notices": notices, "help_url": help_url}


@register.inclusion_tag("duq_commitments/public/status_badge.html")
def status_badge(status):
    return {"status": status}
