"""The reporting register in the admin's Reports menu: content, filters,
sorting, exports, permission, and a query count that does not grow."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duq_workflow.commitments import services
from duq_workflow.commitments.models import Concern, ReportLink
from duq_workflow.commitments.register import latest_cycle_start_due_by
from duq_workflow.engine import actions
from tests import factories
from tests.conftest import london, reporting_of

pytestmark = pytest.mark.django_db

TODAY = london(2026, 12, 2, 12)
URL = "/admin/reports/reporting-register/"


@pytest.fixture
def admin_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def wales():
    return factories.make_region("Wales")


@pytest.fixture
def short_breaks():
    return factories.make_service_type("Short breaks")


@pytest.fixture
def register(sign_up, editor, wales, short_breaks):
    """Four providers as of 2 December 2026:

    - Ash: signed up 10 January 2026, report due 10 January 2027; in Wales.
    - Birch: signed up 20 December 2025, report due 20 December 2026; one
      open concern; short breaks.
    - Cedar: suspended by an editor.
    - Damson: a full report published 1 March 2026, due 1 March 2027.
    """
    ash = sign_up("Ash Care", dt.date(2026, 1, 10), regions=[wales])
    birch = sign_up(
        "Birch Support", dt.date(2025, 12, 20), service_types=[short_breaks]
    )
    cedar = sign_up("Cedar Homes", dt.date(2026, 2, 1))
    damson = sign_up("Damson Living", dt.date(2025, 2, 1))
    with time_machine.travel(london(2026, 3, 2, 9)):
        link = ReportLink(
            page=damson,
            kind="report",
            title="Damson's 2026 self-assessment",
            url="https://example.org/damson-2026",
            published_on=dt.date(2026, 3, 1),
        )
        services.link_report(link, editor)
    with time_machine.travel(london(2026, 11, 20, 9)):
        services.record_concern(
            Concern(
                page=birch,
                received_on=dt.date(2026, 11, 18),
                summary="A family says calls go unanswered.",
                forwarded_on=dt.date(2026, 11, 20),
            ),
            editor,
        )
        actions.perform(reporting_of(cedar), "suspend", editor, "Asked to be removed")
    return {"ash": ash, "birch": birch, "cedar": cedar, "damson": damson}


def get(client, url=URL, **params):
    with time_machine.travel(TODAY, tick=False):
        return client.get(url, params)


def rows_of(response):
    return response.context["object_list"]


def titles(response):
    return [page.title for page in rows_of(response)]


def test_register_lists_every_provider_with_its_dates_in_words(admin_client, register):
    response = get(admin_client)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Reporting register" in body
    assert titles(response) == [
        "Ash Care",
        "Birch Support",
        "Cedar Homes",
        "Damson Living",
    ]
    assert "10 January 2027" in body  # Ash's next report
    assert "1 March 2026" in body  # Damson's latest report
    assert "Damson&#x27;s 2026 self-assessment" in body
    rows = {page.title: page for page in rows_of(response)}
    assert rows["Birch Support"].open_concerns == 1
    assert rows["Ash Care"].open_concerns == 0
    assert str(rows["Cedar Homes"].commitments.status) == "Suspended"
    assert rows["Damson Living"].commitments.due_on == dt.date(2027, 3, 1)


def test_register_is_in_the_reports_menu_for_an_editor(admin_client, register):
    response = admin_client.get("/admin/")
    assert URL in response.content.decode()


def test_register_filters_by_status(admin_client, register):
    assert titles(get(admin_client, status="suspended")) == ["Cedar Homes"]


def test_register_filters_by_region_and_type_of_service(
    admin_client, register, wales, short_breaks
):
    assert titles(get(admin_client, region=wales.pk)) == ["Ash Care"]
    assert titles(get(admin_client, service_type=short_breaks.pk)) == ["Birch Support"]


def test_register_lists_reports_due_within_so_many_days(admin_client, register):
    # Birch is due in 18 days, Ash in 39; Cedar is suspended, Damson due in March.
    assert titles(get(admin_client, due_within=30)) == ["Birch Support"]
    assert titles(get(admin_client, due_within=40)) == ["Ash Care", "Birch Support"]
    assert titles(get(admin_client, due_within=0)) == []


def test_a_report_due_today_is_due_within_zero_days(admin_client, sign_up):
    sign_up("Elder Trust", dt.date(2025, 12, 2))
    assert titles(get(admin_client, due_within=0)) == ["Elder Trust"]


def test_register_searches_by_provider_name(admin_client, register):
    assert titles(get(admin_client, q="birch")) == ["Birch Support"]


def test_register_sorts_by_next_due_date_and_by_concerns(admin_client, register):
    by_due = titles(get(admin_client, ordering="cycle_start"))
    assert by_due[:3] == ["Birch Support", "Ash Care", "Cedar Homes"]
    assert titles(get(admin_client, ordering="-open_concerns"))[0] == "Birch Support"


def test_register_downloads_as_csv(admin_client, register):
    response = get(admin_client, export="csv", status="active")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:5] == [
        "Provider",
        "Status",
        "On the public register as",
        "Signed up on",
        "Latest report",
    ]
    assert rows[0][-2:] == ["Regions", "Types of service"]
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"Ash Care", "Birch Support", "Damson Living"}
    assert by_name["Ash Care"][1:3] == ["Up to date", "Signed up"]
    assert by_name["Ash Care"][6] == "2027-01-10"
    assert by_name["Ash Care"][-2] == "Wales"
    assert by_name["Birch Support"][9] == "1"


def test_register_downloads_as_xlsx(admin_client, register):
    response = get(admin_client, export="xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "Provider"
    damson = next(row for row in rows if row[0] == "Damson Living")
    assert damson[4] == "Damson's 2026 self-assessment"
    assert damson[5] == dt.date(2026, 3, 1)
    assert damson[6] == dt.date(2027, 3, 1)
    cedar = next(row for row in rows if row[0] == "Cedar Homes")
    assert cedar[1:3] == ("Suspended", "Suspended by the Code's team")


def test_a_name_that_looks_like_a_formula_is_kept_as_text_in_csv(admin_client, sign_up):
    sign_up("=HYPERLINK(1)", dt.date(2026, 1, 10))
    text = b"".join(get(admin_client, export="csv").streaming_content).decode()
    assert "'=HYPERLINK(1)" in text


def test_register_is_refused_without_the_permission(client, django_user_model):
    user = django_user_model.objects.create_user("outsider", password="pw-outsider-1")
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    assert get(client).status_code == 302  # Wagtail's "no permission" redirect
    assert get(client, export="csv").status_code == 302
    assert URL not in client.get("/admin/").content.decode()


def test_register_is_shown_with_the_view_permission_alone(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="pw-reader-1")
    group = Group.objects.create(name="Readers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_lifecycleinstance"),
    )
    user.groups.add(group)
    client.force_login(user)
    assert get(client).status_code == 200


@pytest.mark.parametrize(
    ("day", "months", "latest"),
    [
        (dt.date(2027, 1, 10), 12, dt.date(2026, 1, 10)),
        # Both 28 and 29 February 2024 are due on 28 February 2025.
        (dt.date(2025, 2, 28), 12, dt.date(2024, 2, 29)),
        # 29, 30 and 31 August are all due on the last day of February.
        (dt.date(2025, 2, 28), 6, dt.date(2024, 8, 31)),
    ],
)
def test_latest_cycle_start_due_by_a_day(day, months, latest):
    assert latest_cycle_start_due_by(day, months) == latest


def make_providers(register_page, count, editor):
    for number in range(count):
        page = factories.make_provider(
            register_page, signed_up_on=dt.date(2026, 1, 1) + dt.timedelta(number)
        )
        page.save_revision().publish()
        if number % 3 == 0:
            actions.perform(reporting_of(page), "suspend", editor, "For the count")


def count_queries(client, **params):
    get(client, **params)
    with CaptureQueriesContext(connection) as queries:
        response = get(client, **params)
    assert response.status_code == 200
    return len(queries)


QUERIES = [{}, {"ordering": "-cycle_start"}, {"due_within": "60"}, {"export": "csv"}]


def test_register_makes_as_many_queries_for_30_providers_as_for_3(
    admin_client, register_page, editor
):
    make_providers(register_page, 3, editor)
    few = [count_queries(admin_client, **params) for params in QUERIES]
    make_providers(register_page, 27, editor)
    many = [count_queries(admin_client, **params) for params in QUERIES]
    assert few == many
