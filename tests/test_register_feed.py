"""The register's Atom feed: new signatories, and notices put on and taken off
providers' pages, in plain words with dates."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from wagtail.models import PageViewRestriction

from duq_workflow.engine import actions
from duq_workflow.engine.sweep import advance
from tests.conftest import deliver, london, reporting_of

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
D = dt.date


def entries(client):
    response = client.get("/signatories/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - the site's own feed
    return [
        {
            "title": entry.find(f"{ATOM}title").text,
            "summary": entry.find(f"{ATOM}summary").text,
            "link": entry.find(f"{ATOM}link").get("href"),
            "id": entry.find(f"{ATOM}id").text,
            "kind": entry.find(f"{ATOM}category").get("term"),
        }
        for entry in feed.iter(f"{ATOM}entry")
    ]


def suspend_for_no_report():
    advance(now=london(2026, 1, 11, 6))
    deliver(london(2026, 1, 11, 6))
    advance(now=london(2026, 2, 1, 6))


def test_register_links_its_feed(client, register_page):
    html = client.get("/signatories/").content.decode()

    assert (
        '<link rel="alternate" type="application/atom+xml" href="/signatories/feed/"'
        in html
    )


def test_a_new_signatory_is_in_the_feed_with_its_date(client, sign_up):
    page = sign_up("Alder Homes", signed_up_on=D(2026, 3, 4))

    (entry,) = entries(client)

    assert entry["title"] == "Alder Homes signed the Code on 4 March 2026"
    assert entry["summary"].startswith(
        "Alder Homes signed the Driving Up Quality Code on 4 March 2026."
    )
    assert entry["link"] == f"http://testserver{page.url}"
    assert entry["kind"] == "signed-up"


def test_a_suspension_and_its_lifting_are_in_the_feed_newest_first(
    client, sign_up, editor
):
    page = sign_up("Alder Homes", signed_up_on=D(2025, 1, 10))
    suspend_for_no_report()
    actions.perform(
        reporting_of(page), "reinstate", editor, "Found", now=london(2026, 2, 9, 12)
    )

    lifted, suspended, signed = entries(client)

    assert suspended["title"] == "Alder Homes was suspended on 1 February 2026"
    assert suspended["summary"] == (
        "On 1 February 2026 this notice was put on the page of Alder Homes: "
        "\u201cSuspended due to lack of reported activity\u201d. It comes off when "
        "the organisation does what the notice says is missing."
    )
    assert lifted["title"] == (
        "A notice came off the page of Alder Homes on 9 February 2026"
    )
    assert lifted["summary"].startswith("On 9 February 2026 this notice was taken off")
    assert lifted["kind"] == "notice-lifted"
    assert signed["kind"] == "signed-up"
    assert len({lifted["id"], suspended["id"], signed["id"]}) == 3


def test_a_suspension_by_the_codes_team_is_in_the_feed_with_its_own_notice(
    client, sign_up, editor
):
    page = sign_up("Ashgrove Homes", signed_up_on=D(2026, 1, 10))
    actions.perform(
        reporting_of(page),
        "suspend",
        editor,
        "Statement taken down",
        now=london(2026, 3, 2, 12),
        public_reason="The statement about the Code was taken off its website.",
    )
    actions.perform(
        reporting_of(page), "reinstate", editor, "Put back", now=london(2026, 3, 9, 12)
    )

    lifted, suspended, _signed = entries(client)

    assert suspended["summary"] == (
        "On 2 March 2026 this notice was put on the page of Ashgrove Homes: "
        "\u201cSuspended by the Code's team\u201d. It comes off when the "
        "Code's team lifts it."
    )
    assert lifted["summary"] == (
        "On 9 March 2026 this notice was taken off the page of Ashgrove Homes: "
        "\u201cSuspended by the Code's team\u201d."
    )


def test_a_provider_no_longer_signed_up_is_in_the_feed(client, sign_up, editor):
    page = sign_up("Alder Homes", signed_up_on=D(2026, 1, 10))
    actions.perform(
        reporting_of(page), "withdraw", editor, "Left", now=london(2026, 5, 2, 12)
    )

    withdrawn = entries(client)[0]

    assert withdrawn["title"] == "Alder Homes stopped being a signatory on 2 May 2026"
    assert withdrawn["summary"] == (
        "Alder Homes stopped being signed up to the Code on 2 May 2026."
    )


def test_private_and_unpublished_providers_stay_out_of_the_feed(client, sign_up):
    hidden = sign_up("Hidden Homes")
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.LOGIN
    )
    sign_up("Draft Homes").unpublish()
    sign_up("Open Homes")

    assert [entry["title"] for entry in entries(client)] == [
        "Open Homes signed the Code on 10 January 2026"
    ]
