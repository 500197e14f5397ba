"""What the public sees of a page's lifecycles: the notices of their states.

Each state may carry a :class:`~duq_workflow.engine.definition.Notice` with a
:class:`~duq_workflow.engine.definition.Severity`. Everything here reads a
fixed number of queries, whatever the number of pages or instances.
"""

from django.db.models import Q

from duq_workflow.engine.registry import get_definitions
from duq_workflow.models import LifecycleInstance


def states_with(severity):
    """A ``Q`` matching instances whose state carries a notice of ``severity``."""
    query = Q(pk__in=[])
    for name, definition in get_definitions().items():
        states = [
            state.name
            for state in definition.states
            if state.notice and state.notice.severity == severity
        ]
        if states:
            query |= Q(workflow=name, state__in=states)
    return query


def pages_with(severity):
    """The ids of pages with an instance whose notice has ``severity``, as a
    subquery for ``pages.filter(pk__in=...)``."""
    return LifecycleInstance.objects.filter(states_with(severity)).values("page_id")


def notices_by_page(page_ids):
    """``{page_id: [Notice, ...]}`` for the pages, in one query; a page whose
    instances carry no notice maps to an empty list. Each notice is the one
    its definition chooses for the instance (:meth:`notice_for`), dated."""
    result = {page_id: [] for page_id in page_ids}
    definitions = get_definitions()
    instances = LifecycleInstance.objects.filter(page_id__in=list(page_ids)).only(
        "page_id", "workflow", "state", "entered_at", "data"
    )
    for instance in instances.order_by("pk"):
        definition = definitions.get(instance.workflow)
        notice = definition and definition.notice_for(instance)
        if notice:
            result[instance.page_id].append(notice)
    return result
