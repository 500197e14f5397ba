from django.db.models.signals import post_save
from django.utils import timezone
from wagtail.signals import page_published

from duq_workflow.engine import actions
from duq_workflow.engine.registry import get_definition
from duq_workflow.mixins import LifecyclePageMixin
from duq_workflow.models import LifecycleInstance, LifecyclePolicy


def start_lifecycles_on_publish(sender, instance, **kwargs):
    """A page that opts in gets its auto-start lifecycles when first published."""
    if not isinstance(instance, LifecyclePageMixin):
        return
    for name in instance.lifecycle_workflows:
        if get_definition(name).auto_start:
            actions.start(instance, name)


def follow_sign_up_date(sender, instance, revision=None, **kwargs):
    """A corrected sign-up date moves the reporting year that runs from it."""
    from duq_workflow.commitments import reporting, services

    if reporting.WORKFLOW in getattr(instance, "lifecycle_workflows", ()):
        user = getattr(revision, "user", None)
        services.follow_sign_up_date(instance, user=user)


def retime_open_lifecycles(sender, created=False, **kwargs):
    """A policy change takes effect at the next sweep: every open instance is
    due now, and reconciling it recomputes its dates from the new policy."""
    if created:
        return
    LifecycleInstance.objects.open().update(next_check_at=timezone.now())


def register_signal_handlers():
    post_save.connect(
        retime_open_lifecycles, sender=LifecyclePolicy, dispatch_uid="duq_retime"
    )
    page_published.connect(
        start_lifecycles_on_publish, dispatch_uid="duq_lifecycle_start"
    )
    page_published.connect(follow_sign_up_date, dispatch_uid="duq_sign_up_date")
