"""The Commitments listing and each commitment's page, in editors' words: the
date that matters, what happens next and when, the timeline and the emails."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duq_workflow.commitments import services
from duq_workflow.commitments.models import Concern
from duq_workflow.engine.sweep import advance
from duq_workflow.models import LifecycleInstance
from tests import factories
from tests.conftest import deliver, london, reporting_of

pytestmark = pytest.mark.django_db

INDEX = reverse("lifecycles:index")
WARNED = london(2026, 6, 2, 9)
LOOKING = london(2026, 6, 10, 12)


@pytest.fixture
def admin_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def warned(sign_up):
    """Report due 1 June 2026; warned on 2 June, deadline 30 June 2026."""
    page = sign_up("Oak Tree Care", dt.date(2025, 6, 1))
    advance(now=WARNED)
    return page


@pytest.fixture
def up_to_date(sign_up):
    """Report due 1 March 2027; reminders on 31 December 2026 and 15 February."""
    return sign_up("Willow House", dt.date(2026, 3, 1))


def get(client, url=INDEX, **params):
    with time_machine.travel(LOOKING, tick=False):
        return client.get(url, params)


def rows(response):
    return {row.page.title: row for row in response.context["object_list"]}


def test_listing_is_headed_in_editors_words(admin_client, up_to_date):
    body = get(admin_client).content.decode()
    assert "Lifecycle instances" not in body
    assert "<h1" in body and "Commitments" in body
    for heading in ("Provider", "Due or deadline", "What happens next, and when"):
        assert heading in body
    assert "Next check" not in body


def test_listing_says_when_the_report_is_due_and_what_happens_next(
    admin_client, up_to_date
):
    body = get(admin_client).content.decode()
    assert "Report due: 1 March 2027" in body
    assert (
        "A reminder on 31 December 2026; a warning on 2 March 2027 unless a "
        "report is linked" in body
    )


def test_a_warned_provider_delivered_in_time_shows_its_suspension_date(
    admin_client, warned
):
    deliver(WARNED + dt.timedelta(minutes=5))
    body = get(admin_client).content.decode()
    assert "Deadline: 30 June 2026" in body
    assert (
        "Suspension on 1 July 2026 unless a report or an interim update is linked"
        in body
    )


def test_a_warning_not_delivered_says_there_is_no_suspension_until_it_is(
    admin_client, warned
):
    body = get(admin_client).content.decode()
    assert "No suspension until the warning email is delivered" in body
    assert "Suspension on 1 July 2026" not in body


def test_a_concern_shows_its_answer_by_date(admin_client, up_to_date, editor):
    with time_machine.travel(london(2026, 6, 3, 9)):
        services.record_concern(
            Concern(
                page=up_to_date,
                received_on=dt.date(2026, 6, 1),
                summary="Calls unanswered.",
                forwarded_on=dt.date(2026, 6, 3),
            ),
            editor,
        )
    deliver(london(2026, 6, 3, 10))
    body = get(admin_client, workflow="duq.concern").content.decode()
    assert "Answer by: 1 July 2026" in body
    assert "Suspension on 2 July 2026 unless a public answer is linked" in body


def test_listing_searches_by_provider_name(admin_client, up_to_date, warned):
    assert set(rows(get(admin_client, q="willow"))) == {"Willow House"}


def test_listing_sorts_by_when_the_next_step_happens(admin_client, up_to_date, warned):
    soonest_first = list(rows(get(admin_client, ordering="next_check_at")))
    assert soonest_first == ["Oak Tree Care", "Willow House"]
    latest_first = list(rows(get(admin_client, ordering="-next_check_at")))
    assert latest_first == ["Willow House", "Oak Tree Care"]


def test_inspect_shows_dates_in_words_the_timeline_and_the_emails(admin_client, warned):
    deliver(WARNED + dt.timedelta(minutes=5))
    instance = reporting_of(warned)
    body = get(admin_client, reverse("lifecycles:inspect", args=[instance.pk]))
    body = body.content.decode()
    assert "Cycle_start" not in body and "Warned_on" not in body
    assert "Reporting year from" in body and "1 June 2025" in body
    assert "Warned on" in body and "2 June 2026" in body
    assert "Deadline" in body and "30 June 2026" in body
    assert "Suspension on 1 July 2026" in body
    assert "Timeline" in body and "no report by the due date" in body
    assert "Emails" in body and warned.contact_email in body
    assert "Sent on 2 June 2026" in body
    assert "Extend the deadline" in body


def outsider(client, django_user_model):
    user = django_user_model.objects.create_user("outsider", password="pw-outsider-1")
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    return client


def test_listing_and_inspect_are_refused_without_the_permission(
    client, django_user_model, warned
):
    client = outsider(client, django_user_model)
    instance = reporting_of(warned)
    assert get(client).status_code == 302
    inspect = reverse("lifecycles:inspect", args=[instance.pk])
    assert get(client, inspect).status_code == 302


def make_commitments(register_page, count):
    for number in range(count):
        page = factories.make_provider(
            register_page, signed_up_on=dt.date(2025, 5, 1) + dt.timedelta(number)
        )
        page.save_revision().publish()


def count_queries(client, **params):
    get(client, **params)
    with CaptureQueriesContext(connection) as queries:
        assert get(client, **params).status_code == 200
    return len(queries)


def test_listing_makes_as_many_queries_for_30_commitments_as_for_3(
    admin_client, register_page
):
    make_commitments(register_page, 3)
    advance(now=WARNED)
    few = [count_queries(admin_client), count_queries(admin_client, q="provider")]
    make_commitments(register_page, 27)
    advance(now=WARNED)
    assert LifecycleInstance.objects.count() == 30
    many = [count_queries(admin_client), count_queries(admin_client, q="provider")]
    assert few == many


def test_a_workflow_that_says_nothing_of_its_outlook_is_listed_by_its_state(
    admin_client, make_club
):
    """The engine's toy workflow has no ``outlook``: its rows show their page
    and state, and the date and next step stay empty."""
    make_club("Chess Club")
    response = get(admin_client, q="chess")
    (row,) = response.context["object_list"]
    assert row.outlook.next_step == "" and row.outlook.date is None
    assert "Chess Club" in response.content.decode()
