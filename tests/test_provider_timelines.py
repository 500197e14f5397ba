"""A rule-based state machine over providers' timelines, on the Code's real
commitments and real provider pages: sign-ups, reports, interim updates,
withdrawn links, concerns and their answers, editors' actions, a mail server
that is up, down, deferring or refusing, outages, and sweeps at random times.
After every step:

1. nobody is suspended for want of a report, or of an answer to a concern,
   unless the email that set the deadline was delivered (by the outbox's own
   record) at least the minimum notice before that deadline;
2. every email a transition in the pages' History decided to send is in the
   outbox exactly once, and none was delivered twice;
3. the public page shows the notices of its lifecycles' states, and no others.

Each Hypothesis example runs inside a savepoint that is rolled back at its
end (as in ``test_engine_state_machine.py``). ``DUQ_HYPOTHESIS_EXAMPLES``
sets the number of examples (10 by default) for a longer run.
"""

import contextlib
import datetime as dt
import os
from collections import Counter
from email import message_from_bytes
from email import policy as email_policy
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client, override_settings
from django.utils.html import escape
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from wagtail.models import PageLogEntry

from duq_workflow import sender
from duq_workflow.calendar import add_months, as_moment
from duq_workflow.commitments import concerns, reporting, services
from duq_workflow.commitments.calendar import LONDON, local_date
from duq_workflow.commitments.models import Concern, LifecyclePolicy, ReportLink
from duq_workflow.engine import actions, store
from duq_workflow.engine.actions import TransitionNotAllowed
from duq_workflow.engine.sweep import advance
from duq_workflow.models import LifecycleInstance, OutboxEmail
from duq_workflow.notices import notices_by_page
from tests.conftest import london, reporting_of, use_smtp
from tests.smtp_server import Handler, SMTPServer

pytestmark = pytest.mark.django_db

T0 = london(2026, 3, 2, 9)
EDITORS = "team@example.org"
REASON = "Checked by the Code's team."
MAX_PROVIDERS = 3
MAX_CONCERNS = 4
EXAMPLES = int(os.environ.get("DUQ_HYPOTHESIS_EXAMPLES", "10"))
DOWN = "tests.test_outbox.DownBackend"
SENT = OutboxEmail.Status.SENT
REPORTING, CONCERN = reporting.WORKFLOW, concerns.WORKFLOW
SUSPENDED = "suspended"

# What each transition emails: one slot per email it decides on, as (the
# kinds it may be, chosen by the case at hand; only when it leaves this state).
WARNING = {
    "report_overdue_warning",
    "report_overdue_warning_full_report",
    "report_overdue_warning_other_notice",
    "report_overdue_warning_full_report_other_notice",
}
LIFTED = {"report_reinstated", "report_reinstated_other_notice"}
EMAILS = {
    (REPORTING, "first_reminder"): [({"report_reminder_first"}, None)],
    (REPORTING, "second_reminder"): [({"report_reminder_second"}, None)],
    (REPORTING, "warn"): [(WARNING, None)],
    (REPORTING, "interim_lapsed"): [(WARNING, None)],
    (REPORTING, "suspend_for_no_report"): [
        ({"report_suspended", "report_suspended_after_interim"}, None),
        ({"editors_suspended"}, None),
    ],
    (REPORTING, "deadline_moved_for_late_warning"): [
        ({"report_deadline_moved", "report_deadline_moved_full_report"}, None),
        ({"editors_deadline_moved"}, None),
    ],
    (REPORTING, "suspension_waits_for_warning"): [
        ({"editors_warning_not_delivered"}, None)
    ],
    (REPORTING, "report_linked"): [(LIFTED | {"report_received"}, None)],
    (REPORTING, "interim_linked"): [({"interim_received"}, None)],
    (REPORTING, "sign_up_date_lifts_suspension"): [
        ({"report_suspension_lifted_date_corrected"}, None)
    ],
    (REPORTING, "extend_deadline"): [
        ({"report_deadline_extended", "report_deadline_extended_lifted"}, None)
    ],
    (REPORTING, "extend_interim"): [({"interim_extended"}, None)],
    (REPORTING, "suspend"): [({"report_suspended_by_editors"}, None)],
    (REPORTING, "reinstate"): [({"report_reinstated_by_editors"}, None)],
    (REPORTING, "withdraw"): [({"report_withdrawn_from_code"}, None)],
    (REPORTING, "rejoin"): [({"report_rejoined"}, None)],
    (CONCERN, "forward"): [({"concern_forwarded"}, None)],
    (CONCERN, "remind"): [({"concern_reminder"}, None)],
    (CONCERN, "suspend_for_no_answer"): [
        ({"concern_suspended"}, None),
        ({"editors_suspended"}, None),
    ],
    (CONCERN, "deadline_moved_for_late_email"): [
        ({"concern_deadline_moved", "concern_deadline_moved_from_today"}, None),
        ({"editors_deadline_moved"}, None),
    ],
    (CONCERN, "suspension_waits_for_email"): [
        ({"editors_warning_not_delivered"}, None)
    ],
    (CONCERN, "window_changed"): [({"concern_deadline_changed"}, None)],
    (CONCERN, "answered"): [
        ({"concern_lifted", "concern_lifted_other_notice", "concern_answered"}, None)
    ],
    (CONCERN, "extend_deadline"): [
        ({"concern_deadline_extended", "concern_deadline_extended_lifted"}, None)
    ],
    (CONCERN, "close"): [({"concern_closed"}, SUSPENDED)],
}
# The public notices, by the state that carries them.
NOTICES = {
    (REPORTING, SUSPENDED): str(reporting.SUSPENDED_NOTICE),
    (REPORTING, "withdrawn"): "No longer signed up to the Code",
    (CONCERN, SUSPENDED): str(concerns.SUSPENDED_NOTICE),
}
# How the mail server answers a sender's run: every email alike.
RCPT_ANSWERS = {
    "up": None,
    "deferring": "450 4.2.0 Recipient address rejected: Greylisted, try again",
    "refusing": "550 5.1.1 Recipient address rejected: User unknown",
}
SERVER_MOODS = ["up", "up", "down", "deferring", "throttling", "refusing"]
# The editors' other actions on a lifecycle.
EDITOR_ACTIONS = ["suspend", "reinstate", "withdraw", "rejoin", "close"]
# The scheduled jobs: the sweep every hour, the sender every minute.
SWEEP_EVERY = dt.timedelta(hours=1)
MAX_SCHEDULED_RUNS = 40

clock_jumps = st.one_of(
    st.integers(1, 72).map(lambda hours: dt.timedelta(hours=hours)),
    st.integers(1, 120).map(lambda days: dt.timedelta(days=days)),
)
choice = st.integers(0, 9)


class MailServer(Handler):
    """Answers every recipient alike (``rcpt_answer``; None accepts), and
    keeps the recipients and subject of each message it accepts."""

    def __init__(self):
        super().__init__()
        self.reset()

    def reset(self):
        self.rcpt_answer, self.throttle_senders, self.accepted = None, False, []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_answer:
            return self.rcpt_answer
        return await super().handle_RCPT(
            server, session, envelope, address, rcpt_options
        )

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=email_policy.default)
        # Django 6 may fold a long subject right after "Subject:", which
        # the parser keeps as a leading space.
        subject = str(message["subject"]).strip()
        self.accepted.append((tuple(envelope.rcpt_tos), subject))
        return await super().handle_DATA(server, session, envelope)


def moment(entry):
    return dt.datetime.fromisoformat(entry.data["at"])


def transitions_of(instance):
    """The instance's transitions in its page's History, oldest first."""
    return PageLogEntry.objects.filter(
        page_id=instance.page_id,
        action=store.ACTION_TRANSITION,
        data__workflow=instance.workflow,
        data__key=instance.key,
    ).order_by("pk")


def entered_suspension(instance):
    """The History entry of the transition that suspended ``instance``."""
    entries = [e for e in transitions_of(instance) if e.data["to"] == SUSPENDED]
    return entries[-1]


def delivered_on(email):
    """The London date the outbox says ``email`` was delivered, or None."""
    if email.status != SENT:
        return None
    return local_date(email.sent_at)


def assert_delivered_with_notice(email, instance, suspended_at, notice_days):
    deadline = dt.date.fromisoformat(instance.data["deadline"])
    assert suspended_at >= as_moment(deadline + dt.timedelta(days=1), LONDON)
    sent_on = delivered_on(email)
    assert sent_on is not None, f"{email.key} was never delivered"
    assert sent_on <= deadline - dt.timedelta(days=notice_days), (
        f"{email.key} delivered on {sent_on}, deadline {deadline}"
    )


class Timelines(RuleBasedStateMachine):
    """Set ``world`` (the fixtures) before running: see the test below."""

    world = None

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.world.mail_server.reset()
        self.now = T0
        self.pages, self.reports, self.concerns = [], [], []
        self.rendered = {}
        self.notice_days = LifecyclePolicy.load().minimum_notice_days

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    @property
    def editor(self):
        return self.world.editor

    def page(self, index):
        return self.pages[index % len(self.pages)]

    def instances(self):
        return LifecycleInstance.objects.filter(
            page_id__in=[page.pk for page in self.pages]
        ).order_by("pk")

    # --- Providers ----------------------------------------------------------

    @initialize(months_before=st.integers(0, 14), days=st.integers(0, 27))
    def first_provider_signs_up(self, months_before, days):
        self.provider_signs_up(months_before, days)

    @precondition(lambda self: len(self.pages) < MAX_PROVIDERS)
    @rule(months_before=st.integers(0, 14), days=st.integers(0, 27))
    def provider_signs_up(self, months_before, days):
        """Its page is published now; it signed up that long before (an
        existing signatory whose page goes up late, perhaps overdue)."""
        today = local_date(self.now)
        signed_up_on = add_months(today, -months_before) - dt.timedelta(days=days)
        page = self.world.sign_up(signed_up_on=signed_up_on, published_at=self.now)
        self.pages.append(page)
        assert reporting_of(page).data["cycle_start"] == signed_up_on.isoformat()

    @rule(index=choice, days_ago=st.integers(0, 400))
    def provider_links_a_report(self, index, days_ago):
        page = self.page(index)
        before = reporting_of(page)
        published_on = local_date(self.now) - dt.timedelta(days=days_ago)
        link = services.link_report(
            self._link(page, ReportLink.Kind.REPORT, published_on), now=self.now
        )
        self.reports.append(link)
        counts = published_on.isoformat() >= before.data["cycle_start"]
        after = reporting_of(page)
        if counts and before.state != reporting.WITHDRAWN:
            assert after.cycle == before.cycle + 1
            assert after.data["cycle_start"] == published_on.isoformat()
        else:
            assert after.cycle == before.cycle

    @rule(index=choice, promised_in=st.integers(1, 120))
    def provider_gives_an_interim_update(self, index, promised_in):
        page = self.page(index)
        today = local_date(self.now)
        link = self._link(page, ReportLink.Kind.INTERIM, today)
        link.full_report_promised_on = today + dt.timedelta(days=promised_in)
        try:
            services.link_report(link, now=self.now)
        except ValidationError as error:
            assert set(error.message_dict) <= {"kind", "full_report_promised_on"}
            return
        self.reports.append(link)

    def _link(self, page, kind, published_on):
        return ReportLink(
            page=page,
            kind=kind,
            title="Our self assessment",
            url=f"https://{page.slug}.example.org/self-assessment",
            published_on=published_on,
            participants=["people_supported", "families"],
        )

    @precondition(lambda self: any(r.withdrawn_at is None for r in self.reports))
    @rule(index=choice)
    def editor_withdraws_a_report_link(self, index):
        live = [link for link in self.reports if link.withdrawn_at is None]
        link = live[index % len(live)]
        services.withdraw_report(
            link, self.editor, "The link goes to another provider.", now=self.now
        )

    # --- Concerns -----------------------------------------------------------

    @precondition(lambda self: len(self.concerns) < MAX_CONCERNS)
    @rule(index=choice, forwarded_in=st.integers(-3, 0))
    def editor_forwards_a_concern(self, index, forwarded_in):
        forwarded_on = local_date(self.now) + dt.timedelta(days=forwarded_in)
        concern = Concern(
            page=self.page(index),
            received_on=forwarded_on - dt.timedelta(days=5),
            summary="A family says visits were cancelled without notice.",
            forwarded_on=forwarded_on,
        )
        services.record_concern(concern, user=self.editor, now=self.now)
        self.concerns.append(concern)

    @precondition(lambda self: self.concerns)
    @rule(index=choice)
    def provider_answers_a_concern(self, index):
        concern = self.concerns[index % len(self.concerns)]
        services.link_response(
            concern,
            f"https://{concern.page.slug}.example.org/our-answer",
            local_date(self.now),
            now=self.now,
        )

    # --- Editors' actions ---------------------------------------------------

    @rule(index=choice, days=st.integers(1, 60))
    def editor_extends_a_deadline(self, index, days):
        until = local_date(self.now) + dt.timedelta(days=days)
        self._perform(index, "extend_deadline", until=until)

    @rule(action=st.sampled_from(EDITOR_ACTIONS), index=choice)
    def editor_acts(self, action, index):
        """Suspend, reinstate, withdraw from the Code, or close a concern."""
        self._perform(index, action)

    def _perform(self, index, name, **params):
        """Take the action on an instance it applies to, if there is one
        (else on any, which must refuse it)."""
        instances = list(self.instances())
        applies = [i for i in instances if name in self._actions_open_to(i)]
        candidates = applies or instances
        instance = candidates[index % len(candidates)]
        definition = instance.definition
        try:
            steps = actions.perform(
                instance, name, self.editor, reason=REASON, now=self.now, **params
            )
        except TransitionNotAllowed as refused:
            fresh = LifecycleInstance.objects.get(pk=instance.pk)
            assert (fresh.state, fresh.version) == (instance.state, instance.version)
            names = {t.name for t in definition.transitions}
            transition = definition.transition(name) if name in names else None
            if (
                transition
                and transition.allows(instance.state)
                and transition.trigger.offered_for(instance)
            ):
                # Only an extension that would shorten the time is refused.
                assert name == "extend_deadline"
                assert params["until"].isoformat() <= instance.data["deadline"]
                assert "until" in refused.message_dict
            return
        assert steps[0].name == name

    @staticmethod
    def _actions_open_to(instance):
        return {
            t.name
            for t in instance.definition.transitions_from(instance.state, "manual")
            if t.trigger.offered_for(instance)
        }

    # --- Mail and the clock -------------------------------------------------

    @rule(mood=st.sampled_from(SERVER_MOODS))
    def sender_runs(self, mood):
        server = self.world.mail_server
        server.rcpt_answer = RCPT_ANSWERS.get(mood)
        server.throttle_senders = mood == "throttling"
        try:
            if mood == "down":
                with override_settings(EMAIL_BACKEND=DOWN):
                    sender.send_queued(now=self.now)
            else:
                sender.send_queued(now=self.now)
        finally:
            server.rcpt_answer, server.throttle_senders = None, False

    @rule(index=choice)
    def editor_sends_a_failed_email_again(self, index):
        failed = list(OutboxEmail.objects.failed().order_by("pk"))
        if failed:
            sender.retry(failed[index % len(failed)], now=self.now)

    @rule(jump=clock_jumps)
    def time_passes_with_no_sweep(self, jump):
        self.now += jump

    @rule()
    def sweep_runs(self):
        advance(now=self.now)
        rerun = advance(now=self.now)
        assert (rerun.transitions, rerun.emails_queued) == ([], 0)

    @rule(jump=clock_jumps)
    def sweep_runs_later(self, jump):
        self.now += jump
        self.sweep_runs()

    @rule(jump=clock_jumps)
    def the_schedule_keeps_time(self, jump):
        """All is well for ``jump``: the mail server is up and the scheduled
        jobs run, the sweep on the hour and the sender every minute (taken
        only at the moments where something is due)."""
        until = self.now + jump
        for _ in range(MAX_SCHEDULED_RUNS):
            sender.send_queued(now=self.now)
            advance(now=self.now)
            due = self._next_due()
            if due is None or due > until:
                break
            self.now = max(self.now, due) + SWEEP_EVERY
        self.now = max(self.now, until)

    def _next_due(self):
        checks = self.instances().exclude(next_check_at=None)
        emails = OutboxEmail.objects.filter(status=OutboxEmail.Status.PENDING)
        moments = [
            checks.order_by("next_check_at").values_list("next_check_at", flat=True),
            emails.order_by("next_attempt_at").values_list(
                "next_attempt_at", flat=True
            ),
        ]
        return min((m[0] for m in moments if m), default=None)

    # --- Invariants ---------------------------------------------------------

    @invariant()
    def nobody_is_suspended_without_a_warning_delivered_in_time(self):
        suspended = self.instances().filter(state=SUSPENDED)
        for instance in suspended.filter(workflow=REPORTING):
            entry = entered_suspension(instance)
            if entry.data["transition"] != "suspend_for_no_report":
                continue  # an editor's suspension
            warnings = [
                e
                for e in transitions_of(instance).filter(pk__lt=entry.pk)
                if e.data["transition"] in ("warn", "interim_lapsed")
            ]
            assert warnings, "suspended without ever being warned"
            warned = warnings[-1]
            assert warned.data["cycle"] == entry.data["cycle"]
            (email,) = OutboxEmail.objects.filter(
                instance_id=instance.pk,
                kind__in=WARNING,
                created_at=moment(warned),
            )
            assert_delivered_with_notice(
                email, instance, moment(entry), self.notice_days
            )
        for instance in suspended.filter(workflow=CONCERN):
            entry = entered_suspension(instance)
            email = OutboxEmail.objects.get(
                instance_id=instance.pk, kind="concern_forwarded"
            )
            assert_delivered_with_notice(
                email, instance, moment(entry), self.notice_days
            )

    @invariant()
    def every_decision_to_email_is_queued_exactly_once(self):
        """One outbox row per email a transition in the History decided on:
        none dropped, none twice (counted by the outbox keys)."""
        by_page_key = {(i.page_id, i.workflow, i.key): i.pk for i in self.instances()}
        decided = Counter()
        entries = PageLogEntry.objects.filter(
            page_id__in=[page.pk for page in self.pages],
            action=store.ACTION_TRANSITION,
        )
        allowed = {}
        for page_id, data in entries.values_list("page_id", "data"):
            pk = by_page_key[(page_id, data["workflow"], data["key"])]
            sends = EMAILS.get((data["workflow"], data["transition"]), ())
            for kinds, only_from in sends:
                if only_from in (None, data["from"]):
                    decided[(pk, data["transition"])] += 1
                    allowed.setdefault((pk, data["transition"]), set()).update(kinds)
        queued = Counter()
        for key in OutboxEmail.objects.values_list("key", flat=True):
            pk, _version, transition, kind = key.split(":")
            queued[(int(pk), transition)] += 1
            assert kind in allowed.get((int(pk), transition), ()), key
        assert queued == decided

    @invariant()
    def no_email_was_delivered_twice(self):
        sent = Counter(
            (tuple(to), subject)
            for to, subject in OutboxEmail.objects.filter(status=SENT).values_list(
                "to", "subject"
            )
        )
        assert Counter(self.world.mail_server.accepted) == sent

    @invariant()
    def the_public_page_shows_the_notices_of_its_states(self):
        """Each state with a notice shows one, in the words its cause gives
        (``notice_for``), and the public page shows exactly those."""
        instances = {page.pk: [] for page in self.pages}
        for instance in self.instances():
            instances[instance.page_id].append(instance)
        shown = notices_by_page(list(instances))
        for page in self.pages:
            with_notice = [
                i for i in instances[page.pk] if (i.workflow, i.state) in NOTICES
            ]
            assert all(i.notice is not None for i in with_notice)
            expected = Counter(str(i.notice.text) for i in with_notice)
            assert Counter(str(n.text) for n in shown[page.pk]) == expected
            withdrawn = any(
                (i.workflow, i.state) == (REPORTING, "withdrawn") for i in with_notice
            )
            self._check_public_page(page, expected, withdrawn)

    def _check_public_page(self, page, expected, withdrawn):
        """The page as the public reads it (rendered again only when the
        notices it should show change)."""
        if self.rendered.get(page.pk) == expected:
            return
        response = Client().get(page.url)
        assert response.status_code == 200
        body = response.content.decode()
        for text, count in expected.items():
            assert body.count(escape(text)) >= count, text
        for text in set(NOTICES.values()) - set(expected):
            assert escape(text) not in body, text
        assert ("Formerly a signatory" in body) == withdrawn
        self.rendered[page.pk] = expected


@pytest.fixture
def machine(sign_up, editor, settings):
    policy = LifecyclePolicy.load()
    policy.editors_email = EDITORS
    policy.save()
    mail_server = MailServer()
    with SMTPServer(handler=mail_server) as server:
        use_smtp(settings, server.port)
        Timelines.world = SimpleNamespace(
            sign_up=sign_up, editor=editor, mail_server=mail_server
        )
        yield Timelines
    Timelines.world = None


def test_provider_timelines_keep_the_codes_promises(machine):
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


@contextlib.contextmanager
def replay(machine, steps):
    """Run ``steps`` (rule name, arguments) on a fresh machine, checking every
    invariant after each, as Hypothesis does; the machine is yielded before
    its teardown."""
    state = machine()
    invariants = [
        name
        for name in dir(machine)
        if getattr(getattr(machine, name), "hypothesis_stateful_invariant", None)
    ]
    assert invariants, "no invariants found to check"
    try:
        for name, kwargs in steps:
            getattr(state, name)(**kwargs)
            for invariant_name in invariants:
                getattr(state, invariant_name)()
        yield state
    finally:
        state.teardown()


def test_a_warning_after_an_early_interim_hold_is_the_full_report_one(machine):
    """Found by the machine above: an interim update whose hold ends before
    the due date uses the year's one interim update, so the warning that
    follows asks for the full report only, and the suspension still waits
    for that warning's delivery."""
    days, hours = dt.timedelta(days=1), dt.timedelta(hours=1)
    with replay(
        machine,
        [
            ("first_provider_signs_up", {"months_before": 2, "days": 0}),
            ("time_passes_with_no_sweep", {"jump": 22 * hours}),
            ("sweep_runs_later", {"jump": 50 * days}),
            ("the_schedule_keeps_time", {"jump": 35 * days}),
            ("the_schedule_keeps_time", {"jump": 48 * hours}),
            ("the_schedule_keeps_time", {"jump": 67 * hours}),
            ("the_schedule_keeps_time", {"jump": 60 * days}),
            ("provider_gives_an_interim_update", {"index": 0, "promised_in": 119}),
            ("provider_gives_an_interim_update", {"index": 0, "promised_in": 11}),
            ("editor_forwards_a_concern", {"forwarded_in": -1, "index": 0}),
            ("time_passes_with_no_sweep", {"jump": 119 * days}),
            ("the_schedule_keeps_time", {"jump": 106 * days}),
        ],
    ) as state:
        (instance,) = state.instances().filter(workflow=REPORTING)
        assert instance.state == SUSPENDED
        kinds = set(
            OutboxEmail.objects.filter(instance_id=instance.pk).values_list(
                "kind", flat=True
            )
        )
        # The concern went unanswered, so the page already shows its notice.
        assert "report_overdue_warning_full_report_other_notice" in kinds
        assert not kinds & {
            "report_overdue_warning",
            "report_overdue_warning_other_notice",
        }
