from django_q.models import Schedule
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from duq_workflow.views.permissions import RecordPermissionPolicy

from . import dashboard, policy_change, wording
from .alerts import ALERT_KIND, ALERT_LABEL
from .concerns import ConcernResponse
from .models import Concern, LifecyclePolicy, ReportLink
from .panels import records_section
from .reporting import ReportingCommitment
from .views.messages import MessageTemplateViewSet
from .views.records import ConcernViewSet, ReportLinkViewSet

# Records are withdrawn, never deleted.
register_permission_policy(ReportLink, RecordPermissionPolicy(ReportLink))
register_permission_policy(Concern, RecordPermissionPolicy(Concern))


@hooks.register("register_lifecycle_definitions")
def register_code_commitments():
    return [ReportingCommitment(), ConcernResponse()]


@hooks.register("register_lifecycle_email_kinds")
def register_email_kinds():
    return [*wording.choices(), (ALERT_KIND, ALERT_LABEL)]


@hooks.register("register_lifecycle_schedules")
def register_schedules():
    return [
        {
            "name": "duq_commitments: tell editors of emails that did not arrive",
            "func": "duq_workflow.commitments.tasks.alert_editors_of_failed_emails",
            # Hourly: at most one alert an hour, however much fails.
            "schedule_type": Schedule.HOURLY,
        }
    ]


@hooks.register("register_lifecycle_panel_sections")
def register_panel_sections():
    return [records_section]


@hooks.register("register_lifecycle_admin_viewsets")
def register_records_admin():
    return [ReportLinkViewSet, ConcernViewSet]


@hooks.register("before_edit_setting")
def confirm_policy_change(request, instance):
    """A change that moves dates first shows what the next run would do."""
    if isinstance(instance, LifecyclePolicy):
        return policy_change.confirm(request, instance)
    return None


register_snippet(MessageTemplateViewSet)


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels):
    panels.extend(dashboard.panels_for(request.user))
