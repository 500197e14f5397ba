"""Each way into a suspension has its own notice, dated, with a line in plain
words and a link to what a suspension means; the badge, the register, the CSV
and the provider's own page say the same."""

import csv
import datetime as dt
import html
import importlib
import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from duq_workflow.commitments import causes, services
from duq_workflow.commitments.models import Concern
from duq_workflow.engine import actions
from duq_workflow.engine.sweep import advance
from duq_workflow.models import OutboxEmail
from home.models import ProviderPage
from home.models.blocks import assign_anchors
from tests import factories
from tests.conftest import deliver, london, reporting_of

pytestmark = pytest.mark.django_db

D = dt.date
SIGNED_UP = D(2025, 1, 10)  # due 10 January 2026; suspended 1 February 2026
PUBLIC_REASON = "The statement about the Code was taken off the website."
PRIVATE_REASON = "Phone call with the chief executive on 3 March"


@pytest.fixture
def faq(home_page):
    question = {"question": "What does a suspension mean?", "answer": "<p>…</p>"}
    return factories.make_faq_page(
        home_page, [{**question, "anchor": causes.HELP_ANCHOR}]
    )


@pytest.fixture
def provider(sign_up):
    return sign_up("Oakfield Lives", signed_up_on=SIGNED_UP)


def suspend_for_no_report(page):
    advance(now=london(2026, 1, 11, 6))
    deliver(london(2026, 1, 11, 6))
    advance(now=london(2026, 2, 1, 6))
    assert reporting_of(page).state == "suspended"


def suspend_by_editors(page, editor):
    with time_machine.travel(london(2026, 3, 4, 11)):
        actions.perform(
            reporting_of(page),
            "suspend",
            editor,
            PRIVATE_REASON,
            public_reason=PUBLIC_REASON,
        )


def suspend_for_concern(page, editor):
    concern = services.record_concern(
        Concern(
            page=page,
            received_on=D(2025, 6, 1),
            summary="Visits were cancelled.",
            forwarded_on=D(2025, 6, 2),
        ),
        user=editor,
        now=london(2025, 6, 2, 10),
    )
    deliver(london(2025, 6, 2, 10))
    advance(now=london(2025, 7, 1, 6))
    return concern


def csv_status(client, title):
    response = client.get("/signatories/?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    status = rows[0].index("Status")
    return next(row[status] for row in rows[1:] if row[0] == title)


def test_an_editors_suspension_shows_its_own_notice_and_public_reason(
    client, provider, editor, faq
):
    suspend_by_editors(provider, editor)
    html = client.get(provider.url).content.decode()
    assert "Suspended by the Code&#x27;s team" in html
    assert PUBLIC_REASON.replace("'", "&#x27;") in html
    assert str(causes.NO_REPORT.notice) not in html
    assert PRIVATE_REASON not in html
    assert '<time datetime="2026-03-04">4 March 2026</time>' in html


def test_an_editors_suspension_is_named_alike_on_the_register_and_in_the_csv(
    client, provider, editor
):
    suspend_by_editors(provider, editor)
    register = client.get("/signatories/").content.decode()
    assert 'status--suspended">Suspended by the Code&#x27;s team<' in register
    assert csv_status(client, "Oakfield Lives") == "Suspended by the Code's team"


def test_a_suspension_for_no_report_is_dated_explained_and_linked_to_the_faq(
    client, provider, faq
):
    suspend_for_no_report(provider)
    html = client.get(provider.url).content.decode()
    assert str(causes.NO_REPORT.notice) in html
    assert str(causes.NO_REPORT.plain) in html
    assert '<time datetime="2026-02-01">1 February 2026</time>' in html
    assert f'href="{faq.url}#{causes.HELP_ANCHOR}"' in html
    assert csv_status(client, "Oakfield Lives") == "Suspended: no recent report"


def test_the_faq_answer_the_notices_link_to_is_at_that_anchor(client, faq):
    html = client.get(faq.url).content.decode()
    assert f'id="{causes.HELP_ANCHOR}"' in html


def test_a_suspension_for_an_unanswered_concern_has_its_own_words(
    client, provider, editor, faq
):
    suspend_for_concern(provider, editor)
    html = client.get(provider.url).content.decode()
    assert "Suspended for failure to respond publicly" in html
    assert "has not answered in public in time" in html
    assert str(causes.NO_REPORT.notice) not in html
    assert '<time datetime="2025-07-01">1 July 2025</time>' in html
    register = client.get("/signatories/").content.decode()
    assert "Suspended: concern not answered" in register


def test_two_causes_are_both_named_in_the_status(client, provider, editor):
    suspend_for_concern(provider, editor)
    suspend_for_no_report(provider)
    assert csv_status(client, "Oakfield Lives") == (
        "Suspended: no recent report; Suspended: concern not answered"
    )


def test_the_providers_account_page_says_why_in_the_same_words(
    provider, editor, make_provider_login, client
):
    suspend_by_editors(provider, editor)
    client.force_login(make_provider_login(provider))
    html = client.get(reverse("accounts:standing")).content.decode()
    assert "Suspended by the Code&#x27;s team" in html
    assert PUBLIC_REASON.replace("'", "&#x27;") in html
    assert "4 March 2026" in html
    assert "because no report was linked in time" not in html
    assert "lack of reported activity" not in html


def test_the_email_for_an_editors_suspension_quotes_its_own_notice(provider, editor):
    suspend_by_editors(provider, editor)
    email = OutboxEmail.objects.get(kind="report_suspended_by_editors")
    assert '"Suspended by the Code\'s team"' in email.body
    assert PUBLIC_REASON in email.body
    assert "lack of reported activity" not in email.body
    assert PRIVATE_REASON not in email.body


def test_the_suspend_form_asks_for_a_public_reason(admin_client, provider):
    instance = reporting_of(provider)
    url = reverse("lifecycles:act", args=[instance.pk, "suspend"])
    response = admin_client.post(url, {"reason": PRIVATE_REASON})
    assert response.status_code == 200
    assert 'name="public_reason"' in response.content.decode()
    assert reporting_of(provider).state == "active"


def test_a_report_after_an_editors_suspension_forgets_its_public_reason(
    provider, editor
):
    suspend_by_editors(provider, editor)
    actions.perform(reporting_of(provider), "reinstate", editor, "Put right")
    instance = reporting_of(provider)
    assert "public_reason" not in instance.data
    assert instance.notice is None


def test_an_anchor_an_editor_set_is_kept_from_an_earlier_generated_one():
    items = [
        {"question": "Costs", "anchor": ""},
        {"question": "Other", "anchor": "costs"},
    ]
    anchors = [anchor for anchor, _item in assign_anchors(items, "question")]
    assert anchors == ["costs-2", "costs"]


DEMO_SUSPENDED = {
    "greystone-living": causes.NO_REPORT,
    "larkspur-partnerships": causes.NO_ANSWER,
    "ashgrove-homes": causes.BY_EDITORS,
}


def test_the_demo_shows_each_notice_alike_on_its_page_the_register_and_the_csv(
    client,
):
    call_command("load_demo_content", stdout=io.StringIO())
    register = html.unescape(
        client.get("/signatories/?status=suspended").content.decode()
    )
    for slug, cause in DEMO_SUSPENDED.items():
        page = ProviderPage.objects.get(slug=slug)
        text = html.unescape(client.get(page.url).content.decode())
        assert str(cause.notice) in text
        assert f"#{causes.HELP_ANCHOR}" in text
        assert f">{cause.label}<" in register
        assert csv_status(client, page.title) == cause.label


def test_suspensions_from_before_their_cause_was_kept_are_named_from_history(
    client, provider, editor, sign_up
):
    from django.apps import apps

    migration = importlib.import_module(
        "duq_workflow.commitments.migrations.0007_name_the_cause_of_each_suspension"
    )
    suspend_by_editors(provider, editor)
    other = sign_up("Hillside Care", signed_up_on=SIGNED_UP)
    suspend_for_no_report(other)
    for page in (provider, other):
        instance = reporting_of(page)
        del instance.data["suspended_for"]
        instance.save(update_fields=["data"])
    migration.name_the_cause(apps, None)
    assert reporting_of(provider).data["suspended_for"] == "editors"
    assert reporting_of(other).data["suspended_for"] == "no_report"
    assert (
        "Suspended by the Code&#x27;s team" in client.get(provider.url).content.decode()
    )
