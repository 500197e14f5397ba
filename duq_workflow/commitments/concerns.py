"""Answering a concern: one instance per concern, keyed ``concern-<id>``.

new --recorded--> open (provider told; deadline = told + window)
open --deadline passed--> suspended (its own public notice)
open/suspended --public response linked--> answered
"""

import datetime as dt

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from duq_workflow.engine.definition import (
    Event,
    LifecycleDefinition,
    Manual,
    Notice,
    Severity,
    State,
    Timer,
    Transition,
)

from . import common, context
from .calendar import LONDON, local_date
from .common import (
    MANAGE,
    SUSPENSION_EXPLANATION,
    date_in_future,
    day_after_deadline,
    extend_deadline,
    iso_date,
    was_suspended,
)
from .emails import to_editors, to_provider, when

SUSPENDED_NOTICE = _(
    "Suspended for failure to respond publicly to a service user concern"
)
WORKFLOW = "duq.concern"


class ConcernState(TextChoices):
    """The states of the answer to one concern."""

    NEW = "new", _("Recorded")
    OPEN = "open", _("Waiting for a public answer")
    SUSPENDED = common.SUSPENDED, _("Suspended")
    ANSWERED = "answered", _("Answered publicly")
    CLOSED = "closed", _("Closed by an editor")


NEW, OPEN, SUSPENDED, ANSWERED, CLOSED = ConcernState


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
    label = _("Answer to a concern")
    initial = NEW
    time_zone = LONDON
    states = (
        State.of(NEW),
        State.of(OPEN),
        State.of(
            SUSPENDED,
            Notice(SUSPENDED_NOTICE, Severity.SUSPENSION, SUSPENSION_EXPLANATION),
        ),
        State.of(ANSWERED, final=True),
        State.of(CLOSED, final=True),
    )
    transitions = (
        Transition(
            "forward",
            (NEW,),
            OPEN,
            Timer(forwarded_at),
            update=tell_provider,
            effects=(to_provider("concern_forwarded"),),
            reason="concern passed to the provider",
        ),
        Transition(
            "remind",
            (OPEN,),
            OPEN,
            Timer(reminder_at),
            effects=(to_provider("concern_reminder"),),
            reason="reminder before the concern's deadline",
        ),
        Transition(
            "suspend_for_no_answer",
            (OPEN,),
            SUSPENDED,
            Timer(day_after_deadline),
            effects=(
                to_provider("concern_suspended"),
                to_editors("editors_suspended"),
            ),
            reason="no public answer to a concern by its deadline",
        ),
        Transition(
            "answered",
            (NEW, OPEN, SUSPENDED),
            ANSWERED,
            Event("response_linked"),
            effects=(when(was_suspended, to_provider("concern_lifted")),),
            reason="public response linked",
        ),
        Transition(
            "extend_deadline",
            (OPEN, SUSPENDED),
            OPEN,
            Manual(MANAGE, _("Extend the deadline"), params=("until",)),
            guard=date_in_future,
            update=extend_deadline,
        ),
        Transition(
            "close",
            (NEW, OPEN, SUSPENDED),
            CLOSED,
            Manual(MANAGE, _("Close without an answer")),
        ),
    )

    def load_context(self, instances=()):
        return context.load(instances)

    def initial_data(self, page, now, **kwargs):
        return {
            "concern_id": kwargs["concern_id"],
            "forwarded_on": kwargs["forwarded_on"].isoformat(),
        }
