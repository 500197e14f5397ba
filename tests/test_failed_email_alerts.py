"""Editors are told, in one email, about emails that did not arrive: each
problem once, however often the task runs; never about the alert itself."""

import datetime as dt
import threading

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from duq_workflow import sender
from duq_workflow.commitments import alerts, tasks
from duq_workflow.commitments.models import FailureAlert, LifecyclePolicy
from duq_workflow.models import OutboxEmail
from tests.conftest import REMINDER_DAY

pytestmark = pytest.mark.django_db

EDITORS = "editors@example.org"


@pytest.fixture
def editors_address(db):
    def set_to(address):
        policy = LifecyclePolicy.load()
        policy.editors_email = address
        policy.save()

    set_to(EDITORS)
    return set_to


def alert_emails():
    return list(OutboxEmail.objects.filter(kind=alerts.ALERT_KIND).order_by("pk"))


def link(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@pytest.fixture
def failed(smtp, queue, editors_address):
    """Three emails: one refused as gone, one as spam, one delivered."""
    emails = queue("gone", "spam", "ok")
    sender.send_queued(now=REMINDER_DAY)
    return emails


def test_failed_emails_are_told_to_the_editors_in_one_email(failed):
    assert alerts.alert_editors(now=REMINDER_DAY) == 2
    (alert,) = alert_emails()
    assert alert.to == [EDITORS]
    assert alert.subject == "2 emails from the Driving Up Quality site did not arrive"
    assert "gone@example.org" in alert.body
    assert "spam@example.org" in alert.body
    assert "ok@example.org" not in alert.body


def test_the_alert_says_who_which_message_why_and_where_to_fix_it(failed):
    gone = failed[0]
    alerts.alert_editors(now=REMINDER_DAY)
    (alert,) = alert_emails()
    body = alert.body
    assert f"“{gone.subject}”" in body
    assert "Not sent: The address was refused by the recipient's mail server." in body
    assert "Not sent: The message was refused as unwanted" in body
    assert "When: 8 February 2027 at 09:00" in body
    page_id = gone.instance.page_id
    edit = link(reverse("wagtailadmin_pages:edit", args=[page_id]))
    assert f"Correct the address on their page: {edit}" in body
    assert link(reverse("emails:inspect", args=[gone.pk])) in body
    # Plain words only: not the server's answer, not a Python error.
    assert "550" not in body
    assert "SMTP" not in body


def test_a_failure_is_told_once_however_often_the_task_runs(failed):
    assert alerts.alert_editors(now=REMINDER_DAY) == 2
    assert alerts.alert_editors(now=REMINDER_DAY) == 0
    assert tasks.alert_editors_of_failed_emails().startswith("0 ")
    assert len(alert_emails()) == 1
    assert FailureAlert.objects.count() == 2


def test_an_email_sent_again_that_fails_again_is_told_again(failed):
    alerts.alert_editors(now=REMINDER_DAY)
    gone, later = failed[0], REMINDER_DAY + dt.timedelta(hours=2)
    sender.retry(gone, now=later)
    sender.send_queued(now=later)  # refused again
    assert alerts.alert_editors(now=later) == 1
    first, second = alert_emails()
    assert "gone@example.org" in second.body
    assert "spam@example.org" not in second.body


def test_nothing_is_told_while_there_is_no_editors_address(failed, editors_address):
    editors_address("")
    assert alerts.alert_editors(now=REMINDER_DAY) == 0
    assert alert_emails() == []
    editors_address(EDITORS)
    assert alerts.alert_editors(now=REMINDER_DAY) == 2


def test_nothing_is_told_when_nothing_failed(smtp, queue, editors_address):
    queue("ok")
    sender.send_queued(now=REMINDER_DAY)
    assert alerts.alert_editors(now=REMINDER_DAY) == 0
    assert alert_emails() == []


def test_an_alert_that_fails_is_not_told_about_itself(failed, editors_address):
    editors_address("gone@example.org")  # the editors' address is wrong too
    alerts.alert_editors(now=REMINDER_DAY)
    sender.send_queued(now=REMINDER_DAY)
    (alert,) = alert_emails()
    alert.refresh_from_db()
    assert alert.status == OutboxEmail.Status.FAILED
    assert alerts.alert_editors(now=REMINDER_DAY) == 0
    assert len(alert_emails()) == 1


def test_an_editors_email_that_failed_points_to_the_editors_address(
    smtp, editors_address, make_club
):
    email = OutboxEmail.objects.create(
        key="editors-notice",
        kind="editors_suspended",
        to=[EDITORS],
        subject="A provider is suspended",
        body="Body.",
        status=OutboxEmail.Status.FAILED,
        failure=OutboxEmail.Failure.MAILBOX_UNAVAILABLE,
        created_at=REMINDER_DAY,
        failed_at=REMINDER_DAY,
    )
    alerts.alert_editors(now=REMINDER_DAY)
    (alert,) = alert_emails()
    settings_url = link(
        reverse("wagtailsettings:edit", args=["duq_commitments", "lifecyclepolicy"])
    )
    assert f"Check the editors' address in the reporting policy: {settings_url}" in (
        alert.body
    )
    assert f"1. “{email.subject}” (Editors: a page was suspended)" in alert.body
    assert "To: editors@example.org" in alert.body


def test_a_problem_another_run_told_first_is_left_out(failed):
    """Two runs at once: the second finds the first's records and tells
    only what is left."""
    found = list(alerts.untold())
    FailureAlert.objects.create(
        email_id=found[0].pk,
        happened_at=found[0].happened_at,
        alert_key="another run",
        created_at=REMINDER_DAY,
    )
    mine = alerts._claim(found, "this run", REMINDER_DAY)
    assert [email.pk for email in mine] == [found[1].pk]


def test_the_task_tells_the_editors(failed):
    assert tasks.alert_editors_of_failed_emails() == (
        "2 undelivered emails told to the editors"
    )
    assert len(alert_emails()) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_once_send_one_alert(failed):
    """Each run in its own thread and database connection, started together,
    ten times over."""
    for _ in range(10):
        FailureAlert.objects.all().delete()
        OutboxEmail.objects.filter(kind=alerts.ALERT_KIND).delete()
        barrier, counts = threading.Barrier(2), []

        def run(barrier=barrier, counts=counts):
            try:
                barrier.wait()
                counts.append(alerts.alert_editors(now=REMINDER_DAY))
            finally:
                connection.close()

        threads = [threading.Thread(target=run) for _ in "ab"]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(counts) == [0, 2]
        assert len(alert_emails()) == 1
