"""Rehearse a date: the admin page plans a future moment with the sweep's own
dry run, writes nothing, and shows exactly what a real sweep then does."""

import datetime as dt

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duq_workflow.commitments.models import LifecyclePolicy
from duq_workflow.engine.sweep import advance
from duq_workflow.models import OutboxEmail
from duq_workflow.views import rehearsal as rehearsal_view
from duq_workflow.views.rehearsal import rehearse
from tests.conftest import deliver, london

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = london(2026, 5, 20, 8)  # the present in these tests
REHEARSED = london(2026, 6, 2, 9)
URL = "/admin/rehearse/"


@pytest.fixture
def providers(sign_up):
    """Four providers at different stages on 2 June 2026."""
    policy = LifecyclePolicy.load()
    policy.editors_email = "team@example.org"
    policy.save()
    warned = sign_up("Warned Care", signed_up_on=D(2025, 3, 1))
    with time_machine.travel(london(2026, 3, 2, 6)):
        advance()  # warned for the report due 1 March; deadline 31 March
        deliver(london(2026, 3, 2, 6, 5))
    return [
        warned,  # suspended the day after its deadline
        sign_up("Due Care", signed_up_on=D(2025, 6, 1)),  # warned on 2 June
        sign_up("Reminded Care", signed_up_on=D(2025, 8, 1)),  # first reminder
        sign_up("Quiet Care", signed_up_on=D(2026, 1, 10)),  # nothing yet
    ]


def snapshot():
    """Every row of every model's table, to show that nothing was written."""
    return {
        model._meta.db_table: sorted(map(repr, model._base_manager.values_list()))
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy
    }


@pytest.fixture
def manager_client(django_user_model):
    """An editor who may act on commitments, and so rehearse them."""
    user = django_user_model.objects.create_user("manager", password="pw-manager-1")
    group = Group.objects.create(name="Commitments")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="manage_lifecycle"),
    )
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def outsider_client(django_user_model):
    user = django_user_model.objects.create_user("outsider", password="pw-outsider-1")
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client


def every_change(moment, per_page):
    """The rehearsal's changes, page after page, as an editor reads them."""
    changes, number = [], 1
    while True:
        rehearsal = rehearse(moment, number, per_page=per_page)
        changes += rehearsal.page
        if not rehearsal.page.has_next():
            return rehearsal, changes
        number = rehearsal.page.next_page_number()


def test_the_rehearsal_equals_what_the_sweep_then_does(providers):
    with time_machine.travel(TODAY):
        # Two to a page, so the proof reads across pages.
        rehearsed, changes = every_change(REHEARSED, per_page=2)
    planned = [
        (
            c.provider,
            c.source,
            c.target,
            c.reason,
            [(m.to, m.subject) for m in c.emails],
        )
        for c in changes
    ]

    done = advance(now=REHEARSED, keep=True)

    happened = [
        (
            instance.page_label,
            str(instance.definition.state(step.source)),
            str(instance.definition.state(step.target)),
            step.reason,
            [(e.to, e.subject) for e in step.emails],
        )
        for instance, step in done.transitions
    ]
    assert sorted(planned) == sorted(happened)
    # And the emails the sweep queued are those the rehearsal showed.
    queued = OutboxEmail.objects.filter(created_at=REHEARSED)
    assert sorted((e.to, e.subject) for e in queued) == sorted(
        email for change in planned for email in change[4]
    )
    assert rehearsed.change_count == done.transition_count
    assert rehearsed.email_count == done.emails_queued
    # The four stages each show as planned, with their emails.
    by_provider = {change.provider: change for change in changes}
    assert set(by_provider) == {"Warned Care", "Due Care", "Reminded Care"}
    assert by_provider["Warned Care"].target == "Suspended"
    assert len(by_provider["Warned Care"].emails) == 2  # provider and team
    assert by_provider["Due Care"].target == "Report overdue (warned)"
    assert by_provider["Reminded Care"].source == by_provider["Reminded Care"].target


def test_a_rehearsal_writes_nothing(providers, manager_client):
    with time_machine.travel(TODAY):
        before = snapshot()
        rehearsal = rehearse(REHEARSED)
        response = manager_client.get(URL, {"date": "2026-06-02", "time": "09:00"})
        after = snapshot()
    assert rehearsal.change_count == 3
    assert response.status_code == 200
    assert after == before


def test_the_page_shows_each_change_and_its_emails(providers, manager_client):
    with time_machine.travel(TODAY):
        response = manager_client.get(URL, {"date": "2026-06-02", "time": "09:00"})
    html = response.content.decode()
    assert "What the run at 2 June 2026 at 09:00 would do" in html
    assert " ".join(html.split()).count("3 changes and 4 emails.") == 1
    assert "Report overdue (warned) → Suspended" in html
    assert "No report or interim update by the deadline" in html
    assert "<details>" in html and "team@example.org" in html
    # The caveat on deliveries, in the words of the commitments.
    assert "counts as not delivered" in html
    # The title is on screen, as the slim header's last breadcrumb.
    assert "Rehearse a date </a> </li> </ol>" in " ".join(html.split())


def test_the_time_defaults_to_nine_in_the_morning(manager_client):
    response = manager_client.get(URL)
    assert response.status_code == 200
    assert response.context["form"]["time"].value() == dt.time(9, 0)


def test_a_date_in_the_past_is_refused_at_the_field(manager_client):
    with time_machine.travel(TODAY):
        response = manager_client.get(URL, {"date": "2026-05-19", "time": "09:00"})
        today_earlier = manager_client.get(URL, {"date": "2026-05-20", "time": "07:00"})
    form = response.context["form"]
    assert form.errors["date"] == [
        "This date has passed. A rehearsal shows what is still to come: "
        "choose today or a later date."
    ]
    assert response.context["rehearsal"] is None
    assert "time" in today_earlier.context["form"].errors


@pytest.fixture
def seven_due(sign_up):
    """Seven providers whose reports are overdue on 2 June 2026: seven changes."""
    for number in range(1, 8):
        sign_up(f"Provider {number}", signed_up_on=D(2025, 6, 1))


def rows(response):
    return [change.provider for change in response.context["rehearsal"].page]


def rehearsal_page(client, page_number, **query):
    query = {"date": "2026-06-02", "time": "09:00", **query}
    if page_number is not None:
        query["p"] = page_number
    with time_machine.travel(TODAY):
        return client.get(URL, query)


def test_page_two_shows_the_changes_after_page_one(
    seven_due, manager_client, monkeypatch
):
    monkeypatch.setattr(rehearsal_view, "ROWS_PER_PAGE", 3)
    with time_machine.travel(TODAY):
        in_order = [c.provider for c in rehearse(REHEARSED, per_page=100).page]
    first, second = (rehearsal_page(manager_client, n) for n in (1, 2))
    assert rows(first) == in_order[:3]
    assert rows(second) == in_order[3:6]
    html = " ".join(second.content.decode().split())
    assert "Page 2 of 3" in html
    # The counts are of every change, on every page.
    assert "7 changes and 7 emails." in html
    assert "more change" not in html


def test_every_change_is_on_exactly_one_page(seven_due, manager_client, monkeypatch):
    monkeypatch.setattr(rehearsal_view, "ROWS_PER_PAGE", 3)
    pages = [rows(rehearsal_page(manager_client, n)) for n in (1, 2, 3)]
    assert [len(page) for page in pages] == [3, 3, 1]
    shown = [provider for page in pages for provider in page]
    assert sorted(shown) == [f"Provider {n}" for n in range(1, 8)]


def test_the_page_links_keep_the_date_and_time(seven_due, manager_client, monkeypatch):
    monkeypatch.setattr(rehearsal_view, "ROWS_PER_PAGE", 3)
    html = rehearsal_page(manager_client, 2).content.decode()
    for number in (1, 3):
        assert f'href="{URL}?date=2026-06-02&amp;time=09%3A00&amp;p={number}"' in html


@pytest.mark.parametrize(
    ("asked", "shown"),
    [("99", 3), ("0", 3), ("two", 1), ("", 1), (None, 1)],
)
def test_a_page_number_that_is_not_there_shows_the_last_or_the_first_page(
    seven_due, manager_client, monkeypatch, asked, shown
):
    """As Wagtail's listings do: past the end (or below 1), the last page;
    not a number, the first."""
    monkeypatch.setattr(rehearsal_view, "ROWS_PER_PAGE", 3)
    expected = rows(rehearsal_page(manager_client, shown))
    response = rehearsal_page(manager_client, asked)
    assert response.status_code == 200
    assert response.context["rehearsal"].page.number == shown
    assert rows(response) == expected


def test_a_moment_with_nothing_to_change_has_no_table(manager_client):
    response = rehearsal_page(manager_client, "2")
    assert response.status_code == 200
    assert rows(response) == []
    assert "Nothing would change at that moment." in response.content.decode()
    assert "Page 1 of 1" not in response.content.decode()


def test_only_those_who_may_act_on_commitments_may_rehearse(
    outsider_client, manager_client
):
    assert outsider_client.get(URL).status_code in (302, 403)
    menu = outsider_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Rehearse a date" not in menu
    assert manager_client.get(URL).status_code == 200
    menu = manager_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Rehearse a date" in menu


@pytest.mark.parametrize(
    "codename",
    [
        "extend_deadlines",
        "suspend_and_reinstate",
        "withdraw_and_rejoin",
        "close_concerns",
    ],
)
def test_any_one_of_the_actions_permissions_is_enough_to_rehearse(
    django_user_model, codename
):
    """An editor given one action's permission (as the Code team's group is)
    may rehearse; the engine's general permission is not needed."""
    user = django_user_model.objects.create_user("actor", password="pw-actor-1")
    group = Group.objects.create(name="One action")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(
            content_type__app_label="duq_commitments", codename=codename
        ),
    )
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    assert client.get(URL).status_code == 200
    assert (
        "Rehearse a date" in client.get(reverse("wagtailadmin_home")).content.decode()
    )


def queries_to_rehearse(sign_up, first, count):
    for number in range(first, first + count):
        sign_up(f"Provider {number}", signed_up_on=D(2025, 6, 1))
    with time_machine.travel(TODAY):
        rehearse(REHEARSED)  # once first, so caches are as warm as they stay
        with CaptureQueriesContext(connection) as queries:
            rehearsal = rehearse(REHEARSED)
    assert rehearsal.change_count == first + count
    return len(queries)


def test_a_rehearsal_costs_the_same_queries_for_3_providers_as_for_30(sign_up):
    few = queries_to_rehearse(sign_up, 0, 3)
    many = queries_to_rehearse(sign_up, 3, 27)
    assert many == few


def queries_for_page_two(sign_up, client, first, count):
    for number in range(first, first + count):
        sign_up(f"Provider {number}", signed_up_on=D(2025, 6, 1))
    rehearsal_page(client, 2)  # once first, so caches are as warm as they stay
    with CaptureQueriesContext(connection) as queries:
        response = rehearsal_page(client, 2)
    assert response.context["rehearsal"].change_count == first + count
    assert len(rows(response)) == 3
    return len(queries)


def test_a_page_of_changes_costs_the_same_queries_for_6_providers_as_for_30(
    sign_up, manager_client, monkeypatch
):
    monkeypatch.setattr(rehearsal_view, "ROWS_PER_PAGE", 3)
    few = queries_for_page_two(sign_up, manager_client, 0, 6)
    many = queries_for_page_two(sign_up, manager_client, 6, 24)
    assert many == few
