"""Answering a concern: one instance per concern, keyed ``concern-<id>``.

new --recorded--> open (provider told; deadline = told + window)
open --its email arrived late--> open (told = the day it arrived; deadline =
    told + window, or the minimum notice from today if that is later)
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
    State,
    Timer,
    Transition,
)

from . import causes, common, confirmations, context
from .calendar import LONDON, local_date
from .common import (
    CLOSE,
    DEADLINE_EMAIL,
    day_after_deadline,
    deadline_email_sent_on,
    extend_deadline_transition,
    iso_date,
    lifted_or,
    remembered,
    was_suspended,
)
from .emails import either, to_editors, to_provider, when

SUSPENDED_NOTICE = causes.NO_ANSWER.notice
WORKFLOW = "duq.concern"
NO_PARAMS = {}


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


# --- The window runs from when the provider was told, by a delivered email -------


def _told_by_email_on(instance, ctx):
    return deadline_email_sent_on(instance, ctx, "told_on")


def told_on_time(instance, ctx, params):
    """The email forwarding the concern arrived on the day the window started."""
    sent_on = _told_by_email_on(instance, ctx)
    return sent_on is not None and sent_on <= iso_date(instance.data["told_on"])


def told_late(instance, ctx, params):
    sent_on = _told_by_email_on(instance, ctx)
    return sent_on is not None and sent_on > iso_date(instance.data["told_on"])


def not_told(instance, ctx, params):
    return _told_by_email_on(instance, ctx) is None


def not_told_late(instance, ctx, params):
    """No reminder of a date that is about to move for a late email."""
    return not told_late(instance, ctx, params)


def delivered_late_at(instance, ctx):
    """When a late email passing the concern on arrived: the deadline moves
    then (the sender makes the concern due as soon as it is delivered), so
    neither the provider's account nor a reminder gives the old date."""
    if not told_late(instance, ctx, NO_PARAMS):
        return None
    return ctx["deadline_emails_sent"][instance.data[DEADLINE_EMAIL]]


def window_from_delivery(instance, ctx, now, params):
    """The full window from the day the email arrived; if a sweep comes so
    late that this leaves less than the minimum notice, the minimum notice
    from today. Never earlier than the deadline the provider already has."""
    policy = ctx["policy"]
    told = _told_by_email_on(instance, ctx)
    by_window = told + dt.timedelta(days=policy.concern_window_days)
    earliest = local_date(now) + dt.timedelta(days=policy.minimum_notice_days)
    instance.data["told_on"] = told.isoformat()
    instance.data["deadline"] = max(
        by_window, earliest, deadline(instance, ctx)
    ).isoformat()


def full_window_from_delivery(ectx):
    """The deadline is the full window from the day the provider was told."""
    data, policy = ectx.instance.data, ectx.ctx["policy"]
    window = dt.timedelta(days=policy.concern_window_days)
    return iso_date(data["deadline"]) == iso_date(data["told_on"]) + window


# --- The window changed in the policy -----------------------------------------------


def _retimed_deadline(instance, ctx, now):
    """The told day plus the policy's window; a shorter window never brings
    the deadline closer than the minimum notice from today."""
    policy = ctx["policy"]
    told = iso_date(instance.data["told_on"])
    by_window = told + dt.timedelta(days=policy.concern_window_days)
    earliest = local_date(now) + dt.timedelta(days=policy.minimum_notice_days)
    return max(by_window, min(deadline(instance, ctx), earliest))


def deadline_would_move(instance, ctx, params):
    return _retimed_deadline(instance, ctx, ctx["now"]) != deadline(instance, ctx)


def retime_deadline(instance, ctx, now, params):
    instance.data["deadline"] = _retimed_deadline(instance, ctx, now).isoformat()


class ConcernResponse(LifecycleDefinition):
    name = WORKFLOW
    label = _("Answer to a concern")
    initial = NEW
    time_zone = LONDON
    rehearsal_caveat = _(
        "Concerns: the same is true of the email that passes a concern on. "
        "Until it has been delivered, the table shows no suspension for an "
        "unanswered concern, only an email to the Code's team."
    )
    states = (
        State.of(NEW),
        State.of(OPEN),
        State.of(SUSPENDED, causes.NO_ANSWER.public_notice()),
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
            effects=(remembered(to_provider("concern_forwarded")),),
            reason="concern passed to the provider",
        ),
        Transition(
            "remind",
            (OPEN,),
            OPEN,
            Timer(reminder_at),
            guard=not_told_late,
            effects=(to_provider("concern_reminder"),),
            reason="reminder before the concern's deadline",
        ),
        Transition(
            "suspend_for_no_answer",
            (OPEN,),
            SUSPENDED,
            Timer(day_after_deadline),
            guard=told_on_time,
            effects=(
                to_provider("concern_suspended"),
                to_editors("editors_suspended"),
            ),
            reason="no public answer to a concern by its deadline",
        ),
        Transition(
            "deadline_moved_for_late_email",
            (OPEN,),
            OPEN,
            Timer(delivered_late_at),
            guard=told_late,
            update=window_from_delivery,
            effects=(
                either(
                    full_window_from_delivery,
                    to_provider("concern_deadline_moved"),
                    to_provider("concern_deadline_moved_from_today"),
                ),
                to_editors("editors_deadline_moved"),
            ),
            reason="the email passing the concern on was delivered late, so the "
            "time to answer runs from its delivery",
        ),
        Transition(
            "suspension_waits_for_email",
            (OPEN,),
            OPEN,
            Timer(day_after_deadline),
            guard=not_told,
            effects=(to_editors("editors_warning_not_delivered"),),
            reason="the deadline passed but the email passing the concern on has "
            "not been delivered, so no suspension until it is",
        ),
        Transition(
            "window_changed",
            (OPEN,),
            OPEN,
            Event("window_changed"),
            guard=deadline_would_move,
            update=retime_deadline,
            effects=(to_provider("concern_deadline_changed"),),
            reason="the time to answer a concern changed in the policy, so "
            "this concern's deadline moved",
        ),
        Transition(
            "answered",
            (NEW, OPEN, SUSPENDED),
            ANSWERED,
            Event("response_linked"),
            effects=(lifted_or("concern_answered", "concern_lifted"),),
            reason="public response linked",
        ),
        extend_deadline_transition(
            OPEN,
            confirmations.extend_concern_deadline,
            "concern_deadline_extended",
        ),
        Transition(
            "close",
            (NEW, OPEN, SUSPENDED),
            CLOSED,
            Manual(
                CLOSE,
                _("Close without an answer"),
                explain=confirmations.close_concern,
            ),
            effects=(when(was_suspended, to_provider("concern_closed")),),
        ),
    )

    def load_context(self, instances=()):
        return context.load(instances)

    def initial_data(self, page, now, **kwargs):
        return {
            "concern_id": kwargs["concern_id"],
            "forwarded_on": kwargs["forwarded_on"].isoformat(),
        }

    def outlook(self, instance, ctx):
        # Imported here: the outlooks read this module's dates and guards.
        from .outlooks import concern_outlook

        return concern_outlook(instance, ctx)
