"""Public pieces of a provider's page: notices, self assessment, answers."""

from django import template

from duq_workflow.commitments.reporting import WORKFLOW as REPORTING
from duq_workflow.commitments.reporting import due_on
from duq_workflow.models import Concern, LifecycleInstance, LifecyclePolicy, ReportLink
from duq_workflow.public import PublicStatus

register = template.Library()


@register.simple_tag
def lifecycle_summary(page):
    """Everything the public page shows, in four queries at most."""
    instances = list(LifecycleInstance.objects.filter(page_id=page.pk).order_by("pk"))
    status = PublicStatus([i.notice for i in instances if i.notice])
    reporting = next((i for i in instances if i.workflow == REPORTING), None)
    next_due = None
    if reporting and reporting.state in ("active", "overdue", "interim"):
        next_due = due_on(reporting, {"policy": LifecyclePolicy.load()})
    return {
        "status": status,
        "notices": status.notices,
        "next_due": next_due,
        "interim_until": reporting.data.get("interim_until") if reporting else None,
        "reports": ReportLink.objects.for_page(page).live().newest_first(),
        "answers": Concern.objects.for_page(page).answered().order_by("-responded_on"),
    }


@register.inclusion_tag("duq_workflow/public/notices.html")
def lifecycle_notices(summary):
    return {"notices": summary["notices"]}


@register.inclusion_tag("duq_workflow/public/self_assessment.html")
def self_assessment(summary):
    return summary


@register.inclusion_tag("duq_workflow/public/status_badge.html")
def status_badge(status):
    return {"status": status}
