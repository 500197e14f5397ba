"""Pieces both of the Code's definitions use."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from .calendar import local_date

MANAGE = "duq_workflow.manage_lifecycle"
# What a suspension notice means, beneath its official wording.
SUSPENSION_EXPLANATION = _(
    "This organisation has not kept one of its public commitments under the "
    "Code. The notice comes off as soon as it does."
)
# The name both of the Code's definitions give their suspended state.
SUSPENDED = "suspended"
DAY = dt.timedelta(days=1)


def iso_date(value):
    """A date kept in an instance's data (ISO text), or None."""
    return dt.date.fromisoformat(value) if value else None


def day_after_deadline(instance, ctx):
    """Suspensions fire at the start of the day after the deadline."""
    return iso_date(instance.data.get("deadline")) + DAY


def extend_deadline(instance, ctx, now, params):
    instance.data["deadline"] = params["until"].isoformat()


def date_in_future(instance, ctx, params):
    until = params.get("until")
    return until is not None and until > local_date(ctx["now"])


def was_suspended(ectx):
    return ectx.step.source == SUSPENDED
