"""What editors read about each of the Code's commitments: the dates that
matter and what happens next, and when, in a sentence.

Each sentence follows the definition's own timers and guards, so it says what
the sweep will do (a suspension that waits for the warning's delivery says
so)."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from duq_workflow.engine.definition import Outlook

from . import concerns, reporting
from .calendar import local_date
from .common import DAY, iso_date
from .emails import long_date

NO_PARAMS = {}


def _dates(*pairs):
    return tuple((label, day) for label, day in pairs if day)


def _reminder_ahead(instance, ctx, due):
    policy, today = ctx["policy"], local_date(ctx["now"])
    for days in (policy.first_reminder_days, policy.second_reminder_days):
        reminder = due - dt.timedelta(days=days)
        if reminder >= today:
            return reminder
    return None


def _up_to_date(instance, ctx, due):
    warning = long_date(due + DAY)
    reminder = _reminder_ahead(instance, ctx, due)
    if reminder:
        return _(
            "A reminder on %(reminder)s; a warning on %(warning)s unless a "
            "report is linked"
        ) % {"reminder": long_date(reminder), "warning": warning}
    return _("A warning on %(warning)s unless a report is linked") % {
        "warning": warning
    }


@dataclass(frozen=True)
class AfterDeadline:
    """What the day after a deadline brings, in one commitment's words: the
    email that set the deadline is not delivered yet (no suspension), was
    delivered late (the deadline moves), or came in time (a suspension).
    The guards are the definition's own; the words take ``%(deadline)s``
    (the first) and ``%(day)s`` (the others, where they name it)."""

    not_delivered: object
    delivered_late: object
    waits_for_email: str
    moves: str
    suspends: str

    def step(self, instance, ctx, deadline):
        day = long_date(deadline + DAY)
        if self.not_delivered(instance, ctx, NO_PARAMS):
            return self.waits_for_email % {"deadline": long_date(deadline)}
        if self.delivered_late(instance, ctx, NO_PARAMS):
            return self.moves % {"day": day}
        return self.suspends % {"day": day}


AFTER_REPORT_DEADLINE = AfterDeadline(
    reporting.warning_not_delivered,
    reporting.warning_delivered_late,
    _(
        "No suspension until the warning email is delivered: it has not "
        "been yet (deadline %(deadline)s)"
    ),
    _(
        "The warning arrived late, so on %(day)s the deadline moves to a "
        "fresh month end instead of a suspension"
    ),
    _("Suspension on %(day)s unless a report or an interim update is linked"),
)
AFTER_ANSWER_DEADLINE = AfterDeadline(
    concerns.not_told,
    concerns.told_late,
    _(
        "No suspension until the email passing the concern on is delivered: "
        "it has not been yet (answer by %(deadline)s)"
    ),
    _(
        "The email arrived late, so at the next check the time to answer "
        "starts again from its delivery"
    ),
    _("Suspension on %(day)s unless a public answer is linked"),
)


def _interim(instance, ctx, until, due):
    day = long_date(until + DAY)
    if reporting.hold_ends_before_due_date(instance, ctx, NO_PARAMS):
        return _("The hold ends on %(day)s; the report is then due on %(due)s") % {
            "day": day,
            "due": long_date(due),
        }
    return _(
        "A warning with a new deadline on %(day)s unless the full report is linked"
    ) % {"day": day}


def reporting_outlook(instance, ctx):
    data, state = instance.data, instance.state
    due = reporting.due_on(instance, ctx)
    deadline = iso_date(data.get("deadline"))
    until = iso_date(data.get("interim_until"))
    dates = _dates(
        (_("Reporting year from"), iso_date(data.get("cycle_start"))),
        (_("Report due"), due),
        (_("Warned on"), iso_date(data.get("warned_on"))),
        (_("Deadline"), deadline),
        (_("Interim hold until"), until),
    )
    if state == reporting.ACTIVE:
        return Outlook(_("Report due"), due, _up_to_date(instance, ctx, due), dates)
    if state == reporting.OVERDUE:
        step = AFTER_REPORT_DEADLINE.step(instance, ctx, deadline)
        return Outlook(_("Deadline"), deadline, step, dates)
    if state == reporting.INTERIM:
        step = _interim(instance, ctx, until, due)
        return Outlook(_("Interim hold until"), until, step, dates)
    if state == reporting.SUSPENDED:
        step = _(
            "The notice stays until a report is linked or an editor reinstates "
            "the provider"
        )
        return Outlook(_("Report due"), due, step, dates)
    return Outlook(next_step=_("Nothing: no longer signed up to the Code"))


def concern_outlook(instance, ctx):
    data, state = instance.data, instance.state
    forwarded = iso_date(data.get("forwarded_on"))
    deadline = iso_date(data.get("deadline"))
    dates = _dates(
        (_("Passed to the provider on"), forwarded),
        (_("Provider told on"), iso_date(data.get("told_on"))),
        (_("Answer by"), deadline),
    )
    if state == concerns.NEW:
        step = _("Passed to the provider on %(day)s") % {"day": long_date(forwarded)}
        return Outlook(_("Passed on"), forwarded, step, dates)
    if state == concerns.OPEN:
        step = AFTER_ANSWER_DEADLINE.step(instance, ctx, deadline)
        return Outlook(_("Answer by"), deadline, step, dates)
    if state == concerns.SUSPENDED:
        step = _("The notice stays until a public answer is linked")
        return Outlook(_("Answer by"), deadline, step, dates)
    if state == concerns.ANSWERED:
        return Outlook(next_step=_("Nothing: answered publicly"), dates=dates)
    return Outlook(next_step=_("Nothing: closed by an editor"), dates=dates)
