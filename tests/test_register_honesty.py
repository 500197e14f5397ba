"""The register counts only those signed up, names each page of results in its
title, and its CSV says when each provider last reported and reports next."""

import csv
import datetime as dt
import io
import re

import pytest

from duq_workflow.engine import actions
from home.models.register_page import PROVIDERS_PER_PAGE
from tests import factories
from tests.conftest import add_report, reporting_of

pytestmark = pytest.mark.django_db

D = dt.date


def title_of(response):
    html = response.content.decode()
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def read_csv(response):
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def withdraw(page, editor):
    actions.perform(reporting_of(page), "withdraw", editor, "Left the Code")


def test_a_provider_no_longer_signed_up_is_not_counted_as_a_signatory(
    client, sign_up, editor
):
    sign_up("Alder Homes")
    sign_up("Birch Care")
    withdraw(sign_up("Cedar Lives"), editor)

    html = client.get("/signatories/").content.decode()

    assert "2 organisations have signed the Code" in html
    assert "The list also shows 1 that is no longer signed up" in html


def test_a_register_where_everyone_is_signed_up_mentions_nobody_else(client, sign_up):
    sign_up("Alder Homes")

    html = client.get("/signatories/").content.decode()

    assert "1 organisation has signed the Code" in html
    assert "no longer signed up" not in html


@pytest.fixture
def many_carers(register_page):
    london_region = factories.make_region("London")
    with factories.providers_indexed_together():
        for number in range(PROVIDERS_PER_PAGE + 3):
            factories.make_provider(
                register_page,
                f"Carer {number:02d}",
                regions=[london_region],
                description="Care at home.",
            )


def test_each_page_of_search_results_has_its_own_title(client, many_carers):
    first = client.get("/signatories/", {"q": "care"})
    second = client.get("/signatories/", {"q": "care", "page": 2})

    assert (
        title_of(first) == "Signatories matching \u2018care\u2019 – Driving Up Quality"
    )
    assert (
        title_of(second)
        == "Signatories matching \u2018care\u2019 \u2014 page 2 – Driving Up Quality"
    )


def test_filters_are_named_in_the_title(client, many_carers):
    response = client.get("/signatories/", {"region": "london", "status": "signed-up"})

    assert title_of(response) == "Signatories: London, Signed up – Driving Up Quality"


def test_later_pages_of_the_whole_register_are_numbered(client, many_carers):
    assert title_of(client.get("/signatories/")) == "Signatories – Driving Up Quality"
    assert (
        title_of(client.get("/signatories/", {"page": 2}))
        == "Signatories \u2014 page 2 – Driving Up Quality"
    )


def test_csv_gives_the_latest_report_its_date_and_when_the_next_is_due(client, sign_up):
    reported = sign_up("Alder Homes", signed_up_on=D(2026, 1, 10))
    add_report(reported, D(2026, 3, 1))
    add_report(reported, D(2026, 6, 1))
    sign_up("Birch Care", signed_up_on=D(2026, 2, 20))

    rows = read_csv(client.get("/signatories/", {"format": "csv"}))

    assert rows[0]["Organisation"] == "Alder Homes"
    assert (
        rows[0]["Latest self-assessment report"]
        == "https://example.org/report-2026-06-01"
    )
    assert rows[0]["Latest report published on"] == "2026-06-01"
    assert rows[0]["Next report due by"] == "2027-06-01"
    assert rows[1]["Organisation"] == "Birch Care"
    assert rows[1]["Latest self-assessment report"] == ""
    assert rows[1]["Latest report published on"] == ""
    assert rows[1]["Next report due by"] == "2027-02-20"


def test_csv_gives_the_date_an_interim_update_holds_the_full_report_for(
    client, sign_up
):
    page = sign_up("Alder Homes", signed_up_on=D(2025, 6, 1))
    add_report(page, D(2026, 5, 20), kind="interim", promised=D(2026, 7, 15))

    (row,) = read_csv(client.get("/signatories/", {"format": "csv"}))

    assert row["Next report due by"] == "2026-07-15"
    assert row["Latest self-assessment report"] == ""


def test_csv_gives_no_due_date_for_a_provider_no_longer_signed_up(
    client, sign_up, editor
):
    withdraw(sign_up("Alder Homes"), editor)

    (row,) = read_csv(client.get("/signatories/", {"format": "csv"}))

    assert row["Status"] == "No longer signed up"
    assert row["Next report due by"] == ""
