"""The outbox sender: delivers queued emails with retries and backoff.

A failed attempt is recorded and retried later, each wait twice the last;
after ``OUTBOX_MAX_ATTEMPTS`` (or at once, when the server refuses every
recipient) the email is marked as failed and stays visible to editors.
"""

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connections, router, transaction
from django.utils import timezone

from duq_workflow.conf import workflow_setting
from duq_workflow.models import OutboxEmail

logger = logging.getLogger(__name__)
MAX_BACKOFF = dt.timedelta(days=1)
LEASE = dt.timedelta(minutes=10)
PERMANENT_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused)
UNREACHABLE_ERRORS = (OSError, smtplib.SMTPConnectError, smtplib.SMTPServerDisconnected)


@dataclass
class SendResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    def summary(self):
        return f"{self.sent} sent, {self.retrying} to retry, {self.failed} failed"


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


def _record_failure(email, error, now):
    email.attempts += 1
    email.last_error = f"{type(error).__name__}: {error}"[:2000]
    permanent = isinstance(error, PERMANENT_ERRORS)
    if permanent or email.attempts >= workflow_setting("OUTBOX_MAX_ATTEMPTS"):
        email.status = OutboxEmail.Status.FAILED
        email.next_attempt_at = None
        logger.error("Email %s failed for good: %s", email.key, email.last_error)
    else:
        email.next_attempt_at = now + backoff(email.attempts)
        logger.warning("Email %s will be retried: %s", email.key, email.last_error)


def _deliver(email, connection):
    message = EmailMessage(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=email.to,
        connection=connection,
    )
    message.send(fail_silently=False)


def send_queued(now=None, limit=None):
    """Send the emails that are ready, once. Safe to run in several places at
    once: each email is leased to one sender. No database transaction is held
    while talking to the mail server.

    :return: a :class:`SendResult`.
    """
    now = now or timezone.now()
    result = SendResult()
    emails = _claim(now, limit or workflow_setting("OUTBOX_BATCH_SIZE"))
    connection = get_connection(fail_silently=False)
    try:
        _send_each(emails, connection, now, result)
    finally:
        connection.close()
    return result


def _send_each(emails, connection, now, result):
    for index, email in enumerate(emails):
        try:
            # A backend closes only the connections it opened itself, so this
            # keeps one connection for the whole run (a no-op once open). A
            # server that is down fails here, against this email.
            connection.open()
            _deliver(email, connection)
        except Exception as error:  # noqa: BLE001 - every failure is recorded
            _record_failure(email, error, now)
            _save_attempt(email)
            result.failed += email.status == OutboxEmail.Status.FAILED
            result.retrying += email.status == OutboxEmail.Status.PENDING
            if _unreachable(error):
                # The server is down: the rest wait for the next run.
                _release(emails[index + 1 :], now)
                result.retrying += len(emails) - index - 1
                break
        else:
            email.status, email.sent_at, email.last_error = (
                OutboxEmail.Status.SENT,
                now,
                "",
            )
            email.attempts += 1
            _save_attempt(email)
            result.sent += 1


def _unreachable(error):
    return isinstance(error, UNREACHABLE_ERRORS) and not isinstance(
        error, PERMANENT_ERRORS
    )


def _save_attempt(email):
    email.save(
        update_fields=["status", "sent_at", "attempts", "last_error", "next_attempt_at"]
    )


def _release(emails, now):
    OutboxEmail.objects.filter(pk__in=[e.pk for e in emails]).update(
        next_attempt_at=now
    )


def retry(email, now=None):
    """Put a failed email back in the queue with a fresh set of attempts (an
    editor's action, usually after fixing the address or the mail server)."""
    email.status = OutboxEmail.Status.PENDING
    email.next_attempt_at = now or timezone.now()
    email.attempts = 0
    email.save(update_fields=["status", "next_attempt_at", "attempts"])
