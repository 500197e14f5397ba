"""Each instance's :class:`~duq_workflow.engine.definition.Outlook`, for the
admin: its definition's context is loaded once for all the instances of that
workflow shown together, so a listing's queries do not grow with its rows."""

from collections import defaultdict

from django.utils import timezone

from .definition import Outlook
from .registry import get_definitions


def with_outlooks(instances, now=None):
    """Set ``instance.outlook`` on each of ``instances`` (a list) and return it."""
    now = now or timezone.now()
    by_workflow = defaultdict(list)
    for instance in instances:
        by_workflow[instance.workflow].append(instance)
    definitions = get_definitions()
    for workflow, group in by_workflow.items():
        definition = definitions.get(workflow)
        ctx = definition.context(group, now) if definition else {}
        for instance in group:
            instance.outlook = (
                definition.outlook(instance, ctx) if definition else Outlook()
            )
    return instances
