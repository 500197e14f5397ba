"""The outbox sender: delivers queued emails with retries and backoff.

What becomes of an email that does not go is decided by what the mail server
said about it (its SMTP reply code; :mod:`duq_workflow.replies`):

- **4xx for this email** (greylisting, a rate limit, a mailbox busy for now) is
  temporary: the email is tried again later, each wait twice the last (from
  ``OUTBOX_BACKOFF_SECONDS`` up to ``OUTBOX_MAX_BACKOFF_SECONDS``), and fails
  for good only once ``OUTBOX_RETRY_FOR_HOURS`` have passed since it was
  queued, and a server has refused it at least twice: an email first answered
  after a long outage still gets its retry. A 4xx to the sender address (MAIL
  FROM) throttles the whole connection, so the run stops there and the rest
  wait, with nothing counted against them.
- **5xx for this email** (an unknown recipient, a message refused at DATA) is
  permanent: the email is marked as failed at once, with the reason in plain
  words for editors (``failure``), and the run goes on with the next email.
- **A server that cannot be reached**, refuses the connection, answers 421
  (closing) or fails to greet us stops the run: every email waits for the next
  run and none counts an attempt. **A connection that breaks during an email**
  (a timeout, a disconnect) stops the run too and counts one attempt against
  that email only: it may be the cause, and a message that breaks the server
  every time must not hold up the queue for ever.

A run opens one connection and sends batch after batch of ready emails on it
while there are any and its time (``OUTBOX_RUN_SECONDS``) lasts. Each batch is
claimed under a lease (:class:`Claim`), so senders running at once never send
the same email, and a sender that dies repeats at most the one in flight.
"""

import datetime as dt
import hashlib
import logging
import time
import uuid
from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.utils import DNS_NAME
from django.db import connections, router, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.timesince import timesince

from duq_workflow.conf import workflow_setting
from duq_workflow.delivery import SENT_AGAIN
from duq_workflow.models import LifecycleInstance, OutboxEmail
from duq_workflow.replies import Outcome, judge

__all__ = [
    "Outcome",
    "SendResult",
    "backoff",
    "judge",
    "message_id",
    "retry",
    "send_queued",
]

logger = logging.getLogger(__name__)
# Seconds to wait for the mail server before giving up on it, when the email
# backend has no timeout of its own (Django's EMAIL_TIMEOUT): without one, a
# server that stops answering would hold the sender for ever.
DEFAULT_SMTP_TIMEOUT = 30
WAITING = "not sent yet, will try again"
PENDING, SENT, FAILED = OutboxEmail.Status


@dataclass
class SendResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    # Emails another sender took over (its claim replaced this run's).
    taken_over: int = 0

    def summary(self):
        text = f"{self.sent} sent, {self.retrying} to retry, {self.failed} failed"
        if self.taken_over:
            text += f", {self.taken_over} taken over by another sender"
        return text


class ServerUnavailable(Exception):
    """The mail server could not be reached, or would not take mail at all."""


def backoff(attempts):
    """The wait after the ``attempts``-th failed attempt."""
    first = dt.timedelta(seconds=workflow_setting("OUTBOX_BACKOFF_SECONDS"))
    cap = dt.timedelta(seconds=workflow_setting("OUTBOX_MAX_BACKOFF_SECONDS"))
    return min(first * (2 ** min(attempts - 1, 32)), cap)


def retry_window():
    return dt.timedelta(hours=workflow_setting("OUTBOX_RETRY_FOR_HOURS"))


def retry_until(email):
    """Until when a temporary refusal of ``email`` is retried."""
    return email.retry_until or email.created_at + retry_window()


# --- Claims -----------------------------------------------------------------------


class Claim:
    """One run's lease on the emails it sends.

    Claiming writes the run's id and an expiry on each row; every later write
    the run makes to an email is an UPDATE conditional on that id (a
    compare-and-set), before sending it and when recording what happened. A
    sender that outlasts its lease and finds another's id there leaves the
    email alone. The lease is renewed while the run works: on each email just
    before it is sent, and on the rest of the batch every half lease. Expiry is
    a real moment, on the real clock, whatever ``now`` a rehearsal uses.
    """

    def __init__(self):
        self.id = uuid.uuid4()
        self.lease = dt.timedelta(seconds=workflow_setting("OUTBOX_LEASE_SECONDS"))
        self.renewed = timezone.now()

    def _expiry(self):
        return timezone.now() + self.lease

    def _mine(self, pks):
        return OutboxEmail.objects.filter(pk__in=pks, claim_id=self.id, status=PENDING)

    def take(self, now, limit):
        """Claim up to ``limit`` ready emails, oldest due first."""
        if not limit:
            return []
        ready = OutboxEmail.objects.ready(now).order_by("next_attempt_at", "pk")
        connection = connections[router.db_for_write(OutboxEmail)]
        if connection.features.has_select_for_update_skip_locked:
            ready = ready.select_for_update(skip_locked=True)
        with transaction.atomic():
            emails = list(ready[:limit])
            pks = [email.pk for email in emails]
            taken = OutboxEmail.objects.ready(now).filter(pk__in=pks)
            self.renewed = timezone.now()
            count = taken.update(claim_id=self.id, claimed_until=self._expiry())
        if count < len(emails):  # another sender claimed some first
            mine = set(self._mine(pks).values_list("pk", flat=True))
            emails = [email for email in emails if email.pk in mine]
        return emails

    def hold(self, email):
        """Whether ``email`` is still ours to send; renews its lease if so."""
        if timezone.now() - self.renewed > self.lease / 2:
            self.renew()
        return self._mine([email.pk]).update(claimed_until=self._expiry()) == 1

    def renew(self):
        self.renewed = timezone.now()
        OutboxEmail.objects.filter(claim_id=self.id, status=PENDING).update(
            claimed_until=self._expiry()
        )

    def record(self, email, **changes):
        """Write what became of ``email`` and let it go, if it is still ours."""
        return self.release([email], **changes) == 1

    def release(self, emails, **changes):
        pks = [email.pk for email in emails]
        return self._mine(pks).update(claim_id=None, claimed_until=None, **changes)


class Run:
    """How much a run may still send: at most ``limit`` emails if given, and
    claims only while its time lasts. And what time it is for the run: a
    rehearsal's ``now``, or else the clock, read afresh each time, so that a
    run takes emails queued while it goes on, and dates each delivery (and
    each next attempt) at the moment it happened, not when the run began."""

    def __init__(self, limit, now=None):
        self.left, self.rehearsed = limit, now
        self.ends = time.monotonic() + workflow_setting("OUTBOX_RUN_SECONDS")

    def now(self):
        return self.rehearsed or timezone.now()

    def next_batch(self):
        if time.monotonic() >= self.ends or self.left == 0:
            return 0
        size = workflow_setting("OUTBOX_BATCH_SIZE")
        if self.left is not None:
            size = min(size, self.left)
            self.left -= size
        return size


# --- Sending ----------------------------------------------------------------------


def message_id(email):
    """The Message-ID of a queued email, made from its row: every try at the
    email carries the same one, so the one email a killed sender may repeat
    arrives as a copy of the same message (which many mail clients show once),
    not as a second message. The domain is the sending address's."""
    made = f"{email.key}\n{email.created_at.isoformat()}".encode()
    digest = hashlib.sha256(made).hexdigest()[:24]
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
    return f"<{email.pk}.{digest}@{domain or DNS_NAME}>"


def _deliver(email, connection):
    """Send ``email``; the recipients refused while others took it, as
    ``{address: [code, answer]}`` (kept by :mod:`duq_workflow.mail`'s backend;
    other backends report none)."""
    message = EmailMessage(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=email.to,
        connection=connection,
        headers={"Message-ID": message_id(email)},
    )
    message.send(fail_silently=False)
    refused = getattr(message, "refused_recipients", None) or {}
    return {address: [code, answer] for address, (code, answer) in refused.items()}


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
    """Send the emails that are ready, in one run on one connection: batch
    after batch while there are any and ``OUTBOX_RUN_SECONDS`` last, or at
    most ``limit`` emails. Safe to run in several places at once: each email
    is claimed by one sender (:class:`Claim`). No database transaction is
    held while talking to the mail server.

    :param now: the moment to send as of (due emails, delivery and retry
        times), for a rehearsal; by default the present, as the run goes on.
    :param limit: the most emails this run sends.
    :return: a :class:`SendResult`.
    """
    result, claim, run = SendResult(), Claim(), Run(limit, now)
    emails = claim.take(run.now(), run.next_batch())
    if not emails:
        return result
    connection = get_connection(fail_silently=False)
    try:
        _open(connection)
    except ServerUnavailable as error:
        logger.warning("%s; %d emails wait.", error, len(emails))
        claim.release(emails, last_error=str(error)[:2000])
        result.retrying += len(emails)
        return result
    handled = []
    try:
        while emails:
            handled.extend(emails)
            if not _send_each(emails, connection, claim, run.now, result):
                break
            emails = claim.take(run.now(), run.next_batch())
    finally:
        _close(connection)
        wake_instances(handled, run.now())
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


def _send_each(emails, connection, claim, clock, result):
    """Send a batch; False if the run must stop (the rest are let go).
    ``clock()`` says when each outcome happened.

    What became of each email is written in the same transaction as the
    claim check on the next one: one commit an email, and still written
    before the next is sent, so a sender killed at any point leaves at most
    one email sent but not marked as sent.
    """
    done = None  # the email just sent or refused, its outcome not yet written
    try:
        for index, email in enumerate(emails):
            with transaction.atomic():
                held = _write(done, claim) and claim.hold(email)
            done = None
            if not held:
                logger.warning("Email %s was taken over by another sender.", email.key)
                result.taken_over += 1
                continue
            try:
                refused = _deliver(email, connection)
            except Exception as error:  # noqa: BLE001 - every failure is recorded
                outcome = judge(error)
                done = _failed(email, outcome, clock(), result)
                if outcome.stops_run:
                    # The rest wait for the next run, no attempt counted.
                    rest = emails[index + 1 :]
                    with transaction.atomic():
                        _write(done, claim)
                        claim.release(rest)
                    done = None
                    result.retrying += len(rest)
                    return False
            else:
                done = _sent(email, clock(), result, refused)
        return True
    finally:
        _write(done, claim)


def _write(email, claim):
    """Write what became of ``email`` (if any), if it is still ours."""
    if email is not None and not claim.record(email, **_fields(email)):
        logger.error("Email %s: another sender had taken it over.", email.key)
    return True


def _sent(email, now, result, refused):
    email.status, email.sent_at, email.last_error = SENT, now, ""
    email.attempts += 1
    email.refused = refused
    if refused:
        logger.error("Email %s: some recipients were refused: %s", email.key, refused)
    result.sent += 1
    return email


def _failed(email, outcome, now, result):
    """Count the attempt (or not), and say in ``last_error`` what follows."""
    refused_before = email.attempts > 0
    email.attempts += outcome.counted
    if not outcome.counted:
        follows = WAITING
    elif outcome.permanent:
        email.status, email.next_attempt_at, email.failed_at = FAILED, None, now
        email.failure, follows = outcome.failure, "permanent, not sent"
    elif now >= retry_until(email) and refused_before:
        email.status, email.next_attempt_at, email.failed_at = FAILED, None, now
        email.failure = OutboxEmail.Failure.KEPT_DEFERRING
        follows = (
            f"not sent: still refused when the {_words(retry_window())} allowed "
            f"for retries had passed (after {email.attempts} attempts)"
        )
    else:
        email.next_attempt_at = _next_attempt(email, now)
        follows = "temporary, will try again"
    email.last_error = f"{outcome.summary}: {follows}"[:2000]
    log = logger.error if email.status == FAILED else logger.warning
    log("Email %s: %s", email.key, email.last_error)
    result.failed += email.status == FAILED
    result.retrying += email.status == PENDING
    return email


def _next_attempt(email, now):
    """After the backoff, but no later than the end of the retry time."""
    later, until = now + backoff(email.attempts), retry_until(email)
    return min(later, until) if now < until else later


def _words(span):
    start = timezone.now()
    return timesince(start - span, start, depth=2).replace("\xa0", " ")


def _fields(email):
    names = ["status", "sent_at", "attempts", "last_error", "next_attempt_at"]
    names += ["failure", "failed_at", "refused"]
    return {name: getattr(email, name) for name in names}


def retry(email, now=None, to=None):
    """Put a failed email back in the queue with a fresh retry time (an
    editor's action, usually after fixing the address or the mail server),
    to the addresses ``to`` if given (a corrected address)."""
    now = now or timezone.now()
    email.to = list(to or email.to)
    email.status, email.next_attempt_at, email.attempts = PENDING, now, 0
    # The email's page chooses its sentence from last_error
    # (delivery.delivery_words): it says the email was put back, and keeps
    # the server's answer from before for editors to read.
    before = f" Before that: {email.last_error}" if email.last_error else ""
    email.last_error = f"{SENT_AGAIN}{before}"[:2000]
    email.retry_until, email.failure = now + retry_window(), ""
    email.claim_id = email.claimed_until = email.failed_at = None
    email.save(
        update_fields=[
            "to",
            "status",
            "next_attempt_at",
            "attempts",
            "retry_until",
            "failure",
            "last_error",
            "failed_at",
            "claim_id",
            "claimed_until",
        ]
    )


SEND_TASK = "duq_workflow.tasks.send_queued_emails"


def send_soon():
    """Once the transaction commits, hand the sender to the task cluster, so
    the emails just queued go within seconds rather than at the sender's next
    scheduled run (every minute). Where the task broker cannot be reached
    (Redis away), the scheduled run sends them: the emails are already in the
    outbox, and whoever's action queued them is not shown an error for it."""
    transaction.on_commit(_hand_to_cluster)


def _hand_to_cluster():
    from django_q.tasks import async_task

    try:
        async_task(SEND_TASK)
    except Exception:
        logger.warning(
            "The task broker could not be reached: the emails just queued go "
            "at the sender's next scheduled run",
            exc_info=True,
        )
