"""The outbox: delivery, retries, permanent failures, commands and schedules."""

import datetime as dt
import os
import smtplib
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as MemoryBackend
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone
from django_q.models import Schedule
from django_q.tasks import async_task, result
from wagtail.models import PageLogEntry

from duq_workflow import sender, tasks
from duq_workflow.engine.sweep import advance
from duq_workflow.models import LifecycleInstance, OutboxEmail
from tests.conftest import london

pytestmark = pytest.mark.django_db

JOINED = dt.date(2026, 1, 15)  # reminder due 7 Feb 2027, renewal 14 Feb 2027
REMINDER_DAY = london(2027, 2, 8, 9)
BASE_DIR = Path(__file__).resolve().parent.parent


class DownBackend(BaseEmailBackend):
    """A mail server that cannot be reached (the error is set per test)."""

    error = ConnectionRefusedError(111, "Connection refused")
    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        raise self.error


class RefusingBackend(MemoryBackend):
    """Delivers to everyone except addresses at bounce.example.org."""

    def send_messages(self, messages):
        for message in messages:
            refused = [a for a in message.to if a.endswith("@bounce.example.org")]
            if refused:
                raise smtplib.SMTPRecipientsRefused(
                    dict.fromkeys(refused, (550, b"5.1.1 No such user"))
                )
        return super().send_messages(messages)


DOWN = "tests.test_outbox.DownBackend"
REFUSING = "tests.test_outbox.RefusingBackend"


@pytest.fixture(autouse=True)
def _reset_down_backend():
    DownBackend.error = ConnectionRefusedError(111, "Connection refused")
    DownBackend.calls = 0


@pytest.fixture
def reminded(make_club):
    """Three clubs, each with its renewal reminder queued."""
    for _ in range(3):
        make_club(joined=JOINED)
    advance(now=REMINDER_DAY)
    assert OutboxEmail.objects.filter(status="pending").count() == 3
    return list(OutboxEmail.objects.order_by("pk"))


@pytest.fixture
def one_reminder(make_club):
    make_club(joined=JOINED)
    advance(now=REMINDER_DAY)
    return OutboxEmail.objects.get()


def max_attempts(value):
    return override_settings(DUQ_WORKFLOW={**settings.DUQ_WORKFLOW, **value})


# --- Delivery -------------------------------------------------------------------


def test_sender_delivers_pending_mail_and_marks_it_sent(one_reminder):
    outcome = sender.send_queued(now=REMINDER_DAY)
    one_reminder.refresh_from_db()
    assert outcome.summary() == "1 sent, 0 to retry, 0 failed"
    assert [m.subject for m in mail.outbox] == ["Renewal due on 2027-02-14"]
    assert mail.outbox[0].to == ["club@example.org"]
    assert one_reminder.status == OutboxEmail.Status.SENT
    assert (one_reminder.sent_at, one_reminder.attempts) == (REMINDER_DAY, 1)


def test_sender_run_twice_sends_nothing_twice(reminded):
    sender.send_queued(now=REMINDER_DAY)
    second = sender.send_queued(now=REMINDER_DAY + dt.timedelta(hours=1))
    assert second.sent == 0
    assert len(mail.outbox) == 3
    assert OutboxEmail.objects.filter(status="sent").count() == 3


def test_sender_does_not_send_mail_queued_for_later(one_reminder):
    outcome = sender.send_queued(now=REMINDER_DAY - dt.timedelta(minutes=1))
    assert outcome.sent == 0
    assert mail.outbox == []


def test_sender_respects_its_batch_size(reminded):
    outcome = sender.send_queued(now=REMINDER_DAY, limit=2)
    assert outcome.sent == 2
    assert OutboxEmail.objects.filter(status="pending").count() == 1


# --- Mail server down -----------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(111, "Connection refused"),
        smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
        smtplib.SMTPConnectError(421, "Too busy"),
    ],
    ids=["refused", "disconnected", "busy"],
)
@override_settings(EMAIL_BACKEND=DOWN)
def test_mail_server_down_keeps_transitions_and_delays_mail(make_club, error):
    DownBackend.error = error
    page = make_club(joined=JOINED)
    advance(now=REMINDER_DAY)
    outcome = sender.send_queued(now=REMINDER_DAY)
    email = OutboxEmail.objects.get()
    assert outcome.retrying == 1
    assert email.status == OutboxEmail.Status.PENDING
    assert email.attempts == 1
    assert type(error).__name__ in email.last_error
    assert email.next_attempt_at == REMINDER_DAY + dt.timedelta(seconds=60)
    # The transition that queued it stays committed.
    assert PageLogEntry.objects.filter(
        page_id=page.pk, action="duq_workflow.transition"
    ).exists()
    assert LifecycleInstance.objects.get(page=page).next_check_at == london(2027, 2, 14)


@override_settings(EMAIL_BACKEND=DOWN)
def test_mail_server_down_tries_only_one_email_per_run(reminded):
    outcome = sender.send_queued(now=REMINDER_DAY)
    attempts = list(
        OutboxEmail.objects.order_by("pk").values_list("attempts", flat=True)
    )
    assert DownBackend.calls == 1
    assert attempts == [1, 0, 0]
    assert outcome.retrying == 3
    ready = OutboxEmail.objects.ready(REMINDER_DAY).count()
    assert ready == 2  # released at once, not left under the sender's lease


def test_delayed_mail_goes_out_once_the_server_is_back(one_reminder):
    with override_settings(EMAIL_BACKEND=DOWN):
        sender.send_queued(now=REMINDER_DAY)
    too_soon = sender.send_queued(now=REMINDER_DAY + dt.timedelta(seconds=30))
    assert too_soon.sent == 0
    later = sender.send_queued(now=REMINDER_DAY + dt.timedelta(seconds=61))
    one_reminder.refresh_from_db()
    assert later.sent == 1
    assert len(mail.outbox) == 1
    assert (one_reminder.status, one_reminder.attempts) == ("sent", 2)
    assert one_reminder.last_error == ""


def test_backoff_doubles_and_is_capped_at_a_day():
    assert [sender.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [
        60,
        120,
        240,
        480,
    ]
    assert sender.backoff(30) == dt.timedelta(days=1)


@override_settings(EMAIL_BACKEND=DOWN)
def test_email_fails_for_good_after_the_last_attempt(one_reminder):
    moment = REMINDER_DAY
    with max_attempts({"OUTBOX_MAX_ATTEMPTS": 3}):
        for _ in range(3):
            sender.send_queued(now=moment)
            one_reminder.refresh_from_db()
            moment = one_reminder.next_attempt_at or moment
    assert one_reminder.status == OutboxEmail.Status.FAILED
    assert one_reminder.attempts == 3
    assert one_reminder.next_attempt_at is None
    assert list(OutboxEmail.objects.failed()) == [one_reminder]


# --- Permanent failures ---------------------------------------------------------


@override_settings(EMAIL_BACKEND=REFUSING)
def test_refused_recipient_fails_at_once_and_stays_visible(make_club):
    make_club(joined=JOINED, email="gone@bounce.example.org")
    make_club(joined=JOINED, email="fine@example.org")
    advance(now=REMINDER_DAY)
    outcome = sender.send_queued(now=REMINDER_DAY)
    failed = OutboxEmail.objects.failed().get()
    assert (outcome.sent, outcome.failed) == (1, 1)
    assert failed.to == ["gone@bounce.example.org"]
    assert failed.attempts == 1
    assert "SMTPRecipientsRefused" in failed.last_error
    assert [m.to for m in mail.outbox] == [["fine@example.org"]]


@override_settings(EMAIL_BACKEND=REFUSING)
def test_failed_email_is_not_retried_by_itself(make_club):
    make_club(joined=JOINED, email="gone@bounce.example.org")
    advance(now=REMINDER_DAY)
    sender.send_queued(now=REMINDER_DAY)
    later = sender.send_queued(now=REMINDER_DAY + dt.timedelta(days=3))
    assert later.summary() == "0 sent, 0 to retry, 0 failed"
    assert OutboxEmail.objects.get().attempts == 1


@override_settings(EMAIL_BACKEND=REFUSING)
def test_retry_puts_a_failed_email_back_in_the_queue(make_club):
    make_club(joined=JOINED, email="gone@bounce.example.org")
    advance(now=REMINDER_DAY)
    sender.send_queued(now=REMINDER_DAY)
    email = OutboxEmail.objects.failed().get()
    email.to = ["fixed@example.org"]
    email.save(update_fields=["to"])
    sender.retry(email, now=REMINDER_DAY + dt.timedelta(hours=1))
    assert (
        OutboxEmail.objects.ready(REMINDER_DAY + dt.timedelta(hours=1)).get() == email
    )
    outcome = sender.send_queued(now=REMINDER_DAY + dt.timedelta(hours=1))
    email.refresh_from_db()
    assert outcome.sent == 1
    assert email.status == OutboxEmail.Status.SENT
    assert not OutboxEmail.objects.failed().exists()


# --- Management commands -----------------------------------------------------------


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().splitlines()


def test_send_queued_emails_command_sends_and_reports(reminded):
    with time_machine.travel(REMINDER_DAY, tick=False):
        lines = run("send_queued_emails")
    assert lines == ["3 sent, 0 to retry, 0 failed"]
    assert len(mail.outbox) == 3


def test_advance_workflows_prints_each_transition_and_a_total(make_club):
    make_club(title="Rowing Club", joined=JOINED)
    lines = run("advance_workflows", "--now", "2027-02-20")
    assert lines == [
        "Rowing Club · toy.membership: trial → member (join)",
        "Rowing Club · toy.membership: member → lapsed (not renewed)",
        "2 transitions, 1 emails queued",
    ]
    assert LifecycleInstance.objects.get().state == "lapsed"


def test_advance_workflows_names_the_key_of_a_keyed_instance(make_club):
    from duq_workflow.engine import actions

    page = make_club(title="Chess Club", joined=JOINED)
    actions.start(page, "toy.membership", key="juniors", now=london(2026, 1, 20))
    lines = run("advance_workflows", "--now", "2026-02-14T12:00")
    assert "Chess Club · toy.membership [juniors]: trial → member (join)" in lines
    assert lines[-1] == "2 transitions, 0 emails queued"


def test_advance_workflows_with_nothing_due_says_so(make_club):
    make_club(joined=JOINED)
    assert run("advance_workflows", "--now", "2026-02-01") == [
        "0 transitions, 0 emails queued"
    ]


def test_advance_workflows_dry_run_writes_nothing_and_says_so(make_club):
    page = make_club(title="Rowing Club", joined=JOINED)
    before = LifecycleInstance.objects.values().get(page=page)
    lines = run("advance_workflows", "--now", "2027-02-20", "--dry-run")
    assert lines[-1] == "Dry run, nothing written: 2 transitions, 1 emails queued"
    assert len(lines) == 3
    assert LifecycleInstance.objects.values().get(page=page) == before
    assert not OutboxEmail.objects.exists()
    assert not PageLogEntry.objects.filter(action="duq_workflow.transition").exists()


def test_advance_workflows_reads_a_time_without_a_zone_as_london_time(make_club):
    make_club(title="Rowing Club", joined=JOINED)
    # Trial ends at London midnight starting 14 Feb: 00:00 GMT.
    assert run("advance_workflows", "--now", "2026-02-13T23:59")[-1].startswith("0 ")
    assert run("advance_workflows", "--now", "2026-02-14T00:00")[-1].startswith("1 ")


def test_advance_workflows_accepts_a_time_with_a_zone(make_club):
    make_club(title="Rowing Club", joined=JOINED)
    lines = run("advance_workflows", "--now", "2026-02-14T00:30+01:00")
    assert lines[-1].startswith("0 ")  # 23:30 GMT on the 13th


@pytest.mark.parametrize("value", ["yesterday", "2027-13-01", "31/01/2027", ""])
def test_advance_workflows_refuses_a_bad_now_with_a_clear_message(value):
    with pytest.raises(CommandError, match="not an ISO date or datetime"):
        call_command("advance_workflows", "--now", value, stdout=StringIO())


def test_bad_now_on_the_command_line_is_a_message_not_a_traceback():
    completed = subprocess.run(
        [sys.executable, "manage.py", "advance_workflows", "--now", "yesterday"],
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode != 0
    assert "not an ISO date or datetime" in completed.stderr
    assert "Traceback" not in completed.stderr


# --- Schedules and tasks ------------------------------------------------------------


def test_install_schedules_twice_leaves_two_schedules():
    first = run("install_schedules")
    second = run("install_schedules")
    assert [line.split(":")[0] for line in first] == ["Created", "Created"]
    assert [line.split(":")[0] for line in second] == ["Updated", "Updated"]
    schedules = {s.func: s for s in Schedule.objects.all()}
    assert Schedule.objects.count() == 2
    sweep = schedules["duq_workflow.tasks.advance_workflows"]
    outbox = schedules["duq_workflow.tasks.send_queued_emails"]
    assert sweep.schedule_type == Schedule.HOURLY
    assert (outbox.schedule_type, outbox.minutes) == (Schedule.MINUTES, 1)
    assert sweep.repeats == outbox.repeats == -1


def test_install_schedules_puts_back_a_schedule_someone_changed():
    run("install_schedules")
    Schedule.objects.filter(func="duq_workflow.tasks.advance_workflows").update(
        schedule_type=Schedule.DAILY
    )
    run("install_schedules")
    sweep = Schedule.objects.get(func="duq_workflow.tasks.advance_workflows")
    assert sweep.schedule_type == Schedule.HOURLY


def test_task_functions_run_the_sweep_and_the_sender(make_club):
    make_club(joined=JOINED)
    with time_machine.travel(london(2027, 3, 1), tick=False):
        assert tasks.advance_workflows() == "2 transitions, 1 emails queued"
        assert tasks.send_queued_emails() == "1 sent, 0 to retry, 0 failed"
    assert [m.subject for m in mail.outbox] == ["Membership lapsed"]


def test_django_q_runs_the_tasks_in_process_in_tests(make_club):
    assert settings.Q_CLUSTER["sync"] is True
    make_club(joined=JOINED)
    with time_machine.travel(london(2027, 3, 1), tick=False):
        sweep = async_task("duq_workflow.tasks.advance_workflows")
        outbox = async_task("duq_workflow.tasks.send_queued_emails")
    assert result(sweep) == "2 transitions, 1 emails queued"
    assert result(outbox) == "1 sent, 0 to retry, 0 failed"
    assert LifecycleInstance.objects.get().state == "lapsed"
    assert len(mail.outbox) == 1


def test_sending_again_gives_a_failed_email_a_fresh_set_of_attempts():
    from duq_workflow import sender as outbox_sender

    email = OutboxEmail.objects.create(
        key="k:1:x",
        kind="x",
        to=["a@example.org"],
        subject="S",
        body="B",
        status=OutboxEmail.Status.FAILED,
        attempts=8,
        created_at=timezone.now(),
    )
    outbox_sender.retry(email)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxEmail.Status.PENDING, 0)
