"""What the Code's definitions load once per batch: policy, wording, pages."""

from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType

from duq_workflow.models import OutboxEmail

from .common import DEADLINE_EMAIL
from .models import LifecyclePolicy, MessageTemplate


def contact_emails(instances):
    """Each page's contact address, one query per page type in the batch.

    A page model names its address field in ``lifecycle_contact_field``.
    """
    page_ids_by_type = defaultdict(set)
    for instance in instances:
        page_ids_by_type[instance.page_type_id].add(instance.page_id)
    emails = {}
    for type_id, page_ids in page_ids_by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        field = getattr(model, "lifecycle_contact_field", None)
        if field:
            emails.update(
                model.objects.filter(pk__in=page_ids).values_list("pk", field)
            )
    return emails


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
        "emails": contact_emails(instances),
        "deadline_emails_sent": deadline_emails_sent(instances),
    }
