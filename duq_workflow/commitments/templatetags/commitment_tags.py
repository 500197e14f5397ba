"""Public pieces of a provider's page: its status, self assessment and answers."""

from django import template

from duq_workflow.commitments.models import Concern, ReportLink
from duq_workflow.commitments.public import PublicStatus
from duq_workflow.commitments.reporting import WORKFLOW as REPORTING
from duq_workflow.commitments.reporting_facts import report_due
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
