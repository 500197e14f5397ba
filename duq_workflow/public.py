"""What the public sees of a page's lifecycles: notices and a status.

A page is publicly "suspended" when any of its instances is in a state whose
notice has the severity "suspension". Everything here reads a fixed number of
queries, whatever the number of pages or records.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from duq_workflow.engine.registry import get_definitions
from duq_workflow.models import LifecycleInstance


class Status:
    SIGNED_UP = "signed-up"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"

    LABELS = {
        SIGNED_UP: "Signed up",
        SUSPENDED: "Suspended",
        WITHDRAWN: "No longer signed up",
    }
    SEVERITIES = {SUSPENDED: "suspension", WITHDRAWN: "withdrawn"}

    @classmethod
    def choices(cls):
        return list(cls.LABELS.items())


@dataclass
class PublicStatus:
    notices: list = field(default_factory=list)

    @property
    def code(self):
        severities = {notice.severity for notice in self.notices}
        if "withdrawn" in severities:
            return Status.WITHDRAWN
        if "suspension" in severities:
            return Status.SUSPENDED
        return Status.SIGNED_UP

    @property
    def label(self):
        return Status.LABELS[self.code]

    @property
    def withdrawn(self):
        return self.code == Status.WITHDRAWN


def _states_with(severity):
    """Q matching instances whose state carries a notice of ``severity``."""
    query = Q(pk__in=[])
    for name, definition in get_definitions().items():
        states = [
            s.name
            for s in definition.states
            if s.notice and s.notice.severity == severity
        ]
        if states:
            query |= Q(workflow=name, state__in=states)
    return query


def statuses(page_ids):
    """``{page_id: PublicStatus}`` for the pages, in one query."""
    result = {page_id: PublicStatus() for page_id in page_ids}
    definitions = get_definitions()
    rows = LifecycleInstance.objects.filter(page_id__in=list(page_ids)).values_list(
        "page_id", "workflow", "state"
    )
    for page_id, workflow, state in rows.order_by("pk"):
        definition = definitions.get(workflow)
        notice = definition and definition.state(state).notice
        if notice:
            result[page_id].notices.append(notice)
    return result


def exclude_withdrawn(pages):
    """Narrow a page queryset to pages still signed up (suspended or not)."""
    withdrawn = LifecycleInstance.objects.filter(_states_with("withdrawn"))
    return pages.exclude(pk__in=withdrawn.values("page_id"))


def filter_by_status(pages, code):
    """Narrow a page queryset to one public status."""
    if code == Status.SIGNED_UP:
        flagged = _states_with("suspension") | _states_with("withdrawn")
        return pages.exclude(
            pk__in=LifecycleInstance.objects.filter(flagged).values("page_id")
        )
    severity = Status.SEVERITIES.get(code)
    if severity is None:
        return pages
    matching = LifecycleInstance.objects.filter(_states_with(severity)).values(
        "page_id"
    )
    pages = pages.filter(pk__in=matching)
    return exclude_withdrawn(pages) if code == Status.SUSPENDED else pages
