from wagtail.signals import page_published

from duq_workflow.engine import actions
from duq_workflow.engine.registry import get_definition
from duq_workflow.mixins import LifecyclePageMixin


def start_lifecycles_on_publish(sender, instance, **kwargs):
    """A page that opts in gets its auto-start lifecycles when first published."""
    if not isinstance(instance, LifecyclePageMixin):
        return
    for name in instance.lifecycle_workflows:
        if get_definition(name).auto_start:
            actions.start(instance, name)


def register_signal_handlers():
    page_published.connect(
        start_lifecycles_on_publish, dispatch_uid="duq_lifecycle_start"
    )
