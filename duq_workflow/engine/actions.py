"""Single-instance changes: start a lifecycle, fire an event, an editor's action.

These share the sweep's planner and writer, so the admin button, a provider's
form, the scheduled job and the management command all take one code path.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import PageLogEntry

from duq_workflow.models import LifecycleInstance

from . import store
from .planner import apply_transition, reconcile
from .registry import get_definition


class TransitionNotAllowed(ValidationError):
    """The action does not apply to the instance in its current state."""


def _locked(instance_or_pk):
    pk = getattr(instance_or_pk, "pk", instance_or_pk)
    return (
        LifecycleInstance.objects.select_for_update().select_related("page").get(pk=pk)
    )


def start(page, workflow, key="", now=None, user=None, **initial):
    """Give ``page`` an instance of ``workflow`` (idempotent per key), then
    bring it up to date at once.

    :return: the instance.
    """
    now = now or timezone.now()
    definition = get_definition(workflow)
    with transaction.atomic():
        existing = LifecycleInstance.objects.filter(
            page_id=page.pk, workflow=workflow, key=key
        ).first()
        if existing:
            return existing
        try:
            # A savepoint: if another process started the same instance a
            # moment ago, return theirs.
            with transaction.atomic():
                instance = LifecycleInstance.objects.create(
                    page_id=page.pk,
                    workflow=workflow,
                    key=key,
                    state=definition.initial,
                    entered_at=now,
                    data=definition.initial_data(page, now, **initial),
                )
        except IntegrityError:
            return LifecycleInstance.objects.get(
                page_id=page.pk, workflow=workflow, key=key
            )
        instance = _locked(instance)
        ctx = definition.context([instance], now)
        entry = store.history_entry(
            instance,
            store.ACTION_START,
            {
                "workflow": workflow,
                "key": key,
                "to": instance.state,
                "at": now.isoformat(),
            },
            user,
        )
        store.insert_many(PageLogEntry, [entry])
        _settle(instance, definition, ctx, now, [])
    return instance


def _settle(instance, definition, ctx, now, steps):
    checked_at = instance.next_check_at
    steps = steps + reconcile(definition, instance, ctx, now)
    if steps or instance.next_check_at != checked_at:
        store.save([(instance, steps)])
    return steps


def fire_event(instance, event, now=None, user=None, reason="", **params):
    """Fire ``event`` on ``instance``: the first transition from its state that
    listens for it and whose guard passes is applied, then due timers.

    :return: the steps taken (empty when no transition listens).
    """
    now = now or timezone.now()
    with transaction.atomic():
        instance = _locked(instance)
        definition = get_definition(instance.workflow)
        ctx = definition.context([instance], now)
        for transition in definition.transitions_from(instance.state, "event"):
            if transition.trigger.name == event and transition.guard(
                instance, ctx, params
            ):
                step = apply_transition(
                    instance,
                    transition,
                    ctx,
                    now,
                    reason or transition.reason,
                    user,
                    params,
                )
                return _settle(instance, definition, ctx, now, [step])
        return _settle(instance, definition, ctx, now, [])


def available_actions(instance, user):
    """The manual transitions ``user`` may take on ``instance`` now."""
    definition = get_definition(instance.workflow)
    return [
        t
        for t in definition.transitions_from(instance.state, "manual")
        if user.has_perm(t.trigger.permission) and t.trigger.offered_for(instance)
    ]


def refresh(instance, now=None):
    """Bring one instance up to date at ``now``: the sweep's work for one row.

    :return: the steps taken.
    """
    now = now or timezone.now()
    with transaction.atomic():
        instance = _locked(instance)
        definition = get_definition(instance.workflow)
        ctx = definition.context([instance], now)
        return _settle(instance, definition, ctx, now, [])


def perform(
    instance,
    transition_name,
    user,
    reason="",
    now=None,
    skip_permission_check=False,
    **params,
):
    """An editor's action: check permission, state and reason, then apply.

    ``skip_permission_check`` is for code acting on its own authority (the
    demo loader, an import); it is then recorded with no user.

    :raises PermissionDenied: the user lacks the transition's permission.
    :raises TransitionNotAllowed: wrong state, missing reason or a guard said
        no (a guard may raise it itself, to say which value is wrong).
    """
    now = now or timezone.now()
    reason = (reason or "").strip()
    definition = get_definition(instance.workflow)
    try:
        transition = definition.transition(transition_name)
    except KeyError:
        raise TransitionNotAllowed(
            _("There is no action called %(name)r.") % {"name": transition_name}
        ) from None
    if transition.trigger.kind != "manual":
        raise TransitionNotAllowed(
            _("%(name)s is not a manual action.") % {"name": transition_name}
        )
    if not skip_permission_check and not user.has_perm(transition.trigger.permission):
        raise PermissionDenied
    if transition.trigger.reason_required and not reason:
        raise TransitionNotAllowed(
            {"reason": _("Give a reason: it is kept in the page's history.")}
        )
    with transaction.atomic():
        instance = _locked(instance)
        ctx = definition.context([instance], now)
        if (
            not transition.allows(instance.state)
            or not transition.trigger.offered_for(instance)
            or not transition.guard(instance, ctx, params)
        ):
            raise TransitionNotAllowed(
                _("“%(action)s” does not apply while the page is %(state)s.")
                % {
                    "action": transition.trigger.label,
                    "state": definition.state(instance.state),
                }
            )
        step = apply_transition(instance, transition, ctx, now, reason, user, params)
        return _settle(instance, definition, ctx, now, [step])
