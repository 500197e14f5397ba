"""The public register's CSV and the editors' reporting register read a
provider's latest report and next due date from one place, so they agree:
the same latest report, and the public's next date is the register's due
date (up to date or overdue), its interim hold (interim update given), or
nothing (suspended or no longer signed up)."""

import csv
import datetime as dt
import io

import pytest
import time_machine

from duq_workflow.engine import actions
from duq_workflow.engine.sweep import advance
from tests.conftest import add_report, deliver, london, reporting_of

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = london(2026, 12, 2, 12)
WARNED = london(2026, 11, 21, 6)


@pytest.fixture
def providers(sign_up, editor):
    """Six providers, as they stand on 2 December 2026."""
    sign_up("Alder Homes", D(2026, 1, 10))  # never reported
    add_report(sign_up("Birch Care", D(2025, 2, 1)), D(2026, 3, 1))
    sign_up("Cedar Living", D(2025, 11, 20))  # warned on 21 November
    add_report(
        sign_up("Damson Support", D(2025, 11, 1)),
        D(2026, 10, 20),
        kind="interim",
        promised=D(2027, 1, 15),
    )
    elm = sign_up("Elm Care", D(2025, 3, 1))
    add_report(elm, D(2025, 9, 1))
    fir = sign_up("Fir Homes", D(2025, 6, 1))
    with time_machine.travel(london(2026, 11, 20, 9)):
        actions.perform(reporting_of(elm), "suspend", editor, "Asked to leave")
        actions.perform(reporting_of(fir), "withdraw", editor, "Left the Code")
    advance(now=WARNED)
    deliver(WARNED)


def read_csv(text):
    rows = list(csv.reader(io.StringIO(text)))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def public_csv(client):
    with time_machine.travel(TODAY, tick=False):
        response = client.get("/signatories/", {"format": "csv"})
    rows = read_csv(response.content.decode("utf-8-sig"))
    return {row["Organisation"]: row for row in rows}


def register_csv(client, editor):
    client.force_login(editor)
    with time_machine.travel(TODAY, tick=False):
        response = client.get("/admin/reports/reporting-register/", {"export": "csv"})
    rows = read_csv(b"".join(response.streaming_content).decode())
    client.logout()
    return {row["Provider"]: row for row in rows}


def next_date_the_public_reads(row):
    """The public's next date, from what the editors' register shows."""
    if row["Status"] == "Interim update given":
        return row["Interim hold until"]
    if row["Status"] in ("Up to date", "Report overdue (warned)"):
        return row["Next report due"]
    return ""


# (status in the register, latest report on, register's due date, public's date)
EXPECTED = {
    "Alder Homes": ("Up to date", "", "2027-01-10", "2027-01-10"),
    "Birch Care": ("Up to date", "2026-03-01", "2027-03-01", "2027-03-01"),
    "Cedar Living": ("Report overdue (warned)", "", "2026-11-20", "2026-11-20"),
    "Damson Support": ("Interim update given", "", "2026-11-01", "2027-01-15"),
    "Elm Care": ("Suspended", "2025-09-01", "2026-09-01", ""),
    "Fir Homes": ("No longer signed up", "", "", ""),
}


def test_public_csv_and_editors_register_agree_on_reports_and_due_dates(
    client, editor, providers
):
    public = public_csv(client)
    register = register_csv(client, editor)

    assert set(public) == set(register) == set(EXPECTED)
    for name, (status, latest_on, due_on, next_date) in EXPECTED.items():
        row, public_row = register[name], public[name]
        assert (row["Status"], row["Latest report on"], row["Next report due"]) == (
            status,
            latest_on,
            due_on,
        ), name
        assert public_row["Latest report published on"] == latest_on, name
        assert public_row["Next report due by"] == next_date, name
        assert next_date_the_public_reads(row) == next_date, name


def test_both_name_the_same_latest_report(client, editor, providers):
    public = public_csv(client)
    register = register_csv(client, editor)

    assert register["Birch Care"]["Latest report"] == "Report of March 2026"
    assert public["Birch Care"]["Latest self-assessment report"] == (
        "https://example.org/report-2026-03-01"
    )
    assert register["Elm Care"]["Latest report"] == "Report of September 2025"
    # An interim update is not a report: neither lists Damson's as its latest.
    assert register["Damson Support"]["Latest report"] == ""
    assert public["Damson Support"]["Latest self-assessment report"] == ""
