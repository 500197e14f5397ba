from wagtail.signals import page_published, task_rejected


def approve_sign_up(sender, instance, revision=None, **kwargs):
    """Runs before the plugin starts the reporting commitment (this app's
    signals are connected first), so the commitment runs from approval."""
    from home.models import ProviderPage

    from .added import welcome_added_signatory
    from .signups import approve_on_publish

    if isinstance(instance, ProviderPage):
        approve_on_publish(instance, revision)
        welcome_added_signatory(instance, revision)


def tell_rejected(sender, instance, **kwargs):
    from .signups import WORKFLOW_NAME, tell_rejected

    if instance.workflow_state.workflow.name == WORKFLOW_NAME:
        tell_rejected(instance)


def register_signal_handlers():
    page_published.connect(approve_sign_up, dispatch_uid="accounts_approve_sign_up")
    task_rejected.connect(tell_rejected, dispatch_uid="accounts_sign_up_rejected")
