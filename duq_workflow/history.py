"""How lifecycle entries read in Wagtail's page history and site history."""

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


class TransitionFormatter(LogFormatter):
    label = _("Lifecycle change")

    def format_message(self, log_entry):
        data = log_entry.data
        workflow = data.get("workflow")
        message = (
            f"{_workflow_label(data)}: {_state_label(workflow, data.get('from'))}"
            f" → {_state_label(workflow, data.get('to'))}"
        )
        who = "by an editor" if log_entry.user_id else "automatically"
        reason = data.get("reason")
        return f"{message}, {who}" + (f". Reason: {reason}" if reason else "")


class StartFormatter(LogFormatter):
    label = _("Lifecycle started")

    def format_message(self, log_entry):
        data = log_entry.data
        state = _state_label(data.get("workflow"), data.get("to"))
        return f"{_workflow_label(data)} started in state {state}"


def register(actions):
    actions.register_action(ACTION_TRANSITION)(TransitionFormatter)
    actions.register_action(ACTION_START)(StartFormatter)
