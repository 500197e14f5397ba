"""Writing planned transitions: state, history and emails in one transaction.

Every writer goes through :func:`save`, the sweep with a batch of hundreds and
an editor's action with one. The state update is a compare-and-set on
``version``; if any row of the batch was changed by someone else since it was
read, :class:`ConcurrentChangeError` is raised and the caller's transaction
rolls back whole, so nothing is ever half-written.

One instance is written by ``QuerySet.update``; a batch, and the emails it
queues, by the two statements of :mod:`.batch_sql`, whose contracts say why the
ORM's bulk methods do not serve. History rows are inserted the same way.
"""

import functools
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.log_actions import get_active_log_context
from wagtail.models import PageLogEntry

from duq_workflow.models import LifecycleInstance, OutboxEmail
from duq_workflow.signals import lifecycles_changed

from . import batch_sql

ACTION_TRANSITION = "duq_workflow.transition"
ACTION_START = "duq_workflow.start"
CAS_FIELDS = ("state", "entered_at", "cycle", "next_check_at", "data", "updated_at")


class ConcurrentChangeError(RuntimeError):
    """Another process changed an instance between our read and our write."""


def compare_and_set(instances):
    """Write the instances' state if their versions are unchanged; raise
    :class:`ConcurrentChangeError` if any was changed."""
    if not instances:
        return
    stamp = timezone.now()
    for instance in instances:
        instance.updated_at = stamp
    if len(instances) == 1:
        written = _compare_and_set_one(instances[0])
    else:
        written = batch_sql.update_versioned(instances, CAS_FIELDS)
    if written != len(instances):
        raise ConcurrentChangeError(
            f"{len(instances) - written} of {len(instances)} lifecycle instances "
            "changed while they were being updated."
        )
    for instance in instances:
        instance.version += 1


def _compare_and_set_one(instance):
    unchanged = LifecycleInstance.objects.filter(
        pk=instance.pk, version=instance.version
    )
    return unchanged.update(
        **{name: getattr(instance, name) for name in CAS_FIELDS},
        version=F("version") + 1,
    )


@dataclass(slots=True)
class HistoryEntry:
    """A history row to insert: the columns of a ``PageLogEntry`` that the
    engine sets (the others take their defaults). A plain record, because
    building a model instance for each of a sweep's entries costs more than
    writing it."""

    page_id: int
    content_type_id: int
    label: str
    action: str
    data: dict
    timestamp: object
    uuid: object
    user_id: object


def history_entry(instance, action, data, user=None, log_uuid=None, timestamp=None):
    """The history row (a :class:`HistoryEntry`, for :func:`insert_many` into
    ``PageLogEntry``) for ``action`` on ``instance``'s page, as
    ``log_actions.log`` would write it, built without queries when the
    instance was read ``with_page_summary``.

    Without ``log_uuid`` (which groups the entries of one action), the user
    and the uuid come from the active ``LogContext`` as with
    ``log_actions.log`` (the admin opens one per request); outside one, the
    entry is an action alone.
    """
    if log_uuid is None:
        context = get_active_log_context()
        user = user or context.user
        log_uuid = context.uuid or uuid.uuid4()
    return HistoryEntry(
        instance.page_id,
        instance.page_type_id,
        instance.page_label,
        action,
        data,
        timestamp or timezone.now(),
        log_uuid,
        getattr(user, "pk", None),
    )


def transition_data(instance, step):
    """The history data of ``step``."""
    return {
        "workflow": instance.workflow,
        "key": instance.key,
        "transition": step.name,
        "from": step.source,
        "to": step.target,
        "reason": step.reason,
        "cycle": instance.cycle,
        "at": step.at.isoformat(),
        **({"params": step.params} if step.params else {}),
    }


def save(plans):
    """Write ``plans``: a list of ``(instance, steps)`` whose instances were
    changed in memory. Must run inside ``transaction.atomic``.

    :return: the number of emails queued (a rerun queues none).
    """
    compare_and_set([instance for instance, _steps in plans])
    stamp = timezone.now()
    # One write is one action: its history entries share a uuid, one entry a
    # page. Wagtail's page history shows only the latest entry of a uuid and
    # action, so a page's further steps in the same write (the warning that
    # follows an editor's withdrawal of a report) each take their own uuid.
    context = get_active_log_context()
    log_uuid = context.uuid or uuid.uuid4()
    entries, emails, callbacks = [], [], []
    for instance, steps in plans:
        for number, step in enumerate(steps):
            entries.append(
                history_entry(
                    instance,
                    ACTION_TRANSITION,
                    transition_data(instance, step),
                    user=_actor(step, context),
                    log_uuid=log_uuid if number == 0 else uuid.uuid4(),
                    timestamp=stamp,
                )
            )
            emails.extend(step.emails)
            callbacks.extend(step.callbacks)
    insert_many(PageLogEntry, entries)
    queued = queue_emails(emails)
    for callback in callbacks:
        transaction.on_commit(callback)
    changed = {instance.page_id for instance, steps in plans if steps}
    if changed:
        transaction.on_commit(functools.partial(_announce, changed))
    return queued


def _announce(page_ids):
    lifecycles_changed.send(sender=LifecycleInstance, page_ids=page_ids)


def _actor(step, context):
    """Who a step is credited to: the editor or provider who took it; nobody
    for a timer, even one that fired in the same write as their action."""
    if step.transition.trigger.kind == "timer":
        return None
    return step.user or context.user


def insert_many(model, objects):
    """Insert ``objects`` (unsaved instances of ``model``, or records with its
    attribute names, such as :class:`HistoryEntry`) in multi-row statements;
    return how many were written. (``bulk_create`` would do the same, at a
    fifth of the sweep's time more: it prepares each value through the ORM's
    whole chain.)"""
    return batch_sql.insert_new(model, objects)


def queue_emails(emails):
    """Insert the emails whose key is not queued yet; return how many.

    The outbox's unique key turns a repeat into a skipped row, so the count of
    rows written is the honest count of emails queued, even in a race.
    """
    fresh = list({email.key: email for email in emails}.values())
    return batch_sql.insert_new(OutboxEmail, fresh)
