"""Answering a concern: one instance per concern, keyed ``concern-<id>``.

new --recorded--> open (provider told; deadline = told + window)
open --deadline passed--> suspended (its own public notice)
open/suspended --public response linked--> answered
"""

import datetime as dt

from duq_workflow.calendar import local_date
from duq_workflow.engine.definition import (
    Event,
    LifecycleDefinition,
    Manual,
    Notice,
    State,
    Timer,
    Transition,
)

from . import context
from .common import (
    MANAGE,
    date_in_future,
    day_after_deadline,
    deadline_key,
    extend_deadline,
    iso_date,
    was_suspended,
)
from .emails import to_editors, to_provider, when

SUSPENDED_NOTICE = "Suspended for failure to respond publicly to a service user concern"
WORKFLOW = "duq.concern"


def forwarded_at(instance, ctx):
    return iso_date(instance.data["forwarded_on"])


def deadline(instance, ctx):
    return iso_date(instance.data["deadline"])


def reminder_at(instance, ctx):
    return deadline(instance, ctx) - dt.timedelta(
        days=ctx["policy"].concern_reminder_days
    )


def tell_provider(instance, ctx, now, params):
    """The window runs from when the provider is told: now, by this email."""
    told = local_date(now)
    window = dt.timedelta(days=ctx["policy"].concern_window_days)
    instance.data["told_on"] = told.isoformat()
    instance.data["deadline"] = (told + window).isoformat()


class ConcernResponse(LifecycleDefinition):
    name = WORKFLOW
    label = "Answer to a concern"
    initial = "new"
    states = (
        State("new", "Recorded"),
        State("open", "Waiting for a public answer"),
        State("suspended", "Suspended", Notice(SUSPENDED_NOTICE, "suspension")),
        State("answered", "Answered publicly", final=True),
        State("closed", "Closed by an editor", final=True),
    )
    transitions = (
        Transition(
            "forward",
            ("new",),
            "open",
            Timer(forwarded_at),
            update=tell_provider,
            effects=(to_provider("concern_forwarded"),),
            reason="concern passed to the provider",
        ),
        Transition(
            "remind",
            ("open",),
            "open",
            Timer(reminder_at),
            effects=(to_provider("concern_reminder", key=deadline_key),),
            reason="reminder before the concern's deadline",
        ),
        Transition(
            "suspend_for_no_answer",
            ("open",),
            "suspended",
            Timer(day_after_deadline),
            effects=(
                # One per deadline: an extended deadline can pass too.
                to_provider("concern_suspended", key=deadline_key),
                to_editors("editors_suspended", key=deadline_key),
            ),
            reason="no public answer to a concern by its deadline",
        ),
        Transition(
            "answered",
            ("new", "open", "suspended"),
            "answered",
            Event("response_linked"),
            effects=(when(was_suspended, to_provider("concern_lifted")),),
            reason="public response linked",
        ),
        Transition(
            "extend_deadline",
            ("open", "suspended"),
            "open",
            Manual(MANAGE, "Extend the deadline", params=("until",)),
            guard=date_in_future,
            update=extend_deadline,
        ),
        Transition(
            "close",
            ("new", "open", "suspended"),
            "closed",
            Manual(MANAGE, "Close without an answer"),
        ),
    )

    def load_context(self, instances=()):
        return context.load(instances)

    def initial_data(self, page, now, **kwargs):
        return {
            "concern_id": kwargs["concern_id"],
            "forwarded_on": kwargs["forwarded_on"].isoformat(),
        }
