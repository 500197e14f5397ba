"""How a lifecycle is declared: states, transitions, triggers, guards, effects.

A definition is a plain class; the engine reads it and never needs changing
for a new one. Timers, guards and effects are callables so a definition can
compute dates from its instance's data and the policy it loads.
"""

import dataclasses
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from duq_workflow.calendar import local_date


class Severity(TextChoices):
    """How much a notice says about the page: a warning leaves its standing
    as it is; a suspension or a withdrawal changes it."""

    WARNING = "warning", _("Warning")
    SUSPENSION = "suspension", _("Suspension")
    WITHDRAWN = "withdrawn", _("Withdrawn")


@dataclass(frozen=True)
class Notice:
    """A public notice shown while an instance is in a state, with an
    optional line in plain words beneath it.

    ``key`` names what the notice is about, so that one state can carry
    several notices (a definition chooses one in
    :meth:`LifecycleDefinition.notice_for`); ``label`` is its short form, for
    badges and lists; ``since`` is the date it took effect, filled in for
    each instance.
    """

    text: str
    severity: Severity = Severity.WARNING
    explanation: str = ""
    key: str = ""
    label: str = ""
    since: object = field(default=None, compare=False)


@dataclass(frozen=True)
class State:
    name: str
    label: str = ""
    notice: Notice | None = None
    final: bool = False

    def __str__(self):
        return str(self.label or self.name)

    @classmethod
    def of(cls, choice, notice=None, final=False):
        """A state named and labelled by a member of a definition's
        ``TextChoices`` (its one vocabulary of states)."""
        return cls(choice.value, choice.label, notice, final)


@dataclass(frozen=True)
class Timer:
    """Fires once ``at(instance, ctx)`` (a date or aware datetime) has come.

    A date means local midnight at its start. A timer that returns None is off.
    """

    at: object

    kind = "timer"


@dataclass(frozen=True)
class Event:
    """Fires when code calls ``fire_event`` with this name."""

    name: str

    kind = "event"


@dataclass(frozen=True)
class Manual:
    """An editor's action: needs ``permission`` and, unless told, a reason.

    ``params`` names what the action's form asks for besides the reason:
    ``"until"`` (a date after today, and after ``later_than(instance)`` when
    given), or a ``(name, form field)`` pair. ``explain(instance)`` says, in
    the definition's words, what the action will do and who is emailed; the
    form and its confirmation page show it. ``offered(instance)`` says
    whether the action applies to an instance in one of its source states
    (by its data: how it came to be there, say); an action not offered is
    neither listed nor taken.
    """

    permission: str
    label: str
    reason_required: bool = True
    params: tuple = ()
    explain: object = None
    later_than: object = None
    offered: object = None

    def explanation(self, instance):
        return self.explain(instance) if self.explain else ""

    def offered_for(self, instance):
        return self.offered is None or self.offered(instance)

    kind = "manual"


@dataclass(frozen=True)
class Outlook:
    """What editors read about an instance, in a definition's own words: the
    date that matters most in its state (``date``, named by ``date_label``),
    every date worth showing (``dates``: label and date pairs), and what
    happens next, and when (``next_step``, a sentence)."""

    date_label: str = ""
    date: object = None
    next_step: str = ""
    dates: tuple = ()


def always(instance, ctx, params):
    return True


def no_change(instance, ctx, now, params):
    return None


@dataclass(frozen=True)
class Transition:
    """A move from one of ``sources`` to ``target`` (None: stay in the state).

    ``update(instance, ctx, now, params)`` may change ``instance.data`` (for
    example to set a deadline); ``effects`` run after it, each called with an
    :class:`~duq_workflow.engine.effects.EffectContext`. ``new_cycle`` starts a
    new cycle (emails are keyed per cycle). ``reason`` is the history text for
    automatic transitions; manual ones carry the editor's reason.
    """

    name: str
    sources: tuple
    target: str | None
    trigger: object
    guard: object = always
    update: object = no_change
    effects: tuple = ()
    new_cycle: bool = False
    reason: str = ""
    is_self_loop: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        # Asked for every armed timer of every instance a sweep reads.
        loop = self.target is None or self.sources == (self.target,)
        object.__setattr__(self, "is_self_loop", loop)

    def target_from(self, source):
        """The state this transition leads to from ``source`` (None: stay)."""
        return self.target or source

    def allows(self, source):
        return "*" in self.sources or source in self.sources


class LifecycleDefinition:
    """Base class for a workflow definition; subclass and set the attributes.

    ``name`` is the registry key, ``initial`` the state an instance starts in,
    ``auto_start`` whether a page that opts in gets an instance when published,
    ``time_zone`` the zone whose calendar its dates are in (None: the
    project's ``TIME_ZONE``), ``rehearsal_caveat`` what a rehearsal of a
    later date cannot know about it, in editors' words ("" for nothing).
    Override :meth:`load_context` to give timers and effects the policy, and
    :meth:`initial_data` to seed a new instance.
    """

    name = ""
    label = ""
    initial = ""
    auto_start = False
    time_zone = None
    rehearsal_caveat = ""
    states = ()
    transitions = ()

    def __init__(self):
        self._states = {state.name: state for state in self.states}
        # The planner asks this for every instance it reads; definitions do
        # not change once registered, so each answer is kept.
        self._transitions_from = {}
        self.validate()

    def validate(self):
        if not self.name or self.initial not in self._states:
            raise ImproperlyConfigured(
                f"{type(self).__name__} needs a name and an initial state "
                "among its states."
            )
        for transition in self.transitions:
            named = {transition.target, *transition.sources} - {None}
            unknown = named - {*self._states, "*"}
            if unknown:
                raise ImproperlyConfigured(
                    f"{self.name}.{transition.name} names unknown states: "
                    f"{sorted(unknown)}"
                )

    def state(self, name):
        return self._states[name]

    def transition(self, name):
        for transition in self.transitions:
            if transition.name == name:
                return transition
        raise KeyError(f"{self.name} has no transition {name!r}")

    def transitions_from(self, state, kind):
        """The transitions of ``kind`` that may leave ``state``, in order."""
        key = (state, kind)
        if key not in self._transitions_from:
            self._transitions_from[key] = tuple(
                t
                for t in self.transitions
                if t.trigger.kind == kind and t.allows(state)
            )
        return self._transitions_from[key]

    def load_context(self, instances=()):
        """Data shared by a batch (policy, pages' details), loaded once per batch.

        The engine adds ``now`` and ``pages`` (the instances' pages, read on
        first use) to it before timers, guards and effects see it.
        """
        return {}

    def context(self, instances, now):
        # Imported here: definitions are declared before models are ready.
        from .pages import BatchPages, BatchPaths

        return {
            **self.load_context(instances),
            "now": now,
            "pages": BatchPages(instances),
            "page_paths": BatchPaths(instances),
        }

    def initial_data(self, page, now, **kwargs):
        """The ``data`` of a new instance for ``page``."""
        return dict(kwargs)

    def notice_for(self, instance):
        """The public notice ``instance`` shows, dated the day its state was
        entered, or None. Override to choose the notice from the instance's
        data; the state's own notice sets the severity the public sees."""
        notice = self.state(instance.state).notice
        if notice is None:
            return None
        return self.dated(notice, instance)

    def notice_entered(self, state, transition, params):
        """The notice ``state`` showed when ``transition`` (with ``params``)
        entered it, undated, for readers of the history (the register's
        feed): the state's own, unless a definition's :meth:`notice_for`
        chooses by how the state was entered, and says so here too."""
        try:
            return self.state(state).notice
        except KeyError:
            return None

    def dated(self, notice, instance):
        """``notice`` dated the local day ``instance`` entered its state."""
        since = local_date(instance.entered_at, self.time_zone)
        return dataclasses.replace(notice, since=since)

    def outlook(self, instance, ctx):
        """An :class:`Outlook` of ``instance`` for the admin's listings; ``ctx``
        is :meth:`context` for the instances shown together. The engine knows
        only the state and its dates; a definition says what they mean."""
        return Outlook()
