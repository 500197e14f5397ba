"""A permanent refusal, in plain words for editors: the Emails listing says
why, the email's own page keeps the server's answer."""

import pytest
from django.urls import reverse

from duq_workflow import sender
from duq_workflow.models import OutboxEmail
from duq_workflow.replies import failure_of
from tests.conftest import REMINDER_DAY

pytestmark = pytest.mark.django_db
Failure = OutboxEmail.Failure


@pytest.mark.parametrize(
    "code, text, stage, failure",
    [
        (550, "5.1.1 <a@example.org>: User unknown", "RCPT", Failure.ADDRESS_REFUSED),
        (550, "5.1.2 Host unknown", "RCPT", Failure.ADDRESS_REFUSED),
        (550, "No such user here", "RCPT", Failure.ADDRESS_REFUSED),
        (552, "5.2.2 Mailbox full", "RCPT", Failure.MAILBOX_UNAVAILABLE),
        (550, "5.2.1 Mailbox disabled", "RCPT", Failure.MAILBOX_UNAVAILABLE),
        (552, "5.3.4 Message too big", "DATA", Failure.TOO_LARGE),
        (552, "Message size exceeds the limit", "DATA", Failure.TOO_LARGE),
        (554, "5.7.1 Message rejected: spam", "DATA", Failure.REFUSED_AS_UNWANTED),
        (550, "5.7.1 Relaying denied", "RCPT", Failure.REFUSED_AS_UNWANTED),
        (554, "Transaction failed", "DATA", Failure.MESSAGE_REFUSED),
        (553, "5.1.8 Sender domain does not exist", "RCPT", Failure.SENDER_REFUSED),
        (550, "Not allowed to send", "MAIL", Failure.SENDER_REFUSED),
    ],
)
def test_a_refusal_is_put_in_plain_words_by_its_codes(code, text, stage, failure):
    assert failure_of(code, text, stage) == failure


def test_an_address_refused_by_the_server_is_said_in_plain_words(smtp, queue):
    (email,) = queue("gone")
    sender.send_queued(now=REMINDER_DAY)
    email.refresh_from_db()
    assert email.failure == Failure.ADDRESS_REFUSED
    assert email.problem == "The address was refused by the recipient's mail server"


def test_a_message_refused_as_spam_is_said_in_plain_words(smtp, queue):
    (email,) = queue("spam")
    sender.send_queued(now=REMINDER_DAY)
    email.refresh_from_db()
    assert email.failure == Failure.REFUSED_AS_UNWANTED


def test_a_temporary_refusal_has_no_plain_words_failure(smtp, queue):
    (email,) = queue("grey")
    sender.send_queued(now=REMINDER_DAY)
    email.refresh_from_db()
    assert (email.status, email.failure) == ("pending", "")


def test_the_listing_says_why_and_the_email_keeps_the_servers_answer(
    smtp, queue, admin_client
):
    (email,) = queue("gone")
    sender.send_queued(now=REMINDER_DAY)
    listing = admin_client.get(reverse("emails:index")).content.decode()
    assert "The address was refused by the recipient&#x27;s mail server" in listing
    assert "550 5.1.1" not in listing
    detail = admin_client.get(reverse("emails:inspect", args=[email.pk]))
    text = detail.content.decode()
    assert "The address was refused by the recipient&#x27;s mail server" in text
    assert "550 5.1.1 &lt;gone@example.org&gt;: Recipient address rejected" in text


def test_sending_again_clears_the_plain_words(smtp, queue):
    (email,) = queue("gone")
    sender.send_queued(now=REMINDER_DAY)
    email.refresh_from_db()
    sender.retry(email, now=REMINDER_DAY)
    email.refresh_from_db()
    assert (email.status, email.failure) == ("pending", "")
