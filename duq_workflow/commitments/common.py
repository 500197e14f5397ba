"""Pieces both of the Code's definitions use."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from duq_workflow.engine.actions import TransitionNotAllowed
from duq_workflow.engine.definition import Manual, Transition

from .calendar import local_date
from .emails import either, has_other_notices, long_date, to_provider

# Each of the editors' actions has its own permission (on Commitment).
EXTEND = "duq_commitments.extend_deadlines"
SUSPEND = "duq_commitments.suspend_and_reinstate"
WITHDRAW = "duq_commitments.withdraw_and_rejoin"
CLOSE = "duq_commitments.close_concerns"
# The name both of the Code's definitions give their suspended state.
SUSPENDED = "suspended"
DAY = dt.timedelta(days=1)


# Where an instance keeps the outbox key of the email that set its deadline
# (a warning, a forwarded concern): "" when nobody could be emailed.
DEADLINE_EMAIL = "deadline_email"


def remembered(effect):
    """Run an email effect and remember which email it queued, so that what
    follows can wait on its delivery."""

    def run(ectx):
        queued = len(ectx.emails)
        effect(ectx)
        new = ectx.emails[queued:]
        ectx.instance.data[DEADLINE_EMAIL] = new[-1].key if new else ""

    return run


def deadline_email_sent_on(instance, ctx, given_on_key):
    """The London date the email that set the deadline was delivered, or None.
    Instances from before deliveries were checked have no such email, and
    count it as delivered on the day it was given (``data[given_on_key]``)."""
    if DEADLINE_EMAIL not in instance.data:
        return iso_date(instance.data.get(given_on_key))
    sent_at = ctx["deadline_emails_sent"].get(instance.data[DEADLINE_EMAIL])
    return local_date(sent_at) if sent_at else None


def iso_date(value):
    """A date kept in an instance's data (ISO text), or None."""
    return dt.date.fromisoformat(value) if value else None


def day_after_deadline(instance, ctx):
    """Suspensions fire at the start of the day after the deadline."""
    return iso_date(instance.data.get("deadline")) + DAY


def current_deadline(instance):
    return iso_date(instance.data.get("deadline"))


def extend_deadline(instance, ctx, now, params):
    instance.data["deadline"] = params["until"].isoformat()


def date_in_future(instance, ctx, params):
    until = params.get("until")
    return until is not None and until > local_date(ctx["now"])


def later_deadline(instance, ctx, params):
    """An extension gives more time: the new deadline is after today and after
    the deadline it replaces, the date the provider was told. An earlier one
    would suspend a provider sooner than its email said, with less notice than
    the policy's minimum, so it is refused with the date it must follow."""
    if not date_in_future(instance, ctx, params):
        return False
    current = current_deadline(instance)
    if current is not None and params["until"] <= current:
        raise TransitionNotAllowed(
            {
                "until": _(
                    "Choose a date after the current deadline, %(deadline)s: "
                    "an extension cannot shorten the time the provider has."
                )
                % {"deadline": long_date(current)}
            }
        )
    return True


def was_suspended(ectx):
    return ectx.step.source == SUSPENDED


def lifted_or(received, lifted):
    """The provider's email when what it owed is linked: ``received`` if it
    was not suspended for it; ``lifted`` if it was, or ``lifted``'s
    ``_other_notice`` sibling while another notice stays on the page."""
    return either(
        was_suspended,
        either(
            has_other_notices,
            to_provider(f"{lifted}_other_notice"),
            to_provider(lifted),
        ),
        to_provider(received),
    )


def extend_deadline_transition(
    waiting, explain, email, update=extend_deadline, offered=None
):
    """The editors' "Extend the deadline", the same for both commitments:
    from ``waiting`` for the deadline, or suspended after it passed, back to
    ``waiting`` with a later deadline (:func:`later_deadline`). The provider
    is emailed ``email``, or its ``_lifted`` sibling when the extension lifts
    a suspension; ``explain`` and the emails are each commitment's own words.
    """
    return Transition(
        "extend_deadline",
        (waiting, SUSPENDED),
        waiting,
        Manual(
            EXTEND,
            _("Extend the deadline"),
            params=("until",),
            explain=explain,
            later_than=current_deadline,
            offered=offered,
        ),
        guard=later_deadline,
        update=update,
        effects=(
            either(was_suspended, to_provider(f"{email}_lifted"), to_provider(email)),
        ),
    )
