"""The reporting commitment: a self-assessment report at least every period.

One instance per provider page. Its data holds ``cycle_start`` (sign-up or
the latest full report), and while it applies, ``deadline`` (set when the
provider is warned, never less than the minimum notice away) and
``interim_until`` (the promised date of an interim update, capped).

active --due date passed--> overdue (warned, deadline set)
overdue --deadline passed--> suspended (public notice)
active/overdue --interim update--> interim --promised date passed--> overdue
any but withdrawn --full report--> active, new cycle from the report's date
withdrawn --an editor's rejoin--> active, new cycle from that day
"""

import datetime as dt
import functools

from django import forms
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from duq_workflow.calendar import add_months, end_of_month_with_notice
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

from . import causes, common, confirmations, context
from .calendar import LONDON, local_date
from .common import (
    DAY,
    DEADLINE_EMAIL,
    EXTEND,
    SUSPEND,
    WITHDRAW,
    date_in_future,
    day_after_deadline,
    deadline_email_sent_on,
    extend_deadline,
    extend_deadline_transition,
    iso_date,
    lifted_or,
    remembered,
)
from .emails import either, has_other_notices, to_editors, to_provider

SUSPENDED_NOTICE = causes.NO_REPORT.notice
WORKFLOW = "duq.reporting"


class Reporting(TextChoices):
    """The states of the reporting commitment."""

    ACTIVE = "active", _("Up to date")
    OVERDUE = "overdue", _("Report overdue (warned)")
    INTERIM = "interim", _("Interim update given")
    SUSPENDED = common.SUSPENDED, _("Suspended")
    WITHDRAWN = "withdrawn", _("No longer signed up")


def due_date(cycle_start, months):
    """A report is due the reporting period after its year started."""
    return add_months(cycle_start, months)


def due_on(instance, ctx):
    return _due_on(instance.data["cycle_start"], ctx["policy"].reporting_period_months)


@functools.lru_cache(maxsize=4096)
def _due_on(cycle_start, months):
    # Cached: the planner asks each timer of a state for it, for every
    # instance a sweep reads, and a register's cycles start on a few
    # hundred days.
    return due_date(iso_date(cycle_start), months)


def _reminder(days_attr):
    def at(instance, ctx):
        return due_on(instance, ctx) - dt.timedelta(
            days=getattr(ctx["policy"], days_attr)
        )

    return at


def warn_at(instance, ctx):
    return due_on(instance, ctx) + DAY


def interim_ends_at(instance, ctx):
    return iso_date(instance.data.get("interim_until")) + DAY


def no_longer_due(instance, ctx):
    """Now, if the report is not yet due after all (the reporting period was
    lengthened, or the year recounted from a later date); otherwise off."""
    now = ctx["now"]
    return now if due_on(instance, ctx) >= local_date(now) else None


def clear_warning(instance, ctx, now, params):
    for key in ("deadline", "warned_on", DEADLINE_EMAIL):
        instance.data.pop(key, None)


def set_deadline(instance, ctx, now, params):
    """Warn now: the deadline is a month end at least the minimum notice away."""
    today = local_date(now)
    notice = ctx["policy"].minimum_notice_days
    instance.data["deadline"] = end_of_month_with_notice(today, notice).isoformat()
    instance.data["warned_on"] = today.isoformat()
    instance.data.pop("interim_until", None)


SUSPENSION_KEYS = ("suspended_for", "public_reason")


def start_cycle(instance, ctx, now, params):
    instance.data["cycle_start"] = params["published_on"].isoformat()
    for key in ("deadline", "warned_on", DEADLINE_EMAIL, "interim_until"):
        instance.data.pop(key, None)
    for key in SUSPENSION_KEYS:
        instance.data.pop(key, None)


def hold_for_interim(instance, ctx, now, params):
    linked = local_date(now)
    cap = add_months(linked, ctx["policy"].interim_cap_months)
    promised = min(params["promised_on"], cap)
    instance.data["interim_until"] = promised.isoformat()
    instance.data["interim_cycle"] = instance.cycle


def hold_ends_before_due_date(instance, ctx, params):
    """An interim update given early: its hold ends while the report is not
    yet due, so the provider is simply up to date again (the one interim
    update of the year is used)."""
    return iso_date(instance.data["interim_until"]) < due_on(instance, ctx)


def hold_ends_after_due_date(instance, ctx, params):
    return not hold_ends_before_due_date(instance, ctx, params)


def end_interim_hold(instance, ctx, now, params):
    instance.data.pop("interim_until", None)


def interim_allowed(instance, ctx=None, params=None):
    """The year's one interim update has not been given yet."""
    return instance.data.get("interim_cycle") != instance.cycle


def interim_used(instance, ctx=None, params=None):
    return not interim_allowed(instance)


def report_is_newer(instance, ctx, params):
    return params["published_on"] >= iso_date(instance.data["cycle_start"])


# The day an editor last reinstated the provider: a new reporting year began.
REINSTATED_ON = "reinstated_on"


def recount_cycle(instance, ctx, now, params):
    """A withdrawn report no longer counts: the cycle runs from the latest
    remaining one (or sign-up), but never from before a reinstatement, which
    started a reporting year of its own."""
    start = params["cycle_start"]
    reinstated = iso_date(instance.data.get(REINSTATED_ON))
    if reinstated and reinstated > start:
        start = reinstated
    instance.data["cycle_start"] = start.isoformat()


# Why a provider is suspended, kept in its data while it is: the deadline
# passed, or an editor suspended it.
NO_REPORT, BY_EDITORS = "no_report", "editors"


def suspended_for(cause):
    """Remember why; an editor's suspension keeps the public reason they
    wrote, shown beneath the notice."""

    def update(instance, ctx, now, params):
        instance.data["suspended_for"] = cause
        instance.data["public_reason"] = params.get("public_reason", "").strip()

    return update


PUBLIC_REASON = forms.CharField(
    label=_("Public reason"),
    max_length=200,
    widget=forms.Textarea(attrs={"rows": 2}),
    help_text=_(
        "Shown to everyone on the provider's page, under the notice. One or "
        'two short, plain sentences, for example: "The statement about the '
        "Code was taken off the organisation's website.\" Nothing private: "
        "that goes in the Reason above, which only editors see."
    ),
)


def corrected_year_not_yet_due(instance, ctx, params):
    """The corrected sign-up date puts the first report's due date today or
    later: a suspension for no report had no grounds."""
    due = due_date(params["cycle_start"], ctx["policy"].reporting_period_months)
    return instance.data.get("suspended_for") == NO_REPORT and due >= local_date(
        ctx["now"]
    )


def has_deadline(instance):
    """The provider was warned, and has a deadline for its report."""
    return bool(instance.data.get("deadline"))


def suspended_by_editors(instance, ctx, params):
    return instance.data.get("suspended_for") != NO_REPORT


def lift_for_corrected_year(instance, ctx, now, params):
    recount_cycle(instance, ctx, now, params)
    for key in ("deadline", "warned_on", DEADLINE_EMAIL, *SUSPENSION_KEYS):
        instance.data.pop(key, None)


def extend_interim(instance, ctx, now, params):
    instance.data["interim_until"] = params["until"].isoformat()


def extend_deadline_lifting_suspension(instance, ctx, now, params):
    extend_deadline(instance, ctx, now, params)
    for key in SUSPENSION_KEYS:
        instance.data.pop(key, None)


def clear_for_withdrawal(instance, ctx, now, params):
    """A withdrawn provider owes nothing: no deadline, hold or suspension."""
    for key in ("deadline", "warned_on", DEADLINE_EMAIL, "interim_until"):
        instance.data.pop(key, None)
    for key in SUSPENSION_KEYS:
        instance.data.pop(key, None)


def restart_today(instance, ctx, now, params):
    today = local_date(now)
    start_cycle(instance, ctx, now, {"published_on": today})
    instance.data[REINSTATED_ON] = today.isoformat()


ACTIVE, OVERDUE, INTERIM, SUSPENDED, WITHDRAWN = Reporting
ALL_OPEN = (ACTIVE, OVERDUE, INTERIM, SUSPENDED)


# --- Emails chosen by the case at hand ---------------------------------------------
# An email never invites an interim update the site would refuse (one a
# year), nor says a notice is gone while another is still in force.


def _interim_used(ectx):
    return interim_used(ectx.instance)


def by_interim(kind, case=""):
    """``kind`` when an interim update can still be given, else its
    ``_full_report`` sibling, which asks for the full report only; each with
    ``case`` (a suffix) for a case of its own."""
    return either(
        _interim_used,
        to_provider(f"{kind}_full_report{case}"),
        to_provider(f"{kind}{case}"),
    )


def by_interim_and_notices(kind):
    """:func:`by_interim`, or its ``_other_notice`` siblings when the page
    already shows another suspension notice (for a concern not answered)."""
    return either(
        has_other_notices,
        by_interim(kind, "_other_notice"),
        by_interim(kind),
    )


# The suspension waits until the warning has been delivered in time.
warning = remembered(by_interim_and_notices("report_overdue_warning"))


# --- Nobody is suspended without a warning delivered in time ---------------------


def _warning_sent_on(instance, ctx):
    return deadline_email_sent_on(instance, ctx, "warned_on")


def _latest_fair_delivery(instance, ctx):
    notice = dt.timedelta(days=ctx["policy"].minimum_notice_days)
    return iso_date(instance.data["deadline"]) - notice


def warning_delivered_in_time(instance, ctx, params):
    sent_on = _warning_sent_on(instance, ctx)
    return sent_on is not None and sent_on <= _latest_fair_delivery(instance, ctx)


def warning_delivered_late(instance, ctx, params):
    sent_on = _warning_sent_on(instance, ctx)
    return sent_on is not None and sent_on > _latest_fair_delivery(instance, ctx)


def warning_not_delivered(instance, ctx, params):
    return _warning_sent_on(instance, ctx) is None


def deadline_after_delivery(instance, ctx, now, params):
    """A fresh month end at least the minimum notice after the warning was
    delivered (or after today, if that is later)."""
    start = max(_warning_sent_on(instance, ctx), local_date(now))
    notice = ctx["policy"].minimum_notice_days
    instance.data["deadline"] = end_of_month_with_notice(start, notice).isoformat()


class ReportingCommitment(LifecycleDefinition):
    name = WORKFLOW
    label = _("Self-assessment reporting")
    initial = ACTIVE
    time_zone = LONDON
    auto_start = True
    rehearsal_caveat = _(
        "Reports: an email that has not been delivered yet counts as not "
        "delivered. So a warning still waiting to go, or one this rehearsal "
        "sends itself, never leads to a suspension here. Where its deadline "
        "has passed, the table shows the suspension waiting for the warning, "
        "and an email to the Code's team, instead. In fact, once the warning "
        "is delivered in time, the provider is suspended the day after the "
        "deadline."
    )
    states = (
        State.of(ACTIVE),
        State.of(OVERDUE),
        State.of(INTERIM),
        # The notice is chosen by cause (notice_for); this one sets the
        # state's severity.
        State.of(SUSPENDED, causes.NO_REPORT.public_notice()),
        # Not final: an editor can rejoin the provider later.
        State.of(
            WITHDRAWN,
            Notice(_("No longer signed up to the Code"), Severity.WITHDRAWN),
        ),
    )
    transitions = (
        Transition(
            "first_reminder",
            (ACTIVE,),
            ACTIVE,
            Timer(_reminder("first_reminder_days")),
            effects=(to_provider("report_reminder_first"),),
            reason="first reminder before the due date",
        ),
        Transition(
            "second_reminder",
            (ACTIVE,),
            ACTIVE,
            Timer(_reminder("second_reminder_days")),
            effects=(to_provider("report_reminder_second"),),
            reason="second reminder before the due date",
        ),
        Transition(
            "warn",
            (ACTIVE,),
            OVERDUE,
            Timer(warn_at),
            update=set_deadline,
            effects=(warning,),
            reason="no report by the due date",
        ),
        Transition(
            "no_longer_overdue",
            (OVERDUE,),
            ACTIVE,
            Timer(no_longer_due),
            update=clear_warning,
            reason="the report is not yet due after all: its reporting year changed",
        ),
        Transition(
            "suspend_for_no_report",
            (OVERDUE,),
            SUSPENDED,
            Timer(day_after_deadline),
            guard=warning_delivered_in_time,
            update=suspended_for(NO_REPORT),
            effects=(
                either(
                    _interim_used,
                    to_provider("report_suspended_after_interim"),
                    to_provider("report_suspended"),
                ),
                to_editors("editors_suspended"),
            ),
            reason="no report or interim update by the deadline",
        ),
        Transition(
            "deadline_moved_for_late_warning",
            (OVERDUE,),
            OVERDUE,
            Timer(day_after_deadline),
            guard=warning_delivered_late,
            update=deadline_after_delivery,
            effects=(
                by_interim("report_deadline_moved"),
                to_editors("editors_deadline_moved"),
            ),
            reason="the warning was delivered too late for its deadline, "
            "so the deadline moved",
        ),
        Transition(
            "suspension_waits_for_warning",
            (OVERDUE,),
            OVERDUE,
            Timer(day_after_deadline),
            guard=warning_not_delivered,
            effects=(to_editors("editors_warning_not_delivered"),),
            reason="the deadline passed but the warning has not been delivered, "
            "so no suspension until it is",
        ),
        Transition(
            "interim_lapsed",
            (INTERIM,),
            OVERDUE,
            Timer(interim_ends_at),
            guard=hold_ends_after_due_date,
            update=set_deadline,
            effects=(warning,),
            reason="no full report by the date promised in the interim update",
        ),
        Transition(
            "interim_ended_early",
            (INTERIM,),
            ACTIVE,
            Timer(interim_ends_at),
            guard=hold_ends_before_due_date,
            update=end_interim_hold,
            reason="interim hold ended before the report was due",
        ),
        Transition(
            "report_linked",
            ALL_OPEN,
            ACTIVE,
            Event("report_linked"),
            guard=report_is_newer,
            update=start_cycle,
            new_cycle=True,
            effects=(lifted_or("report_received", "report_reinstated"),),
            reason="self-assessment report linked",
        ),
        Transition(
            "interim_linked",
            (ACTIVE, OVERDUE),
            INTERIM,
            Event("interim_linked"),
            guard=interim_allowed,
            update=hold_for_interim,
            effects=(to_provider("interim_received"),),
            reason="interim update linked",
        ),
        Transition(
            # Back to up to date; if the report's due date has passed, the
            # warning timer then fires at once, with a fresh deadline.
            "interim_withdrawn",
            (INTERIM,),
            ACTIVE,
            Event("interim_withdrawn"),
            update=end_interim_hold,
            reason="interim update withdrawn",
        ),
        Transition(
            "old_interim_withdrawn",
            (ACTIVE, OVERDUE, SUSPENDED),
            None,
            Event("interim_withdrawn"),
            reason="interim update withdrawn",
        ),
        Transition(
            "sign_up_date_changed",
            (ACTIVE, OVERDUE, INTERIM),
            None,
            Event("sign_up_date_changed"),
            update=recount_cycle,
            reason="sign-up date corrected",
        ),
        Transition(
            "sign_up_date_lifts_suspension",
            (SUSPENDED,),
            ACTIVE,
            Event("sign_up_date_changed"),
            guard=corrected_year_not_yet_due,
            update=lift_for_corrected_year,
            effects=(to_provider("report_suspension_lifted_date_corrected"),),
            reason="sign-up date corrected: the first report is not due yet, "
            "so the suspension is lifted",
        ),
        Transition(
            "sign_up_date_kept_editors_suspension",
            (SUSPENDED,),
            None,
            Event("sign_up_date_changed"),
            guard=suspended_by_editors,
            update=recount_cycle,
            reason="sign-up date corrected; the suspension stays, because an "
            "editor made it (reinstate the provider to lift it)",
        ),
        Transition(
            "sign_up_date_kept_suspension",
            (SUSPENDED,),
            None,
            Event("sign_up_date_changed"),
            update=recount_cycle,
            reason="sign-up date corrected; the suspension stays, because a "
            "report is overdue from the corrected date too",
        ),
        Transition(
            "report_withdrawn",
            ALL_OPEN,
            None,
            Event("report_withdrawn"),
            update=recount_cycle,
            reason="report link withdrawn",
        ),
        extend_deadline_transition(
            OVERDUE,
            confirmations.extend_report_deadline,
            "report_deadline_extended",
            update=extend_deadline_lifting_suspension,
            # Only where there is a deadline to move: a page the Code's team
            # suspended while it was up to date has none (the team lifts that
            # suspension with "Reinstate").
            offered=has_deadline,
        ),
        Transition(
            "extend_interim",
            (INTERIM,),
            INTERIM,
            Manual(
                EXTEND,
                _("Extend the interim hold"),
                params=("until",),
                explain=confirmations.extend_interim,
                later_than=confirmations.current_promised_date,
            ),
            guard=date_in_future,
            update=extend_interim,
            effects=(to_provider("interim_extended"),),
        ),
        Transition(
            "suspend",
            (ACTIVE, OVERDUE, INTERIM),
            SUSPENDED,
            Manual(
                SUSPEND,
                _("Suspend"),
                params=(("public_reason", PUBLIC_REASON),),
                explain=confirmations.suspend,
            ),
            update=suspended_for(BY_EDITORS),
            effects=(to_provider("report_suspended_by_editors"),),
        ),
        Transition(
            "reinstate",
            (SUSPENDED,),
            ACTIVE,
            Manual(
                SUSPEND,
                _("Reinstate (new reporting year from today)"),
                explain=confirmations.reinstate,
            ),
            update=restart_today,
            new_cycle=True,
            effects=(to_provider("report_reinstated_by_editors"),),
        ),
        Transition(
            "withdraw",
            ALL_OPEN,
            WITHDRAWN,
            Manual(
                WITHDRAW,
                _("Withdraw from the Code"),
                explain=confirmations.withdraw,
            ),
            update=clear_for_withdrawal,
            effects=(to_provider("report_withdrawn_from_code"),),
        ),
        Transition(
            "rejoin",
            (WITHDRAWN,),
            ACTIVE,
            Manual(
                WITHDRAW,
                _("Rejoin the Code (new reporting year from today)"),
                explain=confirmations.rejoin,
            ),
            update=restart_today,
            new_cycle=True,
            effects=(to_provider("report_rejoined"),),
        ),
    )

    def load_context(self, instances=()):
        return {**context.load(instances), "due_on": due_on}

    def notice_for(self, instance):
        if instance.state != SUSPENDED:
            return super().notice_for(instance)
        data = instance.data
        if data.get("suspended_for") == BY_EDITORS:
            notice = causes.BY_EDITORS.public_notice(data.get("public_reason", ""))
        else:
            notice = causes.NO_REPORT.public_notice()
        return self.dated(notice, instance)

    def notice_entered(self, state, transition, params):
        if state != SUSPENDED:
            return super().notice_entered(state, transition, params)
        if transition == "suspend":
            return causes.BY_EDITORS.public_notice(params.get("public_reason", ""))
        return causes.NO_REPORT.public_notice()

    def initial_data(self, page, now, **kwargs):
        signed_up = kwargs.get("signed_up_on") or page.lifecycle_start_date()
        return {"cycle_start": signed_up.isoformat()}

    def outlook(self, instance, ctx):
        # Imported here: the outlooks read this module's dates and guards.
        from .outlooks import reporting_outlook

        return reporting_outlook(instance, ctx)
