"""A provider's own area at /account/: where it stands, and the forms that
link reports, give interim updates, answer concerns and edit its page."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from wagtail.models import PageLogEntry

from duq_workflow.calendar import add_months, today
from duq_workflow.commitments import services
from duq_workflow.commitments.models import Concern, ReportLink
from duq_workflow.models import LifecycleInstance
from home.models import ProviderPage, Region
from tests.conftest import report_due_soon

pytestmark = pytest.mark.django_db

REPORT = {
    "title": "Our self-assessment 2026",
    "url": "https://acme.example.org/report",
    "published_on": "",
    "participants": ["people_supported", "families"],
    "methods": ["meetings"],
    "includes_quotes": "on",
}


def report_data(**changes):
    return {**REPORT, "published_on": today().isoformat(), **changes}


def reporting(page):
    return LifecycleInstance.objects.get(page_id=page.pk, workflow="duq.reporting")


def long(day):
    return f"{day.day} {day:%B %Y}"


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def forward_concern(page):
    concern = Concern(
        page=page, received_on=today(), summary="Private.", forwarded_on=today()
    )
    return services.record_concern(concern)


def test_signed_out_visitor_is_asked_to_sign_in(client):
    response = client.get("/account/report/")

    assert response.status_code == 302
    assert response["Location"] == "/account/sign-in/?next=/account/report/"


def test_provider_signs_in_with_email_and_password(client, provider_user):
    response = client.post(
        "/account/sign-in/",
        {"username": "Manager@Provider-1.example.org".lower(), "password": "x"},
    )
    assert "not right" in response.content.decode()

    response = client.post(
        "/account/sign-in/",
        {
            "username": provider_user.email.upper(),
            "password": "a-long-provider-password",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/account/"


def test_where_you_stand_shows_status_and_next_due_date(provider_client, signatory):
    due = add_months(signatory.signed_up_on, 12)

    html = provider_client.get("/account/").content.decode()

    assert "Signed up" in html
    assert f"Your next report is due by <strong>{long(due)}</strong>" in html
    assert "There are no concerns waiting for your answer." in html


def test_where_you_stand_shows_the_warning_deadline(
    make_signatory, client, make_provider_login
):
    page = make_signatory(signed_up_on=today() - dt.timedelta(days=400))
    client.force_login(make_provider_login(page))
    deadline = dt.date.fromisoformat(reporting(page).data["deadline"])

    html = client.get("/account/").content.decode()

    assert f"Please link it by {long(deadline)}" in html
    assert "Your report is due" not in html
    assert "Action needed by" in html  # the warning email, listed


def test_linking_a_report_puts_it_on_the_public_page(
    provider_client, signatory, provider_user
):
    response = provider_client.post("/account/report/", report_data())

    assert response.status_code == 302
    link = ReportLink.objects.get(page=signatory)
    assert link.linked_by == provider_user
    assert link.kind == "report"
    assert link.participants == ["people_supported", "families"]
    next_due = add_months(today(), 12)
    assert f"Your next report is due by {long(next_due)}" in messages_of(response)[0]
    public = provider_client.get(signatory.url).content.decode()
    assert "Our self-assessment 2026" in public


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://acme.example.org/report", "https://"),
        ("javascript:alert(1)", "Enter a full web address"),
        ("data:text/html,hello", "Enter a full web address"),
        ("https://", "Enter a full web address"),
        ("https://example.org/" + "a" * 600, "too long"),
        ("", "Enter the web address of the report."),
    ],
)
def test_a_bad_link_is_refused_at_its_field_keeping_what_was_typed(
    provider_client, signatory, url, message
):
    response = provider_client.post("/account/report/", report_data(url=url))

    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors["url"])
    html = response.content.decode()
    assert 'aria-describedby="id_url-hint id_url-error"' in html
    assert 'value="Our self-assessment 2026"' in html
    assert not ReportLink.objects.exists()


def test_a_publication_date_in_the_future_is_refused(provider_client):
    tomorrow = today() + dt.timedelta(days=1)

    response = provider_client.post(
        "/account/report/", report_data(published_on=tomorrow.isoformat())
    )

    assert response.context["form"].errors["published_on"] == [
        "The publication date cannot be in the future."
    ]
    assert not ReportLink.objects.exists()


def test_interim_update_beyond_the_cap_is_refused_naming_the_latest_date(
    provider_client, signatory
):
    report_due_soon(signatory)
    latest = add_months(today(), 3)
    too_late = latest + dt.timedelta(days=1)

    response = provider_client.post(
        "/account/interim/",
        report_data(full_report_promised_on=too_late.isoformat()),
    )

    errors = response.context["form"].errors["full_report_promised_on"]
    assert f"The latest date you can give is {long(latest)}." in errors[0]
    assert f'value="{too_late.isoformat()}"' in response.content.decode()
    assert not ReportLink.objects.exists()


def test_interim_update_holds_off_a_suspension_until_the_promised_date(
    provider_client, signatory
):
    report_due_soon(signatory)
    promised = add_months(today(), 2)

    response = provider_client.post(
        "/account/interim/",
        report_data(full_report_promised_on=promised.isoformat()),
    )

    assert response.status_code == 302
    assert reporting(signatory).state == "interim"
    assert long(promised) in messages_of(response)[0]


def test_second_interim_update_is_refused_with_what_to_do(provider_client, signatory):
    report_due_soon(signatory)
    promised = (today() + dt.timedelta(days=20)).isoformat()
    provider_client.post(
        "/account/interim/", report_data(full_report_promised_on=promised)
    )

    response = provider_client.post(
        "/account/interim/",
        report_data(url="https://acme.example.org/2", full_report_promised_on=promised),
    )

    assert "already been given" in response.context["form"].non_field_errors()[0]
    assert ReportLink.objects.count() == 1


def test_an_interim_update_waits_until_the_report_is_due_soon(
    provider_client, signatory
):
    """A year from its due date, a report needs no interim update: the form
    says when one can be given, and a sent one is refused, so no untrue dates
    are promised on the page or in an email."""
    due = add_months(signatory.signed_up_on, 12)
    opens = due - dt.timedelta(days=60)

    page = provider_client.get("/account/interim/").content.decode()
    response = provider_client.post(
        "/account/interim/",
        report_data(full_report_promised_on=(today() + dt.timedelta(days=20))),
    )

    said = (
        f"Your next report is due by {long(due)}. An interim update is for a report "
        f"that is due soon and needs more time. You can give one from {long(opens)}"
    )
    assert said in page
    assert said in response.context["form"].non_field_errors()[0]
    assert not ReportLink.objects.exists()
    assert reporting(signatory).state == "active"
    report_due_soon(signatory, days=60)
    assert "You can give one from" not in (
        provider_client.get("/account/interim/").content.decode()
    )


def test_answering_a_concern_marks_it_answered(provider_client, signatory):
    concern = forward_concern(signatory)
    html = provider_client.get("/account/").content.decode()
    assert f"/account/concerns/{concern.pk}/" in html

    response = provider_client.post(
        f"/account/concerns/{concern.pk}/",
        {"response_url": "https://acme.example.org/answer", "responded_on": today()},
    )

    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.response_url == "https://acme.example.org/answer"
    instance = LifecycleInstance.objects.get(key=concern.lifecycle_key)
    assert instance.state == "answered"


def test_a_concern_answer_dated_before_the_concern_was_sent_is_refused(
    provider_client, signatory
):
    concern = forward_concern(signatory)
    before = today() - dt.timedelta(days=3)

    response = provider_client.post(
        f"/account/concerns/{concern.pk}/",
        {"response_url": "https://acme.example.org/a", "responded_on": before},
    )

    assert response.context["form"].errors["responded_on"] == [
        f"We sent you this concern on {long(today())}, so your answer cannot be "
        "dated before that. Give the date you published it."
    ]
    assert 'value="https://acme.example.org/a"' in response.content.decode()
    concern.refresh_from_db()
    assert concern.response_url == ""


def test_a_concern_answer_needs_a_secure_link_and_a_past_date(
    provider_client, signatory
):
    concern = forward_concern(signatory)
    tomorrow = today() + dt.timedelta(days=1)

    response = provider_client.post(
        f"/account/concerns/{concern.pk}/",
        {"response_url": "http://acme.example.org/a", "responded_on": tomorrow},
    )

    errors = response.context["form"].errors
    assert "https://" in errors["response_url"][0]
    assert "cannot be in the future" in errors["responded_on"][0]
    concern.refresh_from_db()
    assert concern.response_url == ""


def page_data(page, **changes):
    return {
        "description": page.description,
        "website": page.website,
        "statement_url": page.statement_url,
        "contact_email": page.contact_email,
        **changes,
    }


def test_editing_the_page_publishes_a_revision_by_the_provider(
    provider_client, signatory, provider_user
):
    region = Region.objects.create(name="North West", slug="north-west")

    response = provider_client.post(
        "/account/page/",
        page_data(
            signatory,
            description="We support 40 people in Leeds.",
            regions=[region.pk],
            slug="hijacked",
            signed_up_on="2020-01-01",
            expire_at="2030-01-01 00:00",
            live="",
            title="Someone else",
        ),
    )

    assert response.status_code == 302
    page = ProviderPage.objects.get(pk=signatory.pk)
    assert page.description == "We support 40 people in Leeds."
    assert list(page.regions.all()) == [region]
    assert page.slug == signatory.slug
    assert page.signed_up_on == signatory.signed_up_on
    assert (page.title, page.live, page.expire_at) == ("Acme Care", True, None)
    assert page.live_revision.user == provider_user
    assert PageLogEntry.objects.filter(
        page=page, action="wagtail.publish", user=provider_user
    ).exists()
    assert (
        "We support 40 people in Leeds."
        in provider_client.get(page.url).content.decode()
    )


def test_sending_the_same_page_details_twice_makes_one_revision(
    provider_client, signatory
):
    data = page_data(signatory, description="New words.")
    provider_client.post("/account/page/", data)
    revisions = ProviderPage.objects.get(pk=signatory.pk).revisions.count()

    response = provider_client.post("/account/page/", data)

    assert ProviderPage.objects.get(pk=signatory.pk).revisions.count() == revisions
    assert "Nothing was changed" in messages_of(response)[-1]


def test_page_details_with_a_plain_http_website_are_refused(provider_client, signatory):
    response = provider_client.post(
        "/account/page/", page_data(signatory, website="http://acme.example.org")
    )

    assert "https://" in response.context["form"].errors["website"][0]
    assert ProviderPage.objects.get(pk=signatory.pk).website == signatory.website


def test_linking_the_same_report_twice_makes_one_record(provider_client):
    provider_client.post("/account/report/", report_data())

    response = provider_client.post("/account/report/", report_data())

    assert response.context["form"].errors["url"] == [
        "This link is already on your page."
    ]
    assert ReportLink.objects.count() == 1


def test_an_editor_is_refused_the_providers_area(client, editor):
    client.force_login(editor)

    assert client.get("/account/").status_code == 403


def test_answering_a_concern_twice_records_one_answer(provider_client, signatory):
    concern = forward_concern(signatory)
    data = {"response_url": "https://acme.example.org/answer", "responded_on": today()}
    provider_client.post(f"/account/concerns/{concern.pk}/", data)
    logged = PageLogEntry.objects.count()

    response = provider_client.post(
        f"/account/concerns/{concern.pk}/",
        {**data, "response_url": "https://acme.example.org/other"},
    )

    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.response_url == "https://acme.example.org/answer"
    assert PageLogEntry.objects.count() == logged


def suspend(page):
    from duq_workflow.engine import actions

    actions.perform(
        reporting(page), "suspend", None, reason="test", skip_permission_check=True
    )


def test_a_report_lifts_a_suspension_and_says_so(provider_client, signatory):
    suspend(signatory)

    response = provider_client.post("/account/report/", report_data())

    assert reporting(signatory).state == "active"
    assert "The suspension notice has been taken off." in messages_of(response)[0]


def test_an_old_report_does_not_claim_to_lift_a_suspension(provider_client, signatory):
    suspend(signatory)
    old = signatory.signed_up_on - dt.timedelta(days=10)

    response = provider_client.post(
        "/account/report/", report_data(published_on=old.isoformat())
    )

    assert reporting(signatory).state == "suspended"
    message = messages_of(response)[0]
    assert "does not count as your latest report" in message
    assert "The suspension notice stays" in message
    assert "taken off" not in message


def test_a_suspended_provider_is_told_an_interim_update_cannot_help(
    provider_client, signatory
):
    suspend(signatory)

    html = provider_client.get("/account/interim/").content.decode()

    assert "an interim update cannot help" in html
    assert 'name="full_report_promised_on"' not in html


def test_a_withdrawn_provider_cannot_link_reports(provider_client, signatory):
    from duq_workflow.engine import actions

    actions.perform(
        reporting(signatory), "withdraw", None, reason="x", skip_permission_check=True
    )

    response = provider_client.post("/account/report/", report_data())

    assert "no longer signed up" in response.context["form"].non_field_errors()[0]
    assert not ReportLink.objects.exists()


def test_the_provider_reads_what_it_was_told_of_the_concern(
    provider_client, signatory, django_capture_on_commit_callbacks
):
    from duq_workflow.models import OutboxEmail

    concern = Concern(
        page=signatory,
        received_on=today(),
        summary="A parent told us her son was not let out for a week.",
        forwarded_on=today(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        concern = services.record_concern(concern)

    page = provider_client.get(f"/account/concerns/{concern.pk}/").content.decode()
    assert "A parent told us her son was not let out for a week." in page
    assert "Date you published it" in page
    email = OutboxEmail.objects.get(kind="concern_forwarded")
    assert (
        "What we were told:\nA parent told us her son was not let out for a week.\n"
    ) in email.body
