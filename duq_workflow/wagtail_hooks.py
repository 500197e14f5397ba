from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from duq_workflow import history
from duq_workflow.conf import workflow_setting
from duq_workflow.dashboard import UndeliveredEmailsPanel
from duq_workflow.engine.registry import admin_viewsets
from duq_workflow.models import LifecycleInstance, OutboxEmail
from duq_workflow.views.lifecycles import LifecycleViewSet
from duq_workflow.views.outbox import OutboxViewSet
from duq_workflow.views.permissions import ReadOnlyPermissionPolicy
from duq_workflow.views.rehearsal import RehearsalViewSet

# Engine rows are written only by the engine: read-only in the admin.
register_permission_policy(
    LifecycleInstance, ReadOnlyPermissionPolicy(LifecycleInstance)
)
register_permission_policy(OutboxEmail, ReadOnlyPermissionPolicy(OutboxEmail))


@hooks.register("register_log_actions")
def register_lifecycle_log_actions(actions):
    history.register(actions)


class LifecyclesGroup(ViewSetGroup):
    """The engine's listings, with those other apps add between them."""

    menu_icon = "calendar-alt"
    menu_order = 250

    def __init__(self):
        self.menu_label = workflow_setting("ADMIN_LABEL")
        self.items = (
            LifecycleViewSet,
            *admin_viewsets(),
            OutboxViewSet,
            RehearsalViewSet,
        )
        super().__init__()


@hooks.register("register_admin_viewset")
def register_lifecycles_admin():
    return LifecyclesGroup()


@hooks.register("construct_homepage_panels")
def add_undelivered_emails_panel(request, panels):
    if panel := UndeliveredEmailsPanel.for_user(request.user):
        panels.append(panel)
