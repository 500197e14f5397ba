"""What families and commissioners see of a provider's commitments."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from duq_workflow.commitments import services
from duq_workflow.commitments.models import Concern, ReportLink
from duq_workflow.engine import actions
from duq_workflow.engine.sweep import advance
from duq_workflow.models import LifecycleInstance
from tests.conftest import deliver, london

pytestmark = pytest.mark.django_db

D = dt.date
NOTICE = "Suspended due to lack of reported activity"
SIGNED_UP = D(2025, 1, 10)


@pytest.fixture
def provider(sign_up):
    return sign_up("Meadow Lane Support", signed_up_on=SIGNED_UP)


def suspend_for_no_report(page):
    advance(now=london(2026, 1, 11, 6))
    deliver(london(2026, 1, 11, 6))
    advance(now=london(2026, 2, 1, 6))
    state = LifecycleInstance.objects.get(page=page, workflow="duq.reporting").state
    assert state == "suspended"


def add_report(page, published_on, kind="report", promised=None, title=None):
    link = ReportLink(
        page=page,
        kind=kind,
        title=title or f"Report of {published_on:%B %Y}",
        url="https://example.org/r",
        published_on=published_on,
        full_report_promised_on=promised,
        participants=["families", "frontline_staff"],
        includes_quotes=True,
    )
    return services.link_report(link, now=london(*published_on.timetuple()[:3], 12))


def test_a_suspended_page_shows_the_notice_and_loses_it_with_a_report(client, provider):
    suspend_for_no_report(provider)
    body = client.get(provider.url).content.decode()
    assert NOTICE in body
    assert 'role="status"' in body
    add_report(provider, D(2026, 2, 10))
    assert NOTICE not in client.get(provider.url).content.decode()


def test_an_up_to_date_page_shows_no_notice(client, provider):
    response = client.get(provider.url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Meadow Lane Support" in body
    assert "Signatory of the Driving Up Quality Code" in body
    assert "Next report due by" in body
    assert NOTICE not in body
    assert 'role="status"' not in body


def test_self_assessment_lists_reports_newest_first_with_kind_and_dates(
    client, provider
):
    add_report(provider, D(2025, 9, 1), title="First report")
    add_report(provider, D(2026, 8, 1), title="Second report")
    body = client.get(provider.url).content.decode()
    assert "Self assessment" in body
    assert body.index("Second report") < body.index("First report")
    assert "Self-assessment report, published" in body
    assert "1 August 2026" in body
    assert "Family members, Front-line staff" in body
    assert "Includes: quotes from the people involved" in body
    assert "Next report due by" in body
    assert "1 August 2027" in body


def test_an_interim_update_shows_its_promised_date(client, provider):
    add_report(
        provider,
        D(2026, 1, 20),
        kind="interim",
        promised=D(2026, 3, 31),
        title="Update",
    )
    body = client.get(provider.url).content.decode()
    assert "Interim update, published" in body
    assert "full report promised by 31 March 2026" in body
    assert 'full report expected by <time datetime="2026-03-31">' in body
    assert "Next report due by" not in body


def test_the_page_shows_the_interim_updates_promise_as_the_date_held(client, provider):
    # Three months from the day the update was linked is the latest promise
    # accepted, so the two dates on the page agree.
    add_report(provider, D(2026, 1, 20), kind="interim", promised=D(2026, 4, 20))
    body = client.get(provider.url).content.decode()
    assert "full report promised by 20 April 2026" in body
    assert 'full report expected by <time datetime="2026-04-20">' in body


def test_an_overdue_page_says_the_report_was_due(client, provider):
    advance(now=london(2026, 1, 11, 6))  # the report was due on 10 January
    deliver(london(2026, 1, 11, 6))
    body = client.get(provider.url).content.decode()
    assert 'Next report was due by <time datetime="2026-01-10">' in body
    assert "Next report due by" not in body
    assert NOTICE not in body


def test_a_withdrawn_link_is_not_shown(client, provider, editor):
    link = add_report(provider, D(2025, 9, 1), title="Broken report link")
    services.withdraw_report(link, editor, "Wrong file")
    assert "Broken report link" not in client.get(provider.url).content.decode()


def test_public_answers_to_concerns_are_shown_but_never_the_concern(client, provider):
    concern = services.record_concern(
        Concern(
            page=provider,
            received_on=D(2026, 3, 1),
            summary="Confidential details about a person",
            forwarded_on=D(2026, 3, 2),
        ),
        now=london(2026, 3, 2, 9),
    )
    services.link_response(
        concern,
        "https://example.org/answer",
        D(2026, 3, 20),
        now=london(2026, 3, 20, 9),
    )
    body = client.get(provider.url).content.decode()
    assert "https://example.org/answer" in body
    assert "Confidential details" not in body


def test_register_filters_by_status(client, sign_up):
    suspended = sign_up("Suspended Care", signed_up_on=SIGNED_UP)
    sign_up("Good Standing Care", signed_up_on=D(2025, 12, 1))
    suspend_for_no_report(suspended)
    body = client.get("/signatories/?status=suspended").content.decode()
    assert "Suspended Care" in body
    assert "Good Standing Care" not in body
    body = client.get("/signatories/?status=signed-up").content.decode()
    assert "Good Standing Care" in body
    assert "Suspended Care" not in body


def test_register_rows_show_each_status(client, sign_up):
    suspend_for_no_report(sign_up("Suspended Care", signed_up_on=SIGNED_UP))
    body = client.get("/signatories/").content.decode()
    assert 'class="status status--suspended">Suspended: no recent report<' in body


def test_a_withdrawn_provider_is_marked_as_no_longer_signed_up(
    client, provider, editor
):
    instance = LifecycleInstance.objects.get(page=provider, workflow="duq.reporting")
    actions.perform(instance, "withdraw", editor, "Left the Code")
    assert (
        "No longer signed up to the Code" in client.get(provider.url).content.decode()
    )
    body = client.get("/signatories/?status=withdrawn").content.decode()
    assert "Meadow Lane Support" in body


def test_a_withdrawn_provider_is_no_longer_called_a_signatory(client, provider, editor):
    signatory = "Signatory of the Driving Up Quality Code"
    assert signatory in client.get(provider.url).content.decode()
    assert "Meadow Lane Support" in client.get("/").content.decode()
    instance = LifecycleInstance.objects.get(page=provider, workflow="duq.reporting")
    actions.perform(instance, "withdraw", editor, "Left the Code")
    body = client.get(provider.url).content.decode()
    assert signatory not in body
    assert "Formerly a signatory of the Driving Up Quality Code" in body
    # Nor is it among the newest sign-ups on the home page.
    assert "Meadow Lane Support" not in client.get("/").content.decode()


def test_the_csv_has_each_providers_status(client, sign_up):
    suspend_for_no_report(sign_up("Suspended Care", signed_up_on=SIGNED_UP))
    response = client.get("/signatories/?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    status = rows[0].index("Status")
    assert rows[1][status] == "Suspended: no recent report"


def test_editors_see_commitments_in_the_page_editor(client, provider, editor):
    client.force_login(editor)
    body = client.get(reverse("wagtailadmin_pages:edit", args=[provider.pk])).content
    text = body.decode()
    assert "Self-assessment reporting: Up to date" in text
    assert "Add a report link" in text
