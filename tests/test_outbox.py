"""The outbox: delivery, retries and permanent failures."""

import datetime as dt
import smtplib
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as MemoryBackend
from django.test import override_settings
from django.utils import timezone
from wagtail.models import PageLogEntry

from duq_workflow import sender
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
