"""A rule-based state machine over the toy workflow: random clock jumps, sweeps,
events, editors' actions and sender runs, with the engine's invariants checked
after every step.

Each Hypothesis example runs inside a savepoint that is rolled back at its end,
so the pages made once by the test's fixtures are shared by every example.
"""

import datetime as dt
from collections import Counter

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from wagtail.models import PageLogEntry

from duq_workflow.calendar import as_moment, local_date
from duq_workflow.engine import actions, store
from duq_workflow.engine.actions import TransitionNotAllowed
from duq_workflow.engine.registry import get_definition
from duq_workflow.engine.sweep import advance
from duq_workflow.models import LifecycleInstance, OutboxEmail
from duq_workflow.sender import send_queued
from tests.conftest import london

pytestmark = pytest.mark.django_db

T0 = london(2026, 1, 20, 9)
WORKFLOW = "toy.membership"
DOWN = "tests.test_outbox.DownBackend"
# The toy's transitions that send an email, and the message each sends.
EMAILED = {"remind": "reminder", "lapse": "lapsed"}
EMAILED_BY = {kind: transition for transition, kind in EMAILED.items()}

clock_jumps = st.one_of(
    st.integers(1, 72).map(lambda hours: dt.timedelta(hours=hours)),
    st.integers(1, 400).map(lambda days: dt.timedelta(days=days)),
)


def db_snapshot():
    instances = list(
        LifecycleInstance.objects.order_by("pk").values(
            "pk", "state", "cycle", "entered_at", "next_check_at", "version", "data"
        )
    )
    emails = list(OutboxEmail.objects.order_by("pk").values("key", "status"))
    return instances, emails, PageLogEntry.objects.count()


def transition_entries():
    return PageLogEntry.objects.filter(action=store.ACTION_TRANSITION).count()


class Lifecycles(RuleBasedStateMachine):
    """Set ``pages`` and ``editor`` before running (see the test below)."""

    pages = ()
    editor = None

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        mail.outbox = []
        self.definition = get_definition(WORKFLOW)
        self.now = T0
        self.last_sweep = T0
        self.woken_since_sweep = set()
        self.steps_reported = 0
        self.history_before = 0

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # --- set-up ---------------------------------------------------------

    @initialize(
        joined=st.lists(st.integers(-60, 60), min_size=1, max_size=3),
    )
    def start_instances(self, joined):
        for number, offset in enumerate(joined):
            page = self.pages[number % len(self.pages)]
            actions.start(
                page,
                WORKFLOW,
                key=f"extra-{number}",
                now=T0,
                joined=local_date(T0) + dt.timedelta(days=offset),
            )
        # The fixtures' pages started their lifecycles when they were made.
        advance(now=T0)
        self.pks = list(
            LifecycleInstance.objects.order_by("pk").values_list("pk", flat=True)
        )
        # Catch-up steps taken by ``start`` are not reported; count from here.
        self.history_before = transition_entries()

    def instance(self, index):
        return LifecycleInstance.objects.get(pk=self.pks[index % len(self.pks)])

    # --- rules ----------------------------------------------------------

    @rule(jump=clock_jumps)
    def time_passes(self, jump):
        self.now += jump

    @rule()
    def sweep(self):
        result = advance(now=self.now)
        self.steps_reported += len(result.transitions)
        self.last_sweep = self.now
        self.woken_since_sweep = set()
        before = db_snapshot()
        rerun = advance(now=self.now)
        assert rerun.transitions == []
        assert rerun.emails_queued == 0
        assert db_snapshot() == before

    @rule(index=st.integers(0, 9), days_ago=st.integers(0, 10))
    def club_renews(self, index, days_ago):
        paid_on = local_date(self.now) - dt.timedelta(days=days_ago)
        instance = self.instance(index)
        source = instance.state
        steps = actions.fire_event(
            instance, "renewed", now=self.now, on=paid_on.isoformat()
        )
        self.steps_reported += len(steps)
        if source in {"member", "lapsed"}:
            assert steps[0].name == "renew"
            assert self.instance(index).cycle == instance.cycle + 1
        else:
            assert not any(step.name == "renew" for step in steps)

    @rule(index=st.integers(0, 9))
    def editor_suspends(self, index):
        self._perform(index, "suspend")

    @rule(index=st.integers(0, 9))
    def editor_reinstates(self, index):
        self._perform(index, "reinstate")

    def _perform(self, index, name):
        instance = self.instance(index)
        allowed = self.definition.transition(name).allows(instance.state)
        before = db_snapshot()
        try:
            steps = actions.perform(
                instance, name, self.editor, reason="state machine", now=self.now
            )
        except TransitionNotAllowed:
            assert not allowed
            assert db_snapshot() == before
            return
        assert allowed
        assert steps[0].name == name
        self.steps_reported += len(steps)

    @rule(mail_server_up=st.booleans())
    def sender_runs(self, mail_server_up):
        if mail_server_up:
            send_queued(now=self.now)
        else:
            with override_settings(EMAIL_BACKEND=DOWN):
                send_queued(now=self.now)
        # An email delivered or given up makes its lifecycle due at once.
        self.woken_since_sweep.add(self.now)

    # --- invariants -----------------------------------------------------

    @invariant()
    def state_is_always_one_of_the_definitions(self):
        states = set(LifecycleInstance.objects.values_list("state", flat=True))
        assert states <= set(self.definition._states)

    @invariant()
    def every_decision_to_email_is_queued_exactly_once(self):
        """One email per transition that sends one: none dropped, none twice."""
        decided = Counter(
            (page_id, data["key"], data["transition"])
            for page_id, data in PageLogEntry.objects.filter(
                action=store.ACTION_TRANSITION,
                data__transition__in=list(EMAILED),
            ).values_list("page_id", "data")
        )
        instances = {
            pk: (page_id, key)
            for pk, page_id, key in LifecycleInstance.objects.values_list(
                "pk", "page_id", "key"
            )
        }
        queued = Counter(
            (*instances[instance_id], EMAILED_BY[kind])
            for instance_id, kind in OutboxEmail.objects.values_list(
                "instance_id", "kind"
            )
        )
        assert queued == decided

    @invariant()
    def every_sent_email_was_delivered_once(self):
        sent = OutboxEmail.objects.filter(status=OutboxEmail.Status.SENT).count()
        assert sent == len(mail.outbox)

    @invariant()
    def history_matches_the_reported_steps(self):
        assert transition_entries() - self.history_before == self.steps_reported

    @invariant()
    def next_check_is_after_the_last_sweep(self):
        overdue = LifecycleInstance.objects.filter(
            next_check_at__lte=self.last_sweep
        ).exclude(next_check_at__in=self.woken_since_sweep)
        assert not overdue.exists()

    @invariant()
    def no_member_is_past_its_renewal_as_of_the_last_sweep(self):
        for data in LifecycleInstance.objects.filter(state="member").values_list(
            "data", flat=True
        ):
            renew_on = dt.date.fromisoformat(data["renew_on"])
            assert as_moment(renew_on) > self.last_sweep

    @invariant()
    def every_lapsed_club_was_told_in_its_cycle(self):
        lapsed = LifecycleInstance.objects.filter(state="lapsed")
        for pk, entered_at in lapsed.values_list("pk", "entered_at"):
            assert OutboxEmail.objects.filter(
                instance_id=pk, kind="lapsed", created_at=entered_at
            ).exists()

    @invariant()
    def member_in_its_reminder_week_was_reminded(self):
        members = LifecycleInstance.objects.filter(state="member")
        for pk, entered_at, data in members.values_list("pk", "entered_at", "data"):
            reminder = dt.date.fromisoformat(data["renew_on"]) - dt.timedelta(days=7)
            if as_moment(reminder) <= self.last_sweep:
                assert OutboxEmail.objects.filter(
                    instance_id=pk, kind="reminder", created_at__gte=entered_at
                ).exists()


@pytest.fixture
def machine(make_club, editor):
    Lifecycles.pages = [
        make_club(joined=dt.date(2026, 1, 2)),
        make_club(joined=dt.date(2025, 12, 1)),
    ]
    Lifecycles.editor = editor
    yield Lifecycles
    Lifecycles.pages, Lifecycles.editor = (), None


def test_engine_invariants_hold_over_random_histories(machine):
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=30,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
