"""The outbox sender: delivers queued emails with retries and backoff.

What becomes of an email that does not go is decided by what the mail server
said about it (its SMTP reply code):

- **4xx for this email** (greylisting, a rate limit, a mailbox busy for now) is
  temporary: the email is tried again later, each wait twice the last, and
  fails for good only after ``OUTBOX_MAX_ATTEMPTS`` attempts. A 4xx to the
  sender address (MAIL FROM) throttles the whole connection, so the run stops
  there and the rest wait, with no attempt counted against them.
- **5xx for this email** (an unknown recipient, a message refused at DATA) is
  permanent: the email is marked as failed at once, visible to editors, and the
  run goes on with the next email.
- **A server that cannot be reached**, refuses the connection, answers 421
  (closing) or fails to greet us stops the run: every email waits for the next
  run and none counts an attempt. **A connection that breaks during an email**
  (a timeout, a disconnect) stops the run too and counts one attempt against
  that email only: it may be the cause, and a message that breaks the server
  every time must not hold up the queue for ever.

``last_error`` keeps the server's code and text, in words an editor can read.
"""

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connections, router, transaction
from django.db.models import Q
from django.utils import timezone

from duq_workflow.conf import workflow_setting
from duq_workflow.models import LifecycleInstance, OutboxEmail

logger = logging.getLogger(__name__)
MAX_BACKOFF = dt.timedelta(days=1)
LEASE = dt.timedelta(minutes=10)
# Seconds to wait for the mail server before giving up on it, when the email
# backend has no timeout of its own (Django's EMAIL_TIMEOUT): without one, a
# server that stops answering would hold the sender for ever.
DEFAULT_SMTP_TIMEOUT = 30
SERVER_CLOSING = 421
WAITING = "not sent yet, will try again"
# Answers to one message's transaction (MAIL FROM, RCPT TO, DATA).
MESSAGE_ANSWERS = (
    smtplib.SMTPSenderRefused,
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPDataError,
)


@dataclass
class SendResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    def summary(self):
        return f"{self.sent} sent, {self.retrying} to retry, {self.failed} failed"


@dataclass(frozen=True)
class Outcome:
    """What a failed attempt means: for this email and for the run."""

    summary: str
    permanent: bool = False
    counted: bool = True
    stops_run: bool = False


class ServerUnavailable(Exception):
    """The mail server could not be reached, or would not take mail at all."""


def backoff(attempts):
    """The wait after the ``attempts``-th failed attempt."""
    base = dt.timedelta(seconds=workflow_setting("OUTBOX_BACKOFF_SECONDS"))
    return min(base * (2 ** (attempts - 1)), MAX_BACKOFF)


def _claim(now, limit):
    """Lease the ready emails: a short transaction moves their next attempt
    past the lease, so another sender skips them while this one works and
    picks them up again if this one dies."""
    queryset = OutboxEmail.objects.ready(now).order_by("next_attempt_at", "pk")
    connection = connections[router.db_for_write(OutboxEmail)]
    if connection.features.has_select_for_update_skip_locked:
        queryset = queryset.select_for_update(skip_locked=True)
    with transaction.atomic():
        emails = list(queryset[:limit])
        OutboxEmail.objects.filter(pk__in=[e.pk for e in emails]).update(
            next_attempt_at=now + LEASE
        )
    return emails


# --- What the server said -----------------------------------------------------


def _reply(code, text):
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(str(text).split())}".strip()


def _judge_answer(error):
    """An SMTP answer to this email's MAIL FROM, RCPT TO or DATA."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = error.recipients.items()
        codes = [code for _address, (code, _text) in answers]
        words = "; ".join(f"{a}: {_reply(c, t)}" for a, (c, t) in answers)
        stage = f"The mail server refused the recipient ({words})"
    elif isinstance(error, smtplib.SMTPSenderRefused):
        codes = [error.smtp_code]
        words = _reply(error.smtp_code, error.smtp_error)
        stage = f"The mail server refused the sender {error.sender} ({words})"
    else:
        codes = [error.smtp_code]
        words = _reply(error.smtp_code, error.smtp_error)
        stage = f"The mail server refused the message ({words})"
    if SERVER_CLOSING in codes:
        return Outcome(
            f"The mail server was closing ({words})", counted=False, stops_run=True
        )
    if all(code >= 500 for code in codes):
        return Outcome(stage, permanent=True)
    throttled = isinstance(error, smtplib.SMTPSenderRefused)
    return Outcome(stage, stops_run=throttled)


def judge(error):
    """Sort a failed attempt by what the server said (see the module's doc)."""
    if isinstance(error, MESSAGE_ANSWERS):
        return _judge_answer(error)
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return Outcome(
            f"The mail server cannot take this message ({error})", permanent=True
        )
    if isinstance(error, OSError):  # a timeout, a disconnect, any other SMTP error
        text = str(error) or type(error).__name__
        return Outcome(
            f"The connection to the mail server broke while sending ({text})",
            stops_run=True,
        )
    return Outcome(f"{type(error).__name__}: {error}")


# --- Sending ----------------------------------------------------------------------


def _deliver(email, connection):
    message = EmailMessage(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=email.to,
        connection=connection,
    )
    message.send(fail_silently=False)


def _open(connection):
    """Open one connection for the whole run, with a timeout."""
    if getattr(connection, "timeout", False) is None:
        connection.timeout = DEFAULT_SMTP_TIMEOUT
    try:
        connection.open()
    except OSError as error:  # refused, timed out, no greeting, no login
        text = str(error) or type(error).__name__
        raise ServerUnavailable(
            f"The mail server could not be reached ({text}): {WAITING}"
        ) from error


def _close(connection):
    try:
        connection.close()
    except OSError:
        logger.warning("The mail server connection did not close cleanly.")


def send_queued(now=None, limit=None):
    """Send the emails that are ready, once. Safe to run in several places at
    once: each email is leased to one sender. No database transaction is held
    while talking to the mail server.

    :return: a :class:`SendResult`.
    """
    now = now or timezone.now()
    result = SendResult()
    emails = _claim(now, limit or workflow_setting("OUTBOX_BATCH_SIZE"))
    if not emails:
        return result
    connection = get_connection(fail_silently=False)
    try:
        _open(connection)
    except ServerUnavailable as error:
        logger.warning("%s; %d emails wait.", error, len(emails))
        _release(emails, now, last_error=str(error))
        result.retrying += len(emails)
        return result
    try:
        _send_each(emails, connection, now, result)
    finally:
        _close(connection)
        wake_instances(emails, now)
    return result


def wake_instances(emails, now):
    """Make the lifecycles these emails belong to due now, once the emails are
    delivered or have failed for good: a definition may wait on a delivery
    (no suspension before the warning has arrived)."""
    done = (OutboxEmail.Status.SENT, OutboxEmail.Status.FAILED)
    ids = {e.instance_id for e in emails if e.instance_id and e.status in done}
    if ids:
        LifecycleInstance.objects.filter(pk__in=ids).filter(
            Q(next_check_at__isnull=True) | Q(next_check_at__gt=now)
        ).update(next_check_at=now)


def _send_each(emails, connection, now, result):
    for index, email in enumerate(emails):
        try:
            _deliver(email, connection)
        except Exception as error:  # noqa: BLE001 - every failure is recorded
            outcome = judge(error)
            _record_failure(email, outcome, now)
            result.failed += email.status == OutboxEmail.Status.FAILED
            result.retrying += email.status == OutboxEmail.Status.PENDING
            if outcome.stops_run:
                # The rest wait for the next run, no attempt counted.
                _release(emails[index + 1 :], now)
                result.retrying += len(emails) - index - 1
                return
        else:
            email.status, email.sent_at, email.last_error = (
                OutboxEmail.Status.SENT,
                now,
                "",
            )
            email.attempts += 1
            _save_attempt(email)
            result.sent += 1


def _record_failure(email, outcome, now):
    """Count the attempt (or not), and say in ``last_error`` what follows."""
    email.attempts += outcome.counted
    if not outcome.counted:
        email.next_attempt_at, follows = now, WAITING
    elif outcome.permanent or _out_of_attempts(email):
        email.status, email.next_attempt_at = OutboxEmail.Status.FAILED, None
        follows = (
            "permanent, not sent"
            if outcome.permanent
            else f"not sent, gave up after {email.attempts} attempts"
        )
    else:
        email.next_attempt_at = now + backoff(email.attempts)
        follows = "temporary, will try again"
    email.last_error = f"{outcome.summary}: {follows}"[:2000]
    failed = email.status == OutboxEmail.Status.FAILED
    log = logger.error if failed else logger.warning
    log("Email %s: %s", email.key, email.last_error)
    _save_attempt(email)


def _out_of_attempts(email):
    return email.attempts >= workflow_setting("OUTBOX_MAX_ATTEMPTS")


def _save_attempt(email):
    email.save(
        update_fields=["status", "sent_at", "attempts", "last_error", "next_attempt_at"]
    )


def _release(emails, now, last_error=None):
    changes = {"next_attempt_at": now}
    if last_error is not None:
        changes["last_error"] = last_error[:2000]
    OutboxEmail.objects.filter(pk__in=[e.pk for e in emails]).update(**changes)


def retry(email, now=None):
    """Put a failed email back in the queue with a fresh set of attempts (an
    editor's action, usually after fixing the address or the mail server)."""
    email.status = OutboxEmail.Status.PENDING
    email.next_attempt_at = now or timezone.now()
    email.attempts = 0
    email.save(update_fields=["status", "next_attempt_at", "attempts"])
