"""A toy membership lifecycle, to prove a workflow can be added from another
app without changing the engine.

trial --30 days--> member; member --renewal date--> lapsed, with a reminder
email 7 days before; "renewed" starts a new year from any state; editors may
suspend (with a notice) and reinstate.
"""

import datetime as dt

from duq_workflow.calendar import add_months
from duq_workflow.engine.definition import (
    Event,
    LifecycleDefinition,
    Manual,
    Notice,
    State,
    Timer,
    Transition,
)
from duq_workflow.engine.effects import Email


def _day(value):
    return dt.date.fromisoformat(value)


def trial_ends(instance, ctx):
    return _day(instance.data["joined"]) + dt.timedelta(days=ctx["trial_days"])


def renewal(instance, ctx):
    return _day(instance.data["renew_on"])


def reminder(instance, ctx):
    return renewal(instance, ctx) - dt.timedelta(days=7)


def renew(instance, ctx, now, params):
    instance.data["renew_on"] = add_months(_day(params["on"]), 12).isoformat()


def join(instance, ctx, now, params):
    instance.data["renew_on"] = add_months(trial_ends(instance, ctx), 12).isoformat()


def reinstate(instance, ctx, now, params):
    if "renew_on" not in instance.data:
        join(instance, ctx, now, params)


def to_club(ectx):
    return [ectx.ctx["emails"].get(ectx.instance.page_id, "club@example.org")]


def reminder_text(ectx):
    return (
        f"Renewal due on {ectx.instance.data['renew_on']}",
        "Please renew your membership.",
    )


def lapsed_text(ectx):
    return ("Membership lapsed", "Your membership has lapsed.")


class Membership(LifecycleDefinition):
    name = "toy.membership"
    label = "Membership"
    initial = "trial"
    auto_start = True
    states = (
        State("trial", "On trial"),
        State("member", "Member"),
        State("lapsed", "Lapsed", Notice("Membership lapsed")),
        State("suspended", "Suspended", Notice("Suspended by the club", "danger")),
    )
    transitions = (
        Transition("join", ("trial",), "member", Timer(trial_ends), update=join),
        Transition(
            "remind",
            ("member",),
            "member",
            Timer(reminder),
            effects=(Email("reminder", to_club, reminder_text),),
            reason="renewal reminder",
        ),
        Transition(
            "lapse",
            ("member",),
            "lapsed",
            Timer(renewal),
            effects=(Email("lapsed", to_club, lapsed_text),),
            reason="not renewed",
        ),
        Transition(
            "renew",
            ("member", "lapsed"),
            "member",
            Event("renewed"),
            update=renew,
            new_cycle=True,
        ),
        Transition(
            "suspend",
            ("trial", "member", "lapsed"),
            "suspended",
            Manual("testapp.change_clubpage", "Suspend"),
        ),
        Transition(
            "reinstate",
            ("suspended",),
            "member",
            Manual("testapp.change_clubpage", "Reinstate"),
            update=reinstate,
        ),
    )

    def load_context(self, instances=()):
        from tests.testapp.models import ClubPage

        page_ids = [instance.page_id for instance in instances]
        emails = dict(
            ClubPage.objects.filter(pk__in=page_ids).values_list("pk", "contact_email")
        )
        return {"trial_days": 30, "emails": emails}

    def initial_data(self, page, now, **kwargs):
        joined = kwargs.get("joined") or page.joined_on
        return {"joined": joined.isoformat()}
