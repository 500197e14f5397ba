"""The outbox: delivery, retries and permanent failures."""

import datetime as dt
import time
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.test import override_settings
from django.utils import timezone
from wagtail.models import PageLogEntry

from duq_workflow import sender
from duq_workflow.commitments.calendar import local_date
from duq_workflow.engine.sweep import advance
from duq_workflow.models import LifecycleInstance, OutboxEmail
from tests.conftest import JOINED, REMINDER_DAY, london, use_smtp
from tests.smtp_server import HOST, RawServer, SMTPServer, free_port

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent


class DownBackend(SMTPBackend):
    """Django's SMTP backend aimed at a loopback port nothing listens on: a
    mail server that is down, for other modules' runs (the state machine's)."""

    port = free_port()

    def __init__(self, **kwargs):
        kwargs.update(host=HOST, port=self.port, use_tls=False, use_ssl=False)
        super().__init__(username="", password="", timeout=2, **kwargs)


def states(emails):
    """(status, attempts, next attempt) of each email, fresh from the database."""
    rows = OutboxEmail.objects.in_bulk([email.pk for email in emails])
    return [
        (rows[e.pk].status, rows[e.pk].attempts, rows[e.pk].next_attempt_at)
        for e in emails
    ]


def last_error(email):
    email.refresh_from_db()
    return email.last_error


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


def plugin_settings(value):
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


# --- A run follows the clock ------------------------------------------------------

LATE_EVENING = london(2027, 1, 16, 23, 59)
A_MINUTE = dt.timedelta(minutes=1)


def queued_now(address):
    """An email ready at this moment (on the clock as it is, travelled or not)."""
    moment = timezone.now()
    return OutboxEmail.objects.create(
        key=f"test:{address}",
        kind="test",
        to=[address],
        subject="Test",
        body="Hello",
        created_at=moment,
        next_attempt_at=moment,
    )


@pytest.fixture
def minute_a_message(monkeypatch):
    """A mail server that takes a minute over each message, on a clock that
    stands still otherwise; ``minute_a_message(then)`` runs ``then()`` after
    each minute, before the message is accepted."""
    original = sender._deliver
    with time_machine.travel(LATE_EVENING, tick=False) as clock:

        def slow(then=lambda: None):
            def deliver(email, connection):
                clock.shift(A_MINUTE)
                then()
                return original(email, connection)

            monkeypatch.setattr(sender, "_deliver", deliver)

        yield slow


def test_each_delivery_is_dated_when_it_happened(minute_a_message):
    """Not when the run began: a warning that a run begun before midnight
    delivers after midnight was delivered on the next day."""
    minute_a_message()
    emails = [queued_now("one@example.org"), queued_now("two@example.org")]
    assert sender.send_queued().sent == 2
    sent = [OutboxEmail.objects.get(pk=email.pk).sent_at for email in emails]
    assert sent == [LATE_EVENING + A_MINUTE, LATE_EVENING + 2 * A_MINUTE]
    assert local_date(sent[0]) == dt.date(2027, 1, 17)


def test_a_run_sends_the_emails_queued_while_it_runs(minute_a_message, settings):
    settings.DUQ_WORKFLOW = {**settings.DUQ_WORKFLOW, "OUTBOX_BATCH_SIZE": 1}
    queued_now("first@example.org")
    later = []
    minute_a_message(lambda: later or later.append(queued_now("later@example.org")))
    assert sender.send_queued().sent == 2
    assert [m.to for m in mail.outbox] == [["first@example.org"], ["later@example.org"]]


def test_a_rehearsal_dates_its_deliveries_at_its_own_moment(minute_a_message):
    minute_a_message()
    email = queued_now("one@example.org")
    assert sender.send_queued(now=REMINDER_DAY).sent == 1
    email.refresh_from_db()
    assert email.sent_at == REMINDER_DAY


# --- Through a real SMTP server: what the server says decides ------------------

ONE_MINUTE = dt.timedelta(minutes=1)
SOON = REMINDER_DAY + ONE_MINUTE  # the first backoff


def test_sender_delivers_through_a_real_smtp_server(smtp, queue):
    emails = queue("ok")
    outcome = sender.send_queued(now=REMINDER_DAY)
    assert outcome.summary() == "1 sent, 0 to retry, 0 failed"
    assert smtp.delivered_to == [["ok@example.org"]]
    assert states(emails) == [("sent", 1, emails[0].next_attempt_at)]


def test_each_email_carries_a_message_id_of_its_own_from_our_domain(
    smtp, queue, settings
):
    settings.DEFAULT_FROM_EMAIL = "The Code's team <team@example.net>"
    emails = queue("ok", "also")
    sender.send_queued(now=REMINDER_DAY)
    assert smtp.message_ids == [sender.message_id(email) for email in emails]
    assert len(set(smtp.message_ids)) == 2
    assert all(mid.endswith("@example.net>") for mid in smtp.message_ids)


def test_every_try_at_an_email_carries_the_same_message_id(smtp, queue):
    (email,) = queue("ok")
    sender.send_queued(now=REMINDER_DAY)
    email.refresh_from_db()
    sender.retry(email)  # an editor's "Send again"
    assert sender.send_queued().sent == 1
    assert smtp.message_ids == [sender.message_id(email)] * 2


@pytest.mark.parametrize(
    "kind, answer",
    [
        ("grey", "450 4.2.0"),  # greylisted at RCPT TO
        ("busy", "451 4.7.1"),  # a rate limit at RCPT TO
        ("later", "451 4.3.0"),  # a temporary problem at DATA
    ],
)
def test_a_temporary_answer_is_retried_later_and_the_run_goes_on(
    smtp, queue, kind, answer
):
    emails = queue(kind, "ok")
    outcome = sender.send_queued(now=REMINDER_DAY)
    assert outcome.summary() == "1 sent, 1 to retry, 0 failed"
    assert states(emails)[0] == ("pending", 1, SOON)
    assert smtp.delivered_to == [["ok@example.org"]]
    assert answer in last_error(emails[0])
    assert "temporary, will try again" in last_error(emails[0])


@pytest.mark.parametrize(
    "kind, answer",
    [
        ("gone", "550 5.1.1"),  # no such user at RCPT TO
        ("spam", "554 5.7.1"),  # the message refused at DATA
    ],
)
def test_a_permanent_answer_fails_that_email_at_once_and_the_run_goes_on(
    smtp, queue, kind, answer
):
    emails = queue(kind, "ok")
    outcome = sender.send_queued(now=REMINDER_DAY)
    assert outcome.summary() == "1 sent, 0 to retry, 1 failed"
    assert states(emails)[0] == ("failed", 1, None)
    assert list(OutboxEmail.objects.failed()) == [emails[0]]
    assert smtp.delivered_to == [["ok@example.org"]]
    assert answer in last_error(emails[0])


def test_a_refusal_is_kept_in_words_an_editor_can_read(smtp, queue):
    (email,) = queue("gone")
    sender.send_queued(now=REMINDER_DAY)
    assert last_error(email) == (
        "The mail server refused the recipient (gone@example.org: 550 5.1.1 "
        "<gone@example.org>: Recipient address rejected: User unknown): "
        "permanent, not sent"
    )


def test_a_mixed_run_sends_what_it_can_and_sorts_the_rest(smtp, queue):
    queue("ok", "grey", "gone", "spam", "later", "ok")
    outcome = sender.send_queued(now=REMINDER_DAY)
    assert outcome.summary() == "2 sent, 2 to retry, 2 failed"
    assert smtp.delivered_to == [["ok@example.org"], ["ok@example.org"]]
    failed = OutboxEmail.objects.failed().values_list("to", flat=True)
    assert sorted(failed) == [["gone@example.org"], ["spam@example.org"]]


def test_a_greylisted_email_goes_out_at_its_next_attempt(smtp, queue):
    (email,) = queue("grey")
    sender.send_queued(now=REMINDER_DAY)
    too_soon = sender.send_queued(now=SOON - dt.timedelta(seconds=1))
    assert too_soon.sent == 0
    later = sender.send_queued(now=SOON)
    assert later.sent == 1
    assert smtp.delivered_to == [["grey@example.org"]]
    assert states([email]) == [("sent", 2, SOON)]
    assert last_error(email) == ""


def attempt_until_settled(email, moment, limit=200):
    """Run the sender at each of ``email``'s next attempts until it is sent or
    failed; return the moments of the attempts."""
    moments = []
    for _ in range(limit):
        sender.send_queued(now=moment)
        moments.append(moment)
        email.refresh_from_db()
        if email.status != OutboxEmail.Status.PENDING:
            return moments
        moment = email.next_attempt_at
    raise AssertionError(f"still pending after {limit} attempts")


def test_a_temporary_answer_is_retried_for_three_days_with_waits_capped_at_an_hour(
    smtp, queue
):
    (email,) = queue("busy")
    moments = attempt_until_settled(email, REMINDER_DAY)
    waits = [b - a for a, b in zip(moments, moments[1:], strict=False)]
    minutes = [wait / dt.timedelta(minutes=1) for wait in waits]
    assert minutes[:7] == [1, 2, 4, 8, 16, 32, 60]
    assert set(minutes[6:-1]) == {60}
    # The last wait is cut short so that the last try falls on the end itself.
    assert moments[-1] == email.created_at + dt.timedelta(days=3)
    assert (email.status, email.attempts) == ("failed", len(moments))
    assert email.failure == OutboxEmail.Failure.KEPT_DEFERRING
    assert "451 4.7.1" in email.last_error
    assert email.last_error.endswith(
        ": not sent: still refused when the 3 days allowed for retries had passed "
        f"(after {len(moments)} attempts)"
    )


def test_the_retry_time_is_a_setting(smtp, queue):
    (email,) = queue("busy")
    with plugin_settings({"OUTBOX_RETRY_FOR_HOURS": 2}):
        moments = attempt_until_settled(email, REMINDER_DAY)
        assert moments[-1] - REMINDER_DAY == dt.timedelta(hours=2)
        assert "the 2 hours allowed for retries" in email.last_error


def test_an_email_refused_first_after_a_long_outage_gets_another_try(smtp_down, queue):
    (email,) = queue("grey")
    four_days_later = REMINDER_DAY + dt.timedelta(days=4)
    sender.send_queued(now=REMINDER_DAY)
    sender.send_queued(now=four_days_later - dt.timedelta(minutes=1))
    with SMTPServer(port=smtp_down) as server:
        first = sender.send_queued(now=four_days_later)
        assert states([email]) == [("pending", 1, four_days_later + ONE_MINUTE)]
        second = sender.send_queued(now=four_days_later + ONE_MINUTE)
    assert (first.retrying, second.sent) == (1, 1)
    assert server.handler.delivered_to == [["grey@example.org"]]


def test_an_email_refused_again_after_its_retry_time_fails(smtp, queue):
    (email,) = queue("busy")
    later = REMINDER_DAY + dt.timedelta(days=4)
    sender.send_queued(now=later)
    sender.send_queued(now=later + ONE_MINUTE)
    assert states([email]) == [("failed", 2, None)]


def test_a_throttled_sender_address_stops_the_run(smtp, queue):
    smtp.throttle_senders = True
    emails = queue("ok", "ok", "ok")
    outcome = sender.send_queued(now=REMINDER_DAY)
    assert outcome.summary() == "0 sent, 3 to retry, 0 failed"
    assert states(emails) == [
        ("pending", 1, SOON),
        ("pending", 0, REMINDER_DAY),
        ("pending", 0, REMINDER_DAY),
    ]
    assert "451 4.7.1" in last_error(emails[0])
    assert smtp.delivered == []


# --- Mail server down, hanging up or stalling --------------------------------------


def test_mail_server_down_keeps_transitions_and_delays_mail(smtp_down, make_club):
    page = make_club(joined=JOINED)
    advance(now=REMINDER_DAY)
    outcome = sender.send_queued(now=REMINDER_DAY)
    email = OutboxEmail.objects.get()
    assert outcome.summary() == "0 sent, 1 to retry, 0 failed"
    # Waiting for the next run, with no attempt counted against it.
    assert (email.status, email.attempts) == ("pending", 0)
    assert email.next_attempt_at == REMINDER_DAY
    assert email.last_error.startswith("The mail server could not be reached (")
    assert email.last_error.endswith("): not sent yet, will try again")
    # The transition that queued it stays committed.
    assert PageLogEntry.objects.filter(
        page_id=page.pk, action="duq_workflow.transition"
    ).exists()
    assert LifecycleInstance.objects.get(page=page).next_check_at == london(2027, 2, 14)


@pytest.mark.parametrize(
    "greeting",
    [b"421 4.3.2 Too busy, try again later\r\n", None],
    ids=["too busy", "says nothing"],
)
def test_a_server_that_will_not_greet_counts_against_no_email(
    settings, queue, greeting
):
    emails = queue("ok", "ok", "ok")
    with RawServer(greeting) as server:
        use_smtp(settings, server.port, timeout=1)
        started = time.monotonic()
        outcome = sender.send_queued(now=REMINDER_DAY)
    assert time.monotonic() - started < 5
    assert outcome.summary() == "0 sent, 3 to retry, 0 failed"
    assert states(emails) == [("pending", 0, REMINDER_DAY)] * 3


def test_mail_server_down_tries_no_email_and_counts_none(smtp_down, queue):
    emails = queue("ok", "ok", "ok")
    outcome = sender.send_queued(now=REMINDER_DAY)
    assert outcome.retrying == 3
    assert states(emails) == [("pending", 0, REMINDER_DAY)] * 3
    # Released at once, not left under the sender's lease.
    assert OutboxEmail.objects.ready(REMINDER_DAY).count() == 3


def test_delayed_mail_goes_out_once_the_server_is_back(smtp_down, queue):
    (email,) = queue("ok")
    sender.send_queued(now=REMINDER_DAY)
    with SMTPServer(port=smtp_down) as server:
        later = sender.send_queued(now=REMINDER_DAY + dt.timedelta(minutes=1))
    assert later.sent == 1
    assert server.handler.delivered_to == [["ok@example.org"]]
    assert states([email])[0][:2] == ("sent", 1)
    assert last_error(email) == ""


@pytest.mark.parametrize("kind", ["hangup", "closing"])
def test_a_server_that_hangs_up_stops_the_run_and_the_rest_wait(smtp, queue, kind):
    emails = queue(kind, "ok", "ok")
    outcome = sender.send_queued(now=REMINDER_DAY)
    assert outcome.summary() == "0 sent, 3 to retry, 0 failed"
    assert smtp.delivered == []
    rest = [("pending", 0, REMINDER_DAY)] * 2
    if kind == "closing":  # 421: the server closes, whatever the email
        assert states(emails) == [("pending", 0, REMINDER_DAY), *rest]
    else:  # the email in flight may be the cause: it counts one attempt
        assert states(emails) == [("pending", 1, SOON), *rest]


def test_a_stalling_server_is_given_up_at_the_timeout(smtp, queue, settings):
    settings.EMAIL_TIMEOUT = 1
    emails = queue("slow", "ok")
    started = time.monotonic()
    outcome = sender.send_queued(now=REMINDER_DAY)
    assert time.monotonic() - started < 5  # the server stalls for 30 s
    assert outcome.summary() == "0 sent, 2 to retry, 0 failed"
    assert states(emails) == [("pending", 1, SOON), ("pending", 0, REMINDER_DAY)]
    assert "timed out" in last_error(emails[0])


def test_without_an_email_timeout_the_sender_sets_one(
    smtp, queue, settings, monkeypatch
):
    settings.EMAIL_TIMEOUT = None
    monkeypatch.setattr(sender, "DEFAULT_SMTP_TIMEOUT", 1)
    queue("slow")
    started = time.monotonic()
    outcome = sender.send_queued(now=REMINDER_DAY)
    assert time.monotonic() - started < 5
    assert outcome.retrying == 1


# --- Permanent failures ---------------------------------------------------------


def test_failed_email_is_not_retried_by_itself(smtp, queue):
    (email,) = queue("gone")
    sender.send_queued(now=REMINDER_DAY)
    later = sender.send_queued(now=REMINDER_DAY + dt.timedelta(days=3))
    assert later.summary() == "0 sent, 0 to retry, 0 failed"
    assert states([email]) == [("failed", 1, None)]


def test_retry_puts_a_failed_email_back_in_the_queue(smtp, queue):
    (email,) = queue("gone")
    sender.send_queued(now=REMINDER_DAY)
    email.refresh_from_db()
    email.to = ["fixed@example.org"]
    email.save(update_fields=["to"])
    an_hour_later = REMINDER_DAY + dt.timedelta(hours=1)
    sender.retry(email, now=an_hour_later)
    assert OutboxEmail.objects.ready(an_hour_later).get() == email
    outcome = sender.send_queued(now=an_hour_later)
    assert outcome.sent == 1
    assert smtp.delivered_to == [["fixed@example.org"]]
    assert states([email]) == [("sent", 1, an_hour_later)]
    assert not OutboxEmail.objects.failed().exists()


def test_an_email_sent_again_says_an_editor_put_it_back_in_the_queue(smtp, queue):
    from duq_workflow.delivery import delivery_words

    (email,) = queue("gone")
    sender.send_queued(now=REMINDER_DAY)
    email.refresh_from_db()
    sender.retry(email, now=REMINDER_DAY + dt.timedelta(hours=1))
    email.refresh_from_db()

    words = delivery_words(email)
    assert words == "Waiting to be sent again: an editor put it back in the queue"
    assert "could not be reached" not in words
    assert "550" in email.last_error  # the server's answer is still there to read


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


def test_sending_again_gives_a_failed_email_a_fresh_retry_time(smtp, queue):
    (email,) = queue("busy")
    four_days_later = REMINDER_DAY + dt.timedelta(days=4)
    attempt_until_settled(email, REMINDER_DAY)
    sender.retry(email, now=four_days_later)
    email.refresh_from_db()
    assert email.retry_until == four_days_later + dt.timedelta(days=3)
    sender.send_queued(now=four_days_later)
    assert states([email]) == [("pending", 1, four_days_later + ONE_MINUTE)]


def test_the_old_attempts_setting_is_reported_as_no_longer_used(settings):
    from duq_workflow.checks import obsolete_settings

    settings.DUQ_WORKFLOW = {**settings.DUQ_WORKFLOW, "OUTBOX_MAX_ATTEMPTS": 8}
    (warning,) = obsolete_settings()
    assert warning.id == "duq_workflow.W001"
    assert "OUTBOX_RETRY_FOR_HOURS" in warning.hint


def test_current_settings_raise_no_warning():
    from duq_workflow.checks import obsolete_settings

    assert obsolete_settings() == []
