"""What the Code's definitions load once per batch: policy, wording, pages."""

from contextlib import contextmanager
from contextvars import ContextVar

from duq_workflow.engine.pages import batch_contact_addresses
from duq_workflow.models import OutboxEmail

from .common import DEADLINE_EMAIL
from .emails import SuspensionsByPage
from .models import LifecyclePolicy, MessageTemplate


def message_templates():
    """Editors' wording by kind; kinds without one fall back to the default."""
    return {template.kind: template for template in MessageTemplate.objects.all()}


def deadline_emails_sent(instances):
    """``{outbox key: sent_at or None}`` for the emails that set the
    instances' deadlines (``data[DEADLINE_EMAIL]``), in one query; None when
    not delivered."""
    keys = [i.data[DEADLINE_EMAIL] for i in instances if i.data.get(DEADLINE_EMAIL)]
    if not keys:
        return {}
    rows = OutboxEmail.objects.filter(key__in=keys).values_list(
        "key", "status", "sent_at"
    )
    return {
        key: sent_at if status == OutboxEmail.Status.SENT else None
        for key, status, sent_at in rows
    }


# A policy not yet saved, which planning uses in place of the stored one.
_planned_policy = ContextVar("planned_policy", default=None)


@contextmanager
def planning_with(policy):
    """Plan under ``policy`` (an unsaved LifecyclePolicy) instead of the
    stored one, to show what a change would do before it is saved."""
    token = _planned_policy.set(policy)
    try:
        yield
    finally:
        _planned_policy.reset(token)


def load(instances):
    return {
        "policy": _planned_policy.get() or LifecyclePolicy.load(),
        "messages": message_templates(),
        "emails": batch_contact_addresses(instances),
        "deadline_emails_sent": deadline_emails_sent(instances),
        "suspensions": SuspensionsByPage(instances),
    }
