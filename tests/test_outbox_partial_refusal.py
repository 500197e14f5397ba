"""An email to several recipients that the server takes for some and refuses
for others: Django's SMTP backend drops the refusal; the plugin's backend
keeps it, and the sender records and shows it."""

import pytest
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import timezone

from duq_workflow import sender
from duq_workflow.commitments import alerts
from duq_workflow.commitments.models import LifecyclePolicy
from duq_workflow.models import OutboxEmail
from tests.conftest import REMINDER_DAY

pytestmark = pytest.mark.django_db

TWO = ["ok@example.org", "gone@example.org"]


def message(connection):
    return EmailMessage("Hi", "Body.", "code@example.org", TWO, connection=connection)


def test_djangos_own_backend_drops_the_refused_recipient(smtp):
    connection = get_connection("django.core.mail.backends.smtp.EmailBackend")
    sent = message(connection)
    assert sent.send() == 1
    assert smtp.delivered_to == [["ok@example.org"]]
    assert not hasattr(sent, "refused_recipients")


def test_the_plugins_backend_keeps_the_refused_recipient(smtp):
    connection = get_connection()  # the SMTP backend the smtp fixture set
    sent = message(connection)
    assert sent.send() == 1
    assert smtp.delivered_to == [["ok@example.org"]]
    assert list(sent.refused_recipients) == ["gone@example.org"]
    code, answer = sent.refused_recipients["gone@example.org"]
    assert code == 550
    assert answer.startswith("5.1.1 <gone@example.org>")


def test_a_message_to_accepted_recipients_only_has_no_refusals(smtp):
    sent = message(get_connection())
    sent.to = ["ok@example.org", "fine@example.org"]
    sent.send()
    assert sent.refused_recipients == {}


@pytest.fixture
def to_two(smtp):
    now = timezone.now()
    email = OutboxEmail.objects.create(
        key="two",
        kind="editors_suspended",
        to=TWO,
        subject="A provider is suspended",
        body="Body.",
        created_at=now,
        next_attempt_at=now,
    )
    sender.send_queued(now=REMINDER_DAY)
    email.refresh_from_db()
    return email


def test_the_sender_records_a_partial_refusal(to_two, smtp):
    assert to_two.status == OutboxEmail.Status.SENT
    assert smtp.delivered_to == [["ok@example.org"]]
    assert list(to_two.refused) == ["gone@example.org"]
    assert to_two.refused["gone@example.org"][0] == 550
    assert list(OutboxEmail.objects.undelivered()) == [to_two]


def test_the_listing_shows_the_partial_refusal_in_plain_words(to_two, admin_client):
    page = admin_client.get(reverse("emails:index")).content.decode()
    assert (
        "Sent on 8 February 2027 at 09:00, but not to gone@example.org: "
        "The address was refused by the recipient&#x27;s mail server"
    ) in page


def test_the_editors_are_told_of_a_partial_refusal(to_two):
    policy = LifecyclePolicy.load()
    policy.editors_email = "team@example.org"
    policy.save()
    assert alerts.alert_editors(now=REMINDER_DAY) == 1
    alert = OutboxEmail.objects.get(kind=alerts.ALERT_KIND)
    assert (
        "Not delivered to gone@example.org: "
        "The address was refused by the recipient's mail server."
    ) in alert.body
    assert alerts.alert_editors(now=REMINDER_DAY) == 0
