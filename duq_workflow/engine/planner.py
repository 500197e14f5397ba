"""Reconciliation: bring one instance up to date, in memory, without writing.

The target state is a function of the instance (its state, dates and data),
the context (policy) and *now*. Running the planner twice at the same moment
gives nothing the second time, and a planner run after a long gap reaches the
final state in one pass: when several timers of one state are past due, only
the latest fires and the earlier ones are superseded (a reminder that came
due during an outage is not sent once its moment has passed).
"""

from dataclasses import dataclass, field

from duq_workflow.calendar import as_moment

from .effects import EffectContext

FIRED = "_fired"
MAX_STEPS = 20


def copy_json(value):
    """A deep copy of JSON data (dicts, lists and scalars): what
    ``copy.deepcopy`` gives for it, several times faster."""
    if isinstance(value, dict):
        return {
            key: item if item.__class__ in _SCALARS else copy_json(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [
            item if item.__class__ in _SCALARS else copy_json(item) for item in value
        ]
    return value


# Values that copy_json returns as they are, checked before a recursive call.
_SCALARS = frozenset({str, int, float, bool, type(None)})


class LifecycleLoopError(RuntimeError):
    """A definition kept firing timers without settling."""


@dataclass(slots=True)
class Step:
    transition: object
    source: str
    target: str
    at: object
    reason: str
    user: object = None
    params: dict = field(default_factory=dict)
    emails: list = field(default_factory=list)
    callbacks: list = field(default_factory=list)

    @property
    def name(self):
        return self.transition.name


def fired_mark(transition, moment):
    """How a self-loop timer is remembered as fired: by its name and the
    moment it fired for, so the same timer at another moment (a reminder for
    a due date that moved) is armed again."""
    if moment is None:
        return transition.name
    return f"{transition.name}@{moment.isoformat()}"


def has_fired(fired, transition, moment):
    # A bare name is how marks were kept before they named their moment.
    return transition.name in fired or fired_mark(transition, moment) in fired


def apply_transition(
    instance, transition, ctx, now, reason="", user=None, params=None, at=None
):
    """Apply ``transition`` to ``instance`` in memory and run its effects.
    ``at`` is the moment a timer fired for (it marks a self-loop as fired)."""
    params = params or {}
    source, target = instance.state, transition.target_from(instance.state)
    instance.data = copy_json(instance.data)
    transition.update(instance, ctx, now, params)
    if transition.new_cycle:
        instance.cycle += 1
    if target != source or transition.new_cycle:
        instance.state = target
        instance.entered_at = now
        instance.data.pop(FIRED, None)
    elif transition.trigger.kind == "timer":
        instance.data.setdefault(FIRED, []).append(fired_mark(transition, at))
    step = Step(transition, source, target, now, reason, user, params)
    if transition.effects:
        # Effects queue their emails and callbacks straight onto the step.
        effect_ctx = EffectContext(
            instance, step, ctx, now, step.emails, step.callbacks
        )
        for effect in transition.effects:
            effect(effect_ctx)
    return step


def _timer_moments(definition, instance, ctx):
    """``(moment, transition)`` for each timer of the state that is still armed."""
    fired = instance.data.get(FIRED, ())
    moments = []
    for transition in definition.transitions_from(instance.state, "timer"):
        moment = as_moment(transition.trigger.at(instance, ctx), definition.time_zone)
        if moment is None:
            continue
        if transition.is_self_loop and fired and has_fired(fired, transition, moment):
            continue
        moments.append((moment, transition))
    return moments


def _choose_due(instance, moments, ctx, now):
    """The due timer to fire: the latest one whose guard passes (the first of
    them on a tie). The other due self-loops are marked fired, superseded by it."""
    due, chosen, latest = [], None, None
    for moment, transition in moments:
        if moment <= now and transition.guard(instance, ctx, {}):
            due.append((moment, transition))
            if latest is None or moment > latest:
                chosen, latest = transition, moment
    if len(due) > 1:
        for moment, transition in due:
            if transition is not chosen and transition.is_self_loop:
                mark = fired_mark(transition, moment)
                instance.data.setdefault(FIRED, []).append(mark)
    return chosen, latest


def reconcile(definition, instance, ctx, now):
    """Fire every timer that is due, then set the next check time: the earliest
    future moment at which one of the state's timers fires.

    :return: the steps taken, in order (empty when nothing was due).
    """
    steps = []
    for _ in range(MAX_STEPS):
        moments = _timer_moments(definition, instance, ctx)
        transition, moment = _choose_due(instance, moments, ctx, now)
        if transition is None:
            instance.next_check_at = min(
                (moment for moment, _t in moments if moment > now), default=None
            )
            return steps
        steps.append(
            apply_transition(
                instance, transition, ctx, now, transition.reason, at=moment
            )
        )
    raise LifecycleLoopError(
        f"{instance} did not settle after {MAX_STEPS} transitions."
    )
