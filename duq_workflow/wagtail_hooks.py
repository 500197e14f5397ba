from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from duq_workflow import history
from duq_workflow.commitments.concerns import ConcernResponse
from duq_workflow.commitments.reporting import ReportingCommitment
from duq_workflow.models import Concern, LifecycleInstance, OutboxEmail, ReportLink
from duq_workflow.views.lifecycles import LifecycleViewSet
from duq_workflow.views.messages import MessageTemplateViewSet
from duq_workflow.views.outbox import OutboxViewSet
from duq_workflow.views.permissions import (
    ReadOnlyPermissionPolicy,
    RecordPermissionPolicy,
)
from duq_workflow.views.records import ConcernViewSet, ReportLinkViewSet

# Records are withdrawn, never deleted; engine rows are read-only in the admin.
register_permission_policy(ReportLink, RecordPermissionPolicy(ReportLink))
register_permission_policy(Concern, RecordPermissionPolicy(Concern))
register_permission_policy(
    LifecycleInstance, ReadOnlyPermissionPolicy(LifecycleInstance)
)
register_permission_policy(OutboxEmail, ReadOnlyPermissionPolicy(OutboxEmail))


@hooks.register("register_log_actions")
def register_lifecycle_log_actions(actions):
    history.register(actions)


@hooks.register("register_lifecycle_definitions")
def register_code_commitments():
    return [ReportingCommitment(), ConcernResponse()]


class CommitmentsGroup(ViewSetGroup):
    menu_label = "Commitments"
    menu_icon = "calendar-alt"
    menu_order = 250
    items = (LifecycleViewSet, ReportLinkViewSet, ConcernViewSet, OutboxViewSet)


@hooks.register("register_admin_viewset")
def register_commitments_admin():
    return CommitmentsGroup()


register_snippet(MessageTemplateViewSet)
