"""An email's delivery in plain words, for editors: when it was sent, or why
not. Never the server's raw answer (the email's own page keeps that)."""

from django.utils import timezone

from duq_workflow.models import OutboxEmail
from duq_workflow.replies import failure_of

Status, Failure = OutboxEmail.Status, OutboxEmail.Failure
# How an editor's "Send again" starts an email's last error.
SENT_AGAIN = "Put back in the queue by an editor."
NOT_RETRIED = "The recipient's mail server asked us to try later; it was not sent again"


def at_words(moment):
    """'2 December 2026 at 14:05', in the site's time zone."""
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def refusal_words(code, answer):
    """Why one recipient was refused while the others took the email."""
    if code >= 500:
        return Failure(failure_of(code, answer, "RCPT")).label
    return NOT_RETRIED


def refused_recipients(email):
    """``[(address, why), ...]`` for the recipients refused while others took it."""
    return [
        (address, refusal_words(code, answer))
        for address, (code, answer) in email.refused.items()
    ]


def why_failed(email):
    return Failure(email.failure or Failure.OTHER).label


def delivery_words(email):
    """'Sent on …', or why it was not, in a sentence."""
    if email.status == Status.SENT:
        text = f"Sent on {at_words(email.sent_at)}"
        refused = "; ".join(f"{a}: {why}" for a, why in refused_recipients(email))
        return f"{text}, but not to {refused}" if refused else text
    if email.status == Status.FAILED:
        when = f" (gave up on {at_words(email.failed_at)})" if email.failed_at else ""
        return f"Not sent: {why_failed(email)}{when}"
    if not email.attempts and not email.last_error:
        return "Waiting to be sent"
    if not email.attempts and email.last_error.startswith(SENT_AGAIN):
        return "Waiting to be sent again: an editor put it back in the queue"
    if not email.attempts:
        return (
            "Not sent yet: the mail server could not be reached or was busy. "
            "It will be tried again shortly"
        )
    return (
        "Not sent yet: the mail server did not take it at the last try. "
        f"Next try on {at_words(email.next_attempt_at)}"
    )
