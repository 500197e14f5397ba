"""Nobody is suspended without a warning delivered in time: the deadline a
warning announces counts only if the warning reached the provider at least
the minimum notice before it. Tried with real SMTP servers on loopback (one
that greylists, one that is down) and Django's real SMTP backend."""

import datetime as dt

import pytest
from django.test import Client

from duq_workflow.commitments import services
from duq_workflow.commitments.models import Concern, LifecyclePolicy
from duq_workflow.engine.sweep import advance
from duq_workflow.models import LifecycleInstance, OutboxEmail
from home.accounts.standing import standing_for
from home.models import ProviderPage
from tests.conftest import deliver, london, reporting_of, use_smtp
from tests.smtp_server import SMTPServer, free_port

pytestmark = pytest.mark.django_db

D = dt.date
NOTICE = "Suspended due to lack of reported activity"
WARNED = london(2027, 1, 11, 6)  # due 10 January; deadline 31 January


@pytest.fixture
def provider(sign_up):
    policy = LifecyclePolicy.load()
    policy.editors_email = "team@example.org"
    policy.save()
    return sign_up(signed_up_on=D(2026, 1, 10), contact_email="grey@example.org")


def warning():
    return OutboxEmail.objects.get(kind="report_overdue_warning")


def kinds():
    return list(OutboxEmail.objects.order_by("pk").values_list("kind", flat=True))


def test_a_greylisted_warning_delivered_late_moves_the_deadline(provider, settings):
    with SMTPServer() as server:
        use_smtp(settings, server.port)
        advance(now=WARNED)
        deliver(WARNED)  # 450: greylisted, tried again later
        assert warning().status == OutboxEmail.Status.PENDING
        # The sender only gets through on 25 January: 6 days before the
        # deadline, less than the 14 days' notice the provider is owed.
        deliver(london(2027, 1, 25, 9))
        assert warning().sent_at == london(2027, 1, 25, 9)
        advance(now=london(2027, 2, 1, 6))
        instance = reporting_of(provider)
        assert instance.state == "overdue"
        assert instance.data["deadline"] == "2027-02-28"
        assert kinds()[-2:] == ["report_deadline_moved", "editors_deadline_moved"]
        moved = OutboxEmail.objects.get(kind="report_deadline_moved")
        assert "28 February 2027" in moved.subject
        assert NOTICE not in Client().get(provider.url).content.decode()
        # Delivered in time for the new deadline, which then holds.
        deliver(london(2027, 2, 1, 6))
        advance(now=london(2027, 3, 1, 6))
        assert reporting_of(provider).state == "suspended"
        assert NOTICE in Client().get(provider.url).content.decode()


def test_no_suspension_while_the_mail_server_is_down(provider, settings):
    use_smtp(settings, free_port())  # nothing listens there
    advance(now=WARNED)
    for day in (11, 20, 31):
        deliver(london(2027, 1, day, 9))
    assert warning().status == OutboxEmail.Status.PENDING
    advance(now=london(2027, 2, 1, 6))
    assert reporting_of(provider).state == "overdue"
    told = OutboxEmail.objects.get(kind="editors_warning_not_delivered")
    assert told.to == ["team@example.org"]
    assert "not marked as suspended" in told.body
    assert NOTICE not in Client().get(provider.url).content.decode()
    # The same sweep again tells the editors nothing more.
    advance(now=london(2027, 2, 2, 6))
    assert kinds().count("editors_warning_not_delivered") == 1

    # The server is back: the warning arrives on 3 February, and the
    # provider gets a fresh deadline at least 14 days after it.
    with SMTPServer(port=settings.EMAIL_PORT):
        deliver(london(2027, 2, 3, 9))  # greylisted at first
        deliver(london(2027, 2, 3, 10))
        assert warning().status == OutboxEmail.Status.SENT
        advance(now=london(2027, 2, 3, 11))
    instance = reporting_of(provider)
    assert (instance.state, instance.data["deadline"]) == ("overdue", "2027-02-28")
    assert "report_deadline_moved" in kinds()


def test_no_suspension_for_a_provider_who_could_not_be_warned(sign_up):
    page = sign_up(signed_up_on=D(2026, 1, 10))
    ProviderPage.objects.filter(pk=page.pk).update(contact_email="")
    advance(now=WARNED)
    assert reporting_of(page).data["deadline_email"] == ""
    advance(now=london(2027, 2, 1, 6))
    assert reporting_of(page).state == "overdue"


def test_a_warning_delivered_in_time_leads_to_the_suspension(provider, settings):
    with SMTPServer() as server:
        use_smtp(settings, server.port)
        advance(now=WARNED)
        deliver(WARNED)  # greylisted
        deliver(london(2027, 1, 11, 7))  # accepted an hour later
        advance(now=london(2027, 2, 1, 6))
    assert reporting_of(provider).state == "suspended"
    assert "report_deadline_moved" not in kinds()


def test_a_concern_passed_on_late_gets_its_full_time_to_answer(provider, editor):
    instance = forward_concern(provider, editor)
    assert instance.data["deadline"] == "2027-03-29"
    # The email passing the concern on has not been delivered by then (the
    # sender has not run): no suspension, and the editors are told.
    advance(now=london(2027, 3, 30, 6))
    instance.refresh_from_db()
    assert instance.state == "open"
    assert "editors_warning_not_delivered" in kinds()
    # Delivered on 2 April: the 28 days run from then.
    deliver(london(2027, 4, 2, 9))
    advance(now=london(2027, 4, 2, 10))
    instance.refresh_from_db()
    assert (instance.state, instance.data["deadline"]) == ("open", "2027-04-30")
    moved = OutboxEmail.objects.get(kind="concern_deadline_moved")
    assert "30 April 2027" in moved.subject
    advance(now=london(2027, 5, 1, 6))
    instance.refresh_from_db()
    assert instance.state == "suspended"


def forward_concern(provider, editor):
    concern = services.record_concern(
        Concern(
            page=provider,
            received_on=D(2027, 2, 27),
            summary="A family says visits were cancelled.",
            forwarded_on=D(2027, 3, 1),
        ),
        user=editor,
        now=london(2027, 3, 1, 10),
    )
    return LifecycleInstance.objects.get(key=concern.lifecycle_key)


def test_a_concern_email_arriving_late_moves_the_deadline_as_it_arrives(
    provider, editor
):
    instance = forward_concern(provider, editor)
    assert instance.data["deadline"] == "2027-03-29"
    # Delivered four days late: the 28 days run from 5 March, and the
    # provider's account and the reminder give the new date at once.
    deliver(london(2027, 3, 5, 9))
    advance(now=london(2027, 3, 5, 10))
    instance.refresh_from_db()
    assert (instance.data["told_on"], instance.data["deadline"]) == (
        "2027-03-05",
        "2027-04-02",
    )
    [row] = standing_for(provider).open_concerns
    assert row.answer_by == D(2027, 4, 2)
    moved = OutboxEmail.objects.get(kind="concern_deadline_moved")
    assert "full time to answer from when it arrived" in moved.body
    assert "2 April 2027" in moved.body
    advance(now=london(2027, 3, 27, 6))
    reminder = OutboxEmail.objects.get(kind="concern_reminder")
    assert "2 April 2027" in reminder.subject


def test_a_sweep_long_after_a_late_concern_email_gives_the_minimum_notice(
    provider, editor
):
    instance = forward_concern(provider, editor)
    deliver(london(2027, 3, 5, 9))
    # No sweep runs until 30 March: the full time from 5 March ends on
    # 2 April, too soon, so the provider has the 14 days' notice from today.
    advance(now=london(2027, 3, 30, 9))
    instance.refresh_from_db()
    assert (instance.state, instance.data["told_on"], instance.data["deadline"]) == (
        "open",
        "2027-03-05",
        "2027-04-13",
    )
    assert "concern_deadline_moved" not in kinds()
    assert "concern_reminder" not in kinds()
    moved = OutboxEmail.objects.get(kind="concern_deadline_moved_from_today")
    assert "13 April 2027" in moved.subject
    assert "from when it arrived" not in moved.body
    advance(now=london(2027, 4, 14, 6))
    instance.refresh_from_db()
    assert instance.state == "suspended"
