"""Senders claim each email with a lease: two senders never send the same
email, and a sender that dies repeats at most the one it was sending.

The processes' tests need PostgreSQL (``DATABASE_URL=postgres://...``); the
rest run on either database.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
import time_machine
from django.core.mail import get_connection
from django.utils import timezone

from duq_workflow import sender
from duq_workflow.models import OutboxEmail
from tests.conftest import REMINDER_DAY, use_smtp
from tests.smtp_server import SMTPServer
from tests.test_engine_concurrency import WORKER, run_together, worker_database_url

pytestmark = pytest.mark.django_db
IS_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


def in_processes_on_postgres(test):
    """Committed data, so that worker processes see it; PostgreSQL only."""
    marks = [
        pytest.mark.postgres,
        pytest.mark.skipif(not IS_POSTGRES, reason="needs PostgreSQL (DATABASE_URL)"),
        pytest.mark.django_db(transaction=True, serialized_rollback=True),
    ]
    for mark in marks:
        test = mark(test)
    return test


LEASE = dt.timedelta(minutes=10)  # OUTBOX_LEASE_SECONDS's default


@pytest.fixture
def outbox():
    """``outbox(30)``: that many emails ready at REMINDER_DAY, each to its own
    address (n0@example.org, n1@…), in that order."""

    def make(count):
        OutboxEmail.objects.bulk_create(
            OutboxEmail(
                key=f"test:{n}",
                kind="test",
                to=[f"n{n}@example.org"],
                subject=f"Test {n}",
                body="Hello",
                created_at=REMINDER_DAY,
                next_attempt_at=REMINDER_DAY,
            )
            for n in range(count)
        )
        return list(OutboxEmail.objects.order_by("pk"))

    return make


def later(delta):
    """The real clock moved on by ``delta`` (a lease is a real moment)."""
    return time_machine.travel(timezone.now() + delta)


def statuses():
    return Counter(OutboxEmail.objects.values_list("status", flat=True))


def delivered_once_each(handler, count):
    return Counter(to for (to,) in handler.delivered_to) == {
        f"n{n}@example.org": 1 for n in range(count)
    }


# --- Leases, in one process -------------------------------------------------------


def test_claimed_emails_are_not_ready_for_another_sender(outbox):
    outbox(3)
    claimed = sender.Claim().take(REMINDER_DAY, 2)
    assert len(claimed) == 2
    assert OutboxEmail.objects.ready(REMINDER_DAY).count() == 1
    assert sender.Claim().take(REMINDER_DAY, 10) != claimed


def test_emails_of_a_sender_that_died_are_sent_once_its_lease_runs_out(smtp, outbox):
    outbox(3)
    sender.Claim().take(REMINDER_DAY, 10)  # and then nothing: it died
    assert sender.send_queued(now=REMINDER_DAY).sent == 0
    with later(LEASE + dt.timedelta(seconds=1)):
        assert sender.send_queued(now=REMINDER_DAY).sent == 3
    assert delivered_once_each(smtp, 3)


def test_a_sender_renews_its_lease_while_it_works(smtp, outbox):
    emails = outbox(3)
    claim = sender.Claim()
    claim.take(REMINDER_DAY, 10)
    with later(LEASE * 0.6):
        assert claim.hold(emails[0])  # past half the lease: renews them all
    with later(LEASE * 1.5):
        assert not OutboxEmail.objects.ready(REMINDER_DAY).exists()
    with later(LEASE * 1.7):
        assert OutboxEmail.objects.ready(REMINDER_DAY).count() == 3


def test_a_sender_that_outlasts_its_lease_sends_nothing_another_took_over(smtp, outbox):
    emails = outbox(3)
    slow, result = sender.Claim(), sender.SendResult()
    slow.take(REMINDER_DAY, 10)
    with later(LEASE + dt.timedelta(seconds=1)):
        assert sender.send_queued(now=REMINDER_DAY).sent == 3
    connection = get_connection()
    connection.open()
    try:
        sender._send_each(emails, connection, slow, lambda: REMINDER_DAY, result)
    finally:
        connection.close()
    assert (result.sent, result.taken_over) == (0, 3)
    assert (
        result.summary()
        == "0 sent, 0 to retry, 0 failed, 3 taken over by another sender"
    )
    assert delivered_once_each(smtp, 3)


def test_a_sender_records_nothing_over_another_senders_claim(outbox):
    (email,) = outbox(1)
    slow = sender.Claim()
    slow.take(REMINDER_DAY, 1)
    with later(LEASE + dt.timedelta(seconds=1)):
        assert sender.Claim().take(REMINDER_DAY, 1) == [email]
    email.status, email.last_error = OutboxEmail.Status.FAILED, "stale"
    assert not slow.record(email, status=email.status, last_error=email.last_error)
    email.refresh_from_db()
    assert (email.status, email.last_error) == ("pending", "")


def test_a_finished_email_carries_no_claim(smtp, outbox):
    outbox(2)
    sender.send_queued(now=REMINDER_DAY)
    claims = set(OutboxEmail.objects.values_list("claim_id", "claimed_until"))
    assert claims == {(None, None)}


# --- A run goes on while mail is ready ----------------------------------------------


def test_a_run_sends_batch_after_batch_on_one_connection(smtp, outbox, settings):
    outbox(25)
    settings.DUQ_WORKFLOW = {**settings.DUQ_WORKFLOW, "OUTBOX_BATCH_SIZE": 10}
    opened = []
    original = sender._open
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sender, "_open", lambda c: opened.append(c) or original(c))
        result = sender.send_queued(now=REMINDER_DAY)
    assert (result.sent, len(opened)) == (25, 1)
    assert delivered_once_each(smtp, 25)


def test_a_run_stops_claiming_when_its_time_is_up(smtp, outbox, settings):
    outbox(25)
    settings.DUQ_WORKFLOW = {
        **settings.DUQ_WORKFLOW,
        "OUTBOX_BATCH_SIZE": 10,
        "OUTBOX_RUN_SECONDS": 0,
    }
    result = sender.send_queued(now=REMINDER_DAY)
    assert result.sent == 0
    assert statuses() == {"pending": 25}


def test_a_limit_caps_the_run(smtp, outbox, settings):
    outbox(25)
    settings.DUQ_WORKFLOW = {**settings.DUQ_WORKFLOW, "OUTBOX_BATCH_SIZE": 10}
    assert sender.send_queued(now=REMINDER_DAY, limit=15).sent == 15
    assert statuses() == {"sent": 15, "pending": 10}


# --- Senders in processes, on PostgreSQL ----------------------------------------------


@pytest.fixture
def slow_smtp(settings):
    """A real SMTP server that takes ``data_delay`` seconds over each message."""
    with SMTPServer() as server:
        server.handler.data_delay = 0.05
        use_smtp(settings, server.port)
        yield server


@in_processes_on_postgres
@pytest.mark.parametrize("batch", [5, 0], ids=["small batches", "whole runs"])
def test_two_senders_at_once_on_a_slow_server_send_each_email_once(
    slow_smtp, outbox, batch
):
    count = 40
    outbox(count)
    # A lease of one second, and a server taking 1/20 s an email: each sender
    # lives through many leases, and only renewing them keeps the other out.
    job = ["send-smtp", REMINDER_DAY.isoformat(), str(slow_smtp.port), str(batch), "1"]
    senders = run_together(job, job)
    assert sum(s["sent"] for s in senders) == count
    assert delivered_once_each(slow_smtp.handler, count)
    assert statuses() == {"sent": count}


def start_worker(*job):
    env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
    }
    worker = subprocess.Popen(  # noqa: S603 - our own worker script
        [sys.executable, str(WORKER), *job],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert worker.stdout.readline().strip() == "ready", worker.stderr.read()
    worker.stdin.write("go\n")
    worker.stdin.flush()
    return worker


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "waited too long"
        time.sleep(0.01)  # polling a real process, not passing test time


@in_processes_on_postgres
def test_a_sender_killed_mid_run_repeats_at_most_the_email_in_flight(slow_smtp, outbox):
    count = 30
    outbox(count)
    job = ["send-smtp", REMINDER_DAY.isoformat(), str(slow_smtp.port), "0", "600"]
    worker = start_worker(*job)
    wait_for(lambda: len(slow_smtp.handler.delivered) >= 8)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    worker.stdout.close(), worker.stderr.close(), worker.stdin.close()
    killed_after = len(slow_smtp.handler.delivered)
    assert killed_after < count
    # Its claims hold until its lease runs out; then the next run sends the rest.
    assert sender.send_queued(now=REMINDER_DAY).sent == 0
    with later(LEASE + dt.timedelta(seconds=1)):
        finished = sender.send_queued(now=REMINDER_DAY)
    assert statuses() == {"sent": count}
    delivered = Counter(to for (to,) in slow_smtp.handler.delivered_to)
    assert set(delivered) == {f"n{n}@example.org" for n in range(count)}
    assert sum(delivered.values()) - count <= 1
    assert finished.sent in {count - killed_after, count - killed_after + 1}


def test_a_run_that_cannot_reach_the_server_lets_its_claims_go(smtp_down, outbox):
    outbox(3)
    assert sender.send_queued(now=REMINDER_DAY).retrying == 3
    assert OutboxEmail.objects.ready(REMINDER_DAY).count() == 3
    assert set(OutboxEmail.objects.values_list("claim_id", flat=True)) == {None}
