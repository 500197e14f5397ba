"""Emails say what is true for the case at hand: none invites an interim
update the site would refuse, none says "no interim update" when one is on
the page, and none says a page is clear while another notice stays on it."""

import datetime as dt

import pytest
from django.urls import reverse

from duq_workflow.commitments import services
from duq_workflow.commitments.models import Concern, ReportLink
from duq_workflow.engine.sweep import advance
from duq_workflow.models import OutboxEmail
from tests.conftest import deliver, london, reporting_of

pytestmark = pytest.mark.django_db

D = dt.date
SIGNED_UP = D(2026, 1, 10)  # due 10 January 2027
INTERIM_FORM = "/account/interim/"
NO_REPORT_NOTICE = "Suspended due to lack of reported activity"
CONCERN_NOTICE = "Suspended for failure to respond publicly to a service user concern"


@pytest.fixture
def provider(sign_up):
    return sign_up(signed_up_on=SIGNED_UP)


def email(kind):
    return OutboxEmail.objects.get(kind=kind)


def kinds():
    return list(OutboxEmail.objects.order_by("pk").values_list("kind", flat=True))


def give_interim(page):
    """An interim update given on 20 January, promising 31 March."""
    link = ReportLink(
        page=page,
        kind="interim",
        title="Where we are up to",
        url="https://example.org/interim",
        published_on=D(2027, 1, 20),
        full_report_promised_on=D(2027, 3, 31),
    )
    services.link_report(link, now=london(2027, 1, 20, 12))


def give_interim_that_lapses(page):
    """An interim update promising 31 March; on 1 April the promise has
    lapsed and the provider is warned again (deadline 30 April)."""
    give_interim(page)
    advance(now=london(2027, 4, 1, 6))
    assert reporting_of(page).state == "overdue"


def suspend_for_no_report(page):
    advance(now=london(2027, 1, 11, 6))
    deliver(london(2027, 1, 11, 6))
    advance(now=london(2027, 2, 1, 6))
    assert reporting_of(page).state == "suspended"


CONCERN_FORWARDED_ON = D(2027, 2, 2)


def suspend_for_concern(page, editor, forwarded_on=CONCERN_FORWARDED_ON):
    """A concern forwarded on ``forwarded_on`` (at 10:00, received the day
    before), delivered at once and not answered until its notice is on."""
    sent = london(forwarded_on.year, forwarded_on.month, forwarded_on.day, 10)
    concern = services.record_concern(
        Concern(
            page=page,
            received_on=forwarded_on - dt.timedelta(days=1),
            summary="Visits were cancelled.",
            forwarded_on=forwarded_on,
        ),
        user=editor,
        now=sent,
    )
    deliver(sent)
    advance(now=sent + dt.timedelta(days=28, hours=20))
    return concern


def test_the_first_warning_offers_an_interim_update(provider):
    advance(now=london(2027, 1, 11, 6))
    assert INTERIM_FORM in email("report_overdue_warning").body


def test_the_warning_after_a_lapsed_interim_update_asks_for_the_full_report(
    provider,
):
    give_interim_that_lapses(provider)
    warning = email("report_overdue_warning_full_report")
    assert INTERIM_FORM not in warning.body
    assert "interim update is fine" not in warning.body
    assert "full self-assessment report" in warning.body
    assert "30 April 2027" in warning.subject


def test_more_time_after_a_late_warning_asks_for_the_full_report_once_interim_used(
    provider,
):
    give_interim_that_lapses(provider)
    deliver(london(2027, 4, 25, 9))  # 5 days before the deadline: too late
    advance(now=london(2027, 5, 1, 6))
    assert reporting_of(provider).state == "overdue"
    assert "report_deadline_moved" not in kinds()
    moved = email("report_deadline_moved_full_report")
    assert INTERIM_FORM not in moved.body
    assert "interim update" in moved.body  # says it has been used
    assert "full self-assessment report" in moved.body


def test_the_suspension_after_a_lapsed_interim_update_does_not_deny_it(provider):
    give_interim_that_lapses(provider)
    deliver(london(2027, 4, 1, 6))
    advance(now=london(2027, 5, 1, 6))
    assert reporting_of(provider).state == "suspended"
    assert "report_suspended" not in kinds()
    suspended = email("report_suspended_after_interim")
    assert "no self-assessment report or interim update" not in suspended.body
    assert "Thank you for your interim update" in suspended.body
    assert f'"{NO_REPORT_NOTICE}"' in suspended.body


def test_an_answered_concern_while_suspended_for_reporting_says_so(provider, editor):
    suspend_for_no_report(provider)
    concern = suspend_for_concern(provider, editor)
    services.link_response(
        concern, "https://example.org/answer", D(2027, 3, 5), now=london(2027, 3, 5)
    )
    assert "concern_lifted" not in kinds()
    lifted = email("concern_lifted_other_notice")
    assert "still marked as suspended" in lifted.body
    assert NO_REPORT_NOTICE in lifted.body
    assert "link your self-assessment report" in lifted.body


def test_an_answered_concern_with_no_other_notice_says_the_page_is_clear(
    provider, editor
):
    concern = suspend_for_concern(provider, editor)
    services.link_response(
        concern, "https://example.org/answer", D(2027, 3, 5), now=london(2027, 3, 5)
    )
    assert "concern_lifted_other_notice" not in kinds()
    assert "still marked as suspended" not in email("concern_lifted").body


def test_a_report_lifting_its_notice_names_the_concern_notice_still_there(
    provider, editor
):
    suspend_for_no_report(provider)
    suspend_for_concern(provider, editor)
    link = ReportLink(
        page=provider,
        kind="report",
        title="Our self-assessment",
        url="https://example.org/report",
        published_on=D(2027, 3, 6),
    )
    services.link_report(link, now=london(2027, 3, 6, 12))
    assert "report_reinstated" not in kinds()
    reinstated = email("report_reinstated_other_notice")
    assert CONCERN_NOTICE in reinstated.body
    assert "answer to the concern" in reinstated.body


def test_the_editors_preview_fills_in_the_notices_still_in_force(admin_client):
    url = reverse("wagtailsnippets_duq_commitments_messagetemplate:preview_on_add")
    data = {
        "kind": "concern_lifted_other_notice",
        "subject": "Still suspended: {{ provider }}",
        "body": "Still on your page: {{ notices_in_force }}",
    }
    admin_client.post(url, data)
    body = admin_client.get(url).content.decode()
    assert "Still suspended: Example Care Trust" in body
    assert "Suspended for failure to respond publicly" in body


def test_the_warning_to_a_page_already_suspended_for_a_concern_says_so(
    provider, editor
):
    suspend_for_concern(provider, editor, forwarded_on=D(2026, 12, 1))
    assert "concern_suspended" in kinds()
    advance(now=london(2027, 1, 11, 6))
    assert "report_overdue_warning" not in kinds()
    warning = email("report_overdue_warning_other_notice")
    assert "may be marked as suspended" not in warning.subject + warning.body
    assert "already marked as suspended" in warning.body
    assert CONCERN_NOTICE in warning.body
    assert "answer to the concern" in warning.body
    assert INTERIM_FORM in warning.body
    assert "31 January 2027" in warning.subject


def test_the_full_report_warning_to_a_page_already_suspended_says_so(provider, editor):
    give_interim(provider)
    suspend_for_concern(provider, editor)
    advance(now=london(2027, 4, 1, 6))
    assert "report_overdue_warning_full_report" not in kinds()
    warning = email("report_overdue_warning_full_report_other_notice")
    assert "may be marked as suspended" not in warning.subject + warning.body
    assert "already marked as suspended" in warning.body
    assert CONCERN_NOTICE in warning.body
    assert INTERIM_FORM not in warning.body
    assert "30 April 2027" in warning.subject
