from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from wagtail.signals import page_published

from duq_workflow.models import LifecycleInstance

from . import reporting, services
from .models import LifecyclePolicy


def follow_sign_up_date(sender, instance, revision=None, **kwargs):
    """A corrected sign-up date moves the reporting year that runs from it."""
    if reporting.WORKFLOW in getattr(instance, "lifecycle_workflows", ()):
        user = getattr(revision, "user", None)
        services.follow_sign_up_date(instance, user=user)


def retime_open_lifecycles(sender, created=False, **kwargs):
    """A policy change takes effect at the next sweep: every open instance is
    due now, and reconciling it recomputes its dates from the new policy."""
    if created:
        return
    LifecycleInstance.objects.open().update(next_check_at=timezone.now())


def remember_concern_window(sender, instance, **kwargs):
    """Keep the stored window on the policy being saved, to compare after."""
    stored = sender.objects.filter(pk=instance.pk).values_list(
        "concern_window_days", flat=True
    )
    instance._stored_concern_window = stored.first()


def retime_open_concerns(sender, instance, created=False, **kwargs):
    """A changed concern window moves the deadlines of open concerns now,
    each with its history entry and email, in the policy's transaction."""
    before = getattr(instance, "_stored_concern_window", None)
    if created or before is None or before == instance.concern_window_days:
        return
    services.retime_open_concerns()


def register_signal_handlers():
    post_save.connect(
        retime_open_lifecycles, sender=LifecyclePolicy, dispatch_uid="duq_retime"
    )
    pre_save.connect(
        remember_concern_window,
        sender=LifecyclePolicy,
        dispatch_uid="duq_concern_window",
    )
    post_save.connect(
        retime_open_concerns,
        sender=LifecyclePolicy,
        dispatch_uid="duq_retime_concerns",
    )
    page_published.connect(follow_sign_up_date, dispatch_uid="duq_sign_up_date")
