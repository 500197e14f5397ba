"""How lifecycle entries read in Wagtail's page history and site history."""

import contextlib
import datetime as dt

from django.utils.dateformat import format as format_date
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter

from duq_workflow.engine.registry import get_definitions
from duq_workflow.engine.store import ACTION_START, ACTION_TRANSITION


def _state_label(workflow, state):
    definition = get_definitions().get(workflow)
    try:
        return str(definition.state(state))
    except (AttributeError, KeyError):
        return state


def _workflow_label(data):
    definition = get_definitions().get(data.get("workflow"))
    label = definition.label if definition else data.get("workflow", "")
    return f"{label} ({data['key']})" if data.get("key") else label


def _what_was_done(data):
    """What a change did, where its states alone do not say: an action that
    keeps the state (a withdrawn report, a reminder) or one with a date (an
    extension), as ``"Extend the deadline until 15 March 2027"``."""
    params = data.get("params") or {}
    if data.get("from") != data.get("to") and not params:
        return ""
    definition = get_definitions().get(data.get("workflow"))
    try:
        transition = definition.transition(data.get("transition"))
    except (AttributeError, KeyError):
        return ""
    trigger = transition.trigger
    what = trigger.label if trigger.kind == "manual" else transition.reason
    until = params.get("until")
    if until:
        with contextlib.suppress(TypeError, ValueError):
            what += f" until {format_date(dt.date.fromisoformat(until), 'j F Y')}"
    return what.strip()


class TransitionFormatter(LogFormatter):
    label = _("Lifecycle change")

    def format_message(self, log_entry):
        data = log_entry.data
        workflow = data.get("workflow")
        message = (
            f"{_workflow_label(data)}: {_state_label(workflow, data.get('from'))}"
            f" → {_state_label(workflow, data.get('to'))}"
        )
        what = _what_was_done(data)
        if what and what != data.get("reason"):
            message += f" ({what})"
        who = _("by an editor") if log_entry.user_id else _("automatically")
        reason = data.get("reason")
        if reason:
            return _("%(message)s, %(who)s. Reason: %(reason)s") % {
                "message": message,
                "who": who,
                "reason": reason,
            }
        return f"{message}, {who}"


class StartFormatter(LogFormatter):
    label = _("Lifecycle started")

    def format_message(self, log_entry):
        data = log_entry.data
        state = _state_label(data.get("workflow"), data.get("to"))
        return _("%(workflow)s started in state %(state)s") % {
            "workflow": _workflow_label(data),
            "state": state,
        }


def register(actions):
    actions.register_action(ACTION_TRANSITION)(TransitionFormatter)
    actions.register_action(ACTION_START)(StartFormatter)
