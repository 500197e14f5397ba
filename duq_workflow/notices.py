"""What the public sees of a page's lifecycles: the notices of their states.

Each state may carry a :class:`~duq_workflow.engine.definition.Notice` with a
:class:`~duq_workflow.engine.definition.Severity`. Everything here reads a
fixed number of queries, whatever the number of pages or instances.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from wagtail.models import PageLogEntry

from duq_workflow.engine.definition import Notice
from duq_workflow.engine.registry import get_definitions
from duq_workflow.engine.store import ACTION_TRANSITION
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


@dataclass(frozen=True)
class NoticeChange:
    """A change in a page's history that put a notice on it or took one off."""

    page_id: int
    at: dt.datetime
    before: Notice | None
    after: Notice | None
    entry_id: int


def _notice_of(definition, state):
    try:
        return definition.state(state).notice
    except KeyError:
        return None


def _entries_into(rows, definitions):
    """For each history entry in ``rows`` that leaves a state with a notice,
    the entry that entered that state (in one query): ``{entry id: data}``."""
    leaving = {}
    for entry_id, page_id, _timestamp, data in rows:
        definition = definitions.get(data.get("workflow"))
        if definition and _notice_of(definition, data.get("from")):
            key = data.get("key")
            leaving[entry_id] = (page_id, data["workflow"], key, data["from"])
    if not leaving:
        return {}
    # Each instance's entries into those states, newest first.
    into = {}
    for pk, page_id, data in (
        PageLogEntry.objects.filter(
            action=ACTION_TRANSITION,
            page_id__in={page_id for page_id, *_rest in leaving.values()},
            data__to__in={state for *_rest, state in leaving.values()},
        )
        .order_by("-pk")
        .values_list("pk", "page_id", "data")
    ):
        place = (page_id, data.get("workflow"), data.get("key"), data.get("to"))
        into.setdefault(place, []).append((pk, data))
    entered = {}
    for entry_id, place in leaving.items():
        earlier = (data for pk, data in into.get(place, ()) if pk < entry_id)
        if (data := next(earlier, None)) is not None:
            entered[entry_id] = data
    return entered


def _notice_entered(definition, data):
    return definition.notice_entered(
        data.get("to"), data.get("transition"), data.get("params") or {}
    )


def _changes_with(severities):
    """A ``Q`` over history entries of transitions into or out of a state whose
    notice has one of ``severities``."""
    query = Q(pk__in=[])
    for name, definition in get_definitions().items():
        states = [
            state.name
            for state in definition.states
            if state.notice and state.notice.severity in severities
        ]
        if states:
            query |= Q(data__workflow=name) & (
                Q(data__to__in=states) | Q(data__from__in=states)
            )
    return query


def notice_changes(pages, severities, limit):
    """
    The latest ``limit`` changes, newest first, that put a notice of one of
    ``severities`` on one of ``pages`` (a page queryset) or took one off, read
    from the pages' history in two queries. A change between two states with
    the same notice is not one.
    """
    entries = (
        PageLogEntry.objects.filter(action=ACTION_TRANSITION, page__in=pages)
        .filter(_changes_with(severities))
        .order_by("-timestamp", "-pk")
        .values_list("pk", "page_id", "timestamp", "data")
    )
    definitions = get_definitions()
    changes = []
    # Over-read: a few entries stay in a state with a notice.
    rows = list(entries[: limit * 2])
    # The notice a state showed can depend on how it was entered (a
    # suspension by the Code's team, with its public reason).
    entered = _entries_into(rows, definitions)
    for entry_id, page_id, timestamp, data in rows:
        definition = definitions.get(data.get("workflow"))
        if definition is None:
            continue
        before = _notice_of(definition, data.get("from"))
        if entry_id in entered:
            before = _notice_entered(definition, entered[entry_id])
        after = _notice_entered(definition, data)
        if before != after:
            # When the change took effect (a sweep may run later than that).
            at = dt.datetime.fromisoformat(data["at"]) if "at" in data else timestamp
            changes.append(NoticeChange(page_id, at, before, after, entry_id))
    return changes[:limit]
