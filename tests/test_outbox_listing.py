"""The Emails listing in plain words: recipient, message, state, and when it
was sent or why not; a link to correct a refused address on its page; Send
again to a corrected address. Refused to anyone without the right."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duq_workflow import sender
from duq_workflow.delivery import delivery_words
from duq_workflow.models import OutboxEmail
from tests.conftest import REMINDER_DAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_and_failed(smtp, queue):
    emails = queue("ok", "gone", "grey")
    sender.send_queued(now=REMINDER_DAY)
    for email in emails:
        email.refresh_from_db()
    return emails


def listing(client, **params):
    response = client.get(reverse("emails:index"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_listing_says_when_each_email_went_or_why_not(
    admin_client, sent_and_failed
):
    page = listing(admin_client)
    for heading in ("Message", "Recipient", "State", "When sent, or why not"):
        assert heading in page
    assert "Sent on 8 February 2027 at 09:00" in page
    assert (
        "Not sent: The address was refused by the recipient&#x27;s mail server "
        "(gave up on 8 February 2027 at 09:00)"
    ) in page
    assert "Not sent yet: the mail server did not take it at the last try" in page


def test_the_listing_shows_no_server_answer_no_error_and_no_none(
    admin_client, sent_and_failed
):
    page = listing(admin_client)
    for raw in ("550 5.1.1", "450 4.2.0", "SMTP", "Error", "at None", ">None<"):
        assert raw not in page


def test_a_refused_address_links_to_its_page_to_correct_it(
    admin_client, sent_and_failed
):
    ok, gone, _grey = sent_and_failed
    page = listing(admin_client)
    gone_edit = reverse("wagtailadmin_pages:edit", args=[gone.instance.page_id])
    ok_edit = reverse("wagtailadmin_pages:edit", args=[ok.instance.page_id])
    assert f'<a href="{gone_edit}">Correct the address on' in page
    assert f'href="{ok_edit}"' not in page


def test_an_address_already_corrected_is_not_offered_again(
    admin_client, sent_and_failed
):
    _ok, gone, _grey = sent_and_failed
    club = gone.instance.page.specific
    club.contact_email = "new@example.org"
    club.save()
    page = listing(admin_client)
    assert "Correct the address on" not in page


def test_the_listing_reads_the_pages_contacts_in_constant_queries(
    admin_client, smtp, queue
):
    queue("gone", "gone")
    sender.send_queued(now=REMINDER_DAY)
    with CaptureQueriesContext(connection) as few:
        listing(admin_client)
    OutboxEmail.objects.all().delete()
    queue(*["gone"] * 12)
    sender.send_queued(now=REMINDER_DAY)
    with CaptureQueriesContext(connection) as many:
        page = listing(admin_client)
    assert page.count("Correct the address on") == 12
    assert len(many) == len(few)


def test_send_again_goes_to_the_corrected_address(admin_client, sent_and_failed):
    _ok, gone, _grey = sent_and_failed
    club = gone.instance.page.specific
    club.contact_email = "new@example.org"
    club.save()
    url = reverse("emails:retry", args=[gone.pk])
    form = admin_client.get(url).content.decode()
    assert "gives new@example.org as its contact address" in form
    assert 'value="gone@example.org"' in form
    response = admin_client.post(url, {"to": "new@example.org"})
    assert response.status_code == 302
    gone.refresh_from_db()
    assert (gone.status, gone.to) == ("pending", ["new@example.org"])


def test_send_again_refuses_an_address_that_is_not_one(admin_client, sent_and_failed):
    gone = sent_and_failed[1]
    response = admin_client.post(
        reverse("emails:retry", args=[gone.pk]), {"to": "not an address"}
    )
    assert response.status_code == 200
    gone.refresh_from_db()
    assert (gone.status, gone.to) == ("failed", ["gone@example.org"])


def test_the_email_page_says_why_and_keeps_the_servers_answer(
    admin_client, sent_and_failed
):
    gone = sent_and_failed[1]
    page = admin_client.get(reverse("emails:inspect", args=[gone.pk])).content
    text = page.decode()
    assert "When sent, or why not" in text
    assert "Not sent: The address was refused" in text
    assert "550 5.1.1" in text


@pytest.mark.parametrize("name", ["emails:index", "emails:inspect"])
def test_the_emails_are_refused_to_a_user_without_the_right(
    client, django_user_model, sent_and_failed, name
):
    user = django_user_model.objects.create_user("nobody", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    args = [sent_and_failed[1].pk] if name == "emails:inspect" else []
    response = client.get(reverse(name, args=args))
    assert response.status_code in (302, 403)
    assert "gone@example.org" not in response.content.decode()


@pytest.mark.parametrize(
    "fields, words",
    [
        ({"status": "pending"}, "Waiting to be sent"),
        (
            {"status": "pending", "last_error": "The mail server could not be reached"},
            "Not sent yet: the mail server could not be reached or was busy. "
            "It will be tried again shortly",
        ),
        (
            {"status": "pending", "attempts": 2},
            "Not sent yet: the mail server did not take it at the last try. "
            "Next try on 8 February 2027 at 10:00",
        ),
        (
            {"status": "failed", "failure": ""},
            "Not sent: The mail server would not take it",
        ),
        (
            {"status": "failed", "failure": "deferred", "failed_at": REMINDER_DAY},
            "Not sent: The mail server kept deferring it until the time for retries "
            "ran out (gave up on 8 February 2027 at 09:00)",
        ),
        (
            {
                "status": "sent",
                "sent_at": REMINDER_DAY,
                "refused": {"gone@example.org": [550, "5.1.1 User unknown"]},
            },
            "Sent on 8 February 2027 at 09:00, but not to gone@example.org: "
            "The address was refused by the recipient's mail server",
        ),
    ],
)
def test_each_state_is_said_in_plain_words(fields, words):
    email = OutboxEmail(
        to=["a@example.org"],
        created_at=REMINDER_DAY,
        next_attempt_at=REMINDER_DAY + dt.timedelta(hours=1),
        **fields,
    )
    assert delivery_words(email) == words


def test_after_send_again_the_email_page_says_an_editor_put_it_back(
    admin_client, sent_and_failed
):
    gone = sent_and_failed[1]
    admin_client.post(reverse("emails:retry", args=[gone.pk]), {"to": "a@example.org"})

    text = admin_client.get(reverse("emails:inspect", args=[gone.pk])).content.decode()

    assert "Waiting to be sent again: an editor put it back in the queue" in text
    assert "could not be reached" not in text
